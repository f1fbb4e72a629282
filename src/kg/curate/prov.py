"""The curation's provenance in the graph (PROV-O).

One kg:Curator agent (a prov:Agent), one kg:CurationFile (a prov:Entity, named by the
file's name, its IRI by a hash of its bytes), one kg:Curation activity per rule that did
something, which prov:used the file, prov:wasAssociatedWith the curator and
prov:invalidated what it dropped. Each entity a rule changed is prov:wasAttributedTo the
curator and kg:curatedBy the rule; one that replaces older nodes (merge, split, retype)
prov:wasRevisionOf their IRIs, and the facts that now point at it are marked curated too.
"""
from __future__ import annotations

from typing import Callable

from rdflib import RDFS, Graph

from kg.curate.apply import CurationLog
from kg.map import iri
from kg.map.vocab import HAS_FIGURE, ID, ORG, PARTICIPANT, PROV, RDF, SCHEMA, term
from kg.model import Corpus
from kg.triples import Lit, Table, Term, to_node

__all__ = ["add_provenance"]

CURATOR, CURATION, CURATION_FILE = (str(term(n)) for n in ("Curator", "Curation", "CurationFile"))
CURATED_BY, ACTION = str(term("curatedBy")), str(term("action"))
_TYPE, _NAME, _DESCRIPTION, _COMMENT = str(RDF.type), str(SCHEMA.name), str(SCHEMA.description), str(RDFS.comment)
_AGENT, _ENTITY, _ACTIVITY = str(PROV.Agent), str(PROV.Entity), str(PROV.Activity)
_USED, _ASSOCIATED, _INVALIDATED = str(PROV.used), str(PROV.wasAssociatedWith), str(PROV.invalidated)
_REVISION_OF, _ATTRIBUTED_TO = str(PROV.wasRevisionOf), str(PROV.wasAttributedTo)
# fact -> entity links: memberships, statements, events (a figure hangs from its entity instead)
_POINTING = tuple(str(p) for p in (ORG.member, ORG.organization, RDF.subject, RDF.object, PARTICIPANT,
                                   SCHEMA.location))
_HAS_FIGURE = str(HAS_FIGURE)


def add_provenance(graph: Graph | Table, corpus: Corpus, log: CurationLog) -> Graph | Table:
    """Add the curation's provenance to `graph` (the build's triple table, or an rdflib Graph)."""
    if isinstance(graph, Table):
        add, facts_of = graph.add, _table_facts(graph)
    else:
        def add(s: Term, p: str, o: Term) -> None:
            graph.add((to_node(s), to_node(p), to_node(o)))

        facts_of = _graph_facts(graph)
    digest = log.curation.digest[:16]
    curator, source = str(ID) + "agent/curator", f"{ID}curation/{digest}"
    for t in (CURATOR, _AGENT):
        add(curator, _TYPE, t)
    add(curator, _NAME, Lit("curator"))
    for t in (CURATION_FILE, _ENTITY):
        add(source, _TYPE, t)
    add(source, _NAME, Lit(log.curation.path.name))
    by_index = {r.index: r for r in log.curation.rules}
    used = {r.index for r in log.applied} | set(log.invalidated)
    for e in corpus.entities.values():
        used |= {c["rule"] for c in e.attrs.get("curation", [])}

    def rule_node(index: int) -> str:
        return f"{ID}curation/{digest}/rule-{index}"

    for index in sorted(used):
        rule, node = by_index[index], rule_node(index)
        for t in (CURATION, _ACTIVITY):
            add(node, _TYPE, t)
        add(node, ACTION, Lit(rule.action))
        add(node, _DESCRIPTION, Lit(rule.describe()))
        if rule.note:
            add(node, _COMMENT, Lit(rule.note))
        add(node, _USED, source)
        add(node, _ASSOCIATED, curator)
        for gone in log.invalidated.get(index, []):
            add(node, _INVALIDATED, gone if "://" in gone else iri.entity_text(gone))
    for e in corpus.entities.values():
        rules = [rule_node(c["rule"]) for c in e.attrs.get("curation", [])]
        if not rules:
            continue
        node = iri.entity_text(e.id)
        for old in e.attrs.get("revision_of", []):
            if old != e.id:
                add(node, _REVISION_OF, iri.entity_text(old))
        add(node, _ATTRIBUTED_TO, curator)
        for r in rules:
            add(node, CURATED_BY, r)
        # facts moved to this node by a merge, split or retype were changed by that rule too
        moving = [rule_node(c["rule"]) for c in e.attrs["curation"] if c["action"] in ("merge", "split", "retype")]
        for fact in facts_of(node) if moving else ():
            add(fact, _ATTRIBUTED_TO, curator)
            for r in moving:
                add(fact, CURATED_BY, r)
    return graph


def _table_facts(table: Table) -> Callable[[str], list[Term]]:
    """The fact nodes that point at an entity, from a reverse index built on first use."""
    pointing: dict[Term, set[Term]] = {}
    built = False

    def facts_of(node: str) -> list[Term]:
        nonlocal built
        if not built:
            for s, po in table.spo.items():
                for p in _POINTING:
                    for o in po.get(p, ()):
                        pointing.setdefault(o, set()).add(s)
            built = True
        found = pointing.get(node, set()) | set(table.objects(node, _HAS_FIGURE))
        return sorted(found, key=str)

    return facts_of


def _graph_facts(graph: Graph) -> Callable[[str], list[Term]]:
    def facts_of(node: str) -> list[Term]:
        n = to_node(node)
        out = {s for p in _POINTING for s in graph.subjects(to_node(p), n)}
        out |= set(graph.objects(n, to_node(_HAS_FIGURE)))
        return sorted(str(x) for x in out)  # kg's fact nodes are IRIs

    return facts_of
