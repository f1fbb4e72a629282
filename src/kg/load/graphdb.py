"""Writing a property graph into an embedded Ladybug database, and running Cypher on one.

Ladybug (PyPI `ladybug`) is the maintained continuation of the Kùzu embedded graph database:
typed node and relationship tables, Cypher, a single file on disk, no server."""
from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from kg.errors import QueryError, StoreError
from kg.load.property_graph import PropertyGraph

BUFFER_POOL = 512 * 1024 * 1024  # bytes; the default (a share of the machine's memory) is far more than needed


@dataclass(frozen=True)
class CypherResult:
    columns: list[str]
    rows: list[list[object]]


def _q(name: str) -> str:
    return "`" + name.replace("`", "``") + "`"


def write_database(pg: PropertyGraph, path: Path) -> dict[str, int]:
    """Create the database at `path` (replacing one that is there), filled with the property
    graph; returns the count of nodes and relationships per table. Written under a temporary
    name beside `path` and renamed into place, so a failed load leaves the old one intact."""
    import ladybug

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmpdir = Path(tempfile.mkdtemp(dir=path.parent, prefix=f".{path.name}."))
    tmp = tmpdir / "db"
    counts: dict[str, int] = {}
    try:
        db = ladybug.Database(str(tmp), buffer_pool_size=BUFFER_POOL)
        conn = ladybug.Connection(db)
        try:
            conn.execute("BEGIN TRANSACTION")  # one commit, not one per statement
            for table in pg.nodes.values():
                cols = ", ".join(f"{_q(c)} {t}" + (" PRIMARY KEY" if c == "iri" else "") for c, t in table.columns.items())
                conn.execute(f"CREATE NODE TABLE {_q(table.name)}({cols})")
                names = list(table.columns)
                props = ", ".join(f"{_q(c)}: r.c{i}" for i, c in enumerate(names))
                rows = [{f"c{i}": row.get(c) for i, c in enumerate(names)} for row in table.rows]
                conn.execute(f"UNWIND $rows AS r CREATE (:{_q(table.name)} {{{props}}})", {"rows": rows})
                counts[table.name] = len(rows)
            for rel in pg.rels.values():
                pairs = sorted({(a, b) for a, b, *_ in rel.edges})
                cols = "".join(f", {_q(c)} {t}" for c, t in rel.columns.items())
                ends = ", ".join(f"FROM {_q(a)} TO {_q(b)}" for a, b in pairs)
                conn.execute(f"CREATE REL TABLE {_q(rel.name)}({ends}{cols})")
                names = list(rel.columns)
                props = ", ".join(f"{_q(c)}: r.c{i}" for i, c in enumerate(names))
                for a, b in pairs:
                    rows = [{"s": s, "o": o, **{f"c{i}": p.get(c) for i, c in enumerate(names)}}
                            for fa, fb, s, o, p in rel.edges if (fa, fb) == (a, b)]
                    conn.execute(f"UNWIND $rows AS r MATCH (x:{_q(a)} {{iri: r.s}}), (y:{_q(b)} {{iri: r.o}}) "
                                 f"CREATE (x)-[:{_q(rel.name)} {{{props}}}]->(y)", {"rows": rows})
                counts[rel.name] = len(rel.edges)
            conn.execute("COMMIT")
        finally:
            conn.close()
            db.close()
        leftovers = [p for p in tmpdir.iterdir() if p.name != "db"]
        if leftovers:  # a write-ahead log left behind would be lost in the rename
            raise StoreError(f"the graph database left {leftovers[0].name} beside {path.name} after closing")
        os.replace(tmp, path)
    except RuntimeError as err:
        raise StoreError(f"graph database {path}: {' '.join(str(err).split())[:300]}") from err
    finally:
        shutil.rmtree(tmpdir, ignore_errors=True)
    return counts


def run_cypher(path: Path, query: str) -> CypherResult:
    """Run one Cypher query on the database at `path`, opened read-only."""
    import ladybug

    path = Path(path)
    if not path.is_file():
        raise QueryError(f"{path}: no such graph database (make one with kg load GRAPH --db {path})")
    try:
        db = ladybug.Database(str(path), read_only=True, buffer_pool_size=BUFFER_POOL)
    except RuntimeError as err:
        raise QueryError(f"{path}: cannot open as a graph database: {' '.join(str(err).split())[:300]}") from err
    conn = ladybug.Connection(db)
    try:
        result = conn.execute(query)
        if isinstance(result, list):  # several statements: the last one answers
            result = result[-1]
        columns = result.get_column_names()
        rows = []
        while result.has_next():
            rows.append(result.get_next())
        return CypherResult(columns, rows)
    except RuntimeError as err:
        raise QueryError(f"Cypher query failed: {' '.join(str(err).split())[:300]}") from err
    finally:
        conn.close()
        db.close()
