"""Hand-labelled lineage corpus: each case gives the expected target, sources and column edges.

``columns`` maps each output column to its sorted source columns; ``None`` means the statement
has no column lineage; ``error=True`` marks SQL that must fail. ``schema`` (optional) is passed
as the resolver mapping.
"""

from .bigquery_cases import CASES as BIGQUERY
from .hive_spark_cases import CASES as HIVE_SPARK
from .mysql_cases import CASES as MYSQL
from .postgres_cases import CASES as POSTGRES
from .regression_cases import CASES as REGRESSIONS
from .snowflake_cases import CASES as SNOWFLAKE
from .tsql_duckdb_cases import CASES as TSQL_DUCKDB

CASES = POSTGRES + MYSQL + SNOWFLAKE + BIGQUERY + HIVE_SPARK + TSQL_DUCKDB + REGRESSIONS


__all__ = ["CASES"]
