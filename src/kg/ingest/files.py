"""Turn the paths a user gave into an ordered list of article files.

Folders are walked recursively (symlinked folders are followed, each real folder once, so a
symlink loop cannot recurse forever); hidden entries and files of other types are skipped.
"""
from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from pathlib import Path

from kg.errors import InputError

SUPPORTED_EXTENSIONS = (".txt", ".html", ".htm", ".jsonl")

Warn = Callable[[str], None]


def is_supported(path: Path) -> bool:
    return path.suffix.lower() in SUPPORTED_EXTENSIONS


def find_files(paths: Sequence[Path | str], warn: Warn | None = None) -> list[Path]:
    """Files in the order given; a folder contributes its files sorted by relative path."""
    result: list[Path] = []
    first_seen: dict[str, Path] = {}
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = _walk(path, warn)
            if not found:
                raise InputError(f"no articles found in {path}")
        elif os.path.lexists(path):
            if not is_supported(path):
                kind = f"'{path.suffix}'" if path.suffix else "(no extension)"
                raise InputError(
                    f"{path}: unsupported file type {kind}; supported: {', '.join(SUPPORTED_EXTENSIONS)}"
                )
            found = [path]
        else:
            raise InputError(f"{path}: no such file or directory")
        for file in found:
            real = os.path.realpath(file)
            if real in first_seen:
                _note(warn, f"skipped: {file}: same file as {first_seen[real]}")
                continue
            first_seen[real] = file
            result.append(file)
    return result


def _walk(root: Path, warn: Warn | None) -> list[Path]:
    def fail(err: OSError) -> None:
        raise InputError(f"{err.filename}: cannot read folder ({err.strerror or err})")

    visited = {os.path.realpath(root)}
    found: list[Path] = []
    for dirpath, dirnames, filenames in os.walk(root, onerror=fail, followlinks=True):
        keep = []
        for name in sorted(dirnames):
            if name.startswith("."):
                continue
            real = os.path.realpath(os.path.join(dirpath, name))
            if real in visited:
                where = Path(dirpath, name)
                _note(warn, f"skipped: {where}: folder already read (symlink loop or alias)")
                continue
            visited.add(real)
            keep.append(name)
        dirnames[:] = keep
        found.extend(
            Path(dirpath, name)
            for name in filenames
            if not name.startswith(".") and is_supported(Path(name))
        )
    found.sort(key=lambda p: p.relative_to(root).parts)
    return found


def _note(warn: Warn | None, message: str) -> None:
    if warn is not None:
        warn(message)
