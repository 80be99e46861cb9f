"""Deterministic content of the demo source: table/view definitions, descriptions and rows.

Everything is derived from ``random.Random`` seeded from ``seed`` (default 42) and the schema
name, so the same seed always yields byte-identical rows and changing one schema's generator
never shifts another's.  No Faker, no network.  All personal data is fake by construction:
SSNs use the never-issued 9xx area, phones the fictional 555-01xx block, e-mails the reserved
``example.*`` domains.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import random
from dataclasses import dataclass, field
from decimal import Decimal


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # logical type: int, bigint, smallint, varchar(n), char(n), numeric(p,s), date, timestamp
    comment: str = ""
    nullable: bool = True


@dataclass(frozen=True)
class ForeignKey:
    columns: tuple[str, ...]
    ref_table: str  # same schema
    ref_columns: tuple[str, ...]


@dataclass
class Table:
    schema: str
    name: str
    comment: str
    columns: tuple[Column, ...]
    primary_key: tuple[str, ...] = ()
    foreign_keys: tuple[ForeignKey, ...] = ()
    indexes: tuple[tuple[str, tuple[str, ...]], ...] = ()
    rows: list[tuple] = field(default_factory=list)

    @property
    def qualified_name(self) -> str:
        return f"{self.schema}.{self.name}"

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]


@dataclass(frozen=True)
class View:
    schema: str
    name: str
    comment: str
    sql: str  # portable SELECT; references tables of its own schema unqualified

    @property
    def qualified_name(self) -> str:
        return f"{self.schema}.{self.name}"


@dataclass
class Dataset:
    schemas: dict[str, str]
    tables: list[Table]
    views: list[View]

    def table(self, qualified_name: str) -> Table:
        return next(t for t in self.tables if t.qualified_name == qualified_name)

    def tables_in(self, schema: str) -> list[Table]:
        return [t for t in self.tables if t.schema == schema]

    def views_in(self, schema: str) -> list[View]:
        return [v for v in self.views if v.schema == schema]


SCHEMAS: dict[str, str] = {
    "ipps": "Inpatient Prospective Payment System (IPPS): Medicare inpatient discharges and payments "
    "for the top diagnosis-related groups (DRGs), by provider.",
    "npi": "National Plan & Provider Enumeration System (NPPES) extract: National Provider "
    "Identifiers of individual practitioners and organizations.",
    "ed_stats": "Education statistics: student-level assessment and attendance records by school.",
    "bank": "Retail banking core extract: customers (contains PII), accounts and card/ACH transactions.",
}


def _c(name: str, type_: str, comment: str, nullable: bool = True) -> Column:
    return Column(name, type_, comment, nullable)


_PROVIDER_ID = "CMS Certification Number (CCN) of the hospital; first two digits encode the state."
_MONEY = "numeric(12,2)"

TABLE_SPECS: list[Table] = [
    Table("ipps", "lu_drg", "Lookup of MS-DRG codes with Major Diagnostic Category and relative weight.", (
        _c("drg", "int", "MS-DRG code.", False),
        _c("drg_definition", "varchar(100)", "Code and description, e.g. '069 - TRANSIENT ISCHEMIA'.", False),
        _c("mdc", "char(2)", "Major Diagnostic Category (01-25)."),
        _c("type", "varchar(4)", "MED (medical) or SURG (surgical) DRG."),
        _c("weight", "numeric(6,4)", "Relative weight used to compute the IPPS payment."),
    ), ("drg",)),
    Table("ipps", "provider", "Hospitals paid under IPPS.", (
        _c("provider_id", "int", _PROVIDER_ID, False),
        _c("name", "varchar(100)", "Hospital name.", False),
        _c("address", "varchar(100)", "Street address."),
        _c("city", "varchar(50)", "City."),
        _c("state", "char(2)", "Two-letter state code."),
        _c("zip", "varchar(5)", "ZIP code."),
        _c("npi", "bigint", "Organization NPI of the hospital (see npi.nppes_provider_identifier)."),
    ), ("provider_id",), (), (("ix_provider_state", ("state",)),)),
    Table("ipps", "summ_top_drg", "IPPS summary: discharges and average charges/payments of the top DRGs by "
          "provider and year.", (
        _c("drg_definition", "varchar(100)", "Code and description of the DRG.", False),
        _c("drg", "int", "MS-DRG code (see lu_drg).", False),
        _c("provider_id", "int", _PROVIDER_ID, False),
        _c("provider_name", "varchar(100)", "Hospital name."),
        _c("provider_street_address", "varchar(100)", "Hospital street address."),
        _c("provider_city", "varchar(50)", "Hospital city."),
        _c("provider_state", "char(2)", "Hospital state (two-letter code)."),
        _c("provider_zip_code", "varchar(5)", "Hospital ZIP code."),
        _c("hospital_referral_region_descr", "varchar(50)", "Dartmouth Atlas hospital referral region, e.g. "
           "'AL - Birmingham'."),
        _c("total_discharges", "int", "Number of discharges billed for the DRG."),
        _c("average_covered_charges", _MONEY, "Average amount charged for covered services (USD)."),
        _c("average_total_payments", _MONEY, "Average total payment incl. co-payment and deductible (USD)."),
        _c("average_medicare_payments", _MONEY, "Average amount paid by Medicare (USD)."),
        _c("year", "smallint", "Fiscal year of the discharges.", False),
    ), ("drg", "provider_id", "year"),
        (ForeignKey(("drg",), "lu_drg", ("drg",)),
         ForeignKey(("provider_id",), "provider", ("provider_id",))),
        (("ix_summ_top_drg_state", ("provider_state",)),)),
    Table("npi", "nppes_provider_identifier", "NPPES registry extract: one row per National Provider "
          "Identifier.", (
        _c("npi", "bigint", "National Provider Identifier (10 digits, Luhn check digit).", False),
        _c("entity_type", "smallint", "1 = individual practitioner, 2 = organization.", False),
        _c("provider_last_name", "varchar(50)", "Last name (individuals only)."),
        _c("provider_first_name", "varchar(50)", "First name (individuals only)."),
        _c("organization_name", "varchar(100)", "Legal business name (organizations only)."),
        _c("credential", "varchar(10)", "Credential text, e.g. MD, DO, NP."),
        _c("gender", "char(1)", "M or F (individuals only)."),
        _c("enumeration_date", "date", "Date the NPI was assigned."),
        _c("primary_taxonomy", "varchar(10)", "Primary Healthcare Provider Taxonomy code."),
        _c("practice_state", "char(2)", "State of the primary practice location."),
        _c("practice_zip", "varchar(5)", "ZIP code of the primary practice location."),
    ), ("npi",)),
    Table("ed_stats", "school", "Schools participating in the state assessment.", (
        _c("school_id", "int", "State school identifier.", False),
        _c("school_name", "varchar(100)", "School name.", False),
        _c("district", "varchar(100)", "School district."),
        _c("city", "varchar(50)", "City."),
        _c("state", "char(2)", "Two-letter state code."),
        _c("level", "varchar(12)", "Elementary, Middle or High."),
        _c("enrollment", "int", "Total enrollment."),
    ), ("school_id",)),
    Table("ed_stats", "stu", "Student-level assessment results and attendance (one row per student).", (
        _c("stu_id", "int", "Pseudonymous student identifier.", False),
        _c("school_id", "int", "School attended (see school).", False),
        _c("grade", "smallint", "Grade level (3-12)."),
        _c("gender", "char(1)", "F, M or X."),
        _c("ethnicity", "varchar(40)", "Federal race/ethnicity category."),
        _c("lunch_status", "varchar(10)", "Free, Reduced or Paid school lunch (proxy for economic status)."),
        _c("math_score", "smallint", "Mathematics scale score (150-350)."),
        _c("reading_score", "smallint", "Reading scale score (150-350)."),
        _c("attendance_rate", "numeric(4,3)", "Share of enrolled days attended (0-1)."),
        _c("year", "smallint", "School year (spring term)."),
    ), ("stu_id",), (ForeignKey(("school_id",), "school", ("school_id",)),)),
    Table("bank", "customer", "Retail banking customers. Contains PII (all values are fake).", (
        _c("customer_id", "int", "Customer identifier.", False),
        _c("first_name", "varchar(50)", "Given name (PII)."),
        _c("last_name", "varchar(50)", "Family name (PII)."),
        _c("email", "varchar(100)", "E-mail address (PII)."),
        _c("phone", "varchar(20)", "Phone number (PII)."),
        _c("ssn", "char(11)", "Social Security Number, format NNN-NN-NNNN (PII, sensitive)."),
        _c("date_of_birth", "date", "Date of birth (PII)."),
        _c("street_address", "varchar(100)", "Street address (PII)."),
        _c("city", "varchar(50)", "City."),
        _c("state", "char(2)", "Two-letter state code."),
        _c("zip", "varchar(5)", "ZIP code."),
        _c("credit_score", "smallint", "Latest bureau credit score (300-850)."),
        _c("created_at", "timestamp", "When the customer record was created."),
    ), ("customer_id",)),
    Table("bank", "account", "Deposit and credit accounts.", (
        _c("account_id", "int", "Account identifier.", False),
        _c("customer_id", "int", "Owning customer.", False),
        _c("type", "varchar(20)", "CHECKING, SAVINGS, CREDIT_CARD or MONEY_MARKET."),
        _c("balance", _MONEY, "Current balance (USD); negative for amounts owed on credit cards."),
        _c("opened_on", "date", "Date the account was opened."),
    ), ("account_id",), (ForeignKey(("customer_id",), "customer", ("customer_id",)),)),
    Table("bank", "transaction", "Posted account transactions (card, ACH, ATM).", (
        _c("txn_id", "bigint", "Transaction identifier.", False),
        _c("account_id", "int", "Account the transaction posted to.", False),
        _c("amount", _MONEY, "Signed amount (USD): negative = debit, positive = credit."),
        _c("txn_ts", "timestamp", "Posting timestamp."),
        _c("merchant", "varchar(100)", "Merchant or counterparty."),
        _c("category", "varchar(30)", "Spending category."),
    ), ("txn_id",), (ForeignKey(("account_id",), "account", ("account_id",)),),
        (("ix_transaction_account", ("account_id",)),)),
]

VIEWS: list[View] = [
    View("ipps", "v_state_drg_summary", "Discharges and average payments by state and DRG.",
         "SELECT s.provider_state, s.drg, d.drg_definition, d.mdc, d.type AS drg_type,"
         " COUNT(*) AS providers, SUM(s.total_discharges) AS total_discharges,"
         " ROUND(AVG(s.average_total_payments), 2) AS avg_total_payments,"
         " ROUND(AVG(s.average_medicare_payments), 2) AS avg_medicare_payments"
         " FROM summ_top_drg s JOIN lu_drg d ON d.drg = s.drg"
         " GROUP BY s.provider_state, s.drg, d.drg_definition, d.mdc, d.type"),
    View("ipps", "v_provider_payments", "Total discharges and payments per hospital.",
         "SELECT p.provider_id, p.name, p.city, p.state, COUNT(DISTINCT s.drg) AS drg_count,"
         " SUM(s.total_discharges) AS total_discharges,"
         " ROUND(SUM(s.average_total_payments * s.total_discharges), 2) AS total_payments"
         " FROM provider p JOIN summ_top_drg s ON s.provider_id = p.provider_id"
         " GROUP BY p.provider_id, p.name, p.city, p.state"),
    View("npi", "v_organizations", "Organization NPIs only (entity type 2).",
         "SELECT npi, organization_name, primary_taxonomy, practice_state, practice_zip, enumeration_date"
         " FROM nppes_provider_identifier WHERE entity_type = 2"),
    View("ed_stats", "v_school_scores", "Average scores and attendance per school and year.",
         "SELECT sc.school_id, sc.school_name, sc.district, st.year, COUNT(*) AS students,"
         " ROUND(AVG(st.math_score), 1) AS avg_math_score,"
         " ROUND(AVG(st.reading_score), 1) AS avg_reading_score,"
         " ROUND(AVG(st.attendance_rate), 3) AS avg_attendance_rate"
         " FROM school sc JOIN stu st ON st.school_id = sc.school_id"
         " GROUP BY sc.school_id, sc.school_name, sc.district, st.year"),
    View("bank", "v_customer_balances", "Number of accounts and summed balance per customer.",
         "SELECT c.customer_id, c.first_name, c.last_name, c.state, COUNT(a.account_id) AS accounts,"
         " COALESCE(SUM(a.balance), 0) AS total_balance"
         " FROM customer c LEFT JOIN account a ON a.customer_id = c.customer_id"
         " GROUP BY c.customer_id, c.first_name, c.last_name, c.state"),
]


# Columns the views compute; the others pass a table's column through and keep its description.
VIEW_COLUMN_COMMENTS = {
    "drg_type": "Whether the DRG is medical or surgical.",
    "providers": "Number of hospitals reporting this DRG in the state.",
    "total_discharges": "Sum of discharges over the grouped rows.",
    "avg_total_payments": "Average of the hospitals' average total payments, in dollars.",
    "avg_medicare_payments": "Average of the hospitals' average Medicare payments, in dollars.",
    "drg_count": "Number of distinct DRGs the hospital billed.",
    "total_payments": "Average total payment times discharges, summed over DRGs, in dollars.",
    "students": "Number of student records for the school and year.",
    "avg_math_score": "Average math score of the school's students that year.",
    "avg_reading_score": "Average reading score of the school's students that year.",
    "avg_attendance_rate": "Average attendance rate (0-1) of the school's students that year.",
    "accounts": "Number of accounts the customer holds.",
    "total_balance": "Sum of the customer's account balances (0 without accounts).",
}


def _view_columns(view: View) -> list[str]:
    import sqlglot  # noqa: PLC0415 - only needed to read the views' output columns

    return sqlglot.parse_one(view.sql).named_selects


def _descriptions() -> dict[str, str]:
    out = dict(SCHEMAS)
    for t in TABLE_SPECS:
        out[t.qualified_name] = t.comment
        out.update({f"{t.qualified_name}.{c.name}": c.comment for c in t.columns if c.comment})
    for v in VIEWS:
        out[v.qualified_name] = v.comment
        passed = {c.name: c.comment for t in TABLE_SPECS if t.schema == v.schema for c in t.columns}
        for name in _view_columns(v):
            comment = VIEW_COLUMN_COMMENTS.get(name) or passed.get(name)
            if comment:
                out[f"{v.qualified_name}.{name}"] = comment
    return out


#: Curated text: "schema", "schema.table" and "schema.table.column" -> description.
DESCRIPTIONS: dict[str, str] = _descriptions()


# --------------------------------------------------------------------------- name pools
# MS-DRG codes/definitions as published by CMS (public domain): "code MDC S(urgical)/M(edical) definition".
_DRG_TEXT = """
039 01 S EXTRACRANIAL PROCEDURES W/O CC/MCC | 057 01 M DEGENERATIVE NERVOUS SYSTEM DISORDERS W/O MCC
064 01 M INTRACRANIAL HEMORRHAGE OR CEREBRAL INFARCTION W MCC
065 01 M INTRACRANIAL HEMORRHAGE OR CEREBRAL INFARCTION W CC
066 01 M INTRACRANIAL HEMORRHAGE OR CEREBRAL INFARCTION W/O CC/MCC | 069 01 M TRANSIENT ISCHEMIA
101 01 M SEIZURES W/O MCC | 176 04 M PULMONARY EMBOLISM W/O MCC
177 04 M RESPIRATORY INFECTIONS & INFLAMMATIONS W MCC | 189 04 M PULMONARY EDEMA & RESPIRATORY FAILURE
190 04 M CHRONIC OBSTRUCTIVE PULMONARY DISEASE W MCC
191 04 M CHRONIC OBSTRUCTIVE PULMONARY DISEASE W CC | 193 04 M SIMPLE PNEUMONIA & PLEURISY W MCC
194 04 M SIMPLE PNEUMONIA & PLEURISY W CC | 195 04 M SIMPLE PNEUMONIA & PLEURISY W/O CC/MCC
207 04 M RESPIRATORY SYSTEM DIAGNOSIS W VENTILATOR SUPPORT 96+ HOURS
238 05 S MAJOR CARDIOVASC PROCEDURES W/O MCC
246 05 S PERC CARDIOVASC PROC W DRUG-ELUTING STENT W MCC OR 4+ VESSELS/STENTS
247 05 S PERC CARDIOVASC PROC W DRUG-ELUTING STENT W/O MCC | 253 05 S OTHER VASCULAR PROCEDURES W CC
280 05 M ACUTE MYOCARDIAL INFARCTION, DISCHARGED ALIVE W MCC
286 05 M CIRCULATORY DISORDERS EXCEPT AMI, W CARD CATH W MCC | 291 05 M HEART FAILURE & SHOCK W MCC
292 05 M HEART FAILURE & SHOCK W CC | 293 05 M HEART FAILURE & SHOCK W/O CC/MCC
308 05 M CARDIAC ARRHYTHMIA & CONDUCTION DISORDERS W MCC
309 05 M CARDIAC ARRHYTHMIA & CONDUCTION DISORDERS W CC
310 05 M CARDIAC ARRHYTHMIA & CONDUCTION DISORDERS W/O CC/MCC | 312 05 M SYNCOPE & COLLAPSE
313 05 M CHEST PAIN | 329 06 S MAJOR SMALL & LARGE BOWEL PROCEDURES W MCC
330 06 S MAJOR SMALL & LARGE BOWEL PROCEDURES W CC | 377 06 M G.I. HEMORRHAGE W MCC
378 06 M G.I. HEMORRHAGE W CC | 392 06 M ESOPHAGITIS, GASTROENT & MISC DIGEST DISORDERS W/O MCC
418 07 S LAPAROSCOPIC CHOLECYSTECTOMY W/O C.D.E. W CC
439 07 M DISORDERS OF PANCREAS EXCEPT MALIGNANCY W CC | 460 08 S SPINAL FUSION EXCEPT CERVICAL W/O MCC
469 08 S MAJOR JOINT REPLACEMENT OR REATTACHMENT OF LOWER EXTREMITY W MCC
470 08 S MAJOR JOINT REPLACEMENT OR REATTACHMENT OF LOWER EXTREMITY W/O MCC
481 08 S HIP & FEMUR PROCEDURES EXCEPT MAJOR JOINT W CC | 552 08 M MEDICAL BACK PROBLEMS W/O MCC
603 09 M CELLULITIS W/O MCC | 638 10 M DIABETES W CC
640 10 M MISC DISORDERS OF NUTRITION,METABOLISM,FLUIDS/ELECTROLYTES W MCC | 682 11 M RENAL FAILURE W MCC
683 11 M RENAL FAILURE W CC | 690 11 M KIDNEY & URINARY TRACT INFECTIONS W/O MCC
812 16 M RED BLOOD CELL DISORDERS W/O MCC | 870 18 M SEPTICEMIA OR SEVERE SEPSIS W MV 96+ HOURS
871 18 M SEPTICEMIA OR SEVERE SEPSIS W/O MV 96+ HOURS W MCC
872 18 M SEPTICEMIA OR SEVERE SEPSIS W/O MV 96+ HOURS W/O MCC | 885 19 M PSYCHOSES
897 20 M ALCOHOL/DRUG ABUSE OR DEPENDENCE W/O REHABILITATION THERAPY W/O MCC
917 21 M POISONING & TOXIC EFFECTS OF DRUGS W MCC | 948 23 M SIGNS & SYMPTOMS W/O MCC
"""
DRGS: list[tuple[int, str, str, str]] = [
    (int(item[:3]), item[9:], item[4:6], "SURG" if item[7] == "S" else "MED")
    for line in _DRG_TEXT.strip().splitlines() for item in line.split(" | ")
]
# SSA state codes used as the first digits of a CMS Certification Number.
STATE_CCN = {"AL": 1, "AZ": 3, "CA": 5, "CO": 6, "FL": 10, "GA": 11, "IL": 14, "MA": 22, "MI": 23,
             "MN": 24, "NC": 34, "NY": 33, "OH": 36, "PA": 39, "TX": 45, "WA": 50}
# (state, city, zip3, hospital referral region city)
LOCATIONS: list[tuple[str, str, str, str]] = [
    (s, c, z, h or c) for s, c, z, h in [
        ("AL", "Birmingham", "352", ""), ("AL", "Hoover", "352", "Birmingham"), ("AL", "Dothan", "363", ""),
        ("AL", "Montgomery", "361", ""), ("AL", "Huntsville", "358", ""), ("AZ", "Phoenix", "850", ""),
        ("AZ", "Tucson", "857", ""), ("AZ", "Mesa", "852", ""), ("CA", "Los Angeles", "900", ""),
        ("CA", "San Diego", "921", ""), ("CA", "San Francisco", "941", ""), ("CA", "Sacramento", "958", ""),
        ("CA", "Fresno", "937", ""), ("CO", "Denver", "802", ""), ("CO", "Colorado Springs", "809", ""),
        ("FL", "Miami", "331", ""), ("FL", "Orlando", "328", ""), ("FL", "Tampa", "336", ""),
        ("FL", "Jacksonville", "322", ""), ("GA", "Atlanta", "303", ""), ("GA", "Savannah", "314", ""),
        ("GA", "Macon", "312", ""), ("IL", "Chicago", "606", ""), ("IL", "Evanston", "602", ""),
        ("IL", "Peoria", "616", ""), ("IL", "Springfield", "627", ""), ("MA", "Boston", "021", ""),
        ("MA", "Worcester", "016", ""), ("MA", "Springfield", "011", ""), ("MI", "Detroit", "482", ""),
        ("MI", "Grand Rapids", "495", ""), ("MI", "Ann Arbor", "481", ""), ("MN", "Minneapolis", "554", ""),
        ("MN", "Rochester", "559", ""), ("MN", "Duluth", "558", ""), ("NC", "Charlotte", "282", ""),
        ("NC", "Durham", "277", ""), ("NC", "Raleigh", "276", ""), ("NY", "Manhattan", "100", ""),
        ("NY", "Rochester", "146", ""), ("NY", "Albany", "122", ""), ("NY", "Buffalo", "142", ""),
        ("OH", "Columbus", "432", ""), ("OH", "Cleveland", "441", ""), ("OH", "Cincinnati", "452", ""),
        ("PA", "Philadelphia", "191", ""), ("PA", "Pittsburgh", "152", ""), ("PA", "Harrisburg", "171", ""),
        ("TX", "Houston", "770", ""), ("TX", "Dallas", "752", ""), ("TX", "Plano", "750", "Dallas"),
        ("TX", "Austin", "787", ""), ("TX", "San Antonio", "782", ""), ("WA", "Seattle", "981", ""),
        ("WA", "Spokane", "992", ""), ("WA", "Tacoma", "984", ""),
    ]
]
HOSPITAL_WORDS = ["ST. LUKE'S", "MERCY", "PROVIDENCE", "BAPTIST", "METHODIST", "GOOD SAMARITAN", "TRINITY",
                  "SACRED HEART", "ST. JOSEPH'S", "PRESBYTERIAN", "ST. MARY'S", "COMMUNITY", "MEMORIAL",
                  "RIVERSIDE", "VALLEY", "NORTHSIDE", "LAKESHORE", "ADVENT"]
HOSPITAL_PATTERNS = ["{saint} HOSPITAL", "{saint} MEDICAL CENTER", "{city} REGIONAL MEDICAL CENTER",
                     "{city} GENERAL HOSPITAL", "{saint} HEALTH SYSTEM", "{saint} HOSPITAL OF {city}",
                     "UNIVERSITY HOSPITAL OF {city}", "{city} {saint} MEDICAL CENTER"]
STREETS = ["Oak", "Maple", "Cedar", "Pine", "Elm", "Washington", "Lake", "Hill", "Park", "Main", "Church",
           "Highland", "Ridge", "Jefferson", "Lincoln", "Madison", "Franklin", "Walnut", "Sunset", "River"]
STREET_SUFFIXES = ["Street", "Avenue", "Boulevard", "Road", "Drive", "Lane", "Parkway", "Circle"]
FIRST_NAMES_M = ["James", "Robert", "John", "Michael", "David", "William", "Carlos", "Daniel", "Wei", "Ahmed",
                 "Joseph", "Thomas", "Luis", "Kevin", "Brian", "Andre", "Raj", "Samuel", "Noah", "Ethan"]
FIRST_NAMES_F = ["Mary", "Patricia", "Jennifer", "Linda", "Elizabeth", "Maria", "Susan", "Jessica", "Nia",
                 "Aisha", "Karen", "Mei", "Priya", "Emily", "Olivia", "Sofia", "Grace", "Fatima", "Laura"]
LAST_NAMES = ["Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Rodriguez",
              "Martinez", "Hernandez", "Lopez", "Wilson", "Anderson", "Thomas", "Taylor", "Moore", "Jackson",
              "Martin", "Lee", "Nguyen", "Patel", "Kim", "Chen", "Walker", "Okafor", "Novak", "Schmidt",
              "O'Brien", "Rossi", "Cohen", "Haddad", "Tanaka", "Kowalski", "Silva", "Murphy"]
CREDENTIALS_TAXONOMIES = [("MD", "207R00000X"), ("MD", "207Q00000X"), ("MD", "208000000X"),
                          ("MD", "207RC0000X"), ("MD", "2084N0400X"), ("MD", "207X00000X"),
                          ("DO", "207Q00000X"), ("DO", "207R00000X"), ("NP", "363L00000X"),
                          ("PA-C", "363A00000X"), ("RN", "163W00000X"), ("DPM", "213E00000X")]
SCHOOL_NAMES = ["Lincoln", "Roosevelt", "Jefferson", "Washington", "Franklin", "Kennedy", "Hamilton",
                "Cesar Chavez", "Sojourner Truth", "Lakeview", "Oak Grove", "Riverside", "Harriet Tubman"]
ETHNICITIES = ["Hispanic/Latino", "White", "Black/African American", "Asian", "Two or More Races",
               "American Indian/Alaska Native", "Native Hawaiian/Pacific Islander"]
ETHNICITY_WEIGHTS = [28, 44, 15, 6, 5, 1, 1]
EMAIL_DOMAINS = ["example.com", "example.org", "example.net"]
ACCOUNT_TYPES = ["CHECKING", "SAVINGS", "CREDIT_CARD", "MONEY_MARKET"]
# (merchant, category, min amount, max amount) -- fictional merchants.
MERCHANTS = [("Green Basket Market", "Groceries", 8, 240), ("FreshWay Foods", "Groceries", 5, 180),
             ("QuickFuel #2231", "Fuel", 20, 95), ("Northstar Petroleum", "Fuel", 25, 110),
             ("Corner Bean Coffee", "Dining", 3, 18), ("Harbor Grill", "Dining", 18, 140),
             ("ShopMart Online", "Shopping", 9, 450), ("Urban Threads", "Shopping", 25, 300),
             ("StreamBox Subscription", "Entertainment", 9, 23), ("Cineplex 12", "Entertainment", 12, 60),
             ("SkyWays Airlines", "Travel", 89, 1200), ("Lodgewell Hotels", "Travel", 110, 900),
             ("CarePlus Pharmacy", "Health", 4, 160), ("Metro Power & Light", "Utilities", 45, 310),
             ("City Water Dept", "Utilities", 20, 90), ("ATM Withdrawal", "Cash", 20, 400),
             ("Payroll Deposit - ACME Corp", "Income", 900, 4800), ("P2P Transfer In", "Income", 20, 800)]


# --------------------------------------------------------------------------- row generators
def _money(x: float) -> Decimal:
    return Decimal(f"{x:.2f}")


def npi_check_digit(base9: str) -> int:
    """Luhn check digit of an NPI, computed over the '80840' prefix plus the first nine digits."""
    total = 0
    for i, ch in enumerate(reversed("80840" + base9)):
        d = int(ch) * 2 if i % 2 == 0 else int(ch)
        total += d - 9 if d > 9 else d
    return (10 - total % 10) % 10


def _npi(rng: random.Random, used: set[int]) -> int:
    while True:
        base = "1" + "".join(str(rng.randrange(10)) for _ in range(8))
        npi = int(base + str(npi_check_digit(base)))
        if npi not in used:
            used.add(npi)
            return npi


def _street(rng: random.Random, upper: bool) -> str:
    s = f"{rng.randint(10, 9899)} {rng.choice(STREETS)} {rng.choice(STREET_SUFFIXES)}"
    return s.upper() if upper else s


def _zip(rng: random.Random, zip3: str) -> str:
    return f"{zip3}{rng.randint(1, 99):02d}"


def _gen_ipps(rng: random.Random) -> dict[str, list[tuple]]:
    drgs = []
    for code, text, mdc, kind in DRGS:
        weight = rng.uniform(1.6, 5.8) if kind == "SURG" else rng.uniform(0.6, 2.2)
        drgs.append((code, f"{code:03d} - {text}", mdc, kind, Decimal(f"{weight:.4f}")))
    providers, taken, used_npis, per_state = [], set(), set(), {}
    for i in range(160):
        state, city, zip3, hrr = LOCATIONS[i % len(LOCATIONS)]
        per_state[state] = per_state.get(state, 0) + 1
        provider_id = STATE_CCN[state] * 10000 + per_state[state] * 7 + rng.randint(0, 6)
        name = rng.choice(HOSPITAL_PATTERNS).format(city=city.upper(), saint=rng.choice(HOSPITAL_WORDS))
        if name in taken:
            name = f"{name} - {city.upper()}"
        taken.add(name)
        providers.append((provider_id, name, _street(rng, True), city.upper(), state, _zip(rng, zip3),
                          _npi(rng, used_npis), hrr))
    popularity = [rng.paretovariate(1.2) for _ in drgs]
    combos: set[tuple[int, int, int]] = set()
    while len(combos) < 2000:
        d = rng.choices(range(len(drgs)), weights=popularity)[0]
        p = rng.randrange(len(providers))
        combos.add((d, p, rng.choice((2024, 2025))))
    summ = []
    state_factor = {s: rng.uniform(0.85, 1.35) for s in STATE_CCN}
    for d, p, year in sorted(combos):
        code, definition, _mdc, _kind, weight = drgs[d]
        pid, pname, addr, city, state, zip_, _npi_, hrr = providers[p]
        inflation = 1.03 if year == 2025 else 1.0
        total = float(weight) * 6900 * state_factor[state] * rng.uniform(0.8, 1.25) * inflation
        summ.append((definition, code, pid, pname, addr, city, state, zip_, f"{state} - {hrr}",
                     int(rng.lognormvariate(3.4, 0.7)) + 11, _money(total * rng.uniform(2.6, 5.4)),
                     _money(total), _money(total * rng.uniform(0.78, 0.93)), year))
    return {"lu_drg": drgs, "provider": [p[:7] for p in providers], "summ_top_drg": summ}


def _gen_npi(rng: random.Random, ipps: dict[str, list[tuple]]) -> dict[str, list[tuple]]:
    rows, used = [], {p[6] for p in ipps["provider"]}
    start = dt.date(2005, 5, 23)
    for _pid, name, _addr, _city, state, zip_, npi in ipps["provider"]:
        rows.append((npi, 2, None, None, name, None, None, start + dt.timedelta(days=rng.randint(0, 900)),
                     "282N00000X", state, zip_))
    for _ in range(440):
        gender = rng.choice("MF")
        first = rng.choice(FIRST_NAMES_M if gender == "M" else FIRST_NAMES_F)
        credential, taxonomy = rng.choice(CREDENTIALS_TAXONOMIES)
        state, _city, zip3, _hrr = rng.choice(LOCATIONS)
        enumerated = start + dt.timedelta(days=rng.randint(0, 7000))
        rows.append((_npi(rng, used), 1, rng.choice(LAST_NAMES).upper(), first.upper(), None, credential,
                     gender, enumerated, taxonomy, state, _zip(rng, zip3)))
    rows.sort()
    return {"nppes_provider_identifier": rows}


def _gen_ed_stats(rng: random.Random) -> dict[str, list[tuple]]:
    schools, students = [], []
    levels = (("Elementary", (3, 5)), ("Middle", (6, 8)), ("High", (9, 12)))
    for i in range(24):
        state, city, _zip3, _hrr = LOCATIONS[(i * 5) % len(LOCATIONS)]
        level, grades = levels[i % 3]
        schools.append((370100 + i * 13, f"{rng.choice(SCHOOL_NAMES)} {level} School",
                        f"{city} {rng.choice(('Unified', 'Public Schools', 'City Schools', 'ISD'))}",
                        city, state, level, rng.randint(280, 2400), grades))
    for i in range(1800):
        sid, *_rest, grades = rng.choice(schools)
        lunch = rng.choices(("Free", "Reduced", "Paid"), weights=(40, 10, 50))[0]
        shift = {"Free": -14, "Reduced": -6, "Paid": 6}[lunch]
        math = max(150, min(350, int(rng.gauss(250 + shift, 28))))
        reading = max(150, min(350, int(0.6 * math + 0.4 * rng.gauss(252 + shift, 30))))
        attendance = Decimal(f"{max(0.62, min(1.0, rng.gauss(0.93, 0.05))):.3f}")
        students.append((4100000 + i, sid, rng.randint(*grades), rng.choices("FMX", weights=(49, 49, 2))[0],
                         rng.choices(ETHNICITIES, weights=ETHNICITY_WEIGHTS)[0], lunch, math,
                         reading, attendance, rng.choice((2024, 2025))))
    return {"school": [s[:7] for s in schools], "stu": students}


def _gen_bank(rng: random.Random) -> dict[str, list[tuple]]:
    customers, accounts, txns, used_ssn = [], [], [], set()
    for i in range(400):
        gender = rng.choice("MF")
        first = rng.choice(FIRST_NAMES_M if gender == "M" else FIRST_NAMES_F)
        last = rng.choice(LAST_NAMES)
        state, city, zip3, _hrr = rng.choice(LOCATIONS)
        ssn = ""
        while not ssn or ssn in used_ssn:  # area 900-999 is never issued: clearly fake
            ssn = f"9{rng.randint(0, 99):02d}-{rng.randint(1, 99):02d}-{rng.randint(1, 9999):04d}"
        used_ssn.add(ssn)
        created = dt.datetime(2015, 1, 1) + dt.timedelta(seconds=rng.randint(0, 11 * 365 * 86400))
        customers.append((100001 + i, first, last,
                          f"{first.lower()}.{last.lower()}{rng.randint(1, 99)}@{rng.choice(EMAIL_DOMAINS)}",
                          f"({rng.randint(201, 989)}) 555-01{rng.randint(0, 99):02d}", ssn,
                          dt.date(1940, 1, 1) + dt.timedelta(days=rng.randint(0, 64 * 365)),
                          _street(rng, False), city, state, _zip(rng, zip3),
                          max(300, min(850, int(rng.gauss(695, 70)))), created))
    for cid, *_rest, created in customers:
        for kind in rng.sample(ACCOUNT_TYPES, rng.choices((1, 2, 3), weights=(45, 40, 15))[0]):
            opened = created.date() + dt.timedelta(days=rng.randint(0, 400))
            balance = -rng.uniform(0, 6000) if kind == "CREDIT_CARD" else rng.lognormvariate(8.4, 1.2)
            opened = min(opened, dt.date(2026, 10, 1))
            accounts.append((5000001 + len(accounts), cid, kind, _money(balance), opened))
    start = dt.datetime(2026, 1, 1)
    for i in range(4000):
        account_id = rng.choice(accounts)[0]
        merchant, category, low, high = rng.choice(MERCHANTS)
        amount = rng.uniform(low, high)
        ts = start + dt.timedelta(seconds=rng.randint(0, 303 * 86400))
        txns.append((90000001 + i, account_id, _money(amount if category == "Income" else -amount), ts,
                     merchant, category))
    return {"customer": customers, "account": accounts, "transaction": txns}


def generate(seed: int = 42) -> Dataset:
    """Build the full dataset (definitions + rows) for ``seed``; same seed, same content."""
    def rng(schema: str) -> random.Random:
        return random.Random(f"{seed}:{schema}")

    ipps = _gen_ipps(rng("ipps"))
    rows = {"ipps": ipps, "npi": _gen_npi(rng("npi"), ipps), "ed_stats": _gen_ed_stats(rng("ed_stats")),
            "bank": _gen_bank(rng("bank"))}
    tables = []
    for spec in TABLE_SPECS:
        t = Table(spec.schema, spec.name, spec.comment, spec.columns, spec.primary_key, spec.foreign_keys,
                  spec.indexes, rows[spec.schema][spec.name])
        tables.append(t)
    return Dataset(dict(SCHEMAS), tables, list(VIEWS))


def fingerprint(dataset: Dataset) -> str:
    """SHA-256 over every table's name and rows (repr), for determinism checks."""
    h = hashlib.sha256()
    for t in dataset.tables:
        h.update(t.qualified_name.encode())
        for row in t.rows:
            h.update(repr(row).encode())
    return h.hexdigest()
