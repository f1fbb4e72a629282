"""Ingest: read news articles from .txt, .html/.htm and .jsonl files into `Article`s.

All text is decoded (see `decode`), passed through `clean_text` and stripped of trailing
spaces before headline and body are split, so offsets downstream point into clean text.
Every problem is an `InputError` whose message names the file (and line for JSON Lines).
"""
from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from kg.errors import InputError
from kg.ingest.files import SUPPORTED_EXTENSIONS, find_files
from kg.ingest.html import read_html
from kg.ingest.jsonl import STRICT_HINT, read_jsonl
from kg.ingest.text import read_txt
from kg.model import Article

__all__ = ["SUPPORTED_EXTENSIONS", "iter_articles", "read_articles"]


def read_articles(
    paths: Sequence[Path | str],
    *,
    strict: bool = True,
    warn: Callable[[str], None] | None = None,
) -> list[Article]:
    """Articles from files and folders, in the order given, then file order, then line.

    strict=True: any bad JSON Lines record or duplicate article id raises InputError.
    strict=False: such records are skipped and warn("skipped: ...") is called instead.
    Whole-file problems (unreadable, empty, not text, no title...) raise in both modes.
    """
    return list(iter_articles(paths, strict=strict, warn=warn))


def iter_articles(
    paths: Sequence[Path | str],
    *,
    strict: bool = True,
    warn: Callable[[str], None] | None = None,
) -> Iterator[Article]:
    """read_articles(), one article at a time as it is read, so that extraction can start on
    the first ones while the rest are parsed. The paths are checked (and folders walked) here,
    before the first article; a bad file or record raises when the reading reaches it."""
    if isinstance(paths, (str, Path)):
        paths = [paths]
    if not paths:
        raise InputError("no input files given")
    return _articles(find_files(paths, warn), strict, warn)


def _articles(files: list[Path], strict: bool, warn: Callable[[str], None] | None) -> Iterator[Article]:
    first_source: dict[str, str] = {}
    for path in files:
        name = str(path)
        suffix = path.suffix.lower()
        if suffix == ".jsonl":
            found = read_jsonl(path, name, strict=strict, warn=warn)
        elif suffix == ".txt":
            found = read_txt(path, name)
        else:
            found = read_html(path, name)
        for article in found:
            if article.id in first_source:
                first = first_source[article.id]
                message = f"duplicate article id '{article.id}' in {first} and {article.source}"
                if strict:
                    raise InputError(message + STRICT_HINT)
                if warn is not None:
                    warn("skipped: " + message)
                continue
            first_source[article.id] = article.source
            yield article
