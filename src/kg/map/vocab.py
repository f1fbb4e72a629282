"""The vocabulary the mapper writes, read from ontology/kg.ttl.

The ontology is the single source of truth: the `kg:` and `id:` namespaces are the prefixes
it binds, and every kg term the code names is looked up in it when this module loads, so a
term missing from the ontology fails at import instead of leaking into a graph.
"""
from __future__ import annotations

from functools import lru_cache

from rdflib import OWL, RDF, RDFS, Graph, Namespace, URIRef
from rdflib.namespace import ORG, PROV, SDO, SKOS, XSD

from kg.model import LEGISLATION, ORGANIZATION, PERSON, PLACE
from kg.validate.resources import ontology_path

SCHEMA = SDO  # https://schema.org/, as graph-contract.md writes it
__all__ = ["SCHEMA", "ORG", "PROV", "SKOS", "XSD", "RDF", "RDFS", "KG", "ID", "ENTITY_CLASSES",
           "EVENT_CLASSES", "term", "declared", "relation_predicate", "attribute_predicate",
           "event_class", "emittable"]


@lru_cache(maxsize=1)
def ontology() -> Graph:
    """The parsed ontology, loaded once."""
    return Graph().parse(ontology_path(), format="turtle")


def _prefix(name: str) -> Namespace:
    bound = dict(ontology().namespaces())
    if name not in bound:
        raise ValueError(f"ontology {ontology_path()} binds no '{name}:' prefix")
    return Namespace(str(bound[name]))


KG = _prefix("kg")
ID = _prefix("id")


def _declared_as(*kinds: URIRef) -> dict[str, URIRef]:
    """Local name -> IRI of the kg terms typed as one of `kinds`."""
    return {str(s)[len(KG):]: s for kind in kinds for s in ontology().subjects(RDF.type, kind)
            if isinstance(s, URIRef) and str(s).startswith(str(KG))}


# Looked up by local name, so that odd input never gets built into a URIRef.
_PROPERTIES = _declared_as(OWL.ObjectProperty, OWL.DatatypeProperty, RDF.Property)
_DECLARED = _declared_as(OWL.Class) | _PROPERTIES


def term(name: str) -> URIRef:
    """The kg term `name`; ValueError if the ontology does not declare it."""
    if name not in _DECLARED:
        raise ValueError(f"kg:{name} is not declared in {ontology_path()}")
    return _DECLARED[name]


def declared() -> frozenset[URIRef]:
    """Every class and property the ontology declares in the kg namespace."""
    return frozenset(_DECLARED.values())


# Classes, by the entity type names of kg.model.
ENTITY_CLASSES: dict[str, URIRef] = {
    PERSON: term("Person"),
    ORGANIZATION: term("Organization"),
    PLACE: term("Place"),
    LEGISLATION: term("LegalDocument"),
}
EVENT = term("Event")
EVENT_CLASSES: frozenset[URIRef] = frozenset(
    c for c in ontology().subjects(RDFS.subClassOf, EVENT) if c in _DECLARED.values()
)
ARTICLE, SENTENCE = term("Article"), term("Sentence")
MEMBERSHIP, ROLE, FIGURE = term("Membership"), term("Role"), term("Figure")

# kg properties the mapper writes itself.
MENTIONS, SPAN, RULE, TRIGGER = term("mentions"), term("span"), term("rule"), term("trigger")
PARTICIPANT, FORMER, HAS_FIGURE = term("participant"), term("former"), term("figure")

# Fact predicate names (Relation.predicate, Attribute.predicate) that are standard terms.
_STANDARD_RELATIONS = {
    "subOrganizationOf": ORG.subOrganizationOf,
    "legislationPassedBy": SCHEMA.legislationPassedBy,
    "containedInPlace": SCHEMA.containedInPlace,
}
_STANDARD_ATTRIBUTES = {
    "legislationIdentifier": SCHEMA.legislationIdentifier,
    "legislationDate": SCHEMA.legislationDate,
    "foundingDate": SCHEMA.foundingDate,
}
RELATED_TO = term("relatedTo")
# Other relation names: kg:relatedTo and its sub-properties. Other attribute names: kg
# datatype properties whose domain is an entity class (documentType), not the mapper's own
# bookkeeping (span, rule, trigger, former).
_KG_RELATIONS = {n: p for n, p in _PROPERTIES.items()
                 if p == RELATED_TO or (p, RDFS.subPropertyOf, RELATED_TO) in ontology()}
_KG_ATTRIBUTES = {n: p for n, p in _declared_as(OWL.DatatypeProperty).items()
                  if set(ontology().objects(p, RDFS.domain)) & set(ENTITY_CLASSES.values())}


def relation_predicate(name: str) -> URIRef:
    """The property for Relation.predicate: a standard term, else a kg:relatedTo property."""
    found = _STANDARD_RELATIONS.get(name) or _KG_RELATIONS.get(name)
    if found is None:
        known = ", ".join(sorted(_STANDARD_RELATIONS) + sorted(_KG_RELATIONS))
        raise ValueError(f"relation predicate {name!r} is not one kg maps; known: {known}")
    return found


def attribute_predicate(name: str) -> URIRef:
    """The property for Attribute.predicate: a standard term, else a kg entity attribute."""
    found = _STANDARD_ATTRIBUTES.get(name) or _KG_ATTRIBUTES.get(name)
    if found is None:
        known = ", ".join(sorted(_STANDARD_ATTRIBUTES) + sorted(_KG_ATTRIBUTES))
        raise ValueError(f"attribute predicate {name!r} is not one kg maps; known: {known}")
    return found


def emittable() -> frozenset[URIRef]:
    """Every kg term the mapper can write: for the test that all of them are declared."""
    fixed = {ARTICLE, SENTENCE, MEMBERSHIP, ROLE, FIGURE, MENTIONS, SPAN, RULE, TRIGGER,
             PARTICIPANT, FORMER, HAS_FIGURE}
    found = fixed | set(ENTITY_CLASSES.values()) | EVENT_CLASSES
    found |= set(_KG_RELATIONS.values()) | set(_KG_ATTRIBUTES.values())
    return frozenset(p for p in found if str(p).startswith(str(KG)))


def event_class(name: str) -> URIRef:
    """The class for Event.type ('Trial'); ValueError unless the ontology makes it a kg:Event."""
    iri = _DECLARED.get(name)
    if iri not in EVENT_CLASSES:
        known = ", ".join(sorted(str(c)[len(str(KG)):] for c in EVENT_CLASSES))
        raise ValueError(f"event type {name!r} is not a subclass of kg:Event; known: {known}")
    return iri
