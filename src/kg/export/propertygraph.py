"""RDF to a property graph (nodes with labels and properties, typed relationships): the one
mapping the Neo4j CSV and Cypher exporters share.

- Node: every resource with an rdf:type, except rdf:Statement. Its id is its IRI; its labels
  are the local names of its types (`Meeting`, `Event`, `Person`...) plus `Resource`, the
  most specific class first (a class none of its other types is a subclass of, by the
  ontology, kg's own before the standard ones).
- Property: a literal value, keyed by the predicate's local name (`name`, `startDate`); a
  list where any node has several values (and always for `alternateName`). Typed `long`,
  `double`, `boolean` or `date` when every value of that key is one, else `string`
  (`startDate` mixes dates and years, so it is a string where it does).
- Relationship: a triple between two nodes, typed by the predicate's local name as GraphML
  labels its edges (`subOrganizationOf`, `participant`, `member`, `wasDerivedFrom`). A post
  stays a `Membership` node (member, role, organization, its source sentence): it is
  n-ary, which a relationship cannot be. Sentences stay nodes, so provenance stays queryable.
- Reified statements (rdf:Statement) are folded into the relationship they describe, as the
  properties `rule` and `wasDerivedFrom` (the source sentences' IRIs); those about a literal
  (a founding date, an identifier) are dropped here: the RDF exports keep them.

Two predicates with the same local name both get `prefix_local` keys (`kg_mentions`,
`schema_mentions`); labels, keys and types keep only letters, digits, '_' and '-'.
"""
from __future__ import annotations

import hashlib
import math
import re
from collections import defaultdict
from dataclasses import dataclass, field

from rdflib import RDF, BNode, Graph, Literal
from rdflib.term import Node

from kg.export import terms
from kg.map.vocab import KG, ORG, PROV, RDFS, SCHEMA, SKOS, XSD, ID, ontology

RESOURCE = "Resource"  # the label every node carries: one index, one MERGE key (`iri`)
_PREFIXES = {str(KG): "kg", str(SCHEMA): "schema", str(ORG): "org", str(PROV): "prov",
             str(SKOS): "skos", str(RDF): "rdf", str(RDFS): "rdfs", str(XSD): "xsd", str(ID): "id"}
_ALWAYS_LIST = {SCHEMA.alternateName, PROV.wasDerivedFrom}
_RESERVED = {"iri"}
_UNSAFE = re.compile(r"[^\w-]")
_PATTERNS = {"long": re.compile(r"[+-]?[0-9]+"), "double": re.compile(r"[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?"),
             "boolean": re.compile(r"true|false"), "date": re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")}
_KINDS = {XSD.integer: "long", XSD.int: "long", XSD.long: "long", XSD.decimal: "double",
          XSD.double: "double", XSD.float: "double", XSD.boolean: "boolean", XSD.date: "date"}


@dataclass(frozen=True)
class PropType:
    kind: str  # 'string', 'long', 'double', 'boolean' or 'date'
    is_list: bool


@dataclass
class PgNode:
    id: str
    labels: list[str]  # most specific first, `Resource` last
    props: dict[str, list[str]]  # key -> lexical values, sorted


@dataclass
class PgRel:
    start: str
    end: str
    type: str
    props: dict[str, list[str]] = field(default_factory=dict)


@dataclass
class PropertyGraph:
    nodes: list[PgNode]  # sorted by id
    rels: list[PgRel]  # sorted by type, start, end
    node_types: dict[str, PropType]  # node property key -> type
    rel_types: dict[str, PropType]


def to_property_graph(graph: Graph) -> PropertyGraph:
    """The property-graph view of a kg graph, sorted, same graph same result."""
    types: dict[Node, list[Node]] = defaultdict(list)
    for s, t in graph.subject_objects(RDF.type):
        types[s].append(t)
    statements = {s for s, ts in types.items() if RDF.Statement in ts}
    is_node = {s for s in types if s not in statements}
    literal_preds = {p for s, p, o in graph if s in is_node and p != RDF.type and o not in is_node}
    rel_preds = {p for s, p, o in graph if s in is_node and o in is_node and p != RDF.type}
    stmt_preds = {p for st in statements for p, _ in graph.predicate_objects(st)
                  if p not in (RDF.type, RDF.subject, RDF.predicate, RDF.object)}
    prop_key = _keys(literal_preds | stmt_preds)
    rel_key = _keys(rel_preds)

    nodes: list[PgNode] = []
    node_values: dict[str, list[list[Node]]] = defaultdict(list)
    for s in sorted(is_node, key=terms.sort_key):
        by_pred: dict[Node, list[Node]] = defaultdict(list)
        for p, o in graph.predicate_objects(s):
            if p != RDF.type and o not in is_node:
                by_pred[p].append(o)
        props = _collect(by_pred, prop_key, node_values)
        nodes.append(PgNode(_id(s), _labels(types[s]), props))

    rels: dict[tuple[str, str, str], PgRel] = {}
    for s, p, o in graph:
        if s in is_node and o in is_node and p != RDF.type:
            rel = PgRel(_id(s), _id(o), rel_key[p])
            rels[(rel.type, rel.start, rel.end)] = rel
    rel_values = _fold_statements(graph, statements, stmt_preds, is_node, rels, rel_key, prop_key)
    return PropertyGraph(nodes, [rels[k] for k in sorted(rels)],
                         _types(node_values), _types(rel_values))


def _fold_statements(graph: Graph, statements: set[Node], stmt_preds: set[Node], is_node: set[Node],
                     rels: dict[tuple[str, str, str], PgRel], rel_key: dict[Node, str],
                     prop_key: dict[Node, str]) -> dict[str, list[list[Node]]]:
    """Put each rdf:Statement's own properties (rule, sources) on the relationship it
    reifies; returns the raw values seen per key, for typing."""
    seen: dict[str, list[list[Node]]] = defaultdict(list)
    for st in sorted(statements, key=terms.sort_key):
        s, p, o = (graph.value(st, q) for q in (RDF.subject, RDF.predicate, RDF.object))
        if s not in is_node or o not in is_node or p not in rel_key:
            continue  # about a literal, or about nothing this graph holds: left to the RDF formats
        rel = rels.get((rel_key[p], _id(s), _id(o)))
        if rel is None:
            continue
        by_pred: dict[Node, list[Node]] = defaultdict(list)
        for q, v in graph.predicate_objects(st):
            if q in stmt_preds:
                by_pred[q].append(v)
        for key, values in _collect(by_pred, prop_key, seen).items():
            rel.props[key] = sorted(set(rel.props.get(key, [])) | set(values))
    return seen


def _collect(by_pred: dict[Node, list[Node]], key_of: dict[Node, str],
             seen: dict[str, list[list[Node]]]) -> dict[str, list[str]]:
    """key -> sorted lexical values; records the raw values under `seen` for typing."""
    props = {}
    for p in sorted(by_pred, key=lambda p: key_of[p]):
        values = sorted(by_pred[p], key=terms.sort_key)
        seen[key_of[p]].append(values + ([None] if p in _ALWAYS_LIST else []))
        props[key_of[p]] = [str(v) for v in values]
    return props


def _types(seen: dict[str, list[list[Node]]]) -> dict[str, PropType]:
    out = {}
    for key in sorted(seen):
        groups = seen[key]
        is_list = any(len(g) > 1 for g in groups)
        kinds = {_kind(v) for g in groups for v in g if v is not None}
        out[key] = PropType(kinds.pop() if len(kinds) == 1 else "string", is_list)
    return out


def _kind(value: Node) -> str:
    if isinstance(value, Literal) and value.datatype in _KINDS and not value.language:
        kind = _KINDS[value.datatype]
        if _PATTERNS[kind].fullmatch(str(value)) and (kind != "double" or math.isfinite(float(str(value)))):
            return kind
    return "string"


def _labels(classes: list[Node]) -> list[str]:
    onto = ontology()
    supers = {c: set(onto.transitive_objects(c, RDFS.subClassOf)) - {c} for c in classes}
    specific = [c for c in classes if not any(c in supers[d] for d in classes if d != c)]
    first = min(specific or classes, key=lambda c: (not str(c).startswith(str(KG)), str(c)))
    names = [_safe(_local(first))]
    names += sorted({_safe(_local(c)) for c in classes} - set(names))
    return names + ([RESOURCE] if RESOURCE not in names else [])


def _keys(preds: set[Node]) -> dict[Node, str]:
    """Predicate -> key: its local name, or prefix_local where two share a local name."""
    by_local: dict[str, list[Node]] = defaultdict(list)
    for p in preds:
        by_local[_safe(_local(p))].append(p)
    keys = {}
    for local, ps in by_local.items():
        for p in ps:
            keys[p] = local if len(ps) == 1 and local not in _RESERVED else _safe(f"{_prefix(p)}_{_local(p)}")
    return keys


def _id(node: Node) -> str:
    return terms.bnode(node) if isinstance(node, BNode) else str(node)


def _local(node: Node) -> str:
    text = str(node)
    return text.rsplit("#", 1)[-1].rsplit("/", 1)[-1] or text


def _prefix(node: Node) -> str:
    text = str(node)
    ns = text[: len(text) - len(_local(node))]
    # an unknown namespace gets a short digest of itself, so two never share a prefix
    return _PREFIXES.get(ns) or "ns" + hashlib.sha1(ns.encode("utf-8")).hexdigest()[:6]


def _safe(name: str) -> str:
    return _UNSAFE.sub("_", name) or "_"
