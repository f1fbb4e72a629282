"""The extraction cache: what extract() found in each article, kept between builds.

An entry is keyed by the article's content (id, headline, body, url, date) and by the code
version (a hash of kg's own source and data files), so a changed article, or a changed
extractor or lexicon, is extracted again; everything else is read back. Entries are written
under a temporary name and renamed into place, and carry a SHA-256 of their payload: a
half-written, truncated or otherwise damaged entry is reported, ignored and rebuilt, never
trusted. Entries the current build did not use are removed at the end (`prune`), so a
deleted article's entry goes with it.

The payload is a pickle of the Extraction, read back by an unpickler that rebuilds kg.model
records and plain values only: an entry naming any other class is damaged, not trusted.
"""
from __future__ import annotations

import hashlib
import io
import os
import pickle
import sys
import tempfile
from functools import cache
from pathlib import Path
from typing import Callable

from kg.model import Article, Extraction

MAGIC = b"kg-extract-cache 1\n"
_DIGEST = 32  # bytes of SHA-256


@cache
def code_version() -> str:
    """A hash of every source and data file of the kg package (and of the Python version the
    pickles are made by): any change to the code or the lexicons invalidates the cache."""
    root = Path(__file__).resolve().parents[1]
    h = hashlib.sha256(f"python {sys.version_info[0]}.{sys.version_info[1]}\n".encode())
    for path in sorted(p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts
                       and p.suffix not in (".pyc", ".pyo")):
        h.update(path.relative_to(root).as_posix().encode() + b"\0")
        h.update(hashlib.sha256(path.read_bytes()).digest())
    return h.hexdigest()


def article_key(article: Article, version: str | None = None) -> str:
    """The cache key of an article: its content and the code version. The file it came from
    is left out, so moving an article between files or lines does not re-extract it."""
    h = hashlib.sha256((version or code_version()).encode())
    for part in (article.id, article.title, article.text, article.url or "", str(article.published or "")):
        h.update(b"\0" + part.encode("utf-8"))
    return h.hexdigest()


# What a cache entry may rebuild: kg's own records and plain values. A pickle naming any other
# class or function (the way a hostile pickle runs code) is refused, not loaded.
_ALLOWED = {("builtins", name) for name in ("set", "frozenset", "tuple", "list", "dict", "str", "int",
                                              "float", "bool", "bytes", "complex")} | \
           {("datetime", name) for name in ("date", "datetime", "time", "timedelta", "timezone")}


class _ModelUnpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str):
        if module == "kg.model" or (module, name) in _ALLOWED:
            return super().find_class(module, name)
        raise pickle.UnpicklingError(f"{module}.{name} is not a kg record")


class ExtractionCache:
    """A folder of cache entries, one file per article: DIR/ab/abcdef....bin."""

    def __init__(self, folder: Path, warn: Callable[[str], None] | None = None):
        self.folder = Path(folder)
        self.warn = warn
        self.used: set[str] = set()
        self.hits = 0
        self.misses = 0

    def _path(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}.bin"

    def get(self, article: Article) -> Extraction | None:
        """The cached extraction of this article, or None (missing, or damaged: then a warning)."""
        key = article_key(article)
        self.used.add(key)
        ex = self.get_key(key, article.id)
        if ex is not None:
            ex.article = article  # the same content; keep where it was read from this time
        return ex

    def get_key(self, key: str, article_id: str) -> Extraction | None:
        """The extraction stored under `key` (of the article `article_id`), as it was stored."""
        path = self._path(key)
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            self.misses += 1
            return None
        except OSError as err:
            return self._bad(path, f"unreadable ({err.strerror})")
        head = len(MAGIC)
        if not data.startswith(MAGIC) or len(data) < head + _DIGEST:
            return self._bad(path, "not a cache entry or cut short")
        digest, payload = data[head:head + _DIGEST], data[head + _DIGEST:]
        if hashlib.sha256(payload).digest() != digest:
            return self._bad(path, "checksum mismatch (half-written or damaged)")
        try:
            ex = _ModelUnpickler(io.BytesIO(payload)).load()
        except Exception as err:  # a checksum-valid payload that does not load: stale classes
            return self._bad(path, f"does not load ({type(err).__name__})")
        if not isinstance(ex, Extraction) or ex.article.id != article_id:
            return self._bad(path, "holds another article")
        self.hits += 1
        return ex

    def _bad(self, path: Path, why: str) -> None:
        self.misses += 1
        if self.warn is not None:
            self.warn(f"cache entry {path} ignored and rebuilt: {why}")
        return None

    def put(self, article: Article, ex: Extraction) -> None:
        """Store an extraction: written to a temporary file, then renamed into place."""
        key = article_key(article)
        self.used.add(key)
        payload = pickle.dumps(ex, protocol=pickle.HIGHEST_PROTOCOL)
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        # no fsync: a crash may leave a damaged entry, which the checksum catches on the next read
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{key[:16]}.", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(MAGIC + hashlib.sha256(payload).digest() + payload)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    def prune(self) -> int:
        """Remove every entry (and leftover temporary file) this build did not use; return how many."""
        removed = 0
        if not self.folder.is_dir():
            return 0
        for sub in self.folder.iterdir():
            if not sub.is_dir() or len(sub.name) != 2:
                continue
            for f in sub.iterdir():
                if f.name.endswith(".tmp") or (f.suffix == ".bin" and f.stem not in self.used):
                    f.unlink(missing_ok=True)
                    removed += 1
        return removed
