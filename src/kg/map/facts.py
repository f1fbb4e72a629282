"""Facts about entities: posts, relations, attributes and figures, each with its sources."""
from __future__ import annotations

from kg.map import iri, literals
from kg.map.context import TYPE, Context
from kg.map.vocab import (FIGURE, FORMER, HAS_FIGURE, MEMBERSHIP, ORG, ROLE, SCHEMA,
                          attribute_predicate, relation_predicate)
from kg.model import Attribute, Figure, Post, Relation
from kg.triples import Lit

_MEMBERSHIP, _ROLE, _FIGURE = str(MEMBERSHIP), str(ROLE), str(FIGURE)
_MEMBER, _ORG_ROLE, _ORGANIZATION = str(ORG.member), str(ORG.role), str(ORG.organization)
_FORMER, _HAS_FIGURE = str(FORMER), str(HAS_FIGURE)
_VALUE, _UNIT, _DESCRIPTION = str(SCHEMA.value), str(SCHEMA.unitText), str(SCHEMA.description)


def map_post(ctx: Context, post: Post) -> None:
    """One org:Membership-style node per distinct (person, role, org, former), all sources on it."""
    def what() -> str:  # for an error only
        return f"post {post.role!r} of {post.person!r}"

    title = post.role.strip()
    if not title:
        raise ValueError(f"{what()} has an empty role")
    person = ctx.entity(post.person, what)
    role = ctx.role(title)
    node, new = ctx.membership(post.person, role, post.org, post.former)
    if new:
        po = {TYPE: [_MEMBERSHIP], _MEMBER: [person], _ORG_ROLE: [role]}
        if post.org:
            po[_ORGANIZATION] = [ctx.entity(post.org, what)]
        po[_FORMER] = [literals.boolean_term(post.former)]
        ctx.table.add_node(node, ctx.derived(po, post.source))
    else:  # the same person, role, organization and former: only this source can be new
        ctx.derive(node, post.source)
    if ctx.role_title(role, title):  # the first title of this role: the role is new
        ctx.add(role, TYPE, _ROLE)


def map_relation(ctx: Context, rel: Relation) -> None:
    def what() -> str:
        return f"relation {rel.predicate!r}"

    subject = ctx.entity(rel.subject, what)
    predicate = _RELATIONS.get(rel.predicate)
    if predicate is None:
        predicate = _RELATIONS[rel.predicate] = str(relation_predicate(rel.predicate))
    ctx.state(subject, predicate, ctx.entity(rel.object, what), rel.source)


def map_attribute(ctx: Context, attr: Attribute) -> None:
    def what() -> str:
        return f"attribute {attr.predicate!r}"

    subject = ctx.entity(attr.subject, what)
    predicate = _ATTRIBUTES.get(attr.predicate)
    if predicate is None:
        predicate = _ATTRIBUTES[attr.predicate] = str(attribute_predicate(attr.predicate))
    ctx.state(subject, predicate, literals.value_term(attr.value, attr.datatype), attr.source)


# predicate name -> IRI, looked up once (the vocabulary is fixed once loaded)
_RELATIONS: dict[str, str] = {}
_ATTRIBUTES: dict[str, str] = {}


def map_figure(ctx: Context, fig: Figure) -> None:
    """A figure node one step from its entity, so the integer sits next to what it counts."""
    subject = ctx.entity(fig.subject, lambda: f"figure {fig.value!r}")
    node = iri.figure_text(fig.subject, fig.value, fig.unit, fig.source.article, fig.source.sentence)
    po = {TYPE: [_FIGURE], _VALUE: [literals.number_term(fig.value)], _UNIT: [Lit(fig.unit)]}
    if fig.text:
        po[_DESCRIPTION] = [Lit(fig.text)]
    ctx.table.add_node(node, ctx.derived(po, fig.source))
    ctx.add(subject, _HAS_FIGURE, node)
