"""Turtle, written by hand because rdflib's serializer does not promise a stable order.

Subjects sorted by IRI, predicates sorted with rdf:type ('a') first, objects sorted; data
IRIs written relative to `@base` (the `id:` namespace) where that reads back unchanged.
"""
from __future__ import annotations

import re
import string
from itertools import compress, repeat
from operator import getitem, itemgetter
from typing import BinaryIO, Iterator

from rdflib import OWL, RDF, RDFS, Graph

from kg.export import terms
from kg.export.base import Exporter, as_table, write_text
from kg.map.vocab import ID, KG, ORG, PROV, SCHEMA, SKOS, XSD
from kg.native import native
from kg.triples import Blank, Lit, Table, Term, paused_gc

PREFIXES: tuple[tuple[str, str], ...] = (
    ("kg", str(KG)), ("id", str(ID)), ("schema", str(SCHEMA)), ("org", str(ORG)),
    ("prov", str(PROV)), ("skos", str(SKOS)), ("rdf", str(RDF)), ("rdfs", str(RDFS)),
    ("xsd", str(XSD)), ("owl", str(OWL)),
)
# A conservative subset of PN_LOCAL: no escapes needed, cannot end in '.'.
_LOCAL = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")
# A relative path that resolves against @base to exactly base + path: no scheme-like first
# segment (no ':'), no '.'/'..' segments, no query or fragment.
_RELATIVE = re.compile(r"[A-Za-z0-9_~%-][A-Za-z0-9_.~%-]*(/[A-Za-z0-9_~%-][A-Za-z0-9_.~%-]*)*")
# The characters _RELATIVE allows, for str.translate to delete; the pairs that start a segment
# it does not allow (empty, or starting with '.') in rests written one a line between breaks.
_RELATIVE_CHARS = dict.fromkeys(map(ord, string.ascii_letters + string.digits + "_.~%/-"))
_NOT_RELATIVE = ("/.", "//", "/\n", "\n.", "\n/", "\n\n")
_INTEGER = re.compile(r"[+-]?[0-9]+")
_DECIMAL = re.compile(r"[+-]?[0-9]*\.[0-9]+")
_ID = str(ID)


_TYPE = str(RDF.type)
_INTEGER_DT, _DECIMAL_DT, _BOOLEAN_DT = str(XSD.integer), str(XSD.decimal), str(XSD.boolean)
_HEAD = f"@base <{ID}> .\n" + "".join(f"@prefix {p}: <{ns}> .\n" for p, ns in PREFIXES)
_NAMES = tuple((p, ns) for p, ns in PREFIXES if p != "id")  # those _iri() and the C writer write prefixed names of


class TurtleExporter(Exporter):
    name = "ttl"
    suffix = ".ttl"
    reads_table = True

    def write(self, graph: Graph | Table, out: BinaryIO) -> None:
        table = as_table(graph)
        with paused_gc():  # the lists and tuples made here hold no cycles
            if not write_native(table, out):
                write_text(out, lines(table), chunk=1)


def write_native(table: Table, out: BinaryIO) -> bool:
    """The bytes of lines(table) written to `out` by the C writer (kg/export/_rdftext.c),
    several times faster. False, nothing written, where it is not built or switched off
    (kg.native) or the table holds what it leaves to lines(): terms of other types, empty
    lists or predicate dicts."""
    fast = native("kg.export._rdftext")
    return fast is not None and fast.turtle(table.spo, out, _HEAD, Blank, Lit, _ID, _NAMES, _TYPE,
                                            _INTEGER_DT, _DECIMAL_DT, _BOOLEAN_DT)


def render(graph: Graph | Table) -> str:
    """The whole graph as Turtle text."""
    return "".join(lines(graph))


def lines(graph: Graph | Table) -> Iterator[str]:
    """The Turtle text, a run of whole lines at a time.

    Read from the triple table (kg.triples), already grouped by subject and predicate. IRIs
    are rendered once each (a cache: entities recur as objects), plain strings without
    escapes inline; objects are sorted only where a predicate has several, in C where they
    are all IRIs or all literals (their sort key is then their own order). The order of the
    predicates is worked out once per distinct predicate order of a subject (a few dozen).
    """
    yield _HEAD
    spo = as_table(graph).spo
    iris: dict[str, str] = {}
    known = iris.get
    bad_string = terms._STRING_BAD.search
    typed, other = terms.typed_cache(_term)  # literals with a datatype, each rendered once

    def obj(o: Term) -> str:
        kind = type(o)
        if kind is str:
            text = iris.get(o)
            if text is None:
                text = iris[o] = _iri(o)
            return text
        if kind is Lit and not o[1] and not o[2] and bad_string(o[0]) is None:
            return f'"{o[0]}"'
        return other(o)

    def objects(objs: list[Term]) -> str:
        """The text of an object list of several: sorted, joined."""
        kind = type(objs[0])
        if (kind is str or kind is Lit) and len(set(map(type, objs))) == 1:
            objs = sorted(objs)  # = sorted by term_sort_key: (0, iri) or (2, *literal)
        else:
            kind = None
            objs = sorted(objs, key=terms.term_sort_key)
        if kind is str:
            texts = list(map(known, objs))
            if None in texts:
                texts = list(map(obj, objs))
        elif kind is Lit:
            texts = [f'"{o[0]}"' if not o[1] and not o[2] and bad_string(o[0]) is None else other(o)
                     for o in objs]
        else:
            texts = list(map(obj, objs))
        return " ,\n        ".join(texts)

    plans: dict[tuple, tuple] = {}

    def plan(sig: tuple) -> tuple:
        """(('    verb ', end) per predicate in written order, getter of the object lists in
        that order, a cache of the rdf:type line by type list where the subject has types)."""
        ordered = sorted(sig, key=lambda p: (p != _TYPE, terms.term_sort_key(p)))
        last = len(ordered) - 1
        heads = tuple((f"    {'a' if p == _TYPE else _term(p)} ", " .\n" if i == last else " ;\n")
                      for i, p in enumerate(ordered))
        getter = dict.values if ordered == list(sig) else itemgetter(*ordered)
        found = plans[sig] = (heads, getter, {} if ordered[0] == _TYPE else None)
        return found

    # all-IRI subjects (what kg maps) sort as plain strings, in C
    plain = all(type(s) is str for s in spo)
    if plain:  # most objects that are IRIs are subjects too
        iris.update(_relative_iris(list(spo)))
    buf: list[str] = []
    append = buf.append
    for s in (sorted(spo) if plain else sorted(spo, key=terms.term_sort_key)):
        append(f"\n{known(s) or obj(s)}\n")
        po = spo[s]
        sig = tuple(po)
        heads, getter, types = plans.get(sig) or plan(sig)
        pairs = zip(heads, getter(po))
        if types is not None:
            # the rdf:type line (first) from a cache: a few dozen distinct type lists, most of
            # them of two or three classes, which took a sort and a join for each subject
            (head, end), objs = next(pairs)
            key = tuple(objs)
            line = types.get(key)
            if line is None:
                line = types[key] = f"{head}{obj(objs[0]) if len(objs) == 1 else objects(objs)}{end}"
            append(line)
        for (head, end), objs in pairs:
            if len(objs) == 1:
                o = objs[0]
                kind = type(o)
                if kind is str:
                    text = known(o) or obj(o)
                elif kind is Lit and not o[1] and not o[2] and bad_string(o[0]) is None:
                    text = f'"{o[0]}"'
                else:
                    text = typed.get(o) or other(o)
                append(f"{head}{text}{end}")
            else:
                append(f"{head}{objects(objs)}{end}")
        if len(buf) > 4096:
            yield "".join(buf)
            buf.clear()
    if buf:
        yield "".join(buf)


def _term(t: Term) -> str:
    kind = type(t)
    if kind is str:
        return _iri(t)
    if kind is Lit:
        return _literal(t)
    return terms.term_ntriples(t)


def _relative_iris(values: list[str]) -> dict[str, str]:
    """_iri() of those of the IRIs that are written relative to @base (kg's data IRIs), by
    C-level passes over all of them: those starting with the base whose rest is a plain
    relative path, which needs no escape. The others are left to _iri()."""
    cut = len(_ID)
    based = list(compress(values, map(str.startswith, values, repeat(_ID))))
    rests = list(map(getitem, based, repeat(slice(cut, None))))
    # All of them at once, as lines: when no line has a character _RELATIVE does not allow
    # (translate() deleting those it does leaves only line breaks) and none has a segment
    # that is empty or starts with '.', they all match; else each is matched on its own
    # (a regex call per IRI: 0.2 s at 10k articles)
    joined = "\n" + "\n".join(rests) + "\n"
    if len(joined.translate(_RELATIVE_CHARS)) != len(rests) + 1 or any(map(joined.__contains__, _NOT_RELATIVE)):
        ok = list(map(_RELATIVE.fullmatch, rests))
        based, rests = list(compress(based, ok)), list(compress(rests, ok))
    return dict(zip(based, ("<" + ">\n<".join(rests) + ">").split("\n"))) if based else {}


def _iri(value: str) -> str:
    if value.startswith(_ID) and _RELATIVE.fullmatch(value[len(_ID):]):
        return f"<{value[len(_ID):]}>"  # _RELATIVE allows no character IRIREF forbids
    best = max(((p, ns) for p, ns in _NAMES if value.startswith(ns)),
               key=lambda pn: len(pn[1]), default=None)
    if best and _LOCAL.fullmatch(value[len(best[1]):]):
        return f"{best[0]}:{value[len(best[1]):]}"
    return terms.iri(value)


def _literal(lit: Lit) -> str:
    text, dt, language = lit
    # Turtle's bare numbers and booleans read back as exactly these lexical forms and types
    if dt == _INTEGER_DT and _INTEGER.fullmatch(text):
        return text
    if dt == _DECIMAL_DT and _DECIMAL.fullmatch(text):
        return text
    if dt == _BOOLEAN_DT and text in ("true", "false"):
        return text
    body = terms.string(text)
    if language:
        return f"{body}@{language}"
    return f"{body}^^{_iri(dt)}" if dt else body
