"""`kg validate`: check a graph file against the SHACL shapes."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from kg.cli.app import main


@main.command(name="validate")
@click.argument("graph", type=click.Path(path_type=Path))
def validate_cmd(graph: Path) -> None:
    """Validate a graph file against the SHACL shapes: exit 0 conforms, 1 violations, 2 error.

    Example: kg validate output/graph.ttl
    """
    from kg.validate import load_graph, validate

    report = validate(load_graph(graph))
    if report.conforms:
        click.echo("conforms")
        return
    click.echo(report.text)
    sys.exit(1)
