"""Turtle, written by hand because rdflib's serializer does not promise a stable order.

Subjects sorted by IRI, predicates sorted with rdf:type ('a') first, objects sorted; data
IRIs written relative to `@base` (the `id:` namespace) where that reads back unchanged.
"""
from __future__ import annotations

import re
from typing import BinaryIO, Iterator

from rdflib import OWL, RDF, RDFS, Graph

from kg.export import terms
from kg.export.base import Exporter, as_table, write_text
from kg.map.vocab import ID, KG, ORG, PROV, SCHEMA, SKOS, XSD
from kg.triples import Lit, Table, Term

PREFIXES: tuple[tuple[str, str], ...] = (
    ("kg", str(KG)), ("id", str(ID)), ("schema", str(SCHEMA)), ("org", str(ORG)),
    ("prov", str(PROV)), ("skos", str(SKOS)), ("rdf", str(RDF)), ("rdfs", str(RDFS)),
    ("xsd", str(XSD)), ("owl", str(OWL)),
)
# A conservative subset of PN_LOCAL: no escapes needed, cannot end in '.'.
_LOCAL = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")
# A relative path that resolves against @base to exactly base + path: no scheme-like first
# segment (no ':'), no '.'/'..' segments, no query or fragment.
_RELATIVE = re.compile(r"[A-Za-z0-9_~%-][A-Za-z0-9_.~%-]*(/[A-Za-z0-9_~%-][A-Za-z0-9_.~%-]*)*")
_INTEGER = re.compile(r"[+-]?[0-9]+")
_DECIMAL = re.compile(r"[+-]?[0-9]*\.[0-9]+")
_ID = str(ID)


_TYPE = str(RDF.type)
_INTEGER_DT, _DECIMAL_DT, _BOOLEAN_DT = str(XSD.integer), str(XSD.decimal), str(XSD.boolean)


class TurtleExporter(Exporter):
    name = "ttl"
    suffix = ".ttl"
    reads_table = True

    def write(self, graph: Graph | Table, out: BinaryIO) -> None:
        write_text(out, lines(graph))


def render(graph: Graph | Table) -> str:
    """The whole graph as Turtle text."""
    return "".join(lines(graph))


def lines(graph: Graph | Table) -> Iterator[str]:
    """The Turtle text as lines, each with its newline, one at a time.

    Read from the triple table (kg.triples), already grouped by subject and predicate. IRIs
    are rendered once each (a cache: entities recur as objects), plain strings without
    escapes inline; objects are sorted only where a predicate has several.
    """
    yield f"@base <{ID}> .\n"
    for p, ns in PREFIXES:
        yield f"@prefix {p}: <{ns}> .\n"
    spo = as_table(graph).spo
    iris: dict[str, str] = {}
    verbs: dict[str, tuple[tuple, str]] = {}
    bad_string = terms._STRING_BAD.search

    def obj(o: Term) -> str:
        kind = type(o)
        if kind is str:
            text = iris.get(o)
            if text is None:
                text = iris[o] = _iri(o)
            return text
        if kind is Lit and not o[1] and not o[2] and bad_string(o[0]) is None:
            return f'"{o[0]}"'
        return _term(o)

    # all-IRI subjects (what kg maps) sort as plain strings, in C
    plain = all(type(s) is str for s in spo)
    for s in (sorted(spo) if plain else sorted(spo, key=terms.term_sort_key)):
        yield f"\n{obj(s)}\n"
        po = spo[s]
        preds = []
        for p, objs in po.items():
            verb = verbs.get(p)
            if verb is None:
                verb = verbs[p] = ((p != _TYPE, terms.term_sort_key(p)), "a" if p == _TYPE else _term(p))
            preds.append((verb, objs))
        if len(preds) > 1:
            preds.sort(key=_first)
        last = len(preds) - 1
        for i, ((_, verb), objs) in enumerate(preds):
            end = " .\n" if i == last else " ;\n"
            if len(objs) == 1:
                yield f"    {verb} {obj(objs[0])}{end}"
            else:
                texts = [obj(o) for o in sorted(objs, key=terms.term_sort_key)]
                yield f"    {verb} " + " ,\n        ".join(texts) + end


def _first(pair: tuple):
    return pair[0]


def _term(t: Term) -> str:
    kind = type(t)
    if kind is str:
        return _iri(t)
    if kind is Lit:
        return _literal(t)
    return terms.term_ntriples(t)


def _iri(value: str) -> str:
    if value.startswith(_ID) and _RELATIVE.fullmatch(value[len(_ID):]):
        return terms.iri(value[len(_ID):])
    best = max(((p, ns) for p, ns in PREFIXES if value.startswith(ns) and p != "id"),
               key=lambda pn: len(pn[1]), default=None)
    if best and _LOCAL.fullmatch(value[len(best[1]):]):
        return f"{best[0]}:{value[len(best[1]):]}"
    return terms.iri(value)


def _literal(lit: Lit) -> str:
    text, dt, language = lit
    # Turtle's bare numbers and booleans read back as exactly these lexical forms and types
    if dt == _INTEGER_DT and _INTEGER.fullmatch(text):
        return text
    if dt == _DECIMAL_DT and _DECIMAL.fullmatch(text):
        return text
    if dt == _BOOLEAN_DT and text in ("true", "false"):
        return text
    body = terms.string(text)
    if language:
        return f"{body}@{language}"
    return f"{body}^^{_iri(dt)}" if dt else body
