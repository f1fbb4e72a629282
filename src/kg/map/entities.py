"""Entities: their class, names, and where they are mentioned."""
from __future__ import annotations

from rdflib import Literal

from kg.map.context import Context
from kg.map.vocab import ENTITY_CLASSES, MENTIONS, RDF, SCHEMA
from kg.model import Entity


def map_entity(ctx: Context, entity: Entity) -> None:
    """Class, schema:name, schema:alternateName, and the article and sentence mentions."""
    node = ctx.entity(entity.id, "the corpus's entity table")
    if entity.type not in ENTITY_CLASSES:
        raise ValueError(f"entity {entity.id!r} has unknown type {entity.type!r}; "
                         f"known: {', '.join(ENTITY_CLASSES)}")
    if not entity.name.strip():
        raise ValueError(f"entity {entity.id!r} has an empty name")
    ctx.add(node, RDF.type, ENTITY_CLASSES[entity.type])
    # plain literals, no language tag: names are compared as strings
    ctx.add(node, SCHEMA.name, Literal(entity.name))
    for alias in sorted(entity.aliases - {entity.name}):
        if alias.strip():
            ctx.add(node, SCHEMA.alternateName, Literal(alias))
    for article_id, mention in entity.mentions:
        ctx.add(ctx.article(article_id), SCHEMA.mentions, node)
        ctx.add(ctx.sentence(article_id, mention.sentence), MENTIONS, node)
