"""Which triples belong to which article, for one named graph per article.

The graph says it through provenance, and this module only follows those links:
- the article node's own triples belong to it;
- a sentence belongs to the article it `schema:isPartOf`;
- a node derived from sentences (`prov:wasDerivedFrom`: posts, events, figures, the
  rdf:Statements that reify direct facts) belongs to every article those sentences are part of;
- a direct triple between entities (org:subOrganizationOf, schema:legislationPassedBy...)
  belongs to the articles of the rdf:Statement that reifies it;
- a triple pointing at a node that belongs to articles (an entity's kg:figure) follows that node;
- an entity's other triples (types, names, aliases, founding date...) go to every article that
  mentions the entity (`schema:mentions` from the article, `kg:mentions` from its sentences) or
  whose nodes point at it (a role named by a post), so each article's graph reads on its own.
What is left (nothing in a graph kg builds) goes to the default graph. Shared entities are thus
described in each article's graph; the union of the graphs is the input graph."""
from __future__ import annotations

from collections import defaultdict
from rdflib import RDF, Graph, Namespace, URIRef
from rdflib.term import Node

SCHEMA = Namespace("https://schema.org/")
PROV = Namespace("http://www.w3.org/ns/prov#")
KG = Namespace("https://w3id.org/kg-vn/ontology#")

Triple = tuple[Node, Node, Node]


def partition(graph: Graph) -> dict[URIRef | None, list[Triple]]:
    """The graph's triples by article IRI (None: the default graph), each list sorted."""
    articles = set(graph.subjects(RDF.type, SCHEMA.NewsArticle)) | set(graph.subjects(RDF.type, KG.Article))
    owners: dict[Node, set[Node]] = {a: {a} for a in articles}
    for sentence, article in graph.subject_objects(SCHEMA.isPartOf):
        if article in articles:
            owners.setdefault(sentence, set()).add(article)
    for node, source in graph.subject_objects(PROV.wasDerivedFrom):
        if node not in articles:
            owners.setdefault(node, set()).update(owners.get(source, ()))
    reified: dict[Triple, set[Node]] = defaultdict(set)
    for st in graph.subjects(RDF.type, RDF.Statement):
        key = (graph.value(st, RDF.subject), graph.value(st, RDF.predicate), graph.value(st, RDF.object))
        reified[key] |= owners.get(st, set())
    readers = _readers(graph, articles, owners)

    out: dict[URIRef | None, list[Triple]] = defaultdict(list)
    for triple in graph:
        s, _, o = triple
        where = owners.get(s) or reified.get(triple) or owners.get(o) or readers.get(s) or {None}
        for article in where:
            out[article].append(triple)
    return {k: sorted(v) for k, v in sorted(out.items(), key=lambda kv: str(kv[0] or ""))}


def _readers(graph: Graph, articles: set[Node], owners: dict[Node, set[Node]]) -> dict[Node, set[Node]]:
    """For every node: the articles that mention it or whose own nodes point at it."""
    readers: dict[Node, set[Node]] = defaultdict(set)
    for s, p, o in graph:
        if p == RDF.type or s not in owners:
            continue
        readers[o] |= owners[s]
    return readers

