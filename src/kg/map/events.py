"""Events: typed by their kg:Event subclass, dated by precision, placed, with participants."""
from __future__ import annotations

from rdflib import Literal

from kg.map import iri
from kg.map.context import Context
from kg.map.literals import iso_date
from kg.map.vocab import PARTICIPANT, RDF, SCHEMA, TRIGGER, event_class
from kg.model import Event


def map_event(ctx: Context, event: Event) -> None:
    node = iri.event(event.id)
    what = f"event {event.id!r}"
    ctx.add(node, RDF.type, event_class(event.type))
    label = event.trigger or event.type
    ctx.add(node, SCHEMA.name, Literal(f"{label} ({event.date})" if event.date else label))
    if event.description:
        ctx.add(node, SCHEMA.description, Literal(event.description))
    if event.trigger:
        ctx.add(node, TRIGGER, Literal(event.trigger))
    if event.date:
        ctx.add(node, SCHEMA.startDate, iso_date(event.date))
    if event.place:
        ctx.add(node, SCHEMA.location, ctx.entity(event.place, what))
    for participant in event.participants:
        ctx.add(node, PARTICIPANT, ctx.entity(participant, what))
    ctx.derive(node, event.source)
