"""Lineage of views, read from the definitions a crawl harvested. Kept current by every crawl."""

from django.db import transaction

from catalog.engines import dialect_for_source
from catalog.models import Table
from lineage.extraction import SchemaResolver, extract_lineage
from lineage.models import LineageStatement, Origin
from lineage.names import CatalogNames
from lineage.services.record import statements_record


@transaction.atomic
def view_lineage_refresh(*, source) -> int:
    """Replace the view lineage of `source` with what its current view definitions say.

    Returns how many views were read. Views are read with the source's own catalog as the schema
    resolver, so `*` expands and unqualified columns resolve.
    """
    LineageStatement.objects.filter(source=source, origin=Origin.VIEW).delete()
    views = (
        Table.objects.filter(source=source, removed_at__isnull=True, hidden=False)
        .exclude(kind=Table.Kind.TABLE)
        .exclude(definition="")
        .select_related("schema")
    )
    if not views:
        return 0
    names = CatalogNames.for_source(source)
    # One resolver for all views: building it per view is O(views × columns).
    resolver = SchemaResolver(names.schema)
    dialect = dialect_for_source(source)
    results, read = [], []
    for view in views:
        statements = extract_lineage(
            view.definition, dialect, default_schema=view.schema.name.lower(), schema=resolver
        )
        if statements:
            results.append(statements[0])
            read.append(view)
    statements_record(
        results=results, origin=Origin.VIEW, names=names, dialect=dialect, source=source, views=read
    )
    return len(read)
