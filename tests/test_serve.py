"""`kg serve` as a real process on a free loopback port: answers over the SPARQL 1.1 Protocol
equal `kg query`'s, updates are refused, a runaway query is cut off, big answers are capped."""
from __future__ import annotations

import json
import os
import selectors
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from conftest import EXAMPLES, kg_command, run_kg, ROOT

POSTS = """SELECT ?name ?role ?org WHERE { ?m org:member/schema:name ?name ; org:role/skos:prefLabel ?role .
    OPTIONAL { ?m org:organization/schema:name ?org } } ORDER BY ?name ?role ?org"""
SUBORGS = """SELECT ?child ?parent WHERE { ?c org:subOrganizationOf ?p . ?c schema:name ?child .
    ?p schema:name ?parent } ORDER BY ?child ?parent"""
EVENTS = """SELECT ?e ?type ?date WHERE { ?e a kg:Event, ?type .
    FILTER(?type != kg:Event && STRSTARTS(STR(?type), STR(kg:)))
    OPTIONAL { ?e schema:startDate ?date } } ORDER BY ?e ?type"""
CONSTRUCT = "CONSTRUCT { ?m org:member ?p ; org:role ?r } WHERE { ?m org:member ?p ; org:role ?r }"
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
TIMEOUT, MAX_RESULTS = 2, 1000


class Server:
    """A `kg serve` subprocess; url is its endpoint, read from the line it prints first."""

    def __init__(self, graph: Path, tmp: Path, *args: str) -> None:
        self.tmp = tmp
        self.process = subprocess.Popen([*kg_command(), "serve", str(graph), "--port", "0", *args],
                                        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                        encoding="utf-8", cwd=ROOT, env={**os.environ, "TMPDIR": str(tmp)})
        sel = selectors.DefaultSelector()
        sel.register(self.process.stdout, selectors.EVENT_READ)
        if not sel.select(timeout=120):
            self.stop()
            pytest.fail("kg serve did not announce its address within 120 s")
        self.banner = self.process.stdout.readline().strip()
        if not self.banner.startswith("kg serve: http://"):
            _, err = self.stop()
            pytest.fail(f"kg serve did not start: {self.banner!r} {err}")
        self.url = self.banner.split()[2]

    def stop(self) -> tuple[int, str]:
        self.process.terminate()
        try:
            _, err = self.process.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            _, err = self.process.communicate()
        return self.process.returncode, err


def http(url: str, *, data: bytes | None = None, headers: dict[str, str] | None = None,
         method: str | None = None) -> tuple[int, dict[str, str], bytes]:
    req = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(req, timeout=60) as resp:
            return resp.status, dict(resp.headers), resp.read()
    except urllib.error.HTTPError as err:
        return err.code, dict(err.headers), err.read()


def get(server: Server, query: str, accept: str) -> tuple[int, dict[str, str], bytes]:
    return http(server.url + "?" + urllib.parse.urlencode({"query": query}), headers={"Accept": accept})


def post_form(server: Server, field: str, text: str, accept: str = "*/*") -> tuple[int, dict[str, str], bytes]:
    return http(server.url, data=urllib.parse.urlencode({field: text}).encode(),
                headers={"Content-Type": "application/x-www-form-urlencoded", "Accept": accept})


@pytest.fixture(scope="module")
def server(corpus_graph: Path, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("serve-tmp")
    srv = Server(corpus_graph, tmp, "--timeout", str(TIMEOUT), "--max-results", str(MAX_RESULTS))
    yield srv
    code, err = srv.stop()
    assert "Traceback" not in err, err
    assert not list(tmp.glob("kg-serve-*")), "the temporary store was left behind"


def test_binds_loopback_by_default(server: Server):
    assert server.url.startswith("http://127.0.0.1:") and server.url.endswith("/sparql")
    assert "read-only" in server.banner


@pytest.mark.parametrize("query", [POSTS, SUBORGS, EVENTS], ids=["posts", "suborgs", "events"])
def test_json_equals_kg_query(server: Server, corpus_graph: Path, query: str):
    status, headers, body = get(server, query, "application/sparql-results+json")
    assert status == 200, body
    assert headers["Content-Type"].startswith("application/sparql-results+json")
    local = run_kg("query", corpus_graph, query, "--format", "json")
    assert local.returncode == 0, local.stderr
    assert json.loads(body) == json.loads(local.stdout)
    assert json.loads(body)["results"]["bindings"], "an empty answer proves little"


@pytest.mark.parametrize("accept,fmt", [("text/csv", "csv"), ("text/tab-separated-values", "tsv")])
def test_csv_tsv_post_equal_kg_query(server: Server, corpus_graph: Path, accept: str, fmt: str):
    status, headers, body = post_form(server, "query", POSTS, accept)
    assert status == 200 and headers["Content-Type"].startswith(accept)
    # run_kg reads text, which turns the CSV's CRLF into LF
    assert body.decode("utf-8").replace("\r\n", "\n") == run_kg("query", corpus_graph, POSTS, "--format", fmt).stdout
    status, _, raw = http(server.url, data=POSTS.encode(), headers={"Content-Type": "application/sparql-query",
                                                                     "Accept": accept})
    assert status == 200 and raw == body


def test_xml_results(server: Server):
    status, headers, body = get(server, SUBORGS, "application/sparql-results+xml")
    assert status == 200 and headers["Content-Type"].startswith("application/sparql-results+xml")
    ns = "{http://www.w3.org/2005/sparql-results#}"
    assert len(ET.fromstring(body).findall(f"{ns}results/{ns}result")) > 0


@pytest.mark.parametrize("accept,parse,fmt", [("text/turtle", "turtle", "ttl"), ("application/n-triples", "nt", "nt")])
def test_construct(server: Server, corpus_graph: Path, accept: str, parse: str, fmt: str):
    status, headers, body = get(server, CONSTRUCT, accept)
    assert status == 200 and headers["Content-Type"].startswith(accept)
    got = Graph().parse(data=body.decode("utf-8"), format=parse)
    local = Graph().parse(data=run_kg("query", corpus_graph, CONSTRUCT, "--format", fmt).stdout, format=parse)
    assert len(got) > 0 and isomorphic(got, local)


def test_ask_and_q_values(server: Server):
    status, headers, body = get(server, "ASK { ?p a schema:Person }",
                                "text/csv;q=0.5, application/sparql-results+json")
    assert status == 200 and json.loads(body) == {"head": {}, "boolean": True}


def test_update_is_refused(server: Server):
    insert = "INSERT DATA { <urn:x:a> <urn:x:b> <urn:x:c> }"
    status, _, body = post_form(server, "update", insert)
    assert status == 403 and b"read-only" in body
    status, _, body = http(server.url, data=insert.encode(), headers={"Content-Type": "application/sparql-update"})
    assert status == 403
    status, _, body = get(server, insert, "*/*")  # an update sent as a query is not a query
    assert status == 400
    _, _, body = get(server, "ASK { <urn:x:a> ?p ?o }", "application/sparql-results+json")
    assert json.loads(body)["boolean"] is False


def test_runaway_query_is_cut_off_and_server_stays_up(server: Server):
    started = time.monotonic()
    status, _, body = post_form(server, "query", RUNAWAY)
    assert status == 503 and b"cut off" in body
    assert time.monotonic() - started < 60  # cut off, not run to the end (hours on this graph)
    status, _, body = get(server, "ASK { ?p a schema:Person }", "application/sparql-results+json")
    assert status == 200 and json.loads(body)["boolean"] is True


def test_result_cap(server: Server):
    status, _, body = get(server, "SELECT * WHERE { ?s ?p ?o }", "text/csv")
    assert status == 400 and f"more than {MAX_RESULTS}".encode() in body and b"LIMIT" in body
    status, _, body = get(server, f"SELECT * WHERE {{ ?s ?p ?o }} LIMIT {MAX_RESULTS}", "text/csv")
    assert status == 200 and body.count(b"\r\n") == MAX_RESULTS + 1


def test_bad_requests(server: Server):
    status, _, body = get(server, "SELEC ?x", "*/*")
    assert status == 400 and b"SPARQL query failed" in body
    status, _, _ = http(server.url)
    assert status == 400
    status, _, _ = http(server.url.replace("/sparql", "/nothing"))
    assert status == 404
    status, _, _ = http(server.url, data=b"x", headers={"Content-Type": "text/plain"})
    assert status == 415


def test_cors(server: Server):
    status, headers, _ = http(server.url, method="OPTIONS", headers={"Origin": "http://example.org",
                                                                      "Access-Control-Request-Method": "POST"})
    assert status == 204 and headers["Access-Control-Allow-Origin"] == "*"
    assert "POST" in headers["Access-Control-Allow-Methods"]
    _, headers, _ = get(server, "ASK {}", "*/*")
    assert headers["Access-Control-Allow-Origin"] == "*"


def test_sparqlwrapper(server: Server, corpus_graph: Path):
    sw = pytest.importorskip("SPARQLWrapper")
    client = sw.SPARQLWrapper(server.url)
    client.setQuery(POSTS)
    client.setReturnFormat(sw.JSON)
    client.setMethod(sw.POST)
    rows = client.query().convert()["results"]["bindings"]
    local = json.loads(run_kg("query", corpus_graph, POSTS, "--format", "json").stdout)["results"]["bindings"]
    assert rows == local and len(rows) > 10


def test_allow_update(tmp_path: Path):
    out = tmp_path / "ex"
    assert run_kg("build", EXAMPLES, "--out", out, "--format", "nt", "--quiet").returncode == 0
    srv = Server(out / "graph.nt", tmp_path, "--allow-update")
    try:
        assert "read-write" in srv.banner
        status, _, _ = post_form(srv, "update", "INSERT DATA { <urn:x:a> schema:name \"thử\" }")
        assert status == 204
        _, _, body = get(srv, 'ASK { <urn:x:a> schema:name "thử" }', "application/json")
        assert json.loads(body)["boolean"] is True
        _, _, body = get(srv, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", "application/json")
        before = Graph().parse(out / "graph.nt")
        assert int(json.loads(body)["results"]["bindings"][0]["n"]["value"]) == len(before) + 1
    finally:
        srv.stop()


def test_bad_graph_file_fails_in_one_line(tmp_path: Path):
    res = run_kg("serve", tmp_path / "missing.ttl", "--port", "0")
    assert res.returncode == 2 and res.stderr.startswith("error: ") and len(res.stderr.splitlines()) == 1


@pytest.mark.parametrize("accept,expected", [
    (None, ("json", "ttl")),
    ("*/*", ("json", "ttl")),
    ("text/csv", ("csv", "ttl")),
    ("application/sparql-results+json,*/*;q=0.9", ("json", "ttl")),
    ("text/csv;q=0.2, application/sparql-results+xml;q=0.8", ("xml", "ttl")),
    ("application/n-triples, text/turtle;q=0.5", ("json", "nt")),
    ("text/tab-separated-values;q=0, text/csv;q=0.1", ("csv", "ttl")),
    ("text/plain", ("table", "nt")),
])
def test_negotiate(accept, expected):
    from kg.serve import negotiate
    assert negotiate(accept) == expected
