"""Facts about entities: posts, relations, attributes and figures, each with its sources."""
from __future__ import annotations

from rdflib import Literal

from kg.map import iri, literals
from kg.map.context import Context
from kg.map.vocab import (FIGURE, FORMER, HAS_FIGURE, MEMBERSHIP, ORG, RDF, ROLE, SCHEMA,
                          attribute_predicate, relation_predicate)
from kg.model import Attribute, Figure, Post, Relation


def map_post(ctx: Context, post: Post) -> None:
    """One org:Membership-style node per distinct (person, role, org, former), all sources on it."""
    what = f"post {post.role!r} of {post.person!r}"
    title = post.role.strip()
    if not title:
        raise ValueError(f"{what} has an empty role")
    person = ctx.entity(post.person, what)
    role = iri.role(title)
    node = iri.membership(post.person, role, post.org, post.former)
    ctx.add(node, RDF.type, MEMBERSHIP)
    ctx.add(node, ORG.member, person)
    ctx.add(node, ORG.role, role)
    if post.org:
        ctx.add(node, ORG.organization, ctx.entity(post.org, what))
    ctx.add(node, FORMER, Literal(post.former))
    ctx.derive(node, post.source)
    ctx.add(role, RDF.type, ROLE)
    ctx.role_title(role, title)


def map_relation(ctx: Context, rel: Relation) -> None:
    what = f"relation {rel.predicate!r}"
    ctx.state(ctx.entity(rel.subject, what), relation_predicate(rel.predicate),
              ctx.entity(rel.object, what), rel.source)


def map_attribute(ctx: Context, attr: Attribute) -> None:
    what = f"attribute {attr.predicate!r}"
    ctx.state(ctx.entity(attr.subject, what), attribute_predicate(attr.predicate),
              literals.value(attr.value, attr.datatype), attr.source)


def map_figure(ctx: Context, fig: Figure) -> None:
    """A figure node one step from its entity, so the integer sits next to what it counts."""
    subject = ctx.entity(fig.subject, f"figure {fig.value!r}")
    node = iri.figure(fig.subject, fig.value, fig.unit, fig.source.article, fig.source.sentence)
    ctx.add(node, RDF.type, FIGURE)
    ctx.add(node, SCHEMA.value, literals.number(fig.value))
    ctx.add(node, SCHEMA.unitText, Literal(fig.unit))
    if fig.text:
        ctx.add(node, SCHEMA.description, Literal(fig.text))
    ctx.derive(node, fig.source)
    ctx.add(subject, HAS_FIGURE, node)
