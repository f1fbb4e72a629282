"""Reading RDF files by extension, with errors a user can act on."""
from __future__ import annotations

from pathlib import Path

from rdflib import Dataset, Graph

from kg.errors import GraphLoadError

FORMATS = {".ttl": "turtle", ".nt": "nt", ".nq": "nquads", ".trig": "trig",
           ".jsonld": "json-ld", ".json": "json-ld"}
_QUADS = {"nquads", "trig"}


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
    try:
        if fmt in _QUADS:
            ds = Dataset()
            ds.parse(path, format=fmt)
            graph = Graph()
            for s, p, o, _ in ds.quads((None, None, None, None)):
                graph.add((s, p, o))
            return graph
        return Graph().parse(path, format=fmt)
    except Exception as exc:  # noqa: BLE001 - rdflib's parsers raise many unrelated types
        where = _where(exc, path, fmt)
        if where:
            raise GraphLoadError(f"{path}: line {where[0]}, column {where[1]}: cannot parse as {fmt}: "
                                 f"{_reason(exc)}") from exc
        # one line: the parser's own message
        detail = " ".join(str(exc).replace("<>:", "").split())[:300]
        raise GraphLoadError(f"{path}: cannot parse as {fmt}: {detail}") from exc


def _reason(exc: Exception) -> str:
    why = getattr(exc, "_why", None) or str(exc)
    return " ".join(str(why).split())[:200]


def _where(exc: Exception, path: Path, fmt: str) -> tuple[int, int] | None:
    """(line, column), both from 1, of a Turtle or N-Triples syntax error."""
    from rdflib.plugins.parsers.notation3 import BadSyntax

    if isinstance(exc, BadSyntax):  # Turtle: the parser keeps the text and the offset
        text, offset = exc._str, exc._i
        if isinstance(text, bytes):
            start = text.rfind(b"\n", 0, offset) + 1
            column = len(text[start:offset].decode("utf-8", "replace")) + 1
        else:
            column = offset - (text.rfind("\n", 0, offset) + 1) + 1
        return exc.lines + 1, column
    if fmt == "nt":  # N-Triples: rdflib says what is wrong but not where; find the line
        return _nt_where(path)
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
