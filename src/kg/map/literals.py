"""Typed literals: dates by precision, numbers, attribute values.

A value that does not fit its datatype raises ValueError: rdflib would otherwise write an
ill-typed literal that only fails later, in SHACL or in a consumer.

Each function returns an rdflib Literal; its `*_term` twin returns the same literal as a
table term (kg.triples.Lit), which the mapper uses. A typed literal's lexical form is the
one rdflib gives it (rdflib normalizes, e.g. an xsd:integer from a Python int), computed
once per distinct value.
"""
from __future__ import annotations

import math
import re
from datetime import date, datetime
from decimal import Decimal
from functools import lru_cache

from rdflib import Literal, URIRef
from rdflib.namespace import XSD

from kg.triples import Lit, to_node

_DATE_FORMS: dict[str, tuple[URIRef, re.Pattern[str]]] = {
    "date": (XSD.date, re.compile(r"\d{4}-\d{2}-\d{2}")),
    "gYearMonth": (XSD.gYearMonth, re.compile(r"\d{4}-(0[1-9]|1[0-2])")),
    "gYear": (XSD.gYear, re.compile(r"\d{4}")),
}


@lru_cache(maxsize=65536)
def _typed(value: object, kind: type, datatype: URIRef) -> Lit:
    # `kind` is part of the cache key: 5 and 5.0 (and True and 1) hash alike
    return Lit(str(Literal(value, datatype=datatype)), str(datatype))


def dated_term(value: object, datatype: str) -> Lit:
    """A date of the named precision ('date', 'gYearMonth', 'gYear') from a date or ISO text."""
    if datatype not in _DATE_FORMS:
        raise ValueError(f"unknown date datatype {datatype!r}; known: {', '.join(_DATE_FORMS)}")
    xsd, pattern = _DATE_FORMS[datatype]
    text = value.isoformat()[:10] if isinstance(value, date) else str(value)
    if not pattern.fullmatch(text):
        raise ValueError(f"{value!r} is not an ISO {datatype}")
    if datatype == "date":
        date.fromisoformat(text)  # rejects 2017-02-30 with a clear message
    return _typed(text, str, xsd)


def iso_date_term(text: str) -> Lit:
    """An ISO date of any precision, typed by how much of it is known: YYYY-MM-DD, YYYY-MM, YYYY."""
    for name, (_, pattern) in _DATE_FORMS.items():
        if pattern.fullmatch(text):
            return dated_term(text, name)
    raise ValueError(f"{text!r} is not an ISO date (YYYY-MM-DD, YYYY-MM or YYYY)")


def number_term(value: object) -> Lit:
    """xsd:integer for an int, xsd:decimal (never double) for a float."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValueError(f"{value!r} is not a number")
    if isinstance(value, int):
        if type(value) is int:  # lru_cache hashes the datatype URIRef in Python: a dict first
            found = _INTEGERS.get(value)
            if found is None:
                found = _INTEGERS[value] = _typed(value, int, XSD.integer)
            return found
        return _typed(value, int, XSD.integer)
    if not math.isfinite(value):
        raise ValueError(f"{value!r} is not a finite number")
    # repr gives the shortest exact digits; format 'f' avoids exponents, which xsd:decimal forbids
    return _typed(format(Decimal(repr(value)), "f"), str, XSD.decimal)


def boolean_term(value: bool) -> Lit:
    if value is True or value is False:
        found = _BOOLEANS.get(value)
        if found is None:
            found = _BOOLEANS[value] = _typed(value, bool, XSD.boolean)
        return found
    return _typed(value, bool, XSD.boolean)


_INTEGERS: dict[int, Lit] = {}
_BOOLEANS: dict[bool, Lit] = {}


def value_term(value: object, datatype: str = "") -> Lit:
    """An attribute value: typed by `datatype` when given, else by its Python type."""
    if datatype:
        return dated_term(value, datatype)
    if isinstance(value, datetime):
        raise ValueError(f"{value!r}: kg keeps dates, not times")
    if isinstance(value, date):
        return dated_term(value, "date")
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return number_term(value)
    if isinstance(value, str):
        return Lit(value)
    raise ValueError(f"cannot map an attribute value of type {type(value).__name__}: {value!r}")


def dated(value: object, datatype: str) -> Literal:
    return to_node(dated_term(value, datatype))


def iso_date(text: str) -> Literal:
    return to_node(iso_date_term(text))


def number(value: object) -> Literal:
    return to_node(number_term(value))


def value(value: object, datatype: str = "") -> Literal:
    return to_node(value_term(value, datatype))
