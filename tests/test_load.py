"""`kg load`: into a real Oxigraph server over the Graph Store Protocol (one named graph per
article, or the default graph), and into an embedded Ladybug database queried with `kg cypher`,
whose answers must equal SPARQL's on the same graph."""
from __future__ import annotations

import csv
import io
import json
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from pathlib import Path

import pytest
from rdflib import Graph

from conftest import EXAMPLES, run_kg
from kg.load import partition
from kg.query import OxigraphEngine

EXAMPLE_ARTICLE = "https://w3id.org/kg-vn/id/article/bao-cao-kiem-tra-af61e6d7"


@pytest.fixture(scope="module")
def example_graph(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("example")
    res = run_kg("build", EXAMPLES, "--out", out, "--format", "ttl", "--quiet")
    assert res.returncode == 0, res.stderr
    return out / "graph.ttl"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Oxigraph:
    """`oxigraph serve` (the PyPI package `oxigraph`) on a free loopback port and a temp dir."""

    def __init__(self, location: Path) -> None:
        binary = Path(sys.executable).parent / "oxigraph"
        binary = str(binary) if binary.exists() else shutil.which("oxigraph")
        assert binary, "the oxigraph server is missing: pip install -e '.[test]' installs it"
        self.port = _free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.process = subprocess.Popen([binary, "serve", "--location", str(location), "--bind",
                                         f"127.0.0.1:{self.port}"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                self.select("ASK {}")
                return
            except (urllib.error.URLError, ConnectionError):
                if self.process.poll() is not None:
                    pytest.fail(f"oxigraph serve exited: {self.process.stderr.read().decode()}")
                time.sleep(0.2)
        self.stop()
        pytest.fail("oxigraph serve did not answer within 60 s")

    def select(self, query: str) -> dict:
        req = urllib.request.Request(f"{self.base}/query", data=urllib.parse.urlencode({"query": query}).encode(),
                                     headers={"Accept": "application/sparql-results+json",
                                              "Content-Type": "application/x-www-form-urlencoded"})
        with urllib.request.urlopen(req, timeout=30) as resp:
            return json.loads(resp.read())

    def rows(self, query: str) -> list[dict[str, str]]:
        return [{k: v["value"] for k, v in b.items()} for b in self.select(query)["results"]["bindings"]]

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


@pytest.fixture(scope="module")
def store(tmp_path_factory, corpus_graph: Path, example_graph: Path):
    server = Oxigraph(tmp_path_factory.mktemp("oxigraph"))
    try:
        for graph in (corpus_graph, example_graph):
            res = run_kg("load", graph, "--store", f"{server.base}/store")
            assert res.returncode == 0, res.stderr
            assert res.stdout.startswith("loaded ")
        yield server
    finally:
        server.stop()


def _articles(graph: Path) -> set[str]:
    answer = OxigraphEngine(graph).query("SELECT ?a WHERE { ?a a schema:NewsArticle }")
    return {row[0].value for row in answer.rows}


def test_one_named_graph_per_article(store: Oxigraph, corpus_graph: Path, example_graph: Path):
    counts = {r["g"]: int(r["n"]) for r in store.rows(
        "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")}
    articles = _articles(corpus_graph) | _articles(example_graph)
    assert len(articles) >= 10 and set(counts) == articles
    expected = {}
    for graph in (corpus_graph, example_graph):
        expected.update({str(k): len(v) for k, v in partition(Graph().parse(graph)).items()})
    assert counts == expected
    assert store.rows("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }") == [{"n": "0"}]  # nothing left over


def test_union_of_graphs_is_the_input(store: Oxigraph, corpus_graph: Path, example_graph: Path):
    union = Graph().parse(corpus_graph) + Graph().parse(example_graph)
    [row] = store.rows("SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } } }")
    assert int(row["n"]) == len(union)


def test_known_post_in_its_article_graph(store: Oxigraph):
    q = """PREFIX org: <http://www.w3.org/ns/org#> PREFIX schema: <https://schema.org/>
    PREFIX skos: <http://www.w3.org/2004/02/skos/core#> PREFIX prov: <http://www.w3.org/ns/prov#>
    SELECT ?g ?text WHERE { GRAPH ?g { ?m org:member/schema:name "Lê Thị Mai Hương" ;
        org:role/skos:prefLabel "Phó Giám đốc" ; prov:wasDerivedFrom/schema:text ?text } }"""
    rows = store.rows(q)
    assert {r["g"] for r in rows} == {EXAMPLE_ARTICLE}
    assert any("Lê Thị Mai Hương" in r["text"] for r in rows)


def test_each_graph_holds_its_own_provenance(store: Oxigraph):
    prefixes = "PREFIX org: <http://www.w3.org/ns/org#> PREFIX schema: <https://schema.org/> " \
               "PREFIX prov: <http://www.w3.org/ns/prov#> PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> "
    # no sentence of another article, and every post, event and reified fact derived from this one
    assert store.select(prefixes + "ASK { GRAPH ?g { ?s schema:isPartOf ?a FILTER(?a != ?g) } }")["boolean"] is False
    for cls in ("org:Membership", "schema:Event", "rdf:Statement"):
        q = prefixes + f"""ASK {{ GRAPH ?g {{ ?x a {cls} }}
            FILTER NOT EXISTS {{ GRAPH ?g {{ ?x prov:wasDerivedFrom ?s . ?s schema:isPartOf ?g }} }} }}"""
        assert store.select(q)["boolean"] is False, cls
    # the entities a graph's posts name are described in that graph
    q = prefixes + "ASK { GRAPH ?g { ?m org:member ?p } FILTER NOT EXISTS { GRAPH ?g { ?p schema:name ?n } } }"
    assert store.select(q)["boolean"] is False


def test_reload_replaces_the_article_graph(store: Oxigraph, example_graph: Path):
    count = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{EXAMPLE_ARTICLE}> {{ ?s ?p ?o }} }}"
    before = store.rows(count)
    assert run_kg("load", example_graph, "--store", f"{store.base}/store", "--quiet").returncode == 0
    # the examples folder holds several articles: this one's graph keeps its size, not doubled
    assert store.rows(count) == before and 0 < int(before[0]["n"]) < len(Graph().parse(example_graph))


def test_default_graph(tmp_path: Path, example_graph: Path):
    server = Oxigraph(tmp_path / "ox")
    try:
        res = run_kg("load", example_graph, "--store", f"{server.base}/store", "--default-graph")
        assert res.returncode == 0, res.stderr
        assert server.rows("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }") == [{"n": str(len(Graph().parse(example_graph)))}]
        assert server.rows("SELECT ?g WHERE { GRAPH ?g { ?s ?p ?o } } LIMIT 1") == []
    finally:
        server.stop()


def test_unreachable_store_is_one_line(example_graph: Path):
    res = run_kg("load", example_graph, "--store", f"http://127.0.0.1:{_free_port()}/store")
    assert res.returncode == 2 and res.stderr.startswith("error: cannot reach store")
    assert len(res.stderr.strip().splitlines()) == 1


def test_store_error_answer_is_one_line(store: Oxigraph, example_graph: Path):
    res = run_kg("load", example_graph, "--store", f"{store.base}/no-such-endpoint")
    assert res.returncode == 2 and "HTTP 404" in res.stderr and len(res.stderr.strip().splitlines()) == 1
    res = run_kg("load", example_graph, "--store", "ftp://127.0.0.1/store")
    assert res.returncode == 2 and "http(s) URL" in res.stderr


@pytest.mark.parametrize("args", [[], ["--store", "http://127.0.0.1:1/store", "--db", "x.lbug"]])
def test_exactly_one_target(example_graph: Path, args: list[str]):
    res = run_kg("load", example_graph, *args)
    assert res.returncode == 2 and "exactly one" in res.stderr


def test_partition_covers_the_graph(corpus_graph: Path):
    g = Graph().parse(corpus_graph)
    parts = partition(g)
    assert None not in parts  # every triple of a kg graph belongs to some article
    union = Graph()
    for triples in parts.values():
        for t in triples:
            union.add(t)
    assert len(union) == len(g)


# --- the property-graph database -------------------------------------------------------------

@pytest.fixture(scope="module")
def corpus_db(tmp_path_factory, corpus_graph: Path) -> Path:
    db = tmp_path_factory.mktemp("db") / "corpus.lbug"
    res = run_kg("load", corpus_graph, "--db", db)
    assert res.returncode == 0, res.stderr
    assert res.stdout.startswith(f"wrote {db}: ")
    return db


def cypher(db: Path, query: str) -> list[tuple]:
    res = run_kg("cypher", db, query, "--format", "json")
    assert res.returncode == 0, res.stderr
    return [tuple(r) for r in json.loads(res.stdout)["rows"]]


def sparql(graph: Path, query: str) -> list[tuple]:
    answer = OxigraphEngine(graph).query(query)
    return [tuple(None if t is None else t.value for t in row) for row in answer.rows]


def _same(a: list[tuple], b: list[tuple]) -> None:
    assert Counter(a) == Counter(b)
    assert len(a) > 0, "an empty answer proves little"


def test_posts_match_sparql(corpus_db: Path, corpus_graph: Path):
    _same(cypher(corpus_db, """MATCH (m:Membership)-[:MEMBER]->(p:Person), (m)-[:HAS_ROLE]->(r:Role)
                              OPTIONAL MATCH (m)-[:HAS_ORGANIZATION]->(o:Organization)
                              RETURN p.name, r.prefLabel, o.name"""),
          sparql(corpus_graph, """SELECT ?name ?role ?org WHERE { ?m org:member/schema:name ?name ;
                 org:role/skos:prefLabel ?role . OPTIONAL { ?m org:organization/schema:name ?org } }"""))
    _same(cypher(corpus_db, "MATCH (p:Person)-[m:MEMBER_OF]->(o:Organization) RETURN p.name, m.role, o.name"),
          sparql(corpus_graph, """SELECT ?name ?role ?org WHERE { ?m org:member/schema:name ?name ;
                 org:role/skos:prefLabel ?role ; org:organization/schema:name ?org }"""))


def test_sub_organizations_match_sparql(corpus_db: Path, corpus_graph: Path):
    _same(cypher(corpus_db, "MATCH (c:Organization)-[:SUB_ORGANIZATION_OF]->(p:Organization) RETURN c.iri, c.name, p.name"),
          sparql(corpus_graph, """SELECT ?c ?child ?parent WHERE { ?c org:subOrganizationOf ?p ;
                 schema:name ?child . ?p schema:name ?parent }"""))
    # the provenance of each hierarchy edge is the sentences of its rdf:Statement
    rows = cypher(corpus_db, "MATCH (c:Organization)-[s:SUB_ORGANIZATION_OF]->(p) UNWIND s.sources AS src RETURN c.iri, p.iri, src")
    _same(rows, sparql(corpus_graph, """SELECT ?c ?p ?src WHERE { ?st rdf:subject ?c ; rdf:predicate org:subOrganizationOf ;
                  rdf:object ?p ; prov:wasDerivedFrom ?src }"""))


def test_events_match_sparql(corpus_db: Path, corpus_graph: Path):
    _same(cypher(corpus_db, """MATCH (e:Event) OPTIONAL MATCH (e)-[:LOCATION]->(pl:Place)
                              RETURN e.iri, e.type, e.startDate, pl.name"""),
          sparql(corpus_graph, """SELECT ?e ?type ?date ?place WHERE { ?e a kg:Event, ?t .
                 FILTER(?t != kg:Event && STRSTARTS(STR(?t), STR(kg:))) BIND(STRAFTER(STR(?t), "#") AS ?type)
                 OPTIONAL { ?e schema:startDate ?date } OPTIONAL { ?e schema:location/schema:name ?place } }"""))
    _same(cypher(corpus_db, "MATCH (e:Event)-[:PARTICIPANT]->(x) RETURN e.iri, x.name"),
          sparql(corpus_graph, "SELECT ?e ?name WHERE { ?e kg:participant/schema:name ?name }"))


def test_node_counts_match_sparql(corpus_db: Path, corpus_graph: Path):
    _same(cypher(corpus_db, "MATCH (n) RETURN label(n), count(*)"),
          [(label, int(n)) for label, n in sparql(corpus_graph, """SELECT ?label (COUNT(?x) AS ?n) WHERE {
              VALUES (?c ?label) { (kg:Person "Person") (kg:Organization "Organization") (kg:Place "Place")
                (kg:LegalDocument "LegalDocument") (kg:Event "Event") (kg:Article "Article") (kg:Sentence "Sentence")
                (kg:Membership "Membership") (kg:Role "Role") (kg:Figure "Figure") } ?x a ?c } GROUP BY ?label""")])


def test_cypher_formats_and_errors(corpus_db: Path, tmp_path: Path):
    q = "MATCH (p:Person) WHERE size(p.aliases) > 0 RETURN p.name, p.aliases ORDER BY p.name LIMIT 3"
    res = run_kg("cypher", corpus_db, q, "--format", "csv")
    assert res.returncode == 0, res.stderr
    rows = list(csv.reader(io.StringIO(res.stdout)))
    assert rows[0] == ["p.name", "p.aliases"] and len(rows) == 4
    assert isinstance(json.loads(rows[1][1]), list)
    table = run_kg("cypher", corpus_db, q).stdout.splitlines()
    assert table[0].split() == ["p.name", "p.aliases"] and table[-1] == "(3 rows)"
    for bad in (["cypher", corpus_db, "MATCH (n:NoSuchLabel) RETURN n"],
                ["cypher", corpus_db, "CREATE (:Person {iri: 'x'})"],  # read-only
                ["cypher", tmp_path / "none.lbug", "MATCH (n) RETURN n"]):
        res = run_kg(*bad)
        assert res.returncode == 2, bad
        assert res.stderr.startswith("error: ") and len(res.stderr.strip().splitlines()) == 1


def test_db_is_replaced_whole(tmp_path: Path, example_graph: Path):
    db = tmp_path / "g.lbug"
    assert run_kg("load", example_graph, "--db", db, "--quiet").returncode == 0
    assert run_kg("load", example_graph, "--db", db, "--quiet").returncode == 0  # replaces
    bad = tmp_path / "bad.ttl"
    bad.write_text("this is not turtle", encoding="utf-8")
    res = run_kg("load", bad, "--db", db)
    assert res.returncode == 2 and len(res.stderr.strip().splitlines()) == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.ttl", "g.lbug"]
    assert cypher(db, "MATCH (p:Person {name: 'Lê Thị Mai Hương'})-[m:MEMBER_OF]->(o) RETURN m.role, o.name") == \
        [("Phó Giám đốc", "Sở Tài chính")]


def test_partition_rules_on_an_invented_graph():
    """Two articles share a person; one fact is reified from article A's sentence; one triple
    belongs to no article."""
    g = Graph().parse(data="""
    @prefix schema: <https://schema.org/> . @prefix prov: <http://www.w3.org/ns/prov#> .
    @prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> . @prefix org: <http://www.w3.org/ns/org#> .
    @prefix kg: <https://w3id.org/kg-vn/ontology#> . @prefix : <urn:t:> .
    :A a schema:NewsArticle ; schema:mentions :p, :o1 . :B a schema:NewsArticle ; schema:mentions :p .
    :A1 schema:isPartOf :A ; schema:text "câu A" . :B1 schema:isPartOf :B ; kg:mentions :p .
    :p a schema:Person ; schema:name "Người Thử" .
    :o1 a schema:Organization ; org:subOrganizationOf :o2 .
    :o2 a schema:Organization ; schema:name "Bộ Thử" .
    :st a rdf:Statement ; rdf:subject :o1 ; rdf:predicate org:subOrganizationOf ; rdf:object :o2 ;
        prov:wasDerivedFrom :A1 .
    :m org:member :p ; org:role :r ; prov:wasDerivedFrom :B1 .
    :r schema:name "Vai" .
    :lonely schema:name "Không ai nhắc" .
    """, format="turtle")
    parts = {str(k) if k else None: {tuple(str(x) for x in t) for t in v} for k, v in partition(g).items()}
    t = "urn:t:"
    name = "https://schema.org/name"
    assert (t + "p", name, "Người Thử") in parts[t + "A"] & parts[t + "B"]  # shared entity in both
    sub = (t + "o1", "http://www.w3.org/ns/org#subOrganizationOf", t + "o2")
    assert sub in parts[t + "A"] and sub not in parts[t + "B"]  # reified fact follows its sentence
    assert (t + "m", "http://www.w3.org/ns/org#member", t + "p") in parts[t + "B"]
    assert (t + "r", name, "Vai") in parts[t + "B"]  # a role named by B's post
    assert (t + "o2", name, "Bộ Thử") in parts[t + "A"]  # the other end of A's reified fact
    assert (t + "o2", name, "Bộ Thử") not in parts[t + "B"]
    assert parts[None] == {(t + "lonely", name, "Không ai nhắc")}  # nobody's: the default graph
