"""Fixtures of the security suites: one object of every kind the routes name, and a client per role."""

import pytest

from catalog.models import CrawlRun
from catalog.permissions import SYSTEM
from catalog.roles import ADMIN, CONTRIBUTOR, STEWARD, VIEWER
from tests.factories import ColumnFactory, CrawlRunFactory, TableFactory, UserFactory


@pytest.fixture
def world(db):
    from governance.models import PiiClassification
    from lineage.models import LineageStatement, Origin, TableLineageEdge
    from usage.models import QueryShape, ShapeRuns

    column = ColumnFactory(name="email")
    table = column.table
    other = TableFactory(schema=table.schema)
    run = CrawlRunFactory(source=table.source, status=CrawlRun.Status.SUCCEEDED)
    statement = LineageStatement.objects.create(
        origin=Origin.UPLOAD, table=table, sql="SELEC 1", status=LineageStatement.Status.FAILED
    )
    edge = TableLineageEdge.objects.create(
        origin=Origin.MANUAL, source_table=table, source_name=table.qualified_name, target_table=other,
        target_name=other.qualified_name,
    )  # fmt: skip
    from django.utils import timezone

    now = timezone.now()
    shape = QueryShape.objects.create(
        source=table.source, fingerprint="f" * 40, sql="SELECT 1", first_run=now, last_run=now, executions=1
    )
    ShapeRuns.objects.create(shape=shape, user_name="ana", day=now.date(), executions=1, last_run=now)
    from usage.services.saved import saved_query_create

    saved = saved_query_create(user=SYSTEM, source=table.source, title="Saved", sql="SELECT 1")
    pii = PiiClassification.objects.create(column=column, kind="email", detected_kind="email")
    from discussions.services.posts import conversation_start

    conversation = conversation_start(
        user=SYSTEM, asset_kind="table", asset_id=table.pk, title="Q", body="Hi"
    )
    ids = {
        "table": table.pk,
        "column": column.pk,
        "schema": table.schema_id,
        "run": run.pk,
        "shape": shape.pk,
        "saved": saved.pk,
    }
    ids |= {"pii": pii.pk, "edge": edge.pk, "statement": statement.pk, "conversation": conversation.pk}
    ids |= {"post": conversation.posts.first().pk, "asset_id": table.pk}
    from discussions.services.articles import article_create

    article = article_create(user=SYSTEM, title="A", body="Text", assets=[("table", table.pk)])
    ids |= {"article": article.pk}
    from governance.services.glossary import term_create

    term = term_create(user=SYSTEM, name="Term", definition="Text", assets=[("table", table.pk)])
    ids |= {"term": term.pk}
    return {
        "slug": table.source.slug,
        "name": "ana",
        "tab": "overview",
        "kind": "table",
        "username": "m-viewer",
        **ids,
    }


@pytest.fixture
def clients(client, world):
    from django.test import Client

    users = {
        "viewer": UserFactory(username="m-viewer", role=VIEWER),
        "contributor": UserFactory(username="m-contributor", role=CONTRIBUTOR),
        "steward": UserFactory(username="m-steward", role=STEWARD),
        "admin": UserFactory(username="m-admin", role=ADMIN),
    }
    made = {"anonymous": Client()}
    for role, user in users.items():
        made[role] = Client()
        made[role].force_login(user)
    return made
