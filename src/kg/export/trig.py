"""TriG: provenance as named graphs, one `GRAPH <article> { ... }` block per article (see
kg.export.namedgraphs), shared descriptions in the default graph first.

Within a block: subjects sorted, rdf:type ('a') first, then predicates and objects sorted;
data IRIs written relative to `@base` (the `id:` namespace) and vocabulary IRIs as prefixed
names where that plainly reads back unchanged, else in full.
"""
from __future__ import annotations

import re
from collections import defaultdict
from typing import BinaryIO, Iterable

from rdflib import RDF, Graph, Literal, URIRef
from rdflib.term import Node

from kg.export import terms
from kg.export.base import Exporter
from kg.export.namedgraphs import Triple, split
from kg.export.turtle import _RELATIVE, PREFIXES
from kg.map.vocab import ID

# Letters, digits, '_' and '-' only, never ending in '.': a PN_LOCAL that needs no escapes.
_LOCAL = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_-]*")


class TriGExporter(Exporter):
    name = "trig"
    suffix = ".trig"

    def write(self, graph: Graph, out: BinaryIO) -> None:
        parts = split(graph)
        lines = [f"@base <{ID}> ."] + [f"@prefix {p}: <{ns}> ." for p, ns in PREFIXES]
        for name in sorted(parts, key=lambda n: (n is not None, str(n or ""))):
            lines.append("")
            lines.append("{" if name is None else f"GRAPH {_term(name)} {{")
            lines += _block(parts[name])
            lines.append("}")
        out.write(("\n".join(lines) + "\n").encode("utf-8"))


def _block(triples: Iterable[Triple]) -> list[str]:
    by_subject: dict[Node, dict[Node, list[Node]]] = defaultdict(lambda: defaultdict(list))
    for s, p, o in triples:
        by_subject[s][p].append(o)
    lines: list[str] = []
    for i, s in enumerate(sorted(by_subject, key=terms.sort_key)):
        lines += ([""] if i else []) + [f"    {_term(s)}"]
        preds = sorted(by_subject[s], key=lambda p: (p != RDF.type, terms.sort_key(p)))
        for i, p in enumerate(preds):
            objs = [_term(o) for o in sorted(by_subject[s][p], key=terms.sort_key)]
            verb = "a" if p == RDF.type else _term(p)
            end = " ." if i == len(preds) - 1 else " ;"
            lines.append(f"        {verb} " + " ,\n            ".join(objs) + end)
    return lines


def _term(node: Node) -> str:
    if isinstance(node, URIRef):
        return _iri(str(node))
    if isinstance(node, Literal):
        return terms.literal(node, _iri(str(node.datatype)) if node.datatype is not None else "")
    return terms.ntriples(node)


def _iri(value: str) -> str:
    if value.startswith(str(ID)) and _RELATIVE.fullmatch(value[len(ID):]):
        return terms.iri(value[len(ID):])
    for prefix, ns in PREFIXES:
        local = value[len(ns):]
        if value.startswith(ns) and prefix != "id" and _LOCAL.fullmatch(local):
            return f"{prefix}:{local}"
    return terms.iri(value)
