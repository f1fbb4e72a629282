"""The interface every exporter shares, and the atomic file write they all go through."""
from __future__ import annotations

import os
import tempfile
from abc import ABC, abstractmethod
from pathlib import Path
from typing import BinaryIO, ClassVar

from rdflib import Graph


class Exporter(ABC):
    """One output format. Same graph in, same bytes out."""

    name: ClassVar[str]  # the format's name on the command line: 'ttl'
    suffix: ClassVar[str]  # the usual file extension: '.ttl'

    @abstractmethod
    def write(self, graph: Graph, out: BinaryIO) -> None:
        """Write the whole graph to a binary stream."""


def write_atomic(path: Path, exporter: Exporter, graph: Graph) -> Path:
    """Write to a temporary file beside `path`, then rename it over `path`: readers see the
    old file or the new one, never half of one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
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


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
