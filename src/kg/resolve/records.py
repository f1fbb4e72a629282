"""Resolution records: how each output entity was put together, one JSON line per entity.

`kg build` writes them to `resolution.jsonl` beside the graph so that a user can see which
surface forms were joined into a node, where each form was read (article, characters) and
which rule joined it; `kg entities` and `kg explain` read them back.
"""
from __future__ import annotations

import json
from functools import lru_cache
from itertools import count
from json.encoder import encode_basestring
from operator import attrgetter, itemgetter
from pathlib import Path
from typing import Iterable, Iterator

from kg.model import Corpus, Entity, Mention
from kg.normalize.text import name_key

__all__ = ["join_reason", "records", "record_line", "write_records", "read_records", "RESOLUTION_FILE",
           "form_text", "line_text"]

RESOLUTION_FILE = "resolution.jsonl"

_key = lru_cache(maxsize=1 << 16)(name_key)  # surface forms repeat: key each one once

# Extractor rules whose mention joins an entity for a reason other than spelling its name.
_RULE_REASONS = {
    "person:given-name": "given name",
    "person:back-reference": "back-reference",
    "org:acronym": "abbreviation",
    "org:acronym-repeat": "abbreviation",
    "org:publisher": "publisher byline",
    "place:in-org-name": "place in an organization's name",
}


def join_reason(mention: Mention) -> str:
    """Why this mention belongs to its entity within its article: a coreference step
    ('bare head', 'alias (tức)', 'name completed', 'context place'), a rule that reads a
    short form ('given name', 'abbreviation'...), else 'exact name' or 'name variant'."""
    if mention.attrs.get("curated"):
        return mention.attrs["curated"]
    if mention.attrs.get("joined"):
        return mention.attrs["joined"]
    if mention.rule in _RULE_REASONS:
        return _RULE_REASONS[mention.rule]
    if mention.surface.isupper() and " " not in mention.surface and mention.surface != mention.name:
        return "abbreviation"  # 'VKS', 'UBND' for the name in full, by the lexicon's aliases
    if mention.surface == mention.name:
        return "exact name"
    return "exact name" if _key(mention.surface) == _key(mention.name) else "name variant"


def _record(entity: Entity, iri_text: str | None = None) -> dict:
    if iri_text is None:
        from kg.map import iri

        iri_text = str(iri.entity(entity.id))
    articles = sorted({a for a, _ in entity.mentions})
    # sorted by (article, start, end, form, rule), ties kept in mention order by the index:
    # tuples made once and compared in C, no key function called per form
    order = sorted((a, m.start, m.end, m.surface, m.rule, i) for i, (a, m) in enumerate(entity.mentions))
    mentions = entity.mentions
    forms = [{"form": surface, "article": a, "start": start, "end": end, "sentence": m.sentence,
              "rule": rule, "join": join_reason(m)}
             for a, start, end, surface, rule, i in order for m in (mentions[i][1],)]
    rec = {"iri": iri_text, "type": entity.type, "name": entity.name,
           "key": entity.attrs.get("key", ""), "aliases": sorted(entity.aliases - {entity.name}),
           "articles": articles,
           # one key in several articles: the cross-article join, on top of each form's own
           "across": "cross-article key" if len(articles) > 1 else None,
           "forms": forms}
    if entity.attrs.get("curation"):
        rec["curation"] = entity.attrs["curation"]
    return rec


class Records:
    """The records of a corpus's entities, sorted by IRI, made one at a time as they are read:
    the records of 10k articles, all at once, took more memory than anything else in a build.
    Iterating gives the record dicts; `lines()` gives their JSON lines straight from the
    entities, without the dicts (what write_records writes)."""

    def __init__(self, corpus: Corpus) -> None:
        from kg.map import iri

        # each entity's IRI made once: the sort key and the record's "iri"
        self._entities = sorted(((iri.entity_text(e.id), e) for e in corpus.entities.values()),
                                key=_FIRST)

    def __iter__(self) -> Iterator[dict]:
        return (_record(e, i) for i, e in self._entities)

    def lines(self) -> Iterator[str]:
        """record_line(record) + "\n" for each record, the same text."""
        return (_line(e, i) + "\n" for i, e in self._entities)


def records(corpus: Corpus) -> Records:
    """One record per output entity, sorted by IRI; forms sorted by article and offset."""
    return Records(corpus)


def write_records(path: Path, recs: Iterable[dict]) -> Path:
    """Write the records as JSON Lines, atomically as the exporters write (a hidden temporary
    file carrying the writer's pid, renamed into place; a killed build's leftover removed)."""
    from kg.export.base import write_file_atomic, write_text
    from kg.triples import paused_gc

    if isinstance(recs, Records):
        lines = recs.lines()
    else:
        lines = (record_line(r) + "\n" for r in recs)
    # the records are made and dropped one by one, in no cycle: a collection here would only
    # scan the corpus (the whole of it once resolve had paused collections, a third of records at 10k)
    with paused_gc():
        return write_file_atomic(path, lambda out: write_text(out, lines, chunk=1024))


# json.dumps(..., ensure_ascii=False, sort_keys=True), with the encoder made once and not per call
_JSON = json.JSONEncoder(ensure_ascii=False, sort_keys=True).encode
_STR = encode_basestring  # the C function json's encoder escapes strings with (ensure_ascii=False)
_FIELDS = frozenset(("across", "aliases", "articles", "forms", "iri", "key", "name", "type"))
_CURATED = _FIELDS | {"curation"}


def record_line(rec: dict) -> str:
    """json.dumps(rec, ensure_ascii=False, sort_keys=True), the same text, made faster for the
    records' known shape: the fields written in their sorted order by a template, strings
    escaped by json's own C function. The C encoder sorts and walks seven keys per form one
    by one and took half the records stage. Anything of another shape or type goes to json."""
    keys = rec.keys()
    if keys != _FIELDS and keys != _CURATED:
        return _JSON(rec)
    try:
        aliases, articles, forms = _strings(rec["aliases"]), _strings(rec["articles"]), _forms(rec["forms"])
    except TypeError:  # a value the templates do not write as json does
        return _JSON(rec)
    across, iri, key, name, type_ = rec["across"], rec["iri"], rec["key"], rec["name"], rec["type"]
    curation = f', "curation": {_JSON(rec["curation"])}' if "curation" in rec else ""
    return (f'{{"across": {_scalar(across)}, "aliases": {aliases}, "articles": {articles}{curation}, '
            f'"forms": {forms}, "iri": {_scalar(iri)}, "key": {_scalar(key)}, "name": {_scalar(name)}, '
            f'"type": {_scalar(type_)}}}')


def _scalar(value) -> str:
    if type(value) is str:
        return _STR(value)
    return "null" if value is None else _JSON(value)  # None: most records' "across"


def _strings(values: list) -> str:
    """A list of strings; TypeError for anything else (a str subclass is written as a str, as json does)."""
    if type(values) is not list:
        raise TypeError
    return "[" + ", ".join(map(_STR, values)) + "]"


def _forms(forms: list) -> str:
    if type(forms) is not list:
        raise TypeError
    return "[" + ", ".join(map(_form, forms)) + "]"


def _form(f: dict) -> str:
    if type(f) is not dict or len(f) != 7:
        return _JSON(f)
    try:
        article, start, end, form, rule = f["article"], f["start"], f["end"], f["form"], f["rule"]
        sentence, join = f["sentence"], f["join"]
    except KeyError:
        return _JSON(f)
    # ints by int's own text, as json; not bools or int subclasses, which json writes otherwise
    if not (type(start) is int and type(end) is int and type(sentence) is int
            and type(article) is str and type(form) is str and type(rule) is str and type(join) is str):
        return _JSON(f)
    return (f'{{"article": {_STR(article)}, "end": {end}, "form": {_STR(form)}, "join": {_STR(join)}, '
            f'"rule": {_STR(rule)}, "sentence": {sentence}, "start": {start}}}')


_FIRST, _SECOND = itemgetter(0), itemgetter(1)
_PLACE = attrgetter("start", "end", "surface", "rule")


def _line(entity: Entity, iri_text: str) -> str:
    """record_line(_record(entity, iri_text)), the same text, without the record's dicts: each
    form written from its mention, the forms sorted by C-level tuples ((article, (start, end,
    form, rule), index) sorts as _record's flat tuples do). Anything the templates would not
    write as json does goes to record_line(_record(...))."""
    mentions = entity.mentions
    found = list(map(_SECOND, mentions))
    forms = []
    for article, (start, end, surface, rule), i in sorted(zip(map(_FIRST, mentions), map(_PLACE, found), count())):
        m = found[i]
        sentence, join = m.sentence, join_reason(m)
        if not (type(start) is int and type(end) is int and type(sentence) is int and type(article) is str
                and type(surface) is str and type(rule) is str and type(join) is str):
            return record_line(_record(entity, iri_text))
        forms.append(form_text(article, start, end, surface, rule, sentence, join))
    articles = sorted(set(map(_FIRST, mentions)))
    try:
        return line_text(entity, iri_text, articles, forms)
    except TypeError:
        return record_line(_record(entity, iri_text))


def form_text(article: str, start: int, end: int, surface: str, rule: str, sentence: int, join: str) -> str:
    """One form of a record as record_line writes it."""
    return (f'{{"article": {_STR(article)}, "end": {end}, "form": {_STR(surface)}, '
            f'"join": {_STR(join)}, "rule": {_STR(rule)}, "sentence": {sentence}, "start": {start}}}')


def line_text(entity: Entity, iri_text: str, articles: list[str], forms: list[str]) -> str:
    """A record's line from its entity (name, aliases, key, type, curation), its articles
    (sorted) and its forms already written (form_text, in order); TypeError where a value
    is not one the template writes."""
    name, attrs = entity.name, entity.attrs
    aliases, arts = _strings(sorted(entity.aliases - {name})), _strings(articles)
    across = "null" if len(articles) <= 1 else '"cross-article key"'
    curation = f', "curation": {_JSON(attrs["curation"])}' if attrs.get("curation") else ""
    return (f'{{"across": {across}, "aliases": {aliases}, "articles": {arts}{curation}, '
            f'"forms": [{", ".join(forms)}], "iri": {_scalar(iri_text)}, "key": {_scalar(attrs.get("key", ""))}, '
            f'"name": {_scalar(name)}, "type": {_scalar(entity.type)}}}')


def read_records(path: Path) -> dict[str, dict]:
    """IRI -> record, from a resolution.jsonl; an empty dict when the file is not there."""
    if not path.exists():
        return {}
    from kg.errors import InputError

    out = {}
    with path.open(encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if line.strip():
                try:
                    rec = json.loads(line)
                    out[rec["iri"]] = rec
                except (ValueError, KeyError, TypeError):
                    raise InputError(f"{path}:{n}: not a resolution record (rebuild to rewrite it)") from None
    return out
