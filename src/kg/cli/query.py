"""`kg query`: SPARQL over a graph file."""
from __future__ import annotations

from pathlib import Path

import click

from kg.cli.app import main

FORMATS = ["table", "csv", "tsv", "json", "xml", "ttl", "nt"]


@main.command()
@click.argument("graph", type=click.Path(path_type=Path))
@click.argument("query", required=False)
@click.option("--file", "query_file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Read the SPARQL query from a file.")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True,
              help="SELECT/ASK: table, or the W3C results formats csv, tsv, json, xml. "
                   "CONSTRUCT/DESCRIBE: ttl (also under 'table') or nt.")
@click.option("--engine", type=click.Choice(["oxigraph", "rdflib"]), default="oxigraph", show_default=True,
              help="The SPARQL engine; both give the same answers, oxigraph much faster.")
def query(graph: Path, query: str | None, query_file: Path | None, fmt: str, engine: str) -> None:
    """Run a SPARQL 1.1 query (SELECT, ASK, CONSTRUCT, DESCRIBE) on a graph file
    (.ttl, .nt, .nq, .trig, .jsonld); kg:, schema:, org:, prov:, skos:, rdf:, rdfs:, xsd:
    and id: are predeclared.

    Example: kg query output/graph.ttl 'SELECT ?n WHERE { ?p a schema:Person; schema:name ?n }' --format csv
    """
    from kg.query import run_query

    if (query is None) == (query_file is None):
        raise click.UsageError("give a QUERY or --file, not both")
    text = query if query is not None else query_file.read_text(encoding="utf-8")
    click.echo(run_query(graph, text, fmt, engine), nl=False)
