"""The SPARQL 1.1 Protocol over HTTP for one graph file (standard library http.server).

GET /sparql?query=..., POST of a form (query= or update=) or of application/sparql-query /
application/sparql-update; answers negotiated by Accept; CORS open so a browser client such
as Yasgui can call it. Read-only unless the server was started to allow updates."""
from __future__ import annotations

import gc
import shutil
import socket
import sys
import tempfile
from dataclasses import dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Callable
from urllib.parse import parse_qs, urlsplit

import pyoxigraph as ox

from kg.errors import KgError
from kg.query import MEDIA_TYPES
from kg.query.engines import load_into_store
from kg.serve.negotiate import negotiate
from kg.serve.workers import QueryTimeout, WorkerPool

MAX_BODY = 1 << 20  # 1 MiB of query text is far more than any real query
PATHS = ("/", "/sparql", "/query")


@dataclass(frozen=True)
class Limits:
    """What one request may cost: seconds of work, rows (or triples) of answer."""

    timeout: float = 30.0
    max_results: int = 100_000


class SparqlServer(ThreadingHTTPServer):
    """An HTTP server holding the worker pool its handlers hand queries to."""

    daemon_threads = True

    def __init__(self, address: tuple[str, int], pool: WorkerPool, limits: Limits, allow_update: bool,
                 log: Callable[[str], None]) -> None:
        if ":" in address[0]:
            self.address_family = socket.AF_INET6  # read by the base class when it makes the socket
        super().__init__(address, SparqlHandler)
        self.pool, self.limits, self.allow_update, self.log = pool, limits, allow_update, log


class SparqlHandler(BaseHTTPRequestHandler):
    server: SparqlServer
    server_version = "kg-serve"

    def do_OPTIONS(self) -> None:  # noqa: N802 - CORS preflight
        self._send(HTTPStatus.NO_CONTENT, b"", None)

    def do_GET(self) -> None:  # noqa: N802
        url = urlsplit(self.path)
        if url.path not in PATHS:
            return self._error(HTTPStatus.NOT_FOUND, f"no such path {url.path}; the endpoint is /sparql")
        params = parse_qs(url.query)
        if "update" in params:
            return self._error(HTTPStatus.BAD_REQUEST, "SPARQL Update must be sent by POST")
        if "query" not in params:
            return self._error(HTTPStatus.BAD_REQUEST, "no query: send ?query=... (SPARQL 1.1 Protocol)")
        self._run("query", params["query"][0])

    def do_POST(self) -> None:  # noqa: N802
        url = urlsplit(self.path)
        if url.path not in PATHS + ("/update",):
            return self._error(HTTPStatus.NOT_FOUND, f"no such path {url.path}; the endpoint is /sparql")
        length = int(self.headers.get("Content-Length") or 0)
        if length > MAX_BODY:
            return self._error(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, f"request body over {MAX_BODY} bytes")
        body = self.rfile.read(length).decode("utf-8", errors="replace")
        ctype = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        if ctype == "application/sparql-query":
            return self._run("query", body)
        if ctype == "application/sparql-update":
            return self._run("update", body)
        if ctype == "application/x-www-form-urlencoded":
            params = parse_qs(body)
            if "update" in params:
                return self._run("update", params["update"][0])
            if "query" in params:
                return self._run("query", params["query"][0])
            return self._error(HTTPStatus.BAD_REQUEST, "no query= or update= in the form")
        return self._error(HTTPStatus.UNSUPPORTED_MEDIA_TYPE,
                           "POST application/sparql-query, application/sparql-update or a form")

    def _run(self, op: str, text: str) -> None:
        if op == "update" and not self.server.allow_update:
            return self._error(HTTPStatus.FORBIDDEN,
                               "this endpoint is read-only: SPARQL Update is refused (start kg serve --allow-update)")
        result_fmt, graph_fmt = negotiate(self.headers.get("Accept"))
        try:
            reply = self.server.pool.run(op, text, result_fmt, graph_fmt, self.server.limits.timeout)
        except QueryTimeout as err:
            return self._error(HTTPStatus.SERVICE_UNAVAILABLE, str(err))
        except KgError as err:
            return self._error(HTTPStatus.INTERNAL_SERVER_ERROR, str(err))
        if reply.error:
            return self._error(HTTPStatus.BAD_REQUEST, reply.error)
        if op == "update":
            return self._send(HTTPStatus.NO_CONTENT, b"", None)
        self._send(HTTPStatus.OK, reply.body, MEDIA_TYPES[reply.fmt] + "; charset=utf-8")

    def _error(self, status: HTTPStatus, message: str) -> None:
        self._send(status, (message + "\n").encode("utf-8"), "text/plain; charset=utf-8")

    def _send(self, status: HTTPStatus, body: bytes, ctype: str | None) -> None:
        self.send_response(status)
        self.send_header("Access-Control-Allow-Origin", "*")
        self.send_header("Access-Control-Allow-Methods", "GET, POST, OPTIONS")
        self.send_header("Access-Control-Allow-Headers", "Content-Type, Accept")
        if ctype:
            self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base class's name
        self.server.log(f"{self.address_string()} {format % args}")


def load_store(graph: Path, store_dir: Path) -> int:
    """Load the graph file into a new on-disk store at store_dir; returns its triple count.
    The store is closed again so that the workers can open it."""
    store = ox.Store(str(store_dir))
    load_into_store(graph, store)
    store.flush()
    count = len(store)
    del store
    gc.collect()  # drop the store now: a RocksDB store is locked while any handle lives
    return count


def serve(graph: Path, host: str = "127.0.0.1", port: int = 7878, limits: Limits = Limits(),
          allow_update: bool = False, workers: int = 2, announce: Callable[[str], None] = print,
          log: Callable[[str], None] = lambda line: print(line, file=sys.stderr)) -> None:
    """Serve the graph until interrupted (Ctrl-C, SIGTERM); the store lives in a temporary
    folder that is removed on the way out."""
    store_dir = Path(tempfile.mkdtemp(prefix="kg-serve-"))
    pool = None
    try:
        count = load_store(Path(graph), store_dir)
        # updates go to one read-write worker; read-only stores may be opened by several
        pool = WorkerPool(str(store_dir), 1 if allow_update else max(1, workers), allow_update,
                          limits.max_results)
        try:
            server = SparqlServer((host, port), pool, limits, allow_update, log)
        except OSError as err:
            raise KgError(f"cannot listen on {host}:{port}: {err.strerror or err}") from err
        with server:
            shown = f"[{host}]" if ":" in host else host
            mode = "read-write" if allow_update else "read-only"
            announce(f"kg serve: http://{shown}:{server.server_address[1]}/sparql "
                     f"({count} triples, {mode}, timeout {limits.timeout:g} s, max {limits.max_results} results)")
            server.serve_forever()
    finally:
        if pool is not None:
            pool.close()
        shutil.rmtree(store_dir, ignore_errors=True)
