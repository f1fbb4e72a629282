"""Minting data IRIs: deterministic, readable where possible, never broken by input text.

Ids that are already slugs (entity and event ids) pass through one fixed percent-encoding;
nodes keyed by several values (memberships, figures, statements) take a short sha1 of the
key, so the same key gives the same IRI in every run.
"""
from __future__ import annotations

import hashlib
import re
from urllib.parse import quote

from rdflib import URIRef
from rdflib.term import Node

from kg.map.vocab import ID
from kg.triples import Term, to_node
from kg.normalize.text import ascii_slug, name_key


_ID = str(ID)
# the characters quote(..., safe="/-._~") never encodes: ASCII letters and digits, "_.-~/"
_UNRESERVED = re.compile(r"[A-Za-z0-9_.~/-]+")


def _digest(*parts: object, size: int = 16) -> str:
    # "\x1f" (unit separator) cannot occur in our ids, so ("a|b", "c") and ("a", "b|c") differ
    return hashlib.sha1("\x1f".join(map(str, parts)).encode("utf-8")).hexdigest()[:size]


def _path(ident: str) -> str:
    """Percent-encode everything but unreserved characters and '/'; refuse empty ids.

    '.' and '..' segments are encoded too: a resolver would otherwise fold 'person/../x'
    into another IRI, or out of the id: namespace.
    """
    if not ident:
        raise ValueError("cannot mint an IRI from an empty id")
    if _UNRESERVED.fullmatch(ident):  # what quote() leaves as it is (most ids): no call
        return ident if "." not in ident else "/".join(
            s.replace(".", "%2E") if s in (".", "..") else s for s in ident.split("/"))
    segments = quote(ident, safe="/-._~").split("/")
    return "/".join(s.replace(".", "%2E") if s in (".", "..") else s for s in segments)


def entity(entity_id: str) -> URIRef:
    """`id:person/nguyen-van-a` for entity id 'person/nguyen-van-a'."""
    return URIRef(entity_text(entity_id))


def event(event_id: str) -> URIRef:
    return URIRef(event_text(event_id))


def article(article_id: str) -> URIRef:
    return URIRef(article_text(article_id))


def sentence(article_iri: str, index: int) -> URIRef:
    return URIRef(sentence_text(article_iri, index))


def role(title: str) -> URIRef:
    return URIRef(role_text(title))


def membership(person: str, role_iri: str, org: str | None, former: bool) -> URIRef:
    return URIRef(membership_text(person, role_iri, org, former))


def figure(subject: str, value: object, unit: str, article_id: str, sentence_index: int) -> URIRef:
    return URIRef(figure_text(subject, value, unit, article_id, sentence_index))


def statement(s: Node, p: Node, o: Node) -> URIRef:
    """The reification node of one triple; n3() keeps a literal's datatype in the key."""
    return URIRef(f"{ID}statement/{_digest(s.n3(), p.n3(), o.n3())}")


# The same IRIs as plain strings, for the mapper's triple table (kg.triples): an rdflib
# URIRef costs a validity scan of its text and a Python-level hash.

def entity_text(entity_id: str) -> str:
    return _ID + _path(entity_id)


def event_text(event_id: str) -> str:
    return _ID + "event/" + _path(event_id)


def article_text(article_id: str) -> str:
    """A slug for reading, plus a hash of the raw id, since two ids may slug alike."""
    return f"{_ID}article/{ascii_slug(article_id, limit=60)}-{_digest(article_id, size=8)}"


def sentence_text(article_iri: str, index: int) -> str:
    return f"{article_iri}/s{int(index)}"


def role_text(title: str) -> str:
    """One node per title up to case and tone-mark style ('Ủy viên' = 'Uỷ viên'); the hash keeps
    titles apart that differ only in diacritics, which the ASCII slug drops."""
    return f"{_ID}role/{ascii_slug(title, limit=60)}-{_digest(name_key(title), size=6)}"


def membership_text(person: str, role_iri: str, org: str | None, former: bool) -> str:
    return f"{_ID}membership/{_digest(person, role_iri, org or '', former)}"


def figure_text(subject: str, value: object, unit: str, article_id: str, sentence_index: int) -> str:
    # repr keeps 5 and 5.0 apart
    return f"{_ID}figure/{_digest(subject, repr(value), unit, article_id, sentence_index)}"


def statement_text(s: str, p: str, o: Term) -> str:
    """statement() for table terms: the same digest of the same N3 texts."""
    o_n3 = f"<{o}>" if type(o) is str else to_node(o).n3()
    return f"{_ID}statement/{_digest(f'<{s}>', f'<{p}>', o_n3)}"
