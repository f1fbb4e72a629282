"""kg.export: Turtle and N-Triples that read back as the same graph, byte-stable; GraphML."""
from __future__ import annotations

from pathlib import Path
from typing import BinaryIO

import networkx as nx
import pytest
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.compare import isomorphic

from kg.export import EXPORTERS, Exporter, export
from kg.export.base import write_atomic
from kg.map import iri, to_rdf
from test_map import BAC_LAM, BTV, KHAI, MAN, QD, TINH_UY, UBKT, small_corpus

EX = Namespace("http://example.org/x#")
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")
ID = "https://w3id.org/kg-vn/id/"


@pytest.fixture(scope="module")
def graph() -> Graph:
    return to_rdf(small_corpus())


def tricky() -> Graph:
    """Terms that a careless writer gets wrong."""
    g = Graph()
    s = URIRef(ID + "person/a")
    texts = ['say "hi"', "back\\slash", "two\nlines\r\n", "tab\there", "bell\x07 nul\x00 del\x7f",
             "Nguyễn Thị Ánh — “ngoặc”", "", "trailing space ", "emoji 🙂", "'single'", '"""']
    for i, text in enumerate(texts):
        g.add((s, EX[f"p{i}"], Literal(text)))
    g.add((s, EX.lang, Literal("Hà Nội", lang="vi")))
    g.add((s, EX.typed, Literal("x", datatype=XSD.string)))
    g.add((s, EX.n, Literal(-7)))
    g.add((s, EX.n, Literal("0012", datatype=XSD.integer)))
    g.add((s, EX.d, Literal("2.50", datatype=XSD.decimal)))
    g.add((s, EX.b, Literal(True)))
    g.add((s, EX.b, Literal("1", datatype=XSD.boolean)))
    g.add((s, EX.odd, Literal("v", datatype=URIRef("http://example.org/dt#my type"))))
    for tail in ("a:b/c", "../up", "x/./y", "q?x=1", "f#frag", "", "%7E ok", "sp ace", "dot."):
        g.add((s, EX.link, URIRef(ID + tail)))
    g.add((s, EX.link, URIRef("http://example.org/a b<c>{d}|e^f`g\\h\"")))
    g.add((s, EX.link, URIRef("https://schema.org/")))
    return g


@pytest.mark.parametrize("fmt, parse_as", [("ttl", "turtle"), ("nt", "nt")])
@pytest.mark.parametrize("which", ["mapped", "tricky"])
def test_round_trip_gives_the_same_triples(tmp_path: Path, graph: Graph, fmt: str, parse_as: str,
                                           which: str) -> None:
    g = graph if which == "mapped" else tricky()
    path = export(g, fmt, tmp_path / f"g.{fmt}")
    back = Graph().parse(path, format=parse_as)
    # no blank nodes, so the same triples; rdflib's isomorphic() cannot hash the invalid IRIs
    assert set(back) == set(g)


@pytest.mark.parametrize("fmt, parse_as", [("ttl", "turtle"), ("nt", "nt")])
def test_round_trip_with_blank_nodes(tmp_path: Path, graph: Graph, fmt: str, parse_as: str) -> None:
    g = Graph()
    g += graph
    g.add((BNode("n-1"), EX.link, iri.entity(KHAI)))
    g.add((BNode("n-1"), EX.next, BNode()))
    back = Graph().parse(export(g, fmt, tmp_path / f"g.{fmt}"), format=parse_as)
    assert isomorphic(back, g)


@pytest.mark.parametrize("fmt", ["ttl", "nt"])
def test_a_strict_parser_reads_it_too(tmp_path: Path, graph: Graph, fmt: str) -> None:
    """Oxigraph checks IRIs and escapes more strictly than rdflib."""
    ox = pytest.importorskip("pyoxigraph")
    kind = ox.RdfFormat.TURTLE if fmt == "ttl" else ox.RdfFormat.N_TRIPLES
    path = export(graph, fmt, tmp_path / f"g.{fmt}")
    assert len(list(ox.parse(path=str(path), format=kind))) == len(graph)


@pytest.mark.parametrize("fmt", sorted(EXPORTERS))
def test_same_graph_same_bytes(tmp_path: Path, graph: Graph, fmt: str) -> None:
    shuffled = Graph()
    for t in sorted(graph, reverse=True):  # another insertion order
        shuffled.add(t)
    a = _contents(export(graph, fmt, tmp_path / "a"))
    b = _contents(export(to_rdf(small_corpus()), fmt, tmp_path / "b"))
    c = _contents(export(shuffled, fmt, tmp_path / "c"))
    assert a == b == c


def _contents(path: Path) -> dict[str, bytes]:
    """A file's bytes, or every file's of a folder format (neo4j)."""
    if path.is_dir():
        return {p.name: p.read_bytes() for p in sorted(path.iterdir())}
    return {"": path.read_bytes()}


def test_turtle_reads_well(tmp_path: Path, graph: Graph) -> None:
    text = export(graph, "ttl", tmp_path / "g.ttl").read_text(encoding="utf-8")
    assert text.startswith("@base <https://w3id.org/kg-vn/id/> .\n@prefix kg: ")
    assert "\n<person/le-van-khai>\n    a schema:Person ,\n        kg:Person ;\n" in text
    assert '    schema:name "Lê Văn Khải" .' in text or '    schema:name "Lê Văn Khải" ;' in text
    assert "schema:value 15 ;" in text
    subjects = [line.strip("<>") for line in text.splitlines() if line.startswith("<")]
    assert subjects == sorted(subjects) and len(subjects) == len(set(graph.subjects()))


def test_graphml_opens_in_networkx_with_labels(tmp_path: Path, graph: Graph) -> None:
    g = nx.read_graphml(export(graph, "graphml", tmp_path / "g.graphml"), force_multigraph=True)
    node = lambda key: g.nodes[str(iri.entity(key))]  # noqa: E731
    assert node(KHAI)["label"] == "Lê Văn Khải" and node(KHAI)["type"] == "Person"
    assert node(QD)["type"] == "LegalDocument" and node(BAC_LAM)["type"] == "Place"
    assert node(MAN)["roles"] == "Ủy viên Trung ương Đảng"
    assert node(KHAI)["roles"] == "Ủy viên Trung ương Đảng"
    ev = g.nodes[str(iri.event("tin-1/e1"))]
    assert ev["type"] == "WorkingVisit" and ev["label"] == "làm việc (2021-05-03)"
    # only entities and events: no articles, sentences, memberships, figures, statements
    assert all("/article/" not in n and "/membership/" not in n for n in g.nodes)
    assert len(g.nodes) == 8 + 3

    def labels(a: str, b: str) -> set[str]:
        return {d["label"] for d in g.get_edge_data(a, b, default={}).values()}

    e = lambda key: str(iri.entity(key))  # noqa: E731
    assert labels(e(KHAI), e(TINH_UY)) == {"Bí thư"}
    assert labels(e(MAN), e(TINH_UY)) == {"nguyên Phó Bí thư"}
    assert labels(e(BTV), e(TINH_UY)) == {"subOrganizationOf"}
    assert labels(e(QD), e(UBKT)) == {"legislationPassedBy"}
    assert labels(str(iri.event("tin-1/e1")), e(UBKT)) == {"participant"}
    assert labels(str(iri.event("tin-1/e1")), e(BAC_LAM)) == {"location"}


def test_graphml_declares_its_keys(tmp_path: Path, graph: Graph) -> None:
    text = export(graph, "graphml", tmp_path / "g.graphml").read_text(encoding="utf-8")
    assert 'for="node" attr.name="label"' in text and 'for="edge" attr.name="label"' in text
    assert 'attr.name="type"' in text


def test_export_replaces_atomically(tmp_path: Path, graph: Graph) -> None:
    path = tmp_path / "out" / "g.ttl"
    export(graph, "ttl", path)
    export(graph, "ttl", path)  # over an existing file
    assert [p.name for p in path.parent.iterdir()] == ["g.ttl"]


def test_failed_export_leaves_old_file_and_no_temp(tmp_path: Path, graph: Graph) -> None:
    class Broken(Exporter):
        name, suffix = "broken", ".x"

        def write(self, graph: Graph, out: BinaryIO) -> None:
            out.write(b"half")
            raise RuntimeError("disk full")

    path = tmp_path / "g.ttl"
    path.write_text("old")
    with pytest.raises(RuntimeError):
        write_atomic(path, Broken(), graph)
    assert path.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["g.ttl"]


def test_unknown_format(tmp_path: Path, graph: Graph) -> None:
    with pytest.raises(ValueError, match="unknown export format 'rdfxml'"):
        export(graph, "rdfxml", tmp_path / "g.rdf")


def test_exporters_share_the_interface() -> None:
    assert {"ttl", "nt", "graphml"} <= set(EXPORTERS)
    for name, cls in EXPORTERS.items():
        assert issubclass(cls, Exporter) and cls.name == name and cls.suffix.startswith(".")
