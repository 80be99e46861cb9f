"""The demo's trust layer: stewards, tags, endorsements by several people, an endorsed, a warned
and a deprecated table, so a newcomer sees the seed's page ("8 Endorsements", Stewards, Tags)."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from catalog.models import DataSource, Schema, Table
from catalog.roles import VIEWER

# People of the seed's page who endorse ipps.summ_top_drg (Viewers without a password: they
# cannot log in, they only show who vouches for the table).
ENDORSERS = [
    ("jason.ma", "Jason", "Ma"),
    ("anders.fischer", "Anders", "Fischer"),
    ("gianthomas.volpe", "Gianthomas", "Volpe"),
    ("ben.lumbert", "Ben", "Lumbert"),
    ("connor.glazier", "Connor", "Glazier"),
]


def seed_governance(source: DataSource) -> str:
    from governance.models import Endorsement
    from governance.services.stewards import add_steward
    from governance.services.tags import add_tag
    from governance.services.trust import endorse, set_flag

    def table(schema, name):
        return Table.objects.filter(source=source, schema__name=schema, name=name).first()

    summ = table("ipps", "summ_top_drg")
    if summ is None or Endorsement.objects.filter(asset_kind="table", asset_id=summ.pk).exists():
        return "already there"
    users = get_user_model().objects
    demo = {u.username: u for u in users.filter(username__in=["viewer", "contributor", "steward", "admin"])}
    admin, steward, contributor = demo["admin"], demo["steward"], demo["contributor"]
    people = []
    for username, first, last in ENDORSERS:
        person, created = users.get_or_create(
            username=username, defaults={"first_name": first, "last_name": last}
        )
        if created:
            person.set_unusable_password()
            person.save()
            person.groups.add(Group.objects.get(name=VIEWER))
        people.append(person)

    # Stewards: the steward answers for the whole source; the healthcare tables name their own.
    add_steward(user=admin, asset=source, username="steward")
    add_steward(user=admin, asset=summ, username="steward")
    add_steward(user=admin, asset=summ, username="anders.fischer")
    bank = Schema.objects.filter(source=source, name="bank").first()
    if bank is not None:
        add_steward(user=admin, asset=bank, username="admin")

    # Tags: free ones a contributor adds, a classification the stewards set.
    for name in ("Healthcare", "Healthcare Group", "Diagnosis Related Groups"):
        add_tag(user=contributor, asset=summ, name=name)
    add_tag(user=steward, asset=summ, name="Internal")
    customer = table("bank", "customer")
    if customer is not None:
        add_tag(user=contributor, asset=customer, name="Banking")
        add_tag(user=admin, asset=customer, name="Confidential")

    # 8 Endorsements: five colleagues and three demo users.
    for person in [*people, demo["viewer"], contributor, steward]:
        endorse(user=person, asset=summ, endorsed=True)

    # Flags: endorsed, a warning, and a deprecated view pointing to its replacement.
    set_flag(user=steward, asset=summ, flag="endorsed", reason="The reference for DRG costs and frequency.")
    transactions = table("bank", "transaction")
    if transactions is not None:
        set_flag(user=admin, asset=transactions, flag="warning",
                 reason="Loaded nightly: the last day is incomplete until 06:00 UTC.")  # fmt: skip
    old, new = table("npi", "v_organizations"), table("npi", "nppes_provider_identifier")
    if old is not None and new is not None:
        set_flag(user=steward, asset=old, flag="deprecated", replacement_id=new.pk,
                 reason="Filter the registry on entity_type_code = 2 instead.")  # fmt: skip
    return "stewards, tags, 8 endorsements and flags on the demo tables"


# Custom fields the demo's admin defined, filled in on a few tables by their stewards.
FIELDS = [
    {"name": "Data owner", "kind": "user", "asset_kinds": ["source", "schema", "table"], "order": 10,
     "help_text": "Who decides what the data is for and who may use it."},
    {"name": "Retention period", "kind": "choice", "choices": ["90 days", "1 year", "7 years", "Forever"],
     "asset_kinds": ["table"], "order": 20, "help_text": "How long rows are kept before they are deleted."},
    {"name": "Review date", "kind": "date", "asset_kinds": ["table"], "order": 30,
     "help_text": "When the stewards next check the description, classification and access."},
]  # fmt: skip
GROUP = "Data Governance"


def seed_custom_fields(source: DataSource) -> str:
    """Three custom fields filled in on demo tables, and a group steward: the "Data Governance"
    group (the demo steward is a member) stewards bank.customer."""
    from governance.models import CustomField
    from governance.services.fields import define_field, set_field_values
    from governance.services.stewards import add_group_steward

    if CustomField.objects.exists():
        return "already there"
    users = get_user_model().objects
    admin, steward = users.filter(username="admin").first(), users.filter(username="steward").first()
    if admin is None or steward is None:
        return "no demo users"
    for field in FIELDS:
        define_field(user=admin, **field)
    tables = {
        (t.schema.name, t.name): t
        for t in Table.objects.filter(source=source).select_related("schema", "source")
    }
    values = {
        ("ipps", "summ_top_drg"): {"data_owner": "steward", "retention_period": "7 years",
                                   "review_date": "2027-03-31"},
        ("bank", "customer"): {"data_owner": "admin", "retention_period": "7 years",
                               "review_date": "2027-01-15"},
        ("bank", "transaction"): {"data_owner": "admin", "retention_period": "1 year"},
        ("npi", "v_organizations"): {"retention_period": "90 days", "review_date": "2026-12-31"},
    }  # fmt: skip
    for key, fields in values.items():
        if key in tables:
            set_field_values(user=admin, asset=tables[key], values=fields)
    group, _ = Group.objects.get_or_create(name=GROUP)
    steward.groups.add(group)
    if ("bank", "customer") in tables:
        add_group_steward(user=admin, asset=tables[("bank", "customer")], name=GROUP)
    return "Data owner, Retention period and Review date on demo tables; a Data Governance group steward"


# The demo's glossary: (name, synonyms, stewards, definition, linked tables and columns as
# schema.table or schema.table.column).
GLOSSARY = [
    ("DRG", ["Diagnosis-Related Group", "MS-DRG"], ["steward"],
     "A **Diagnosis-Related Group**: the class Medicare's inpatient prospective payment system (IPPS) "
     "puts a hospital stay in, from its diagnoses, procedures, age and complications. Each DRG has a "
     "*relative weight*; the payment for a stay is roughly the hospital's base rate times that weight.\n\n"
     "The catalog uses MS-DRG (Medicare Severity) codes, three digits such as `069`.",
     ["ipps.lu_drg", "ipps.summ_top_drg", "ipps.lu_drg.drg", "ipps.summ_top_drg.drg",
      "ipps.summ_top_drg.drg_definition"]),
    ("Discharge", ["Inpatient discharge", "Hospital stay"], ["steward"],
     "The end of one inpatient stay, when the patient leaves the hospital (home, to another facility, "
     "or deceased). IPPS pays per discharge: one discharge is one bill under one DRG.",
     ["ipps.summ_top_drg.total_discharges"]),
    ("Practitioner", ["Clinician", "Individual provider"], ["steward"],
     "A person licensed to provide care (physician, nurse practitioner, dentist…). In the NPPES registry "
     "an individual provider has `entity_type = 1`; organizations have `2`.",
     ["npi.nppes_provider_identifier", "npi.nppes_provider_identifier.entity_type",
      "npi.nppes_provider_identifier.credential"]),
    ("NPI", ["National Provider Identifier"], ["steward"],
     "The 10-digit identifier CMS assigns to every US health care provider, individual or organization. "
     "The last digit is a Luhn check digit over `80840` and the first nine digits.",
     ["npi.nppes_provider_identifier.npi", "ipps.provider.npi"]),
    ("Hospital", ["IPPS provider", "Facility"], ["steward"],
     "An acute care hospital paid under the Inpatient Prospective Payment System, identified by its CMS "
     "provider id (CCN).",
     ["ipps.provider", "ipps.summ_top_drg.provider_id"]),
    ("Customer", ["Client", "Account holder"], ["admin"],
     "A person who holds at least one account with the bank. A customer is a person, not an account: "
     "one customer may hold several accounts. Personal data: see the PII tags of `bank.customer`.",
     ["bank.customer", "bank.account.customer_id"]),
    ("IBAN", ["International Bank Account Number"], ["admin"],
     "The international format of a bank account number (ISO 13616): a country code, two check digits "
     "and the domestic account number, e.g. `DE89 3704 0044 0532 0130 00`. The demo's US accounts have "
     "none; `account_id` is the internal key to use instead.",
     ["bank.account"]),
    ("Credit score", ["FICO score", "Bureau score"], ["admin"],
     "A number from 300 to 850 a credit bureau gives a person from their credit history; higher is "
     "better. The catalog keeps the latest score the bank received.",
     ["bank.customer.credit_score"]),
]  # fmt: skip


def seed_glossary(source: DataSource) -> str:
    from catalog.models import Column
    from governance.models import GlossaryTerm
    from governance.services.glossary import term_create

    if GlossaryTerm.objects.exists():
        return "already there"
    admin = get_user_model().objects.get(username="admin")

    def asset(name):
        parts = name.split(".")
        if len(parts) == 2:
            found = Table.objects.filter(source=source, schema__name=parts[0], name=parts[1]).first()
            return ("table", found.pk) if found else None
        found = Column.objects.filter(
            table__source=source, table__schema__name=parts[0], table__name=parts[1], name=parts[2]
        ).first()
        return ("column", found.pk) if found else None

    for name, synonyms, stewards, definition, links in GLOSSARY:
        assets = [pair for pair in map(asset, links) if pair]
        term_create(user=admin, name=name, definition=definition, synonyms=synonyms, stewards=stewards,
                    assets=assets)  # fmt: skip
    return f"{len(GLOSSARY)} glossary terms linked to the demo tables"
