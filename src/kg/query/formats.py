"""Writing query answers: the W3C SPARQL 1.1 results formats (JSON, CSV, TSV, XML), a readable
text table, and Turtle or N-Triples for CONSTRUCT/DESCRIBE. Same answer in, same text out."""
from __future__ import annotations

import csv
import io
import json
from typing import Callable
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox

from kg.errors import QueryError
from kg.query.engines import PREFIXES
from kg.query.terms import Answer, Bindings, Boolean, Term, Triples

XSD = "http://www.w3.org/2001/XMLSchema#"
# media types of the formats, for `kg serve`'s content negotiation
MEDIA_TYPES = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
    "table": "text/plain",
    "ttl": "text/turtle",
    "nt": "application/n-triples",
}
RESULT_FORMATS = ("table", "csv", "tsv", "json", "xml")
GRAPH_FORMATS = ("ttl", "nt")


def write_answer(answer: Answer, fmt: str) -> str:
    """The answer as text in format `fmt`. A CONSTRUCT answer is Turtle under 'table' or
    'ttl' and N-Triples under 'nt'; a SELECT or ASK answer takes one of RESULT_FORMATS.
    Raises QueryError when the format does not fit the kind of answer."""
    if isinstance(answer, Triples):
        if fmt in ("table", "ttl"):
            return _turtle(answer)
        if fmt == "nt":
            return "".join(f"{s.n3()} {p.n3()} {o.n3()} .\n" for s, p, o in sorted(answer.triples))
        raise QueryError(f"a CONSTRUCT or DESCRIBE answer is a graph: use --format ttl or nt, not {fmt}")
    writer = _WRITERS.get(fmt)
    if writer is None:
        raise QueryError(f"a SELECT or ASK answer is a table: use --format {'|'.join(RESULT_FORMATS)}, not {fmt}")
    return writer(answer)


def _json(answer: Answer) -> str:
    if isinstance(answer, Boolean):
        data: dict = {"head": {}, "boolean": answer.value}
    else:
        data = {"head": {"vars": answer.variables},
                "results": {"bindings": [{n: _json_term(t) for n, t in zip(answer.variables, row) if t is not None}
                                         for row in answer.rows]}}
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


def _json_term(t: Term) -> dict[str, str]:
    out = {"type": t.kind, "value": t.value}
    if t.lang:
        out["xml:lang"] = t.lang
    elif t.datatype:
        out["datatype"] = t.datatype
    return out


def _csv(answer: Answer) -> str:
    # W3C CSV: values only, no types; lines end with CRLF
    if isinstance(answer, Boolean):
        return ("true" if answer.value else "false") + "\r\n"
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(answer.variables)
    for row in answer.rows:
        w.writerow(["" if t is None else (f"_:{t.value}" if t.kind == "bnode" else t.value) for t in row])
    return buf.getvalue()


_BARE = {XSD + "integer", XSD + "decimal", XSD + "double", XSD + "boolean"}


def _tsv(answer: Answer) -> str:
    # W3C TSV: terms in SPARQL syntax, header of ?vars, numbers and booleans may stand bare
    if isinstance(answer, Boolean):
        return ("true" if answer.value else "false") + "\n"
    lines = ["\t".join("?" + v for v in answer.variables)]
    for row in answer.rows:
        lines.append("\t".join("" if t is None else _tsv_term(t) for t in row))
    return "\n".join(lines) + "\n"


def _tsv_term(t: Term) -> str:
    if t.kind == "literal" and t.datatype in _BARE and "\t" not in t.value:
        return t.value
    return t.n3().replace("\t", "\\t")


def _xml(answer: Answer) -> str:
    out = ['<?xml version="1.0"?>', '<sparql xmlns="http://www.w3.org/2005/sparql-results#">']
    if isinstance(answer, Boolean):
        out += ["<head/>", f"<boolean>{'true' if answer.value else 'false'}</boolean>"]
    else:
        out.append("<head>" + "".join(f"<variable name={quoteattr(v)}/>" for v in answer.variables) + "</head>")
        out.append("<results>")
        for row in answer.rows:
            cells = "".join(f"<binding name={quoteattr(n)}>{_xml_term(t)}</binding>"
                            for n, t in zip(answer.variables, row) if t is not None)
            out.append(f"<result>{cells}</result>")
        out.append("</results>")
    return "\n".join(out + ["</sparql>"]) + "\n"


def _xml_term(t: Term) -> str:
    if t.kind == "uri":
        return f"<uri>{escape(t.value)}</uri>"
    if t.kind == "bnode":
        return f"<bnode>{escape(t.value)}</bnode>"
    attr = f" xml:lang={quoteattr(t.lang)}" if t.lang else (f" datatype={quoteattr(t.datatype)}" if t.datatype else "")
    return f"<literal{attr}>{escape(t.value)}</literal>"


def _table(answer: Answer) -> str:
    if isinstance(answer, Boolean):
        return ("true" if answer.value else "false") + "\n"
    names = answer.variables
    rows = [["" if t is None else _short(t) for t in row] for row in answer.rows]
    widths = [max([len(n)] + [len(r[i]) for r in rows]) for i, n in enumerate(names)]
    lines = ["  ".join(n.ljust(w) for n, w in zip(names, widths)).rstrip(),
             "  ".join("-" * w for w in widths)]
    lines += ["  ".join(v.ljust(w) for v, w in zip(r, widths)).rstrip() for r in rows]
    return "\n".join(lines) + f"\n({len(rows)} rows)\n"


def _short(t: Term) -> str:
    """A term for people: IRIs under kg's prefixes as prefix:rest, literals as their text."""
    if t.kind == "uri":
        for prefix, ns in PREFIXES.items():
            if t.value.startswith(ns) and len(t.value) > len(ns):
                return f"{prefix}:{t.value[len(ns):]}"
        return f"<{t.value}>"
    return f"_:{t.value}" if t.kind == "bnode" else t.value


_WRITERS: dict[str, Callable[[Answer], str]] = {"table": _table, "csv": _csv, "tsv": _tsv, "json": _json, "xml": _xml}


def _turtle(answer: Triples) -> str:
    triples = [ox.Triple(_ox(s), _ox(p), _ox(o)) for s, p, o in sorted(answer.triples)]
    return ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=PREFIXES).decode("utf-8")


def _ox(t: Term) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    if t.kind == "uri":
        return ox.NamedNode(t.value)
    if t.kind == "bnode":
        return ox.BlankNode(t.value)
    if t.lang:
        return ox.Literal(t.value, language=t.lang)
    return ox.Literal(t.value, datatype=ox.NamedNode(t.datatype)) if t.datatype else ox.Literal(t.value)
