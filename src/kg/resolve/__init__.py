"""Resolve: join the entities of every article into one node per real thing, with stable
ids, and point every fact at them."""
from __future__ import annotations

import hashlib

from kg.model import Corpus, Entity, Extraction
from kg.normalize.text import ascii_slug

__all__ = ["resolve", "global_id", "dated_documents", "document_dates", "dates_by_document", "kept_apart",
           "merge", "name_entity"]

_FOLDER = {"Person": "person", "Organization": "organization", "Place": "place", "Legislation": "legislation"}


def global_id(type_: str, key: str) -> str:
    """A stable IRI-safe id from an entity's key: the same key gives the same id in every build."""
    body = key.split(":", 1)[-1]
    digest = hashlib.sha1(key.encode("utf-8")).hexdigest()[:8]
    return f"{_FOLDER[type_]}/{ascii_slug(body, 60)}-{digest}"


def resolve(extractions: list[Extraction], dated: dict[tuple[str, str], str] | None = None) -> Corpus:
    """`dated`: the documents kept apart by date (dated_documents), when they are to be taken
    from a wider corpus than `extractions` (an incremental build resolves one article at a time)."""
    from kg.triples import paused_gc

    # the entities, name counts and id maps made here all live on and hold no cycles; a
    # collection would scan them and every extraction for nothing (half of resolve at 2k articles)
    with paused_gc():
        return _resolve(extractions, dated_documents(extractions) if dated is None else dated)


def _resolve(extractions: list[Extraction], dated: dict[tuple[str, str], str]) -> Corpus:
    merged: dict[str, Entity] = {}
    names: dict[str, dict[str, int]] = {}  # id -> name -> mentions, in the order first seen
    ids: dict[str, str] = {}
    own: dict[str, dict[str, str]] = {}  # article -> its local keys that have an id of their own
    gids: dict[tuple[str, str], str] = {}  # global_id once per type and key: keys recur
    for ex in extractions:
        article = ex.article.id
        for e in ex.entities:
            key = dated.get((article, e.id), e.id) if dated else e.id
            gid = gids.get((e.type, key))
            if gid is None:
                gid = gids[(e.type, key)] = global_id(e.type, key)
            if key == e.id:
                ids[key] = gid
            else:  # a document kept apart by its date: its id holds in this article alone
                own.setdefault(article, {})[e.id] = gid
            merge(merged, names, gid, key, e)
    for gid, ent in merged.items():
        name_entity(ent, names[gid])
    for ex in extractions:
        _repoint(ex, ids, own.get(ex.article.id))
    return Corpus(articles=extractions, entities=dict(sorted(merged.items())))


def merge(merged: dict[str, Entity], names: dict[str, dict[str, int]], gid: str, key: str, e: Entity) -> None:
    """Join an article's entity `e` (its join key `key`) into the entity `gid` of `merged`,
    made from it if new; `names` counts the mentions of each name. The first article's
    attributes stay, as does the first rule that joined each form."""
    target = merged.get(gid)
    if target is None:
        target = merged[gid] = Entity(gid, e.type, e.name, attrs=dict(e.attrs))
        counts = names[gid] = {}
    else:
        counts = names[gid]
    target.attrs["key"] = key  # the join key: resolution.jsonl and curation show it
    counts[e.name] = counts.get(e.name, 0) + len(e.mentions)
    aliases = target.aliases
    aliases |= e.aliases
    aliases.add(e.name)
    target.mentions += e.mentions
    if e.joined_by:
        joined = target.joined_by
        for form, rule in e.joined_by.items():
            joined.setdefault(form, rule)


def name_entity(ent: Entity, counts: dict[str, int]) -> None:
    """Give a merged entity its name: the most mentioned, then the longest, then the first
    in code point order; the others stay aliases."""
    ent.name = min(counts.items(), key=_name_rank)[0] if len(counts) > 1 else next(iter(counts))
    ent.aliases.discard(ent.name)


def _name_rank(kv: tuple[str, int]) -> tuple[int, int, str]:
    return (-kv[1], -len(kv[0]), kv[0])


def dated_documents(extractions: list[Extraction]) -> dict[tuple[str, str], str]:
    """Keys of legal documents that must stay apart: a short citation (`Kết luận số 126`) in
    two articles is one document only if they do not give it two different dates. Where the
    dates differ, each dated mention gets a key of its own (key + date); undated mentions keep
    the plain key."""
    return kept_apart({ex.article.id: document_dates(ex) for ex in extractions})


def document_dates(ex: Extraction) -> dict[str, str]:
    """Legislation key -> the first date the article gives it (the one it keeps), read
    before resolve repoints the attributes."""
    kinds = {e.id: e.type for e in ex.entities}
    dates: dict[str, str] = {}
    for a in ex.attributes:
        if a.predicate == "legislationDate" and kinds.get(a.subject) == "Legislation":
            dates.setdefault(a.subject, str(a.value))
    return dates


def dates_by_document(dates: dict[str, dict[str, str]]) -> dict[str, dict[str, str]]:
    """Document key -> article -> date, from article -> document key -> date."""
    by_key: dict[str, dict[str, str]] = {}
    for article, found in dates.items():
        for key, date in found.items():
            by_key.setdefault(key, {})[article] = date
    return by_key


def kept_apart(dates: dict[str, dict[str, str]]) -> dict[tuple[str, str], str]:
    """dated_documents' answer from each article's document_dates."""
    return {(article, key): f"{key}@{date}" for key, by_article in dates_by_document(dates).items()
            if len(set(by_article.values())) > 1 for article, date in by_article.items()}


def _repoint(ex: Extraction, ids: dict[str, str], own: dict[str, str] | None) -> None:
    """Local keys -> global ids (`own`: this article's alone); facts whose ends were dropped go
    with them; duplicates go. A key that is empty or None maps to None."""
    if own:
        def get(key):
            return own.get(key) or ids.get(key)
        ex.entities = [e for e in ex.entities if e.id in ids or e.id in own]
    else:
        get = ids.get
        ex.entities = [e for e in ex.entities if e.id in ids]
    if ex.posts:
        seen = set()
        posts = []
        for p in ex.posts:
            person = get(p.person) if p.person else None
            org = get(p.org) if p.org else None
            if person is None or (p.org and org is None):
                continue
            sig = (person, p.role.casefold(), org, p.former, p.source.sentence)
            if sig not in seen:
                seen.add(sig)
                p.person, p.org = person, org
                posts.append(p)
        ex.posts = posts
    if ex.relations:
        rels, seen = [], set()
        for r in ex.relations:
            s = get(r.subject) if r.subject else None
            o = get(r.object) if r.object else None
            if s and o and s != o:
                sig = (s, r.predicate, o, r.source.sentence)
                if sig not in seen:
                    seen.add(sig)
                    r.subject, r.object = s, o
                    rels.append(r)
        ex.relations = rels
    if ex.attributes:
        attrs, seen = [], set()
        for a in ex.attributes:
            s = get(a.subject) if a.subject else None
            if s:
                sig = (s, a.predicate, str(a.value))
                if sig not in seen:
                    seen.add(sig)
                    a.subject = s
                    attrs.append(a)
        ex.attributes = attrs
    if ex.figures:
        figs = []
        for f in ex.figures:
            s = get(f.subject) if f.subject else None
            if s:
                f.subject = s
                figs.append(f)
        ex.figures = figs
    for ev in ex.events:
        ev.place = get(ev.place) if ev.place else None
        ev.participants = sorted({g for p in ev.participants if p and (g := get(p))})
    ex.publisher = get(ex.publisher) if ex.publisher else None
