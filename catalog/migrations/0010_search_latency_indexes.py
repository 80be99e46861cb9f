from django.db import migrations


class Migration(migrations.Migration):
    """Search ranks the documents holding every word in their names first, and stops there when
    nothing else can score higher; that bound reads the highest boost of the index, which this
    index answers without reading the table (catalog.search.query._ranked_rows)."""

    dependencies = [("catalog", "0009_engine_choices_from_connectors")]

    operations = [
        migrations.RunSQL(
            "CREATE INDEX IF NOT EXISTS search_doc_boost ON catalog_searchdocument (boost)",
            "DROP INDEX IF EXISTS search_doc_boost",
        )
    ]
