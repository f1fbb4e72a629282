"""`kg query`: pyoxigraph and rdflib give the same answers on real graphs (the bundled example
and the dev corpus), in the W3C results formats; malformed queries fail in one line."""
from __future__ import annotations

import csv
import functools
import io
import json
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

import pytest
from rdflib import Graph

from conftest import EXAMPLES, run_kg
from kg.errors import QueryError
from kg.query import Bindings, Boolean, OxigraphEngine, RdflibEngine, ResultTooLarge, Triples, write_answer

# questions a reader asks of the graph, covering OPTIONAL, paths, aggregates, FILTER, UNION,
# VALUES, sub-queries, ASK and CONSTRUCT/DESCRIBE
QUERIES = {
    "persons": "SELECT ?p ?name WHERE { ?p a schema:Person ; schema:name ?name }",
    "posts": """SELECT ?name ?role ?org ?former WHERE {
        ?m org:member/schema:name ?name ; org:role/skos:prefLabel ?role ; kg:former ?former .
        OPTIONAL { ?m org:organization/schema:name ?org } }""",
    "suborgs": "SELECT ?child ?parent WHERE { ?c org:subOrganizationOf ?p . ?c schema:name ?child . ?p schema:name ?parent }",
    "events by type": """SELECT ?type (COUNT(DISTINCT ?e) AS ?n) (COUNT(?d) AS ?dated) WHERE {
        ?e a ?type . ?type rdfs:subClassOf* kg:Event . OPTIONAL { ?e schema:startDate ?d } } GROUP BY ?type""",
    "events with place": """SELECT ?e ?date ?place WHERE { ?e a schema:Event ; schema:location/schema:name ?place .
        OPTIONAL { ?e schema:startDate ?date } FILTER(CONTAINS(LCASE(?place), "h")) }""",
    "figures": "SELECT ?who ?v ?unit WHERE { ?x kg:figure ?f . ?x schema:name ?who . ?f schema:value ?v ; schema:unitText ?unit }",
    "union and values": """SELECT ?x ?label WHERE { VALUES ?t { schema:Place schema:Legislation }
        { ?x a ?t ; schema:name ?label } UNION { ?x a ?t ; schema:alternateName ?label } }""",
    "sub-query": """SELECT ?a ?n WHERE { ?a a schema:NewsArticle .
        { SELECT ?a (COUNT(?s) AS ?n) WHERE { ?s schema:isPartOf ?a } GROUP BY ?a } }""",
    "provenance": """SELECT ?p ?o ?text WHERE { ?st a rdf:Statement ; rdf:predicate ?p ; rdf:object ?o ;
        prov:wasDerivedFrom/schema:text ?text }""",
    "ask yes": "ASK { ?p a schema:Person }",
    "ask no": "ASK { ?p a schema:Person ; schema:name \"Không Có Ai\" }",
    "construct": "CONSTRUCT { ?m org:member ?p ; org:organization ?o } WHERE { ?m org:member ?p . OPTIONAL { ?m org:organization ?o } }",
    "describe": "DESCRIBE ?d WHERE { ?d a schema:Legislation }",
}


@pytest.fixture(scope="module")
def example_graph(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("example")
    run = run_kg("build", EXAMPLES, "--out", out, "--format", "ttl", "--format", "nt", "--quiet")
    assert run.returncode == 0, run.stderr
    return out / "graph.ttl"


@functools.lru_cache(maxsize=None)
def _engine(kind, graph: Path):
    """One loaded engine per graph file and kind, shared by the parametrized cases."""
    return kind(graph)


def _canonical(answer):
    """An answer as something equal between engines: rows as a multiset (no ORDER BY asked)."""
    if isinstance(answer, Bindings):
        return answer.variables, Counter(answer.rows)
    if isinstance(answer, Triples):
        return set(answer.triples)
    return answer


@pytest.mark.parametrize("name", sorted(QUERIES))
@pytest.mark.parametrize("which", ["example", "corpus"])
def test_engines_agree(name: str, which: str, request):
    graph = request.getfixturevalue(f"{which}_graph")
    ox_answer = _engine(OxigraphEngine, graph).query(QUERIES[name])
    rdflib_answer = _engine(RdflibEngine, graph).query(QUERIES[name])
    if name == "describe":
        # SPARQL leaves DESCRIBE's answer to the engine: oxigraph gives the node's own triples,
        # rdflib the Concise Bounded Description, which adds the rdf:Statements about them
        assert set(ox_answer.triples) <= set(rdflib_answer.triples)
    else:
        assert _canonical(ox_answer) == _canonical(rdflib_answer)
    if isinstance(ox_answer, Bindings) and name != "events with place" or isinstance(ox_answer, Triples):
        size = len(ox_answer.rows) if isinstance(ox_answer, Bindings) else len(ox_answer.triples)
        assert size > 0, f"{name} answered nothing on the {which} graph: the comparison proves little"


def test_ask_answers(example_graph: Path):
    assert OxigraphEngine(example_graph).query(QUERIES["ask yes"]) == Boolean(True)
    assert OxigraphEngine(example_graph).query(QUERIES["ask no"]) == Boolean(False)


def test_known_person_and_post(example_graph: Path):
    rows = OxigraphEngine(example_graph).query(QUERIES["posts"]).rows
    posts = {(r[0].value, r[1].value) for r in rows}
    assert ("Lê Thị Mai Hương", "Phó Giám đốc") in posts


def test_ttl_and_nt_files_answer_alike(example_graph: Path):
    nt = example_graph.with_suffix(".nt")
    for engine in (OxigraphEngine, RdflibEngine):
        assert _canonical(engine(example_graph).query(QUERIES["posts"])) == \
            _canonical(engine(nt).query(QUERIES["posts"]))


def test_cli_outputs_are_identical_across_engines(corpus_graph: Path):
    q = QUERIES["posts"] + " ORDER BY ?name ?role ?org ?former"
    for fmt in ("table", "csv", "json"):
        out = {}
        for engine in ("oxigraph", "rdflib"):
            res = run_kg("query", corpus_graph, q, "--format", fmt, "--engine", engine)
            assert res.returncode == 0, res.stderr
            out[engine] = res.stdout
        assert out["oxigraph"] == out["rdflib"], fmt
        assert out["oxigraph"].count("Phó") >= 5  # real rows, not two empty answers


def test_w3c_formats(corpus_graph: Path):
    engine = OxigraphEngine(corpus_graph)
    answer = engine.query(QUERIES["posts"] + " ORDER BY ?name ?role ?org")
    n = len(answer.rows)
    data = json.loads(write_answer(answer, "json"))
    assert data["head"]["vars"] == ["name", "role", "org", "former"]
    first = data["results"]["bindings"][0]
    assert first["name"]["type"] == "literal" and "datatype" not in first["name"]
    assert first["former"]["datatype"] == "http://www.w3.org/2001/XMLSchema#boolean"
    assert len(data["results"]["bindings"]) == n
    text = write_answer(answer, "csv")
    assert text.endswith("\r\n") and text.count("\r\n") == n + 1
    assert list(csv.reader(io.StringIO(text)))[0] == ["name", "role", "org", "former"]
    tsv = write_answer(answer, "tsv").splitlines()
    assert tsv[0] == "?name\t?role\t?org\t?former" and len(tsv) == n + 1
    assert tsv[1].split("\t")[0].startswith('"') and tsv[1].split("\t")[3] in ("true", "false")
    root = ET.fromstring(write_answer(answer, "xml"))
    ns = "{http://www.w3.org/2005/sparql-results#}"
    assert len(root.findall(f"{ns}results/{ns}result")) == n
    assert json.loads(write_answer(engine.query(QUERIES["ask yes"]), "json")) == {"head": {}, "boolean": True}


@pytest.mark.parametrize("fmt,parse", [("ttl", "turtle"), ("nt", "nt")])
def test_construct_is_rdf(example_graph: Path, fmt: str, parse: str):
    res = run_kg("query", example_graph, QUERIES["construct"], "--format", fmt)
    assert res.returncode == 0, res.stderr
    got = Graph().parse(data=res.stdout, format=parse)
    expected = RdflibEngine(example_graph).query(QUERIES["construct"])
    assert len(got) == len(expected.triples) > 0
    again = run_kg("query", example_graph, QUERIES["construct"], "--format", fmt)
    assert again.stdout == res.stdout  # same input, same bytes


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
@pytest.mark.parametrize("text", ["SELEC ?x WHERE { ?x ?p ?o }", "SELECT ?x WHERE { ?x nope:p ?o }",
                                  "INSERT DATA { <a:b> <a:c> <a:d> }"])
def test_bad_query_is_one_line_exit_2(example_graph: Path, engine: str, text: str):
    res = run_kg("query", example_graph, text, "--engine", engine)
    assert res.returncode == 2
    assert res.stderr.startswith("error: ") and len(res.stderr.strip().splitlines()) == 1
    assert res.stdout == ""
    with pytest.raises(QueryError):
        (OxigraphEngine if engine == "oxigraph" else RdflibEngine)(example_graph).query(text)


def test_wrong_format_for_the_answer_is_exit_2(example_graph: Path):
    res = run_kg("query", example_graph, QUERIES["construct"], "--format", "csv")
    assert res.returncode == 2 and "ttl or nt" in res.stderr


@pytest.mark.parametrize("engine", [OxigraphEngine, RdflibEngine])
def test_max_results(example_graph: Path, engine):
    e = engine(example_graph)
    n = len(e.query(QUERIES["persons"]).rows)
    assert len(e.query(QUERIES["persons"], max_results=n).rows) == n
    with pytest.raises(ResultTooLarge):
        e.query(QUERIES["persons"], max_results=n - 1)


def test_missing_graph_is_exit_2(tmp_path: Path):
    res = run_kg("query", tmp_path / "none.ttl", "ASK {}")
    assert res.returncode == 2 and "no such file" in res.stderr
