"""Reading RDF files by extension, with errors a user can act on."""
from __future__ import annotations

import json
import logging
import re
from pathlib import Path

from rdflib import Dataset, Graph, URIRef

from kg.errors import GraphLoadError

FORMATS = {".ttl": "turtle", ".nt": "nt", ".nq": "nquads", ".trig": "trig",
           ".jsonld": "json-ld", ".json": "json-ld"}
_QUADS = {"nquads", "trig"}
# characters the RDF syntaxes forbid inside <...>; rdflib lets them through with a log line
_IRI_BAD = re.compile(r'[\x00-\x20<>"{}|^`\\]')


def load_graph(path: Path | str) -> Graph:
    """Parse an RDF file; named graphs (nq, trig) are merged into one graph.

    Raises GraphLoadError naming the file, with the parser's message (its line and column
    where the parser gives them), for a missing file, an unknown extension or bad syntax.
    """
    path = Path(path)
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise GraphLoadError(f"{path}: unknown RDF extension {path.suffix!r}; "
                             f"known: {', '.join(FORMATS)}")
    if not path.is_file():
        raise GraphLoadError(f"{path}: no such file")
    term_log = logging.getLogger("rdflib.term")  # its warning about a bad IRI: we report it
    level = term_log.level
    term_log.setLevel(logging.ERROR)
    try:
        if fmt in _QUADS:
            ds = Dataset()
            ds.parse(path, format=fmt)
            graph = Graph()
            for s, p, o, _ in ds.quads((None, None, None, None)):
                graph.add((s, p, o))
        else:
            graph = Graph().parse(path, format=fmt)
    except Exception as exc:  # noqa: BLE001 - rdflib's parsers raise many unrelated types
        where = _where(exc, path, fmt)
        if where:
            raise GraphLoadError(f"{path}: line {where[0]}, column {where[1]}: cannot parse as {fmt}: "
                                 f"{_reason(exc)}") from exc
        # one line: the parser's own message
        detail = " ".join(str(exc).replace("<>:", "").split())[:300]
        raise GraphLoadError(f"{path}: cannot parse as {fmt}: {detail}") from exc
    finally:
        term_log.setLevel(level)
    _check_iris(path, fmt, graph)
    return graph


def _reason(exc: Exception) -> str:
    why = getattr(exc, "_why", None) or getattr(exc, "msg", None) or str(exc)
    return " ".join(str(why).split())[:200]


def _where(exc: Exception, path: Path, fmt: str) -> tuple[int, int] | None:
    """(line, column), both from 1, of a Turtle, TriG, N-Triples, N-Quads or JSON syntax error."""
    from rdflib.plugins.parsers.notation3 import BadSyntax

    if isinstance(exc, BadSyntax):  # Turtle, TriG: the parser keeps the text and the offset
        text, offset = exc._str, exc._i
        if not 0 <= offset <= len(text):  # -1 at the end of the input
            offset = len(text)
        if isinstance(text, bytes):
            start = text.rfind(b"\n", 0, offset) + 1
            column = len(text[start:offset].decode("utf-8", "replace")) + 1
        else:
            column = offset - (text.rfind("\n", 0, offset) + 1) + 1
        return exc.lines + 1, column
    if isinstance(exc, json.JSONDecodeError):
        return exc.lineno, exc.colno
    if fmt == "nt":  # N-Triples: rdflib says what is wrong but not where; find the line
        return _nt_where(path)
    if fmt == "nquads":
        return _first_bad_line(path)
    return None


def _nt_where(path: Path) -> tuple[int, int] | None:
    from rdflib.plugins.parsers.ntriples import ParseError, W3CNTriplesParser

    class _Sink:
        def triple(self, *_: object) -> None:
            pass

    parser = W3CNTriplesParser(_Sink())
    with open(path, encoding="utf-8", errors="replace") as lines:
        for number, line in enumerate(lines, 1):
            text = line.rstrip("\r\n")
            parser.line = text
            try:
                parser.parseline()
            except ParseError:
                rest = parser.line or ""
                return number, len(text) - len(rest) + 1
    return None


def _first_bad_line(path: Path) -> tuple[int, int] | None:
    """The first N-Quads line that fails alone (column of its first character)."""
    with open(path, encoding="utf-8", errors="replace") as lines:
        for number, line in enumerate(lines, 1):
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            try:
                Dataset().parse(data=line, format="nquads")
            except Exception:  # noqa: BLE001 - any failure marks the line
                return number, len(line) - len(line.lstrip()) + 1
    return None


def _check_iris(path: Path, fmt: str, graph: Graph) -> None:
    for term in (t for triple in graph for t in triple):
        if isinstance(term, URIRef) and _IRI_BAD.search(term):
            where = _find(path, str(term))
            at = f" line {where[0]}, column {where[1]}:" if where else ""
            raise GraphLoadError(f"{path}:{at} cannot parse as {fmt}: invalid IRI <{term}> "
                                 "(spaces, quotes, <>{}|^`\\ and control characters are not allowed)")


def _find(path: Path, text: str) -> tuple[int, int] | None:
    """(line, column) of the first place `text` occurs in the file."""
    with open(path, encoding="utf-8", errors="replace") as lines:
        for number, line in enumerate(lines, 1):
            if text in line:
                return number, line.index(text) + 1
    return None
