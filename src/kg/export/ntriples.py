"""N-Triples: one triple a line, lines sorted, so equal graphs give equal files.

Written from the triple table (kg.triples) in rendered order: subjects,
then predicates, then objects sorted by their N-Triples text. That is the order of the
sorted lines (a rendered IRI ends in '>', which no other IRI text contains, and ' ' sorts
below every character a term can continue with), without building and sorting a million
line strings. Subjects whose texts collide (blank node labels that sanitize alike) fall
back to sorting whole lines.
"""
from __future__ import annotations

from typing import BinaryIO, Iterator

from rdflib import Graph

from kg.export.base import Exporter, as_table, write_text
from kg.export.terms import _IRI_BAD, _STRING_BAD
from kg.export.terms import term_ntriples as term
from kg.triples import Lit, Table


class NTriplesExporter(Exporter):
    name = "nt"
    suffix = ".nt"
    reads_table = True

    def write(self, graph: Graph | Table, out: BinaryIO) -> None:
        write_text(out, lines(graph))


def lines(graph: Graph | Table) -> Iterator[str]:
    """The file's text, line by line."""
    spo = as_table(graph).spo
    subjects = [(term(s), s) for s in spo]
    if len({text for text, _ in subjects}) != len(subjects):
        yield from sorted(f"{term(s)} {term(p)} {term(o)} .\n" for s, po in spo.items()
                          for p, objs in po.items() for o in objs)
        return
    subjects.sort(key=_first)
    bad_iri, bad_string = _IRI_BAD.search, _STRING_BAD.search
    texts: dict[str, str] = {}  # predicate -> its text: a few dozen, each used many times
    # The loop inlines term() for the two common cases, an IRI or a plain string needing
    # no escapes: at a million triples every call and attribute lookup shows.
    for s_text, s in subjects:
        po = spo[s]
        preds = []
        for p, objs in po.items():
            p_text = texts.get(p)
            if p_text is None:
                p_text = texts[p] = term(p)
            preds.append((p_text, objs))
        if len(preds) > 1:
            preds.sort(key=_first)
        for p_text, objs in preds:
            head = f"{s_text} {p_text} "
            if len(objs) == 1:
                o = objs[0]
                kind = type(o)
                if kind is str and bad_iri(o) is None:
                    yield f"{head}<{o}> .\n"
                elif kind is Lit and not o[1] and not o[2] and bad_string(o[0]) is None:
                    yield f'{head}"{o[0]}" .\n'
                else:
                    yield f"{head}{term(o)} .\n"
            else:
                yield from [f"{head}{o_text} .\n" for o_text in sorted(map(term, objs))]


def _first(pair: tuple) -> str:
    return pair[0]
