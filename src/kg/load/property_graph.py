"""The RDF graph as a property graph: labelled nodes with properties, typed relationships.

Derived from the RDF generically:
- a node is every subject typed with a kg: class; its label is the class's topmost kg:
  ancestor in the ontology (kg:Meeting -> Event), `type` keeps the most specific class and
  `iri` the node's IRI;
- each literal-valued property becomes a node property named by the predicate's local name
  (schema:alternateName -> `aliases`, always a list); a property with several values on some
  node is a list; integers, decimals and booleans keep their type, dates stay ISO strings
  (they mix xsd:date, xsd:gYearMonth and xsd:gYear);
- each IRI-valued property between two nodes becomes a relationship named by the predicate's
  local name in UPPER_SNAKE case (org:subOrganizationOf -> SUB_ORGANIZATION_OF), prefixed HAS_
  where that would clash with a label (org:organization -> HAS_ORGANIZATION); a triple that an
  rdf:Statement reifies carries that statement's `rule` and source sentence IRIs (`sources`);
- one shortcut of the W3C ORG post pattern: (Person)-[:MEMBER_OF {role, former, post}]->(Organization)
  for each org:Membership that names its organization.
rdf:Statement nodes themselves are not nodes: their provenance is on the relationships."""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field

from rdflib import RDF, RDFS, Graph, Literal, Namespace, URIRef
from rdflib.namespace import XSD

from kg.validate import load_graph, ontology_path

KG = Namespace("https://w3id.org/kg-vn/ontology#")
ORG = Namespace("http://www.w3.org/ns/org#")
PROV = Namespace("http://www.w3.org/ns/prov#")
SCHEMA = Namespace("https://schema.org/")
SKOS = Namespace("http://www.w3.org/2004/02/skos/core#")
RENAMED = {"alternateName": "aliases"}  # properties people look for under another name
ALWAYS_LIST = {"aliases"}
_INT = {XSD.integer, XSD.int, XSD.long, XSD.nonNegativeInteger, XSD.positiveInteger}
_FLOAT = {XSD.decimal, XSD.double, XSD.float}


@dataclass
class NodeTable:
    """One label: its columns (name -> STRING, INT64, DOUBLE, BOOLEAN or STRING[]) and rows."""

    name: str
    columns: dict[str, str] = field(default_factory=dict)
    rows: list[dict[str, object]] = field(default_factory=list)


@dataclass
class RelTable:
    """One relationship type: its property columns and its edges (from label, to label, from
    IRI, to IRI, properties)."""

    name: str
    columns: dict[str, str] = field(default_factory=dict)
    edges: list[tuple[str, str, str, str, dict[str, object]]] = field(default_factory=list)


@dataclass
class PropertyGraph:
    nodes: dict[str, NodeTable]
    rels: dict[str, RelTable]


def local_name(iri: str) -> str:
    return re.split(r"[#/]", iri)[-1]


def to_property_graph(graph: Graph, ontology: Graph | None = None) -> PropertyGraph:
    """Map an RDF graph (kg's model) to labelled nodes and typed relationships."""
    ontology = ontology if ontology is not None else load_graph(ontology_path())
    label_of = _labels(graph, ontology)
    tables: dict[str, NodeTable] = {}
    values: dict[str, list[tuple[URIRef, dict[str, list[Literal]]]]] = defaultdict(list)
    for node, (label, kind) in sorted(label_of.items()):
        props: dict[str, list[Literal]] = defaultdict(list)
        for p, o in graph.predicate_objects(node):
            if isinstance(o, Literal):
                name = local_name(str(p))
                props[RENAMED.get(name, name)].append(o)
        values[label].append((node, props))
        tables.setdefault(label, NodeTable(label))
        tables[label].rows.append({"iri": str(node), "type": kind})
    for label, entries in values.items():
        table = tables[label]
        table.columns = {"iri": "STRING", "type": "STRING"}
        cols = sorted({c for _, props in entries for c in props})
        for col in cols:
            table.columns[col] = _column_type(col, [props.get(col, []) for _, props in entries])
        for row, (_, props) in zip(table.rows, entries):
            for col in cols:
                row[col] = _cell(table.columns[col], props.get(col, []))
    return PropertyGraph(tables, _relationships(graph, label_of, set(tables)))


def _labels(graph: Graph, ontology: Graph) -> dict[URIRef, tuple[str, str]]:
    """Each kg-typed node's (label, most specific type)."""
    def root(cls: URIRef, seen: frozenset = frozenset()) -> URIRef:
        ups = sorted(u for u in ontology.objects(cls, RDFS.subClassOf) if str(u).startswith(str(KG)) and u not in seen)
        return root(ups[0], seen | {cls}) if ups else cls

    out = {}
    for node in set(graph.subjects(RDF.type, None)):
        kinds = sorted(t for t in graph.objects(node, RDF.type) if str(t).startswith(str(KG)))
        if not kinds or not isinstance(node, URIRef):
            continue
        roots = sorted({root(k) for k in kinds})
        specific = [k for k in kinds if k not in roots] or roots
        out[node] = (local_name(str(roots[0])), local_name(str(specific[0])))
    return out


def _column_type(col: str, cells: list[list[Literal]]) -> str:
    if col in ALWAYS_LIST or any(len(c) > 1 for c in cells):
        return "STRING[]"
    types = {v.datatype for c in cells for v in c}
    if types <= _INT:
        return "INT64"
    if types <= _INT | _FLOAT:
        return "DOUBLE"
    if types == {XSD.boolean}:
        return "BOOLEAN"
    return "STRING"


def _cell(kind: str, vals: list[Literal]) -> object:
    if kind == "STRING[]":
        return sorted(str(v) for v in vals)
    if not vals:
        return None
    v = vals[0]
    if kind == "INT64":
        return int(v)
    if kind == "DOUBLE":
        return float(v)
    if kind == "BOOLEAN":
        return bool(v.toPython())
    return str(v)


def rel_name(predicate: str, labels: set[str]) -> str:
    """org:subOrganizationOf -> SUB_ORGANIZATION_OF; HAS_ before a name a label already has
    (labels and relationship types share one case-insensitive namespace in the database)."""
    name = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", local_name(predicate)).upper()
    return "HAS_" + name if name in {lb.upper() for lb in labels} else name


def _relationships(graph: Graph, label_of: dict[URIRef, tuple[str, str]], labels: set[str]) -> dict[str, RelTable]:
    prov: dict[tuple, tuple[list[str], list[str]]] = defaultdict(lambda: ([], []))
    for st in graph.subjects(RDF.type, RDF.Statement):
        key = (graph.value(st, RDF.subject), graph.value(st, RDF.predicate), graph.value(st, RDF.object))
        prov[key][0].extend(str(r) for r in graph.objects(st, KG.rule))
        prov[key][1].extend(str(s) for s in graph.objects(st, PROV.wasDerivedFrom))
    rels: dict[str, RelTable] = {}
    for s, p, o in sorted(graph):
        if p == RDF.type or s not in label_of or o not in label_of:
            continue
        name = rel_name(str(p), labels)
        table = rels.setdefault(name, RelTable(name, {"rule": "STRING", "sources": "STRING[]"}))
        rules, sources = prov.get((s, p, o), ([], []))
        table.edges.append((label_of[s][0], label_of[o][0], str(s), str(o),
                            {"rule": ",".join(sorted(set(rules))) or None, "sources": sorted(set(sources))}))
    member_of = RelTable("MEMBER_OF", {"role": "STRING", "former": "BOOLEAN", "post": "STRING"})
    for m in sorted(graph.subjects(ORG.member, None)):
        person, org = graph.value(m, ORG.member), graph.value(m, ORG.organization)
        if person in label_of and org in label_of:
            role = graph.value(m, ORG.role)
            name = graph.value(role, SKOS.prefLabel) or graph.value(role, SCHEMA.name) if role else None
            former = graph.value(m, KG.former)
            member_of.edges.append((label_of[person][0], label_of[org][0], str(person), str(org),
                                    {"role": None if name is None else str(name),
                                     "former": None if former is None else bool(former.toPython()),
                                     "post": str(m)}))
    if member_of.edges:
        rels["MEMBER_OF"] = member_of
    return rels
