"""The interface every exporter shares, and the atomic file write they all go through."""
from __future__ import annotations

import glob
import os
import tempfile
from abc import ABC, abstractmethod
from pathlib import Path
from typing import BinaryIO, ClassVar, Iterable, Mapping

from rdflib import RDF, Graph
from rdflib.plugins.stores.memory import Memory
from rdflib.term import Node


class Exporter(ABC):
    """One output format. Same graph in, same bytes out."""

    name: ClassVar[str]  # the format's name on the command line: 'ttl'
    suffix: ClassVar[str]  # the usual file extension: '.ttl'

    @abstractmethod
    def write(self, graph: Graph, out: BinaryIO) -> None:
        """Write the whole graph to a binary stream."""


def subject_index(graph: Graph) -> Mapping[Node, Mapping[Node, Iterable[Node]]]:
    """subject -> predicate -> objects, every triple once.

    For a plain in-memory Graph alone in its store this is rdflib's own index, read, not
    copied: walking it costs a tenth of iterating the Graph, whose triples() re-checks every
    triple's contexts. Writers must not change it. Any other graph is grouped here.
    """
    store = graph.store
    if type(graph) is Graph and type(store) is Memory and len(list(store.contexts())) <= 1:
        spo = getattr(store, "_Memory__spo", None)
        if isinstance(spo, dict):
            return spo
    grouped: dict[Node, dict[Node, dict[Node, int]]] = {}
    for s, p, o in graph:
        grouped.setdefault(s, {}).setdefault(p, {})[o] = 1
    return grouped


def type_index(graph: Graph) -> Mapping[Node, Iterable[Node]]:
    """class -> its instances (rdf:type objects -> subjects); rdflib's own index where
    subject_index reads rdflib's, else grouped here."""
    store = graph.store
    if type(graph) is Graph and type(store) is Memory and len(list(store.contexts())) <= 1:
        pos = getattr(store, "_Memory__pos", None)
        if isinstance(pos, dict):
            return pos.get(RDF.type, {})
    grouped: dict[Node, dict[Node, int]] = {}
    for s, o in graph.subject_objects(RDF.type):
        grouped.setdefault(o, {})[s] = 1
    return grouped


def write_text(out: BinaryIO, parts: list[str], chunk: int = 65536) -> None:
    """Encode and write text parts in chunks: one UTF-8 buffer of the whole file would
    double the peak memory of a large export."""
    for i in range(0, len(parts), chunk):
        out.write("".join(parts[i:i + chunk]).encode("utf-8"))


def write_atomic(path: Path, exporter: Exporter, graph: Graph) -> Path:
    """Write to a temporary file beside `path`, then rename it over `path`: readers see the
    old file or the new one, never half of one.

    The temporary name is hidden and carries the writer's pid (`.graph.ttl.PID.XXXX.tmp`);
    one left by a killed writer is removed by the next write of the same file.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    remove_stale_temps(path)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.{os.getpid()}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as out:
            exporter.write(graph, out)
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
