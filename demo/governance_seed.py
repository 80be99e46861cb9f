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
