"""`kg cypher`: Cypher over a graph database written by `kg load --db`."""
from __future__ import annotations

from pathlib import Path

import click

from kg.cli.app import main


@main.command()
@click.argument("db", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("query")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table", show_default=True)
def cypher(db: Path, query: str, fmt: str) -> None:
    """Run a Cypher query on a Ladybug database made by `kg load GRAPH --db PATH` (opened read-only).

    Example: kg cypher output/graph.lbug 'MATCH (p:Person)-[m:MEMBER_OF]->(o:Organization) RETURN p.name, m.role, o.name'
    """
    from kg.load import run_cypher
    from kg.load.cypher_output import write_cypher

    click.echo(write_cypher(run_cypher(db, query), fmt), nl=False)
