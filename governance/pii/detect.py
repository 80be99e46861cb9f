"""Classifying a column as personal data from its name and its sampled values.

A kind is suggested when the values show it (a share of the non-null sampled values passes the
kind's validator, with check digits where the format has them) and nothing in the names says
otherwise (an order number that passes Luhn, a server's IP address, a version string that reads as
an IPv4 address, role mailboxes, masked or hashed values); or when the name says it and the values
do not contradict it (a date of birth is only ever recognised with its name: dates of events look
the same). Free text and JSON columns are personal when a few of their values hold an e-mail
address, a card number, an IBAN or a self-checking national identifier.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from governance.pii import checks, lexicon
from governance.pii.names import COMPANY_SUFFIXES, FAMILY, GIVEN, STREET_WORDS

KINDS = (
    "email", "phone", "national_id", "payment_card", "iban",
    "ip_address", "date_of_birth", "person_name", "address",
)  # fmt: skip
VALUE_SHARE = 0.6  # of non-null sampled values: a column of mostly-valid values
TEXT_SHARE = 0.02  # in free text: at least this share of rows…
TEXT_MIN_ROWS = 2  # …and this many rows hold the kind
MAX_VALUE_CHARS = 2000
HASHED = re.compile(r"^(?:[0-9a-f]{32}|[0-9a-f]{40}|[0-9a-f]{64}|\$2[aby]\$.{56})$", re.IGNORECASE)
MASKED = re.compile(r"[*xX#•]{3,}|^tok_|^pm_|^\w{2,6}_[A-Za-z0-9]{12,}$")


@dataclass(frozen=True)
class ColumnInfo:
    schema: str
    table: str
    column: str
    data_type: str = ""
    comment: str = ""
    values: Sequence[object | None] = ()
    table_columns: Sequence[str] = ()


@dataclass(frozen=True)
class Suggestion:
    kind: str
    confidence: float
    evidence: dict = field(default_factory=dict)


def detect(column: ColumnInfo) -> Suggestion | None:
    values = [str(v)[:MAX_VALUE_CHARS] for v in column.values if v is not None and str(v).strip() != ""]
    named = lexicon.kinds_named(column.column)
    if lexicon.says_not_personal(column.column) or lexicon.says_not_personal(column.comment):
        named = set()
        if not lexicon.free_text(column.column, column.data_type):
            return None
    if values and _mostly_masked(values):
        return None  # hashed, tokenised or masked: the personal data is not here
    if values and lexicon.free_text(column.column, column.data_type) and not named:
        return _in_free_text(values)
    for kind in ("iban", "payment_card", "email", "national_id", "ip_address", "phone"):
        found = _by_values(kind, values, column, named)
        if found:
            return found
    return _by_name(named, values, column)


def detect_table(columns: Sequence[ColumnInfo]) -> list[Suggestion | None]:
    return [detect(column) for column in columns]


def _share(values: list[str], check, floor: float = 0.0) -> tuple[int, float]:
    """(values passing `check`, their share). Counting stops as soon as the share can no longer
    reach `floor` (the smallest the caller accepts): the share returned is then below it, which is
    all the caller asks. Most columns are no kind at all, and every kind is tried on them."""
    if not values:
        return 0, 0.0
    allowed_misses = len(values) - math.ceil(floor * len(values) - 1e-9)
    matched = misses = 0
    for value in values:
        if check(value):
            matched += 1
        else:
            misses += 1
            if misses > allowed_misses:
                break
    return matched, matched / len(values)


def _evidence(rule: str, matched: int, values: list[str], named: set[str], kind: str) -> dict:
    evidence = {
        "rule": rule,
        "matched": matched,
        "sampled": len(values),
        "share": round(matched / len(values), 3),
    }
    if kind in named:
        evidence["name"] = True
    return evidence


def _mostly_masked(values: list[str]) -> bool:
    hidden = sum(1 for value in values if HASHED.match(value.strip()) or MASKED.search(value))
    return hidden / len(values) >= 0.8


def _by_values(kind: str, values: list[str], column: ColumnInfo, named: set[str]) -> Suggestion | None:
    if not values:
        return None
    if kind == "email":
        matched, share = _share(values, checks.is_email, VALUE_SHARE)
        if share < VALUE_SHARE:
            return None
        roles = sum(1 for value in values if checks.is_email(value) and checks.is_role_mailbox(value))
        if roles / matched > 0.8:
            return None  # noc@, support@: mailboxes of teams, not of people
        return Suggestion(
            kind, 0.97 if kind in named else 0.9, _evidence("email_format", matched, values, named, kind)
        )
    if kind == "payment_card":
        matched, share = _share(values, checks.is_payment_card, VALUE_SHARE)
        if share >= VALUE_SHARE:
            return Suggestion(kind, 0.97, _evidence("card_iin_luhn", matched, values, named, kind))
        return None
    if kind == "iban":
        matched, share = _share(values, checks.is_iban, VALUE_SHARE)
        if share >= VALUE_SHARE:
            return Suggestion(kind, 0.98, _evidence("iban_mod97", matched, values, named, kind))
        return None
    if kind == "national_id":
        matched, share = _share(values, checks.is_strong_national_id, VALUE_SHARE)
        if share >= VALUE_SHARE:
            return Suggestion(kind, 0.95, _evidence("national_id_check", matched, values, named, kind))
        if kind in named:
            # Named as one, the format is enough for identifiers without a check digit: test data
            # often uses SSNs from the never-issued 9xx range.
            either = lambda v: (  # noqa: E731
                checks.is_strong_national_id(v) or checks.is_weak_national_id(v) or checks.ssn_format(v)
            )
            matched, share = _share(values, either, VALUE_SHARE)
            if share >= VALUE_SHARE:
                return Suggestion(kind, 0.95, _evidence("national_id_check", matched, values, named, kind))
        return None
    if kind == "ip_address":
        matched, share = _share(values, checks.is_ip, VALUE_SHARE)
        if share < VALUE_SHARE:
            return None
        if lexicon.about_machines(column.table, column.column, column.schema) or re.search(
            r"version|release|build", column.column, re.I
        ):
            return None  # a server's address, or a version string: not a person's
        return Suggestion(
            kind, 0.9 if kind in named else 0.8, _evidence("ip_parse", matched, values, named, kind)
        )
    if kind == "phone":
        matched, share = _share(values, checks.is_phone, VALUE_SHARE)
        if share >= VALUE_SHARE and (kind in named or share >= 0.9 and _phone_shaped(values)):
            return Suggestion(
                kind, 0.95 if kind in named else 0.8, _evidence("phone_format", matched, values, named, kind)
            )
        return None
    return None


def _phone_shaped(values: list[str]) -> bool:
    """Without a name saying phone, only unmistakable phone formatting: +country or (area)."""
    shaped = sum(1 for value in values if value.strip().startswith("+") or "(" in value)
    return shaped / len(values) >= 0.8


def _by_name(named: set[str], values: list[str], column: ColumnInfo) -> Suggestion | None:
    if "date_of_birth" in named:
        if not values:
            return Suggestion("date_of_birth", 0.7, {"rule": "name", "sampled": 0})
        matched, share = _share(values, checks.plausible_birth_date, VALUE_SHARE)
        if share >= VALUE_SHARE:
            return Suggestion(
                "date_of_birth", 0.95, _evidence("birth_date", matched, values, named, "date_of_birth")
            )
        return None
    if "person_name" in named or _generic_person_name(column):
        if not values:
            return Suggestion("person_name", 0.7, {"rule": "name", "sampled": 0}) if named else None
        matched, share = _share(values, _looks_like_person, 0.5)
        if share >= 0.5:
            return Suggestion(
                "person_name", 0.9, _evidence("name_lists", matched, values, named, "person_name")
            )
        return None
    if not named and values:
        matched, share = _share(values, _looks_like_person, 0.7)
        if share >= 0.7 and not lexicon.free_text(column.column, column.data_type):
            return Suggestion(
                "person_name", 0.75, _evidence("name_lists", matched, values, named, "person_name")
            )
    if "address" in named or (values and not named):
        if not values:
            return Suggestion("address", 0.7, {"rule": "name", "sampled": 0}) if named else None
        threshold = 0.5 if "address" in named else 0.7
        matched, share = _share(values, _looks_like_street, threshold)
        if share >= threshold:
            return Suggestion("address", 0.9, _evidence("street_words", matched, values, named, "address"))
    for kind in ("email", "phone", "national_id", "payment_card", "iban", "ip_address"):
        if kind in named and not values:
            return Suggestion(kind, 0.7, {"rule": "name", "sampled": 0})
    return None


def _generic_person_name(column: ColumnInfo) -> bool:
    """`name` in a table of people (customers.name), not in one of products or companies."""
    return lexicon.words(column.column) in (
        ["name"],
        ["nombre"],
        ["nom"],
        ["naam"],
        ["nome"],
    ) and lexicon.about_people(column.table)


def _looks_like_person(value: str) -> bool:
    parts = [p for p in re.split(r"[\s,]+", value.strip().lower()) if p]
    if not 1 <= len(parts) <= 4 or any(p.strip(".") in COMPANY_SUFFIXES for p in parts):
        return False
    if any(any(ch.isdigit() for ch in p) for p in parts):
        return False
    return any(p.strip(".'-") in GIVEN or p.strip(".'-") in FAMILY for p in parts)


def _looks_like_street(value: str) -> bool:
    text = value.lower()
    tokens = re.findall(r"[a-zäöüßéèàçñ]+", text)
    has_number = bool(re.search(r"\d", text))
    suffixes = ("strasse", "straße", "straat", "weg")
    return has_number and any(t in STREET_WORDS or t.endswith(suffixes) for t in tokens)


_TEXT_KINDS = [
    ("email", checks.EMAIL_IN_TEXT),
    ("payment_card", re.compile(r"\b(?:\d[ -]?){13,19}\b")),
    ("iban", re.compile(r"\b[A-Z]{2}\d{2}(?:\s?[A-Z0-9]{4}){2,7}(?:\s?[A-Z0-9]{1,4})?\b")),
    ("national_id", re.compile(r"\b\d{3}-\d{2}-\d{4}\b|\b[A-Z]{6}\d{2}[A-Z]\d{2}[A-Z]\d{3}[A-Z]\b")),
    ("phone", re.compile(r"\+\d{1,3}[\s-]?\(?\d{1,4}\)?(?:[\s-]?\d{2,4}){2,4}")),
]
_TEXT_VALIDATORS = {
    "email": lambda s: not checks.is_role_mailbox(s),
    "payment_card": checks.is_payment_card,
    "iban": checks.is_iban,
    "national_id": checks.is_strong_national_id,
    "phone": checks.is_phone,
}


def _in_free_text(values: list[str]) -> Suggestion | None:
    for kind, pattern in _TEXT_KINDS:
        rows = 0
        for value in values:
            if any(_TEXT_VALIDATORS[kind](match.group(0).strip()) for match in pattern.finditer(value)):
                rows += 1
        if rows >= TEXT_MIN_ROWS and rows / len(values) >= TEXT_SHARE:
            evidence = {"rule": f"{kind}_in_text", "matched": rows, "sampled": len(values),
                        "share": round(rows / len(values), 3)}  # fmt: skip
            return Suggestion(kind, 0.8, evidence)
    return None
