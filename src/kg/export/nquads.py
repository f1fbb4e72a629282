"""N-Quads: provenance as named graphs, one graph per article (see kg.export.namedgraphs).

Default-graph lines first, then each article's graph by IRI; lines sorted within each.
"""
from __future__ import annotations

from typing import BinaryIO

from rdflib import Graph

from kg.export.base import Exporter
from kg.export.namedgraphs import split
from kg.export.terms import ntriples


class NQuadsExporter(Exporter):
    name = "nq"
    suffix = ".nq"

    def write(self, graph: Graph, out: BinaryIO) -> None:
        parts = split(graph)
        lines: list[str] = []
        for name in sorted(parts, key=lambda n: (n is not None, str(n or ""))):
            label = f" {ntriples(name)}" if name is not None else ""
            lines += sorted(f"{ntriples(s)} {ntriples(p)} {ntriples(o)}{label} .\n"
                            for s, p, o in parts[name])
        out.write("".join(lines).encode("utf-8"))
