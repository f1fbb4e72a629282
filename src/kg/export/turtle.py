"""Turtle, written by hand because rdflib's serializer does not promise a stable order.

Subjects sorted by IRI, predicates sorted with rdf:type ('a') first, objects sorted; data
IRIs written relative to `@base` (the `id:` namespace) where that reads back unchanged.
"""
from __future__ import annotations

import re
from typing import BinaryIO

from rdflib import OWL, RDF, RDFS, Graph, Literal, URIRef
from rdflib.term import Node

from kg.export import terms
from kg.export.base import Exporter, subject_index, write_text
from kg.map.vocab import ID, KG, ORG, PROV, SCHEMA, SKOS, XSD

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


class TurtleExporter(Exporter):
    name = "ttl"
    suffix = ".ttl"

    def write(self, graph: Graph, out: BinaryIO) -> None:
        write_text(out, render_lines(graph))


def render(graph: Graph) -> str:
    """The whole graph as Turtle text."""
    return "".join(render_lines(graph))


def render_lines(graph: Graph) -> list[str]:
    """The Turtle text as lines, each with its newline.

    Read from the graph's subject index (base.subject_index), already grouped by subject
    and predicate. IRIs are rendered once each (a cache: entities recur as objects), plain
    strings without escapes inline; objects are sorted only where a predicate has several.
    """
    lines = [f"@base <{ID}> .\n"]
    lines += [f"@prefix {p}: <{ns}> .\n" for p, ns in PREFIXES]
    add = lines.append
    spo = subject_index(graph)
    iris: dict[Node, str] = {}
    verbs: dict[Node, tuple[tuple, str]] = {}
    bad_string = terms._STRING_BAD.search

    def obj(o: Node) -> str:
        kind = type(o)
        if kind is Literal and o._datatype is None and not o._language and bad_string(o) is None:
            return f'"{o}"'
        if kind is URIRef:
            text = iris.get(o)
            if text is None:
                text = iris[o] = _iri(str(o))
            return text
        return _term(o)

    for s in sorted(spo, key=terms.sort_key):
        add("\n")
        add(f"{obj(s)}\n")
        po = spo[s]
        preds = []
        for p, objs in po.items():
            verb = verbs.get(p)
            if verb is None:
                verb = verbs[p] = ((p != RDF.type, terms.sort_key(p)), "a" if p == RDF.type else _term(p))
            preds.append((verb, objs))
        if len(preds) > 1:
            preds.sort(key=_first)
        last = len(preds) - 1
        for i, ((_, verb), objs) in enumerate(preds):
            end = " .\n" if i == last else " ;\n"
            if len(objs) == 1:
                for o in objs:
                    add(f"    {verb} {obj(o)}{end}")
            else:
                texts = [obj(o) for o in sorted(objs, key=terms.sort_key)]
                add(f"    {verb} " + " ,\n        ".join(texts) + end)
    return lines


def _first(pair: tuple):
    return pair[0]


def _term(node: Node) -> str:
    if isinstance(node, URIRef):
        return _iri(str(node))
    if isinstance(node, Literal):
        return _literal(node)
    return terms.ntriples(node)


def _iri(value: str) -> str:
    if value.startswith(str(ID)) and _RELATIVE.fullmatch(value[len(ID):]):
        return terms.iri(value[len(ID):])
    best = max(((p, ns) for p, ns in PREFIXES if value.startswith(ns) and p != "id"),
               key=lambda pn: len(pn[1]), default=None)
    if best and _LOCAL.fullmatch(value[len(best[1]):]):
        return f"{best[0]}:{value[len(best[1]):]}"
    return terms.iri(value)


def _literal(lit: Literal) -> str:
    text, dt = str(lit), lit.datatype
    # Turtle's bare numbers and booleans read back as exactly these lexical forms and types
    if dt == XSD.integer and _INTEGER.fullmatch(text):
        return text
    if dt == XSD.decimal and _DECIMAL.fullmatch(text):
        return text
    if dt == XSD.boolean and text in ("true", "false"):
        return text
    return terms.literal(lit, _iri(str(dt)) if dt is not None else "")
