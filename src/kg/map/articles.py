"""Articles and the entities they mention."""
from __future__ import annotations

from rdflib import Literal

from kg.map.context import Context
from kg.map.literals import dated
from kg.map.vocab import ARTICLE, RDF, SCHEMA, XSD
from kg.model import Extraction


def map_article(ctx: Context, extraction: Extraction) -> None:
    """The article node: headline, id, url, date and publisher. Mentions come from entities."""
    art = extraction.article
    node = ctx.article(art.id)
    ctx.add(node, RDF.type, ARTICLE)
    ctx.add(node, SCHEMA.headline, Literal(art.title))
    ctx.add(node, SCHEMA.identifier, Literal(art.id))
    if art.url:
        ctx.add(node, SCHEMA.url, Literal(art.url, datatype=XSD.anyURI))
    if art.published:
        ctx.add(node, SCHEMA.datePublished, dated(art.published, "date"))
    if extraction.publisher:
        publisher = ctx.entity(extraction.publisher, f"publisher of article {art.id!r}")
        ctx.add(node, SCHEMA.publisher, publisher)
        # the byline names the publisher, so the article mentions it even without a mention record
        ctx.add(node, SCHEMA.mentions, publisher)
