"""JSON-LD: compact, readable keys (`name`, `member`, `subOrganizationOf`...) from kg's context.

The context is package data (kg/resources/context.jsonld) and is embedded whole in every
file, so the file parses offline, with no remote context to fetch. Properties the context
names are written by their term; others as compact IRIs (`kg:foo`) or full IRIs. Node
objects in `@graph` are sorted by `@id`, keys and values sorted: same graph, same bytes.
"""
from __future__ import annotations

import json
import re
from collections import defaultdict
from functools import lru_cache
from pathlib import Path
from typing import BinaryIO

from rdflib import RDF, BNode, Graph, Literal
from rdflib.term import Node

from kg.export import terms
from kg.export.base import Exporter
from kg.map.vocab import XSD

CONTEXT_PATH = Path(__file__).resolve().parents[1] / "resources" / "context.jsonld"
_INTEGER = re.compile(r"-?(0|[1-9][0-9]*)")


@lru_cache(maxsize=1)
def context() -> dict:
    """The context object (the value of `@context`), loaded once."""
    return json.loads(CONTEXT_PATH.read_text(encoding="utf-8"))["@context"]


@lru_cache(maxsize=1)
def _vocabulary() -> tuple[dict[str, str], dict[str, tuple[str, bool]]]:
    """(prefix -> namespace, property IRI -> (term, values coerced to IRIs))."""
    ctx = context()
    prefixes = {k: v for k, v in ctx.items() if isinstance(v, str) and ":" not in k and "://" in v}
    props: dict[str, tuple[str, bool]] = {}
    for key, value in ctx.items():
        iri = value["@id"] if isinstance(value, dict) else value
        if key in prefixes:
            continue
        props[_expand(iri, prefixes)] = (key, isinstance(value, dict) and value.get("@type") == "@id")
    return prefixes, props


def _expand(curie: str, prefixes: dict[str, str]) -> str:
    prefix, _, local = curie.partition(":")
    return prefixes[prefix] + local if prefix in prefixes else curie


class JsonLdExporter(Exporter):
    name = "jsonld"
    suffix = ".jsonld"

    def write(self, graph: Graph, out: BinaryIO) -> None:
        doc = {"@context": context(), "@graph": nodes(graph)}
        out.write((json.dumps(doc, ensure_ascii=False, indent=1) + "\n").encode("utf-8"))


def nodes(graph: Graph) -> list[dict]:
    """The graph as sorted, compacted JSON-LD node objects."""
    by_subject: dict[Node, dict[Node, list[Node]]] = defaultdict(lambda: defaultdict(list))
    for s, p, o in graph:
        by_subject[s][p].append(o)
    out = []
    for s in sorted(by_subject, key=terms.sort_key):
        node: dict = {"@id": _compact(s)}
        props = by_subject[s]
        if RDF.type in props:
            node["@type"] = _one_or_list([_compact(t) for t in sorted(props[RDF.type], key=terms.sort_key)])
        entries = []
        for p, objs in props.items():
            if p == RDF.type:
                continue
            key, coerced = _vocabulary()[1].get(str(p)) or (_compact(p), False)
            entries.append((key, _one_or_list([_value(o, coerced) for o in sorted(objs, key=terms.sort_key)])))
        node.update(sorted(entries, key=lambda kv: kv[0]))
        out.append(node)
    return out


def _one_or_list(values: list):
    return values[0] if len(values) == 1 else values


def _compact(node: Node) -> str:
    if isinstance(node, BNode):
        return terms.bnode(node)
    value = str(node)
    prefixes = _vocabulary()[0]
    best = max((p for p, ns in prefixes.items() if value.startswith(ns)), key=lambda p: len(prefixes[p]), default=None)
    if best is not None:
        local = value[len(prefixes[best]):]
        if local and not local.startswith("//"):
            return f"{best}:{local}"
    return value


def _value(node: Node, coerced: bool):
    if isinstance(node, Literal):
        return _literal(node, coerced)
    return _compact(node) if coerced else {"@id": _compact(node)}


def _literal(lit: Literal, coerced: bool):
    text, dt = str(lit), lit.datatype
    if lit.language:
        return {"@value": text, "@language": lit.language}
    if dt is None:
        return {"@value": text} if coerced else text
    if dt == XSD.boolean and text in ("true", "false"):
        return text == "true"
    if dt == XSD.integer and _INTEGER.fullmatch(text):
        return int(text)
    return {"@value": text, "@type": _compact(dt)}
