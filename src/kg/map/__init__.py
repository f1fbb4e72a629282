"""Map: a resolved Corpus to an RDF graph in the terms of ontology/kg.ttl.

`to_table(corpus)` is the entry point: the triples as a kg.triples.Table of plain strings,
which `kg build` validates and writes from; `to_rdf(corpus)` gives the same triples as an
rdflib Graph. The output has no blank nodes and every IRI is minted from ids and hashes
(see iri.py), so the same corpus always gives the same triples.
An id that points nowhere (an unknown entity, article or sentence), an event type or fact
predicate the ontology does not declare, or a malformed date raises ValueError: each is a
bug in an earlier stage, not a user error.
"""
from __future__ import annotations

from functools import lru_cache

from rdflib import RDFS, Graph, URIRef

from kg.map.articles import map_article
from kg.map.context import TYPE, Context
from kg.map.entities import map_entity
from kg.map.events import map_event
from kg.map.facts import map_attribute, map_figure, map_post, map_relation
from kg.map.vocab import SCHEMA, ontology
from kg.model import Corpus, Extraction
from kg.triples import Table, paused_gc

__all__ = ["to_rdf", "to_table", "mapped", "map_extraction", "map_facts", "with_standard_types"]
_MENTIONS = str(SCHEMA.mentions)


def to_rdf(corpus: Corpus) -> Graph:
    """The corpus as an rdflib Graph: to_table's triples."""
    return to_table(corpus).to_graph()


def to_table(corpus: Corpus) -> Table:
    """The corpus as RDF: articles, sentences used as sources, entities, facts and events."""
    with paused_gc():
        return _to_table(corpus)


def _to_table(corpus: Corpus) -> Table:
    return with_standard_types(mapped(corpus).finish())


def mapped(corpus: Corpus) -> Context:
    """The corpus mapped into a Context, before finish(): what needs every article first (the
    sentences used, the roles' labels) not yet written."""
    ctx = Context(corpus)
    for entity_id in sorted(corpus.entities):
        entity = corpus.entities[entity_id]
        if entity.id != entity_id:
            raise ValueError(f"entity table key {entity_id!r} differs from its id {entity.id!r}")
        map_entity(ctx, entity)
    seen_events: dict[str, str] = {}
    for extraction in corpus.articles:
        map_extraction(ctx, extraction, seen_events)
    return ctx


def map_extraction(ctx: Context, extraction: Extraction, seen_events: dict[str, str]) -> None:
    """One resolved article's node, facts and events (its entities' nodes are map_entity's);
    `seen_events`: event id -> article, of the articles mapped before."""
    map_article(ctx, extraction)
    map_facts(ctx, extraction)
    if extraction.events:
        article = ctx.article(extraction.article.id)
    for event in extraction.events:
        # event IRIs come from event ids alone, so a reused id would merge two events
        if event.id in seen_events:
            raise ValueError(f"event id {event.id!r} is used twice (articles "
                             f"{seen_events[event.id]!r} and {extraction.article.id!r})")
        seen_events[event.id] = extraction.article.id
        # the article reports the event: tools that list an article's contents find it (the
        # event node's own IRI object, not a second string of it)
        ctx.add(article, _MENTIONS, map_event(ctx, event))


def map_facts(ctx: Context, extraction: Extraction) -> None:
    """One resolved article's posts, relations, attributes and figures."""
    for post in extraction.posts:
        map_post(ctx, post)
    for rel in extraction.relations:
        map_relation(ctx, rel)
    for attr in extraction.attributes:
        map_attribute(ctx, attr)
    for fig in extraction.figures:
        map_figure(ctx, fig)


@lru_cache(maxsize=1)
def _superclasses() -> dict[str, tuple[str, ...]]:
    """kg class -> the other named classes it specializes, read from the ontology once."""
    onto = ontology()
    found: dict[str, tuple[str, ...]] = {}
    for cls in set(onto.subjects(RDFS.subClassOf, None)):
        if isinstance(cls, URIRef):
            ups = {c for c in onto.transitive_objects(cls, RDFS.subClassOf) if c != cls and isinstance(c, URIRef)}
            found[str(cls)] = tuple(sorted(str(c) for c in ups))
    return found


def with_standard_types(table: Table) -> Table:
    """Also type each node by the standard classes its kg class specializes (schema:Person,
    org:Membership...), so SPARQL users and graph tools need not read the ontology first."""
    table.imply(TYPE, _superclasses())
    return table
