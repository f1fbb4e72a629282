"""GraphML for Gephi, Cytoscape, yEd and networkx: entities and events as nodes.

Nodes: every person, organization, place, legal document and event, with `label` (its
schema:name) and `type` (its class's local name); a person holding a role without a known
organization gets `roles`. Edges: a post becomes person -> organization labelled by the role
('nguyên ' in front when former); any other triple between two nodes becomes an edge
labelled by the property's local name (subOrganizationOf, participant, location...).
Articles, sentences and provenance are left out: they are the RDF export's business.
"""
from __future__ import annotations

from typing import BinaryIO

import networkx as nx
from rdflib import RDF, Graph, Literal, URIRef
from rdflib.term import Node

from kg.export.base import Exporter
from kg.map.vocab import ENTITY_CLASSES, EVENT, EVENT_CLASSES, FORMER, MEMBERSHIP, ORG, SCHEMA, SKOS

_NODE_CLASSES = set(ENTITY_CLASSES.values()) | set(EVENT_CLASSES) | {EVENT}


class GraphMLExporter(Exporter):
    name = "graphml"
    suffix = ".graphml"

    def write(self, graph: Graph, out: BinaryIO) -> None:
        nx.write_graphml_xml(to_networkx(graph), out, named_key_ids=False)


def to_networkx(graph: Graph) -> nx.MultiDiGraph:
    """The entity-and-event view of a kg graph, nodes and edges in sorted order."""
    types: dict[Node, Node] = {}
    # a node may carry kg:Event beside kg:Trial: keep the most specific class, whatever the order
    for s, o in sorted(graph.subject_objects(RDF.type)):
        if o in _NODE_CLASSES and (s not in types or types[s] == EVENT):
            types[s] = o
    roles: dict[Node, set[str]] = {}
    edges = set(_posts(graph, types, roles))
    edges |= {(str(s), str(o), _local(p)) for s, p, o in graph
              if s in types and o in types and p != RDF.type}
    out = nx.MultiDiGraph()
    for node in sorted(types, key=str):
        attrs = {"label": _first(graph, node, SCHEMA.name) or _local(node), "type": _local(types[node])}
        if node in roles:
            attrs["roles"] = "; ".join(sorted(roles[node]))
        out.add_node(str(node), **attrs)
    for i, (s, o, label) in enumerate(sorted(edges)):
        out.add_edge(s, o, key=f"e{i}", label=label)
    return out


def _posts(graph: Graph, types: dict, roles: dict[Node, set[str]]):
    """(person, org, role label) for each post with a known organization; others into `roles`."""
    for m in graph.subjects(RDF.type, MEMBERSHIP):
        former = any(isinstance(v, Literal) and v.toPython() is True for v in graph.objects(m, FORMER))
        orgs = [o for o in graph.objects(m, ORG.organization) if o in types]
        people = [p for p in graph.objects(m, ORG.member) if p in types]
        for role in graph.objects(m, ORG.role):
            title = _first(graph, role, SKOS.prefLabel) or _first(graph, role, SCHEMA.name) or _local(role)
            title = "nguyên " + title if former else title
            for person in people:
                if not orgs:
                    roles.setdefault(person, set()).add(title)
                for org in orgs:
                    yield str(person), str(org), title


def _first(graph: Graph, node: Node, prop: URIRef) -> str | None:
    values = sorted(str(v) for v in graph.objects(node, prop) if isinstance(v, Literal))
    return values[0] if values else None


def _local(node: Node) -> str:
    text = str(node)
    return text.rsplit("#", 1)[-1].rsplit("/", 1)[-1] or text
