"""Catalog rows of a source shaped like bench/large_source.py, written straight into the catalog.

For benchmarks that measure what happens after a crawl (ingestion, serving pages): writing the
rows directly takes seconds where building and crawling a source takes minutes.
"""

from __future__ import annotations

import random

from bench import large_source

TABLES_PER_SCHEMA = 200
WORDS = (
    "orders customers payments invoices shipments returns claims providers patients discharges "
    "hospital region state daily monthly revenue refunds drg diagnosis students schools scores "
    "accounts transactions balances branches loans deposits archive staging summary snapshot"
).split()


def catalog_rows(tables: int, *, name: str = "Bench", seed: int = 5):
    """A source with `tables` tables of 20 columns in schemas of 200, with short descriptions."""
    from catalog.models import Column, DataSource, Schema, Table

    rng = random.Random(seed)
    source = DataSource.objects.create(
        name=name,
        slug=name.lower().replace(" ", "-"),
        url="postgresql://bench@127.0.0.1:5432/bench",
        engine="postgresql",
    )
    schemas = Schema.objects.bulk_create(
        [
            Schema(source=source, name=large_source.schema_name(s))
            for s in range((tables + TABLES_PER_SCHEMA - 1) // TABLES_PER_SCHEMA)
        ]
    )
    made = Table.objects.bulk_create(
        [
            Table(
                source=source,
                schema=schemas[i // TABLES_PER_SCHEMA],
                name=large_source.table_name(i),
                description=" ".join(rng.sample(WORDS, 6)).capitalize() + ".",
                row_count=rng.randrange(0, 10_000_000),
            )
            for i in range(tables)
        ],
        batch_size=2000,
    )
    names = large_source.column_names()
    Column.objects.bulk_create(
        (
            Column(table=table, name=column, position=p, data_type="text")
            for table in made
            for p, column in enumerate(names, 1)
        ),
        batch_size=5000,
    )
    return source
