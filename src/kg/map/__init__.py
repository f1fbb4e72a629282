"""Map: a resolved Corpus to an RDF graph in the terms of ontology/kg.ttl.

`to_rdf(corpus)` is the one entry point. The output has no blank nodes and every IRI is
minted from ids and hashes (see iri.py), so the same corpus always gives the same triples.
An id that points nowhere (an unknown entity, article or sentence), an event type or fact
predicate the ontology does not declare, or a malformed date raises ValueError: each is a
bug in an earlier stage, not a user error.
"""
from __future__ import annotations

from rdflib import RDF, RDFS, Graph, URIRef

from kg.map import iri
from kg.map.vocab import SCHEMA, ontology

from kg.map.articles import map_article
from kg.map.context import Context
from kg.map.entities import map_entity
from kg.map.events import map_event
from kg.map.facts import map_attribute, map_figure, map_post, map_relation
from kg.model import Corpus

__all__ = ["to_rdf"]


def to_rdf(corpus: Corpus) -> Graph:
    """The corpus as RDF: articles, sentences used as sources, entities, facts and events."""
    ctx = Context(corpus)
    for entity_id in sorted(corpus.entities):
        entity = corpus.entities[entity_id]
        if entity.id != entity_id:
            raise ValueError(f"entity table key {entity_id!r} differs from its id {entity.id!r}")
        map_entity(ctx, entity)
    seen_events: dict[str, str] = {}
    for extraction in corpus.articles:
        map_article(ctx, extraction)
        for post in extraction.posts:
            map_post(ctx, post)
        for rel in extraction.relations:
            map_relation(ctx, rel)
        for attr in extraction.attributes:
            map_attribute(ctx, attr)
        for fig in extraction.figures:
            map_figure(ctx, fig)
        for event in extraction.events:
            # event IRIs come from event ids alone, so a reused id would merge two events
            if event.id in seen_events:
                raise ValueError(f"event id {event.id!r} is used twice (articles "
                                 f"{seen_events[event.id]!r} and {extraction.article.id!r})")
            seen_events[event.id] = extraction.article.id
            map_event(ctx, event)
            # the article reports the event: tools that list an article's contents find it
            ctx.add(ctx.article(extraction.article.id), SCHEMA.mentions, iri.event(event.id))
    return _with_standard_types(ctx.finish())


def _with_standard_types(graph: Graph) -> Graph:
    """Also type each node by the standard classes its kg class specializes (schema:Person,
    org:Membership...), so SPARQL users and graph tools need not read the ontology first."""
    onto = ontology()
    supers: dict = {}
    for cls in set(graph.objects(None, RDF.type)):
        supers[cls] = {c for c in onto.transitive_objects(cls, RDFS.subClassOf) if c != cls and isinstance(c, URIRef)}
    for s, cls in list(graph.subject_objects(RDF.type)):
        for sup in supers.get(cls, ()):
            graph.add((s, RDF.type, sup))
    return graph
