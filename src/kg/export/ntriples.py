"""N-Triples: one triple a line, lines sorted, so equal graphs give equal files.

Written from the triple table (kg.triples) in rendered order: subjects,
then predicates, then objects sorted by their N-Triples text. That is the order of the
sorted lines (a rendered IRI ends in '>', which no other IRI text contains, and ' ' sorts
below every character a term can continue with), without building and sorting a million
line strings. Subjects whose texts collide (blank node labels that sanitize alike) fall
back to sorting whole lines.
"""
from __future__ import annotations

from operator import itemgetter
from typing import BinaryIO, Iterator

from rdflib import RDF, Graph

from kg.export.base import Exporter, as_table, write_text
from kg.export.terms import _IRI_BAD, _STRING_BAD, _bad_indexes, typed_cache
from kg.export.terms import term_ntriples as term
from kg.native import native
from kg.triples import Blank, Lit, Table, paused_gc

_TYPE = str(RDF.type)


class NTriplesExporter(Exporter):
    name = "nt"
    suffix = ".nt"
    reads_table = True

    def write(self, graph: Graph | Table, out: BinaryIO) -> None:
        table = as_table(graph)
        with paused_gc():  # the lists made here hold no cycles
            if not write_native(table, out):
                write_text(out, lines(table), chunk=1)


def write_native(table: Table, out: BinaryIO) -> bool:
    """The bytes of lines(table) written to `out` by the C writer (kg/export/_rdftext.c), which
    Python cannot match at 1M triples (issue 6 asks for 20x rdflib's serializer). False, nothing written,
    where it is not built or switched off (kg.native) or the table holds what it leaves to
    lines(): terms of other types, empty lists, literal subjects, colliding subject texts."""
    fast = native("kg.export._rdftext")
    return fast is not None and fast.ntriples(table.spo, out, Blank, Lit)


def lines(graph: Graph | Table) -> Iterator[str]:
    """The file's text, a run of whole lines at a time."""
    spo = as_table(graph).spo
    subjects = list(spo)
    if not all(type(s) is str or type(s) is Blank for s in subjects):
        texts = {s: term(s) for s in subjects}  # a literal subject: not RDF, written as before
    else:
        texts = _iri_texts([s for s in subjects if type(s) is str]) if subjects else {}
        texts.update((s, term(s)) for s in subjects if type(s) is Blank)
    if len(set(texts.values())) != len(subjects):  # blank node labels that sanitize alike
        yield "".join(sorted(f"{term(s)} {term(p)} {term(o)} .\n" for s, po in spo.items()
                             for p, objs in po.items() for o in objs))
        return
    subjects.sort(key=texts.__getitem__)
    known = texts.get
    bad_string = _STRING_BAD.search

    def iri_text(o: str) -> str:
        text = texts[o] = term(o)
        return text

    typed, other = typed_cache(term)  # literals with a datatype, each rendered once

    def other_or_iri(o) -> str:
        return (known(o) or iri_text(o)) if type(o) is str else other(o)

    # the sorted texts of each distinct rdf:type list (a few dozen; most subjects have two
    # or three classes, sorted again for each before)
    type_texts: dict[tuple, list[str]] = {}

    plans: dict[tuple, tuple] = {}

    def plan(sig: tuple) -> tuple:
        """(the predicates' texts + ' ' in text order, the getter of the object lists in that order)."""
        ptexts = {p: term(p) for p in sig}
        ordered = sorted(sig, key=ptexts.__getitem__)
        getter = dict.values if ordered == list(sig) else itemgetter(*ordered)
        found = plans[sig] = (tuple(ptexts[p] + " " for p in ordered), getter)
        return found

    buf: list[str] = []
    append = buf.append
    for s in subjects:
        s_text = texts[s] + " "
        po = spo[s]
        types = po.get(_TYPE)
        sig = tuple(po)
        p_texts, getter = plans.get(sig) or plan(sig)
        for p_text, objs in zip(p_texts, getter(po)):
            head = s_text + p_text
            if len(objs) == 1:
                o = objs[0]
                kind = type(o)
                if kind is str:
                    append(f"{head}{known(o) or iri_text(o)} .\n")
                elif kind is Lit and not o[1] and not o[2] and bad_string(o[0]) is None:
                    append(f'{head}"{o[0]}" .\n')
                else:
                    append(f"{head}{typed.get(o) or other(o)} .\n")
                continue
            if objs is types:
                key = tuple(objs)
                found = type_texts.get(key)
                if found is None:
                    found = type_texts[key] = sorted(map(other_or_iri, objs))
                append(head + (" .\n" + head).join(found) + " .\n")
                continue
            kind = type(objs[0])
            if kind is str and len(set(map(type, objs))) == 1:
                found = list(map(known, objs))
                if None in found:
                    found = [known(o) or iri_text(o) for o in objs]
            elif kind is Lit and len(set(map(type, objs))) == 1:
                found = [f'"{o[0]}"' if not o[1] and not o[2] and bad_string(o[0]) is None else other(o)
                         for o in objs]
            else:
                found = list(map(term, objs))
            found.sort()
            append(head + (" .\n" + head).join(found) + " .\n")
        if len(buf) > 8192:
            yield "".join(buf)
            buf.clear()
    if buf:
        yield "".join(buf)


def _iri_texts(iris: list[str]) -> dict[str, str]:
    """IRI -> its text, for many IRIs by C-level joins: only those needing escapes one by one."""
    joined = "<" + ">\n<".join(iris) + ">"
    if joined.count("\n") != len(iris) - 1:  # an IRI with a line break would shift the split
        return {i: term(i) for i in iris}
    texts = dict(zip(iris, joined.split("\n")))
    for i in _bad_indexes(iris, _IRI_BAD):
        texts[iris[i]] = term(iris[i])
    return texts
