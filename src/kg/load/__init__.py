"""Putting a graph file somewhere it can be queried: a running RDF store (SPARQL 1.1 Graph Store
HTTP Protocol, one named graph per article or the default graph) or an embedded property-graph
database (Ladybug, queried with Cypher)."""
from __future__ import annotations

from pathlib import Path

from kg.load.graphdb import CypherResult, run_cypher, write_database
from kg.load.partition import partition
from kg.load.property_graph import PropertyGraph, to_property_graph
from kg.load.store import PushReport, push

__all__ = ["CypherResult", "PropertyGraph", "PushReport", "load_database", "partition", "push", "run_cypher",
           "to_property_graph", "write_database"]


def load_database(graph_path: Path, db_path: Path) -> dict[str, int]:
    """The graph file as a Ladybug database at db_path; nodes and relationships per table."""
    from kg.validate import load_graph

    return write_database(to_property_graph(load_graph(graph_path)), db_path)
