"""The curation's provenance in the graph (PROV-O).

One kg:Curator agent (a prov:Agent), one kg:CurationFile (a prov:Entity, named by the
file's name, its IRI by a hash of its bytes), one kg:Curation activity per rule that did
something, which prov:used the file, prov:wasAssociatedWith the curator and
prov:invalidated what it dropped. Each entity a rule changed is prov:wasAttributedTo the
curator and kg:curatedBy the rule; one that replaces older nodes (merge, split, retype)
prov:wasRevisionOf their IRIs, and the facts that now point at it are marked curated too.
"""
from __future__ import annotations

from rdflib import RDFS, Graph, Literal, URIRef

from kg.curate.apply import CurationLog
from kg.map import iri
from kg.map.vocab import HAS_FIGURE, ID, ORG, PARTICIPANT, PROV, RDF, SCHEMA, term
from kg.model import Corpus

__all__ = ["add_provenance"]

CURATOR, CURATION, CURATION_FILE = term("Curator"), term("Curation"), term("CurationFile")
CURATED_BY, ACTION = term("curatedBy"), term("action")


def add_provenance(graph: Graph, corpus: Corpus, log: CurationLog) -> Graph:
    digest = log.curation.digest[:16]
    curator, source = URIRef(ID + "agent/curator"), URIRef(f"{ID}curation/{digest}")
    add = graph.add
    for t in (CURATOR, PROV.Agent):
        add((curator, RDF.type, t))
    add((curator, SCHEMA.name, Literal("curator")))
    for t in (CURATION_FILE, PROV.Entity):
        add((source, RDF.type, t))
    add((source, SCHEMA.name, Literal(log.curation.path.name)))
    by_index = {r.index: r for r in log.curation.rules}
    used = {r.index for r in log.applied} | set(log.invalidated)
    for e in corpus.entities.values():
        used |= {c["rule"] for c in e.attrs.get("curation", [])}

    def rule_node(index: int) -> URIRef:
        return URIRef(f"{ID}curation/{digest}/rule-{index}")

    for index in sorted(used):
        rule, node = by_index[index], rule_node(index)
        for t in (CURATION, PROV.Activity):
            add((node, RDF.type, t))
        add((node, ACTION, Literal(rule.action)))
        add((node, SCHEMA.description, Literal(rule.describe())))
        if rule.note:
            add((node, RDFS.comment, Literal(rule.note)))
        add((node, PROV.used, source))
        add((node, PROV.wasAssociatedWith, curator))
        for gone in log.invalidated.get(index, []):
            add((node, PROV.invalidated, URIRef(gone) if "://" in gone else iri.entity(gone)))
    for e in corpus.entities.values():
        rules = [rule_node(c["rule"]) for c in e.attrs.get("curation", [])]
        if not rules:
            continue
        node = iri.entity(e.id)
        for old in e.attrs.get("revision_of", []):
            if old != e.id:
                add((node, PROV.wasRevisionOf, iri.entity(old)))
        add((node, PROV.wasAttributedTo, curator))
        for r in rules:
            add((node, CURATED_BY, r))
        # facts moved to this node by a merge, split or retype were changed by that rule too
        moving = [rule_node(c["rule"]) for c in e.attrs["curation"] if c["action"] in ("merge", "split", "retype")]
        for fact in _facts_of(graph, node) if moving else ():
            add((fact, PROV.wasAttributedTo, curator))
            for r in moving:
                add((fact, CURATED_BY, r))
    return graph


def _facts_of(graph: Graph, node: URIRef) -> list[URIRef]:
    """The fact nodes that point at an entity: memberships, statements, events, figures."""
    out = set()
    for p in (ORG.member, ORG.organization, RDF.subject, RDF.object, PARTICIPANT, SCHEMA.location):
        out |= set(graph.subjects(p, node))
    out |= set(graph.objects(node, HAS_FIGURE))
    return sorted(out)
