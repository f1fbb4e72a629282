"""The fast SHACL engine against pyshacl, the reference: same verdict, same results.

Graphs: the bundled example as built (tests/golden) and the dev corpus built in-process,
each as built (conforming) and with violations of every kind the shapes check planted into
it. Results are compared as multisets of (focus, path, constraint component, value), and
messages too. A second shapes graph exercises the components kg's shapes do not use yet
(maxLength, in, and, not, node, other targets), and shapes the fast engine does not
implement must fall back to pyshacl.
"""
from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from rdflib import RDF, RDFS, BNode, Graph, Literal, Namespace, URIRef

from conftest import GOLDEN, shared
from kg.validate import validate
from kg.validate.shacl import _ontology, _shapes
from kg.validate.shapes import Unsupported, read_shapes

KG = Namespace("https://w3id.org/kg-vn/ontology#")
SCHEMA = Namespace("https://schema.org/")
ORG = Namespace("http://www.w3.org/ns/org#")
PROV = Namespace("http://www.w3.org/ns/prov#")
SKOS = Namespace("http://www.w3.org/2004/02/skos/core#")
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")
EX = Namespace("http://example.org/test#")


def _same(graph: Graph, shapes: Graph | None = None) -> tuple:
    fast = validate(graph, "fast", shapes=shapes)
    ref = validate(graph, "pyshacl", shapes=shapes)
    assert fast.engine == "fast" and ref.engine == "pyshacl"
    assert fast.conforms == ref.conforms
    assert Counter(v.key() for v in fast.results) == Counter(v.key() for v in ref.results)
    assert Counter((v.key(), v.severity) for v in fast.results) == \
        Counter((v.key(), v.severity) for v in ref.results)
    # a shape's sh:message is the message in both; without one, each engine words its own
    ref_messages = Counter((v.key(), v.message) for v in ref.results)
    assert all(ref_messages[(v.key(), v.message)] for v in fast.results if v.message)
    return fast, ref


def _first(graph: Graph, cls: URIRef, skip: int = 0) -> URIRef:
    nodes = sorted(graph.subjects(RDF.type, cls), key=str)
    assert nodes, f"no {cls} to break in this graph"
    return nodes[skip % len(nodes)]  # a small graph may have one node of a class: reuse it


def plant(graph: Graph) -> tuple[Graph, set[str]]:
    """A copy of `graph` with violations of every constraint component the shapes use,
    on nodes of every shape; returns it and the components planted."""
    g = Graph()
    for t in graph:
        g.add(t)
    art, sent = _first(g, KG.Article), _first(g, KG.Sentence)
    person, org, place = _first(g, KG.Person), _first(g, KG.Organization), _first(g, KG.Place)
    member, role, event = _first(g, KG.Membership), _first(g, KG.Role), _first(g, KG.Event)
    stmt = _first(g, RDF.Statement)
    # min count, max count
    g.remove((person, SCHEMA.name, None))
    g.add((art, SCHEMA.headline, Literal("Một tiêu đề nữa")))
    g.remove((member, ORG.member, None))
    g.add((member, KG.former, Literal(True)))  # beside the false/true already there: maxCount
    g.remove((stmt, RDF.object, None))
    g.remove((event, PROV.wasDerivedFrom, None))
    # datatype: language tag, ill-typed, wrong type, IRI where a literal belongs
    g.set((org, SCHEMA.name, Literal("Tên có thẻ ngôn ngữ", lang="vi")))
    g.set((art, SCHEMA.datePublished, Literal("2020-13-45", datatype=XSD.date)))
    g.add((_first(g, KG.Article, 1), SCHEMA.url, Literal("https://example.org/x")))
    g.set((_first(g, KG.Membership, 1), KG.former, Literal("có")))
    g.set((sent, SCHEMA.text, URIRef("https://example.org/not-a-literal")))
    g.set((place, SCHEMA.name, Literal(3)))
    # min length, pattern (literal and blank node)
    g.add((_first(g, KG.Article, 2), SCHEMA.headline, Literal("")))
    g.set((_first(g, KG.Sentence, 1), KG.span, Literal("12..40")))
    g.set((role, SKOS.prefLabel, Literal("   ")))
    g.add((_first(g, KG.Person, 1), SCHEMA.alternateName, BNode("b1")))
    # class: wrong class, literal, node with no type, subclass through the ontology
    g.set((_first(g, KG.Membership, 2), ORG.role, person))
    g.add((sent, SCHEMA.isPartOf, Literal("bài 1")))
    g.add((_first(g, KG.Organization, 1), ORG.subOrganizationOf, URIRef("https://example.org/nowhere")))
    g.add((_first(g, KG.Event, 1), SCHEMA.location, org))
    # or: sh:class alternatives and sh:datatype alternatives
    g.add((art, SCHEMA.mentions, sent))
    g.add((_first(g, KG.Sentence, 2), KG.mentions, event))
    g.add((_first(g, KG.Event, 2), KG.participant, place))
    g.set((_first(g, KG.Event, 3), SCHEMA.startDate, Literal("3/5/2021")))
    g.set((_first(g, KG.Event, 4), SCHEMA.startDate, Literal("2021-02", datatype=XSD.gYearMonth)))
    # xone: an entity of two entity classes; nodeKind: literal and blank node
    g.add((_first(g, KG.Person, 2), RDF.type, KG.Organization))
    g.set((stmt, RDF.subject, Literal("không phải IRI")))
    g.set((_first(g, RDF.Statement, 1), RDF.predicate, BNode("b2")))
    # a node typed only by a subclass declared in the data graph itself, without a name
    g.add((EX.MySpecialEvent, RDFS.subClassOf, KG.Trial))
    g.add((EX.e1, RDF.type, EX.MySpecialEvent))
    planted = {"MinCountConstraintComponent", "MaxCountConstraintComponent",
               "DatatypeConstraintComponent", "MinLengthConstraintComponent",
               "PatternConstraintComponent", "ClassConstraintComponent", "OrConstraintComponent",
               "XoneConstraintComponent", "NodeKindConstraintComponent"}
    return g, planted


def _used_components(shapes: Graph) -> set[str]:
    found: set[str] = set()
    todo = read_shapes(shapes)
    seen: set[int] = set()
    while todo:
        s = todo.pop()
        if id(s) in seen:
            continue
        seen.add(id(s))
        found |= {name for name, _ in s.constraints}
        todo += s.properties
    return found


@pytest.fixture(scope="module")
def example() -> Graph:
    return Graph().parse(GOLDEN / "bao-cao-kiem-tra.ttl")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Graph:
    from kg.pipeline import build

    return build([shared("corpus")], tmp_path_factory.mktemp("corpus"), formats=("nt",)).graph


def test_planted_covers_every_component_the_shapes_use(example: Graph) -> None:
    _, planted = plant(example)
    assert _used_components(_shapes()) <= planted


def test_example_conforms_in_both(example: Graph) -> None:
    fast, _ = _same(example)
    assert fast.conforms and fast.results == []


def test_example_with_planted_violations(example: Graph) -> None:
    broken, planted = plant(example)
    fast, _ = _same(broken)
    assert not fast.conforms
    assert {v.constraint for v in fast.results} == planted
    # the report for people names node, path, constraint and value
    hit = next(v for v in fast.results if v.constraint == "DatatypeConstraintComponent"
               and v.value == "2020-13-45")
    for part in (hit.focus, hit.path, "DatatypeConstraintComponent", "2020-13-45"):
        assert part in fast.text


@pytest.mark.slow
def test_corpus_conforms_in_both(corpus: Graph) -> None:
    fast, _ = _same(corpus)
    assert fast.conforms


@pytest.mark.slow
def test_corpus_with_planted_violations(corpus: Graph) -> None:
    broken, planted = plant(corpus)
    fast, _ = _same(broken)
    assert {v.constraint for v in fast.results} == planted


EXTRA_SHAPES = """
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix ex: <http://example.org/test#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
ex:Named a sh:NodeShape ; sh:targetSubjectsOf ex:name ;
    sh:property [ sh:path ex:name ; sh:maxLength 5 ; sh:pattern "^[a-z]+$" ; sh:flags "i" ] ;
    sh:property [ sh:path ex:colour ; sh:in ( "red" "green" ex:Blue ) ] .
ex:Pointed a sh:NodeShape ; sh:targetObjectsOf ex:points ;
    sh:not [ sh:nodeKind sh:Literal ] ;
    sh:and ( [ sh:nodeKind sh:BlankNodeOrIRI ] ex:HasName ) .
ex:HasName a sh:NodeShape ; sh:property [ sh:path ex:name ; sh:minCount 1 ] .
ex:Fixed a sh:NodeShape ; sh:targetNode ex:a, ex:zzz ; sh:node ex:HasName ;
    sh:property [ sh:path ex:count ; sh:datatype xsd:integer ; sh:severity sh:Warning ] .
"""

EXTRA_DATA = """
@prefix ex: <http://example.org/test#> .
ex:a ex:name "abc" ; ex:colour "red", ex:Blue, "blue" ; ex:points ex:b, "lit", _:x ; ex:count "x" .
ex:b ex:name "TOOLONGNAME", "ab1" .
_:x ex:colour "green" .
"""


def test_other_components_match_pyshacl() -> None:
    shapes = Graph().parse(data=EXTRA_SHAPES, format="turtle")
    data = Graph().parse(data=EXTRA_DATA, format="turtle")
    fast, _ = _same(data, shapes)
    assert {v.constraint for v in fast.results} >= {
        "MaxLengthConstraintComponent", "PatternConstraintComponent", "InConstraintComponent",
        "NotConstraintComponent", "AndConstraintComponent", "NodeConstraintComponent"}
    warning_only = Graph().parse(data='@prefix ex: <http://example.org/test#> .\n'
                                 'ex:a ex:name "a" . ex:zzz ex:name "b" ; ex:count "x" .', format="turtle")
    fast, _ = _same(warning_only, shapes)
    assert fast.conforms and [v.severity for v in fast.results] == ["Warning"]


@pytest.mark.parametrize("extra", [
    "sh:hasValue ex:a",
    "sh:closed true",
    "sh:property [ sh:path ( ex:p ex:q ) ; sh:minCount 1 ]",
    "sh:property [ sh:path ex:p ; sh:qualifiedValueShape [ sh:class ex:C ] ; sh:qualifiedMinCount 1 ]",
])
def test_unimplemented_shapes_fall_back_to_pyshacl(extra: str) -> None:
    shapes = Graph().parse(data=f"""
        @prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <http://example.org/test#> .
        ex:S a sh:NodeShape ; sh:targetNode ex:a ; {extra} .""", format="turtle")
    with pytest.raises(Unsupported):
        read_shapes(shapes)
    data = Graph().parse(data="@prefix ex: <http://example.org/test#> . ex:a ex:p ex:b .", format="turtle")
    report = validate(data, "fast", shapes=shapes)
    assert report.engine == "pyshacl"


def test_validate_refuses_unknown_engine(example: Graph) -> None:
    with pytest.raises(ValueError, match="unknown validation engine"):
        validate(example, "quick")


def test_ontology_is_mixed_in(example: Graph) -> None:
    # kg:Trial reaches sh:targetClass kg:Event only through the ontology's subClassOf
    assert (KG.Trial, RDFS.subClassOf, KG.Event) in _ontology()
    g = Graph()
    g.add((EX.t, RDF.type, KG.Trial))
    fast, _ = _same(g)
    assert any(v.focus == str(EX.t) and v.path == str(SCHEMA.name) for v in fast.results)


# --- kg validate: exit codes and reports ---------------------------------------


@pytest.mark.parametrize("engine", ["fast", "pyshacl"])
def test_cli_reports_violations_with_exit_1(tmp_path: Path, example: Graph, engine: str) -> None:
    from conftest import run_kg

    broken, _ = plant(example)
    path = tmp_path / "broken.nt"
    broken.serialize(path, format="nt")
    res = run_kg("validate", path, "--engine", engine)
    assert res.returncode == 1, res.stderr
    assert "DatatypeConstraintComponent" in res.stdout and "2020-13-45" in res.stdout
    assert str(SCHEMA.datePublished) in res.stdout or "schema:datePublished" in res.stdout


@pytest.mark.parametrize("name, text, line, column", [
    ("bad.ttl", '@prefix ex: <http://e.org/> .\nex:a ex:b ex:c .\nex:a ex:b "open .\n', 3, 18),
    ("bad.nt", "<http://e.org/a> <http://e.org/b> <http://e.org/c> .\n"
               "<http://e.org/a> <http://e.org/b> oops .\n", 2, 35),
])
def test_cli_unparseable_exits_2_with_line_and_column(tmp_path: Path, name: str, text: str,
                                                       line: int, column: int) -> None:
    from conftest import run_kg

    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    res = run_kg("validate", path)
    assert res.returncode == 2
    assert f"line {line}, column {column}" in res.stderr, res.stderr
    assert "Traceback" not in res.stderr
