"""JSON Lines articles: one object a line with id, title, text and optional url, published."""
from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from datetime import date, datetime
from pathlib import Path

from kg.errors import InputError
from kg.ingest.decode import read_text
from kg.ingest.text import trim_lines
from kg.model import Article
from kg.normalize.text import clean_text

_JSON_TYPES = {bool: "boolean", int: "number", float: "number", list: "array", dict: "object",
               type(None): "null"}


# said after every strict failure, so the user knows the mode and the way out
STRICT_HINT = " (strict mode, the default; --lenient skips bad records with a warning)"


class _BadRecord(Exception):
    """A line that is not a usable record; the message says why (without file:line)."""


def read_jsonl(path: Path, name: str, *, strict: bool = True,
               warn: Callable[[str], None] | None = None) -> Iterator[Article]:
    """Articles from a .jsonl file, one at a time as its lines are parsed; bad lines raise
    (strict) or are skipped with a warning."""
    found = False
    first_line: dict[str, int] = {}
    skipped = 0
    # split on "\n" only: str.splitlines would also split at U+2028 inside JSON strings
    for number, line in enumerate(read_text(path, name).split("\n"), start=1):
        if not line.strip():
            continue
        try:
            article = _record(line, f"{name}:{number}")
            if article.id in first_line:
                raise _BadRecord(f"duplicate id '{article.id}' (first at line {first_line[article.id]})")
        except _BadRecord as err:
            message = f"{name}:{number}: {err}"
            if strict:
                raise InputError(message + STRICT_HINT) from None
            skipped += 1
            if warn is not None:
                warn("skipped: " + message)
            continue
        first_line[article.id] = number
        found = True
        yield article
    if not found:
        raise InputError(f"{name}: no valid records ({skipped} lines skipped)")


def _record(line: str, source: str) -> Article:
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as err:
        raise _BadRecord(f"malformed JSON ({err.msg} at column {err.colno})") from None
    except RecursionError:  # '[[[[...' thousands deep: the parser gives up, so do we
        raise _BadRecord("malformed JSON (nested too deeply)") from None
    if not isinstance(obj, dict):
        raise _BadRecord(f"expected a JSON object, got {_type(obj)}")
    # each field cleaned once: the emptiness check and the value read the same clean text
    # (the text is most of a record's bytes)
    values = {key: _required(obj, key) for key in ("id", "title", "text")}
    return Article(
        id=values["id"].strip(),
        title=" ".join(values["title"].split()),
        text=trim_lines(values["text"]).strip(),  # tidy_body without a second clean_text
        source=source,
        url=_url(obj.get("url")),
        published=_published(obj.get("published")),
    )


def _required(obj: dict, key: str) -> str:
    """The field, through clean_text; _BadRecord if missing, not a string or empty."""
    if key not in obj:
        raise _BadRecord(f"missing '{key}'")
    value = obj[key]
    if not isinstance(value, str):
        raise _BadRecord(f"'{key}' must be a string, got {_type(value)}")
    value = clean_text(value)
    if not value.strip():
        raise _BadRecord(f"'{key}' is empty")
    return value


def _url(value: object) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise _BadRecord(f"'url' must be a string or null, got {_type(value)}")
    return clean_text(value).strip() or None


def _published(value: object) -> date | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if not isinstance(value, str):
        raise _BadRecord(f"'published' must be a string or null, got {_type(value)}")
    text = value.strip()
    try:
        return date.fromisoformat(text)
    except ValueError:
        pass
    try:
        return datetime.fromisoformat(text).date()
    except ValueError:
        raise _BadRecord(f"'published' is not an ISO date or datetime: {value!r}") from None


def _type(value: object) -> str:
    return _JSON_TYPES.get(type(value), "string")
