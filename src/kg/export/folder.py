"""Exporters whose output is a folder of files (Neo4j CSVs), written as atomically as a
folder can be: into a temporary folder beside the target, then renamed into place."""
from __future__ import annotations

import glob
import os
import shutil
import tempfile
from abc import abstractmethod
from pathlib import Path
from typing import BinaryIO

from rdflib import Graph

from kg.errors import KgError
from kg.export.base import Exporter, _alive


class FolderExporter(Exporter):
    """A format made of several files: `files()` gives each file's name and bytes."""

    @abstractmethod
    def files(self, graph: Graph) -> dict[str, bytes]:
        """File name (no folders) -> content, for the whole graph."""

    def write(self, graph: Graph, out: BinaryIO) -> None:
        raise KgError(f"the {self.name} format writes a folder, not one stream: use kg.export.export()")


def write_folder_atomic(path: Path, exporter: FolderExporter, graph: Graph) -> Path:
    """Write every file into a temporary folder beside `path`, then swap it in: a reader sees
    the old folder or the new one, complete (for an instant, between two renames, none)."""
    if path.exists() and not path.is_dir():
        raise KgError(f"{path}: exists and is not a folder; the {exporter.name} format writes a folder")
    path.parent.mkdir(parents=True, exist_ok=True)
    _remove_stale_folders(path)
    tmp = Path(tempfile.mkdtemp(dir=path.parent, prefix=f".{path.name}.{os.getpid()}.", suffix=".tmp"))
    old = None
    try:
        for name, data in sorted(exporter.files(graph).items()):
            (tmp / name).write_bytes(data)
            if name.endswith(".sh"):
                os.chmod(tmp / name, 0o755 & ~_umask())
        os.chmod(tmp, 0o777 & ~_umask())  # mkdtemp makes it 0700; give it a normal folder's mode
        if path.exists():
            old = path.with_name(f".{path.name}.{tmp.name}.old")
            os.replace(path, old)
        os.replace(tmp, path)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        if old is not None and not path.exists():
            os.replace(old, path)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
    return path


def _remove_stale_folders(path: Path) -> None:
    """Temporary and replaced folders of `path` left by a writer that was killed: their name
    carries the writer's pid, and one whose writer is gone (or that names none) is removed."""
    for tmp in sorted(path.parent.glob(f".{glob.escape(path.name)}.*")):
        if not tmp.is_dir() or not tmp.name.endswith((".tmp", ".old")):
            continue
        pid = tmp.name[len(path.name) + 2:].split(".", 1)[0]
        if not (pid.isdigit() and _alive(int(pid))):
            shutil.rmtree(tmp, ignore_errors=True)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
