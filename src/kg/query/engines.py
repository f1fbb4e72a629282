"""The two SPARQL engines behind `kg query` and `kg serve`: pyoxigraph (fast, the default) and
rdflib (pure Python, the fallback). Both load the same files and answer in kg.query.terms."""
from __future__ import annotations

from abc import ABC, abstractmethod
from pathlib import Path
from typing import ClassVar, Iterable

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef

from kg.errors import GraphLoadError, QueryError
from kg.query.terms import Answer, Bindings, Boolean, Term, Triples
from kg.validate.load import FORMATS, load_graph

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

_OX_FORMATS = {"turtle": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES,
               "nquads": ox.RdfFormat.N_QUADS, "trig": ox.RdfFormat.TRIG,
               "json-ld": ox.RdfFormat.JSON_LD}
_QUADS = {"nquads", "trig"}


class ResultTooLarge(QueryError):
    """The answer has more rows (or triples) than the caller allows."""


class Engine(ABC):
    """A graph file loaded once, queried many times."""

    name: ClassVar[str]

    @abstractmethod
    def query(self, text: str, max_results: int | None = None) -> Answer:
        """Run one SPARQL query (kg's prefixes predeclared). Raises QueryError for a malformed
        or failing query, ResultTooLarge past max_results rows or triples."""


class OxigraphEngine(Engine):
    """pyoxigraph's in-memory store (or an on-disk one given as `store`)."""

    name = "oxigraph"

    def __init__(self, graph_path: Path | None = None, store: ox.Store | None = None) -> None:
        self.store = store if store is not None else ox.Store()
        if graph_path is not None:
            load_into_store(Path(graph_path), self.store)

    def query(self, text: str, max_results: int | None = None) -> Answer:
        try:
            result = self.store.query(text, prefixes=PREFIXES)
            if isinstance(result, ox.QueryBoolean):
                return Boolean(bool(result))
            if isinstance(result, ox.QueryTriples):
                return Triples(_capped(((_ox_term(t.subject), _ox_term(t.predicate), _ox_term(t.object))
                                        for t in result), max_results, "triples"))
            names = [v.value for v in result.variables]
            rows = _capped((tuple(_ox_term(sol[n]) for n in names) for sol in result),
                           max_results, "rows")
            return Bindings(names, rows)
        except QueryError:
            raise
        except (SyntaxError, ValueError, OSError) as err:
            raise QueryError(f"SPARQL query failed: {_one_line(err)}") from err

    def update(self, text: str) -> None:
        """Run a SPARQL Update; only `kg serve --allow-update` calls this."""
        try:
            self.store.update(text, prefixes=PREFIXES)
        except (SyntaxError, ValueError, OSError) as err:
            raise QueryError(f"SPARQL update failed: {_one_line(err)}") from err


class RdflibEngine(Engine):
    """rdflib's own SPARQL engine over kg's usual loader."""

    name = "rdflib"

    def __init__(self, graph_path: Path) -> None:
        self.graph = load_graph(graph_path)

    def query(self, text: str, max_results: int | None = None) -> Answer:
        try:
            result = self.graph.query(text, initNs=PREFIXES)
            if result.type == "ASK":
                return Boolean(bool(result.askAnswer))
            if result.type in ("CONSTRUCT", "DESCRIBE"):
                return Triples(_capped(((_rdflib_term(s), _rdflib_term(p), _rdflib_term(o))
                                        for s, p, o in result.graph), max_results, "triples"))
            names = [str(v) for v in result.vars]
            rows = _capped((tuple(_rdflib_term(x) for x in row) for row in result), max_results, "rows")
            return Bindings(names, rows)
        except QueryError:
            raise
        except Exception as err:  # noqa: BLE001 - rdflib raises pyparsing and its own errors alike
            raise QueryError(f"SPARQL query failed: {_one_line(err)}") from err


ENGINES: dict[str, type[Engine]] = {"oxigraph": OxigraphEngine, "rdflib": RdflibEngine}


def open_engine(name: str, graph_path: Path) -> Engine:
    """Load the graph file into the engine called `name`."""
    if name not in ENGINES:
        raise QueryError(f"unknown engine {name!r}; known: {', '.join(ENGINES)}")
    return ENGINES[name](Path(graph_path))


def load_into_store(path: Path, store: ox.Store) -> None:
    """Load an RDF file (any extension kg.validate.load knows) into the default graph of a
    pyoxigraph store; the named graphs of .nq/.trig are merged, as kg's rdflib loader does."""
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise GraphLoadError(f"{path}: unknown RDF extension {path.suffix!r}; known: {', '.join(FORMATS)}")
    if not path.is_file():
        raise GraphLoadError(f"{path}: no such file")
    try:
        if fmt in _QUADS:
            quads = ox.parse(path=str(path), format=_OX_FORMATS[fmt])
            store.extend(ox.Quad(q.subject, q.predicate, q.object) for q in quads)
        else:
            store.bulk_load(path=str(path), format=_OX_FORMATS[fmt])
    except (SyntaxError, ValueError, OSError) as err:
        raise GraphLoadError(f"{path}: cannot parse as {fmt}: {_one_line(err)}") from err


def _capped(items: Iterable, limit: int | None, what: str) -> list:
    out = []
    for item in items:
        if limit is not None and len(out) >= limit:
            raise ResultTooLarge(f"the answer has more than {limit} {what}; add a LIMIT to the query")
        out.append(item)
    return out


def _one_line(err: BaseException) -> str:
    return " ".join(str(err).split())[:300]


def _ox_term(term: object) -> Term | None:
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return Term("uri", term.value)
    if isinstance(term, ox.BlankNode):
        return Term("bnode", term.value)
    if isinstance(term, ox.Literal):
        return Term.literal(term.value, term.datatype.value, term.language)
    raise QueryError(f"unsupported RDF term in an answer: {term!r}")  # RDF-star triples


def _rdflib_term(term: object) -> Term | None:
    if term is None:
        return None
    if isinstance(term, URIRef):
        return Term("uri", str(term))
    if isinstance(term, BNode):
        return Term("bnode", str(term))
    if isinstance(term, Literal):
        return Term.literal(str(term), str(term.datatype) if term.datatype else None, term.language)
    raise QueryError(f"unsupported RDF term in an answer: {term!r}")
