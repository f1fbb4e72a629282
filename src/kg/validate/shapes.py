"""SHACL shapes read into plain Python objects, for the fast validator (fast.py).

Only the parts of SHACL Core that kg's shapes use, plus a few close relatives, are read:
targets (targetClass, targetNode, targetSubjectsOf, targetObjectsOf), property shapes with a
single-IRI path, and the components in COMPONENTS. Any other sh: term on a shape (sh:sparql,
sh:closed, sh:qualifiedValueShape, complex paths, ...) raises Unsupported, and the caller
falls back to pyshacl rather than guess: a validator that silently skips a constraint would
report a graph as conforming when it does not.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from rdflib import RDF, RDFS, BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import SH
from rdflib.term import Node

from kg.triples import to_term


class Unsupported(Exception):
    """The shapes use SHACL the fast validator does not implement."""


# Component local name -> the sh: parameter(s) that switch it on.
COMPONENTS: dict[str, tuple[URIRef, ...]] = {
    "ClassConstraintComponent": (SH["class"],),
    "DatatypeConstraintComponent": (SH.datatype,),
    "NodeKindConstraintComponent": (SH.nodeKind,),
    "MinCountConstraintComponent": (SH.minCount,),
    "MaxCountConstraintComponent": (SH.maxCount,),
    "MinLengthConstraintComponent": (SH.minLength,),
    "MaxLengthConstraintComponent": (SH.maxLength,),
    "PatternConstraintComponent": (SH.pattern,),
    "InConstraintComponent": (SH["in"],),
    "OrConstraintComponent": (SH["or"],),
    "XoneConstraintComponent": (SH.xone,),
    "AndConstraintComponent": (SH["and"],),
    "NotConstraintComponent": (SH["not"],),
    "NodeConstraintComponent": (SH.node,),
}
_TARGETS = {SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf}
# sh: terms that do not constrain anything (labels, grouping) or that we read ourselves
_HARMLESS = {SH.message, SH.severity, SH.name, SH.description, SH.order, SH.group,
             SH.property, SH.path, SH.flags, SH.deactivated} | _TARGETS
_KNOWN = _HARMLESS | {p for params in COMPONENTS.values() for p in params}
_SINGLE = {SH.datatype, SH.nodeKind, SH.minCount, SH.maxCount, SH.minLength, SH.maxLength,
           SH.flags, SH.path, SH.severity}


@dataclass
class Shape:
    node: Node
    path: URIRef | str | None  # None for a node shape; a str when read plain
    severity: URIRef
    messages: list[Literal]
    targets: dict[URIRef, list[Node]]
    # (component local name, parameter): one entry per constraint, in a fixed order
    constraints: list[tuple[str, object]] = field(default_factory=list)
    properties: list["Shape"] = field(default_factory=list)


class ShapesReader:
    """Reads every shape reachable from the shapes graph's targeted shapes, once each.

    With `plain`, the terms the validator compares with data (paths, targets, classes,
    datatypes, sh:in members) are table terms (kg.triples), for validating a Table.
    """

    def __init__(self, sg: Graph, plain: bool = False) -> None:
        self.sg = sg
        self.cache: dict[Node, Shape] = {}
        self.term = to_term if plain else (lambda node: node)

    def targeted(self) -> list[Shape]:
        nodes = {s for t in _TARGETS for s in self.sg.subjects(t, None)}
        # implicit class targets: a shape that is also a class targets its instances
        for s in self.sg.subjects(RDF.type, SH.NodeShape):
            if (s, RDF.type, RDFS.Class) in self.sg:
                raise Unsupported(f"implicit class target on {s.n3()}")
        return [self.shape(n) for n in sorted(nodes, key=str)]

    def shape(self, node: Node) -> Shape:
        if node in self.cache:
            return self.cache[node]
        sg = self.sg
        preds = [p for p in set(sg.predicates(node, None)) if str(p).startswith(str(SH))]
        for p in preds:
            if p not in _KNOWN:
                raise Unsupported(f"{p.n3()} on shape {node.n3()}")
            if p in _SINGLE and len(set(sg.objects(node, p))) > 1:
                raise Unsupported(f"more than one {p.n3()} on shape {node.n3()}")
        if any(v.toPython() is True for v in sg.objects(node, SH.deactivated) if isinstance(v, Literal)):
            raise Unsupported(f"deactivated shape {node.n3()}")
        path = sg.value(node, SH.path)
        if path is not None and not isinstance(path, URIRef):
            raise Unsupported(f"non-predicate path on {node.n3()}")
        term = self.term
        shape = Shape(node=node, path=None if path is None else term(path),
                      severity=sg.value(node, SH.severity) or SH.Violation,
                      messages=sorted(m for m in sg.objects(node, SH.message) if isinstance(m, Literal)),
                      targets={t: [term(v) for v in sorted(sg.objects(node, t), key=str)] for t in _TARGETS})
        self.cache[node] = shape  # before recursing: shapes may refer to each other
        for name, (param,) in COMPONENTS.items():
            for value in sorted(sg.objects(node, param), key=str):
                shape.constraints.append((name, self._parameter(name, value, node)))
        if path is None and any(name in ("MinCountConstraintComponent", "MaxCountConstraintComponent")
                                for name, _ in shape.constraints):
            raise Unsupported(f"min/maxCount on node shape {node.n3()}")
        shape.properties = [self.shape(p) for p in sorted(sg.objects(node, SH.property), key=str)]
        return shape

    def _parameter(self, name: str, value: Node, node: Node) -> object:
        if name in ("OrConstraintComponent", "XoneConstraintComponent", "AndConstraintComponent"):
            return [self.shape(m) for m in self._list(value)]
        if name in ("NotConstraintComponent", "NodeConstraintComponent"):
            return self.shape(value)
        if name == "InConstraintComponent":
            return frozenset(map(self.term, self._list(value)))
        if name == "PatternConstraintComponent":
            flags = self.sg.value(node, SH.flags)
            re_flags = 0
            if flags is not None:
                text = str(flags).lower()
                re_flags |= (re.I if "i" in text else 0) | (re.M if "m" in text else 0)
                if set(text) - {"i", "m"}:
                    raise Unsupported(f"sh:flags {text!r} on {node.n3()}")
            return re.compile(str(value), re_flags)
        if name in ("MinCountConstraintComponent", "MaxCountConstraintComponent",
                    "MinLengthConstraintComponent", "MaxLengthConstraintComponent"):
            number = value.toPython() if isinstance(value, Literal) else None
            if not isinstance(number, int) or isinstance(number, bool) or number < 0:
                raise Unsupported(f"non-integer {name} {value.n3()} on {node.n3()}")
            return number
        if name == "NodeKindConstraintComponent":
            if value not in _NODE_KINDS:
                raise Unsupported(f"unknown sh:nodeKind {value.n3()}")
            return _NODE_KINDS[value]
        if not isinstance(value, URIRef):  # class, datatype
            raise Unsupported(f"{name} parameter {value.n3()} is not an IRI")
        return self.term(value)

    def _list(self, head: Node) -> list[Node]:
        if not isinstance(head, (BNode, URIRef)):
            raise Unsupported(f"{head.n3()} is not an RDF list")
        return list(Collection(self.sg, head))


# node kind -> which of (IRI, blank node, literal) it admits
_NODE_KINDS = {
    SH.IRI: (True, False, False), SH.BlankNode: (False, True, False), SH.Literal: (False, False, True),
    SH.BlankNodeOrIRI: (True, True, False), SH.BlankNodeOrLiteral: (False, True, True),
    SH.IRIOrLiteral: (True, False, True),
}


def read_shapes(sg: Graph, plain: bool = False) -> list[Shape]:
    """The targeted shapes of `sg`; raises Unsupported for anything fast.py cannot check.
    `plain`: with table terms (see ShapesReader)."""
    return ShapesReader(sg, plain).targeted()
