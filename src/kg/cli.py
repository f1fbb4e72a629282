"""The kg command line. Library code raises kg.errors; only this module turns them into
messages and exit codes (0 ok, 1 violations, 2 bad input or error)."""
from __future__ import annotations

import json
import os
import sys
from collections import Counter
from pathlib import Path

import click

from kg.errors import KgError


def _fail(err: KgError) -> None:
    click.echo(f"error: {err}", err=True)
    sys.exit(err.exit_code)


class KgGroup(click.Group):
    """Turns every KgError raised by a command into one line on stderr and its exit code."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except KgError as err:
            _fail(err)
        except (click.exceptions.Exit, click.ClickException, click.exceptions.Abort, SystemExit):
            raise
        except Exception as err:  # a bug: say so in one line; KG_DEBUG=1 shows the traceback
            if os.environ.get("KG_DEBUG"):
                raise
            click.echo(f"internal error: {type(err).__name__}: {err} (set KG_DEBUG=1 for details)", err=True)
            sys.exit(2)


@click.group(cls=KgGroup)
@click.version_option(package_name="kg")
def main() -> None:
    """kg: Vietnamese news articles to a validated knowledge graph."""


@main.command()
@click.argument("inputs", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--out", "out_dir", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Folder for graph.ttl, graph.graphml and the other outputs.")
@click.option("--format", "formats", multiple=True, default=("ttl", "graphml"), show_default=True,
              help="Output format; repeat for several.")
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


@main.command(name="validate")
@click.argument("graph", type=click.Path(path_type=Path))
def validate_cmd(graph: Path) -> None:
    """Validate a graph file against the SHACL shapes: exit 0 conforms, 1 violations, 2 error.

    Example: kg validate output/graph.ttl
    """
    from kg.validate import load_graph, validate

    report = validate(load_graph(graph))
    if report.conforms:
        click.echo("conforms")
        return
    click.echo(report.text)
    sys.exit(1)


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


if __name__ == "__main__":
    main()
