"""What the page shows, read from a kg graph: nodes by type, edges labelled by relation, and
each node's facts with the sentences (and article headlines) they were read from.

`view_data(graph)` returns plain JSON-ready data, the same for the same graph:

- `types`: the legend (key, label, colour, shape, count), from assets/vocab.json;
- `nodes`: id (IRI), name, type (index into types), sub (event class label), alt (aliases),
  facts: `{"g": group, "t": segments, "s": sentence indices}`; a segment is a string, or
  `{"n": node index}` for another node the page can link to;
- `edges`: `{"f": from, "t": to, "l": label}` between node indices;
- `sentences`: `{"text", "a": article index}`; `articles`: headline, id, date, url;
- `meta`: how many nodes the graph has and how many are shown (`max_nodes` caps them,
  keeping the best connected).
"""
from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any, Union

from rdflib import RDF, RDFS, Graph, Literal, URIRef
from rdflib.namespace import ORG, PROV, SDO, SKOS
from rdflib.term import Node

from kg.map.vocab import EVENT_CLASSES, KG, ontology

Ref = tuple[str, URIRef]  # ("ref", node IRI): a link to another node, resolved at the end
Segment = Union[str, Ref]
MAX_NODES = 2000
MAX_MENTIONS = 30  # sentences listed under "Mentioned in"; the count says how many there are
# Literals the panel does not list as details: names are in its header, the rest is bookkeeping
# or repeats the source sentence.
_NOT_DETAILS = {SDO.name, SDO.alternateName, KG.rule, KG.span, SDO.description}


@dataclass(frozen=True)
class NodeType:
    key: str
    label: str
    cls: URIRef
    color: str
    shape: str


@lru_cache(maxsize=1)
def vocab() -> dict[str, Any]:
    """assets/vocab.json: node types, labels of standard properties, panel groups."""
    text = resources.files("kg.view").joinpath("assets", "vocab.json").read_text(encoding="utf-8")
    return json.loads(text)


def node_types() -> tuple[NodeType, ...]:
    return tuple(NodeType(t["key"], t["label"], URIRef(t["class"]), t["color"], t["shape"])
                 for t in vocab()["types"])


@lru_cache(maxsize=None)
def term_label(term: URIRef) -> str:
    """A short English label: assets/vocab.json, else the ontology's rdfs:label, else the
    term's local name."""
    fixed = vocab()["properties"].get(str(term))
    if fixed:
        return fixed
    labels = sorted(str(o) for o in ontology().objects(term, RDFS.label)
                    if isinstance(o, Literal) and o.language == "en")
    if labels:
        return labels[0]
    return str(term).rstrip("/#").replace("#", "/").rsplit("/", 1)[-1]


def view_data(graph: Graph, max_nodes: int = MAX_NODES) -> dict[str, Any]:
    """The page's data for `graph`; at most `max_nodes` nodes (the best connected)."""
    return _Reader(graph).data(max_nodes)


class _Reader:
    """One pass over the graph: collects nodes, edges and facts keyed by IRI, then numbers
    everything in a fixed order so that the same graph always gives the same data."""

    def __init__(self, graph: Graph) -> None:
        self.g = graph
        self.types = node_types()
        self.type_of = self._classify()
        self.edges: set[tuple[URIRef, URIRef, str]] = set()
        self.facts: dict[URIRef, list[tuple[str, list[Segment], frozenset[URIRef]]]] = defaultdict(list)
        self.statements = self._statement_sources()
        self._read_memberships()
        self._read_triples()
        self._read_mentions()

    # -- nodes -----------------------------------------------------------------------------
    def _classify(self) -> dict[URIRef, int]:
        found: dict[URIRef, int] = {}
        for index, node_type in enumerate(self.types):
            for s in self.g.subjects(RDF.type, node_type.cls):
                if isinstance(s, URIRef):
                    found.setdefault(s, index)
        return found

    def name(self, node: Node) -> str:
        names = sorted(str(o) for o in self.g.objects(node, SDO.name))
        if names:
            return names[0]
        labels = sorted(str(o) for o in self.g.objects(node, SKOS.prefLabel))
        return labels[0] if labels else str(node).rstrip("/").rsplit("/", 1)[-1]

    def _subtype(self, node: URIRef) -> str:
        return ", ".join(sorted(term_label(c) for c in self.g.objects(node, RDF.type) if c in EVENT_CLASSES))

    def _is_event(self, node: URIRef) -> bool:
        return self.types[self.type_of[node]].key == "Event"

    # -- provenance ------------------------------------------------------------------------
    def sources(self, node: Node) -> frozenset[URIRef]:
        return frozenset(o for o in self.g.objects(node, PROV.wasDerivedFrom) if isinstance(o, URIRef))

    def _statement_sources(self) -> dict[tuple[Node, Node, Node], frozenset[URIRef]]:
        """(subject, predicate, object) -> the sentences its rdf:Statement was derived from."""
        found: dict[tuple[Node, Node, Node], set[URIRef]] = defaultdict(set)
        for st in self.g.subjects(RDF.type, RDF.Statement):
            for s in self.g.objects(st, RDF.subject):
                for p in self.g.objects(st, RDF.predicate):
                    for o in self.g.objects(st, RDF.object):
                        found[(s, p, o)] |= self.sources(st)
        return {k: frozenset(v) for k, v in found.items()}

    # -- facts -----------------------------------------------------------------------------
    def _fact(self, node: URIRef, group: str, segments: list[Segment], sources: frozenset[URIRef]) -> None:
        self.facts[node].append((group, segments, sources))

    def _read_memberships(self) -> None:
        for m in set(self.g.subjects(ORG.member, None)):
            roles = sorted(self.name(r) for r in self.g.objects(m, ORG.role)) or ["member"]
            former = any(o.toPython() is True for o in self.g.objects(m, KG.former) if isinstance(o, Literal))
            role = " / ".join(roles) + (" (former)" if former else "")
            orgs = [o for o in self.g.objects(m, ORG.organization) if o in self.type_of]
            src = self.sources(m)
            for person in self.g.objects(m, ORG.member):
                if person not in self.type_of:
                    continue
                if not orgs:
                    self._fact(person, "Posts held", [role], src)
                for org in orgs:
                    self.edges.add((person, org, role))
                    self._fact(person, "Posts held", [role, " · ", ("ref", org)], src)
                    self._fact(org, "Posts in this body", [("ref", person), " · ", role], src)

    def _read_triples(self) -> None:
        for s in self.type_of:
            for p, o in self.g.predicate_objects(s):
                if p == RDF.type:
                    continue
                if o in self.type_of:
                    self._read_link(s, p, o)
                elif isinstance(o, Literal):
                    if p not in _NOT_DETAILS:
                        self._fact(s, "Details", [term_label(p), ": ", str(o)],
                                   self.statements.get((s, p, o), frozenset()))
                elif p == KG.figure:
                    self._fact(s, "Figures", [self._figure_text(o)], self.sources(o))
            if self._is_event(s) and self.sources(s):
                self._fact(s, "Source", [], self.sources(s))

    def _read_link(self, s: URIRef, p: URIRef, o: URIRef) -> None:
        label = term_label(p)
        self.edges.add((s, o, label))
        if self._is_event(s):
            # the event's own sentences back every part of it
            self._fact(s, "Taking part", [label, ": ", ("ref", o)], frozenset())
            self._fact(o, "Events", [("ref", s), " · ", label], self.sources(s))
            return
        src = self.statements.get((s, p, o), frozenset())
        self._fact(s, "Relations", [label, " → ", ("ref", o)], src)
        self._fact(o, "Relations", [label, " ← ", ("ref", s)], src)

    def _figure_text(self, figure: Node) -> str:
        described = sorted(str(d) for d in self.g.objects(figure, SDO.description))
        if described:
            return described[0]
        value = " ".join(sorted(str(v) for v in self.g.objects(figure, SDO.value)))
        unit = " ".join(sorted(str(u) for u in self.g.objects(figure, SDO.unitText)))
        return f"{value} {unit}".strip()

    def _read_mentions(self) -> None:
        mentioned: dict[URIRef, set[URIRef]] = defaultdict(set)
        for prop in (KG.mentions, SDO.mentions):
            for sentence, node in self.g.subject_objects(prop):
                if node in self.type_of and isinstance(sentence, URIRef) and (sentence, SDO.text, None) in self.g:
                    mentioned[node].add(sentence)
        for node, sentences in mentioned.items():
            first = sorted(sentences, key=self._sentence_order)[:MAX_MENTIONS]
            count = f"{len(sentences)} sentences" if len(sentences) > 1 else "1 sentence"
            if len(sentences) > MAX_MENTIONS:
                count += f" (first {MAX_MENTIONS} listed)"
            self._fact(node, "Mentioned in", [count], frozenset(first))

    def _sentence_order(self, sentence: URIRef) -> tuple[str, int, str]:
        article = min((str(a) for a in self.g.objects(sentence, SDO.isPartOf)), default="")
        spans = [str(s) for s in self.g.objects(sentence, KG.span)]
        start = spans[0].split("-")[0] if spans else ""
        return (article, int(start) if start.isdigit() else -1, str(sentence))

    # -- numbering -------------------------------------------------------------------------
    def data(self, max_nodes: int) -> dict[str, Any]:
        shown = self._shown(max_nodes)
        index = {node: i for i, node in enumerate(shown)}
        sentences = sorted({s for n in shown for _, _, src in self.facts[n] for s in src},
                           key=self._sentence_order)
        sentence_index = {s: i for i, s in enumerate(sentences)}
        articles = sorted({a for s in sentences for a in self.g.objects(s, SDO.isPartOf)}, key=str)
        article_index = {a: i for i, a in enumerate(articles)}

        def segment(seg: Segment) -> Any:
            if isinstance(seg, str):
                return seg
            return {"n": index[seg[1]]} if seg[1] in index else self.name(seg[1])

        def facts(node: URIRef) -> list[dict[str, Any]]:
            rows = [{"g": g, "t": [segment(x) for x in segs],
                     "s": sorted(sentence_index[s] for s in src if s in sentence_index)}
                    for g, segs, src in self.facts[node]]
            unique = {json.dumps(r, sort_keys=True, ensure_ascii=False): r for r in rows}
            return [unique[k] for k in sorted(unique)]

        counts = [0] * len(self.types)
        for node in shown:
            counts[self.type_of[node]] += 1
        return {
            "meta": {"nodes": len(self.type_of), "shown": len(shown), "max_nodes": max_nodes},
            "groups": vocab()["groups"],
            "types": [{"key": t.key, "label": t.label, "color": t.color, "shape": t.shape, "count": c}
                      for t, c in zip(self.types, counts)],
            "nodes": [{"id": str(n), "name": self.name(n), "type": self.type_of[n], "sub": self._subtype(n),
                       "alt": sorted({str(a) for a in self.g.objects(n, SDO.alternateName)} - {self.name(n)}),
                       "facts": facts(n)} for n in shown],
            "edges": [{"f": index[s], "t": index[o], "l": label}
                      for s, o, label in sorted(self.edges, key=lambda e: (index.get(e[0], -1), index.get(e[1], -1), e[2]))
                      if s in index and o in index],
            "sentences": [{"text": min((str(t) for t in self.g.objects(s, SDO.text)), default=""),
                           "a": min((article_index[a] for a in self.g.objects(s, SDO.isPartOf)), default=-1)}
                          for s in sentences],
            "articles": [self._article(a) for a in articles],
        }

    def _shown(self, max_nodes: int) -> list[URIRef]:
        """Every node in (type, name, IRI) order; past max_nodes, the best connected ones."""
        nodes = list(self.type_of)
        if len(nodes) > max_nodes:
            degree: dict[URIRef, int] = defaultdict(int)
            for s, o, _ in self.edges:
                degree[s] += 1
                degree[o] += 1
            nodes = sorted(nodes, key=lambda n: (-degree[n], str(n)))[:max_nodes]
        return sorted(nodes, key=lambda n: (self.type_of[n], self.name(n), str(n)))

    def _article(self, article: Node) -> dict[str, str]:
        def first(prop: URIRef) -> str:
            return min((str(o) for o in self.g.objects(article, prop)), default="")
        url = first(SDO.url)
        return {"headline": first(SDO.headline), "id": first(SDO.identifier), "date": first(SDO.datePublished),
                # only web links: a javascript: or data: URL must never become a link
                "url": url if url.lower().startswith(("http://", "https://")) else ""}
