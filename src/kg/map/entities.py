"""Entities: their class, names, and where they are mentioned."""
from __future__ import annotations

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
    ctx.table.add_node(node, po)
    add, article, sentence = ctx.add, ctx.article, ctx.sentence
    # each (article, sentence) once: a name said twice in a sentence adds nothing the second
    # time; the article's triple once per run of the article (mentions come by article), the
    # same table, as a repeated add() changes nothing
    last = None
    for article_id, index in dict.fromkeys((a, m.sentence) for a, m in entity.mentions):
        if article_id != last:
            add(article(article_id), _ARTICLE_MENTIONS, node)
            last = article_id
        add(sentence(article_id, index), _SENTENCE_MENTIONS, node)
