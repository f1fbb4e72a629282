"""Neo4j bulk import: a folder of CSV files for `neo4j-admin database import full`, plus
`import.sh` with the exact command. The mapping is kg.export.propertygraph's.

One nodes file per most specific label (`nodes_Person.csv`: `iri:ID`, `:LABEL`, then
typed property columns such as `name`, `alternateName:string[]`, `startDate:date`), one
relationships file per type (`rels_member.csv`: `:START_ID`, `:END_ID`, `:TYPE`, ...).
Fields are quoted where needed with quotes doubled, so quotes, commas, newlines and
backslashes survive (the command sets --multiline-fields=true and
--legacy-style-quoting=false). Arrays and multiple labels are joined by U+001F (the
command's --array-delimiter), a control character no name contains; one found in a value is
replaced by a space.
"""
from __future__ import annotations

import csv
import io
import re
from collections import defaultdict

from rdflib import Graph

from kg.export.folder import FolderExporter
from kg.export.propertygraph import PgNode, PgRel, PropType, to_property_graph

ARRAY_DELIMITER = "\x1f"
_FILE_UNSAFE = re.compile(r"[^A-Za-z0-9_-]")
_OPTIONS = ("--array-delimiter=U+001F", "--multiline-fields=true", "--legacy-style-quoting=false",
            "--overwrite-destination=true")


class Neo4jExporter(FolderExporter):
    name = "neo4j"
    suffix = ".neo4j"  # the folder: OUT/graph.neo4j/

    def files(self, graph: Graph) -> dict[str, bytes]:
        pg = to_property_graph(graph)
        by_label: dict[str, list[PgNode]] = defaultdict(list)
        for node in pg.nodes:
            by_label[node.labels[0]].append(node)
        by_type: dict[str, list[PgRel]] = defaultdict(list)
        for rel in pg.rels:
            by_type[rel.type].append(rel)
        out: dict[str, bytes] = {}
        node_files = _file_names("nodes", by_label)
        rel_files = _file_names("rels", by_type)
        for label, nodes in by_label.items():
            keys = sorted({k for n in nodes for k in n.props})
            header = ["iri:ID", ":LABEL"] + [_header(k, pg.node_types[k]) for k in keys]
            rows = [[n.id, _join(n.labels)] + [_cell(n.props.get(k), pg.node_types[k]) for k in keys]
                    for n in nodes]
            out[node_files[label]] = _csv(header, rows)
        for rtype, rels in by_type.items():
            keys = sorted({k for r in rels for k in r.props})
            header = [":START_ID", ":END_ID", ":TYPE"] + [_header(k, pg.rel_types[k]) for k in keys]
            rows = [[r.start, r.end, r.type] + [_cell(r.props.get(k), pg.rel_types[k]) for k in keys]
                    for r in rels]
            out[rel_files[rtype]] = _csv(header, rows)
        out["import.sh"] = import_script(sorted(node_files.values()), sorted(rel_files.values())).encode("utf-8")
        return out


def import_command(node_files: list[str], rel_files: list[str], database: str = "neo4j") -> str:
    """The `neo4j-admin database import full` command for these files, run from their folder."""
    parts = ["neo4j-admin database import full", *_OPTIONS]
    parts += [f"--nodes={f}" for f in node_files] + [f"--relationships={f}" for f in rel_files]
    return " \\\n  ".join(parts + [database])


def import_script(node_files: list[str], rel_files: list[str]) -> str:
    command = import_command(node_files, rel_files, '"${1:-neo4j}"')
    command = command.replace("neo4j-admin ", '"${NEO4J_ADMIN:-neo4j-admin}" ', 1)
    return ("#!/bin/sh\n"
            "# Load this folder into Neo4j 5 (stop the database first; it is overwritten):\n"
            "#   sh import.sh [DATABASE]      (NEO4J_ADMIN=/path/to/neo4j-admin to choose the binary)\n"
            "# Written by `kg export ... --format neo4j`.\n"
            "set -e\n"
            'cd "$(dirname "$0")"\n'
            f"{command}\n")


def _file_names(kind: str, groups: dict[str, list]) -> dict[str, str]:
    names: dict[str, str] = {}
    for key in sorted(groups):
        base = f"{kind}_{_FILE_UNSAFE.sub('_', key)}"
        name, n = f"{base}.csv", 1
        while name in names.values():
            n += 1
            name = f"{base}_{n}.csv"
        names[key] = name
    return names


def _header(key: str, ptype: PropType) -> str:
    suffix = "" if ptype.kind == "string" and not ptype.is_list else f":{ptype.kind}"
    return key + suffix + ("[]" if ptype.is_list else "")


def _cell(values: list[str] | None, ptype: PropType) -> str | None:
    if not values:
        return None
    return _join(values) if ptype.is_list else _clean(values[0])


def _join(values: list[str]) -> str:
    return ARRAY_DELIMITER.join(_clean(v) for v in values)


def _clean(value: str) -> str:
    return value.replace(ARRAY_DELIMITER, " ")


def _csv(header: list[str], rows: list[list[str | None]]) -> bytes:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buf.getvalue().encode("utf-8")
