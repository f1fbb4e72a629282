"""`kg serve`: a SPARQL endpoint over a graph file."""
from __future__ import annotations

import signal
import sys
from pathlib import Path

import click

from kg.cli.app import main


@main.command()
@click.argument("graph", type=click.Path(path_type=Path))
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; the default keeps the endpoint on this machine.")
@click.option("--port", type=click.IntRange(0, 65535), default=7878, show_default=True,
              help="Port to listen on; 0 picks a free one (printed on the first line).")
@click.option("--timeout", type=click.FloatRange(min=0.1), default=30.0, show_default=True,
              help="Seconds a query may run before it is cut off (answered 503).")
@click.option("--max-results", type=click.IntRange(min=1), default=100_000, show_default=True,
              help="Most rows (or triples) an answer may have; more is refused (answered 400).")
@click.option("--workers", type=click.IntRange(min=1), default=2, show_default=True,
              help="Queries answered at once (one process each).")
@click.option("--allow-update", is_flag=True, help="Accept SPARQL Update (refused with 403 otherwise).")
def serve(graph: Path, host: str, port: int, timeout: float, max_results: int, workers: int,
          allow_update: bool) -> None:
    """Serve a graph file over the SPARQL 1.1 Protocol at http://HOST:PORT/sparql (GET ?query=,
    POST form or application/sparql-query); answers as SPARQL JSON, XML, CSV or TSV, and
    Turtle or N-Triples for CONSTRUCT, by the Accept header. Read-only unless --allow-update.

    Example: kg serve output/graph.ttl --port 7878, then
    curl -H 'Accept: text/csv' --data-urlencode 'query=SELECT * WHERE { ?s ?p ?o } LIMIT 3' http://127.0.0.1:7878/sparql
    """
    from kg.serve import Limits
    from kg.serve import serve as run

    def stop(signum: int, frame: object) -> None:
        raise SystemExit(0)  # unwinds serve_forever, so the workers and the store are cleaned up

    signal.signal(signal.SIGTERM, stop)
    if host not in ("127.0.0.1", "localhost", "::1"):
        click.echo(f"warning: listening on {host}: the endpoint is reachable from other machines", err=True)
    try:
        run(graph, host, port, Limits(timeout, max_results), allow_update, workers,
            announce=lambda line: click.echo(line) or sys.stdout.flush())
    except KeyboardInterrupt:
        pass
