# ruff: noqa: E501 - word lists and tables read best as long lines
"""Column-name words that say what a column holds, in several languages, and words that say it is
not personal (an order number, a server's address). Names are split into lower-case words."""

import re

KIND_WORDS = {
    "email": {"email", "e_mail", "mail", "emailaddress", "courriel", "correo", "correo_electronico", "posta",
              "posta_elettronica", "e_posta", "mailadresse", "epost", "emailadres"},
    "phone": {"phone", "telephone", "tel", "mobile", "cell", "cellphone", "phonenumber", "telefono", "telefone",
              "telefon", "portable", "movil", "celular", "handy", "telefoonnummer", "cellulare", "fax", "msisdn",
              "telefonnummer", "numero_telephone"},
    "national_id": {"ssn", "social_security", "socialsecurity", "national_id", "nationalid", "nino", "nir",
                    "insee", "steuer_id", "steuerid", "steueridentifikationsnummer", "dni", "nie", "nif",
                    "codice_fiscale", "codicefiscale", "bsn", "burgerservicenummer", "cpf", "aadhaar", "sin",
                    "passport", "passport_number", "id_number", "idnumber", "tax_id", "personnummer",
                    "numero_secu", "securite_sociale", "sozialversicherungsnummer", "pesel", "curp", "rut",
                    "identity_number", "national_number", "citizen_id", "numero_identite"},
    "payment_card": {"card", "card_number", "cardnumber", "credit_card", "creditcard", "cc", "ccnum", "pan",
                     "tarjeta", "carte", "carte_bancaire", "kreditkarte", "carta", "kaartnummer", "numero_carte"},
    "iban": {"iban", "bank_account", "account_number", "rekeningnummer", "kontonummer", "conto", "cuenta",
             "compte", "bankaccount"},
    "ip_address": {"ip", "ip_address", "ipaddress", "ip_addr", "client_ip", "remote_addr", "remote_ip", "ipv4",
                   "ipv6", "source_ip", "user_ip", "login_ip", "adresse_ip", "direccion_ip"},
    "date_of_birth": {"dob", "birth", "birthdate", "birth_date", "date_of_birth", "birthday", "born",
                      "geburtsdatum", "geburtstag", "naissance", "date_naissance", "date_de_naissance",
                      "fecha_nacimiento", "nacimiento", "data_nascita", "nascita", "geboortedatum",
                      "data_nascimento", "nascimento", "bday", "d_o_b", "fecha_de_nacimiento"},
    "person_name": {"first_name", "firstname", "last_name", "lastname", "surname", "full_name", "fullname",
                    "given_name", "family_name", "middle_name", "maiden_name", "forename", "nom", "prenom",
                    "nom_famille", "apellido", "apellidos", "nombre", "nombre_completo", "vorname", "nachname",
                    "familienname", "cognome", "nome", "sobrenome", "voornaam", "achternaam", "naam",
                    "patient_name", "customer_name", "employee_name", "student_name", "contact_name",
                    "person_name", "holder_name", "cardholder", "cardholder_name", "account_holder"},
    "address": {"address", "street", "street_address", "address_line", "address_line1", "address_line_1",
                "address1", "addr", "adresse", "direccion", "domicilio", "indirizzo", "anschrift", "strasse",
                "rue", "calle", "endereco", "morada", "home_address", "billing_address", "shipping_address",
                "mailing_address", "residence", "straat", "adres", "postal_address"},
}  # fmt: skip

# Words that make a column's content something other than a person's data.
NOT_PERSONAL = {"order", "tracking", "invoice", "shipment", "shipping_id", "reference", "ref", "sku", "serial",
                "ticket", "hash", "digest", "sha", "sha256", "md5", "token", "tok", "version", "build",
                "release", "checksum", "batch", "lot", "parcel", "barcode", "ean", "isbn", "product",
                "company", "vendor", "supplier", "merchant", "organization", "organisation", "org", "business",
                "masked", "mask", "redacted", "anonymized", "pseudonym", "encrypted", "template", "example",
                "sample", "test", "dummy", "fake"}  # fmt: skip
# Tables and columns about machines: an IP address there is a server's, not a person's.
INFRASTRUCTURE = {"server", "servers", "host", "hosts", "hostname", "node", "nodes", "router", "switch",
                  "gateway", "infra", "infrastructure", "network", "cluster", "instance", "instances",
                  "machine", "machines", "dns", "subnet", "vlan", "firewall", "load_balancer", "lb", "vm",
                  "container", "pod", "datacenter", "rack", "nic", "interface", "asset", "assets", "backend",
                  "upstream", "endpoint", "endpoints", "service", "services", "deploy", "deployment"}  # fmt: skip
PEOPLE_TABLES = {"customer", "customers", "client", "clients", "patient", "patients", "student", "students",
                 "employee", "employees", "user", "users", "person", "persons", "people", "member", "members",
                 "contact", "contacts", "staff", "applicant", "applicants", "guest", "guests", "subscriber",
                 "subscribers", "account_holder", "borrower", "borrowers", "cliente", "clientes", "kunde",
                 "kunden", "personne", "personnes", "paziente", "pazienti", "klant", "klanten", "alumno",
                 "alumnos", "eleve", "eleves", "mitarbeiter", "empleado", "empleados", "practitioner",
                 "practitioners", "physician", "physicians", "doctor", "doctors", "driver", "drivers",
                 "traveler", "travelers", "passenger", "passengers"}  # fmt: skip
FREE_TEXT = {"comment", "comments", "note", "notes", "description", "body", "message", "messages", "text",
             "remarks", "remark", "memo", "payload", "details", "detail", "content", "json", "data", "metadata",
             "attributes", "extra", "properties", "log", "raw", "feedback", "review", "bio"}  # fmt: skip


def words(name: str) -> list[str]:
    """snake_case, camelCase, kebab and dotted names as lower-case words."""
    spaced = re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", name)
    return [w for w in re.split(r"[^A-Za-z0-9]+", spaced.lower()) if w]


def name_keys(name: str) -> set[str]:
    """The name's words, and every run of consecutive words joined with _ and without."""
    parts = words(name)
    keys = set(parts)
    for start in range(len(parts)):
        for end in range(start + 2, min(len(parts), start + 4) + 1):
            keys.add("_".join(parts[start:end]))
            keys.add("".join(parts[start:end]))
    return keys


def kinds_named(name: str) -> set[str]:
    keys = name_keys(name)
    return {kind for kind, vocabulary in KIND_WORDS.items() if keys & vocabulary}


def says_not_personal(name: str) -> bool:
    return bool(set(words(name)) & NOT_PERSONAL)


def about_machines(*names: str) -> bool:
    return any(set(words(name)) & INFRASTRUCTURE or name_keys(name) & INFRASTRUCTURE for name in names)


def about_people(table: str) -> bool:
    return bool(name_keys(table) & PEOPLE_TABLES)


def free_text(name: str, data_type: str = "") -> bool:
    return bool(set(words(name)) & FREE_TEXT) or data_type.lower() in ("json", "jsonb")
