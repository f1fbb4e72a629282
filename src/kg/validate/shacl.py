"""SHACL validation of a kg graph against shapes/kg-shapes.ttl.

Two engines give the same results: "fast" (kg.validate.fast, the default) and "pyshacl",
the reference. The fast engine reads the shapes first and, if they use SHACL it does not
implement (kg.validate.shapes.Unsupported), hands the graph to pyshacl instead.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from rdflib import RDF, RDFS, BNode, Graph, Literal, URIRef
from rdflib.namespace import SH
from rdflib.term import Node

from kg.triples import Table, Term, to_node
from kg.validate.resources import ontology_path, shapes_path

ENGINES = ("fast", "pyshacl")


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

    def key(self) -> tuple[str, str, str, str]:
        """(focus, path, constraint, value): what two engines must agree on."""
        return (self.focus, self.path or "", self.constraint, self.value or "")


@dataclass
class ValidationReport:
    conforms: bool
    text: str  # the report for people: node, path, constraint and value of each result
    results: list[Violation]
    graph: Graph  # the SHACL report graph, for tools
    engine: str = "pyshacl"  # the engine that produced it


@lru_cache(maxsize=1)
def _shapes() -> Graph:
    return Graph().parse(shapes_path(), format="turtle")


@lru_cache(maxsize=1)
def _ontology() -> Graph:
    return Graph().parse(ontology_path(), format="turtle")


def validate(graph: Graph | Table, engine: str = "fast", *, shapes: Graph | None = None,
             ontology: Graph | None = None) -> ValidationReport:
    """Validate `graph` (an rdflib Graph or a kg.triples.Table) against kg's shapes (or
    `shapes`), with the ontology (or `ontology`) mixed in so that subclasses count. `engine`
    is "fast" or "pyshacl"; both give the same results."""
    if engine not in ENGINES:
        raise ValueError(f"unknown validation engine {engine!r}; known: {', '.join(ENGINES)}")
    ontology_table = _ontology_table() if ontology is None else Table.from_graph(ontology)
    shapes = _shapes() if shapes is None else shapes
    ontology = _ontology() if ontology is None else ontology
    if engine == "fast":
        from kg.validate.shapes import Unsupported, read_shapes

        try:
            compiled = read_shapes(shapes, plain=True)
        except Unsupported:
            return validate_pyshacl(_as_graph(graph), shapes, ontology)
        return validate_fast(graph, compiled, ontology_table)
    return validate_pyshacl(_as_graph(graph), shapes, ontology)


@lru_cache(maxsize=1)
def _ontology_table() -> Table:
    return Table.from_graph(_ontology())


def _as_graph(graph: Graph | Table) -> Graph:
    return graph.to_graph() if isinstance(graph, Table) else graph


def validate_pyshacl(graph: Graph, shapes: Graph, ontology: Graph) -> ValidationReport:
    import pyshacl  # imported here: it is slow to load, and only this engine needs it

    conforms, report, text = pyshacl.validate(
        graph, shacl_graph=shapes, ont_graph=ontology, inference="none", allow_warnings=True)
    results = sorted((_violation(report, r) for r in report.objects(None, SH.result)),
                     key=Violation.key)
    return ValidationReport(bool(conforms), str(text), results, report, "pyshacl")


def validate_fast(graph: Graph | Table, shapes: list, ontology: Table) -> ValidationReport:
    """The compiled validator (kg.validate.fast) over shapes read plain (read_shapes(...,
    plain=True)). An rdflib Graph is first copied into a table, only the predicates the
    shapes look at."""
    from kg.validate.fast import Index, Validator, shape_predicates

    if not isinstance(graph, Table):
        wanted = shape_predicates(shapes) | {str(RDF.type), str(RDFS.subClassOf)}
        graph = Table.from_graph(graph, {URIRef(p) for p in wanted})
    # the subjects of sh:targetSubjectsOf found in the index's one pass over the subjects
    targets = {p for shape in shapes for p in shape.targets[SH.targetSubjectsOf]}
    return fast_report(Validator(Index(graph, ontology, targets)).run(shapes))


def fast_report(found: list[tuple]) -> ValidationReport:
    """The report of the fast validator's results (kg.validate.fast), sorted."""
    found = sorted(found, key=_result_key)
    conforms = not any(r[4].severity not in (SH.Warning, SH.Info) for r in found)
    return ValidationReport(conforms, _text(conforms, found), [_fast_violation(r) for r in found],
                            _report_graph(conforms, found), "fast")


def _result_key(r: tuple) -> tuple[str, str, str, str]:
    focus, path, name, value, _ = r
    return (str(focus), "" if path is None else str(path), name, "" if value is None else str(value))


def _message(shape) -> str:
    return str(shape.messages[0]) if shape.messages else ""


def _fast_violation(r: tuple) -> Violation:
    focus, path, name, value, shape = r
    return Violation(focus=str(focus), path=None if path is None else str(path), constraint=name,
                     value=None if value is None else str(value), message=_message(shape),
                     severity=str(shape.severity).rsplit("#", 1)[-1])


def _report_graph(conforms: bool, found: list[tuple]) -> Graph:
    """A SHACL validation report, in the terms pyshacl's report uses."""
    g = Graph()
    g.bind("sh", SH)
    report = BNode()
    g.add((report, RDF.type, SH.ValidationReport))
    g.add((report, SH.conforms, Literal(conforms)))
    for focus, path, name, value, shape in found:
        r = BNode()
        g.add((report, SH.result, r))
        g.add((r, RDF.type, SH.ValidationResult))
        g.add((r, SH.focusNode, to_node(focus)))
        if path is not None:
            g.add((r, SH.resultPath, to_node(path)))
        if value is not None:
            g.add((r, SH.value, to_node(value)))
        g.add((r, SH.sourceConstraintComponent, SH[name]))
        g.add((r, SH.sourceShape, shape.node))
        g.add((r, SH.resultSeverity, shape.severity))
        for m in shape.messages:
            g.add((r, SH.resultMessage, m))
    return g


def _n3(term: Term | None) -> str:
    return "" if term is None else to_node(term).n3()


def _text(conforms: bool, found: list[tuple]) -> str:
    """pyshacl's layout: one block per result naming node, path, constraint and value."""
    lines = ["Validation Report", f"Conforms: {conforms}"]
    if found:
        lines.append(f"Results ({len(found)}):")
    for focus, path, name, value, shape in found:
        severity = str(shape.severity).rsplit("#", 1)[-1]
        lines.append(f"Constraint {severity} in {name} ({SH[name]}):")
        lines.append(f"\tSeverity: sh:{severity}")
        lines.append(f"\tFocus Node: {_n3(focus)}")
        if value is not None:
            lines.append(f"\tValue Node: {_n3(value)}")
        if path is not None:
            lines.append(f"\tResult Path: {_n3(path)}")
        if shape.messages:
            lines.append(f"\tMessage: {_message(shape)}")
    return "\n".join(lines) + "\n"


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
