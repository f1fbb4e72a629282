"""kg.triples.Table, the build's triples without rdflib terms: it holds what an rdflib Graph
would hold (same terms, same lexical forms), converts both ways, and what the writers and the
validator read from it equals what rdflib reads, on the dev corpus."""
from __future__ import annotations

import io
import pickle

import pytest
from rdflib import XSD, BNode, Graph, Literal, URIRef
from rdflib.compare import isomorphic

from conftest import shared
from kg.export import EXPORTERS
from kg.pipeline import build
from kg.triples import Blank, Lit, Table, to_node, to_term
from kg.validate import validate
from test_export import tricky

EX = "https://example.org/"


def test_add_keeps_a_set_of_triples() -> None:
    t = Table()
    t.add(EX + "a", EX + "p", Lit("x"))
    t.add(EX + "a", EX + "p", Lit("x"))
    t.add(EX + "a", EX + "p", Lit("x", str(XSD.string)))  # another literal in RDF
    t.add(EX + "a", EX + "p", EX + "x")  # an IRI, not the literal "x"
    t.add(EX + "a", EX + "p", Lit(EX + "x"))  # nor is this literal
    t.add(EX + "a", EX + "p", Blank(EX + "x"))  # nor a blank node of that label
    assert len(t) == 5 == len(list(t))
    assert (EX + "a", EX + "p", Lit("x")) in t and (EX + "a", EX + "q", Lit("x")) not in t
    assert len(t.to_graph()) == 5


@pytest.mark.parametrize("node", [URIRef(EX + "a b"), BNode("n1"), Literal("x"), Literal("x", lang="vi"),
                                  Literal("2017-02-05", datatype=XSD.date), Literal("zz", datatype=XSD.integer),
                                  Literal(True), Literal("Ủy viên\n\"q\"")])
def test_terms_convert_both_ways(node) -> None:
    term = to_term(node)
    assert type(term) is {URIRef: str, BNode: Blank, Literal: Lit}[type(node)]
    assert to_node(term) == node and str(term) == str(node)


def test_a_graph_round_trips() -> None:
    graph = tricky()
    graph.add((BNode("b1"), URIRef(EX + "p"), Literal("v", lang="en")))
    back = Table.from_graph(graph).to_graph()
    assert set(back) == set(graph)


@pytest.fixture(scope="module")
def corpus_build(tmp_path_factory):
    out = tmp_path_factory.mktemp("table")
    return build([shared("corpus")], out, formats=("nt", "ttl", "graphml")), out


def test_literals_carry_rdflib_lexical_forms(corpus_build) -> None:
    """The table's literals are what rdflib makes of them (normalized lexical forms), so the
    table is the set of triples a Graph of rdflib terms would hold."""
    table = corpus_build[0].table
    lits = {o for _, _, o in table if type(o) is Lit}
    assert any(o[1] == str(XSD.date) for o in lits) and any(o[1] == str(XSD.boolean) for o in lits)
    assert all(to_term(to_node(o)) == o for o in lits)


def test_written_ntriples_reads_back_as_the_table(corpus_build) -> None:
    result, out = corpus_build
    ours = Graph().parse(out / "graph.nt", format="nt")
    graph = result.table.to_graph()
    assert len(ours) == len(result.table) == len(graph) > 1000
    assert isomorphic(ours, graph)
    # and rdflib's own N-Triples serializer of the same triples gives the same graph
    theirs = Graph().parse(data=graph.serialize(format="nt"), format="nt")
    assert set(theirs) == set(ours)


@pytest.mark.parametrize("fmt", ["ttl", "nt", "graphml"])
def test_table_and_graph_give_the_same_bytes(corpus_build, fmt: str) -> None:
    result, out = corpus_build
    buf = io.BytesIO()
    EXPORTERS[fmt]().write(result.graph, buf)  # the lazy Graph, grouped again by the writer
    assert buf.getvalue() == (out / f"graph{EXPORTERS[fmt].suffix}").read_bytes()


def test_validation_of_table_and_graph_agree(corpus_build) -> None:
    result = corpus_build[0]
    on_graph = validate(result.graph)
    assert result.report.engine == on_graph.engine == "fast"
    assert result.report.conforms == on_graph.conforms
    assert result.report.results == on_graph.results and result.report.text == on_graph.text


def test_a_long_object_list_keeps_order_and_no_repeats():
    from kg.triples import LONG, Table
    table = Table()
    objs = [f"http://example.org/o{k}" for k in range(LONG * 3)]
    for o in objs + objs[::-1] + objs[:5]:  # each object three times, past the length a set takes over
        table.add("http://example.org/s", "http://example.org/p", o)
    assert table.spo["http://example.org/s"]["http://example.org/p"] == objs
    assert len(table) == len(objs)


def test_add_node_and_add_all_are_add_called_for_each():
    from kg.triples import LONG, Table
    s, p, q = "http://example.org/s", "http://example.org/p", "http://example.org/q"
    objs = [f"http://example.org/o{k}" for k in range(LONG + 5)]
    calls = [(s, p, objs[:3] + objs[:2]), (s, q, [Lit("x")]), (s, p, objs), ("http://example.org/t", p, objs[:1])]
    one, bulk = Table(), Table()
    for subject, pred, os in calls:
        for o in os:
            one.add(subject, pred, o)
    bulk.add_node(s, {p: objs[:3] + objs[:2], q: [Lit("x")], "http://example.org/none": []})
    bulk.add_all((s, p, o) for o in objs)
    bulk.add_node("http://example.org/t", {p: objs[:1]})
    bulk.add_all(("http://example.org/t", p, o) for o in objs[:2] + objs[:1])
    one.add("http://example.org/t", p, objs[1])
    assert [(k, {pp: list(v) for pp, v in po.items()}) for k, po in one.spo.items()] == \
        [(k, {pp: list(v) for pp, v in po.items()}) for k, po in bulk.spo.items()]
    assert len(one) == len(bulk) == len(list(bulk))
    for o in objs:  # the long list keeps finding repeats after the bulk adds
        bulk.add(s, p, o)
    assert len(bulk) == len(one)


def _rows(table):
    return [(k, {p: list(v) for p, v in po.items()}) for k, po in table.spo.items()]


def test_add_all_and_imply_are_add_called_for_each():
    from kg.triples import LONG, Table
    s, t, p, q = "http://example.org/s", "http://example.org/t", "http://example.org/p", "http://example.org/q"
    objs = [f"http://example.org/o{k}" for k in range(LONG + 5)]
    # repeats, a list past LONG (with its set), a Blank and an IRI of the same text
    triples = [(s, p, o) for o in objs + objs[:3]] + [(t, q, Blank("b")), (t, q, "b"), (t, q, Blank("b")),
                                                       (s, q, Lit("x")), (s, p, objs[-1])]
    one, bulk = Table(), Table()
    for triple in triples:
        one.add(*triple)
    bulk.add_all(triples[:10])
    bulk.add_all(iter(triples[10:]))
    assert _rows(one) == _rows(bulk) and len(one) == len(bulk) == len(list(bulk))
    # classes: one implied alone, one that implies itself and a repeat, one with two classes
    a, b, c, d = (f"http://example.org/C{k}" for k in "abcd")
    implied = {a: (b, c), b: (b, d, d), c: ()}
    typed = [("http://example.org/x", p, a), ("http://example.org/y", p, b), ("http://example.org/z", p, a),
             ("http://example.org/z", p, b), ("http://example.org/w", p, c), ("http://example.org/v", q, a)]
    one, bulk = Table(), Table()
    for triple in typed:
        one.add(*triple)
        bulk.add(*triple)
    for subject, po in list(one.spo.items()):
        for o in list(po.get(p, ())):
            for x in implied.get(o, ()):
                one.add(subject, p, x)
    bulk.imply(p, implied)
    assert _rows(one) == _rows(bulk) and len(one) == len(bulk) == len(list(bulk))
    assert bulk.objects("http://example.org/y", p) == [b, d]


def test_add_node_of_a_new_subject_is_add_called_for_each():
    from kg.triples import Table
    s, p, q = "http://example.org/s", "http://example.org/p", "http://example.org/q"
    one, bulk = Table(), Table()
    for po in ({p: ["http://example.org/a"], q: [Lit("x")]}, {p: ["http://example.org/a", "http://example.org/a"]},
               {q: []}):
        subject = f"{s}{len(bulk.spo)}"
        for pred, objs in po.items():
            for o in objs:
                one.add(subject, pred, o)
        bulk.add_node(subject, po)
    assert _rows(one) == _rows(bulk) and len(one) == len(bulk) == len(list(bulk))


def test_a_table_pickles_and_comes_back_equal():
    """Literals are tuples made through __new__(lexical, datatype, language): pickle must
    rebuild them through the same arguments, not pass the tuple as the lexical form."""
    t = Table()
    t.add(EX + "a", EX + "p", Lit("x", str(XSD.string)))
    t.add(EX + "a", EX + "q", Lit("chào", "", "vi"))
    t.add(EX + "a", EX + "r", EX + "b")
    back = pickle.loads(pickle.dumps(t))
    assert sorted(back) == sorted(t)
    assert all(type(o) is Lit and type(o[0]) is str for _, _, o in back if type(o) is not str)
