"""Turtle, written by hand because rdflib's serializer does not promise a stable order.

Subjects sorted by IRI, predicates sorted with rdf:type ('a') first, objects sorted; data
IRIs written relative to `@base` (the `id:` namespace) where that reads back unchanged.
"""
from __future__ import annotations

import re
from collections import defaultdict
from typing import BinaryIO

from rdflib import OWL, RDF, RDFS, Graph, Literal, URIRef
from rdflib.term import Node

from kg.export import terms
from kg.export.base import Exporter
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
        out.write(render(graph).encode("utf-8"))


def render(graph: Graph) -> str:
    """The whole graph as Turtle text."""
    lines = [f"@base <{ID}> ."]
    lines += [f"@prefix {p}: <{ns}> ." for p, ns in PREFIXES]
    by_subject: dict[Node, dict[Node, list[Node]]] = defaultdict(lambda: defaultdict(list))
    for s, p, o in graph:
        by_subject[s][p].append(o)
    for s in sorted(by_subject, key=terms.sort_key):
        lines.append("")
        lines.append(_term(s))
        preds = sorted(by_subject[s], key=lambda p: (p != RDF.type, terms.sort_key(p)))
        for i, p in enumerate(preds):
            objs = [_term(o) for o in sorted(by_subject[s][p], key=terms.sort_key)]
            end = " ." if i == len(preds) - 1 else " ;"
            verb = "a" if p == RDF.type else _term(p)
            lines.append(f"    {verb} " + " ,\n        ".join(objs) + end)
    return "\n".join(lines) + "\n"


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
