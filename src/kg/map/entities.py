"""Entities: their class, names, and where they are mentioned."""
from __future__ import annotations

from operator import attrgetter, itemgetter

from kg.map.context import TYPE, Context
from kg.map.vocab import ENTITY_CLASSES, MENTIONS, SCHEMA
from kg.model import Entity
from kg.triples import Lit

_CLASSES = {name: str(cls) for name, cls in ENTITY_CLASSES.items()}
_NAME, _ALTERNATE = str(SCHEMA.name), str(SCHEMA.alternateName)
_ARTICLE_MENTIONS, _SENTENCE_MENTIONS = str(SCHEMA.mentions), str(MENTIONS)


def map_entity(ctx: Context, entity: Entity) -> None:
    """Class, schema:name, schema:alternateName, and the article and sentence mentions."""
    node = ctx.entity(entity.id, "the corpus's entity table")
    ctx.table.add_node(node, entity_head(entity))
    map_mentions(ctx, node, entity.mentions)


def map_mentions(ctx: Context, node: str, mentions: list) -> None:
    """The article and sentence mentions of the entity node `node`, from its (article id,
    mention) pairs."""
    article, sentence, sentences_of = ctx.article, ctx.sentence, ctx.sentences_of
    # each (article, sentence) once: a name said twice in a sentence adds nothing the second
    # time; the article's triple once per run of the article (mentions come by article), the
    # same table, as a repeated add() changes nothing. The pairs made by C-level maps, no
    # Python frame per mention; the triples added by one call.
    pairs = dict.fromkeys(zip(map(_FIRST, mentions), map(_SENTENCE, map(_SECOND, mentions))))
    last = used = None
    triples = []
    for article_id, index in pairs:
        if article_id != last:
            triples.append((article(article_id), _ARTICLE_MENTIONS, node))
            last = article_id
            used = sentences_of(article_id)
        found = used.get(index)
        triples.append((found if found is not None else sentence(article_id, index), _SENTENCE_MENTIONS, node))
    ctx.table.add_all(triples)


def entity_head(entity: Entity) -> dict[str, list]:
    """The entity node's own triples, predicate -> objects: its class, name and other names
    (what depends on all its articles; the mentions depend on one article each)."""
    if entity.type not in _CLASSES:
        raise ValueError(f"entity {entity.id!r} has unknown type {entity.type!r}; "
                         f"known: {', '.join(_CLASSES)}")
    if not entity.name.strip():
        raise ValueError(f"entity {entity.id!r} has an empty name")
    # plain literals, no language tag: names are compared as strings
    po = {TYPE: [_CLASSES[entity.type]], _NAME: [Lit(entity.name)]}
    alternates = [Lit(alias) for alias in sorted(entity.aliases - {entity.name}) if alias.strip()]
    if alternates:
        po[_ALTERNATE] = alternates
    return po


_FIRST, _SECOND, _SENTENCE = itemgetter(0), itemgetter(1), attrgetter("sentence")
