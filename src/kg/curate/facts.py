"""The IRI each fact record gets in the graph, computed the way the mapper mints it, so a
curation rule can name a fact by the IRI `kg explain` shows."""
from __future__ import annotations

from kg.map import iri, literals
from kg.map.vocab import attribute_predicate, relation_predicate

__all__ = ["fact_iris"]


def fact_iris(kind: str, items: list) -> list[str]:
    """IRIs of a list of posts, relations, attributes, figures or events, in order."""
    return [str(_IRI[kind](x)) for x in items]


_IRI = {
    "posts": lambda p: iri.membership(p.person, iri.role(p.role.strip()), p.org, p.former),
    "relations": lambda r: iri.statement(iri.entity(r.subject), relation_predicate(r.predicate), iri.entity(r.object)),
    "attributes": lambda a: iri.statement(iri.entity(a.subject), attribute_predicate(a.predicate),
                                          literals.value(a.value, a.datatype)),
    "figures": lambda f: iri.figure(f.subject, f.value, f.unit, f.source.article, f.source.sentence),
    "events": lambda e: iri.event(e.id),
}
