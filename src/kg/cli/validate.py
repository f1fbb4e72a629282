"""`kg validate`: check a graph file against the SHACL shapes."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from kg.cli.app import main


@main.command(name="validate")
@click.argument("graph", type=click.Path(path_type=Path))
@click.option("--engine", type=click.Choice(["fast", "pyshacl"]), default="fast", show_default=True,
              help="fast: kg's compiled validator; pyshacl: the reference. Same results.")
def validate_cmd(graph: Path, engine: str) -> None:
    """Validate a graph file against the SHACL shapes: exit 0 conforms, 1 violations, 2 error.

    On violations the report names each result's focus node, path, constraint and value; a
    file that does not parse gives the parser's line and column.

    Example: kg validate output/graph.ttl --engine pyshacl
    """
    from kg.validate import load_graph, validate

    report = validate(load_graph(graph), engine=engine)
    if report.conforms:
        click.echo("conforms")
        return
    click.echo(report.text)
    sys.exit(1)
