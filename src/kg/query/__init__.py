"""SPARQL over a graph file, with kg's prefixes predeclared: pyoxigraph by default, rdflib as
the fallback; answers written in the W3C results formats or as a text table."""
from __future__ import annotations

from pathlib import Path

from kg.query.engines import ENGINES, PREFIXES, Engine, OxigraphEngine, RdflibEngine, ResultTooLarge, open_engine
from kg.query.formats import GRAPH_FORMATS, MEDIA_TYPES, RESULT_FORMATS, write_answer
from kg.query.terms import Answer, Bindings, Boolean, Term, Triples

__all__ = ["ENGINES", "PREFIXES", "Engine", "OxigraphEngine", "RdflibEngine", "ResultTooLarge", "open_engine",
           "GRAPH_FORMATS", "MEDIA_TYPES", "RESULT_FORMATS", "write_answer", "Answer", "Bindings", "Boolean",
           "Term", "Triples", "run_query"]


def run_query(graph_path: Path, text: str, fmt: str = "table", engine: str = "oxigraph") -> str:
    """Load the graph file, run one query on it and write the answer in format `fmt`."""
    return write_answer(open_engine(engine, Path(graph_path)).query(text), fmt)
