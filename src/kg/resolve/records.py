"""Resolution records: how each output entity was put together, one JSON line per entity.

`kg build` writes them to `resolution.jsonl` beside the graph so that a user can see which
surface forms were joined into a node, where each form was read (article, characters) and
which rule joined it; `kg entities` and `kg explain` read them back.
"""
from __future__ import annotations

import json
from json.encoder import encode_basestring
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Iterator

from kg.model import Corpus, Entity, Mention
from kg.normalize.text import name_key

__all__ = ["join_reason", "records", "record_line", "write_records", "read_records", "RESOLUTION_FILE"]

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


def _record(entity: Entity) -> dict:
    from kg.map import iri

    articles = sorted({a for a, _ in entity.mentions})
    # sorted by (article, start, end, form, rule), ties kept in mention order by the index:
    # tuples made once and compared in C, no key function called per form
    order = sorted((a, m.start, m.end, m.surface, m.rule, i) for i, (a, m) in enumerate(entity.mentions))
    mentions = entity.mentions
    forms = [{"form": surface, "article": a, "start": start, "end": end, "sentence": m.sentence,
              "rule": rule, "join": join_reason(m)}
             for a, start, end, surface, rule, i in order for m in (mentions[i][1],)]
    rec = {"iri": str(iri.entity(entity.id)), "type": entity.type, "name": entity.name,
           "key": entity.attrs.get("key", ""), "aliases": sorted(entity.aliases - {entity.name}),
           "articles": articles,
           # one key in several articles: the cross-article join, on top of each form's own
           "across": "cross-article key" if len(articles) > 1 else None,
           "forms": forms}
    if entity.attrs.get("curation"):
        rec["curation"] = entity.attrs["curation"]
    return rec


def records(corpus: Corpus) -> Iterator[dict]:
    """One record per output entity, sorted by IRI; forms sorted by article and offset. Made
    one at a time as they are read: the records of 10k articles, all at once, took more
    memory than anything else in a build."""
    from kg.map import iri

    return (_record(e) for e in sorted(corpus.entities.values(), key=lambda e: iri.entity_text(e.id)))


def write_records(path: Path, recs: Iterable[dict]) -> Path:
    """Write the records as JSON Lines, atomically as the exporters write (a hidden temporary
    file carrying the writer's pid, renamed into place; a killed build's leftover removed)."""
    from kg.export.base import write_file_atomic, write_text
    from kg.triples import paused_gc

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
