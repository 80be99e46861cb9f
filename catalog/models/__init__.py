from catalog.models.assets import Column, ColumnProfile, Constraint, Schema, Table, TableChange, TableSample
from catalog.models.crawl import CrawlRun
from catalog.models.search import SearchDocument, SearchFacet, SearchName, SearchTerm, SearchTermKey
from catalog.models.sources import DataSource

__all__ = [
    "Column",
    "ColumnProfile",
    "Constraint",
    "CrawlRun",
    "DataSource",
    "Schema",
    "SearchDocument",
    "SearchFacet",
    "SearchName",
    "SearchTerm",
    "SearchTermKey",
    "Table",
    "TableChange",
    "TableSample",
]
