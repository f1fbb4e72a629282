"""`kg validate` through the CLI (so either validation engine passes): unparseable RDF exits 2
with 'FILE: line L, column C' from the parser; a graph with violations exits 1 with a report naming
the node, the path, the constraint and the value."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import Graph, Literal, Namespace, URIRef

from rhelpers import ROOT, assert_clean_stderr, cli, proc, write

KG = Namespace("https://w3id.org/kg-vn/ontology#")
SCHEMA = Namespace("https://schema.org/")

# name -> (file name, content, line, column or None)
UNPARSEABLE = {
    "ttl-unterminated-string": ("g.ttl", '@prefix ex: <http://ex/> .\nex:a ex:b ex:c .\nex:a ex:b "open .\n', 3, None),
    "ttl-extra-term": ("g.ttl", "@prefix ex: <http://ex/> .\n\n  ex:a ex:b ex:c ex:d .\n", 3, 18),
    "ttl-undeclared-prefix": ("g.ttl", "<http://a> <http://b> <http://c> .\nzz:a <http://b> <http://c> .\n", 2, None),
    "ttl-missing-dot-at-end": ("g.ttl", "<http://a> <http://b> <http://c>\n", 2, None),
    "ttl-bad-iri": ("g.ttl", "<http://a> <http://b> <http://c d> .\n", 1, None),
    "nt-short-triple": ("g.nt", "<http://a> <http://b> <http://c> .\n<http://a> <http://b> .\n", 2, 23),
    "nt-prefixed-name": ("g.nt", "<http://a> <http://b> <http://c> .\n\n<http://a> <http://b> ex:c .\n", 3, 23),
    "nt-unterminated": ("g.nt", '<http://a> <http://b> "x .\n', 1, 23),
    "nq-bad-graph": ("g.nq", "<http://a> <http://b> <http://c> <http://g> .\n<http://a> <http://b> <http://c> \"g\" x .\n", 2, 1),
    "trig-unclosed": ("g.trig", "@prefix ex: <http://ex/> .\nex:g { ex:a ex:b ex:c .\n", 3, None),
    "jsonld-truncated": ("g.jsonld", '{"@id": "http://a",\n "http://b": ', 2, None),
    "binary-ttl": ("g.ttl", "\x00\x01\x02 garbage", 1, None),
}


@pytest.mark.parametrize("case", sorted(UNPARSEABLE))
@pytest.mark.parametrize("real", [False, True], ids=["cli", "process"])
def test_unparseable_rdf_exits_2_with_line_and_column(tmp_path: Path, case: str, real: bool) -> None:
    name, content, line, col = UNPARSEABLE[case]
    path = write(tmp_path / name, content)
    run = (proc if real else cli)("validate", path)
    assert_clean_stderr(run)
    assert run.code == 2, run.err
    errors = run.err.strip().splitlines()
    assert len(errors) == 1 and errors[0].startswith("error: "), run.err
    # the column is the parser's: asserted where the syntax leaves no doubt, else just present
    where = f"{re.escape(str(path))}: line {line}, column " + (f"{col}:" if col else r"\d+:")
    assert re.search(where, errors[0]), errors[0]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Graph:
    out = tmp_path_factory.mktemp("ex")
    res = proc("build", ROOT / "examples", "--out", out, "--quiet", "--format", "nt")
    assert res.code == 0, res.err
    return Graph().parse(out / "graph.nt", format="nt")


def _break(g: Graph, how: str) -> tuple[Graph, str, str, str, str | None]:
    """A copy of g with one violation: (graph, focus node, path, constraint, value)."""
    g = Graph() + g
    if how == "span-pattern":
        s = sorted(g.subjects(KG.span, None))[0]
        g.set((s, KG.span, Literal("abc")))
        return g, str(s), "span", "Pattern", "abc"
    if how == "name-missing":
        s = sorted(g.subjects(URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), KG.Person))[0]
        g.remove((s, SCHEMA.name, None))
        return g, str(s), "name", "MinCount", None
    if how == "name-datatype":
        s = sorted(g.subjects(URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), KG.Person))[0]
        g.set((s, SCHEMA.name, Literal(42)))
        return g, str(s), "name", "Datatype", "42"
    if how == "headline-twice":
        s = sorted(g.subjects(SCHEMA.headline, None))[0]
        g.add((s, SCHEMA.headline, Literal("Tiêu đề thứ hai")))
        return g, str(s), "headline", "MaxCount", None
    raise ValueError(how)


@pytest.mark.parametrize("how", ["span-pattern", "name-missing", "name-datatype", "headline-twice"])
@pytest.mark.parametrize("suffix", [".ttl", ".nt"])
def test_violations_exit_1_naming_node_path_constraint_value(tmp_path: Path, built: Graph, how: str,
                                                            suffix: str) -> None:
    g, focus, path, constraint, value = _break(built, how)
    file = tmp_path / f"broken{suffix}"
    g.serialize(file, format="turtle" if suffix == ".ttl" else "nt")
    run = cli("validate", file)
    assert_clean_stderr(run)
    assert run.code == 1, run.out + run.err
    report = run.out + run.err
    assert focus in report and path in report and constraint in report, report[:2000]
    if value is not None:
        assert value in report
