"""Resolve: join the entities of every article into one node per real thing, with stable
ids, and point every fact at them."""
from __future__ import annotations

import hashlib
from collections import Counter

from kg.model import Corpus, Entity, Extraction
from kg.normalize.text import ascii_slug

__all__ = ["resolve", "global_id"]

_FOLDER = {"Person": "person", "Organization": "organization", "Place": "place", "Legislation": "legislation"}


def global_id(type_: str, key: str) -> str:
    """A stable IRI-safe id from an entity's key: the same key gives the same id in every build."""
    body = key.split(":", 1)[-1]
    digest = hashlib.sha1(key.encode("utf-8")).hexdigest()[:8]
    return f"{_FOLDER[type_]}/{ascii_slug(body, 60)}-{digest}"


def resolve(extractions: list[Extraction]) -> Corpus:
    merged: dict[str, Entity] = {}
    names: dict[str, Counter] = {}
    ids: dict[str, str] = {}
    own: dict[str, dict[str, str]] = {}  # article -> its local keys that have an id of their own
    dated = _dated_documents(extractions)
    for ex in extractions:
        for e in ex.entities:
            key = dated.get((ex.article.id, e.id), e.id)
            gid = global_id(e.type, key)
            if key == e.id:
                ids[e.id] = gid
            else:  # a document kept apart by its date: its id holds in this article alone
                own.setdefault(ex.article.id, {})[e.id] = gid
            target = merged.get(gid)
            if target is None:
                target = merged[gid] = Entity(gid, e.type, e.name, attrs=dict(e.attrs))
                names[gid] = Counter()
            target.attrs["key"] = key  # the join key: resolution.jsonl and curation show it
            names[gid][e.name] += len(e.mentions)
            target.aliases |= e.aliases | {e.name}
            target.mentions += e.mentions
            for form, rule in e.joined_by.items():
                target.joined_by.setdefault(form, rule)
    for gid, ent in merged.items():
        ent.name = sorted(names[gid].items(), key=lambda kv: (-kv[1], -len(kv[0]), kv[0]))[0][0]
        ent.aliases.discard(ent.name)
    for ex in extractions:
        _repoint(ex, ids, own.get(ex.article.id, {}))
    return Corpus(articles=extractions, entities=dict(sorted(merged.items())))


def _dated_documents(extractions: list[Extraction]) -> dict[tuple[str, str], str]:
    """Keys of legal documents that must stay apart: a short citation (`Kết luận số 126`) in
    two articles is one document only if they do not give it two different dates. Where the
    dates differ, each dated mention gets a key of its own (key + date); undated mentions keep
    the plain key."""
    dates: dict[str, dict[str, str]] = {}  # document key -> article -> date
    for ex in extractions:
        kinds = {e.id: e.type for e in ex.entities}
        for a in ex.attributes:
            if a.predicate == "legislationDate" and kinds.get(a.subject) == "Legislation":
                # the first date an article gives a document is the one it keeps
                dates.setdefault(a.subject, {}).setdefault(ex.article.id, str(a.value))
    return {(article, key): f"{key}@{date}" for key, by_article in dates.items()
            if len(set(by_article.values())) > 1 for article, date in by_article.items()}


def _repoint(ex: Extraction, ids: dict[str, str], own: dict[str, str]) -> None:
    """Local keys -> global ids (`own`: this article's alone); facts whose ends were dropped go
    with them; duplicates go."""
    def g(key):
        return (own.get(key) or ids.get(key)) if key else None

    ex.entities = [e for e in ex.entities if e.id in ids or e.id in own]
    seen = set()
    posts = []
    for p in ex.posts:
        person, org = g(p.person), g(p.org)
        if person is None or (p.org and org is None):
            continue
        sig = (person, p.role.casefold(), org, p.former, p.source.sentence)
        if sig not in seen:
            seen.add(sig)
            p.person, p.org = person, org
            posts.append(p)
    ex.posts = posts
    rels, seen = [], set()
    for r in ex.relations:
        s, o = g(r.subject), g(r.object)
        if s and o and s != o and (s, r.predicate, o, r.source.sentence) not in seen:
            seen.add((s, r.predicate, o, r.source.sentence))
            r.subject, r.object = s, o
            rels.append(r)
    ex.relations = rels
    attrs, seen = [], set()
    for a in ex.attributes:
        s = g(a.subject)
        if s and (s, a.predicate, str(a.value)) not in seen:
            seen.add((s, a.predicate, str(a.value)))
            a.subject = s
            attrs.append(a)
    ex.attributes = attrs
    figs = []
    for f in ex.figures:
        if g(f.subject):
            f.subject = g(f.subject)
            figs.append(f)
    ex.figures = figs
    for ev in ex.events:
        ev.place = g(ev.place)
        ev.participants = sorted({g(p) for p in ev.participants if g(p)})
    ex.publisher = g(ex.publisher)
