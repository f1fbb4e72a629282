"""Resolution records: how each output entity was put together, one JSON line per entity.

`kg build` writes them to `resolution.jsonl` beside the graph so that a user can see which
surface forms were joined into a node, where each form was read (article, characters) and
which rule joined it; `kg entities` and `kg explain` read them back.
"""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Iterator

from kg.model import Corpus, Entity, Mention
from kg.normalize.text import name_key

__all__ = ["join_reason", "records", "write_records", "read_records", "RESOLUTION_FILE"]

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
    forms = sorted(
        ({"form": m.surface, "article": a, "start": m.start, "end": m.end, "sentence": m.sentence,
          "rule": m.rule, "join": join_reason(m)} for a, m in entity.mentions),
        key=lambda f: (f["article"], f["start"], f["end"], f["form"], f["rule"]))
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

    lines = (json.dumps(r, ensure_ascii=False, sort_keys=True) + "\n" for r in recs)
    return write_file_atomic(path, lambda out: write_text(out, lines, chunk=1024))


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
