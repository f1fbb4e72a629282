"""Typed literals: dates by precision, numbers, attribute values.

A value that does not fit its datatype raises ValueError: rdflib would otherwise write an
ill-typed literal that only fails later, in SHACL or in a consumer.
"""
from __future__ import annotations

import math
import re
from datetime import date, datetime
from decimal import Decimal

from rdflib import Literal, URIRef
from rdflib.namespace import XSD

_DATE_FORMS: dict[str, tuple[URIRef, re.Pattern[str]]] = {
    "date": (XSD.date, re.compile(r"\d{4}-\d{2}-\d{2}")),
    "gYearMonth": (XSD.gYearMonth, re.compile(r"\d{4}-(0[1-9]|1[0-2])")),
    "gYear": (XSD.gYear, re.compile(r"\d{4}")),
}


def dated(value: object, datatype: str) -> Literal:
    """A date of the named precision ('date', 'gYearMonth', 'gYear') from a date or ISO text."""
    if datatype not in _DATE_FORMS:
        raise ValueError(f"unknown date datatype {datatype!r}; known: {', '.join(_DATE_FORMS)}")
    xsd, pattern = _DATE_FORMS[datatype]
    text = value.isoformat()[:10] if isinstance(value, date) else str(value)
    if not pattern.fullmatch(text):
        raise ValueError(f"{value!r} is not an ISO {datatype}")
    if datatype == "date":
        date.fromisoformat(text)  # rejects 2017-02-30 with a clear message
    return Literal(text, datatype=xsd)


def iso_date(text: str) -> Literal:
    """An ISO date of any precision, typed by how much of it is known: YYYY-MM-DD, YYYY-MM, YYYY."""
    for name, (_, pattern) in _DATE_FORMS.items():
        if pattern.fullmatch(text):
            return dated(text, name)
    raise ValueError(f"{text!r} is not an ISO date (YYYY-MM-DD, YYYY-MM or YYYY)")


def number(value: object) -> Literal:
    """xsd:integer for an int, xsd:decimal (never double) for a float."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValueError(f"{value!r} is not a number")
    if isinstance(value, int):
        return Literal(value, datatype=XSD.integer)
    if not math.isfinite(value):
        raise ValueError(f"{value!r} is not a finite number")
    # repr gives the shortest exact digits; format 'f' avoids exponents, which xsd:decimal forbids
    return Literal(format(Decimal(repr(value)), "f"), datatype=XSD.decimal)


def value(value: object, datatype: str = "") -> Literal:
    """An attribute value: typed by `datatype` when given, else by its Python type."""
    if datatype:
        return dated(value, datatype)
    if isinstance(value, datetime):
        raise ValueError(f"{value!r}: kg keeps dates, not times")
    if isinstance(value, date):
        return dated(value, "date")
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return number(value)
    if isinstance(value, str):
        return Literal(value)
    raise ValueError(f"cannot map an attribute value of type {type(value).__name__}: {value!r}")
