"""Query-log analysis as a pure library (no Django): read logs, fingerprint statements, resolve
what each one reads, joins and filters against a catalog, and count it as the usage report does.
The usage app stores and shows the results; anyone may use this library on its own."""

from usage.analysis.catalog import Catalog
from usage.analysis.counter import ShapeAnalyzer, UsageCounter, build_report
from usage.analysis.facts import FilterUse, StatementFacts, analyze
from usage.analysis.fingerprint import fingerprint, normalize
from usage.analysis.records import LogError, QueryRecord, read_log

__all__ = ["Catalog", "FilterUse", "LogError", "QueryRecord", "ShapeAnalyzer", "StatementFacts",
           "UsageCounter", "analyze", "build_report", "fingerprint", "normalize", "read_log"]  # fmt: skip
