"""`kg export`: a graph file to another format."""
from __future__ import annotations

from pathlib import Path

import click

from kg.cli.app import main
from kg.errors import KgError


@main.command()
@click.argument("graph", type=click.Path(path_type=Path))
@click.option("--format", "fmt", required=True,
              help="Output format: ttl, nt, nq, trig, jsonld, graphml, neo4j (a folder) or cypher.")
@click.option("--out", "out", required=True, type=click.Path(path_type=Path),
              help="File to write (for neo4j: the folder).")
def export(graph: Path, fmt: str, out: Path) -> None:
    """Read a graph file (.ttl, .nt, .nq, .trig, .jsonld) and write it in another format.

    Example: kg export output/graph.ttl --format neo4j --out output/graph.neo4j
    """
    from kg.export import EXPORTERS
    from kg.export import export as write
    from kg.validate import load_graph

    if fmt not in EXPORTERS:
        raise KgError(f"unknown output format {fmt!r}; known: {', '.join(sorted(EXPORTERS))}")
    click.echo(f"wrote {write(load_graph(graph), fmt, out)}")
