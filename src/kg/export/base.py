"""The interface every exporter shares, and the atomic file write they all go through."""
from __future__ import annotations

import glob
import os
import tempfile
from abc import ABC, abstractmethod
from pathlib import Path
from itertools import islice
from typing import BinaryIO, Callable, ClassVar, Iterable

from rdflib import Graph

from kg.triples import Table


class Exporter(ABC):
    """One output format. Same graph in, same bytes out.

    `write` takes an rdflib Graph, or a kg.triples.Table where `reads_table` is set (the
    writers of `kg build`'s default formats, which write from the table without rdflib terms).
    """

    name: ClassVar[str]  # the format's name on the command line: 'ttl'
    suffix: ClassVar[str]  # the usual file extension: '.ttl'
    reads_table: ClassVar[bool] = False  # write() also takes a Table

    @abstractmethod
    def write(self, graph: Graph, out: BinaryIO) -> None:
        """Write the whole graph to a binary stream."""


def as_table(data: Graph | Table) -> Table:
    """The triples as a kg.triples.Table: `data` itself, or a copy of an rdflib Graph's."""
    return data if isinstance(data, Table) else Table.from_graph(data)


def as_graph(data: Graph | Table) -> Graph:
    """The triples as an rdflib Graph: `data` itself, or one made from a Table."""
    return data.to_graph() if isinstance(data, Table) else data


def write_text(out: BinaryIO, parts: Iterable[str], chunk: int = 65536) -> None:
    """Encode and write text parts in chunks of `chunk` parts, as they come: neither the
    list of every line nor one UTF-8 buffer of the whole file is ever held (either would
    take as much memory as the triple table at 10k articles)."""
    parts = iter(parts)
    while True:
        piece = "".join(islice(parts, chunk))
        if not piece:
            return
        out.write(piece.encode("utf-8"))


def write_atomic(path: Path, exporter: Exporter, graph: Graph) -> Path:
    """The exporter's output of `graph`, written by write_file_atomic."""
    return write_file_atomic(path, lambda out: exporter.write(graph, out))


def write_file_atomic(path: Path, write: Callable[[BinaryIO], None]) -> Path:
    """Write to a temporary file beside `path` (what `write` writes to the stream it is
    given), then rename it over `path`: readers see the old file or the new one, never half
    of one.

    The temporary name is hidden and carries the writer's pid (`.graph.ttl.PID.XXXX.tmp`);
    one left by a killed writer is removed by the next write of the same file.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    remove_stale_temps(path)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.{os.getpid()}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as out:
            write(out)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes it 0600; give it a normal file's mode
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def remove_stale_temps(path: Path) -> list[Path]:
    """Delete the temporary files of `path` whose writer process is gone; returns them.

    A live writer's file is left alone: two builds into one folder must not break each other.
    """
    removed = []
    for tmp in path.parent.glob(f".{glob.escape(path.name)}.*.tmp"):
        pid = tmp.name[len(path.name) + 2:].split(".", 1)[0]
        if pid.isdigit() and not _alive(int(pid)):
            tmp.unlink(missing_ok=True)
            removed.append(tmp)
    return removed


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)  # signal 0: only asks whether the process exists
    except ProcessLookupError:
        return False
    except PermissionError:  # exists, owned by someone else
        return True
    return True


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
