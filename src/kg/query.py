"""SPARQL over a graph file, with the ontology's prefixes predeclared."""
from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from kg.errors import QueryError
from kg.validate import load_graph

PREFIXES = {
    "kg": "https://w3id.org/kg-vn/ontology#",
    "id": "https://w3id.org/kg-vn/id/",
    "schema": "https://schema.org/",
    "org": "http://www.w3.org/ns/org#",
    "prov": "http://www.w3.org/ns/prov#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}


def run_query(graph_path: Path, text: str, fmt: str = "table") -> str:
    g = load_graph(graph_path)
    try:
        result = g.query(text, initNs=PREFIXES)
    except Exception as err:  # rdflib raises pyparsing and its own errors alike
        raise QueryError(f"SPARQL query failed: {err}") from err
    if result.type == "ASK":
        return ("true" if result.askAnswer else "false") + "\n"
    if result.type in ("CONSTRUCT", "DESCRIBE"):
        return result.graph.serialize(format="turtle")
    names = [str(v) for v in result.vars]
    rows = [["" if v is None else str(v) for v in row] for row in result]
    if fmt == "json":
        bindings = [{n: {"value": v} for n, v in zip(names, row) if v != ""} for row in rows]
        return json.dumps({"head": {"vars": names}, "results": {"bindings": bindings}}, ensure_ascii=False, indent=1) + "\n"
    if fmt in ("csv", "tsv"):
        buf = io.StringIO()
        w = csv.writer(buf, delimiter="," if fmt == "csv" else "\t", lineterminator="\n")
        w.writerow(names)
        w.writerows(rows)
        return buf.getvalue()
    widths = [max([len(n)] + [len(r[i]) for r in rows]) for i, n in enumerate(names)]
    lines = ["  ".join(n.ljust(w) for n, w in zip(names, widths)), "  ".join("-" * w for w in widths)]
    lines += ["  ".join(v.ljust(w) for v, w in zip(r, widths)) for r in rows]
    return "\n".join(lines) + f"\n({len(rows)} rows)\n"
