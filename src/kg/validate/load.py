"""Reading RDF files by extension, with errors a user can act on."""
from __future__ import annotations

import json
import logging
import re
from pathlib import Path

from rdflib import Dataset, Graph, URIRef
from rdflib.plugins.parsers.notation3 import BadSyntax

from kg.errors import GraphLoadError

FORMATS = {".ttl": "turtle", ".nt": "nt", ".nq": "nquads", ".trig": "trig",
           ".jsonld": "json-ld", ".json": "json-ld"}
_QUADS = {"nquads", "trig"}
_LINE_BASED = {"nt", "nquads"}
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
        raise GraphLoadError(_parse_error(path, fmt, exc)) from exc
    finally:
        term_log.setLevel(level)
    _check_iris(path, fmt, graph)
    return graph


def _check_iris(path: Path, fmt: str, graph: Graph) -> None:
    """rdflib reads `<http://a b>` with only a logged warning; the RDF syntaxes forbid it."""
    for term in (t for triple in graph for t in triple):
        if isinstance(term, URIRef) and _IRI_BAD.search(term):
            where = _find(path, str(term))
            raise GraphLoadError(f"{path}{where}: cannot parse as {fmt}: invalid IRI <{term}> "
                                 "(spaces, quotes, <>{}|^`\\ and control characters are not allowed)")


def _find(path: Path, text: str) -> str:
    """':LINE:COLUMN' of the first place `text` occurs in the file, or ''."""
    with path.open(encoding="utf-8", errors="replace") as lines:
        for number, line in enumerate(lines, start=1):
            if text in line:
                return f":{number}:{line.index(text) + 1}"
    return ""


def _parse_error(path: Path, fmt: str, exc: Exception) -> str:
    """One line: FILE:LINE:COLUMN where known, then the parser's own reason."""
    where, why = "", " ".join(str(exc).replace("<>:", "").split())
    if isinstance(exc, BadSyntax):  # Turtle, TriG: the parser keeps the text and the offset
        full = exc._str.decode("utf-8", errors="replace")
        at = exc._i if 0 <= exc._i <= len(full) else len(full)  # -1 at end of input
        line, col = full.count("\n", 0, at) + 1, at - (full.rfind("\n", 0, at) + 1) + 1
        near = full[at:at + 30]
        where, why = f":{line}:{col}", f"{exc._why} (near {near!r})"
    elif isinstance(exc, json.JSONDecodeError):
        where, why = f":{exc.lineno}:{exc.colno}", exc.msg
    elif fmt in _LINE_BASED:
        number, col = _bad_line(path, fmt)
        if number:
            where = f":{number}:{col}"
    return f"{path}{where}: cannot parse as {fmt}: {why[:300]}"


def _bad_line(path: Path, fmt: str) -> tuple[int, int]:
    """The first line of an N-Triples/N-Quads file that fails alone (the parser does not
    count lines); column 1 of it, or (0, 0) when every line parses alone."""
    with path.open(encoding="utf-8", errors="replace") as lines:
        for number, line in enumerate(lines, start=1):
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            try:
                (Dataset() if fmt == "nquads" else Graph()).parse(data=line, format=fmt)
            except Exception:  # noqa: BLE001 - any failure marks the line
                return number, len(line) - len(line.lstrip()) + 1
    return 0, 0
