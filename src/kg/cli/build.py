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
              help="Output format; repeat for several.")
@click.option("--strict/--lenient", default=True, show_default=True,
              help="Fail on a bad JSON Lines record, or skip it with a warning.")
@click.option("--quiet", is_flag=True, help="No summary, no progress bar.")
@click.option("--jobs", "-j", default=1, show_default=True, type=click.IntRange(min=0),
              help="Processes that extract articles; 0 = one per core.")
@click.option("--engine", type=click.Choice(["local", "dask"]), default="local", show_default=True,
              help="Run extraction here (local) or as a Dask bag on a Dask cluster (needs kg[dask]).")
@click.option("--scheduler", metavar="ADDRESS",
              help="With --engine dask: the scheduler of a running cluster (tcp://host:8786); "
                   "default: a local cluster of 2 workers (or --jobs).")
@click.option("--cache", "cache_dir", type=click.Path(file_okay=False, path_type=Path),
              help="Folder of the extraction cache  [default: OUT/.kg-cache]")
@click.option("--no-cache", is_flag=True, help="Extract every article; read and write no cache.")
def build(inputs: tuple[Path, ...], out_dir: Path, formats: tuple[str, ...], strict: bool, quiet: bool,
          jobs: int, engine: str, scheduler: str | None, cache_dir: Path | None, no_cache: bool) -> None:
    """Build the graph of articles (.txt, .html, .jsonl files or folders).

    Only the articles that changed since the last build into the same OUT (or --cache) are
    extracted again.

    Example: kg build ../shared/corpus --out output/ --jobs 0
    """
    from kg.engine.parallel import cpu_count

    from kg.export import EXPORTERS
    from kg.pipeline import build as run

    unknown = [f for f in formats if f not in EXPORTERS]
    if unknown:
        raise KgError(f"unknown output format {unknown[0]!r}; known: {', '.join(sorted(EXPORTERS))}")

    def warn(msg: str) -> None:
        click.echo(f"warning: {msg}", err=True)

    def progress(items, total):
        if quiet or total < 20 or not sys.stderr.isatty():
            return items
        from tqdm import tqdm
        return tqdm(items, total=total, desc="extract", unit="article", file=sys.stderr)

    if scheduler and engine != "dask":
        raise KgError("--scheduler needs --engine dask")
    cache = None if no_cache else (cache_dir or out_dir / ".kg-cache")
    result = run(list(inputs), out_dir, formats, strict=strict, warn=warn, progress=progress,
                 jobs=jobs or cpu_count(), engine=engine, scheduler=scheduler, cache_dir=cache)
    if not quiet:
        s = result.summary()
        ents = ", ".join(f"{n} {t}" for t, n in s["entities"].items())
        st = result.extract_stats
        click.echo(f"articles: {s['articles']} ({st.extracted} extracted, {st.cached} from cache)")
        click.echo(f"entities: {ents}")
        click.echo(f"facts: {s['posts']} posts, {s['relations']} relations, {s['events']} events, "
                   f"{s['figures']} figures; {s['triples']} triples")
        click.echo(f"SHACL: {'conforms' if s['conforms'] else 'VIOLATIONS'}")
        for p in result.outputs:
            click.echo(f"wrote {p}")
    if not result.report.conforms:
        click.echo(result.report.text, err=True)
        sys.exit(1)
