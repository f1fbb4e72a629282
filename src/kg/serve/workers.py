"""Query worker processes for `kg serve`.

pyoxigraph cannot cancel a running query, and a thread cannot be killed: each query therefore
runs in a worker process over the same on-disk store, and a worker that outlives the time
limit is killed and replaced, so that the server itself stays up."""
from __future__ import annotations

import multiprocessing
import queue
import threading
from dataclasses import dataclass
from multiprocessing.connection import Connection

from kg.errors import KgError, QueryError

_CTX = multiprocessing.get_context("spawn")  # no fork of a threaded server


class QueryTimeout(KgError):
    """A query ran past the server's time limit and was cut off."""


@dataclass(frozen=True)
class Reply:
    """A worker's answer: the format it chose and the bytes, or an error message."""

    fmt: str | None
    body: bytes
    error: str | None = None
    too_large: bool = False


def _worker_main(conn: Connection, store_dir: str, writable: bool, max_results: int) -> None:
    import pyoxigraph as ox

    from kg.query import OxigraphEngine, ResultTooLarge, Triples, write_answer

    store = ox.Store(store_dir) if writable else ox.Store.read_only(store_dir)
    engine = OxigraphEngine(store=store)
    conn.send("ready")
    while True:
        op, text, result_fmt, graph_fmt = conn.recv()
        try:
            if op == "update":
                engine.update(text)
                conn.send(Reply(None, b""))
                continue
            answer = engine.query(text, max_results=max_results)
            fmt = graph_fmt if isinstance(answer, Triples) else result_fmt
            conn.send(Reply(fmt, write_answer(answer, fmt).encode("utf-8")))
        except ResultTooLarge as err:
            conn.send(Reply(None, b"", str(err), too_large=True))
        except QueryError as err:
            conn.send(Reply(None, b"", str(err)))


class _Worker:
    def __init__(self, store_dir: str, writable: bool, max_results: int) -> None:
        self.conn, child = _CTX.Pipe()
        self.process = _CTX.Process(target=_worker_main, args=(child, store_dir, writable, max_results),
                                    daemon=True)
        self.process.start()
        child.close()
        try:
            ready = self.conn.poll(60) and self.conn.recv() == "ready"
        except (EOFError, OSError):  # it died opening the store
            ready = False
        if not ready:
            self.kill()
            raise KgError("a query worker did not start (could it open the store?)")

    def kill(self) -> None:
        self.process.kill()
        self.process.join(5)
        self.conn.close()


class WorkerPool:
    """`size` workers over one store; run() hands a query to a free one, within `timeout`
    seconds from the moment it was asked (waiting for a free worker included)."""

    def __init__(self, store_dir: str, size: int, writable: bool, max_results: int) -> None:
        self._args = (store_dir, writable, max_results)
        self._free: queue.Queue[_Worker] = queue.Queue()
        self._all: list[_Worker] = []
        self._lock = threading.Lock()
        for _ in range(size):
            self._add()

    def _add(self) -> None:
        worker = _Worker(*self._args)
        with self._lock:
            self._all.append(worker)
        self._free.put(worker)

    def run(self, op: str, text: str, result_fmt: str, graph_fmt: str, timeout: float) -> Reply:
        """Raises QueryTimeout when no worker answers in time; QueryError for a bad query."""
        try:
            worker = self._free.get(timeout=timeout)
        except queue.Empty:
            raise QueryTimeout(f"no worker free within {timeout:g} s (all busy)") from None
        try:
            worker.conn.send((op, text, result_fmt, graph_fmt))
            if worker.conn.poll(timeout):
                reply = worker.conn.recv()
                self._free.put(worker)
                return reply
        except (EOFError, OSError):  # the worker died (out of memory, a crash): replace it
            self._replace(worker)
            raise KgError("the query worker died while answering; it has been restarted") from None
        self._replace(worker)
        raise QueryTimeout(f"query cut off after {timeout:g} s (the server's --timeout)")

    def _replace(self, worker: _Worker) -> None:
        worker.kill()
        with self._lock:
            self._all.remove(worker)
        self._add()

    def close(self) -> None:
        with self._lock:
            workers, self._all = self._all, []
        for worker in workers:
            worker.kill()
