"""Demo source database generator.

A plain Python package (no Django) that builds a small, deterministic, fake "enterprise" source
database -- hospital payments (``ipps``), provider identifiers (``npi``), education statistics
(``ed_stats``) and retail banking (``bank``) -- on SQLite, PostgreSQL or MariaDB/MySQL, plus an
analyst query log.  See ``docs/demo.md``.
"""

from demo.data import DESCRIPTIONS, SCHEMAS, Dataset, fingerprint, generate
from demo.querylog import QueryLogEntry, generate_query_log, write_query_log
from demo.writers import build_all, build_mysql, build_postgres, build_sqlite

__all__ = [
    "DESCRIPTIONS",
    "SCHEMAS",
    "Dataset",
    "QueryLogEntry",
    "build_all",
    "build_mysql",
    "build_postgres",
    "build_sqlite",
    "fingerprint",
    "generate",
    "generate_query_log",
    "write_query_log",
]
