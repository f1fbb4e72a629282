"""Articles and the entities they mention."""
from __future__ import annotations

from kg.map.context import TYPE, Context
from kg.map.literals import dated_term
from kg.map.vocab import ARTICLE, SCHEMA, XSD
from kg.model import Extraction
from kg.triples import Lit

_ARTICLE, _HEADLINE, _IDENTIFIER = str(ARTICLE), str(SCHEMA.headline), str(SCHEMA.identifier)
_URL, _ANY_URI, _PUBLISHED = str(SCHEMA.url), str(XSD.anyURI), str(SCHEMA.datePublished)
_PUBLISHER, _MENTIONS = str(SCHEMA.publisher), str(SCHEMA.mentions)


def map_article(ctx: Context, extraction: Extraction) -> None:
    """The article node: headline, id, url, date and publisher. Mentions come from entities."""
    art = extraction.article
    node = ctx.article(art.id)
    ctx.add(node, TYPE, _ARTICLE)
    ctx.add(node, _HEADLINE, Lit(art.title))
    ctx.add(node, _IDENTIFIER, Lit(art.id))
    if art.url:
        ctx.add(node, _URL, Lit(art.url, _ANY_URI))
    if art.published:
        ctx.add(node, _PUBLISHED, dated_term(art.published, "date"))
    if extraction.publisher:
        publisher = ctx.entity(extraction.publisher, f"publisher of article {art.id!r}")
        ctx.add(node, _PUBLISHER, publisher)
        # the byline names the publisher, so the article mentions it even without a mention record
        ctx.add(node, _MENTIONS, publisher)
