"""PII detection as a pure library (no Django): column names and sampled values in, suggestions
with their evidence out. The governance app runs it on every crawl; anyone may use it alone."""

from governance.pii.detect import KINDS, ColumnInfo, Suggestion, detect, detect_table
from governance.pii.propagate import propagate

__all__ = ["KINDS", "ColumnInfo", "Suggestion", "detect", "detect_table", "propagate"]
