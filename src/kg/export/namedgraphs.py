"""Which named graph each triple of a kg graph belongs to: one graph per article, the rest shared.

The rule reads only the graph's own provenance links:

- an article's home is itself; a sentence's home is the article it `schema:isPartOf`;
- a node that `prov:wasDerivedFrom` sentences (posts, events, figures, reified statements)
  lives in the articles of those sentences;
- a triple goes to the graph of every article its subject lives in; a `prov:wasDerivedFrom`
  triple only to its sentence's article, so each article graph cites its own sentences;
- a triple whose subject is shared (an entity, a role) goes where its object lives (an
  entity's `kg:figure`), else where the `rdf:Statement` reifying it was read (hierarchy,
  issuer, dates, jurisdiction...), else to the default graph (types, names, aliases).

Each article graph is named by the article's own IRI. Every triple lands in at least one
graph, so the union of all graphs is the input graph; a fact read in two articles is in both.
"""
from __future__ import annotations

from collections import defaultdict

from rdflib import RDF, Graph, URIRef
from rdflib.term import Node

from kg.map.vocab import ARTICLE, PROV, SCHEMA, SENTENCE

Triple = tuple[Node, Node, Node]


def split(graph: Graph) -> dict[URIRef | None, set[Triple]]:
    """Triples by graph name: None for the default graph, an article IRI for its graph."""
    home = _homes(graph)
    reified = _reified(graph, home)
    out: dict[URIRef | None, set[Triple]] = defaultdict(set)
    for s, p, o in graph:
        if p == PROV.wasDerivedFrom and home.get(o):
            names = home[o]
        else:
            names = home.get(s) or home.get(o) or reified.get((s, p, o)) or {None}
        for name in names:
            out[name].add((s, p, o))
    return dict(out)


def _homes(graph: Graph) -> dict[Node, set[URIRef]]:
    home: dict[Node, set[URIRef]] = defaultdict(set)
    for a in graph.subjects(RDF.type, ARTICLE):
        if isinstance(a, URIRef):
            home[a].add(a)
    for s in graph.subjects(RDF.type, SENTENCE):
        home[s] |= {a for a in graph.objects(s, SCHEMA.isPartOf) if isinstance(a, URIRef)}
    sentence_home = {s: set(v) for s, v in home.items()}
    for node, source in graph.subject_objects(PROV.wasDerivedFrom):
        home[node] |= sentence_home.get(source, set())
    return home


def _reified(graph: Graph, home: dict[Node, set[URIRef]]) -> dict[Triple, set[URIRef]]:
    """(s, p, o) -> the articles of the rdf:Statements that reify it."""
    out: dict[Triple, set[URIRef]] = defaultdict(set)
    for st in graph.subjects(RDF.type, RDF.Statement):
        parts = [graph.value(st, q) for q in (RDF.subject, RDF.predicate, RDF.object)]
        if None not in parts and home.get(st):
            out[tuple(parts)] |= home[st]
    return out
