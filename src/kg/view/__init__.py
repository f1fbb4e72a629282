"""View: a kg graph as one self-contained, interactive HTML page (vis-network, inlined).

`write_view(graph, path)` writes the page atomically; `view_data(graph)` is what the page
shows (nodes, edges, facts with their source sentences); `render_page(data)` the bytes.
The same graph always gives the same bytes.
"""
from __future__ import annotations

from pathlib import Path
from typing import BinaryIO

from rdflib import Graph

from kg.errors import KgError
from kg.export.base import Exporter, write_atomic
from kg.view.data import MAX_NODES, view_data
from kg.view.page import render_page

__all__ = ["view_data", "render_page", "write_view", "MAX_NODES"]


class _PageExporter(Exporter):
    """The page as an Exporter, so that it goes through the same atomic write as the others."""

    name = "html"
    suffix = ".html"

    def __init__(self, max_nodes: int) -> None:
        self.max_nodes = max_nodes
        self.data: dict = {}

    def write(self, graph: Graph, out: BinaryIO) -> None:
        self.data = view_data(graph, self.max_nodes)
        out.write(render_page(self.data))


def write_view(graph: Graph, path: Path, max_nodes: int = MAX_NODES) -> dict:
    """Write the page for `graph` to `path`; returns its data's `meta` plus the edge count."""
    exporter = _PageExporter(max_nodes)
    try:
        write_atomic(Path(path), exporter, graph)
    except OSError as exc:
        raise KgError(f"{path}: cannot write: {exc.strerror or exc}") from exc
    return {**exporter.data["meta"], "edges": len(exporter.data["edges"])}
