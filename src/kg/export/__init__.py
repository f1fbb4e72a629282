"""Export: a graph to a file, one small Exporter class per format, chosen by name.

`export(graph, "ttl", path)` writes atomically (temporary file, then rename) and
deterministically (the same graph gives the same bytes). Formats: EXPORTERS's keys; `neo4j` writes a folder (kg.export.folder).
"""
from __future__ import annotations

from pathlib import Path

from rdflib import Graph

from kg.export.base import Exporter, as_graph, write_atomic
from kg.export.cypher import CypherExporter
from kg.export.folder import FolderExporter, write_folder_atomic
from kg.export.graphml import GraphMLExporter
from kg.export.jsonld import JsonLdExporter
from kg.export.neo4j import Neo4jExporter
from kg.export.nquads import NQuadsExporter
from kg.export.ntriples import NTriplesExporter
from kg.export.trig import TriGExporter
from kg.export.turtle import TurtleExporter
from kg.triples import Table

EXPORTERS: dict[str, type[Exporter]] = {
    cls.name: cls for cls in (TurtleExporter, NTriplesExporter, GraphMLExporter, NQuadsExporter,
                              TriGExporter, JsonLdExporter, Neo4jExporter, CypherExporter)
}

__all__ = ["EXPORTERS", "Exporter", "export"]


def export(graph: Graph | Table, fmt: str, path: Path) -> Path:
    """Write `graph` (an rdflib Graph or a kg.triples.Table) to `path` in format `fmt` (a key
    of EXPORTERS); returns the path. A folder format (neo4j) takes `path` as the folder to
    write. A Table given to a writer that needs a Graph is made into one first."""
    if fmt not in EXPORTERS:
        raise ValueError(f"unknown export format {fmt!r}; known: {', '.join(EXPORTERS)}")
    exporter = EXPORTERS[fmt]()
    if not exporter.reads_table:
        graph = as_graph(graph)
    if isinstance(exporter, FolderExporter):
        return write_folder_atomic(Path(path), exporter, graph)
    return write_atomic(Path(path), exporter, graph)
