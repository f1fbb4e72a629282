"""`kg view`: a graph file as one self-contained, interactive HTML page."""
from __future__ import annotations

from pathlib import Path

import click

from kg.cli.app import main


@main.command(name="view")
@click.argument("graph", type=click.Path(path_type=Path))
@click.option("--out", "out", type=click.Path(path_type=Path), default=None,
              help="The HTML file to write (default: GRAPH with the suffix .html).")
@click.option("--max-nodes", type=click.IntRange(min=1), default=None, show_default=False,
              help="Draw at most this many nodes, the best connected (default 2000).")
def view_cmd(graph: Path, out: Path | None, max_nodes: int | None) -> None:
    """Write GRAPH as one HTML page that works offline: nodes coloured by type, edges
    labelled by relation, search (with or without Vietnamese marks), type filters, each
    node's facts with their source sentences, and its neighbourhood.

    Example: kg view output/graph.ttl --out output/graph.html
    """
    from kg.validate import load_graph
    from kg.view import MAX_NODES, write_view

    out = out or graph.with_suffix(".html")
    shown = write_view(load_graph(graph), out, max_nodes or MAX_NODES)
    size = out.stat().st_size
    capped = f" of {shown['nodes']}" if shown["shown"] < shown["nodes"] else ""
    click.echo(f"wrote {out} ({shown['shown']}{capped} nodes, {shown['edges']} edges, {size / 1024:.0f} KiB)")
