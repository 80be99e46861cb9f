"""A small catalog, indexed, that every search test (on either backend) runs against."""

import pytest

from catalog.models import SearchDocument
from catalog.search import index_source
from catalog.search.ranking import static_boost
from catalog.search.registry import type_weight
from tests.factories import ColumnFactory, DataSourceFactory, SchemaFactory, TableFactory


class Catalog:
    """Named objects of the small catalog, for assertions."""


@pytest.fixture
def catalog(db):
    c = Catalog()
    c.hospital = DataSourceFactory(name="Demo Hospital", slug="demo-hospital")
    c.bank_source = DataSourceFactory(name="Retail Bank", slug="retail-bank")
    c.ipps = SchemaFactory(source=c.hospital, name="ipps", description="Inpatient prospective payment system")
    c.npi = SchemaFactory(source=c.hospital, name="npi")
    c.bank = SchemaFactory(source=c.bank_source, name="bank")
    c.summ = TableFactory(
        schema=c.ipps,
        name="summ_top_drg",
        title="Top DRGs by hospital",
        description="Discharges and <b>payments</b> of the **top 100** diagnosis related groups (DRG < 1e3).",
    )
    c.drg_definition = ColumnFactory(table=c.summ, name="drg_definition", description="DRG code and name")
    c.payments_col = ColumnFactory(
        table=c.summ, name="averageTotalPayments", description="Average of total payments, in dollars"
    )
    ColumnFactory(table=c.summ, name="provider_id", description="CMS certification number")
    c.providers = TableFactory(schema=c.npi, name="providers", description="Registered care providers")
    ColumnFactory(table=c.providers, name="npi", description="National provider identifier")
    ColumnFactory(table=c.providers, name="taxonomy_code", description="Specialty of the provider")
    c.accounts = TableFactory(schema=c.bank, name="accounts", description="Customer accounts")
    ColumnFactory(table=c.accounts, name="iban", description="International bank account number")
    c.transactions = TableFactory(schema=c.bank, name="card_transactions", title="Card payments")
    ColumnFactory(table=c.transactions, name="merchant_name", description="Who was paid")
    c.payments = TableFactory(schema=c.bank, name="payments", description="Outgoing transfers")
    c.payments_daily = TableFactory(schema=c.bank, name="payments_daily", description="Payments per day")
    c.view = TableFactory(schema=c.bank, name="balances_view", kind="view", description="Balance per account")
    for source in (c.hospital, c.bank_source):
        index_source(source)
    return c


@pytest.fixture
def app_signals(monkeypatch):
    """Facets and ranking signals as an app would register them (the core registers none)."""
    import math

    from catalog.search import registry

    monkeypatch.setitem(registry._FACETS, "tag", registry.Facet("tag", "Tag", badge=True, searchable=True))
    monkeypatch.setitem(registry._FACETS, "trust", registry.Facet("trust", "Trust", badge=True))
    factors = {"endorsed": 1.25, "deprecated": 0.3}
    monkeypatch.setitem(
        registry._SIGNALS,
        "popularity",
        registry.RankingSignal(
            "popularity",
            "Popularity",
            lambda users: 1 + 0.5 * math.log1p(users or 0),
            lambda n: f"used by {n} people",
        ),
    )
    monkeypatch.setitem(
        registry._SIGNALS,
        "trust",
        registry.RankingSignal(
            "trust", "Trust", lambda flags: math.prod(factors.get(f, 1.0) for f in flags or ())
        ),
    )


def set_signals(obj, **fields):
    """Set ranking signals on an object's document directly, as later issues will fill them."""
    doc = SearchDocument.objects.get(object_id=obj.pk, content_type__model=type(obj)._meta.model_name)
    for key, value in fields.items():
        setattr(doc, key, value)
    doc.boost = static_boost(
        type_weight=type_weight(doc.asset_type), signals=doc.signals, removed=doc.removed
    )
    doc.save()
    return doc
