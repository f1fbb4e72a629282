"""The state one mapping run shares: the graph, the lookups, the sentences used as sources.

Facts point at entities, articles and sentences by id; every lookup here fails with a
ValueError naming the id, because a dangling id means an earlier stage has a bug.
"""
from __future__ import annotations

from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

from kg.map import iri
from kg.map.vocab import ID, KG, ORG, PROV, RDF, RULE, SCHEMA, SENTENCE, SKOS, SPAN
from kg.model import Corpus, Entity, Sentence, Source
from kg.normalize.text import fold_tones


class Context:
    """Graph under construction plus id lookups for one Corpus."""

    def __init__(self, corpus: Corpus) -> None:
        self.graph = Graph()
        for prefix, ns in (("kg", KG), ("id", ID), ("schema", SCHEMA), ("org", ORG),
                           ("prov", PROV), ("skos", SKOS)):
            self.graph.bind(prefix, ns, replace=True)
        self.entities: dict[str, Entity] = corpus.entities
        self._sentences: dict[str, dict[int, Sentence]] = {}
        for extraction in corpus.articles:
            aid = extraction.article.id
            if aid in self._sentences:
                raise ValueError(f"article id {aid!r} occurs twice in the corpus")
            self._sentences[aid] = {s.index: s for s in extraction.sentences}
        self._used: set[tuple[str, int]] = set()
        self._titles: dict[URIRef, set[str]] = {}

    def add(self, s: Node, p: Node, o: Node) -> None:
        self.graph.add((s, p, o))

    def entity(self, entity_id: str, used_by: str) -> URIRef:
        """The IRI of a known entity; `used_by` says which fact asked, for the error."""
        if entity_id not in self.entities:
            raise ValueError(f"{used_by} refers to entity {entity_id!r}, which is not in the corpus")
        return iri.entity(entity_id)

    def article(self, article_id: str) -> URIRef:
        if article_id not in self._sentences:
            raise ValueError(f"no article {article_id!r} in the corpus")
        return iri.article(article_id)

    def sentence(self, article_id: str, index: int) -> URIRef:
        """The IRI of a sentence, which is then emitted as a node of the graph."""
        if index not in self._sentences.get(article_id, {}):
            raise ValueError(f"article {article_id!r} has no sentence {index}")
        self._used.add((article_id, index))
        return iri.sentence(iri.article(article_id), index)

    def derive(self, node: URIRef, source: Source) -> None:
        """Record that `node` was read from a sentence by a rule."""
        self.add(node, PROV.wasDerivedFrom, self.sentence(source.article, source.sentence))
        if source.rule:
            self.add(node, RULE, Literal(source.rule))

    def state(self, s: URIRef, p: URIRef, o: Node, source: Source) -> None:
        """Add a triple and its reification node, which collects every source of the triple."""
        self.add(s, p, o)
        node = iri.statement(s, p, o)
        self.add(node, RDF.type, RDF.Statement)
        self.add(node, RDF.subject, s)
        self.add(node, RDF.predicate, p)
        self.add(node, RDF.object, o)
        self.derive(node, source)

    def role_title(self, role: URIRef, title: str) -> None:
        """Note a title as written for a role node; labels are chosen once all are seen."""
        self._titles.setdefault(role, set()).add(title)

    def finish(self) -> Graph:
        """Write what needed the whole corpus first: sentences used and role labels."""
        self._emit_sentences()
        self._emit_roles()
        return self.graph

    def _emit_roles(self) -> None:
        # one role node may be written 'Uỷ viên' and 'Ủy viên': prefer the official tone style
        for role, titles in self._titles.items():
            best = min(titles, key=lambda t: (fold_tones(t) != t, t))
            self.add(role, SKOS.prefLabel, Literal(best))
            self.add(role, SCHEMA.name, Literal(best))
            for other in titles - {best}:
                self.add(role, SKOS.altLabel, Literal(other))

    def _emit_sentences(self) -> None:
        """Write the sentences that carry a mention or a fact; no others."""
        for article_id, index in sorted(self._used):
            sent = self._sentences[article_id][index]
            node = iri.sentence(iri.article(article_id), index)
            self.add(node, RDF.type, SENTENCE)
            self.add(node, SCHEMA.isPartOf, iri.article(article_id))
            self.add(node, SCHEMA.text, Literal(sent.text))
            self.add(node, SPAN, Literal(f"{sent.start}-{sent.end}"))
