"""SHACL validation of a kg graph against shapes/kg-shapes.ttl."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from rdflib import Graph
from rdflib.namespace import SH
from rdflib.term import Node

from kg.validate.resources import ontology_path, shapes_path


@dataclass(frozen=True)
class Violation:
    """One SHACL result, as text: the node, the property path, what failed, and why."""

    focus: str
    path: str | None
    constraint: str  # local name of the constraint component, e.g. 'MinCountConstraintComponent'
    value: str | None
    message: str
    severity: str  # 'Violation', 'Warning' or 'Info'

    def __str__(self) -> str:
        where = f"{self.focus} {self.path}" if self.path else self.focus
        value = f" (value {self.value})" if self.value is not None else ""
        return f"{self.severity}: {where}: {self.message}{value}"


@dataclass
class ValidationReport:
    conforms: bool
    text: str  # pyshacl's report for people
    results: list[Violation]
    graph: Graph  # the SHACL report graph, for tools


@lru_cache(maxsize=1)
def _shapes() -> Graph:
    return Graph().parse(shapes_path(), format="turtle")


@lru_cache(maxsize=1)
def _ontology() -> Graph:
    return Graph().parse(ontology_path(), format="turtle")


def validate(graph: Graph) -> ValidationReport:
    """Validate against kg's shapes, with the ontology mixed in so that subclasses count."""
    import pyshacl  # imported here: it is slow to load, and only validation needs it

    conforms, report, text = pyshacl.validate(
        graph, shacl_graph=_shapes(), ont_graph=_ontology(), inference="none",
        allow_warnings=True)
    results = sorted((_violation(report, r) for r in report.objects(None, SH.result)),
                     key=lambda v: (v.focus, v.path or "", v.constraint, v.value or ""))
    return ValidationReport(bool(conforms), str(text), results, report)


def _violation(report: Graph, result: Node) -> Violation:
    def one(prop: Node) -> str | None:
        found = report.value(result, prop)
        return None if found is None else str(found)

    def local(prop: Node) -> str:
        found = one(prop) or ""
        return found.rsplit("#", 1)[-1]

    return Violation(focus=one(SH.focusNode) or "", path=one(SH.resultPath),
                     constraint=local(SH.sourceConstraintComponent), value=one(SH.value),
                     message=one(SH.resultMessage) or "", severity=local(SH.resultSeverity))
