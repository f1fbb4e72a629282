"""N-Triples: one triple a line, lines sorted, so equal graphs give equal files."""
from __future__ import annotations

from typing import BinaryIO

from rdflib import Graph

from kg.export.base import Exporter
from kg.export.terms import ntriples


class NTriplesExporter(Exporter):
    name = "nt"
    suffix = ".nt"

    def write(self, graph: Graph, out: BinaryIO) -> None:
        lines = sorted(f"{ntriples(s)} {ntriples(p)} {ntriples(o)} .\n" for s, p, o in graph)
        out.write("".join(lines).encode("utf-8"))
