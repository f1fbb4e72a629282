"""Cypher: a script of MERGE statements for cypher-shell (`cypher-shell -f graph.cypher`).

One constraint (`iri` unique on :Resource), then one statement a node (MERGE by IRI, SET
labels and properties), then one a relationship (MATCH both ends by IRI, MERGE the
relationship, SET its properties); one statement a line. The mapping is
kg.export.propertygraph's. Running it twice changes nothing.

Text never becomes code: every string is a single-quoted literal in which backslash and
both quotes are escaped, control and line-separator characters are written \\uXXXX, and so
are ';' and a '/' next to '*' (so no naive statement splitter or `/* */` reader is fooled);
labels, keys and types are backquoted and hold only letters, digits, '_' and '-'.
"""
from __future__ import annotations

import math
import re
from typing import BinaryIO

from rdflib import Graph

from kg.export.base import Exporter
from kg.export.propertygraph import RESOURCE, PgNode, PgRel, PropType, to_property_graph

CONSTRAINT = (f"CREATE CONSTRAINT kg_resource_iri IF NOT EXISTS FOR (n:{RESOURCE}) "
              "REQUIRE n.iri IS UNIQUE;")
_ESCAPES = {"\\": "\\\\", "'": "\\'", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"}
_SPECIAL = re.compile(r"[\\'\"\x00-\x1f\x7f-\x9f\u2028\u2029;]|/(?=\*)|(?<=\*)/")


class CypherExporter(Exporter):
    name = "cypher"
    suffix = ".cypher"

    def write(self, graph: Graph, out: BinaryIO) -> None:
        pg = to_property_graph(graph)
        lines = ["// kg graph as Cypher: one constraint, then one MERGE a node, then one a relationship.",
                 CONSTRAINT]
        lines += [node_statement(n, pg.node_types) for n in pg.nodes]
        lines += [rel_statement(r, pg.rel_types) for r in pg.rels]
        out.write(("\n".join(lines) + "\n").encode("utf-8"))


def node_statement(node: PgNode, types: dict[str, PropType]) -> str:
    labels = "".join(f":{_name(l)}" for l in node.labels if l != RESOURCE)
    sets = ([f"n{labels}"] if labels else []) + _sets("n", node.props, types)
    tail = f" SET {', '.join(sets)}" if sets else ""
    return f"MERGE (n:{RESOURCE} {{iri: {string(node.id)}}}){tail};"


def rel_statement(rel: PgRel, types: dict[str, PropType]) -> str:
    sets = _sets("r", rel.props, types)
    tail = f" SET {', '.join(sets)}" if sets else ""
    return (f"MATCH (a:{RESOURCE} {{iri: {string(rel.start)}}}), (b:{RESOURCE} {{iri: {string(rel.end)}}}) "
            f"MERGE (a)-[r:{_name(rel.type)}]->(b){tail};")


def string(text: str) -> str:
    """A Cypher string literal that reads back as exactly `text`, whatever it holds."""
    return "'" + _SPECIAL.sub(lambda m: _ESCAPES.get(m.group()) or f"\\u{ord(m.group()):04X}", text) + "'"


def _sets(var: str, props: dict[str, list[str]], types: dict[str, PropType]) -> list[str]:
    return [f"{var}.{_name(k)} = {_value(v, types[k])}" for k, v in sorted(props.items())]


def _value(values: list[str], ptype: PropType) -> str:
    rendered = [_scalar(v, ptype.kind) for v in values]
    return "[" + ", ".join(rendered) + "]" if ptype.is_list else rendered[0]


def _scalar(value: str, kind: str) -> str:
    # the property graph only types a key long/double/boolean/date when every lexical form
    # matched; numbers are still re-read here so only a number reaches the script unquoted
    if kind == "long":
        return str(int(value))
    if kind == "double" and math.isfinite(float(value)):
        return repr(float(value))
    if kind == "boolean":
        return "true" if value == "true" else "false"
    if kind == "date":
        return f"date({string(value)})"
    return string(value)


def _name(identifier: str) -> str:
    return "`" + identifier.replace("`", "``") + "`"
