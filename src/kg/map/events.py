"""Events: typed by their kg:Event subclass, dated by precision, placed, with participants."""
from __future__ import annotations

from kg.map import iri
from kg.map.context import TYPE, Context
from kg.map.literals import iso_date_term
from kg.map.vocab import PARTICIPANT, SCHEMA, TRIGGER, event_class
from kg.model import Event
from kg.triples import Lit

_NAME, _DESCRIPTION, _TRIGGER = str(SCHEMA.name), str(SCHEMA.description), str(TRIGGER)
_START, _LOCATION, _PARTICIPANT = str(SCHEMA.startDate), str(SCHEMA.location), str(PARTICIPANT)


def map_event(ctx: Context, event: Event) -> str:
    """The event's node, which this adds; its IRI returned for the article's mention of it."""
    node = iri.event_text(event.id)

    def what() -> str:  # for an error only
        return f"event {event.id!r}"

    cls = _CLASSES.get(event.type)
    if cls is None:
        cls = _CLASSES[event.type] = str(event_class(event.type))
    label = event.trigger or event.type
    po = {TYPE: [cls], _NAME: [Lit(f"{label} ({event.date})" if event.date else label)]}
    if event.description:
        po[_DESCRIPTION] = [Lit(event.description)]
    if event.trigger:
        po[_TRIGGER] = [Lit(event.trigger)]
    if event.date:
        po[_START] = [iso_date_term(event.date)]
    if event.place:
        po[_LOCATION] = [ctx.entity(event.place, what)]
    if event.participants:
        po[_PARTICIPANT] = [ctx.entity(participant, what) for participant in event.participants]
    ctx.table.add_node(node, ctx.derived(po, event.source))
    return node


_CLASSES: dict[str, str] = {}  # event type -> its class IRI, looked up once
