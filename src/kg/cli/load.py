"""`kg load`: push a graph into an RDF store, or write it as a property-graph database."""
from __future__ import annotations

from pathlib import Path

import click

from kg.cli.app import main


@main.command()
@click.argument("graph", type=click.Path(path_type=Path))
@click.option("--store", "store_url", metavar="URL",
              help="Graph Store endpoint of a running RDF store (Oxigraph: http://HOST:PORT/store).")
@click.option("--db", "db_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Write an embedded Ladybug graph database (Cypher) at this path, replacing one there.")
@click.option("--graph-per-article/--default-graph", default=True, show_default=True,
              help="With --store: one named graph per article (named by the article's IRI), or all in the default graph.")
@click.option("--quiet", is_flag=True, help="Print nothing on success.")
def load(graph: Path, store_url: str | None, db_path: Path | None, graph_per_article: bool, quiet: bool) -> None:
    """Load a graph file into a running RDF store (--store) or a property-graph database (--db).

    With --store, each article's graph holds the article, its sentences, the facts read from
    them (posts, events, figures, reified relations with their provenance) and the entities it
    mentions; named graphs are replaced (PUT), the default graph added to (POST).

    Example: kg load output/graph.ttl --store http://127.0.0.1:7878/store
             kg load output/graph.ttl --db output/graph.lbug
    """
    from kg.load import load_database, push

    if (store_url is None) == (db_path is None):
        raise click.UsageError("give exactly one of --store URL or --db PATH")
    if store_url is not None:
        report = push(graph, store_url, per_article=graph_per_article)
        named = sum(1 for g in report.graphs if g is not None)
        if not quiet:
            click.echo(f"loaded {report.triples} triples into {store_url}: {named} named graph{'' if named == 1 else 's'}"
                       + (f", {report.graphs[None]} triples in the default graph" if None in report.graphs else ""))
        return
    counts = load_database(graph, db_path)
    if not quiet:
        nodes = {k: v for k, v in counts.items() if not k.isupper()}
        rels = {k: v for k, v in counts.items() if k.isupper()}
        click.echo(f"wrote {db_path}: {sum(nodes.values())} nodes ("
                   + ", ".join(f"{k} {v}" for k, v in nodes.items()) + f"), {sum(rels.values())} relationships ("
                   + ", ".join(f"{k} {v}" for k, v in rels.items()) + ")")
