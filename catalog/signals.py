"""Signals for apps built on the catalog (the catalog imports none of them).

crawl_succeeded(sender=CrawlRun, run=run, changed_tables=frozenset of ids): a crawl saved its
catalog; lineage reads view definitions from it. `changed_tables` are the tables of which the crawl
changed anything it stores (the row, a column, a key, the sample or a profile, or the table came,
went, was hidden or shown): an app that works table by table need not look at the others again,
and a crawl that changed nothing sends it empty. Receivers run in the crawl's task, after the
catalog transaction committed; one that fails adds a warning to the run instead of failing it. A
receiver may return a list of warnings ({"code", "message", "object"}) to add to the run (a
feature the source lacks, say).

asset_annotated(sender=model, asset=asset, user=user or None, changes={field: (before, after)}):
someone changed the title or description of a source, schema, table or column (after the
transaction committed). Discussions record mentions and notify followers; governance may audit.

queries_observed(sender=model, source=source, statements=[(sql, default_schema), …]): an app
that reads query history (usage) saw these statements run on `source` for the first time;
lineage keeps the edges of those that write (INSERT … SELECT, CREATE TABLE … AS) as "query
history" lineage. Sent after the ingestion committed; the sender ignores receivers' failures.
"""

from django.dispatch import Signal

crawl_succeeded = Signal()
asset_annotated = Signal()
queries_observed = Signal()
