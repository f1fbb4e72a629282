"""`kg build`: articles to a validated graph in one or more formats."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from kg.cli.app import main
from kg.errors import KgError


@main.command()
@click.argument("inputs", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--out", "out_dir", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Folder for graph.ttl, graph.graphml and the other outputs.")
@click.option("--format", "formats", multiple=True, default=("ttl", "graphml"), show_default=True,
              help="Output format (ttl, nt, nq, trig, jsonld, graphml, neo4j, cypher); repeat for "
                   "several. Each is written to OUT/graph.<format> (neo4j: a folder).")
@click.option("--strict/--lenient", default=True, show_default=True,
              help="Fail on a bad JSON Lines record, or skip it with a warning.")
@click.option("--quiet", is_flag=True, help="No summary, no progress bar.")
def build(inputs: tuple[Path, ...], out_dir: Path, formats: tuple[str, ...], strict: bool, quiet: bool) -> None:
    """Build the graph of articles (.txt, .html, .jsonl files or folders).

    Example: kg build ../shared/corpus --out output/
    """
    from kg.export import EXPORTERS
    from kg.pipeline import build as run

    unknown = [f for f in formats if f not in EXPORTERS]
    if unknown:
        raise KgError(f"unknown output format {unknown[0]!r}; known: {', '.join(sorted(EXPORTERS))}")

    def warn(msg: str) -> None:
        click.echo(f"warning: {msg}", err=True)

    def progress(items):
        if quiet or len(items) < 20 or not sys.stderr.isatty():
            return items
        from tqdm import tqdm
        return tqdm(items, desc="extract", unit="article", file=sys.stderr)

    result = run(list(inputs), out_dir, formats, strict=strict, warn=warn, progress=progress)
    if not quiet:
        s = result.summary()
        ents = ", ".join(f"{n} {t}" for t, n in s["entities"].items())
        click.echo(f"articles: {s['articles']}")
        click.echo(f"entities: {ents}")
        click.echo(f"facts: {s['posts']} posts, {s['relations']} relations, {s['events']} events, "
                   f"{s['figures']} figures; {s['triples']} triples")
        click.echo(f"SHACL: {'conforms' if s['conforms'] else 'VIOLATIONS'}")
        for p in result.outputs:
            click.echo(f"wrote {p}")
    if not result.report.conforms:
        click.echo(result.report.text, err=True)
        sys.exit(1)
