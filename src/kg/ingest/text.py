"""Plain-text articles: the first non-empty line is the headline, the rest the body."""
from __future__ import annotations

from pathlib import Path

from kg.errors import InputError
from kg.ingest.decode import read_text
from kg.model import Article
from kg.normalize.text import clean_text


def tidy(text: str) -> str:
    """clean_text, then trailing spaces removed from every line."""
    return trim_lines(clean_text(text))


def trim_lines(text: str) -> str:
    """Trailing spaces removed from every line (of a text already through clean_text)."""
    return "\n".join(line.rstrip() for line in text.split("\n"))


def tidy_body(text: str) -> str:
    """tidy, then leading and trailing blank lines (and spaces) removed."""
    return tidy(text).strip()


def one_line(text: str) -> str:
    """A title: cleaned, every run of whitespace (newlines too) made one space."""
    return " ".join(clean_text(text).split())


def read_txt(path: Path, name: str) -> list[Article]:
    """One article from a .txt file; its id is the file stem."""
    lines = tidy(read_text(path, name)).split("\n")
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is None:
        raise InputError(f"{name}: empty file")
    title = lines[first].strip()
    body = "\n".join(lines[first + 1:]).strip()
    if not body:
        raise InputError(f"{name}: no body text (only a headline)")
    return [Article(id=path.stem, title=title, text=body, source=name)]
