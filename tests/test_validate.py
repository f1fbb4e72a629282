"""kg.validate: SHACL on mapped graphs, broken on purpose; reading RDF files."""
from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import RDF, Graph, Literal, Namespace, URIRef

from kg.errors import GraphLoadError
from kg.map import iri, to_rdf
from kg.validate import load_graph, ontology_path, shapes_path, validate
from test_map import BTV, KHAI, QD, TINH_UY, small_corpus

KG = Namespace("https://w3id.org/kg-vn/ontology#")
SCHEMA = Namespace("https://schema.org/")
ORG = Namespace("http://www.w3.org/ns/org#")
PROV = Namespace("http://www.w3.org/ns/prov#")
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")


@pytest.fixture
def graph() -> Graph:
    return to_rdf(small_corpus())


def test_resources_are_found() -> None:
    assert ontology_path().name == "kg.ttl" and ontology_path().is_file()
    assert shapes_path().name == "kg-shapes.ttl" and shapes_path().is_file()


def test_mapped_graph_conforms(graph: Graph) -> None:
    report = validate(graph)
    assert report.conforms, report.text
    assert report.results == []


def _membership(graph: Graph) -> URIRef:
    return next(m for m in graph.subjects(ORG.member, iri.entity(KHAI)))


def _event(graph: Graph) -> URIRef:
    return iri.event("tin-1/e1")


def _statement(graph: Graph) -> URIRef:
    return next(graph.subjects(RDF.subject, iri.entity(BTV)))


def _figure(graph: Graph) -> URIRef:
    return graph.value(iri.entity(BTV), KG.figure)


def _sentence(graph: Graph) -> URIRef:
    return iri.sentence(iri.article("tin-1"), 1)


def _remove(prop: URIRef):
    def change(graph: Graph, node: URIRef) -> None:
        graph.remove((node, prop, None))
    return change


def _set(prop: URIRef, value):
    def change(graph: Graph, node: URIRef) -> None:
        graph.set((node, prop, value))
    return change


def _add(prop: URIRef, value):
    def change(graph: Graph, node: URIRef) -> None:
        graph.add((node, prop, value))
    return change


BAD_DATE = Literal("2020-13-45", datatype=XSD.date)

CASES = [
    # (which node, how to break it, the path reported, constraint component)
    (lambda g: iri.entity(KHAI), _remove(SCHEMA.name), SCHEMA.name, "MinCountConstraintComponent"),
    (lambda g: iri.entity(KHAI), _add(SCHEMA.name, Literal("Khải khác")), SCHEMA.name,
     "MaxCountConstraintComponent"),
    (lambda g: iri.entity(KHAI), _set(SCHEMA.name, Literal("Lê Văn Khải", lang="vi")), SCHEMA.name,
     "DatatypeConstraintComponent"),
    (lambda g: iri.entity(QD), _set(SCHEMA.legislationDate, BAD_DATE), SCHEMA.legislationDate,
     "DatatypeConstraintComponent"),
    (lambda g: iri.entity(QD), _set(SCHEMA.legislationPassedBy, iri.entity(KHAI)), SCHEMA.legislationPassedBy,
     "ClassConstraintComponent"),
    (lambda g: iri.entity(TINH_UY), _set(SCHEMA.foundingDate, Literal("1930")), SCHEMA.foundingDate,
     "DatatypeConstraintComponent"),
    (_membership, _remove(ORG.member), ORG.member, "MinCountConstraintComponent"),
    (_membership, _remove(KG.former), KG.former, "MinCountConstraintComponent"),
    (_membership, _remove(PROV.wasDerivedFrom), PROV.wasDerivedFrom, "MinCountConstraintComponent"),
    (_membership, _set(ORG.organization, iri.entity(KHAI)), ORG.organization,
     "ClassConstraintComponent"),
    (_event, _set(SCHEMA.startDate, Literal("3/5/2021")), SCHEMA.startDate, "OrConstraintComponent"),
    (_event, _set(SCHEMA.location, iri.entity(TINH_UY)), SCHEMA.location, "ClassConstraintComponent"),
    (_event, _add(KG.participant, iri.entity(QD)), KG.participant, "OrConstraintComponent"),
    (_event, _remove(PROV.wasDerivedFrom), PROV.wasDerivedFrom, "MinCountConstraintComponent"),
    (_figure, _set(SCHEMA.value, Literal("15")), SCHEMA.value, "OrConstraintComponent"),
    (_statement, _remove(PROV.wasDerivedFrom), PROV.wasDerivedFrom, "MinCountConstraintComponent"),
    (_sentence, _set(KG.span, Literal("12..40")), KG.span, "PatternConstraintComponent"),
    (lambda g: iri.article("tin-1"), _remove(SCHEMA.headline), SCHEMA.headline,
     "MinCountConstraintComponent"),
    (lambda g: iri.article("tin-1"), _add(SCHEMA.mentions, iri.sentence(iri.article("tin-1"), 0)),
     SCHEMA.mentions, "OrConstraintComponent"),
]


@pytest.mark.parametrize("focus, change, path, constraint", CASES)
def test_broken_graph_is_reported(graph: Graph, focus, change, path: URIRef, constraint: str) -> None:
    node = focus(graph)
    change(graph, node)
    report = validate(graph)
    assert not report.conforms
    hits = [v for v in report.results if v.focus == str(node) and v.path == str(path)]
    assert hits, report.text
    assert hits[0].constraint == constraint
    assert hits[0].severity == "Violation"
    assert hits[0].message  # our plain-English sh:message, not pyshacl's default
    assert str(node) in str(hits[0]) and str(path) in str(hits[0])


def test_entity_with_two_classes_is_reported(graph: Graph) -> None:
    graph.add((iri.entity(KHAI), RDF.type, KG.Organization))
    report = validate(graph)
    assert any(v.focus == str(iri.entity(KHAI)) and v.constraint == "XoneConstraintComponent"
               for v in report.results), report.text


# --- load_graph ---------------------------------------------------------------


@pytest.mark.parametrize("suffix, fmt", [
    (".ttl", "turtle"), (".nt", "nt"), (".nq", "nquads"), (".trig", "trig"), (".jsonld", "json-ld"),
])
def test_load_graph_by_extension(tmp_path: Path, graph: Graph, suffix: str, fmt: str) -> None:
    path = tmp_path / f"g{suffix}"
    if fmt in ("nquads", "trig"):
        from rdflib import Dataset
        ds = Dataset()
        named = ds.graph(URIRef("https://w3id.org/kg-vn/id/graph/test"))
        for t in graph:
            named.add(t)
        ds.serialize(path, format=fmt)
    else:
        graph.serialize(path, format=fmt)
    assert len(load_graph(path)) == len(graph)


def test_load_graph_missing_file(tmp_path: Path) -> None:
    with pytest.raises(GraphLoadError, match="no such file"):
        load_graph(tmp_path / "absent.ttl")


def test_load_graph_unknown_extension(tmp_path: Path) -> None:
    (tmp_path / "g.xyz").write_text("")
    with pytest.raises(GraphLoadError, match="unknown RDF extension"):
        load_graph(tmp_path / "g.xyz")


def test_load_graph_syntax_error_names_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.ttl"
    path.write_text("@prefix ex: <http://example.org/> .\n\nex:a ex:b ex:c ;\n  ex:d \"unclosed .\n",
                    encoding="utf-8")
    with pytest.raises(GraphLoadError) as err:
        load_graph(path)
    assert str(path) in str(err.value) and "line" in str(err.value).lower()
