"""The export formats beyond Turtle: N-Quads and TriG (a named graph per article), JSON-LD,
Neo4j CSV folders and Cypher scripts. Each is written by real `kg build` / `kg export`
processes from the bundled examples and from the dev corpus, read back with independent
readers (rdflib, Python's csv) and compared with the Turtle written by the same build."""
from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pytest
from rdflib import RDF, Dataset, Graph, Literal, Namespace
from rdflib.compare import isomorphic
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

from conftest import EXAMPLES, ROOT, run_kg, shared

KG = Namespace("https://w3id.org/kg-vn/ontology#")
SCHEMA = Namespace("https://schema.org/")
ORG = Namespace("http://www.w3.org/ns/org#")
PROV = Namespace("http://www.w3.org/ns/prov#")
ID = Namespace("https://w3id.org/kg-vn/id/")
SKOS = Namespace("http://www.w3.org/2004/02/skos/core#")
FORMATS = ["ttl", "nt", "nq", "trig", "jsonld", "graphml", "neo4j", "cypher"]
SUFFIX = {"ttl": ".ttl", "nt": ".nt", "nq": ".nq", "trig": ".trig", "jsonld": ".jsonld",
          "graphml": ".graphml", "neo4j": ".neo4j", "cypher": ".cypher"}
ARRAY = "\x1f"


def build_all(inputs: Path, out: Path) -> Path:
    res = run_kg("build", inputs, "--out", out, "--quiet", *[a for f in FORMATS for a in ("--format", f)])
    assert res.returncode == 0, res.stderr
    return out


@pytest.fixture(scope="module")
def example_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_all(EXAMPLES, tmp_path_factory.mktemp("example"))


@pytest.fixture(scope="module")
def corpus_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_all(shared("corpus"), tmp_path_factory.mktemp("corpus"))


@pytest.fixture(params=["example", pytest.param("corpus", marks=pytest.mark.slow)])
def out(request: pytest.FixtureRequest) -> Path:
    """A build folder holding every format: the bundled examples, or the dev corpus."""
    return request.getfixturevalue(f"{request.param}_out")


def turtle(out: Path) -> Graph:
    return Graph().parse(out / "graph.ttl", format="turtle")


# --- what a build writes -------------------------------------------------------------------

def test_build_writes_every_format_and_no_temporary_file(out: Path):
    for fmt in FORMATS:
        path = out / f"graph{SUFFIX[fmt]}"
        assert path.exists(), path
    assert (out / "graph.neo4j").is_dir() and (out / "graph.neo4j" / "import.sh").is_file()
    leftovers = [p.name for p in out.rglob(".*")]
    assert leftovers == []


# --- N-Quads and TriG: one named graph per article ----------------------------------------

@pytest.mark.parametrize("fmt,rdflib_format", [("nq", "nquads"), ("trig", "trig")])
def test_named_graphs_union_to_the_graph(out: Path, fmt: str, rdflib_format: str):
    ds = Dataset()
    ds.parse(out / f"graph.{fmt}", format=rdflib_format)
    union, graphs = Graph(), {}
    for s, p, o, c in ds.quads((None, None, None, None)):
        union.add((s, p, o))
        graphs.setdefault(c, Graph()).add((s, p, o))
    g = turtle(out)
    assert isomorphic(union, g)
    articles = set(g.subjects(RDF.type, KG.Article))
    assert set(graphs) == articles | {DATASET_DEFAULT_GRAPH_ID}
    default = graphs[DATASET_DEFAULT_GRAPH_ID]
    # shared: every entity's types and names; per article: provenance and sentence text
    assert set(default.subject_objects(SCHEMA.name)) >= {
        (p, n) for p in g.subjects(RDF.type, KG.Person) for n in g.objects(p, SCHEMA.name)}
    assert not list(default.triples((None, PROV.wasDerivedFrom, None)))
    assert not list(default.triples((None, SCHEMA.text, None)))
    for name, sub in graphs.items():
        if name == DATASET_DEFAULT_GRAPH_ID:
            continue
        assert (name, RDF.type, KG.Article) in sub
        sources = set(sub.objects(None, PROV.wasDerivedFrom))
        assert sources, f"{name}: no provenance"
        assert all((s, SCHEMA.isPartOf, name) in g for s in sources), f"{name} cites another article's sentence"
        assert set(sub.subjects(SCHEMA.isPartOf, name)) == set(g.subjects(SCHEMA.isPartOf, name))


def test_named_graph_holds_the_facts_read_in_it(example_out: Path):
    ds = Dataset()
    ds.parse(example_out / "graph.nq", format="nquads")
    g = turtle(example_out)
    issuer = next(g.subjects(SCHEMA.legislationIdentifier, Literal("123-QĐ/TU")))
    hatinh = next(a for a in g.subjects(RDF.type, KG.Article) if "bao-cao-kiem-tra" in str(a))
    nghean = next(a for a in g.subjects(RDF.type, KG.Article) if "xet-xu" in str(a))
    passed_by = (issuer, SCHEMA.legislationPassedBy, None)
    assert list(ds.graph(hatinh).triples(passed_by))
    assert not list(ds.graph(nghean).triples(passed_by))
    assert not list(ds.graph(DATASET_DEFAULT_GRAPH_ID).triples(passed_by))
    # the document itself (type, name) is shared
    assert (issuer, RDF.type, KG.LegalDocument) in ds.graph(DATASET_DEFAULT_GRAPH_ID)


# --- JSON-LD -------------------------------------------------------------------------------

def test_jsonld_parses_back_to_the_same_graph(out: Path):
    back = Graph().parse(out / "graph.jsonld", format="json-ld")
    assert isomorphic(back, turtle(out))


def test_jsonld_is_compact_with_the_shipped_context(example_out: Path):
    doc = json.loads((example_out / "graph.jsonld").read_text(encoding="utf-8"))
    shipped = json.loads((ROOT / "src" / "kg" / "resources" / "context.jsonld").read_text(encoding="utf-8"))
    assert doc["@context"] == shipped["@context"]
    keys = {k for node in doc["@graph"] for k in node}
    assert {"@id", "@type", "name", "member", "role", "organization", "wasDerivedFrom",
            "subOrganizationOf", "startDate", "text"} <= keys
    assert not [k for k in keys if k.startswith("http")]
    person = next(n for n in doc["@graph"] if n.get("name") == "Trần Minh Khang")
    assert person["@id"].startswith("id:person/") and "schema:Person" in person["@type"]


# --- Neo4j CSV ------------------------------------------------------------------------------

def read_neo4j(folder: Path) -> tuple[dict[str, dict], list[dict]]:
    """Nodes by id (with their file) and relationships, read with Python's csv module."""
    nodes: dict[str, dict] = {}
    rels: list[dict] = []
    for path in sorted(folder.glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as f:
            table = list(csv.DictReader(f))
        if path.name.startswith("nodes_"):
            for row in table:
                assert row["iri:ID"] not in nodes, f"{row['iri:ID']} twice"
                nodes[row["iri:ID"]] = {**row, "_file": path.name}
        else:
            assert path.name.startswith("rels_"), path
            rels += table
    return nodes, rels


def graph_counts(g: Graph) -> tuple[int, int]:
    """Nodes (typed resources, statements aside) and relationships (distinct triples
    between two of them) that the property-graph mapping must give."""
    typed = set(g.subjects(RDF.type, None)) - set(g.subjects(RDF.type, RDF.Statement))
    rels = {(s, p, o) for s, p, o in g if s in typed and o in typed and p != RDF.type}
    return len(typed), len(rels)


def test_neo4j_csv_reads_back_and_every_endpoint_is_a_node(out: Path):
    folder = out / "graph.neo4j"
    nodes, rels = read_neo4j(folder)
    g = turtle(out)
    assert (len(nodes), len(rels)) == graph_counts(g)
    for rel in rels:
        assert rel[":START_ID"] in nodes and rel[":END_ID"] in nodes, rel
        assert rel[":TYPE"] and re.fullmatch(r"[\w-]+", rel[":TYPE"])
    for node in nodes.values():
        labels = node[":LABEL"].split(ARRAY)
        assert node["_file"] == f"nodes_{labels[0]}.csv" and labels[-1] == "Resource"
    people = {n["name"] for n in nodes.values() if "Person" in n[":LABEL"].split(ARRAY)}
    assert people == {str(n) for p in g.subjects(RDF.type, KG.Person) for n in g.objects(p, SCHEMA.name)}
    script = (folder / "import.sh").read_text(encoding="utf-8")
    assert "database import full" in script and "--array-delimiter=U+001F" in script
    for path in folder.glob("*.csv"):
        kind = "--nodes" if path.name.startswith("nodes_") else "--relationships"
        assert f"{kind}={path.name}" in script


def test_neo4j_headers_are_typed(example_out: Path):
    folder = example_out / "graph.neo4j"
    header = lambda name: (folder / name).read_text(encoding="utf-8").split("\n", 1)[0].split(",")  # noqa: E731
    assert header("nodes_Person.csv")[:3] == ["iri:ID", ":LABEL", "name"]
    assert "alternateName:string[]" in header("nodes_Place.csv")
    assert "foundingDate:date" in header("nodes_Organization.csv")
    assert "former:boolean" in header("nodes_Membership.csv")
    assert "value:long" in header("nodes_Figure.csv")
    # startDate holds days (2024-03-12) and a bare year (2023) here: one type for the key, string
    assert "startDate" in header("nodes_Inspection.csv") and "startDate" in header("nodes_Trial.csv")
    assert header("rels_subOrganizationOf.csv") == [":START_ID", ":END_ID", ":TYPE", "rule", "wasDerivedFrom:string[]"]
    nodes, rels = read_neo4j(folder)
    # provenance of a reified relation rides on the relationship it describes
    sub = [r for r in rels if r[":TYPE"] == "subOrganizationOf"
           and nodes[r[":START_ID"]]["name"] == "Công an tỉnh Nghệ An"]
    assert [nodes[r[":END_ID"]]["name"] for r in sub] == ["Bộ Công an"]
    sentence = nodes[sub[0]["wasDerivedFrom:string[]"].split(ARRAY)[0]]
    assert sentence["text"] == "Công an tỉnh Nghệ An trực thuộc Bộ Công an."


# --- Cypher ---------------------------------------------------------------------------------

_S = "S"  # a string literal, once lifted out of the code
_VALUE = r"(S|-?[0-9]+|-?[0-9.]+(e[+-]?[0-9]+)?|true|false|date\(S\))"
_VALUES = rf"({_VALUE}|\[({_VALUE}(, {_VALUE})*)?\])"
_NAME = r"`[\w-]+`"
_NODE = re.compile(rf"MERGE \(n:Resource \{{iri: S\}}\)( SET (n(:{_NAME})+|n\.{_NAME} = {_VALUES})"
                   rf"(, n\.{_NAME} = {_VALUES})*)?;")
_REL = re.compile(rf"MATCH \(a:Resource \{{iri: S\}}\), \(b:Resource \{{iri: S\}}\) "
                  rf"MERGE \(a\)-\[r:{_NAME}\]->\(b\)( SET r\.{_NAME} = {_VALUES}(, r\.{_NAME} = {_VALUES})*)?;")
_CONSTRAINT = "CREATE CONSTRAINT kg_resource_iri IF NOT EXISTS FOR (n:Resource) REQUIRE n.iri IS UNIQUE;"
_UNESCAPE = {"\\": "\\", "'": "'", '"': '"', "n": "\n", "r": "\r", "t": "\t", "b": "\b", "f": "\f"}


def lift_strings(code: str) -> tuple[str, list[str]]:
    """The code with every single-quoted literal replaced by S, and the literals' values,
    read the way Cypher reads them (backslash escapes, \\uXXXX)."""
    skeleton, values, i = [], [], 0
    while i < len(code):
        ch = code[i]
        if ch != "'":
            skeleton.append(ch)
            i += 1
            continue
        i += 1
        value = []
        while True:
            if i >= len(code):
                pytest.fail(f"a string literal runs off the end of its line: {code[:200]}")
            if code[i] == "'":
                break
            if code[i] == "\\":
                esc = code[i + 1]
                if esc == "u":
                    value.append(chr(int(code[i + 2:i + 6], 16)))
                    i += 6
                    continue
                value.append(_UNESCAPE[esc])
                i += 2
                continue
            value.append(code[i])
            i += 1
        i += 1
        skeleton.append(_S)
        values.append("".join(value))
    return "".join(skeleton), values


def check_cypher(script: str) -> tuple[int, int, list[str]]:
    """(node statements, relationship statements, string values); fails on anything else."""
    lines = script.rstrip("\n").split("\n")
    assert lines[0].startswith("// ") and lines[1] == _CONSTRAINT
    nodes = rels = 0
    values: list[str] = []
    for line in lines[2:]:
        skeleton, found = lift_strings(line)
        values += found
        if _NODE.fullmatch(skeleton):
            nodes += 1
        elif _REL.fullmatch(skeleton):
            rels += 1
        else:
            pytest.fail(f"not a kg statement: {skeleton[:300]}")
    return nodes, rels, values


def test_cypher_has_one_statement_per_node_and_relationship(out: Path):
    nodes, rels, values = check_cypher((out / "graph.cypher").read_text(encoding="utf-8"))
    g = turtle(out)
    assert (nodes, rels) == graph_counts(g)
    names = {str(n) for p in g.subjects(RDF.type, KG.Person) for n in g.objects(p, SCHEMA.name)}
    assert names <= set(values)


# --- determinism and errors ------------------------------------------------------------------

def read_output(path: Path) -> dict[str, bytes]:
    if path.is_dir():
        return {p.name: p.read_bytes() for p in sorted(path.iterdir())}
    return {path.name: path.read_bytes()}


@pytest.mark.parametrize("fmt", ["nq", "trig", "jsonld", "neo4j", "cypher"])
def test_same_graph_same_bytes(example_out: Path, tmp_path: Path, fmt: str):
    outputs = []
    for seed in ("1", "2"):
        target = tmp_path / seed / f"graph{SUFFIX[fmt]}"
        res = run_kg("export", example_out / "graph.ttl", "--format", fmt, "--out", target,
                     env={"PYTHONHASHSEED": seed})
        assert res.returncode == 0, res.stderr
        outputs.append(read_output(target))
    assert outputs[0] == outputs[1]
    assert outputs[0] == read_output(example_out / f"graph{SUFFIX[fmt]}")  # and as `kg build` wrote it


def test_export_reads_its_own_outputs(example_out: Path, tmp_path: Path):
    for fmt in ("nq", "trig", "jsonld"):
        res = run_kg("export", example_out / f"graph.{fmt}", "--format", "nt", "--out", tmp_path / f"{fmt}.nt")
        assert res.returncode == 0, res.stderr
        assert isomorphic(Graph().parse(tmp_path / f"{fmt}.nt", format="nt"), turtle(example_out))


def test_export_bad_input_is_one_line_and_writes_nothing(tmp_path: Path, example_out: Path):
    for args in (["missing.ttl", "--format", "nq"], [example_out / "graph.ttl", "--format", "xml"]):
        res = run_kg("export", *args, "--out", tmp_path / "x")
        assert res.returncode == 2
        assert res.stderr.startswith("error: ") and res.stderr.count("\n") == 1, res.stderr
    assert list(tmp_path.iterdir()) == []
    bad = tmp_path / "bad.ttl"
    bad.write_text("<a> <b> .\n", encoding="utf-8")
    res = run_kg("export", bad, "--format", "cypher", "--out", tmp_path / "g.cypher")
    assert res.returncode == 2 and "bad.ttl" in res.stderr and "Traceback" not in res.stderr
    assert not (tmp_path / "g.cypher").exists()


def test_neo4j_folder_is_replaced_whole(tmp_path: Path, example_out: Path):
    target = tmp_path / "graph.neo4j"
    target.mkdir()
    (target / "stale.csv").write_text("old\n", encoding="utf-8")
    res = run_kg("export", example_out / "graph.ttl", "--format", "neo4j", "--out", target)
    assert res.returncode == 0, res.stderr
    assert not (target / "stale.csv").exists() and (target / "import.sh").exists()
    assert [p.name for p in tmp_path.iterdir()] == ["graph.neo4j"]
    blocker = tmp_path / "file.neo4j"
    blocker.write_text("keep me\n", encoding="utf-8")
    res = run_kg("export", example_out / "graph.ttl", "--format", "neo4j", "--out", blocker)
    assert res.returncode == 2 and "not a folder" in res.stderr
    assert blocker.read_text(encoding="utf-8") == "keep me\n"


# --- hostile text ------------------------------------------------------------------------------

HOSTILE = ("Nguyễn Văn \"Bobby\" O'Brien \\ ; */ MATCH (n) DETACH DELETE n; // <script>alert(1)</script>"
           " ]]> --> \n second line\r\n\ttab \x01\x08\x0c\x1b\x1f\x7f \u2028 \u0085 `x` ${PATH} 😀")
ALIASES = ["a,b", 'say "hi"', "back\\slash\\", "new\nline", "semi;colon", "*/"]


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> tuple[Graph, Path]:
    """A small graph, made directly with rdflib, whose names try to break out of every format."""
    from kg.export import export

    g = Graph()
    art, sent = ID["article/hostile-0"], ID["article/hostile-0/s0"]
    person, org, parent = ID["person/hostile"], ID["organization/hostile"], ID["organization/parent"]
    member, role, stmt = ID["membership/hostile"], ID["role/hostile"], ID["statement/hostile"]
    for node, classes in ((art, [KG.Article, SCHEMA.NewsArticle]), (sent, [KG.Sentence, PROV.Entity]),
                          (person, [KG.Person, SCHEMA.Person]), (org, [KG.Organization, SCHEMA.Organization]),
                          (parent, [KG.Organization, SCHEMA.Organization]), (member, [KG.Membership, ORG.Membership]),
                          (role, [KG.Role, ORG.Role]), (stmt, [RDF.Statement])):
        for c in classes:
            g.add((node, RDF.type, c))
    g.add((art, SCHEMA.headline, Literal(HOSTILE)))
    g.add((sent, SCHEMA.isPartOf, art))
    g.add((sent, SCHEMA.text, Literal(HOSTILE)))
    g.add((person, SCHEMA.name, Literal(HOSTILE)))
    g.add((org, SCHEMA.name, Literal("Sở ']]>")))
    g.add((parent, SCHEMA.name, Literal("Ủy ban \\'")))
    for alias in ALIASES:
        g.add((org, SCHEMA.alternateName, Literal(alias)))
    g.add((org, ORG.subOrganizationOf, parent))
    g.add((role, SKOS.prefLabel, Literal("Giám đốc */")))
    g.add((member, ORG.member, person))
    g.add((member, ORG.role, role))
    g.add((member, ORG.organization, org))
    g.add((member, PROV.wasDerivedFrom, sent))
    g.add((member, KG.former, Literal(True)))
    for p, o in ((RDF.subject, org), (RDF.predicate, ORG.subOrganizationOf), (RDF.object, parent),
                 (PROV.wasDerivedFrom, sent), (KG.rule, Literal("rule ' \" \\"))):
        g.add((stmt, p, o))
    folder = tmp_path_factory.mktemp("hostile")
    export(g, "ttl", folder / "graph.ttl")
    for fmt in FORMATS:
        if fmt in ("ttl", "graphml"):
            continue
        res = run_kg("export", folder / "graph.ttl", "--format", fmt, "--out", folder / f"graph{SUFFIX[fmt]}")
        assert res.returncode == 0, res.stderr
    return g, folder


@pytest.mark.parametrize("fmt,rdflib_format", [("nq", "nquads"), ("trig", "trig"), ("jsonld", "json-ld")])
def test_hostile_text_round_trips_in_rdf(hostile, fmt: str, rdflib_format: str):
    g, folder = hostile
    ds = Dataset()
    ds.parse(folder / f"graph.{fmt}", format=rdflib_format)
    back = Graph()
    for s, p, o, _ in ds.quads((None, None, None, None)):
        back.add((s, p, o))
    assert isomorphic(back, g)


def test_hostile_text_round_trips_in_neo4j_csv(hostile):
    _, folder = hostile
    nodes, rels = read_neo4j(folder / "graph.neo4j")
    person = nodes[str(ID["person/hostile"])]
    assert person["name"] == HOSTILE.replace(ARRAY, " ")  # the array delimiter alone is replaced
    org = nodes[str(ID["organization/hostile"])]
    assert sorted(org["alternateName:string[]"].split(ARRAY)) == sorted(ALIASES)
    assert nodes[str(ID["membership/hostile"])]["former:boolean"] == "true"
    sub = [r for r in rels if r[":TYPE"] == "subOrganizationOf"]
    assert len(sub) == 1 and sub[0]["rule"] == "rule ' \" \\"
    assert {r[":TYPE"] for r in rels} == {"subOrganizationOf", "member", "role", "organization",
                                          "wasDerivedFrom", "isPartOf"}


def test_hostile_text_stays_inside_cypher_strings(hostile):
    _, folder = hostile
    script = (folder / "graph.cypher").read_text(encoding="utf-8")
    nodes, rels, values = check_cypher(script)  # every line is one kg statement once strings are lifted
    assert (nodes, rels) == (7, 6)
    assert HOSTILE in values and set(ALIASES) <= set(values) and "Giám đốc */" in values
    assert "*/" not in script and "\r" not in script and "\u2028" not in script
    assert len(script.rstrip("\n").split("\n")) == 2 + nodes + rels  # no string spans lines


@pytest.mark.parametrize("fmt,rdflib_format", [("nq", "nquads"), ("trig", "trig"), ("jsonld", "json-ld")])
def test_blank_nodes_round_trip(hostile, tmp_path: Path, fmt: str, rdflib_format: str):
    from rdflib import BNode

    from kg.export import export

    g = Graph()
    g += hostile[0]
    g.add((BNode("n-1"), SCHEMA.about, ID["person/hostile"]))
    g.add((BNode("n-1"), SCHEMA.nextItem, BNode()))
    g.add((ID["person/hostile"], SCHEMA.knowsAbout, BNode("n-1")))
    ds = Dataset()
    ds.parse(export(g, fmt, tmp_path / f"g.{fmt}"), format=rdflib_format)
    back = Graph()
    for s, p, o, _ in ds.quads((None, None, None, None)):
        back.add((s, p, o))
    assert isomorphic(back, g)


@pytest.mark.parametrize("fmt", ["nq", "trig"])
def test_a_strict_parser_reads_the_quads(hostile, fmt: str):
    """Oxigraph checks IRIs, escapes and graph syntax more strictly than rdflib."""
    ox = pytest.importorskip("pyoxigraph")
    g, folder = hostile
    kind = ox.RdfFormat.N_QUADS if fmt == "nq" else ox.RdfFormat.TRIG
    quads = list(ox.parse(path=str(folder / f"graph.{fmt}"), format=kind))
    assert len({(q.subject, q.predicate, q.object) for q in quads}) == len(g)


def opencypher_tokens(statement: str) -> list[str]:
    """Parse one statement with the openCypher ANTLR grammar (antlr4-cypher); fail on any
    syntax error; return the token type names of what it read."""
    antlr4 = pytest.importorskip("antlr4")
    grammar = pytest.importorskip("antlr4_cypher")

    class Fail(antlr4.error.ErrorListener.ErrorListener):
        def syntaxError(self, recognizer, symbol, line, column, msg, e):  # noqa: N802 (ANTLR's name)
            pytest.fail(f"openCypher syntax error at {column}: {msg}\n{statement[:300]}")

    lexer = grammar.CypherLexer(antlr4.InputStream(statement))
    tokens = antlr4.CommonTokenStream(lexer)
    parser = grammar.CypherParser(tokens)
    for part in (lexer, parser):
        part.removeErrorListeners()
        part.addErrorListener(Fail())
    parser.script()
    return [grammar.CypherLexer.symbolicNames[t.type] for t in tokens.tokens if t.type > 0 and t.channel == 0]


def test_cypher_parses_with_the_opencypher_grammar(example_out: Path, hostile):
    """An independent parser agrees: every MERGE/MATCH statement is valid openCypher (the
    constraint line is Neo4j 5 syntax, outside openCypher 9), and hostile text is one string
    token, never code."""
    for script in (example_out / "graph.cypher", hostile[1] / "graph.cypher"):
        for line in script.read_text(encoding="utf-8").rstrip("\n").split("\n")[2:]:
            kinds = opencypher_tokens(line)
            assert kinds[0] in ("MERGE", "MATCH") and kinds[-1] == "SEMI" and kinds.count("SEMI") == 1
            assert not {"DELETE", "DETACH", "CREATE", "REMOVE", "CALL"} & set(kinds), line[:300]


@pytest.mark.parametrize("which", ["example", "hostile"])
def test_jsonld_reads_the_same_in_the_reference_processor(example_out: Path, hostile, which: str):
    """pyld, the JSON-LD API's reference implementation in Python, reads the file to the
    same triples as rdflib does (rdflib's reader is the more lenient of the two)."""
    jsonld = pytest.importorskip("pyld.jsonld")
    folder = example_out if which == "example" else hostile[1]
    doc = json.loads((folder / "graph.jsonld").read_text(encoding="utf-8"))
    quads = jsonld.to_rdf(doc, {"format": "application/n-quads"})
    assert isomorphic(Graph().parse(data=quads, format="nt"), Graph().parse(folder / "graph.ttl"))
