"""The shape of a statement: its text with literals replaced, so a log of a million executions
of a few thousand statements is parsed a few thousand times. Regular expressions, not a parser:
a shape must cost microseconds."""

import hashlib
import re

_COMMENTS = re.compile(r"--[^\n]*|/\*.*?\*/", re.DOTALL)
_STRINGS = re.compile(r"(?:[eEnN]|[uU]&)?'(?:[^']|'')*'|\$\$.*?\$\$", re.DOTALL)
_NUMBERS = re.compile(r"(?<![\w.\"$])[-+]?(?:\d+\.?\d*(?:[eE][-+]?\d+)?|\.\d+)(?![\w\"])")
_LISTS = re.compile(r"\(\s*\?(?:\s*,\s*\?)*\s*\)")
_SPACE = re.compile(r"\s+")
_QUOTED = re.compile(r'("(?:[^"]|"")*")')


def normalize(sql: str) -> str:
    # Each pass runs only when its marker is in the text: most log lines need half of them.
    text = _COMMENTS.sub(" ", sql) if "--" in sql or "/*" in sql else sql
    text = _STRINGS.sub("?", text) if "'" in text or "$$" in text else text
    text = _NUMBERS.sub("?", text)
    text = _LISTS.sub("(?)", text) if "?" in text else text
    # Keywords and unquoted names are case-insensitive; "Quoted" names are not.
    if '"' in text:
        text = "".join(part if part.startswith('"') else part.lower() for part in _QUOTED.split(text))
    else:
        text = text.lower()
    return _SPACE.sub(" ", text).strip().rstrip(";").strip()


def fingerprint(sql: str, dialect: str = "postgres") -> str:
    """A short stable key of the statement's shape (same text but literals → same key)."""
    return hashlib.sha1(f"{dialect}\x00{normalize(sql)}".encode(), usedforsecurity=False).hexdigest()
