"""Export: a graph to a file, one small Exporter class per format, chosen by name.

`export(graph, "ttl", path)` writes atomically (temporary file, then rename) and
deterministically (the same graph gives the same bytes). Formats: EXPORTERS's keys.
"""
from __future__ import annotations

from pathlib import Path

from rdflib import Graph

from kg.export.base import Exporter, write_atomic
from kg.export.graphml import GraphMLExporter
from kg.export.ntriples import NTriplesExporter
from kg.export.turtle import TurtleExporter

EXPORTERS: dict[str, type[Exporter]] = {
    cls.name: cls for cls in (TurtleExporter, NTriplesExporter, GraphMLExporter)
}

__all__ = ["EXPORTERS", "Exporter", "export"]


def export(graph: Graph, fmt: str, path: Path) -> Path:
    """Write `graph` to `path` in format `fmt` ('ttl', 'nt', 'graphml'); returns the path."""
    if fmt not in EXPORTERS:
        raise ValueError(f"unknown export format {fmt!r}; known: {', '.join(EXPORTERS)}")
    return write_atomic(Path(path), EXPORTERS[fmt](), graph)
