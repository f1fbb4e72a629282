"""One article's share of the graph, what an incremental build adds and takes away.

The graph of a corpus is the union of
- each article's share: its node, facts, events and sentences, and the mentions of its
  entities (`article_share`);
- each entity's head: class, name and other names, which depend on all its articles
  (`entity_from_parts`, then kg.map.entities.entity_head);
- each role's labels, chosen from all the titles it was written with (kg.map.context.role_labels);
then typed by the standard classes (kg.map.with_standard_types). Shares overlap: an entity
node collects the facts of many articles, and a relation read in two articles is one
statement node. tests/test_incremental.py checks the union against kg.map.to_table.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from kg.map import iri, map_extraction, map_facts
from kg.map.context import Context
from kg.map.entities import map_mentions
from kg.model import Corpus, Entity, Extraction
from kg.resolve import global_id, merge, name_entity, resolve
from kg.triples import Term

__all__ = ["Share", "Fallback", "article_share", "resolved_share", "entity_from_parts",
           "head_counts"]



# keys recur across articles (a body named in thousands): each id made once (a sha1 and a slug)
_global_id = lru_cache(maxsize=1 << 17)(global_id)


class Fallback(Exception):
    """A change an incremental build does not follow: the full build runs instead."""


@dataclass
class Share:
    triples: dict[Term, dict[str, list[Term]]]  # subject -> predicate -> objects (a Table's spo)
    parts: dict[str, list[tuple[str, Entity]]]  # entity id -> (join key, this article's entity)
    titles: dict[str, set[str]]  # role IRI -> the titles this article writes it with
    local: set[str]  # the subjects no other article gives: the article's node, sentences, events, figures


def article_share(ex: Extraction, dated: dict[tuple[str, str], str]) -> Share:
    """The share of an extraction not yet resolved (it is resolved here, in place), with
    `dated` the documents kept apart across the whole corpus (kg.resolve.dated_documents)."""
    _check_local(ex)
    aid = ex.article.id
    mine = {k: v for k, v in dated.items() if k[0] == aid}
    corpus = resolve([ex], dated=mine)
    return resolved_share(ex, corpus.entities, mine)


def resolved_share(ex: Extraction, entities: dict[str, Entity], dated: dict[tuple[str, str], str],
                   shared_only: bool = False) -> Share:
    """The share of an extraction already resolved against `entities` (one article's, or the
    whole corpus's: only their ids are read). `shared_only`: only the triples of subjects
    that other articles may also give (entities, statements, memberships, roles), which is
    all a full build's state keeps: the article's own nodes (`Share.local`) have no other source."""
    aid = ex.article.id
    ctx = Context(Corpus(articles=[ex], entities=entities))
    parts: dict[str, list[tuple[str, Entity]]] = {}
    for e in ex.entities:  # resolve keeps the article's own entities, with their local keys
        key = dated.get((aid, e.id), e.id)
        gid = _global_id(e.type, key)
        parts.setdefault(gid, []).append((key, e))
        if not shared_only:
            map_mentions(ctx, ctx.entity(gid, "an article's entity"), e.mentions)
    if shared_only:
        map_facts(ctx, ex)
        table = ctx.table
    else:
        map_extraction(ctx, ex, {})
        table = ctx.finish(roles=False)
    local = {ctx.article(aid), *ctx.sentences_of(aid).values(), *(iri.event_text(ev.id) for ev in ex.events),
             *(iri.figure_text(f.subject, f.value, f.unit, f.source.article, f.source.sentence) for f in ex.figures)}
    spo = table.spo
    if shared_only:
        spo = {s: po for s, po in spo.items() if s not in local}
    return Share(spo, parts, ctx.role_titles(), local)


def entity_from_parts(gid: str, parts: list[tuple[str, Entity]]) -> Entity:
    """The entity `gid` as kg.resolve joins it, from its parts in article order."""
    merged: dict[str, Entity] = {}
    names: dict[str, dict[str, int]] = {}
    for key, e in parts:
        merge(merged, names, gid, key, e)
    ent = merged[gid]
    name_entity(ent, names[gid])
    return ent


def _check_local(ex: Extraction) -> None:
    """Facts must name entities of their own article: resolve would look any other key up
    among all articles' (kg.resolve._repoint), which one article's share cannot."""
    own = {e.id for e in ex.entities}
    named = [ex.publisher]
    for p in ex.posts:
        named += (p.person, p.org)
    for r in ex.relations:
        named += (r.subject, r.object)
    named += [a.subject for a in ex.attributes]
    named += [f.subject for f in ex.figures]
    for ev in ex.events:
        named.append(ev.place)
        named += ev.participants
    if any(k and k not in own for k in named):
        raise Fallback(f"article {ex.article.id!r} names an entity of another article")


def head_counts(parts: list[tuple[str, Entity]]) -> tuple[dict[str, list[int]], dict[str, int]]:
    """What one article's parts add to an entity's head, as kg.resolve joins them: name ->
    [mentions, parts giving it], and alias -> parts giving it (its names are aliases too)."""
    names: dict[str, list[int]] = {}
    aliases: dict[str, int] = {}
    for _, e in parts:
        found = names.setdefault(e.name, [0, 0])
        found[0] += len(e.mentions)
        found[1] += 1
        for alias in e.aliases | {e.name}:
            aliases[alias] = aliases.get(alias, 0) + 1
    return names, aliases
