"""`kg stats`: counts of classes and properties in a graph file."""
from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import click

from kg.cli.app import main


@main.command()
@click.argument("graph", type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the counts as JSON.")
def stats(graph: Path, as_json: bool) -> None:
    """Count the nodes of each class and the uses of each property.

    Example: kg stats output/graph.ttl
    """
    from rdflib import RDF

    from kg.validate import load_graph

    g = load_graph(graph)
    classes = Counter(g.namespace_manager.normalizeUri(o) for o in g.objects(None, RDF.type))
    props = Counter(g.namespace_manager.normalizeUri(p) for p in g.predicates())
    if as_json:
        click.echo(json.dumps({"triples": len(g), "classes": dict(sorted(classes.items())),
                               "properties": dict(sorted(props.items()))}, ensure_ascii=False, indent=1))
        return
    click.echo(f"triples: {len(g)}")
    click.echo("classes:")
    for name, n in sorted(classes.items(), key=lambda kv: (-kv[1], kv[0])):
        click.echo(f"  {n:7d}  {name}")
    click.echo("properties:")
    for name, n in sorted(props.items(), key=lambda kv: (-kv[1], kv[0])):
        click.echo(f"  {n:7d}  {name}")
