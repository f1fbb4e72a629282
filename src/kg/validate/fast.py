"""A SHACL validator compiled from the shapes graph, checking value nodes over plain dicts.

It gives the results pyshacl gives (same focus node, path, constraint component and value;
pyshacl stays the reference, see tests/test_validate_fast.py) for the components shapes.py
reads, about two orders of magnitude faster on large graphs: pyshacl answers every
`objects(s, p)` through rdflib's generic triple pattern machinery and re-walks the class
hierarchy for each value, while here each lookup is one dict access into a triple table of
plain strings and tuples (kg.triples) and the class hierarchy is closed once. Shapes are read
with their terms in the same plain form (read_shapes(..., plain=True)).

Data graph = the graph plus the ontology (as pyshacl's ont_graph= mixes it in), so that
rdfs:subClassOf in either reaches sh:targetClass and sh:class.
"""
from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal
from typing import Callable, Iterable

from rdflib import RDF, RDFS, XSD
from rdflib.namespace import SH

from kg.triples import Blank, Lit, Table, Term, to_node
from kg.validate.shapes import Shape

_TYPE = str(RDF.type)
_SUBCLASS = str(RDFS.subClassOf)
_XSD_STRING = str(XSD.string)
_LANGSTRING = str(RDF.langString)
_RDFS_LITERAL = str(RDFS.Literal)
_RDFS_DATATYPE = str(RDFS.Datatype)

_EMPTY: dict = {}
Result = tuple[Term, "str | None", str, "Term | None", Shape]


class Index:
    """subject -> predicate -> objects, for the graph and the ontology together."""

    def __init__(self, table: Table, extra: Table | None, predicates: Iterable[str] = ()) -> None:
        """`predicates`: those whose subjects subjects_with() will be asked for (sh:targetSubjectsOf)."""
        self.spo = table.spo
        self.more: dict[Term, dict[str, dict[Term, int]]] = {}
        if extra is not None:  # the ontology: small, indexed whole, looked up only when needed
            for s, p, o in extra:
                if o not in self.spo.get(s, _EMPTY).get(p, ()):
                    self.more.setdefault(s, {}).setdefault(p, {})[o] = 1
        self._by_type: dict[Term, dict[Term, None]] = {}
        self._having: dict[str, list[Term]] = {p: [] for p in predicates}
        self.supers = self._close_classes(self._scan())
        self._instance_memo: dict[tuple, frozenset] = {}
        self._node_classes: dict[Term, frozenset[Term]] = {}
        self._members: dict[frozenset[Term], frozenset[Term]] = {}

    def objects(self, s: Term, p: str) -> Iterable[Term]:
        found = self.spo.get(s, _EMPTY).get(p, ())
        if s in self.more:
            extra = self.more[s].get(p)
            if extra:
                return [*found, *extra]
        return found

    def subjects_with(self, p: str) -> list[Term]:
        found = self._having.get(p)
        if found is not None:
            return list(found)
        return [s for src in (self.spo, self.more) for s, po in src.items() if p in po]

    def _scan(self) -> dict[Term, set[Term]]:
        """One pass over the subjects of graph and ontology for what needs them all: class ->
        its direct instances, in subject order (into _by_type), the subjects of each predicate
        of _having, and the direct superclasses it returns. At 10k articles a pass costs 0.1 s,
        each visit of a node's dict a cache miss: three passes were three times that."""
        by_type, having = self._by_type, list(self._having.items())
        direct: dict[Term, set[Term]] = {}
        for src in (self.spo, self.more):
            for s, po in src.items():
                types = po.get(_TYPE)
                if types:
                    for t in types:
                        of_type = by_type.get(t)
                        if of_type is None:
                            of_type = by_type[t] = {}
                        of_type[s] = None
                ups = po.get(_SUBCLASS)
                if ups:
                    direct.setdefault(s, set()).update(ups)
                for p, subjects in having:
                    if p in po:
                        subjects.append(s)
        return direct

    def objects_of(self, p: str) -> set[Term]:
        return {o for src in (self.spo, self.more) for po in src.values() for o in po.get(p, ())}

    @staticmethod
    def _close_classes(direct: dict[Term, set[Term]]) -> dict[Term, frozenset[Term]]:
        """class -> itself and every superclass, over rdfs:subClassOf (`direct`: class -> the
        classes it names) in graph and ontology."""
        closed: dict[Term, frozenset[Term]] = {}
        for start in direct:
            seen, todo = {start}, [start]
            while todo:
                for up in direct.get(todo.pop(), ()):
                    if up not in seen:
                        seen.add(up)
                        todo.append(up)
            closed[start] = frozenset(seen)
        return closed

    def classes_of(self, node: Term) -> frozenset[Term]:
        """Every class `node` is an instance of, through rdf:type/rdfs:subClassOf*."""
        found = self._node_classes.get(node)
        if found is None:
            if node in self.more:
                types = tuple(self.objects(node, _TYPE))
            else:
                po = self.spo.get(node)
                types = tuple(po.get(_TYPE, ())) if po is not None else ()
            found = self._instance_memo.get(types)
            if found is None:
                found = frozenset().union(*(self.supers.get(t, (t,)) for t in types))
                self._instance_memo[types] = found
            self._node_classes[node] = found
        return found

    def members(self, classes: frozenset[Term]) -> frozenset[Term]:
        """The nodes (no literals) whose classes_of meets `classes`: what passes sh:class (or
        an sh:or of them), as a set to test values against whole."""
        found = self._members.get(classes)
        if found is None:
            found = set()
            for t, nodes in self._by_type.items():
                if not classes.isdisjoint(self.supers.get(t, (t,))):
                    found.update(nodes)
            found = self._members[classes] = frozenset(n for n in found if type(n) is not Lit)
        return found

    def instances(self, cls: Term) -> list[Term]:
        """Focus nodes of sh:targetClass `cls`: instances of it and of its subclasses."""
        found: dict[Term, None] = {}
        for c in sorted({c for c, ups in self.supers.items() if cls in ups} | {cls}, key=str):
            found.update(self._by_type.get(c, _EMPTY))
        return list(found)


_PYTHON_TYPES = {XSD.integer: int, XSD.float: float, XSD.decimal: Decimal, XSD.boolean: bool,
                 XSD.date: date, XSD.time: time, XSD.dateTime: datetime}
_STRINGS = (XSD.string, RDF.langString)


def _actual_datatype(value: object, dt: object) -> bool:
    """pyshacl's check that a literal's Python value has the datatype's type."""
    if dt in _STRINGS:
        return isinstance(value, (str, bytes))
    kind = _PYTHON_TYPES.get(dt)
    return True if kind is None else isinstance(value, kind)


def well_typed(v: Lit) -> bool:
    """rdflib's reading of a typed literal: not ill-typed, and its Python value of the type."""
    lit = to_node(v)
    return getattr(lit, "ill_typed", None) is not True and _actual_datatype(lit.value, lit.datatype)


def datatype_ok(v: Term, dt: str, memo: dict[Lit, bool] | None = None) -> bool:
    """SHACL sh:datatype as pyshacl reads it: same IRI and well-formed (rdflib's ill_typed).
    `memo` keeps well_typed's answer per literal: dates and numbers recur."""
    if type(v) is not Lit:
        return False
    _, datatype, language = v
    if not datatype:
        # a plain literal is an xsd:string whose Python value is the string itself
        if not language:
            return dt == _XSD_STRING or dt == _RDFS_LITERAL
        return dt == _LANGSTRING or dt == _RDFS_LITERAL
    if datatype == dt:
        if memo is None:
            return well_typed(v)
        ok = memo.get(v)
        if ok is None:
            ok = memo[v] = well_typed(v)
        return ok
    return dt == _RDFS_LITERAL or dt == _RDFS_DATATYPE


class Validator:
    """Evaluates shapes against one Index; `run` gives every result, in a fixed order."""

    def __init__(self, index: Index) -> None:
        self.index = index
        self._classes: dict[int, tuple[list[Shape], list[Term] | None, frozenset[Term] | None]] = {}
        # per shape (by id; the shapes live as long as the run): its constraints with their
        # check functions, and the components that fail on no values at all
        self._plans: dict[int, tuple[Shape, list[tuple[str, Callable, object]], list[str]]] = {}
        typed: dict[Lit, bool] = {}
        self.checks: dict[str, Callable[[object, list[Term]], list]] = {
            "ClassConstraintComponent": self._class,
            "DatatypeConstraintComponent": lambda dt, vs: [v for v in vs if not datatype_ok(v, dt, typed)],
            "NodeKindConstraintComponent": self._node_kind,
            "MinCountConstraintComponent": lambda n, vs: [None] if len(vs) < n else [],
            "MaxCountConstraintComponent": lambda n, vs: [None] if len(vs) > n else [],
            "MinLengthConstraintComponent": lambda n, vs: [] if n == 0 else [
                v for v in vs if type(v) is Blank or len(str(v)) < n],
            "MaxLengthConstraintComponent": lambda n, vs: [
                v for v in vs if type(v) is Blank or len(str(v)) > n],
            "PatternConstraintComponent": lambda rx, vs: [
                v for v in vs if type(v) is Blank or not rx.search(str(v))],
            "InConstraintComponent": lambda allowed, vs: [v for v in vs if v not in allowed],
            "OrConstraintComponent": self._or,
            "XoneConstraintComponent": self._xone,
            "AndConstraintComponent": lambda shapes, vs: [
                v for v in vs if not all(self.conforms(s, v) for s in shapes)],
            "NotConstraintComponent": lambda shape, vs: [v for v in vs if self.conforms(shape, v)],
            "NodeConstraintComponent": lambda shape, vs: [v for v in vs if not self.conforms(shape, v)],
        }

    def _alternatives(self, shapes: list[Shape]) -> list[Term] | None:
        """_class_alternatives, once per list of shapes (the shapes' own lists live on)."""
        return self._alternative_set(shapes)[1]

    def _alternative_set(self, shapes: list[Shape]) -> tuple:
        found = self._classes.get(id(shapes))
        if found is None:
            classes = _class_alternatives(shapes)
            found = self._classes[id(shapes)] = (shapes, classes,
                                                 None if classes is None else frozenset(classes))
        return found

    def _or(self, shapes: list[Shape], values: list[Term]) -> list[Term]:
        _, classes, wanted = self._alternative_set(shapes)
        if classes is not None:  # sh:or of plain sh:class shapes: one lookup per value
            classes_of = self.index.classes_of
            return [v for v in values if type(v) is Lit or wanted.isdisjoint(classes_of(v))]
        return [v for v in values if not any(self.conforms(s, v) for s in shapes)]

    def _xone(self, shapes: list[Shape], values: list[Term]) -> list[Term]:
        classes = self._alternatives(shapes)
        if classes is not None:  # each class shape conforms iff its class is among v's classes
            classes_of = self.index.classes_of
            return [v for v in values if type(v) is Lit
                    or sum(c in classes_of(v) for c in classes) != 1]
        return [v for v in values if sum(self.conforms(s, v) for s in shapes) != 1]

    def _class(self, cls: Term, values: list[Term]) -> list[Term]:
        classes_of = self.index.classes_of
        return [v for v in values if type(v) is Lit or cls not in classes_of(v)]

    @staticmethod
    def _node_kind(kinds: tuple[bool, bool, bool], values: list[Term]) -> list[Term]:
        iri, blank, literal = kinds
        return [v for v in values if not ((iri and type(v) is str) or (blank and type(v) is Blank)
                                          or (literal and type(v) is Lit))]

    def focus_nodes(self, shape: Shape) -> list[Term]:
        found: dict[Term, None] = {}
        for cls in shape.targets[SH.targetClass]:
            found.update(dict.fromkeys(self.index.instances(cls)))
        found.update(dict.fromkeys(shape.targets[SH.targetNode]))
        for p in shape.targets[SH.targetSubjectsOf]:
            found.update(dict.fromkeys(self.index.subjects_with(p)))
        for p in shape.targets[SH.targetObjectsOf]:
            found.update(dict.fromkeys(sorted(self.index.objects_of(p), key=str)))
        return list(found)

    def run(self, shapes: list[Shape]) -> list[Result]:
        results: list[Result] = []
        for shape in shapes:
            if shape.path is None:
                self._run_node(shape, self.focus_nodes(shape), results)
            else:
                for focus in self.focus_nodes(shape):
                    self.check(shape, focus, results)
        return results

    def _run_node(self, shape: Shape, foci: list[Term], out: list[Result]) -> None:
        """check(shape, focus, out) for each focus of a node shape, in the same order with
        the same results; its property shapes are run inline, minCount, maxCount, sh:class,
        sh:datatype and sh:or of classes without a call each (the checks of millions of nodes)."""
        _, node_checks, _ = self._plan(shape)
        props = []
        for prop in shape.properties:
            _, checks, empty = self._plan(prop)
            steps = [self._step(name, fn, param) for name, fn, param in checks]
            props.append((prop, prop.path, steps, empty, *self._quick(steps)))
        index = self.index
        spo, more = index.spo, index.more
        node_classes, classes_of = index._node_classes, index.classes_of
        typed: dict[Lit, bool] = {}
        check = self.check
        for focus in foci:
            if node_checks:
                values = [focus]
                for name, fn, param in node_checks:
                    bad = fn(param, values)
                    if bad:
                        out.extend((focus, None, name, v, shape) for v in bad)
            if focus in more:
                po = None
            else:
                po = spo.get(focus)
                if po is None:
                    po = _EMPTY
            for prop, path, steps, empty, quick, lo, hi, members, patterns in props:
                if path is None or po is None:  # a node shape as a property, or an ontology node
                    check(prop, focus, out)
                    continue
                values = po.get(path, ())
                if not values:
                    if empty:
                        out.extend((focus, path, name, None, prop) for name in empty)
                    continue
                # nearly every property of nearly every node passes: answered at once where the
                # steps are counts and one class (a set lookup) or plain strings; the steps
                # below only where something may fail, and they give the results
                if quick and lo <= len(values) <= hi and not prop.properties:
                    if members is not None:
                        if members.issuperset(values):
                            continue
                    elif patterns is not None:
                        for v in values:
                            if type(v) is not Lit or v[1] or v[2]:
                                break
                            text = v[0]
                            if not all(rx.search(text) for rx in patterns):
                                break
                        else:
                            continue
                    else:
                        continue
                for step, name, fn, param in steps:
                    if step == _MIN:
                        if len(values) < param:
                            out.append((focus, path, name, None, prop))
                    elif step == _MAX:
                        if len(values) > param:
                            out.append((focus, path, name, None, prop))
                    elif step == _CLASSES:  # sh:class, or an sh:or of sh:class shapes: param the classes
                        for v in values:
                            if type(v) is Lit:
                                out.append((focus, path, name, v, prop))
                            else:
                                found = node_classes.get(v)
                                if found is None:
                                    found = classes_of(v)
                                if param.isdisjoint(found):
                                    out.append((focus, path, name, v, prop))
                    elif step == _DATATYPE:
                        for v in values:
                            # a plain string: the commonest value and datatype, answered here
                            if type(v) is Lit and not v[1] and not v[2] \
                                    and (param == _XSD_STRING or param == _RDFS_LITERAL):
                                continue
                            if not datatype_ok(v, param, typed):
                                out.append((focus, path, name, v, prop))
                    else:
                        bad = fn(param, values)
                        if bad:
                            out.extend((focus, path, name, v, prop) for v in bad)
                if prop.properties:
                    for nested in prop.properties:
                        for v in values:
                            check(nested, v, out)

    def _step(self, name: str, fn: Callable, param: object) -> tuple[int, str, Callable, object]:
        """How _run_node runs one constraint: (step, name, check function, parameter)."""
        if name == "ClassConstraintComponent":
            return (_CLASSES, name, fn, frozenset((param,)))
        if name == "OrConstraintComponent":
            _, classes, wanted = self._alternative_set(param)
            if classes is None:  # not all plain sh:class shapes: _or's general way, once a value
                return (_GENERIC, name, _by_value(fn), param)
            return (_CLASSES, name, fn, wanted)
        if name in _SHAPE_TESTS:
            return (_GENERIC, name, _by_value(fn), param)
        return (_STEPS.get(name, _GENERIC), name, fn, param)

    def _quick(self, steps: list[tuple[int, str, Callable, object]]) -> tuple:
        """How _run_node tells at once that a property's values pass all its steps:
        (quick, lo, hi, members, patterns). `quick` is False where it cannot (any step but
        counts, one class or an sh:or of classes, and sh:datatype xsd:string with sh:pattern).
        Else the values pass if their number is in lo..hi and, with `members`, each is one of
        those nodes (the nodes of the classes: what classes_of and the step find); with
        `patterns`, each is a plain string that every pattern finds."""
        lo, hi, members, patterns = 0, float("inf"), None, None
        for step, name, _, param in steps:
            if step == _MIN:
                lo = max(lo, param)
            elif step == _MAX:
                hi = min(hi, param)
            elif step == _CLASSES and members is None and patterns is None:
                members = self.index.members(param)
            elif step == _DATATYPE and param == _XSD_STRING and members is None and patterns is None:
                patterns = []
            elif name == "PatternConstraintComponent" and patterns is not None:
                patterns.append(param)
            else:
                return (False, lo, hi, None, None)
        return (True, lo, hi, members, patterns)

    def conforms(self, shape: Shape, focus: Term) -> bool:
        return self.check(shape, focus, None)

    def _plan(self, shape: Shape) -> tuple[Shape, list[tuple[str, Callable, object]], list[str]]:
        plan = self._plans.get(id(shape))
        if plan is None:
            checks = [(name, self.checks[name], param) for name, param in shape.constraints]
            # on no values every component passes but a minCount above 0
            empty = [name for name, param in shape.constraints
                     if name == "MinCountConstraintComponent" and param > 0]
            plan = self._plans[id(shape)] = (shape, checks, empty)
        return plan

    def check(self, shape: Shape, focus: Term, out: list[Result] | None) -> bool:
        """Validate one focus node; append results to `out`, or with out=None stop at the
        first failure (nested shapes inside sh:or and friends only need a yes or no)."""
        _, checks, empty = self._plan(shape)
        path = shape.path
        if path is None:
            values = [focus]
        else:
            index = self.index
            if focus in index.more:
                values = list(index.objects(focus, path))
            else:
                po = index.spo.get(focus)
                values = po.get(path, ()) if po is not None else ()  # only read, never changed
            if not values:  # most optional properties: only a minCount can fail, nothing nests
                if not empty:
                    return True
                if out is not None:
                    out.extend((focus, path, name, None, shape) for name in empty)
                return False
        ok = True
        for name, fn, param in checks:
            bad = fn(param, values)
            if bad:
                if out is None:
                    return False
                ok = False
                out.extend((focus, path, name, v, shape) for v in bad)
        if shape.properties:
            check = self.check
            for prop in shape.properties:
                for v in values:
                    if not check(prop, v, out):
                        ok = False
                        if out is None:
                            return False
        return ok


_GENERIC, _MIN, _MAX, _CLASSES, _DATATYPE = range(5)
_STEPS = {"MinCountConstraintComponent": _MIN, "MaxCountConstraintComponent": _MAX,
          "DatatypeConstraintComponent": _DATATYPE}  # sh:class and sh:or: see _step


# components that test each value alone against other shapes: a value's answer is the same
# wherever it occurs
_SHAPE_TESTS = frozenset(("XoneConstraintComponent", "AndConstraintComponent", "NotConstraintComponent",
                          "NodeConstraintComponent"))


def _by_value(fn: Callable[[object, list[Term]], list]) -> Callable[[object, list[Term]], list]:
    """fn(param, values), for a component that tests each value alone, with each distinct
    value tested once (for one parameter: _step makes one per property shape per run). The
    events' dates and the figures' numbers recur, and each test of an sh:or of datatypes
    ran the nested shapes through check()."""
    memo: dict[Term, bool] = {}

    def bad_values(param: object, values: list[Term]) -> list[Term]:
        bad = []
        for v in values:
            ok = memo.get(v)
            if ok is None:
                ok = memo[v] = not fn(param, [v])
            if not ok:
                bad.append(v)
        return bad

    return bad_values


def _class_alternatives(shapes: list[Shape]) -> list[Term] | None:
    """The classes, when every shape is a node shape with one sh:class and nothing else."""
    classes = []
    for s in shapes:
        if s.path is not None or s.properties or len(s.constraints) != 1 \
                or s.constraints[0][0] != "ClassConstraintComponent":
            return None
        classes.append(s.constraints[0][1])
    return classes


def shape_predicates(shapes: list[Shape]) -> set[str]:
    """Every path and target predicate the shapes (and the shapes they nest) look at."""
    found: set[str] = set()
    seen: set[int] = set()
    todo = list(shapes)
    while todo:
        shape = todo.pop()
        if id(shape) in seen:
            continue
        seen.add(id(shape))
        if shape.path is not None:
            found.add(shape.path)
        found.update(shape.targets[SH.targetSubjectsOf])
        found.update(shape.targets[SH.targetObjectsOf])
        todo.extend(shape.properties)
        for _, param in shape.constraints:
            if isinstance(param, Shape):
                todo.append(param)
            elif isinstance(param, list):
                todo.extend(p for p in param if isinstance(p, Shape))
    return found
