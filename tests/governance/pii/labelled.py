# ruff: noqa: E501 - a table of columns reads best one per line
"""A labelled set of columns for PII detection: each column's label is what its generator means it
to hold (never what the detector says), with the traps a real catalog has: look-alikes that pass
checksums, masked and hashed values, role mailboxes, servers' addresses, event dates, company
names, free text with a few personal values, mostly-NULL columns, names in several languages."""

from __future__ import annotations

import hashlib
import random
import string
from dataclasses import dataclass

from governance.pii import ColumnInfo

GIVEN = [
    "Maria",
    "John",
    "Sophie",
    "Luca",
    "Ana",
    "Hans",
    "Emma",
    "Pedro",
    "Fatima",
    "Wei",
    "Olivia",
    "Pierre",
    "Giulia",
    "Jan",
    "Carmen",
    "Thomas",
]
FAMILY = [
    "Garcia",
    "Smith",
    "Dubois",
    "Rossi",
    "Muller",
    "Silva",
    "Jansen",
    "Khan",
    "Wang",
    "Martin",
    "Lopez",
    "Schmidt",
    "Bianchi",
    "Visser",
]
DOMAINS = ["example.com", "mail.example.org", "corp.example.net", "uni.example.edu"]
STREETS = [
    "Main Street",
    "Oak Avenue",
    "rue de la Paix",
    "Calle Mayor",
    "Hauptstraße",
    "Via Roma",
    "Kerkstraat",
    "Rua Augusta",
    "Elm Road",
    "Maple Drive",
]
COMPANIES = [
    "Acme Inc",
    "Globex Corp",
    "Initech LLC",
    "Umbrella GmbH",
    "Stark Industries",
    "Wayne Holdings",
    "Tyrell Corporation",
    "Soylent SA",
]


@dataclass(frozen=True)
class Labelled:
    column: ColumnInfo
    kind: str | None


def luhn_complete(body: str) -> str:
    for check in "0123456789":
        number = body + check
        total = 0
        for index, char in enumerate(reversed(number)):
            n = int(char)
            if index % 2:
                n = n * 2 - 9 if n > 4 else n * 2
            total += n
        if total % 10 == 0:
            return number
    raise AssertionError


def card(rng) -> str:
    prefix, length = rng.choice(
        [("4", 16), ("51", 16), ("55", 16), ("2221", 16), ("34", 15), ("37", 15), ("6011", 16)]
    )
    body = prefix + "".join(rng.choice(string.digits) for _ in range(length - len(prefix) - 1))
    number = luhn_complete(body)
    return " ".join(number[i : i + 4] for i in range(0, len(number), 4)) if rng.random() < 0.5 else number


def iban(rng, country=None) -> str:
    country = country or rng.choice(["DE", "FR", "GB", "ES", "IT", "NL"])
    lengths = {"DE": 22, "FR": 27, "GB": 22, "ES": 24, "IT": 27, "NL": 18}
    if country == "GB":
        bban = "".join(rng.choice(string.ascii_uppercase) for _ in range(4)) + "".join(
            rng.choice(string.digits) for _ in range(14)
        )
    elif country == "NL":
        bban = "".join(rng.choice(string.ascii_uppercase) for _ in range(4)) + "".join(
            rng.choice(string.digits) for _ in range(10)
        )
    elif country == "IT":
        bban = rng.choice(string.ascii_uppercase) + "".join(rng.choice(string.digits) for _ in range(22))
    else:
        bban = "".join(rng.choice(string.digits) for _ in range(lengths[country] - 4))
    numeric = "".join(str(int(c, 36)) for c in bban + country + "00")
    check = 98 - int(numeric) % 97
    return f"{country}{check:02d}{bban}"


def rf_reference(rng) -> str:
    body = "".join(rng.choice(string.digits) for _ in range(12))
    numeric = "".join(str(int(c, 36)) for c in body + "RF00")
    return f"RF{98 - int(numeric) % 97:02d}{body}"


def ssn(rng) -> str:
    return f"{rng.randint(1, 665):03d}-{rng.randint(1, 99):02d}-{rng.randint(1, 9999):04d}"


def nino(rng) -> str:
    return (
        rng.choice("ABCEHJKLMNPRSTWXYZ")
        + rng.choice("ABCEHJKLMNPRSTWXYZ")
        + f"{rng.randint(0, 999999):06d}"
        + rng.choice("ABCD")
    )


def nir(rng) -> str:
    body = f"{rng.choice('12')}{rng.randint(40, 99):02d}{rng.randint(1, 12):02d}{rng.randint(1, 95):02d}{rng.randint(1, 999):03d}{rng.randint(1, 999):03d}"
    return body + f"{97 - int(body) % 97:02d}"


def steuer_id(rng) -> str:
    while True:
        digits = [rng.randint(1, 9)] + [rng.randint(0, 9) for _ in range(9)]
        product = 10
        for d in digits:
            total = (d + product) % 10 or 10
            product = (total * 2) % 11
        check = (11 - product) % 10
        return "".join(map(str, digits)) + str(check)


def dni(rng) -> str:
    number = rng.randint(10_000_000, 99_999_999)
    return f"{number}{'TRWAGMYFPDXBNJZSQVHLCKE'[number % 23]}"


_CF_ODD = [1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23]


def codice_fiscale(rng) -> str:
    letters = string.ascii_uppercase
    body = (
        "".join(rng.choice(letters) for _ in range(6))
        + f"{rng.randint(40, 99):02d}"
        + rng.choice("ABCDEHLMPRST")
        + f"{rng.randint(1, 71):02d}"
        + rng.choice(letters)
        + f"{rng.randint(100, 999):03d}"
    )
    total = 0
    for index, char in enumerate(body):
        n = int(char) if char.isdigit() else ord(char) - 65
        total += _CF_ODD[n] if index % 2 == 0 else n
    return body + chr(65 + total % 26)


def bsn(rng) -> str:
    while True:
        digits = [rng.randint(1, 9)] + [rng.randint(0, 9) for _ in range(7)]
        total = sum(d * w for d, w in zip(digits, range(9, 1, -1), strict=True))
        check = total % 11
        if check < 10:
            return "".join(map(str, digits)) + str(check)


def cpf(rng) -> str:
    digits = [rng.randint(0, 9) for _ in range(9)]
    for size in (9, 10):
        total = sum(d * w for d, w in zip(digits, range(size + 1, 1, -1), strict=True))
        digits.append(total * 10 % 11 % 10)
    s = "".join(map(str, digits))
    return f"{s[:3]}.{s[3:6]}.{s[6:9]}-{s[9:]}"


_VD = [
    [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
    [1, 2, 3, 4, 0, 6, 7, 8, 9, 5],
    [2, 3, 4, 0, 1, 7, 8, 9, 5, 6],
    [3, 4, 0, 1, 2, 8, 9, 5, 6, 7],
    [4, 0, 1, 2, 3, 9, 5, 6, 7, 8],
    [5, 9, 8, 7, 6, 0, 4, 3, 2, 1],
    [6, 5, 9, 8, 7, 1, 0, 4, 3, 2],
    [7, 6, 5, 9, 8, 2, 1, 0, 4, 3],
    [8, 7, 6, 5, 9, 3, 2, 1, 0, 4],
    [9, 8, 7, 6, 5, 4, 3, 2, 1, 0],
]
_VP = [
    [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
    [1, 5, 7, 6, 2, 8, 3, 0, 9, 4],
    [5, 8, 0, 3, 7, 9, 6, 1, 4, 2],
    [8, 9, 1, 6, 0, 4, 3, 5, 2, 7],
    [9, 4, 5, 3, 1, 2, 6, 8, 7, 0],
    [4, 2, 8, 6, 5, 7, 3, 9, 0, 1],
    [2, 7, 9, 3, 8, 0, 6, 4, 1, 5],
    [7, 0, 4, 6, 9, 1, 3, 2, 5, 8],
]
_VINV = [0, 4, 3, 2, 1, 5, 6, 7, 8, 9]


def aadhaar(rng) -> str:
    body = str(rng.randint(2, 9)) + "".join(str(rng.randint(0, 9)) for _ in range(10))
    check = 0
    for index, char in enumerate(reversed(body)):
        check = _VD[check][_VP[(index + 1) % 8][int(char)]]
    number = body + str(_VINV[check])
    return f"{number[:4]} {number[4:8]} {number[8:]}"


def sin(rng) -> str:
    return luhn_complete(str(rng.randint(1, 7)) + "".join(str(rng.randint(0, 9)) for _ in range(7)))


NATIONAL = [ssn, nino, nir, steuer_id, dni, codice_fiscale, bsn, cpf, aadhaar, sin]
NATIONAL_NAMES = {
    ssn: "ssn",
    nino: "nino",
    nir: "numero_secu",
    steuer_id: "steuer_id",
    dni: "dni",
    codice_fiscale: "codice_fiscale",
    bsn: "bsn",
    cpf: "cpf",
    aadhaar: "aadhaar_number",
    sin: "sin",
}


def phone(rng) -> str:
    return rng.choice(
        [
            lambda: f"+1 ({rng.randint(200, 989)}) {rng.randint(200, 999)}-{rng.randint(0, 9999):04d}",
            lambda: f"+44 20 {rng.randint(1000, 9999)} {rng.randint(1000, 9999)}",
            lambda: (
                f"0{rng.randint(6, 7)} {rng.randint(10, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)}"
            ),
            lambda: f"+49 30 {rng.randint(1000000, 9999999)}",
            lambda: f"{rng.randint(200, 989)}-{rng.randint(200, 999)}-{rng.randint(0, 9999):04d}",
            lambda: f"+34 6{rng.randint(10, 99)} {rng.randint(100, 999)} {rng.randint(100, 999)}",
        ]
    )()


def person(rng) -> str:
    return f"{rng.choice(GIVEN)} {rng.choice(FAMILY)}"


def email(rng) -> str:
    return (
        f"{rng.choice(GIVEN).lower()}.{rng.choice(FAMILY).lower()}{rng.randint(1, 99)}@{rng.choice(DOMAINS)}"
    )


def dob(rng) -> str:
    return f"{rng.randint(1940, 2010)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"


def address(rng) -> str:
    street = rng.choice(STREETS)
    return f"{rng.randint(1, 400)} {street}" if rng.random() < 0.6 else f"{street} {rng.randint(1, 400)}"


def ipv4(rng, private=False) -> str:
    if private:
        return f"10.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}"
    return f"{rng.randint(11, 223)}.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}"


def ipv6(rng) -> str:
    return "2001:db8:" + ":".join(f"{rng.randint(0, 65535):x}" for _ in range(6))


def _values(rng, make, n=60, nulls=0.0):
    return [None if rng.random() < nulls else make() for _ in range(n)]


def build(seed: int = 2026) -> list[Labelled]:
    rng = random.Random(seed)
    out: list[Labelled] = []

    def add(table, column, kind, make, *, schema="crm", data_type="text", nulls=0.0, n=60, siblings=()):
        values = _values(rng, make, n=n, nulls=nulls)
        out.append(Labelled(ColumnInfo(schema, table, column, data_type, "", values, tuple(siblings)), kind))

    people_tables = [
        "customers",
        "patients",
        "students",
        "employees",
        "clientes",
        "kunden",
        "clients",
        "pazienti",
        "klanten",
        "users",
    ]
    email_names = [
        "email",
        "email_address",
        "courriel",
        "correo_electronico",
        "e_mail",
        "contact_email",
        "mailadresse",
        "posta_elettronica",
        "emailadres",
        "user_email",
    ]
    phone_names = [
        "phone",
        "telefono",
        "telephone",
        "mobile",
        "telefon",
        "phone_number",
        "cellulare",
        "telefoonnummer",
        "celular",
        "tel",
    ]
    name_cols = [
        ("first_name", "last_name"),
        ("prenom", "nom"),
        ("nombre", "apellido"),
        ("vorname", "nachname"),
        ("nome", "cognome"),
        ("voornaam", "achternaam"),
    ]
    dob_names = [
        "date_of_birth",
        "dob",
        "birth_date",
        "geburtsdatum",
        "date_naissance",
        "fecha_nacimiento",
        "data_nascita",
        "geboortedatum",
        "birthday",
        "data_nascimento",
    ]
    addr_names = [
        "address",
        "street_address",
        "adresse",
        "direccion",
        "anschrift",
        "indirizzo",
        "endereco",
        "home_address",
        "billing_address",
        "adres",
    ]

    for index, table in enumerate(people_tables):
        add(table, email_names[index], "email", lambda: email(rng))
        add(table, phone_names[index], "phone", lambda: phone(rng))
        given, family = name_cols[index % len(name_cols)]
        add(table, given, "person_name", lambda: rng.choice(GIVEN))
        add(table, family, "person_name", lambda: rng.choice(FAMILY))
        add(table, dob_names[index], "date_of_birth", lambda: dob(rng), data_type="date")
        add(table, addr_names[index], "address", lambda: address(rng))
        add(
            table,
            "created_at",
            None,
            lambda: f"2026-{rng.randint(1, 11):02d}-{rng.randint(1, 28):02d}",
            data_type="date",
        )
        add(table, "status", None, lambda: rng.choice(["active", "closed", "pending"]))
        add(table, "id", None, lambda: str(rng.randint(1, 10**6)), data_type="integer")
        add(
            table, "city", None, lambda: rng.choice(["Paris", "Madrid", "Berlin", "Roma", "Lisboa", "Boston"])
        )
    for make in NATIONAL:
        add("people", NATIONAL_NAMES[make], "national_id", lambda make=make: make(rng))
        add(
            "people_ids",
            f"ident_{make.__name__}",
            "national_id",
            lambda make=make: make(rng),
        )
    for index in range(8):
        add(
            "payments",
            [
                "card_number",
                "credit_card",
                "tarjeta",
                "numero_carte",
                "kreditkarte",
                "pan",
                "cc_number",
                "card",
            ][index],
            "payment_card",
            lambda: card(rng),
            schema="billing",
        )
        add(
            "accounts",
            [
                "iban",
                "bank_account",
                "cuenta",
                "compte",
                "kontonummer",
                "rekeningnummer",
                "conto",
                "iban_code",
            ][index],
            "iban",
            lambda: iban(rng),
            schema="billing",
        )
        add(
            "sessions",
            [
                "ip_address",
                "client_ip",
                "remote_addr",
                "login_ip",
                "user_ip",
                "ip",
                "source_ip",
                "adresse_ip",
            ][index],
            "ip_address",
            lambda: ipv4(rng) if rng.random() < 0.8 else ipv6(rng),
            schema="web",
        )
    # Values alone, with names that say nothing.
    add("contacts", "value", "email", lambda: email(rng))
    add("contacts", "attr1", "payment_card", lambda: card(rng))
    add("contacts", "attr2", "iban", lambda: iban(rng))
    add("contacts", "attr3", "national_id", lambda: nino(rng))
    add("contacts", "attr4", "national_id", lambda: codice_fiscale(rng))
    add(
        "contacts",
        "attr5",
        "phone",
        lambda: (
            f"+33 6 {rng.randint(10, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)}"
        ),
    )
    add("visits", "visitor", "ip_address", lambda: ipv4(rng))
    add("members", "name", "person_name", lambda: person(rng))
    add("patients", "full_name", "person_name", lambda: person(rng))
    # Mostly NULL: judged on the few values there are.
    add("leads", "email", "email", lambda: email(rng), nulls=0.9, n=100)
    add("leads", "phone", "phone", lambda: phone(rng), nulls=0.85, n=100)
    add("leads", "birth_date", "date_of_birth", lambda: dob(rng), nulls=0.9, n=100)
    add("leads", "notes", None, lambda: "call back later", nulls=0.95, n=100)
    # Free text and JSON with a few personal values.
    notes = [
        "Customer asked about delivery",
        "Refund approved",
        "Call next week",
        "Prefers email",
        "Escalated to billing",
    ]
    add(
        "tickets",
        "notes",
        "email",
        lambda: rng.choice(notes) + (f" — reach me at {email(rng)}" if rng.random() < 0.1 else ""),
        schema="support",
    )
    add(
        "tickets",
        "comment",
        "national_id",
        lambda: rng.choice(notes) + (f" (SSN {ssn(rng)})" if rng.random() < 0.08 else ""),
        schema="support",
    )
    add(
        "events",
        "payload",
        "phone",
        lambda: (
            '{"event": "signup", "plan": "pro"}'
            if rng.random() > 0.1
            else f'{{"event": "signup", "phone": "{"+1 415 555 " + str(rng.randint(1000, 9999))}"}}'
        ),
        schema="web",
        data_type="jsonb",
    )
    add("tickets", "description", None, lambda: rng.choice(notes), schema="support")
    add(
        "events",
        "properties",
        None,
        lambda: f'{{"plan": "pro", "seats": {rng.randint(1, 50)}}}',
        schema="web",
        data_type="jsonb",
    )
    # Traps: look-alikes that are not personal data.
    add(
        "orders",
        "order_number",
        None,
        lambda: luhn_complete("4" + "".join(rng.choice(string.digits) for _ in range(14))),
        schema="sales",
    )
    add(
        "shipments",
        "tracking_number",
        None,
        lambda: luhn_complete("5" + "".join(rng.choice(string.digits) for _ in range(14))),
        schema="sales",
    )
    add("invoices", "payment_reference", None, lambda: rf_reference(rng), schema="billing")
    add("invoices", "structured_ref", None, lambda: rf_reference(rng), schema="billing")
    add(
        "releases",
        "app_version",
        None,
        lambda: f"{rng.randint(1, 9)}.{rng.randint(0, 20)}.{rng.randint(0, 9)}.{rng.randint(0, 99)}",
        schema="ops",
    )
    add("servers", "ip_address", None, lambda: ipv4(rng, private=True), schema="infra")
    add("hosts", "public_ip", None, lambda: ipv4(rng), schema="infra")
    add("nodes", "address", None, lambda: ipv4(rng, private=True), schema="infra")
    add(
        "teams",
        "support_email",
        None,
        lambda: f"{rng.choice(['noc', 'support', 'ops', 'alerts', 'billing'])}@{rng.choice(DOMAINS)}",
        schema="ops",
    )
    add("suppliers", "company_name", None, lambda: rng.choice(COMPANIES), schema="sales")
    add("vendors", "name", None, lambda: rng.choice(COMPANIES), schema="sales")
    add(
        "products",
        "name",
        None,
        lambda: rng.choice(["Widget", "Gadget Pro", "Sprocket", "Gizmo XL"]),
        schema="sales",
    )
    add(
        "customers_hashed",
        "email_sha256",
        None,
        lambda: hashlib.sha256(email(rng).encode()).hexdigest(),
        schema="mart",
    )
    add("customers_masked", "ssn_masked", None, lambda: f"***-**-{rng.randint(0, 9999):04d}", schema="mart")
    add(
        "customers_masked",
        "card_last4",
        None,
        lambda: f"**** **** **** {rng.randint(0, 9999):04d}",
        schema="mart",
    )
    add(
        "tokens",
        "card_token",
        None,
        lambda: "tok_" + "".join(rng.choice(string.ascii_letters + string.digits) for _ in range(24)),
        schema="billing",
    )
    add("orders", "order_date", None, lambda: dob(rng), schema="sales", data_type="date")
    add(
        "orders",
        "shipped_at",
        None,
        lambda: f"2026-{rng.randint(1, 11):02d}-{rng.randint(1, 28):02d}",
        schema="sales",
        data_type="date",
    )
    add("events", "event_date", None, lambda: dob(rng), schema="web", data_type="date")
    add(
        "providers",
        "npi",
        None,
        lambda: luhn_complete("80840" + "".join(rng.choice(string.digits) for _ in range(9)))[5:],
        schema="health",
    )
    add("accounts", "account_id", None, lambda: str(rng.randint(10**8, 10**9 - 1)), schema="billing")
    add("orders", "amount", None, lambda: f"{rng.uniform(1, 999):.2f}", schema="sales", data_type="numeric")
    add("orders", "zip", None, lambda: f"{rng.randint(10000, 99999)}", schema="sales")
    add("orders", "country", None, lambda: rng.choice(["FR", "DE", "ES", "US"]), schema="sales")
    add("products", "sku", None, lambda: "SKU-" + str(rng.randint(10000, 99999)), schema="sales")
    add(
        "products",
        "barcode",
        None,
        lambda: luhn_complete("".join(rng.choice(string.digits) for _ in range(12))),
        schema="sales",
    )
    add("metrics", "value", None, lambda: str(rng.randint(0, 10**9)), schema="ops")
    add("metrics", "host", None, lambda: f"web-{rng.randint(1, 99)}.internal", schema="ops")
    add("orders", "channel", None, lambda: rng.choice(["web", "store", "phone"]), schema="sales")
    add("users_log", "user_agent", None, lambda: "Mozilla/5.0 (X11; Linux x86_64)", schema="web")
    # A few more plain non-personal columns per table of people, for the balance a real catalog has.
    for table in people_tables:
        add(
            table,
            "updated_at",
            None,
            lambda: f"2026-{rng.randint(1, 11):02d}-{rng.randint(1, 28):02d}",
            data_type="timestamp",
        )
        add(table, "country_code", None, lambda: rng.choice(["FR", "DE", "ES", "US", "IT"]))
        add(table, "score", None, lambda: str(rng.randint(0, 100)), data_type="integer")
        add(table, "segment", None, lambda: rng.choice(["gold", "silver", "bronze"]))
        add(table, "is_active", None, lambda: rng.choice(["true", "false"]), data_type="boolean")
    # A second population of people, named in other ways, with their neighbours.
    more = [
        ("alumnos", "correo", "movil", "nombre_completo", "fecha_de_nacimiento", "domicilio"),
        ("personnes", "adresse_email", "portable", "nom_famille", "naissance", "adresse_postale"),
        ("mitarbeiter", "email", "handy", "familienname", "geburtstag", "strasse"),
        ("borrowers", "mail", "cell_phone", "family_name", "birthdate", "mailing_address"),
        ("passengers", "contact_mail", "phone_no", "surname", "born_on", "residence_address"),
        ("subscribers", "email_addr", "msisdn", "given_name", "dob", "shipping_address"),
    ]
    for table, mail, tel, who, born, home in more:
        add(table, mail, "email", lambda: email(rng))
        add(table, tel, "phone", lambda: phone(rng))
        add(
            table,
            who,
            "person_name",
            lambda who=who: (
                rng.choice(FAMILY) if "famil" in who or "sur" in who or who.startswith("nom") else person(rng)
            ),
        )
        add(table, born, "date_of_birth", lambda: dob(rng), data_type="date")
        add(table, home, "address", lambda: address(rng))
        add(
            table,
            "signup_date",
            None,
            lambda: f"2025-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
            data_type="date",
        )
        add(table, "plan", None, lambda: rng.choice(["free", "pro", "team"]))
        add(table, "balance", None, lambda: f"{rng.uniform(0, 5000):.2f}", data_type="numeric")
        add(
            table,
            "referrer_code",
            None,
            lambda: "".join(rng.choice(string.ascii_uppercase) for _ in range(8)),
        )
        add(table, "language", None, lambda: rng.choice(["en", "fr", "es", "de"]))
    return out
