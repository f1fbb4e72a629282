"""The state one mapping run shares: the triple table, the lookups, the sentences used as sources.

Facts point at entities, articles and sentences by id; every lookup here fails with a
ValueError naming the id, because a dangling id means an earlier stage has a bug.
Terms are plain (kg.triples): IRIs as `str`, literals as `Lit`.
"""
from __future__ import annotations

from typing import Callable

from kg.map import iri
from kg.map.vocab import ID, KG, ORG, PROV, RDF, RULE, SCHEMA, SENTENCE, SKOS, SPAN
from kg.model import Corpus, Entity, Sentence, Source
from kg.normalize.text import fold_tones
from kg.triples import Lit, Table, Term

PREFIXES = tuple((prefix, str(ns)) for prefix, ns in (
    ("kg", KG), ("id", ID), ("schema", SCHEMA), ("org", ORG), ("prov", PROV), ("skos", SKOS)))
TYPE = str(RDF.type)
_DERIVED, _RULE = str(PROV.wasDerivedFrom), str(RULE)
_STATEMENT = str(RDF.Statement)
_SUBJECT, _PREDICATE, _OBJECT = str(RDF.subject), str(RDF.predicate), str(RDF.object)
_PREF, _ALT, _NAME = str(SKOS.prefLabel), str(SKOS.altLabel), str(SCHEMA.name)
_SENTENCE, _PART_OF, _TEXT, _SPAN = str(SENTENCE), str(SCHEMA.isPartOf), str(SCHEMA.text), str(SPAN)


class Context:
    """Triple table under construction plus id lookups for one Corpus."""

    def __init__(self, corpus: Corpus) -> None:
        self.table = Table(PREFIXES)
        self.add = self.table.add  # (s, p, o), plain terms
        self.entities: dict[str, Entity] = corpus.entities
        self._sentences: dict[str, dict[int, Sentence]] = {}
        self._articles: dict[str, str] = {}
        for extraction in corpus.articles:
            aid = extraction.article.id
            if aid in self._sentences:
                raise ValueError(f"article id {aid!r} occurs twice in the corpus")
            self._sentences[aid] = {s.index: s for s in extraction.sentences}
            self._articles[aid] = iri.article_text(aid)
        # IRIs and literals made once and then passed as the same object: the table stores
        # a term added many times once only when it is one object
        self._entities: dict[str, str] = {}
        # sentences used as sources: article -> index -> IRI
        self._used: dict[str, dict[int, str]] = {}
        self._roles: dict[str, str] = {}
        self._rules: dict[str, Lit] = {}
        self._titles: dict[str, set[str]] = {}
        # reification and membership nodes by what their IRI is minted from: a relation read in
        # ten sentences is stated ten times (119k statements at 10k articles, 12k nodes)
        self._statements: dict[tuple[str, str, Term], str] = {}
        self._memberships: dict[tuple, str] = {}

    def entity(self, entity_id: str, used_by: str | Callable[[], str]) -> str:
        """The IRI of a known entity; `used_by` says which fact asked, for the error: a
        function giving the text where making it costs (a repr per fact, for an error that a
        correct corpus never raises)."""
        found = self._entities.get(entity_id)
        if found is None:
            if entity_id not in self.entities:
                what = used_by() if callable(used_by) else used_by
                raise ValueError(f"{what} refers to entity {entity_id!r}, which is not in the corpus")
            found = self._entities[entity_id] = iri.entity_text(entity_id)
        return found

    def article(self, article_id: str) -> str:
        found = self._articles.get(article_id)
        if found is None:
            raise ValueError(f"no article {article_id!r} in the corpus")
        return found

    def sentence(self, article_id: str, index: int) -> str:
        """The IRI of a sentence, which is then emitted as a node of the graph."""
        used = self._used.get(article_id)
        found = used.get(index) if used is not None else None
        if found is None:
            if index not in self._sentences.get(article_id, {}):
                raise ValueError(f"article {article_id!r} has no sentence {index}")
            if used is None:
                used = self._used[article_id] = {}
            found = used[index] = iri.sentence_text(self._articles[article_id], index)
        return found

    def sentences_of(self, article_id: str) -> dict[int, str]:
        """index -> IRI of the article's sentences used so far, for callers that look up many:
        an index not in it is asked of sentence()."""
        used = self._used.get(article_id)
        if used is None:
            if article_id not in self._sentences:
                raise ValueError(f"no article {article_id!r} in the corpus")
            used = self._used[article_id] = {}
        return used

    def role(self, title: str) -> str:
        found = self._roles.get(title)
        if found is None:
            found = self._roles[title] = iri.role_text(title)
        return found

    def derive(self, node: str, source: Source) -> None:
        """Record that `node` was read from a sentence by a rule."""
        self.add(node, _DERIVED, self.sentence(source.article, source.sentence))
        if source.rule:
            self.add(node, _RULE, self.rule(source.rule))

    def derived(self, po: dict[str, list[Term]], source: Source) -> dict[str, list[Term]]:
        """derive() for a node given whole to Table.add_node: its sentence and rule go in `po`."""
        # the sentence's and the rule's terms read from their caches, the methods only for new ones
        used = self._used.get(source.article)
        found = used.get(source.sentence) if used is not None else None
        po[_DERIVED] = [found if found is not None else self.sentence(source.article, source.sentence)]
        rule = source.rule
        if rule:
            found = self._rules.get(rule)
            po[_RULE] = [found if found is not None else self.rule(rule)]
        return po

    def rule(self, name: str) -> Lit:
        found = self._rules.get(name)
        if found is None:
            found = self._rules[name] = Lit(name)
        return found

    def state(self, s: str, p: str, o: Term, source: Source) -> None:
        """Add a triple and its reification node, which collects every source of the triple."""
        key = (s, p, o)
        node = self._statements.get(key)
        if node is not None:
            # the triple and the node's type, subject, predicate and object are in already:
            # only this source can be new (the same table as add_node would leave)
            self.derive(node, source)
            return
        self.add(s, p, o)
        node = self._statements[key] = iri.statement_text(s, p, o)
        self.table.add_node(node, self.derived(
            {TYPE: [_STATEMENT], _SUBJECT: [s], _PREDICATE: [p], _OBJECT: [o]}, source))

    def membership(self, person: str, role: str, org: str | None, former: bool) -> tuple[str, bool]:
        """The IRI of the membership node of (person id, role IRI, org id, former), and whether
        it is new: an old one has its member, role, organization and former already."""
        key = (person, role, org or "", former, type(former))  # 1 and True differ in the IRI
        node = self._memberships.get(key)
        if node is not None:
            return node, False
        node = self._memberships[key] = iri.membership_text(person, role, org, former)
        return node, True

    def role_title(self, role: str, title: str) -> bool:
        """Note a title as written for a role node; labels are chosen once all are seen.
        True for the first title of a role."""
        titles = self._titles.get(role)
        if titles is None:
            self._titles[role] = {title}
            return True
        titles.add(title)
        return False

    def finish(self, roles: bool = True) -> Table:
        """Write what needed the whole corpus first: sentences used and role labels (unless
        `roles` is False: one article's share of a graph leaves them to the whole, see
        kg.engine.units)."""
        self._emit_sentences()
        if roles:
            self._emit_roles()
        return self.table

    def role_titles(self) -> dict[str, set[str]]:
        """Role IRI -> the titles it was written with so far."""
        return self._titles

    def _emit_roles(self) -> None:
        for role, titles in self._titles.items():
            for p, objs in role_labels(titles).items():
                for o in objs:
                    self.add(role, p, o)

    def _emit_sentences(self) -> None:
        """Write the sentences that carry a mention or a fact; no others."""
        add_node = self.table.add_node
        # by article, then by index: sorting (article, index) pairs took a tenth of map's time
        for article_id in sorted(self._used):
            used = self._used[article_id]
            sentences = self._sentences[article_id]
            article = self._articles[article_id]
            for index in sorted(used):
                sent = sentences[index]
                add_node(used[index], {TYPE: [_SENTENCE], _PART_OF: [article], _TEXT: [Lit(sent.text)],
                                       _SPAN: [Lit(f"{sent.start}-{sent.end}")]})


def role_labels(titles: set[str]) -> dict[str, list[Lit]]:
    """A role node's labels from every title it was written with, predicate -> objects: one
    role node may be written 'Uỷ viên' and 'Ủy viên', and the official tone style is preferred."""
    best = preferred_title(titles)
    po = {_PREF: [Lit(best)], _NAME: [Lit(best)]}
    others = [Lit(other) for other in titles - {best}]
    if others:
        po[_ALT] = others
    return po


def preferred_title(titles: set[str]) -> str:
    """The title a role node is labelled by: the official tone style first, then code point order."""
    return min(titles, key=lambda t: (fold_tones(t) != t, t))
