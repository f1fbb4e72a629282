"""GraphML for Gephi, Cytoscape, yEd and networkx: entities and events as nodes.

Nodes: every person, organization, place, legal document and event, with `label` (its
schema:name) and `type` (its class's local name); a person holding a role without a known
organization gets `roles`. Edges: a post becomes person -> organization labelled by the role
('nguyên ' in front when former); any other triple between two nodes becomes an edge
labelled by the property's local name (subOrganizationOf, participant, location...).
Articles, sentences and provenance are left out: they are the RDF export's business.

`label`, `type` and `roles` are plain GraphML keys (attr.name/attr.type), which Gephi,
Cytoscape and networkx read as attributes. yEd shows only its own graphics data, so each
node also carries a `yfiles.type="nodegraphics"` y:ShapeNode with a y:NodeLabel, and each
edge a `yfiles.type="edgegraphics"` y:PolyLineEdge with a y:EdgeLabel (networkx reads
those back as the same `label`). The XML is written directly, not through networkx and
ElementTree, which spend most of the time building element trees.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import BinaryIO, Iterator

import networkx as nx
from rdflib import RDF, XSD, Graph

from kg.export.base import Exporter, as_table, write_text
from kg.map.vocab import ENTITY_CLASSES, EVENT, EVENT_CLASSES, FORMER, MEMBERSHIP, ORG, SCHEMA, SKOS
from kg.triples import Lit, Table, Term

_NODE_CLASSES = {str(c) for c in (*ENTITY_CLASSES.values(), *EVENT_CLASSES, EVENT)}
_EVENT, _MEMBERSHIP, _FORMER, _TYPE = str(EVENT), str(MEMBERSHIP), str(FORMER), str(RDF.type)
_MEMBER, _ORGANIZATION, _ROLE = str(ORG.member), str(ORG.organization), str(ORG.role)
_NAME, _PREF_LABEL, _BOOLEAN = str(SCHEMA.name), str(SKOS.prefLabel), str(XSD.boolean)
Y = "http://www.yworks.com/xml/graphml"
# characters XML 1.0 does not allow at all; replaced so the file always parses
_XML_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_XML_SPECIAL = re.compile('[&<>"\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]')
_XML_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"})
# Shape colours by kind, so that yEd shows people, organizations... apart at a glance.
_FILL = {"Person": "#FFCC99", "Organization": "#99CCFF", "Place": "#CCFF99", "LegalDocument": "#FFFF99"}
_EVENT_FILL = "#E0E0E0"


@dataclass
class View:
    """The entity-and-event view of a kg graph: nodes with attributes, labelled edges."""

    nodes: dict[str, dict[str, str]] = field(default_factory=dict)  # id -> label, type, roles?
    edges: list[tuple[str, str, str]] = field(default_factory=list)  # sorted (source, target, label)


class GraphMLExporter(Exporter):
    name = "graphml"
    suffix = ".graphml"
    reads_table = True

    def write(self, graph: Graph | Table, out: BinaryIO) -> None:
        write_text(out, render(view(graph)))


def view(graph: Graph | Table) -> View:
    """Nodes sorted by id, edges sorted; read from the triple table (kg.triples)."""
    table = as_table(graph)
    spo = table.spo
    classes: dict[Term, list[str]] = {}
    instances = table.instances(_TYPE)
    for cls in sorted((c for c in instances if c in _NODE_CLASSES), key=str):
        for s in instances[cls]:
            classes.setdefault(s, []).append(cls)
    # a node may carry kg:Event beside kg:Trial: keep the most specific class
    types = {s: next((c for c in found if c != _EVENT), found[0]) for s, found in classes.items()}
    roles: dict[Term, set[str]] = {}
    edges = set(_posts(spo, instances.get(_MEMBERSHIP, ()), types, roles))
    for s in types:
        s_text = str(s)
        for p, objs in spo[s].items():
            if p != _TYPE:
                hits = [o for o in objs if type(o) is not Lit and o in types]
                if hits:
                    label = _local(p)
                    edges.update((s_text, str(o), label) for o in hits)
    result = View()
    for node in sorted(types, key=str):
        attrs = {"label": _first(spo, node, _NAME) or _local(node), "type": _local(types[node])}
        if node in roles:
            attrs["roles"] = "; ".join(sorted(roles[node]))
        result.nodes[str(node)] = attrs
    result.edges = sorted(edges)
    return result


def to_networkx(graph: Graph | Table) -> nx.MultiDiGraph:
    """The same view as a networkx graph, nodes and edges in sorted order."""
    v = view(graph)
    out = nx.MultiDiGraph()
    for node, attrs in v.nodes.items():
        out.add_node(node, **attrs)
    for i, (s, o, label) in enumerate(v.edges):
        out.add_edge(s, o, key=f"e{i}", label=label)
    return out


def render(v: View) -> Iterator[str]:
    """GraphML text, piece by piece."""
    yield ("<?xml version='1.0' encoding='utf-8'?>\n"
           '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" '
           'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
           f'xmlns:y="{Y}" '
           'xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns '
           'http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">\n'
           '  <key id="label" for="node" attr.name="label" attr.type="string" />\n'
           '  <key id="type" for="node" attr.name="type" attr.type="string" />\n'
           '  <key id="roles" for="node" attr.name="roles" attr.type="string" />\n'
           '  <key id="nodegraphics" for="node" yfiles.type="nodegraphics" />\n'
           '  <key id="edge_label" for="edge" attr.name="label" attr.type="string" />\n'
           '  <key id="edgegraphics" for="edge" yfiles.type="edgegraphics" />\n'
           '  <graph edgedefault="directed">\n')
    for node, attrs in v.nodes.items():
        label = _text(attrs["label"])
        kind = attrs["type"]
        fill = _FILL.get(kind, _EVENT_FILL)
        roles = f'      <data key="roles">{_text(attrs["roles"])}</data>\n' if "roles" in attrs else ""
        yield (f'    <node id="{_text(node)}">\n'
               f'      <data key="label">{label}</data>\n'
               f'      <data key="type">{_text(kind)}</data>\n'
               f"{roles}"
               f'      <data key="nodegraphics"><y:ShapeNode><y:Fill color="{fill}" />'
               f'<y:NodeLabel>{label}</y:NodeLabel></y:ShapeNode></data>\n'
               "    </node>\n")
    for i, (s, o, label) in enumerate(v.edges):
        label = _text(label)
        yield (f'    <edge id="e{i}" source="{_text(s)}" target="{_text(o)}">\n'
               f'      <data key="edge_label">{label}</data>\n'
               f'      <data key="edgegraphics"><y:PolyLineEdge><y:Arrows source="none" target="standard" />'
               f"<y:EdgeLabel>{label}</y:EdgeLabel></y:PolyLineEdge></data>\n"
               "    </edge>\n")
    yield "  </graph>\n</graphml>\n"


def _text(value: str) -> str:
    """Escaped for XML text and attribute values; characters XML forbids become U+FFFD."""
    if _XML_SPECIAL.search(value) is None:
        return value
    return _XML_BAD.sub("\ufffd", value).translate(_XML_ESCAPES)


def _posts(spo, memberships, types: dict, roles: dict[Term, set[str]]):
    """(person, org, role label) for each post with a known organization; others into `roles`."""
    for m in memberships:
        po = spo.get(m, {})
        former = any(type(v) is Lit and v[1] == _BOOLEAN and v[0].lower() in ("true", "1")
                     for v in po.get(_FORMER, ()))
        orgs = [o for o in po.get(_ORGANIZATION, ()) if o in types]
        people = [p for p in po.get(_MEMBER, ()) if p in types]
        for role in po.get(_ROLE, ()):
            title = _first(spo, role, _PREF_LABEL) or _first(spo, role, _NAME) or _local(role)
            title = "nguyên " + title if former else title
            for person in people:
                if not orgs:
                    roles.setdefault(person, set()).add(title)
                for org in orgs:
                    yield str(person), str(org), title


def _first(spo, node: Term, prop: str) -> str | None:
    values = sorted(v[0] for v in spo.get(node, {}).get(prop, ()) if type(v) is Lit)
    return values[0] if values else None


def _local(node: Term) -> str:
    text = str(node)
    return text.rsplit("#", 1)[-1].rsplit("/", 1)[-1] or text
