"""Curation (`kg build --curation FILE`) on the real articles of ../shared/corpus.

The rules are written from what the uncurated build found (entities picked by their facts
and articles, named by IRI), so the tests follow the extractor as it improves instead of
pinning today's mistakes."""
from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
from rdflib import RDF, Graph, URIRef

from conftest import ask, build, run_kg, select, shared
from kg.curate import CurationError, load_curation
from kg.ingest import read_articles

ID = "https://w3id.org/kg-vn/id/"
PROV = "http://www.w3.org/ns/prov#"


def _ask(g: Graph, pattern: str, **bindings: object) -> bool:
    return ask(g, "ASK { " + pattern + " }", **bindings)


def _records(out: Path) -> dict[str, dict]:
    return {r["iri"]: r for r in map(json.loads, (out / "resolution.jsonl").read_text("utf-8").splitlines())}


def _yaml(path: Path, rules: list[dict]) -> Path:
    path.write_text(json.dumps({"version": 1, "rules": rules}, ensure_ascii=False), encoding="utf-8")  # JSON is YAML
    return path


# --- reading the file: every error names file, rule and field; nothing is written -------

@pytest.mark.parametrize("text, expected", [
    ("rules: [merge: [a, b]\n", "not valid YAML at line"),
    ("rules:\n  - frobnicate: x\n", "rule 1: unknown action 'frobnicate'"),
    ("rules:\n  - rename: organization/x\n", "rule 1 (rename): missing field 'name'"),
    ("rules:\n  - drop: a\n  - retype: a\n    type: Animal\n", "rule 2 (retype): field 'type' must be one of"),
    ("rules:\n  - merge: [a]\n", "rule 1 (merge): field 'merge' needs at least two"),
    ("rules:\n  - drop: {type: Human, name: X}\n", "rule 1 (drop): field 'drop': 'type' must be one of"),
    ("rules:\n  - drop: {type: Person}\n", "rule 1 (drop): field 'drop.name' must be non-empty text"),
    ("rules:\n  - drop: a\n    colour: red\n", "rule 1 (drop): unknown field 'colour'"),
    ("rules:\n  - split: a\n    parts: [{name: B}]\n", "field 'parts[1]' needs 'articles' or 'forms'"),
    ("rules:\n  - drop-fact: membership/abc\n", "must be a fact IRI"),
    ("", "empty curation file"),
    ("rulez: []\n", "unknown top-level field 'rulez'"),
])
def test_bad_curation_files_are_refused_with_where_and_why(tmp_path, text, expected):
    path = tmp_path / "cur.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CurationError) as err:
        load_curation(path)
    assert str(path) in str(err.value) and expected in str(err.value)


def test_good_file_reads_every_action():
    rules = load_curation(Path(__file__).resolve().parents[1] / "docs" / "curation.example.yaml").rules
    assert {r.action for r in rules} >= {"merge", "rename", "retype", "drop", "alias", "split"}
    into = [r for r in rules if r.action == "merge" and r.refs[0].name == "Hoàng Trung Hải"]
    assert len(into) == 1 and into[0].refs[1].name == "Hà Nội Hoàng Trung Hải"  # 'into' first: it keeps its IRI


@pytest.mark.parametrize("text", ["rules: [merge: [a, b]\n", "rules:\n  - explode: x\n",
                                  "rules:\n  - rename: x\n"])
def test_bad_curation_fails_the_build_before_any_output(tmp_path, text):
    cur = tmp_path / "bad.yaml"
    cur.write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    res = run_kg("build", shared("corpus", "vov-son-la-pctn-interview.txt"), "--out", out, "--curation", cur)
    assert res.returncode == 2
    assert res.stderr.startswith("error: ") and str(cur) in res.stderr and "Traceback" not in res.stderr
    assert not out.exists()


# --- applying it on the corpus --------------------------------------------------------

@pytest.fixture(scope="module")
def base(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("base")
    build([shared("corpus")], out)
    return out


def _facts_of(g: Graph, node: URIRef) -> Counter:
    """Kinds of fact nodes that involve an entity."""
    q = """SELECT ?f ?k WHERE {
      { ?f org:member ?e BIND("post" AS ?k) } UNION { ?f org:organization ?e BIND("post" AS ?k) }
      UNION { ?f rdf:subject ?e BIND("statement" AS ?k) } UNION { ?f rdf:object ?e BIND("statement" AS ?k) }
      UNION { ?f kg:participant ?e BIND("event" AS ?k) } UNION { ?e kg:figure ?f BIND("figure" AS ?k) } }"""
    return Counter(k for _, k in select(g, q, e=node))


@pytest.fixture(scope="module")
def picks(base) -> dict:
    """Entities to curate, chosen from the uncurated build by what they carry."""
    g = Graph().parse(base / "graph.ttl")
    recs = _records(base)

    def with_facts(typ, kind):
        found = [(sum(_facts_of(g, URIRef(i)).values()), i) for i, r in recs.items()
                 if r["type"] == typ and _facts_of(g, URIRef(i))[kind]]
        return [i for _, i in sorted(found, reverse=True)]

    orgs = with_facts("Organization", "post")
    people = with_facts("Person", "post")
    multi = sorted(i for i, r in recs.items() if len(r["articles"]) >= 2 and r["type"] == "Organization"
                   and i not in orgs[:2])
    busy = set(orgs[:4]) | set(people[:2]) | {multi[0]}
    posts = select(g, "SELECT ?m ?p ?o WHERE { ?m org:member ?p . OPTIONAL { ?m org:organization ?o } }")
    fact = sorted(str(m) for m, p, o in posts if str(p) not in busy and (o is None or str(o) not in busy))[0]
    return {"merge": orgs[:2], "split": multi[0], "drop": people[0], "retype": people[1],
            "rename": orgs[2], "alias": orgs[3], "fact": fact}


@pytest.fixture(scope="module")
def curated(base, picks, tmp_path_factory) -> tuple[Path, Path, dict]:
    tmp = tmp_path_factory.mktemp("curated")
    split_recs = _records(base)[picks["split"]]
    one = split_recs["articles"][0]
    rules = [
        {"merge": picks["merge"], "note": "one body"},
        {"split": picks["split"], "parts": [{"name": "Split Part One", "articles": [one]}]},
        {"drop": picks["drop"]},
        {"retype": picks["retype"], "type": "Place"},
        {"rename": picks["rename"], "name": "Renamed Body"},
        {"alias": picks["alias"], "names": ["An Alias Nobody Wrote"]},
        {"drop-fact": picks["fact"]},
    ]
    cur = _yaml(tmp / "curation.yaml", rules)
    out = tmp / "out"
    res = run_kg("build", shared("corpus"), "--out", out, "--curation", cur)
    assert res.returncode == 0, res.stderr
    assert "curation: 7 of 7 rules applied, 0 with unmatched references" in res.stdout
    assert "SHACL: conforms" in res.stdout
    return out, cur, {"split_article": one}


@pytest.mark.slow
def test_merge_gives_one_node_with_all_their_facts(base, picks, curated):
    old, new = Graph().parse(base / "graph.ttl"), Graph().parse(curated[0] / "graph.ttl")
    keep, gone = map(URIRef, picks["merge"])
    assert not list(new.triples((gone, None, None)))
    # every post held in either old body is held in the merged one, person and role alike
    posts = "SELECT ?p ?r WHERE { ?m org:member/schema:name ?p ; org:role/schema:name ?r ; org:organization ?o }"
    before = set(select(old, posts, o=keep)) | set(select(old, posts, o=gone))
    # the person the same file drops, and the one it retypes to a place, hold no posts afterwards
    left = {str(n) for i in (picks["drop"], picks["retype"]) for n in old.objects(URIRef(i), URIRef("https://schema.org/name"))}
    before = {(p, r) for p, r in before if str(p) not in left}
    assert before and set(select(new, posts, o=keep)) == before
    old_names = {str(n) for n in old.objects(gone, URIRef("https://schema.org/name"))}
    alt = {str(n) for n in new.objects(keep, URIRef("https://schema.org/alternateName"))}
    assert old_names <= alt
    # provenance: a revision of the old IRI, by a curator, through a rule that used the file
    assert _ask(new, """?k prov:wasRevisionOf ?old ; prov:wasAttributedTo ?c ; kg:curatedBy ?r .
                       ?c a kg:Curator, prov:Agent . ?r a kg:Curation ; kg:action "merge" ;
                       prov:used [ a kg:CurationFile ; schema:name "curation.yaml" ] ;
                       prov:wasAssociatedWith ?c""", k=keep, old=gone)
    assert _ask(new, "?m org:organization ?k ; kg:curatedBy ?r ; prov:wasAttributedTo ?c", k=keep)


@pytest.mark.slow
def test_split_keeps_them_apart(base, picks, curated):
    out = curated[0]
    recs = _records(out)
    orig = recs[picks["split"]]
    part = [r for r in recs.values() if r["name"] == "Split Part One"]
    assert len(part) == 1
    one = curated[2]["split_article"]
    assert part[0]["articles"] == [one] and one not in orig["articles"]
    assert {f["join"] for f in part[0]["forms"]} == {"curation split"}
    assert part[0]["curation"] == [{"action": "split", "rule": 2}]
    new = Graph().parse(out / "graph.ttl")
    assert _ask(new, "?p prov:wasRevisionOf ?o", p=URIRef(part[0]["iri"]), o=URIRef(picks["split"]))


@pytest.mark.slow
def test_drop_removes_the_entity_and_what_only_it_supported(base, picks, curated):
    old, new = Graph().parse(base / "graph.ttl"), Graph().parse(curated[0] / "graph.ttl")
    gone = URIRef(picks["drop"])
    assert _facts_of(old, gone)["post"] > 0
    assert not list(new.triples((gone, None, None)))
    # no post, statement, event participation or mention points at it; the drop is recorded
    assert set(o for _, _, o in new.triples((None, None, gone))) == {gone}
    assert [str(p) for p, in select(new, "SELECT ?p WHERE { ?s ?p ?x }", x=gone)] == [PROV + "invalidated"]
    # events stand on their trigger sentences: none is lost with a participant
    events = "SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE { ?e a kg:Event }"
    assert select(old, events) == select(new, events)


@pytest.mark.slow
def test_rename_retype_alias(base, picks, curated):
    new = Graph().parse(curated[0] / "graph.ttl")
    renamed = URIRef(picks["rename"])
    old_name = _records(base)[picks["rename"]]["name"]
    assert select(new, "SELECT ?n WHERE { ?e schema:name ?n }", e=renamed) == [("Renamed Body",)]
    assert _ask(new, "?e schema:alternateName ?o", e=renamed, o=old_name)
    assert _ask(new, '?e schema:alternateName "An Alias Nobody Wrote"', e=URIRef(picks["alias"]))
    # a retyped person is a place under a new IRI that records the old one; its posts are gone
    old_iri = URIRef(picks["retype"])
    assert not list(new.triples((old_iri, None, None)))
    rows = select(new, "SELECT ?p WHERE { ?p prov:wasRevisionOf ?o ; a kg:Place }", o=old_iri)
    assert len(rows) == 1 and "/place/" in rows[0][0]
    assert not _ask(new, "?m org:member ?p", p=URIRef(rows[0][0]))


@pytest.mark.slow
def test_drop_fact_removes_that_fact_only(base, picks, curated):
    old, new = Graph().parse(base / "graph.ttl"), Graph().parse(curated[0] / "graph.ttl")
    fact = URIRef(picks["fact"])
    member = old.value(fact, URIRef("http://www.w3.org/ns/org#member"))
    assert list(old.triples((fact, None, None))) and not list(new.triples((fact, None, None)))
    assert _ask(new, "?r kg:action 'drop-fact' ; prov:invalidated ?f", f=fact)
    assert (member, None, None) in new  # the person stays


@pytest.mark.slow
def test_curated_graph_conforms_and_the_shapes_check_its_provenance(curated):
    from kg.validate import validate

    res = run_kg("validate", curated[0] / "graph.ttl")
    assert res.returncode == 0 and res.stdout.strip() == "conforms"
    g = Graph().parse(curated[0] / "graph.ttl")
    used = URIRef(PROV + "used")
    assert list(g.triples((None, used, None)))
    g.remove((None, used, None))
    report = validate(g)
    assert not report.conforms and "used at least one kg:CurationFile" in report.text


@pytest.mark.slow
def test_same_curation_any_article_order_same_bytes(curated, tmp_path):
    """Each record of news.jsonl in a file of its own, given in reverse order."""
    out, cur, _ = curated
    lines = shared("corpus", "news.jsonl").read_text(encoding="utf-8").splitlines()
    files = []
    for i, line in enumerate(lines):
        f = tmp_path / f"{i:03d}.jsonl"
        f.write_text(line + "\n", encoding="utf-8")
        files.append(f)
    again = tmp_path / "again"
    res = run_kg("build", *reversed(files), shared("corpus", "vov-son-la-pctn-interview.txt"), "--out", again,
                 "--curation", cur, "--quiet", env={"PYTHONHASHSEED": "7"})
    assert res.returncode == 0, res.stderr
    for name in ("graph.ttl", "graph.graphml", "resolution.jsonl"):
        assert (again / name).read_bytes() == (out / name).read_bytes(), name


@pytest.mark.slow
def test_unmatched_rule_is_reported_and_strict_makes_it_an_error(tmp_path):
    cur = _yaml(tmp_path / "c.yaml", [{"drop": {"type": "Person", "name": "Nobody Of This Name"}},
                                      {"rename": "organization/no-such-thing-00000000", "name": "X"}])
    out = tmp_path / "out"
    src = shared("corpus", "vov-son-la-pctn-interview.txt")
    res = run_kg("build", src, "--out", out, "--curation", cur)
    assert res.returncode == 0, res.stderr
    assert "rule 1 (drop): Person 'Nobody Of This Name': no entity Person 'Nobody Of This Name'" in res.stderr
    assert "rule 2 (rename)" in res.stderr and res.stderr.count("warning:") == 2
    assert "curation: 0 of 2 rules applied, 2 with unmatched references" in res.stdout
    strict = tmp_path / "strict"
    res = run_kg("build", src, "--out", strict, "--curation", cur, "--strict-curation")
    assert res.returncode == 2 and "name what is not in the graph" in res.stderr and "rule 1 (drop)" in res.stderr
    assert not strict.exists()


@pytest.mark.slow
def test_resolution_records_every_form_with_its_join(base):
    recs = _records(base)
    lines = (base / "resolution.jsonl").read_text("utf-8").splitlines()
    assert lines == sorted(lines, key=lambda l: json.loads(l)["iri"])
    g = Graph().parse(base / "graph.ttl")
    entities = {str(s) for c in ("Person", "Organization", "Place", "LegalDocument")
                for s in g.subjects(RDF.type, URIRef("https://w3id.org/kg-vn/ontology#" + c))}
    assert set(recs) == entities
    joins = Counter(f["join"] for r in recs.values() for f in r["forms"])
    # the joins the extractor makes on this corpus: exact names, short forms, context
    assert {"exact name", "abbreviation", "back-reference", "given name", "context place", "bare head",
            "alias (tức)"} <= set(joins)
    assert any(r["across"] == "cross-article key" for r in recs.values())
    text = {a.id: a.full_text for a in read_articles([shared("corpus")])}  # offsets are into the cleaned text
    checked = 0
    for r in recs.values():
        for f in r["forms"]:
            if f["article"] in text and f["form"]:
                assert text[f["article"]][f["start"]:f["end"]] == f["form"]
                checked += 1
    assert checked > 300


@pytest.mark.slow
def test_split_by_surface_form_within_one_article(tmp_path):
    """The node of the interview with most distinct forms: one form goes to a part of its own,
    with the facts read in the sentences that name it that way."""
    src = shared("corpus", "vov-son-la-pctn-interview.txt")
    base = tmp_path / "base"
    build([src], base)
    recs = _records(base)
    iri, rec = max(((i, r) for i, r in recs.items() if len({f["form"] for f in r["forms"] if f["form"]}) >= 2),
                   key=lambda ir: (len({f["form"] for f in ir[1]["forms"]}), ir[0]))
    form = sorted({f["form"] for f in rec["forms"] if f["form"] and f["form"] != rec["name"]})[0]
    cur = _yaml(tmp_path / "c.yaml", [{"split": iri, "parts": [{"name": "The Other One", "forms": [form]}]}])
    out = tmp_path / "out"
    res = run_kg("build", src, "--out", out, "--curation", cur, "--quiet")
    assert res.returncode == 0, res.stderr
    after = _records(out)
    part = next(r for r in after.values() if r["name"] == "The Other One")
    from kg.normalize.text import name_key
    assert {name_key(f["form"]) for f in part["forms"]} == {name_key(form)}
    assert all(name_key(f["form"]) != name_key(form) for f in after[iri]["forms"] if f["form"])
    assert len(part["forms"]) + len(after[iri]["forms"]) == len(rec["forms"])
    sentences = {f["sentence"] for f in part["forms"]}
    facts = json.loads(run_kg("explain", out / "graph.ttl", part["iri"], "--json").stdout)["facts"]
    assert facts  # the facts of those sentences came with it
    for fact in facts:
        assert any(int(s["sentence"].rsplit("/s", 1)[1]) in sentences for s in fact["sources"]), fact
