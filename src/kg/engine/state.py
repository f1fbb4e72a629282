"""What a build leaves beside its extraction cache so that the next one can be incremental.

An SQLite file, CACHE/build-state.sqlite, of rows that are read and written one by one:
- `meta`: the code version, the formats, the output folder, the outputs' sizes and times,
  the manifest (article id, cache key, in input order), each article's legislation dates
  and summary counts;
- `subj`: subject -> predicate -> object -> how many articles' shares hold the triple
  (kg.engine.units), so that taking an article away removes just what no other article says;
- `head`: entity id -> [type, join key, name -> [mentions, articles' parts giving it],
  alias -> parts giving it]: what its name and other names are chosen from (its mentions
  are in resolution.jsonl, which a patch reads back);
- `role`: role IRI -> title -> how many articles write it;
- `edge`, `roles`: the GraphML view's edges and people's roles, counted the same way.
Values are pickles of kg's records and plain values (read back by the extraction cache's
restricted unpickler); the file is replaced whole by a full build and updated in one
transaction by an incremental one.
"""
from __future__ import annotations

import io
import pickle
import sqlite3
from itertools import islice
from pathlib import Path
from typing import Any, Iterable, Iterator

from kg.engine.cache import _ModelUnpickler

FILE = "build-state.sqlite"
TABLES = ("subj", "head", "role", "edge", "roles")


def _dump(value: Any) -> bytes:
    return pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)


class _StateUnpickler(_ModelUnpickler):
    """kg's records, plain values and the table's literals: nothing else is rebuilt."""

    def find_class(self, module: str, name: str):
        if (module, name) == ("kg.triples", "Lit"):
            return pickle.Unpickler.find_class(self, module, name)
        return super().find_class(module, name)


def _load(data: bytes) -> Any:
    return _StateUnpickler(io.BytesIO(data)).load()


class BuildState:
    def __init__(self, path: Path, new: bool = False) -> None:
        self.path = path
        self.db = sqlite3.connect(path, isolation_level=None)
        if new:  # a new file is made under another name and renamed once whole: no journal needed
            self.db.execute("PRAGMA journal_mode=OFF")
            self.db.execute("PRAGMA synchronous=OFF")

    @classmethod
    def create(cls, folder: Path) -> "BuildState":
        """An empty state, replacing any: written under a temporary name, see `commit_new`."""
        folder.mkdir(parents=True, exist_ok=True)
        tmp = folder / (FILE + ".new")
        tmp.unlink(missing_ok=True)
        state = cls(tmp, new=True)
        state.db.execute("CREATE TABLE meta (k TEXT PRIMARY KEY, v BLOB)")
        for t in TABLES:
            state.db.execute(f"CREATE TABLE {t} (k TEXT PRIMARY KEY, v BLOB)")
        state.db.execute("BEGIN")
        return state

    def commit_new(self) -> None:
        self.db.execute("COMMIT")
        self.db.close()
        self.path.replace(self.path.with_name(FILE))

    @classmethod
    def open(cls, folder: Path) -> "BuildState | None":
        path = folder / FILE
        if not path.is_file():
            return None
        try:
            state = cls(path)
            state.meta("version")
            return state
        except (sqlite3.DatabaseError, pickle.UnpicklingError, EOFError):
            return None

    def meta(self, key: str) -> Any:
        row = self.db.execute("SELECT v FROM meta WHERE k = ?", (key,)).fetchone()
        return None if row is None else _load(row[0])

    def set_meta(self, key: str, value: Any) -> None:
        self.db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, _dump(value)))

    def get(self, table: str, keys: Iterable[str]) -> dict[str, Any]:
        """key -> value of those keys that have a row."""
        keys = list(keys)
        found: dict[str, Any] = {}
        for i in range(0, len(keys), 500):
            chunk = keys[i:i + 500]
            marks = ",".join("?" * len(chunk))
            for k, v in self.db.execute(f"SELECT k, v FROM {table} WHERE k IN ({marks})", chunk):
                found[k] = _load(v)
        return found

    def put(self, table: str, rows: Iterable[tuple[str, Any]]) -> None:
        """Write rows; a value that is empty (no count left) deletes its key. Pickled and
        written a few thousand at a time: a full build's rows, pickled all at once, would
        take as much memory again as the entities they are made from."""
        rows = iter(rows)
        while True:
            keep, drop = [], []
            for k, v in islice(rows, 4096):
                (keep.append((k, _dump(v))) if v else drop.append((k,)))
            if not keep and not drop:
                return
            self.db.executemany(f"INSERT OR REPLACE INTO {table} VALUES (?, ?)", keep)
            self.db.executemany(f"DELETE FROM {table} WHERE k = ?", drop)

    def begin(self) -> None:
        self.db.execute("BEGIN")

    def commit(self) -> None:
        self.db.execute("COMMIT")

    def rollback(self) -> None:
        if self.db.in_transaction:
            self.db.execute("ROLLBACK")

    def close(self) -> None:
        self.db.close()

    def rows(self, table: str) -> Iterator[tuple[str, Any]]:
        for k, v in self.db.execute(f"SELECT k, v FROM {table}"):
            yield k, _load(v)
