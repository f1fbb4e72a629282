"""`kg diff`: what changed between two graphs, for people or as JSON."""
from __future__ import annotations

import json
from pathlib import Path

import click

from kg.cli.app import main


@main.command()
@click.argument("old", type=click.Path(path_type=Path))
@click.argument("new", type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the differences as JSON.")
def diff(old: Path, new: Path, as_json: bool) -> None:
    """Compare two graphs: entities added, removed, merged, split, renamed, retyped; facts
    (posts, relations, events, figures) added and removed.

    Example: kg diff old/graph.ttl output/graph.ttl
    """
    from kg.curate.diff import diff_graphs, format_diff
    from kg.curate.graphview import GraphView

    d = diff_graphs(GraphView(old), GraphView(new))
    if as_json:
        click.echo(json.dumps(d, ensure_ascii=False, indent=1, sort_keys=True))
    else:
        click.echo(format_diff(d), nl=False)
