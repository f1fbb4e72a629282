"""A triple table of plain strings: what `kg build` maps into, validates and writes from.

An rdflib Graph costs about 1.1 KB and 20-30 us a triple (a Python object per term, three
indexes). The table keeps one index, subject -> predicate -> objects, over plain terms:

- an IRI is a `str` (the IRI itself, no brackets),
- a blank node is a `Blank` (a `str` subclass holding its label),
- a literal is a `Lit`, a tuple (lexical form, datatype IRI or "", language or "").

Tuples and strings hash and compare in C, so adding, looking up and sorting need no Python
code per term. A term added many times is best passed as the same object each time (the
mapper caches its IRIs), so that it is stored once.
`to_graph()` gives the same triples as an rdflib Graph for whatever needs one.
"""
from __future__ import annotations

import gc
from contextlib import contextmanager
from typing import Iterable, Iterator, Union

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.plugins.stores.memory import Memory
from rdflib.term import Node

__all__ = ["Blank", "Lit", "Term", "Table", "to_node", "to_term", "paused_gc"]


@contextmanager
def paused_gc() -> Iterator[None]:
    """No cyclic garbage collection inside: building a table makes millions of tuples, lists
    and dicts that all live on (and none in a cycle), and each collection would scan them and
    the whole corpus again for nothing (two thirds of map's time at 1k articles)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


class Lit(tuple):
    """A literal: (lexical form, datatype IRI or "", language tag or "")."""

    __slots__ = ()

    def __new__(cls, lexical: str, datatype: str = "", language: str = "") -> "Lit":
        return tuple.__new__(cls, (lexical, datatype, language))

    def __getnewargs__(self) -> tuple[str, str, str]:  # so that pickle rebuilds it through __new__
        return tuple(self)

    def __str__(self) -> str:  # as rdflib's str(Literal): the lexical form
        return self[0]

    def __repr__(self) -> str:
        return f"Lit{tuple.__repr__(self)}"


class Blank(str):
    """A blank node, by its label. Never equal to the IRI with the same text."""

    __slots__ = ()

    def __eq__(self, other: object) -> bool:
        return type(other) is Blank and str.__eq__(self, other)

    def __ne__(self, other: object) -> bool:
        return not self.__eq__(other)

    def __hash__(self) -> int:
        return hash(("_:", str(self)))


Term = Union[str, Blank, Lit]


def to_node(term: Term) -> Node:
    """The rdflib term for a table term."""
    kind = type(term)
    if kind is str:
        return URIRef(term)
    if kind is Lit:
        lexical, datatype, language = term
        return Literal(lexical, lang=language or None, datatype=URIRef(datatype) if datatype else None)
    if kind is Blank:
        return BNode(str(term))
    raise TypeError(f"not a table term: {term!r}")


def to_term(node: Node) -> Term:
    """The table term for an rdflib term."""
    if isinstance(node, URIRef):
        return str(node)
    if isinstance(node, Literal):
        return Lit(str(node), str(node.datatype) if node.datatype is not None else "", node.language or "")
    if isinstance(node, BNode):
        return Blank(str(node))
    raise TypeError(f"cannot keep {node!r} in a triple table")


LONG = 32  # object lists up to this length are searched; longer ones also keep a set
_JUST_ONE = {1}


class Table:
    """A set of triples, grouped subject -> predicate -> objects (each list without repeats).

    `prefixes` are the namespace bindings a Graph made from the table gets.
    """

    def __init__(self, prefixes: tuple[tuple[str, str], ...] = ()) -> None:
        self.spo: dict[Term, dict[str, list[Term]]] = {}
        self.prefixes = prefixes
        self._len = 0
        # the objects of a long list as a set too: a body named in every article has one
        # object list of 100k sentences, and 'in' on it made mapping quadratic at 100k articles
        self._long: dict[int, set[Term]] = {}

    def add(self, s: Term, p: str, o: Term) -> None:
        """Add a triple. Terms are kept as given: a caller that adds the same IRI many times
        passes the same string object (the mapper caches them), so it is stored once."""
        po = self.spo.get(s)
        if po is None:
            self.spo[s] = {p: [o]}
        else:
            objs = po.get(p)
            if objs is None:
                po[p] = [o]
            elif len(objs) < LONG:
                if o in objs:
                    return
                objs.append(o)
            else:
                seen = self._long.get(id(objs))
                if seen is None:
                    seen = self._long[id(objs)] = set(objs)  # the list lives as long as the table
                if o in seen:
                    return
                seen.add(o)
                objs.append(o)
        self._len += 1

    def add_node(self, s: Term, po: dict[str, list[Term]]) -> None:
        """Add `s p o` for every object of every `p -> objects` of `po`, in order: the same
        table as add() called for each. Where the table has no `p` for `s` yet (always so for
        a subject new to it), the list itself is stored, one lookup instead of one a triple:
        the caller hands the lists over and must not change them afterwards. For a new
        subject whose lists all hold one object (most nodes the mapper makes), `po` itself is
        stored: the caller hands the dict over too."""
        have = self.spo.get(s)
        if have is None and set(map(len, po.values())) == _JUST_ONE:
            # nothing to drop or repeat: the same dict, in the same order, as the loop below makes
            self.spo[s] = po
            self._len += len(po)
            return
        added = 0
        for p, objs in po.items():
            if not objs:
                continue
            if len(objs) > 1 and len(set(objs)) < len(objs):
                objs = list(dict.fromkeys(objs))  # the first of each, as add() keeps
            if have is None:
                have = self.spo[s] = {}
            mine = have.get(p)
            if mine is None:
                have[p] = objs
                added += len(objs)
            else:
                for o in objs:
                    self.add(s, p, o)
        self._len += added

    def add_all(self, triples: Iterable[tuple[Term, str, Term]]) -> None:
        """add(s, p, o) for each triple, in order, without a Python call each (the articles and
        sentences that mention an entity: half a million at 10k articles)."""
        spo = self.spo
        added = 0
        for s, p, o in triples:
            po = spo.get(s)
            if po is None:
                spo[s] = {p: [o]}
                added += 1
            else:
                objs = po.get(p)
                if objs is None:
                    po[p] = [o]
                    added += 1
                elif len(objs) < LONG:
                    if o not in objs:
                        objs.append(o)
                        added += 1
                else:
                    self.add(s, p, o)  # the list's set; add() counts it
        self._len += added

    def imply(self, p: str, implied: dict[Term, tuple[Term, ...]]) -> None:
        """For each subject, add `s p x` for each x of implied[o], o each object `s p` has
        (rdf:type and the superclasses of each class): the same table as add() called for
        each, in that order, subject by subject."""
        add = self.add
        added = 0
        # for a list holding o alone: x once each, and not o itself, which add() would skip
        alone = {o: tuple(x for x in dict.fromkeys(xs) if x != o) for o, xs in implied.items()}
        # adding objects to subjects that have some adds no subject: the dict is walked as it is
        for s, po in self.spo.items():
            objs = po.get(p)
            if objs:
                if len(objs) == 1:  # nearly every node: one class
                    more = alone.get(objs[0])
                    # none of `more` is in the list yet: appended whole, as add() would append each
                    if more and len(more) < LONG:
                        objs += more
                        added += len(more)
                    elif more:
                        for x in more:
                            add(s, p, x)
                else:
                    for o in list(objs):
                        for x in implied.get(o, ()):
                            add(s, p, x)
        self._len += added

    def __len__(self) -> int:
        return self._len

    def __iter__(self) -> Iterator[tuple[Term, str, Term]]:
        for s, po in self.spo.items():
            for p, objs in po.items():
                for o in objs:
                    yield s, p, o

    def __contains__(self, triple: tuple[Term, str, Term]) -> bool:
        s, p, o = triple
        return o in self.spo.get(s, {}).get(p, ())

    def objects(self, s: Term, p: str) -> list[Term]:
        return self.spo.get(s, {}).get(p, [])

    def instances(self, p: str) -> dict[Term, dict[Term, None]]:
        """object -> subjects with that object for predicate `p` (for rdf:type: class -> instances)."""
        found: dict[Term, dict[Term, None]] = {}
        for s, po in self.spo.items():
            for o in po.get(p, ()):
                found.setdefault(o, {})[s] = None
        return found

    def to_graph(self) -> Graph:
        """The same triples as an rdflib Graph, with the table's prefixes bound."""
        graph = Graph()
        for prefix, ns in self.prefixes:
            graph.bind(prefix, ns, replace=True)
        nodes: dict[Term, Node] = {}

        def node(t: Term) -> Node:
            found = nodes.get(t)
            if found is None:
                found = nodes[t] = to_node(t)
            return found

        add = graph.add
        for s, po in self.spo.items():
            sn = node(s)
            for p, objs in po.items():
                pn = node(p)
                for o in objs:
                    add((sn, pn, node(o)))
        return graph

    @classmethod
    def from_graph(cls, graph: Graph, predicates: set[Node] | None = None) -> "Table":
        """The triples of `graph` (only those of `predicates`, when given) as a table."""
        table = cls(tuple((p, str(ns)) for p, ns in graph.namespaces()))
        add = table.add
        seen: dict[Term, Term] = {}  # one object per term: an IRI recurs as subject and objects
        intern = seen.setdefault

        def term(n: Node) -> Term:
            t = str(n) if type(n) is URIRef else to_term(n)  # str(): a C-level copy
            return intern(t, t)

        for s, p, o in _triples(graph, predicates):
            add(term(s), term(p), term(o))
        return table


def _triples(graph: Graph, predicates: set[Node] | None) -> Iterator[tuple[Node, Node, Node]]:
    """The graph's triples, read from rdflib's own subject index where the graph is a plain
    in-memory Graph alone in its store: Graph.triples() re-checks every triple's contexts and
    costs several times more."""
    store = graph.store
    spo = getattr(store, "_Memory__spo", None)
    if type(graph) is Graph and type(store) is Memory and isinstance(spo, dict) \
            and len(list(store.contexts())) <= 1:
        for s, po in spo.items():
            for p, objs in po.items():
                if predicates is None or p in predicates:
                    for o in objs:
                        yield s, p, o
    elif predicates is None:
        yield from graph.triples((None, None, None))
    else:
        for p in sorted(predicates, key=str):
            for s, o in graph.subject_objects(p):
                yield s, p, o
