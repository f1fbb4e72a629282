"""kg.export.splice: patching a written graph.ttl, graph.graphml or resolution.jsonl gives
the bytes of writing the changed graph whole, wherever the changes fall (first and last
blocks, new subjects before and after all others, every edge renumbered or none)."""
from __future__ import annotations

import random
from pathlib import Path

import pytest

from kg.export import export, graphml, splice
from kg.map.vocab import ENTITY_CLASSES, SCHEMA
from kg.triples import Lit, Table

TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
BASE = "https://w3id.org/kg-vn/id/"
PERSON, ORG = str(ENTITY_CLASSES["Person"]), str(ENTITY_CLASSES["Organization"])
KNOWS, NAME = str(SCHEMA.knows), str(SCHEMA.name)


def _table(nodes: dict[str, tuple[str, str]], edges: set[tuple[str, str]]) -> Table:
    t = Table()
    for node, (cls, name) in nodes.items():
        t.add_node(node, {TYPE: [cls], NAME: [Lit(name)]})
    for s, o in edges:
        t.add(s, KNOWS, o)
    return t


def _random_graph(rng: random.Random, n: int):
    nodes = {f"{BASE}person/p{rng.randrange(10_000):05d}": (rng.choice([PERSON, ORG]), f"Tên & <{i}>")
             for i in range(n)}
    ids = sorted(nodes)
    edges = {(rng.choice(ids), rng.choice(ids)) for _ in range(2 * n)} if rng.random() > 0.2 else set()
    return nodes, edges


@pytest.mark.parametrize("seed", range(20))
def test_patched_files_equal_files_written_whole(tmp_path: Path, seed: int):
    rng = random.Random(seed)
    nodes, edges = _random_graph(rng, rng.randrange(1, 40))
    old = _table(nodes, edges)
    export(old, "ttl", tmp_path / "graph.ttl")
    export(old, "graphml", tmp_path / "graph.graphml")
    # change: drop some nodes (with their edges), rename some, add some before and after all
    ids = sorted(nodes)
    new_nodes = dict(nodes)
    for node in rng.sample(ids, min(len(ids), rng.randrange(0, 3))):
        del new_nodes[node]
    for node in rng.sample(sorted(new_nodes), min(len(new_nodes), rng.randrange(0, 3))):
        new_nodes[node] = (new_nodes[node][0], new_nodes[node][1] + " (mới)")
    for name in ("a", "zz"):
        if rng.random() < 0.5:
            new_nodes[f"{BASE}person/{name}{seed}"] = (PERSON, name)
    live = sorted(new_nodes)
    new_edges = {e for e in edges if e[0] in new_nodes and e[1] in new_nodes}
    new_edges |= {(rng.choice(live), rng.choice(live)) for _ in range(rng.randrange(0, 4))} if live else set()
    new = _table(new_nodes, new_edges)
    export(new, "ttl", tmp_path / "whole.ttl")
    export(new, "graphml", tmp_path / "whole.graphml")

    touched = {n for n in set(nodes) | set(new_nodes) if nodes.get(n) != new_nodes.get(n)}
    touched |= {s for s, _ in edges ^ new_edges}
    after = Table()
    for s in touched & set(new.spo):
        after.add_node(s, {p: list(o) for p, o in new.spo[s].items()})
    splice.turtle(tmp_path / "graph.ttl", after, touched)
    assert (tmp_path / "graph.ttl").read_bytes() == (tmp_path / "whole.ttl").read_bytes()

    v_old, v_new = graphml.view(old), graphml.view(new)
    changed_nodes = {n: (None if n not in v_new.nodes else
                         (v_new.nodes[n]["label"], v_new.nodes[n]["type"], v_new.nodes[n].get("roles")))
                     for n in set(v_old.nodes) | set(v_new.nodes) if v_old.nodes.get(n) != v_new.nodes.get(n)}
    changed_edges = {e: e in set(v_new.edges) for e in set(v_old.edges) ^ set(v_new.edges)}
    splice.graphml(tmp_path / "graph.graphml", changed_nodes, changed_edges)
    assert (tmp_path / "graph.graphml").read_bytes() == (tmp_path / "whole.graphml").read_bytes()


@pytest.mark.parametrize("seed", range(40))
def test_renumbering_in_c_writes_what_python_does(seed: int, monkeypatch: pytest.MonkeyPatch):
    """kg.export._splice.renumber against its reference, _renumber_py: rows of any numbers
    (none, long ones), text before the first row, a row opening that does not start a line."""
    from kg.native import native

    fast = native("kg.export._splice")
    if fast is None:
        pytest.skip("the C accelerators are not built here (tests/test_native.py says whether they should be)")
    rng = random.Random(seed)
    head = b'    <edge id="e'
    parts = [rng.choice([b"", b"  <graph>\n", b"x" * rng.randrange(3)])]
    for _ in range(rng.randrange(0, 30)):
        number = str(rng.randrange(10 ** rng.randrange(0, 25))).encode() if rng.random() < 0.9 else b""
        inner = rng.choice([b"", b' source="a" target="b">\n', b' ' + head + b'7" inside\n', "é\n".encode()])
        parts.append(head + number + b'" s="' + inner + b'</edge>\n')
    data = b"".join(parts)
    first = rng.randrange(0, 10 ** rng.randrange(1, 12))
    assert fast.renumber(data, first) == splice._renumber_py(data, first)
    assert fast.renumber(memoryview(data), first) == splice._renumber_py(memoryview(data), first)
