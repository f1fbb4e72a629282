"""`kg query`: SPARQL over a graph file."""
from __future__ import annotations

from pathlib import Path

import click

from kg.cli.app import main


@main.command()
@click.argument("graph", type=click.Path(path_type=Path))
@click.argument("query", required=False)
@click.option("--file", "query_file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Read the SPARQL query from a file.")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "tsv", "json"]), default="table", show_default=True)
def query(graph: Path, query: str | None, query_file: Path | None, fmt: str) -> None:
    """Run a SPARQL query on a graph file.

    Example: kg query output/graph.ttl 'SELECT ?n WHERE { ?p a schema:Person; schema:name ?n }'
    """
    from kg.query import run_query

    if (query is None) == (query_file is None):
        raise click.UsageError("give a QUERY or --file, not both")
    text = query if query is not None else query_file.read_text(encoding="utf-8")
    click.echo(run_query(graph, text, fmt), nl=False)
