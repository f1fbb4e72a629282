"""`kg build`: articles to a validated graph in one or more formats."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from kg.cli.app import leave, main
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
@click.option("--curation", type=click.Path(dir_okay=False, path_type=Path),
              help="YAML file of corrections to apply after resolution (see README, Curation).")
@click.option("--strict-curation", is_flag=True, help="Fail when a curation rule matches nothing.")
@click.option("--jobs", "-j", default=1, show_default=True, type=click.IntRange(min=0),
              help="Processes that extract articles; 0 = one per core.")
@click.option("--engine", type=click.Choice(["local", "dask"]), default="local", show_default=True,
              help="Run extraction here (local) or as a Dask bag on a Dask cluster (needs kg[dask]).")
@click.option("--scheduler", metavar="ADDRESS",
              help="With --engine dask: the scheduler of a running cluster (tcp://host:8786); "
                   "default: a local cluster of 2 workers (or --jobs).")
@click.option("--cache", "cache_dir", type=click.Path(file_okay=False, path_type=Path),
              help="Folder of the extraction cache and build state: later builds with the same "
                   "--cache extract only new and changed articles, and where few changed, patch "
                   "the outputs (the same bytes). Default: no cache.")
def build(inputs: tuple[Path, ...], out_dir: Path, formats: tuple[str, ...], strict: bool, quiet: bool,
          curation: Path | None, strict_curation: bool,
          jobs: int, engine: str, scheduler: str | None, cache_dir: Path | None) -> None:
    """Build the graph of articles (.txt, .html, .jsonl files or folders).

    With --cache DIR, only the articles that are new or changed since the last build with
    that cache are extracted again; where only a few changed (and the formats are ttl and
    graphml), the last build's files are patched in place of a whole build, to the same bytes.

    Example: kg build ../shared/corpus --out output/ --curation curation.yaml

    Example: kg build big.jsonl --out output/ --jobs 0 --cache .kg-cache
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
        if quiet or (total is not None and total < 20) or not sys.stderr.isatty():
            return items
        from tqdm import tqdm
        return tqdm(items, total=total, desc="extract", unit="article", file=sys.stderr)

    if scheduler and engine != "dask":
        raise KgError("--scheduler needs --engine dask")
    result = run(list(inputs), out_dir, formats, strict=strict, warn=warn, progress=progress,
                 curation=curation, strict_curation=strict_curation,
                 jobs=jobs or cpu_count(), engine=engine, scheduler=scheduler, cache_dir=cache_dir,
                 incremental=cache_dir is not None)
    if not quiet:
        s = result.summary()
        ents = ", ".join(f"{n} {t}" for t, n in s["entities"].items())
        st = result.extract_stats
        click.echo(f"articles: {s['articles']} ({st.extracted} extracted, {st.cached} from cache)")
        click.echo(f"entities: {ents}")
        click.echo(f"facts: {s['posts']} posts, {s['relations']} relations, {s['events']} events, "
                   f"{s['figures']} figures; {s['triples']} triples")
        if "curation" in s:
            c = s["curation"]
            click.echo(f"curation: {c['applied']} of {c['rules']} rules applied, {c['unmatched']} with unmatched references")
        click.echo(f"SHACL: {'conforms' if s['conforms'] else 'VIOLATIONS'}")
        for p in result.outputs:
            click.echo(f"wrote {p}")
    if not result.report.conforms:
        click.echo(result.report.text, err=True)
    leave(0 if result.report.conforms else 1)  # the result is not freed first, see leave()
