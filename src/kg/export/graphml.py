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

Where the C accelerator kg.export._graphml is built (kg.native), it reads the table and writes
the file in one call, and gives view()'s columns: the same bytes and view (tests compare the
two paths); the Python code below is the reference and runs where it is absent, switched off
or hands a table back (blank-node or literal nodes), the XML then still written by C.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import chain, compress, islice, repeat
from operator import itemgetter, not_
from typing import BinaryIO, Iterator

import networkx as nx
from rdflib import RDF, XSD, Graph

from kg.export.base import Exporter, as_table, write_text
from kg.map.vocab import ENTITY_CLASSES, EVENT, EVENT_CLASSES, FORMER, MEMBERSHIP, ORG, SCHEMA, SKOS
from kg.export.terms import _bad_indexes
from kg.native import native
from kg.triples import Blank, Lit, Table, Term, paused_gc

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
_NATIVE = "kg.export._graphml"


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
        with paused_gc():  # the view's tuples and lists hold no cycles
            table = as_table(graph)
            accel = native(_NATIVE)
            if accel is None:
                write_text(out, _render(*_columns_py(table)), chunk=1)
            elif not accel.write(out, table.spo, _NATIVE_CONSTS, _NATIVE_PIECES):
                _render_native(accel, out, *_columns_py(table))


def view(graph: Graph | Table) -> View:
    """Nodes sorted by id, edges sorted; read from the triple table (kg.triples)."""
    ids, labels, kinds, roles, edges = _columns(as_table(graph))
    result = View(edges=edges)
    for node, label, kind in zip(ids, labels, kinds):
        attrs = {"label": label, "type": kind}
        if node in roles:
            attrs["roles"] = roles[node]
        result.nodes[node] = attrs
    return result


_Columns = tuple[list[str], list[str], list[str], dict[str, str], list[tuple[str, str, str]]]


def _columns(table: Table) -> _Columns:
    """The view as columns: node ids (sorted), their labels and types, node -> roles text
    (only nodes that have roles), sorted edges (source, target, label). Computed by the C
    accelerator where it is built and takes the table, else by _columns_py."""
    accel = native(_NATIVE)
    found = None if accel is None else accel.columns(table.spo, _NATIVE_CONSTS)
    return _columns_py(table) if found is None else found


def _columns_py(table: Table) -> _Columns:
    """_columns in Python: the reference of the C code's columns()."""
    spo = table.spo
    subjects = list(spo)
    # each subject's rdf:type list, read in C; the choice of node class made once per
    # distinct list of types (a few dozen): the most specific class, kg:Event only when alone
    type_sigs = list(map(tuple, map(dict.get, spo.values(), repeat(_TYPE), repeat(()))))
    choice: dict[tuple, str | None] = {}
    membership: dict[tuple, bool] = {}
    for sig in set(type_sigs):
        choice[sig] = node_class(sig)
        membership[sig] = _MEMBERSHIP in sig
    types: dict[Term, str] = dict(filter(itemgetter(1), zip(subjects, map(choice.__getitem__, type_sigs))))
    memberships = list(compress(subjects, map(membership.__getitem__, type_sigs)))
    del subjects, type_sigs
    roles: dict[Term, set[str]] = {}
    # edges grouped by source: sorting each source's few edges and taking the sources in
    # node order is sorting all edges, without comparing long shared IRI prefixes 440k times
    by_source: dict[str, set[tuple[str, str, str]]] = {}
    for edge in _posts(spo, memberships, types, roles):
        found = by_source.get(edge[0])
        if found is None:
            by_source[edge[0]] = {edge}
        else:
            found.add(edge)
    # objects that are nodes: one C-level test per subject, then per predicate only where
    # the subject links to a node at all
    plain = all(type(s) is str for s in types)  # all IRIs: no str() of blank nodes to make
    isdisjoint = types.keys().isdisjoint
    locals_: dict[str, str] = {}
    linked = compress(types, map(not_, map(isdisjoint, map(chain.from_iterable, map(
        dict.values, map(spo.__getitem__, types))))))
    for s in linked:
        s_text = str(s)
        edges = by_source.get(s_text)
        if edges is None:
            edges = by_source[s_text] = set()
        for p, objs in spo[s].items():
            if p != _TYPE and not isdisjoint(objs):
                label = locals_.get(p)
                if label is None:
                    label = locals_[p] = _local(p)
                if plain:
                    edges.update(zip(repeat(s_text), filter(types.__contains__, objs), repeat(label)))
                else:
                    edges.update((s_text, str(o), label) for o in objs if type(o) is not Lit and o in types)
    ordered = sorted(types) if plain else sorted(types, key=str)
    kinds = {c: _local(c) for c in set(types.values())}
    names = map(dict.get, map(spo.__getitem__, ordered), repeat(_NAME), repeat(()))
    labels = list(map(node_label, ordered, names))
    ids = ordered if plain else list(map(str, ordered))
    return (ids, labels, list(map(kinds.__getitem__, map(types.__getitem__, ordered))),
            {str(node): "; ".join(sorted(found)) for node, found in roles.items()},
            _sorted_edges(ids, by_source, plain))


def _sorted_edges(ids: list[str], by_source: dict[str, set[tuple[str, str, str]]],
                  plain: bool) -> list[tuple[str, str, str]]:
    """All edges sorted: the sources in node order (`ids`, sorted; every source is a node),
    each one's edges sorted."""
    if not plain:  # a blank node's id may sort apart from its str()
        return sorted(chain.from_iterable(by_source.values()))
    return list(chain.from_iterable(map(sorted, map(by_source.__getitem__, filter(by_source.__contains__, ids)))))


def _min_lexical(values) -> str | None:
    lexicals = [v[0] for v in values if type(v) is Lit]
    return min(lexicals) if lexicals else None


def to_networkx(graph: Graph | Table) -> nx.MultiDiGraph:
    """The same view as a networkx graph, nodes and edges in sorted order."""
    v = view(graph)
    out = nx.MultiDiGraph()
    for node, attrs in v.nodes.items():
        out.add_node(node, **attrs)
    for i, (s, o, label) in enumerate(v.edges):
        out.add_edge(s, o, key=f"e{i}", label=label)
    return out


_HEAD = ("<?xml version='1.0' encoding='utf-8'?>\n"
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
_TAIL = "  </graph>\n</graphml>\n"


def render(v: View) -> Iterator[str]:
    """GraphML text, piece by piece."""
    ids = list(v.nodes)
    attrs = list(v.nodes.values())
    roles = {node: a["roles"] for node, a in zip(ids, attrs) if "roles" in a}
    return _render(ids, [a["label"] for a in attrs], [a["type"] for a in attrs], roles, v.edges)


def _render(ids: list[str], labels: list[str], kinds: list[str], roles: dict[str, str],
            edges: list[tuple[str, str, str]]) -> Iterator[str]:
    """The text, in pieces, from the view's columns: each distinct string escaped once, the
    constant XML around a node's type or an edge's label made once per type or label, and
    the nodes and edges put together by C-level joins over the columns."""
    yield _HEAD
    ids_xml = _escaped(ids)
    labels_xml = _escaped(labels)
    kind_mid = {kind: _kind_mid(kind) for kind in set(kinds)}
    kind_gfx = {kind: _kind_gfx(kind) for kind in set(kinds)}
    roles_xml = dict.fromkeys(ids, "")
    roles_xml.update((node, _roles_xml(text)) for node, text in roles.items())
    yield from _joined(zip(
        repeat('    <node id="'), ids_xml, repeat('">\n      <data key="label">'), labels_xml,
        map(kind_mid.__getitem__, kinds), map(roles_xml.__getitem__, ids), map(kind_gfx.__getitem__, kinds),
        labels_xml, repeat("</y:NodeLabel></y:ShapeNode></data>\n    </node>\n")))
    sources, targets, edge_labels = (list(map(itemgetter(i), edges)) for i in range(3))
    if ids_xml is not ids:  # every edge end is a node
        escape = dict(zip(ids, ids_xml))
        sources, targets = list(map(escape.get, sources, sources)), list(map(escape.get, targets, targets))
    # '" source="S" target="' once per source, the rest of the edge once per label
    heads = {source: f'" source="{source}" target="' for source in set(sources)}
    tails = {label: _edge_tail(label) for label in set(edge_labels)}
    yield from _joined(zip(
        repeat('    <edge id="e'), map(str, range(len(edges))), map(heads.__getitem__, sources), targets,
        map(tails.__getitem__, edge_labels)))
    yield _TAIL


# The XML made once per type, roles text or edge label, by _render and for the C code alike.
def _kind_mid(kind: str) -> str:
    """Between a node's label and its roles: the end of the label, the type."""
    return f'</data>\n      <data key="type">{_text(kind)}</data>\n'


def _kind_gfx(kind: str) -> str:
    """Before the yEd label: the shape, coloured by type."""
    return ('      <data key="nodegraphics"><y:ShapeNode><y:Fill color="'
            f'{_FILL.get(kind, _EVENT_FILL)}" /><y:NodeLabel>')


def _roles_xml(text: str) -> str:
    return f'      <data key="roles">{_text(text)}</data>\n'


def _edge_tail(label: str) -> str:
    """An edge after its target: the label, yEd's arrow and label, the end."""
    text = _text(label)
    return (f'">\n      <data key="edge_label">{text}</data>\n      <data key="edgegraphics">'
            '<y:PolyLineEdge><y:Arrows source="none" target="standard" />'
            f"<y:EdgeLabel>{text}</y:EdgeLabel></y:PolyLineEdge></data>\n    </edge>\n")


_HEAD_BYTES, _TAIL_BYTES = _HEAD.encode("utf-8"), _TAIL.encode("utf-8")


def _render_native(accel, out: BinaryIO, ids: list[str], labels: list[str], kinds: list[str],
                   roles: dict[str, str], edges: list[tuple[str, str, str]]) -> None:
    """_render's text for these columns written to `out` by the C code, in chunks of about 1 MB."""
    accel.render(out, ids, labels, kinds, roles, edges, _KIND_INDEX, _NATIVE_PIECES)


def _joined(rows: Iterator[tuple[str, ...]], size: int = 8192) -> Iterator[str]:
    """Each run of `size` rows as one string."""
    flat = chain.from_iterable(rows)
    while True:
        piece = "".join(islice(flat, size * 16))
        if not piece:
            return
        yield piece


def _escaped(values: list[str]) -> list[str]:
    """_text() of each value: one regex search over all of them, then only those found."""
    bad = _bad_indexes(values, _XML_SPECIAL)
    if not bad:
        return values
    values = list(values)
    for i in bad:
        values[i] = _text(values[i])
    return values


def _text(value: str) -> str:
    """Escaped for XML text and attribute values; characters XML forbids become U+FFFD."""
    if _XML_SPECIAL.search(value) is None:
        return value
    return _XML_BAD.sub("\ufffd", value).translate(_XML_ESCAPES)


def _posts(spo, memberships, types: dict, roles: dict[Term, set[str]]):
    """(person, org, role label) for each post with a known organization; others into `roles`."""
    titles: dict[Term, str] = {}

    def title_of(role: Term) -> str:
        title = titles.get(role)
        if title is None:
            title = titles[role] = _title(spo, role)
        return title

    for m in memberships:
        for person, orgs, title in membership_posts(spo.get(m, {}), types.__contains__, title_of):
            if not orgs:
                roles.setdefault(person, set()).add(title)
            for org in orgs:
                yield str(person), str(org), title


def node_class(types: tuple) -> str | None:
    """The class a node with these rdf:type objects is shown as: the most specific of the
    node classes, kg:Event only when alone; None for a subject that is no node."""
    found = sorted({c for c in types if type(c) is str and c in _NODE_CLASSES})
    return next((c for c in found if c != _EVENT), found[0]) if found else None


def node_label(node: Term, names) -> str:
    """A node's label from its schema:name objects: the one name, else the smallest, else its local name."""
    return (names[0][0] if len(names) == 1 and type(names[0]) is Lit else _min_lexical(names)) or _local(node)


def membership_posts(po: dict, is_node, title_of) -> Iterator[tuple[Term, list[Term], str]]:
    """(person, the organizations that are nodes, role label) for each role and person of one
    membership node's triples `po`; 'nguyên ' before the title of a former post."""
    former = any(type(v) is Lit and v[1] == _BOOLEAN and v[0].lower() in ("true", "1")
                 for v in po.get(_FORMER, ()))
    orgs = [o for o in po.get(_ORGANIZATION, ()) if is_node(o)]
    people = [p for p in po.get(_MEMBER, ()) if is_node(p)]
    for role in po.get(_ROLE, ()):
        title = title_of(role)
        title = "nguyên " + title if former else title
        for person in people:
            yield person, orgs, title


def _title(spo, role: Term) -> str:
    """A role's title: its smallest skos:prefLabel, else schema:name, else its local name."""
    return _first(spo, role, _PREF_LABEL) or _first(spo, role, _NAME) or _local(role)


def _first(spo, node: Term, prop: str) -> str | None:
    values = sorted(v[0] for v in spo.get(node, {}).get(prop, ()) if type(v) is Lit)
    return values[0] if values else None


def _local(node: Term) -> str:
    text = str(node)
    return text.rsplit("#", 1)[-1].rsplit("/", 1)[-1] or text


# What the C code reads the table and writes the file with. The node classes in sorted order
# (the Python code's choice of class compares them), each with its type and the XML around
# it; the pieces of a roles row and an edge's end around their escaped text, cut at _SLOT,
# a character _text leaves as it is: the same functions as _render's make them.
_CLASSES = sorted(_NODE_CLASSES)
_KINDS = tuple(map(_local, _CLASSES))
_NATIVE_CONSTS = (Lit, Blank, _TYPE, {c: i for i, c in enumerate(_CLASSES)}, _CLASSES.index(_EVENT),
                  _MEMBERSHIP, _FORMER, _BOOLEAN, _ORGANIZATION, _MEMBER, _ROLE, _NAME, _PREF_LABEL, _KINDS)
_SLOT = "\ue000"
_NATIVE_PIECES = (_HEAD_BYTES, _TAIL_BYTES,
                  tuple(_kind_mid(kind).encode("utf-8") for kind in _KINDS),
                  tuple(_kind_gfx(kind).encode("utf-8") for kind in _KINDS),
                  tuple(_roles_xml(_SLOT).encode("utf-8").split(_SLOT.encode("utf-8"))),
                  tuple(_edge_tail(_SLOT).encode("utf-8").split(_SLOT.encode("utf-8"))))
_KIND_INDEX = {kind: i for i, kind in enumerate(_KINDS)}
