"""What a SPARQL query answers, independent of the engine that answered it.

Both engines (pyoxigraph, rdflib) convert their answers into these records, so that one set of
writers serves them both and their answers can be compared term by term."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Union

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_LANGSTRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"


@dataclass(frozen=True, order=True)
class Term:
    """An RDF term: kind is 'uri', 'bnode' or 'literal'. A literal's datatype is None for a
    plain string (xsd:string) or a language-tagged string (lang set), as the W3C results
    formats write them."""

    kind: str
    value: str
    datatype: str | None = None
    lang: str | None = None

    @staticmethod
    def literal(value: str, datatype: str | None = None, lang: str | None = None) -> "Term":
        """A literal, with xsd:string and rdf:langString folded into the plain forms."""
        if lang or datatype in (XSD_STRING, RDF_LANGSTRING):
            datatype = None
        return Term("literal", value, datatype, lang or None)

    def n3(self) -> str:
        """The term in N-Triples syntax."""
        if self.kind == "uri":
            return f"<{self.value}>"
        if self.kind == "bnode":
            return f"_:{self.value}"
        text = '"' + _escape(self.value) + '"'
        if self.lang:
            return f"{text}@{self.lang}"
        return f"{text}^^<{self.datatype}>" if self.datatype else text


def _escape(text: str) -> str:
    return (text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
            .replace("\r", "\\r"))


@dataclass(frozen=True)
class Bindings:
    """A SELECT answer: the variables in order, and one row per solution (None = unbound)."""

    variables: list[str]
    rows: list[tuple[Term | None, ...]]


@dataclass(frozen=True)
class Boolean:
    """An ASK answer."""

    value: bool


@dataclass(frozen=True)
class Triples:
    """A CONSTRUCT or DESCRIBE answer."""

    triples: list[tuple[Term, Term, Term]]


Answer = Union[Bindings, Boolean, Triples]
