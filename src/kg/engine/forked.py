"""The last stages of a build side by side: each output format is written by a forked child
process while the parent validates. The writers only read the triple table, which the fork
shares with them page by page, and each writes its own file (atomically, as always), so the
files are the same bytes as when they are written one after the other.

Where fork is missing (not Linux or macOS) or one core is all there is, `Forked` runs each
task in the parent when `wait` is called, in the order given.
"""
from __future__ import annotations

import multiprocessing
import pickle
import sys
import time
from typing import Any, Callable

from kg.errors import KgError


def can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


class Forked:
    """Tasks started in child processes now, their results collected later in start order."""

    def __init__(self, enabled: bool = True):
        self.enabled = enabled and can_fork()
        self._tasks: list[tuple[str, Any, Any]] = []  # name, process or callable, pipe end

    def start(self, name: str, task: Callable[[], Any]) -> None:
        if not self.enabled:
            self._tasks.append((name, task, None))
            return
        ctx = multiprocessing.get_context("fork")
        recv, send = ctx.Pipe(duplex=False)
        # what the parent printed but has not flushed would be printed again by the child
        sys.stdout.flush()
        sys.stderr.flush()
        proc = ctx.Process(target=_child, args=(task, send), name=f"kg-{name}", daemon=True)
        proc.start()
        send.close()
        self._tasks.append((name, proc, recv))

    def wait(self) -> list[tuple[str, Any, float]]:
        """(name, result, seconds) of every task, in start order. A task that failed raises its
        error here, after every child has ended (no writer is left running)."""
        done: list[tuple[str, Any, float]] = []
        error: BaseException | None = None
        for name, proc, recv in self._tasks:
            if recv is None:  # run here
                t = time.perf_counter()
                if error is None:
                    try:
                        done.append((name, proc(), time.perf_counter() - t))
                    except BaseException as err:
                        error = err
                continue
            try:
                ok, value, seconds = pickle.loads(recv.recv_bytes())
            except (EOFError, OSError, pickle.UnpicklingError):
                ok, value, seconds = False, None, 0.0
            proc.join()
            recv.close()
            if ok:
                done.append((name, value, seconds))
            elif error is None:
                error = value if isinstance(value, BaseException) else \
                    KgError(f"writing {name} failed (its process ended with code {proc.exitcode})")
        self._tasks = []
        if error is not None:
            raise error
        return done


def _child(task: Callable[[], Any], send) -> None:
    t = time.perf_counter()
    try:
        reply = (True, task(), time.perf_counter() - t)
    except BaseException as err:  # handed to the parent, which raises it
        reply = (False, err, time.perf_counter() - t)
    try:
        data = pickle.dumps(reply)
    except Exception:  # an error that does not pickle: its message does
        data = pickle.dumps((False, KgError(str(reply[1])), reply[2]))
    send.send_bytes(data)
    send.close()
