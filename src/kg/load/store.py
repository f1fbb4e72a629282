"""Pushing a graph into a running RDF store through the SPARQL 1.1 Graph Store HTTP Protocol.

One request per graph, N-Triples bodies. A named graph (one per article) is sent with PUT, so
loading the same article again replaces it; the default graph is sent with POST, which adds to
it, since a store's default graph is shared with whatever else lives there."""
from __future__ import annotations

import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph

from kg.errors import StoreError
from kg.load.partition import Triple, partition
from kg.validate import load_graph


@dataclass
class PushReport:
    """What was sent: triples per graph (None: the default graph)."""

    graphs: dict[str | None, int] = field(default_factory=dict)

    @property
    def triples(self) -> int:
        return sum(self.graphs.values())


def push(graph_path: Path, store_url: str, per_article: bool = True, timeout: float = 60.0) -> PushReport:
    """Load the graph file and send it to the Graph Store endpoint at store_url (for an Oxigraph
    server, http://HOST:PORT/store): one named graph per article (see kg.load.partition) or
    everything into the default graph. Raises StoreError naming the store and its answer."""
    url = urllib.parse.urlsplit(store_url)
    if url.scheme not in ("http", "https") or not url.netloc:
        raise StoreError(f"--store must be an http(s) URL of a Graph Store endpoint, not {store_url!r}")
    graph = load_graph(graph_path)
    parts = partition(graph) if per_article else {None: sorted(graph)}
    report = PushReport()
    for name, triples in parts.items():
        _send(store_url, None if name is None else str(name), triples, timeout)
        report.graphs[None if name is None else str(name)] = len(triples)
    return report


def _send(store_url: str, graph_iri: str | None, triples: list[Triple], timeout: float) -> None:
    param = "default" if graph_iri is None else "graph=" + urllib.parse.quote(graph_iri, safe="")
    target = store_url + ("&" if "?" in store_url else "?") + param
    g = Graph()
    for t in triples:
        g.add(t)
    body = g.serialize(format="nt", encoding="utf-8")
    req = urllib.request.Request(target, data=body, method="POST" if graph_iri is None else "PUT",
                                 headers={"Content-Type": "application/n-triples"})
    where = f"graph <{graph_iri}>" if graph_iri else "the default graph"
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            resp.read()
    except urllib.error.HTTPError as err:
        detail = " ".join(err.read(300).decode("utf-8", errors="replace").split())
        raise StoreError(f"store {store_url} refused {where}: HTTP {err.code} {err.reason}"
                         + (f": {detail}" if detail else "")) from err
    except (urllib.error.URLError, OSError) as err:
        reason = getattr(err, "reason", err)
        raise StoreError(f"cannot reach store {store_url}: {reason}") from err
