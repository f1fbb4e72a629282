"""Shared helpers for the end-to-end tests: where things are, how to run `kg`, and how to
read a built graph through the standard terms of ../shared/graph-contract.md."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import OWL, RDF, RDFS, Graph, Literal, URIRef

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(__file__).resolve().parents[1].parent / "shared"
EXAMPLES = ROOT / "examples"
ONTOLOGY = ROOT / "ontology"
GOLDEN = Path(__file__).resolve().parent / "golden"

PREFIXES = """\
PREFIX kg: <https://w3id.org/kg-vn/ontology#>
PREFIX schema: <https://schema.org/>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
"""


def shared(*parts: str) -> Path:
    """A path under ../shared, or skip the test when it is not there (CI puts it beside the repo)."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} not found: these tests need the shared corpus, gold and eval beside the repo")
    return path


def kg_command() -> list[str]:
    """The installed `kg` script of the running interpreter's venv, else `python -m kg.cli`."""
    script = Path(sys.executable).parent / "kg"
    return [str(script)] if script.exists() else [sys.executable, "-m", "kg.cli"]


def run_kg(*args: str | Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run `kg ARGS...` in a real process from the repo root (extra ENV on top of ours) and
    capture its output as text."""
    return subprocess.run([*kg_command(), *map(str, args)], capture_output=True, text=True,
                          encoding="utf-8", cwd=ROOT, env={**os.environ, **(env or {})}, timeout=600)


def build(inputs: list[Path], out: Path) -> Path:
    """`kg build INPUTS --out OUT --quiet`; fails the test unless it exits 0. Returns OUT/graph.ttl."""
    res = run_kg("build", *inputs, "--out", out, "--quiet")
    assert res.returncode == 0, f"kg build failed ({res.returncode}):\n{res.stderr}"
    return out / "graph.ttl"


def standard_view(graph_file: Path) -> Graph:
    """The graph plus the ontology, closed under rdfs:subClassOf, rdfs:subPropertyOf,
    owl:equivalentClass and owl:equivalentProperty (the four axioms the scorer applies),
    so that SPARQL in schema:/org: terms sees what a contract reader sees."""
    g = Graph()
    g.parse(graph_file)
    for f in sorted(ONTOLOGY.glob("*.ttl")):
        g.parse(f)
    classes = _supers(g, RDFS.subClassOf, OWL.equivalentClass)
    props = _supers(g, RDFS.subPropertyOf, OWL.equivalentProperty)
    for s, p, o in list(g):
        for q in props.get(p, ()):
            g.add((s, q, o))
    for s, c in list(g.subject_objects(RDF.type)):
        for d in classes.get(c, ()):
            g.add((s, RDF.type, d))
    return g


def _supers(g: Graph, sub: URIRef, equiv: URIRef) -> dict[URIRef, set[URIRef]]:
    edges: dict = {}
    for a, b in g.subject_objects(sub):
        edges.setdefault(a, set()).add(b)
    for a, b in g.subject_objects(equiv):
        edges.setdefault(a, set()).add(b)
        edges.setdefault(b, set()).add(a)
    closure = {}
    for start in edges:
        seen, todo = set(), [start]
        while todo:
            for m in edges.get(todo.pop(), ()):
                if m not in seen and isinstance(m, URIRef):
                    seen.add(m)
                    todo.append(m)
        closure[start] = seen
    return closure


def select(g: Graph, query: str, **bindings: object) -> list[tuple]:
    """Rows of a SPARQL SELECT (standard prefixes predeclared) as tuples of Python values;
    keyword arguments bind variables (plain values become literals)."""
    rows = g.query(PREFIXES + query, initBindings=_init(bindings))
    return [tuple(None if x is None else x.toPython() for x in row) for row in rows]


def ask(g: Graph, query: str, **bindings: object) -> bool:
    """The answer of a SPARQL ASK (standard prefixes predeclared)."""
    return bool(g.query(PREFIXES + query, initBindings=_init(bindings)).askAnswer)


def _init(bindings: dict[str, object]) -> dict:
    return {k: v if isinstance(v, (URIRef, Literal)) else Literal(v) for k, v in bindings.items()}


@pytest.fixture(scope="session")
def corpus_graph(tmp_path_factory) -> Path:
    """One build of ../shared/corpus (Turtle and N-Triples) for every test that only reads it."""
    out = tmp_path_factory.mktemp("corpus")
    res = run_kg("build", shared("corpus"), "--out", out, "--format", "ttl", "--format", "nt", "--quiet")
    assert res.returncode == 0, res.stderr
    return out / "graph.ttl"
