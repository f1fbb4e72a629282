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
        # one line: the parser's own message, with its line (and column where it gives one)
        detail = " ".join(str(exc).replace("<>:", "").split())[:300]
        raise GraphLoadError(f"{path}: cannot parse as {fmt}: {detail}") from exc
