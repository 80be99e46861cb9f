"""PII on a crawled PostgreSQL source: the crawl classifies, pii_report answers, stewards decide,
and values are masked for roles that may not see personal data, in pages and API."""

import io
import json
from collections import defaultdict

import psycopg
import pytest
from django.core.management import call_command
from django.urls import reverse

from catalog.models import Column, Table
from catalog.permissions import SYSTEM
from catalog.roles import STEWARD, VIEWER
from catalog.services.crawl import crawl_request, crawl_source
from catalog.services.sources import source_save
from governance.models import AuditEvent, PiiClassification
from tests.catalog.crawl.conftest import postgres_database  # noqa: F401 - a fixture
from tests.factories import UserFactory
from tests.governance.pii.labelled import build

pytestmark = pytest.mark.django_db(transaction=True)


def load(url: str, labelled) -> None:
    tables = defaultdict(list)
    for item in labelled:
        tables[(item.column.schema, item.column.table)].append(item.column)
    with psycopg.connect(url, autocommit=True) as conn:
        for schema in sorted({schema for schema, _ in tables}):
            conn.execute(f'CREATE SCHEMA "{schema}"')
        for (schema, table), columns in tables.items():
            names = ", ".join(f'"{c.column}" text' for c in columns)
            conn.execute(f'CREATE TABLE "{schema}"."{table}" ({names})')
            rows = max(len(c.values) for c in columns)
            data = [[_text(c.values, i) for c in columns] for i in range(rows)]
            marks = ", ".join(["%s"] * len(columns))
            with conn.cursor() as cursor:
                cursor.executemany(f'INSERT INTO "{schema}"."{table}" VALUES ({marks})', data)


def _text(values, index):
    return str(values[index]) if index < len(values) and values[index] is not None else None


@pytest.fixture
def labelled_source(postgres_database):  # noqa: F811
    labelled = build()
    load(postgres_database, labelled)
    source = source_save(user=SYSTEM, name="People", url=postgres_database)
    run, _ = crawl_request(user=SYSTEM, source=source, enqueue=False)
    crawl_source(run_id=run.pk)
    return source, labelled


def test_pii_report_after_a_crawl_reaches_the_targets(labelled_source):
    source, labelled = labelled_source
    out = io.StringIO()
    call_command("pii_report", source.slug, format="json", stdout=out)
    answers = {(r["schema"], r["table"], r["column"]): r for r in json.loads(out.getvalue())}
    assert all(set(r) == {"schema", "table", "column", "pii", "kind"} for r in answers.values())
    tp = fp = fn = 0
    for item in labelled:
        answer = answers[(item.column.schema, item.column.table, item.column.column)]
        predicted = answer["kind"] if answer["pii"] else None
        tp += bool(predicted and predicted == item.kind)
        fp += bool(predicted and predicted != item.kind)
        fn += bool(item.kind and predicted != item.kind)
    precision, recall = tp / (tp + fp), tp / (tp + fn)
    assert precision >= 0.95 and recall >= 0.95, (precision, recall)


def test_a_stewards_decision_wins_over_the_next_crawl_and_is_audited(labelled_source, client):
    source, _ = labelled_source
    email = PiiClassification.objects.get(column__table__name="customers", column__name="email")
    status = PiiClassification.objects.get(column__table__name="customers", column__name="phone")
    steward = UserFactory(username="stella", role=STEWARD)
    client.force_login(steward)
    client.post(reverse("governance-pii-decide"), {"ids": [email.pk], "action": "accept"})
    client.post(reverse("governance-pii-decide"), {"ids": [status.pk], "action": "reject"})
    run, _ = crawl_request(user=SYSTEM, source=source, enqueue=False)
    crawl_source(run_id=run.pk)
    email.refresh_from_db()
    status.refresh_from_db()
    assert (email.status, email.kind) == ("accepted", "email")
    assert status.status == "rejected"  # not suggested again
    actions = list(AuditEvent.objects.values_list("action", "actor_name"))
    assert ("pii.accept", "stella") in actions and ("pii.reject", "stella") in actions
    with pytest.raises(PermissionError):
        AuditEvent.objects.all().delete()


def test_viewers_see_pii_masked_in_every_channel_stewards_see_it(labelled_source, client):
    customers = Table.objects.get(schema__name="crm", name="customers")
    email_column = Column.objects.get(table=customers, name="email")
    real = PiiClassification.objects.get(column=email_column)
    assert real.kind == "email"
    client.force_login(UserFactory(username="vera", role=VIEWER))
    sample = client.get(f"/api/tables/{customers.pk}/samples/").json()
    position = sample["columns"].index("email")
    assert {row[position] for row in sample["rows"]} == {"••••••"} and "email" in sample["masked"]
    for url in (
        reverse("table-tab", args=[customers.pk, "samples"]),
        reverse("table-tab", args=[customers.pk, "overview"]),
        reverse("table-tab", args=[customers.pk, "columns"]),
        reverse("column-detail", args=[email_column.pk]),
        f"/api/tables/{customers.pk}/",
        f"/api/columns/{email_column.pk}/",
    ):
        assert "@example" not in client.get(url).content.decode(), url
    client.force_login(UserFactory(username="stella", role=STEWARD))
    sample = client.get(f"/api/tables/{customers.pk}/samples/").json()
    assert any("@" in (row[position] or "") for row in sample["rows"])


def test_only_stewards_review_and_viewers_cannot_decide(labelled_source, client):
    pending = PiiClassification.objects.filter(status="suggested").first()
    client.force_login(UserFactory(username="vera", role=VIEWER))
    assert client.get(reverse("governance-pii-queue")).status_code == 403
    assert (
        client.post(reverse("governance-pii-decide"), {"ids": [pending.pk], "action": "accept"}).status_code
        == 403
    )
    api = client.post(
        f"/api/governance/pii/{pending.pk}/decision/", {"accept": True}, content_type="application/json"
    )
    assert api.status_code == 403
    pending.refresh_from_db()
    assert pending.status == "suggested" and not AuditEvent.objects.exists()
    client.force_login(UserFactory(username="stella", role=STEWARD))
    page = client.get(reverse("governance-pii-queue")).content.decode()
    assert pending.column.name in page
    api = client.post(
        f"/api/governance/pii/{pending.pk}/decision/",
        {"accept": True, "kind": "email"},
        content_type="application/json",
    )
    assert api.status_code == 200 and api.json()["status"] == "accepted"


def test_a_recrawl_classifies_what_changed_and_leaves_the_rest(labelled_source, postgres_database):  # noqa: F811
    source, _ = labelled_source
    before = {row[0]: row for row in PiiClassification.objects.values_list()}
    assert before
    with psycopg.connect(postgres_database, autocommit=True) as conn:
        schema, table = Table.objects.filter(source=source).values_list("schema__name", "name").first()
        conn.execute(f'ALTER TABLE "{schema}"."{table}" ADD COLUMN contact_email text')
        conn.execute(
            f"UPDATE \"{schema}\".\"{table}\" SET contact_email = 'ann.lee' || random() || '@example.org'"
        )
    run, _ = crawl_request(user=SYSTEM, source=source, enqueue=False)
    crawl_source(run_id=run.pk)
    new = PiiClassification.objects.get(column__table__name=table, column__name="contact_email")
    assert (new.status, new.kind) == ("suggested", "email")
    assert {row[0]: row for row in PiiClassification.objects.exclude(pk=new.pk).values_list()} == before


def test_a_source_classified_a_few_tables_at_a_time_gets_the_same_suggestions(labelled_source, monkeypatch):
    # Big sources are classified in passes of TABLES_PER_PASS tables (bounded memory and id lists):
    # the passes must not change what is suggested, nor lose a table at their seams.
    from governance.services import pii

    source, _ = labelled_source
    tables = Table.objects.filter(source=source).count()
    whole = set(PiiClassification.objects.values_list("column_id", "kind", "confidence"))
    assert tables > 6 and len(whole) > 10
    PiiClassification.objects.all().delete()
    monkeypatch.setattr(pii, "TABLES_PER_PASS", 3)
    pii.classify_source(source)
    assert set(PiiClassification.objects.values_list("column_id", "kind", "confidence")) == whole
