# ruff: noqa: E501 - word lists and tables read best as long lines
"""Value validators: formats with their check digits where they have them. Pure functions."""

from __future__ import annotations

import ipaddress
import re
from datetime import date, datetime

# Compiled once: the detector runs these over every sampled value of every column.
NON_DIGIT = re.compile(r"\D")
SPACE_OR_DASH = re.compile(r"[\s-]")
IBAN_SHAPE = re.compile(r"[A-Z]{2}\d{2}[A-Z0-9]{8,30}")
PHONE_SEPARATOR = re.compile(r"[\s().-]")
SSN_DASHED = re.compile(r"\d{3}-\d{2}-\d{4}")
SPACE = re.compile(r"\s")
FR_NIR_SHAPE = re.compile(r"[12]\d{4}(\d{2}|2A|2B)\d{6}\d{2}")
DE_STEUER_ID_SHAPE = re.compile(r"[1-9]\d{10}")
ES_DNI_SHAPE = re.compile(r"([XYZ]?)(\d{7,8})([A-Z])")
IT_CF_SHAPE = re.compile(r"[A-Z]{6}\d{2}[A-EHLMPR-T]\d{2}[A-Z]\d{3}[A-Z]")
NL_BSN_SHAPE = re.compile(r"[\d.\s]{9,11}")
BR_CPF_SHAPE = re.compile(r"\d{3}\.?\d{3}\.?\d{3}-?\d{2}")
IN_AADHAAR_SHAPE = re.compile(r"[2-9]\d{3}\s?\d{4}\s?\d{4}")
CA_SIN_SHAPE = re.compile(r"\d{3}[ -]?\d{3}[ -]?\d{3}")
EMAIL = re.compile(r"^[A-Za-z0-9._%+'-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,24}$")
EMAIL_IN_TEXT = re.compile(r"[A-Za-z0-9._%+'-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,24}")
ROLE_MAILBOXES = {"noc", "support", "info", "admin", "sales", "contact", "help", "noreply", "no-reply",
                  "postmaster", "abuse", "webmaster", "billing", "security", "ops", "team", "hello", "office",
                  "hr", "jobs", "marketing", "press", "root", "devops", "alerts", "service", "accounts"}  # fmt: skip


def is_email(value: str) -> bool:
    return bool(EMAIL.match(value))


def is_role_mailbox(value: str) -> bool:
    return value.split("@", 1)[0].lower() in ROLE_MAILBOXES


def digits(value: str) -> str:
    return NON_DIGIT.sub("", value)


def luhn(number: str) -> bool:
    if not number.isdigit() or len(number) < 2:
        return False
    total = 0
    for index, char in enumerate(reversed(number)):
        n = int(char)
        if index % 2:
            n = n * 2 - 9 if n > 4 else n * 2
        total += n
    return total % 10 == 0


CARD = re.compile(r"^\d{4}([ -]?)\d{4}\1\d{4}\1\d{1,7}$|^\d{4}[ -]?\d{6}[ -]?\d{5}$|^\d{13,19}$")


def is_payment_card(value: str) -> bool:
    if not CARD.match(value.strip()):
        return False
    number = digits(value)
    n = len(number)
    prefix2, prefix4 = int(number[:2]), int(number[:4])
    network = (
        (number[0] == "4" and n in (13, 16, 19))
        or (51 <= prefix2 <= 55 and n == 16)
        or (2221 <= prefix4 <= 2720 and n == 16)
        or (prefix2 in (34, 37) and n == 15)
        or (
            (number.startswith("6011") or number.startswith("65") or 644 <= int(number[:3]) <= 649)
            and n == 16
        )
        or (3528 <= prefix4 <= 3589 and n == 16)
        or (prefix2 in (36, 38, 30) and n == 14)
    )
    return network and luhn(number)


IBAN_LENGTHS = {
    "AD": 24, "AE": 23, "AL": 28, "AT": 20, "AZ": 28, "BA": 20, "BE": 16, "BG": 22, "BH": 22, "BR": 29, "CH": 21,
    "CR": 22, "CY": 28, "CZ": 24, "DE": 22, "DK": 18, "DO": 28, "EE": 20, "EG": 29, "ES": 24, "FI": 18, "FO": 18,
    "FR": 27, "GB": 22, "GE": 22, "GI": 23, "GL": 18, "GR": 27, "GT": 28, "HR": 21, "HU": 28, "IE": 22, "IL": 23,
    "IS": 26, "IT": 27, "JO": 30, "KW": 30, "KZ": 20, "LB": 28, "LI": 21, "LT": 20, "LU": 20, "LV": 21, "MC": 27,
    "MD": 24, "ME": 22, "MK": 19, "MR": 27, "MT": 31, "MU": 30, "NL": 18, "NO": 15, "PK": 24, "PL": 28, "PS": 29,
    "PT": 25, "QA": 29, "RO": 24, "RS": 22, "SA": 24, "SE": 24, "SI": 19, "SK": 24, "SM": 27, "TN": 24, "TR": 26,
    "UA": 29, "VG": 24, "XK": 20,
}  # fmt: skip


def mod97(text: str) -> int:
    rearranged = text[4:] + text[:4]
    number = "".join(str(int(char, 36)) for char in rearranged)
    return int(number) % 97


def is_iban(value: str) -> bool:
    compact = SPACE_OR_DASH.sub("", value).upper()
    if not IBAN_SHAPE.fullmatch(compact):
        return False
    if IBAN_LENGTHS.get(compact[:2]) != len(compact):
        return False
    return mod97(compact) == 1


def is_ip(value: str) -> bool:
    text = value.strip()
    if not text or len(text) > 45:
        return False
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True


PHONE = re.compile(r"^\+?[\d\s().-]{7,22}$")


def is_phone(value: str) -> bool:
    text = value.strip()
    if not PHONE.match(text):
        return False
    number = digits(text)
    if not 7 <= len(number) <= 15:
        return False
    # Formatting a person would type: a +country prefix, separators or brackets, or a leading 0.
    return text.startswith("+") or bool(PHONE_SEPARATOR.search(text)) or text.startswith("0")


# --- national identifiers, by country ---------------------------------------------------------------

_SSN = re.compile(r"^(\d{3})-?(\d{2})-?(\d{4})$")


def is_us_ssn(value: str) -> bool:
    match = _SSN.match(value.strip())
    if not match:
        return False
    area, group, serial = match.groups()
    return area not in ("000", "666") and area[0] != "9" and group != "00" and serial != "0000"


_NINO = re.compile(
    r"^(?!BG|GB|NK|KN|TN|NT|ZZ)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]\s?\d{2}\s?\d{2}\s?\d{2}\s?[A-D]$"
)


def ssn_format(value: str) -> bool:
    return bool(SSN_DASHED.fullmatch(value.strip()))


def is_uk_nino(value: str) -> bool:
    return bool(_NINO.match(value.strip().upper()))


def is_fr_nir(value: str) -> bool:
    number = SPACE.sub("", value.strip()).upper()
    if not FR_NIR_SHAPE.fullmatch(number):
        return False
    body = number[:13].replace("2A", "19").replace("2B", "18")
    return 97 - int(body) % 97 == int(number[13:])


def is_de_steuer_id(value: str) -> bool:
    number = SPACE.sub("", value.strip())
    if not DE_STEUER_ID_SHAPE.fullmatch(number):
        return False
    product = 10
    for char in number[:10]:
        total = (int(char) + product) % 10 or 10
        product = (total * 2) % 11
    return (11 - product) % 10 == int(number[10])


_DNI_LETTERS = "TRWAGMYFPDXBNJZSQVHLCKE"


def is_es_dni(value: str) -> bool:
    text = SPACE_OR_DASH.sub("", value.strip()).upper()
    match = ES_DNI_SHAPE.fullmatch(text)
    if not match:
        return False
    prefix, number, letter = match.groups()
    if prefix:
        number = str("XYZ".index(prefix)) + number
    return len(number) == 8 and _DNI_LETTERS[int(number) % 23] == letter


_CF_ODD = [1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23]


def is_it_codice_fiscale(value: str) -> bool:
    text = value.strip().upper()
    if not IT_CF_SHAPE.fullmatch(text):
        return False
    total = 0
    for index, char in enumerate(text[:15]):
        n = int(char) if char.isdigit() else ord(char) - 65
        total += _CF_ODD[n] if index % 2 == 0 else n
    return chr(65 + total % 26) == text[15]


def is_nl_bsn(value: str) -> bool:
    number = digits(value) if NL_BSN_SHAPE.fullmatch(value.strip()) else ""
    if len(number) != 9:
        return False
    total = sum(int(d) * w for d, w in zip(number[:8], range(9, 1, -1), strict=True)) - int(number[8])
    return total % 11 == 0 and total > 0


def is_br_cpf(value: str) -> bool:
    if not BR_CPF_SHAPE.fullmatch(value.strip()):
        return False
    number = digits(value)
    if len(set(number)) == 1:
        return False
    for size in (9, 10):
        total = sum(int(d) * w for d, w in zip(number[:size], range(size + 1, 1, -1), strict=True))
        if (total * 10 % 11) % 10 != int(number[size]):
            return False
    return True


_VD = [
    [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 2, 3, 4, 0, 6, 7, 8, 9, 5], [2, 3, 4, 0, 1, 7, 8, 9, 5, 6],
    [3, 4, 0, 1, 2, 8, 9, 5, 6, 7], [4, 0, 1, 2, 3, 9, 5, 6, 7, 8], [5, 9, 8, 7, 6, 0, 4, 3, 2, 1],
    [6, 5, 9, 8, 7, 1, 0, 4, 3, 2], [7, 6, 5, 9, 8, 2, 1, 0, 4, 3], [8, 7, 6, 5, 9, 3, 2, 1, 0, 4],
    [9, 8, 7, 6, 5, 4, 3, 2, 1, 0],
]  # fmt: skip
_VP = [
    [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 5, 7, 6, 2, 8, 3, 0, 9, 4], [5, 8, 0, 3, 7, 9, 6, 1, 4, 2],
    [8, 9, 1, 6, 0, 4, 3, 5, 2, 7], [9, 4, 5, 3, 1, 2, 6, 8, 7, 0], [4, 2, 8, 6, 5, 7, 3, 9, 0, 1],
    [2, 7, 9, 3, 8, 0, 6, 4, 1, 5], [7, 0, 4, 6, 9, 1, 3, 2, 5, 8],
]  # fmt: skip


def verhoeff(number: str) -> bool:
    check = 0
    for index, char in enumerate(reversed(number)):
        check = _VD[check][_VP[index % 8][int(char)]]
    return check == 0


def is_in_aadhaar(value: str) -> bool:
    text = value.strip()
    if not IN_AADHAAR_SHAPE.fullmatch(text):
        return False
    return verhoeff(digits(text))


def is_ca_sin(value: str) -> bool:
    text = value.strip()
    return bool(CA_SIN_SHAPE.fullmatch(text)) and text[0] not in "08" and luhn(digits(text))


# Self-checking identifiers: a random string almost never passes one of these by chance.
STRONG_NATIONAL_IDS = [is_uk_nino, is_fr_nir, is_de_steuer_id, is_es_dni, is_it_codice_fiscale, is_br_cpf,
                       is_in_aadhaar]  # fmt: skip
# Weak ones pass by chance (a 9-digit number is a valid-looking SSN, 1 in 10 passes Luhn or 11-proof):
# they count only when the column's name says national identifier.
WEAK_NATIONAL_IDS = [is_us_ssn, is_nl_bsn, is_ca_sin]


def is_strong_national_id(value: str) -> bool:
    """A self-checking identifier, or a US SSN written with its dashes (AAA-GG-SSSS)."""
    if any(check(value) for check in STRONG_NATIONAL_IDS):
        return True
    return bool(SSN_DASHED.fullmatch(value.strip())) and is_us_ssn(value)


def is_weak_national_id(value: str) -> bool:
    return any(check(value) for check in WEAK_NATIONAL_IDS)


# --- dates -----------------------------------------------------------------------------------------------

_DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%m/%d/%Y", "%d.%m.%Y", "%Y/%m/%d", "%d-%m-%Y")


def as_date(value) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()[:10]
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


def plausible_birth_date(value, today: date | None = None) -> bool:
    found = as_date(value)
    if found is None:
        return False
    today = today or date.today()
    age = (today - found).days / 365.25
    return 0 <= age <= 120
