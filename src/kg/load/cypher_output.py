"""Cypher answers as text: a readable table, CSV, or JSON ({"columns": [...], "rows": [[...]]})."""
from __future__ import annotations

import csv
import datetime as dt
import io
import json

from kg.load.graphdb import CypherResult

FORMATS = ("table", "csv", "json")


def _plain(value: object) -> object:
    """A value JSON can hold: nodes and relationships as dicts without the database's internal
    ids, dates as ISO strings."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items() if k not in ("_id", "_ID", "_src", "_dst")}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, (dt.date, dt.datetime, dt.timedelta)):
        return str(value)
    return value


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, (dict, list, tuple)):
        return json.dumps(_plain(value), ensure_ascii=False, sort_keys=True)
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def write_cypher(result: CypherResult, fmt: str) -> str:
    if fmt == "json":
        return json.dumps({"columns": result.columns, "rows": _plain(result.rows)}, ensure_ascii=False,
                          sort_keys=True) + "\n"
    rows = [[_cell(v) for v in row] for row in result.rows]
    if fmt == "csv":
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(result.columns)
        w.writerows(rows)
        return buf.getvalue()
    widths = [max([len(c)] + [len(r[i]) for r in rows]) for i, c in enumerate(result.columns)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(result.columns, widths)).rstrip(),
             "  ".join("-" * w for w in widths)]
    lines += ["  ".join(v.ljust(w) for v, w in zip(r, widths)).rstrip() for r in rows]
    return "\n".join(lines) + f"\n({len(rows)} rows)\n"
