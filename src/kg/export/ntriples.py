"""N-Triples: one triple a line, lines sorted, so equal graphs give equal files.

Written from the graph's subject index (base.subject_index) in rendered order: subjects,
then predicates, then objects sorted by their N-Triples text. That is the order of the
sorted lines (a rendered IRI ends in '>', which no other IRI text contains, and ' ' sorts
below every character a term can continue with), without building and sorting a million
line strings. Subjects whose texts collide (blank node labels that sanitize alike) fall
back to sorting whole lines.
"""
from __future__ import annotations

from typing import BinaryIO

from rdflib import Graph, Literal, URIRef

from kg.export.base import Exporter, subject_index, write_text
from kg.export.terms import _IRI_BAD, _STRING_BAD
from kg.export.terms import fast_ntriples as term


class NTriplesExporter(Exporter):
    name = "nt"
    suffix = ".nt"

    def write(self, graph: Graph, out: BinaryIO) -> None:
        write_text(out, render(graph))


def render(graph: Graph) -> list[str]:
    """The file's text as a list of lines."""
    spo = subject_index(graph)
    subjects = [(term(s), s) for s in spo]
    if len({text for text, _ in subjects}) != len(subjects):
        return sorted(f"{term(s)} {term(p)} {term(o)} .\n" for s, po in spo.items()
                      for p, objs in po.items() for o in objs)
    subjects.sort(key=_first)
    lines: list[str] = []
    add = lines.append
    bad_iri, bad_string = _IRI_BAD.search, _STRING_BAD.search
    # The loop inlines term() for the two common cases, an IRI or a plain string needing
    # no escapes: at a million triples every call and attribute lookup shows.
    for s_text, s in subjects:
        po = spo[s]
        preds = [(f"<{p}>" if type(p) is URIRef and bad_iri(p) is None else term(p), objs)
                 for p, objs in po.items()]
        if len(preds) > 1:
            preds.sort(key=_first)
        for p_text, objs in preds:
            head = f"{s_text} {p_text} "
            if len(objs) == 1:
                for o in objs:
                    kind = type(o)
                    if kind is URIRef and bad_iri(o) is None:
                        add(f"{head}<{o}> .\n")
                    elif kind is Literal and o._datatype is None and not o._language \
                            and bad_string(o) is None:
                        add(f'{head}"{o}" .\n')
                    else:
                        add(f"{head}{term(o)} .\n")
            else:
                lines.extend([f"{head}{o_text} .\n" for o_text in sorted(map(term, objs))])
    return lines


def _first(pair: tuple) -> str:
    return pair[0]
