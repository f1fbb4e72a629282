"""The fast writers: same graph back (rdflib isomorphism), same bytes whichever way the triples
come (an rdflib Graph, one in a Dataset, or a kg.triples.Table), same bytes as the plain
algorithm they replace; GraphML that networkx reads back and that carries yEd's label graphics."""
from __future__ import annotations

import io
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import networkx as nx
import pytest
from rdflib import RDF, BNode, Dataset, Graph, Literal, URIRef
from rdflib.compare import isomorphic

from conftest import GOLDEN, ROOT
from kg.export import EXPORTERS
from kg.export import terms
from kg.export.graphml import to_networkx, view
from kg.triples import Table
from test_export import tricky

sys.path.insert(0, str(ROOT / "bench"))
from make_graph import make_graph  # noqa: E402

Y = "{http://www.yworks.com/xml/graphml}"
G = "{http://graphml.graphdrawing.org/xmlns}"


def _bytes(fmt: str, graph: Graph) -> bytes:
    out = io.BytesIO()
    EXPORTERS[fmt]().write(graph, out)
    return out.getvalue()


def _in_dataset(graph: Graph) -> Graph:
    """The same triples in a named graph of a Dataset: its store holds several contexts, so
    the writers cannot read rdflib's index and group the triples themselves."""
    ds = Dataset()
    named = ds.graph(URIRef("https://example.org/g"))
    ds.add((URIRef("https://example.org/other"), URIRef("https://example.org/p"), BNode()))
    for t in graph:
        named.add(t)
    return named


@pytest.fixture(scope="module")
def medium() -> Graph:
    return make_graph(3000, seed=3)


@pytest.fixture(scope="module")
def example() -> Graph:
    return Graph().parse(GOLDEN / "bao-cao-kiem-tra.ttl")


GRAPHS = ["example", "medium", "tricky"]


def _graph(name: str, request) -> Graph:
    return tricky() if name == "tricky" else request.getfixturevalue(name)


@pytest.mark.parametrize("name", GRAPHS)
@pytest.mark.parametrize("fmt, parse_as", [("ttl", "turtle"), ("nt", "nt")])
def test_reads_back_as_the_same_graph(request, name: str, fmt: str, parse_as: str) -> None:
    graph = _graph(name, request)
    back = Graph().parse(data=_bytes(fmt, graph).decode("utf-8"), format=parse_as)
    assert len(back) == len(graph)
    if name == "tricky":  # no blank nodes; rdflib's isomorphic() cannot hash its invalid IRIs
        assert set(back) == set(graph)
    else:
        assert isomorphic(back, graph)


@pytest.mark.parametrize("fmt, parse_as", [("ttl", "turtle"), ("nt", "nt")])
def test_blank_nodes_read_back(medium: Graph, fmt: str, parse_as: str) -> None:
    g = Graph()
    g += medium
    node = next(iter(medium.subjects()))
    g.add((BNode("n-1"), URIRef("https://example.org/link"), node))
    g.add((BNode("n-1"), URIRef("https://example.org/next"), BNode()))
    back = Graph().parse(data=_bytes(fmt, g).decode("utf-8"), format=parse_as)
    assert isomorphic(back, g)


@pytest.mark.parametrize("name", GRAPHS)
@pytest.mark.parametrize("fmt", ["ttl", "nt", "graphml"])
def test_graph_dataset_graph_or_table_give_the_same_bytes(request, name: str, fmt: str) -> None:
    graph = _graph(name, request)
    table = Table.from_graph(graph)
    assert len(table) == len(graph) and len(table.spo) == len(set(graph.subjects()))
    assert _bytes(fmt, graph) == _bytes(fmt, _in_dataset(graph)) == _bytes(fmt, table)


@pytest.mark.parametrize("name", GRAPHS)
def test_ntriples_is_the_sorted_lines(request, name: str) -> None:
    graph = _graph(name, request)
    plain = sorted(f"{terms.ntriples(s)} {terms.ntriples(p)} {terms.ntriples(o)} .\n" for s, p, o in graph)
    assert _bytes("nt", graph).decode("utf-8") == "".join(plain)


def test_ntriples_with_colliding_blank_node_labels_still_sorts_lines() -> None:
    g = Graph()
    p = URIRef("https://example.org/p")
    g.add((BNode("a-b"), p, URIRef("https://example.org/z")))
    g.add((BNode("a_b"), p, URIRef("https://example.org/a")))
    lines = _bytes("nt", g).decode("utf-8").splitlines()
    assert lines == sorted(lines) and len(lines) == 2


def test_fast_terms_match_plain_terms(medium: Graph) -> None:
    for node in {*medium.subjects(), *medium.predicates(), *medium.objects(), *tricky().objects()}:
        assert terms.fast_ntriples(node) == terms.ntriples(node)


def test_turtle_golden_bytes_unchanged(example: Graph) -> None:
    assert _bytes("ttl", example) == (GOLDEN / "bao-cao-kiem-tra.ttl").read_bytes()


# --- GraphML -----------------------------------------------------------------


@pytest.mark.parametrize("name", ["example", "medium"])
def test_graphml_reads_back_with_the_same_nodes_and_edges(request, name: str) -> None:
    graph = _graph(name, request)
    data = _bytes("graphml", graph)
    back = nx.read_graphml(io.BytesIO(data), force_multigraph=True)
    expected = to_networkx(graph)
    assert back.number_of_nodes() > 0 and back.number_of_edges() > 0
    assert dict(back.nodes(data=True)) == dict(expected.nodes(data=True))
    assert sorted((u, v, d["label"]) for u, v, d in back.edges(data=True)) == \
        sorted((u, v, d["label"]) for u, v, d in expected.edges(data=True))


def test_graphml_has_the_keys_gephi_cytoscape_and_yed_read(medium: Graph) -> None:
    root = ET.fromstring(_bytes("graphml", medium))
    keys = {k.get("id"): k.attrib for k in root.iter(f"{G}key")}
    for name in ("label", "type"):
        assert any(a.get("for") == "node" and a.get("attr.name") == name and a.get("attr.type") == "string"
                   for a in keys.values())
    assert any(a.get("for") == "edge" and a.get("attr.name") == "label" for a in keys.values())
    assert any(a.get("for") == "node" and a.get("yfiles.type") == "nodegraphics" for a in keys.values())
    v = view(medium)
    nodes = list(root.iter(f"{G}node"))
    assert len(nodes) == len(v.nodes)
    for node in nodes:
        label = node.find(f"{G}data[@key='label']").text
        assert node.find(f"{G}data[@key='type']").text == v.nodes[node.get("id")]["type"]
        # yEd shows y:NodeLabel: the same text as the label attribute
        assert node.find(f"{G}data[@key='nodegraphics']/{Y}ShapeNode/{Y}NodeLabel").text == label


def test_graphml_escapes_markup_and_forbidden_characters() -> None:
    g = Graph().parse(data="""
        @prefix kg: <https://w3id.org/kg-vn/ontology#> . @prefix schema: <https://schema.org/> .
        <https://w3id.org/kg-vn/id/organization/a> a kg:Organization ;
            schema:name "Công ty <A> & \\"B\\" \\u0001" .""", format="turtle")
    back = nx.read_graphml(io.BytesIO(_bytes("graphml", g)))
    assert back.nodes["https://w3id.org/kg-vn/id/organization/a"]["label"] == 'Công ty <A> & "B" \ufffd'


def test_make_graph_is_deterministic_and_conforms(tmp_path: Path) -> None:
    from kg.validate import validate

    a, b = make_graph(2000, seed=5), make_graph(2000, seed=5)
    assert _bytes("nt", a) == _bytes("nt", b) and len(a) >= 2000
    assert _bytes("nt", a) != _bytes("nt", make_graph(2000, seed=6))
    assert validate(a).conforms


def _plain_graphml(table: Table) -> bytes:
    """GraphML by the plain algorithm the fast writer replaced: the view by straightforward
    loops (bench_export.baseline_view, the frozen benchmark baseline), then one f-string per
    node and edge with each value escaped as it is written."""
    from bench_export import baseline_view
    from kg.export.graphml import _EVENT_FILL, _FILL, _HEAD, _TAIL, _text

    nodes, edges = baseline_view(table)
    parts = [_HEAD]
    for node, attrs in nodes.items():
        label = _text(attrs["label"])
        kind = attrs["type"]
        roles = f'      <data key="roles">{_text(attrs["roles"])}</data>\n' if "roles" in attrs else ""
        parts.append(f'    <node id="{_text(node)}">\n'
                     f'      <data key="label">{label}</data>\n'
                     f'      <data key="type">{_text(kind)}</data>\n'
                     f"{roles}"
                     f'      <data key="nodegraphics"><y:ShapeNode><y:Fill color="{_FILL.get(kind, _EVENT_FILL)}" />'
                     f'<y:NodeLabel>{label}</y:NodeLabel></y:ShapeNode></data>\n'
                     "    </node>\n")
    for i, (s, o, label) in enumerate(edges):
        label = _text(label)
        parts.append(f'    <edge id="e{i}" source="{_text(s)}" target="{_text(o)}">\n'
                     f'      <data key="edge_label">{label}</data>\n'
                     f'      <data key="edgegraphics"><y:PolyLineEdge><y:Arrows source="none" target="standard" />'
                     f"<y:EdgeLabel>{label}</y:EdgeLabel></y:PolyLineEdge></data>\n"
                     "    </edge>\n")
    parts.append(_TAIL)
    return "".join(parts).encode("utf-8")


def _hostile_entities() -> Graph:
    """Nodes whose ids and labels need escaping, a blank-node entity, posts with and without
    an organization, a former post, kg:Event beside a subclass, edges both ways."""
    return Graph().parse(data="""
        @prefix kg: <https://w3id.org/kg-vn/ontology#> . @prefix schema: <https://schema.org/> .
        @prefix org: <http://www.w3.org/ns/org#> . @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
        @prefix xsd: <http://www.w3.org/2001/XMLSchema#> . @prefix id: <https://w3id.org/kg-vn/id/> .
        id:org-a a kg:Organization ; schema:name "Công ty <A> & \\"B\\"", "Aardvark" .
        <https://w3id.org/kg-vn/id/org?x=1&y=2> a kg:Organization ; org:subOrganizationOf id:org-a .
        id:p1 a kg:Person ; schema:name "Nguyễn Văn A" .
        _:p2 a kg:Person ; schema:name "Trần \\u0001 B" ; schema:knows id:p1 .
        id:r1 a org:Role ; skos:prefLabel "Giám đốc" .
        id:m1 a kg:Membership ; org:member id:p1 ; org:organization id:org-a ; org:role id:r1 .
        id:m2 a kg:Membership ; org:member _:p2 ; org:role id:r1 ; kg:former "true"^^xsd:boolean .
        id:e1 a kg:Event, kg:Meeting ; schema:name "" ; kg:participant id:p1, _:p2, id:org-a ;
            schema:location <https://w3id.org/kg-vn/id/org?x=1&y=2> .
        id:e2 a kg:Event ; kg:participant id:p1 .""", format="turtle")


@pytest.mark.parametrize("name", ["example", "medium", "hostile", "hostile-iris"])
def test_graphml_is_the_plain_algorithms_bytes(request, name: str) -> None:
    if name.startswith("hostile"):
        graph = _hostile_entities()
        if name == "hostile-iris":  # no blank node: the writer's all-IRI path, ids escaped
            for s, p, o in list(graph):
                if isinstance(s, BNode) or isinstance(o, BNode):
                    graph.remove((s, p, o))
    else:
        graph = _graph(name, request)
    table = Table.from_graph(graph)
    assert _bytes("graphml", table) == _plain_graphml(table)
    v = view(table)
    assert v.nodes and v.edges
    if name == "hostile":
        assert any("roles" in attrs for attrs in v.nodes.values())


def _plain_turtle(table: Table) -> bytes:
    """Turtle by the plain algorithm the fast writer replaced: every object through one
    function, objects and predicates sorted by their sort keys per subject."""
    from kg.export.turtle import _TYPE, ID, PREFIXES, _iri, _term

    def obj(o):
        return _iri(o) if type(o) is str else _term(o)

    out = [f"@base <{ID}> .\n"] + [f"@prefix {p}: <{ns}> .\n" for p, ns in PREFIXES]
    spo = table.spo
    for s in sorted(spo, key=terms.term_sort_key):
        out.append(f"\n{obj(s)}\n")
        preds = sorted(spo[s].items(), key=lambda item: (item[0] != _TYPE, terms.term_sort_key(item[0])))
        for i, (p, objs) in enumerate(preds):
            verb = "a" if p == _TYPE else _term(p)
            texts = [obj(o) for o in sorted(objs, key=terms.term_sort_key)]
            out.append(f"    {verb} " + " ,\n        ".join(texts) + (" .\n" if i == len(preds) - 1 else " ;\n"))
    return "".join(out).encode("utf-8")


def _mixed() -> Graph:
    """Object lists mixing IRIs, blank nodes and literals of several kinds; blank subjects."""
    g = tricky()
    s, p = URIRef("https://w3id.org/kg-vn/id/x"), URIRef("https://example.org/mixed")
    for o in (URIRef("https://w3id.org/kg-vn/id/b"), BNode("z1"), Literal("b"), Literal("a", lang="vi"),
              Literal("a"), Literal(3), URIRef("https://schema.org/a"), URIRef("http://example.org/a b")):
        g.add((s, p, o))
    g.add((BNode("k"), p, Literal("x")))
    g.add((BNode("k"), URIRef("https://example.org/lits"), Literal("2", datatype=URIRef("https://example.org/dt"))))
    g.add((BNode("k"), URIRef("https://example.org/lits"), Literal("1\n\"q\"")))
    g.add((BNode("k"), URIRef("https://example.org/lits"), Literal("1", lang="en")))
    # subjects under the base that may or may not be written relative to it, and rdf:type
    # lists of several classes in either order, of one class, or with other kinds of terms
    kinds = [URIRef(f"https://w3id.org/kg-vn/ontology#{c}") for c in ("Event", "Meeting", "Person")]
    tails = ("a:b/c", "../up", "x/./y", "q?x=1", "", "%7E ok", "dot.", "a//b", "a/", ".a", "a/.b",
             "ok/fine-1.5", "line\nbreak", "event/e-1", "event/e-2")
    for i, tail in enumerate(tails):
        node = URIRef(f"https://w3id.org/kg-vn/id/{tail}")
        g.add((node, RDF.type, kinds[i % 2]))
        if i % 3:
            g.add((node, RDF.type, kinds[1 - i % 2]))
        g.add((node, URIRef("https://schema.org/name"), Literal(f"n{i}")))
    g.add((BNode("k"), RDF.type, kinds[2]))
    g.add((BNode("k"), RDF.type, BNode("z1")))
    g.add((BNode("k"), RDF.type, Literal("a class?")))
    return g


@pytest.mark.parametrize("name", ["example", "medium", "tricky", "mixed"])
def test_turtle_is_the_plain_algorithms_bytes(request, name: str) -> None:
    graph = _mixed() if name == "mixed" else _graph(name, request)
    table = Table.from_graph(graph)
    assert _bytes("ttl", table) == _plain_turtle(table)


def test_ntriples_of_mixed_lists_is_the_sorted_lines() -> None:
    graph = _mixed()
    graph.add((URIRef("https://w3id.org/kg-vn/id/x"), URIRef("https://example.org/iris"), URIRef("https://example.org/a-b")))
    graph.add((URIRef("https://w3id.org/kg-vn/id/x"), URIRef("https://example.org/iris"), URIRef("https://example.org/a")))
    plain = sorted(f"{terms.ntriples(s)} {terms.ntriples(p)} {terms.ntriples(o)} .\n" for s, p, o in graph)
    assert _bytes("nt", Table.from_graph(graph)).decode("utf-8") == "".join(plain)


def test_relative_iris_are_those_the_pattern_allows() -> None:
    """The writer's one pass over all subjects picks the same IRIs as matching each one."""
    import random

    from kg.export.turtle import _ID, _RELATIVE, _relative_iris

    rng = random.Random(4)
    for alphabet in ("ab/.-_~%:?# é9", "ab/.-_~%:?# é9\n"):  # with a line break: each on its own
        values = [_ID + "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 6))) for _ in range(20000)]
        values += ["https://example.org/x", _ID, _ID + "a/b", _ID + "a//b", _ID + "a/", _ID + "/a", _ID + "a/.b"]
        expected = {v: f"<{v[len(_ID):]}>" for v in values
                    if v.startswith(_ID) and _RELATIVE.fullmatch(v[len(_ID):])}
        assert _relative_iris(values) == expected and 0 < len(expected) < len(values)
    assert _relative_iris([]) == {}
