"""The records that flow between the pipeline's stages.

ingest -> Article; extract -> Extraction (mentions and facts local to one article);
resolve -> Corpus (entities with stable keys, facts that point at them); map -> RDF.
"""
from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import date
from operator import attrgetter


def _pickled_as_fields(cls):
    """Pickle a record as its class and its field values, rebuilt by one call of the class.
    A slotted dataclass otherwise pickles a dict of its fields and is rebuilt by a Python
    __setstate__ looping over them: extractions cross from worker processes and out of the
    cache this way, and loading took twice as long."""
    values = attrgetter(*(f.name for f in fields(cls)))

    def __reduce__(self):
        return cls, values(self)

    cls.__reduce__ = __reduce__
    return cls

# The entity types kg finds; each maps to one class in ontology/kg.ttl.
PERSON = "Person"
ORGANIZATION = "Organization"
PLACE = "Place"
LEGISLATION = "Legislation"
ENTITY_TYPES = (PERSON, ORGANIZATION, PLACE, LEGISLATION)


@_pickled_as_fields
@dataclass(frozen=True, slots=True)
class Article:
    """One news article as read from its file, text already normalized."""

    id: str
    title: str
    text: str
    source: str  # file path, with ':line' for JSON Lines records
    url: str | None = None
    published: date | None = None

    @property
    def full_text(self) -> str:
        """Headline and body as one string; every offset in kg points into this."""
        return self.title + "\n" + self.text


@_pickled_as_fields
@dataclass(frozen=True, slots=True)
class Sentence:
    index: int
    start: int
    end: int
    text: str


@_pickled_as_fields
@dataclass(slots=True)
class Mention:
    """A span of the article's full text that names an entity."""

    type: str
    name: str  # canonical name this mention gives (fullest form, normalized)
    surface: str  # the text as written
    start: int
    end: int
    sentence: int
    rule: str  # which extractor rule found it
    key: str = ""  # a normalized key used to join mentions into entities
    attrs: dict = field(default_factory=dict)


@_pickled_as_fields
@dataclass(slots=True)
class Entity:
    """One real thing: the mentions of it, in one article or (after resolve) in many."""

    id: str
    type: str
    name: str
    aliases: set[str] = field(default_factory=set)
    mentions: list[tuple[str, Mention]] = field(default_factory=list)  # (article id, mention)
    attrs: dict = field(default_factory=dict)
    joined_by: dict[str, str] = field(default_factory=dict)  # surface form -> rule that joined it


@_pickled_as_fields
@dataclass(frozen=True, slots=True)
class Source:
    """Where a fact was read: article, sentence, and the rule that read it."""

    article: str
    sentence: int
    rule: str


@_pickled_as_fields
@dataclass(slots=True)
class Post:
    person: str
    role: str
    org: str | None
    former: bool
    source: Source


@_pickled_as_fields
@dataclass(slots=True)
class Relation:
    """A typed edge between two entities (subOrganizationOf, legislationPassedBy, ...)."""

    subject: str
    predicate: str
    object: str
    source: Source


@_pickled_as_fields
@dataclass(slots=True)
class Attribute:
    """A literal on an entity: a date, an identifier, a document type."""

    subject: str
    predicate: str
    value: object  # str, int, float or datetime.date
    source: Source
    datatype: str = ""  # 'date', 'gYearMonth', 'gYear' or '' for the value's own type


@_pickled_as_fields
@dataclass(slots=True)
class Figure:
    """A number the text ties to an entity: 246 tỷ đồng, 18 thành viên."""

    subject: str
    value: int | float
    unit: str
    text: str
    source: Source


@_pickled_as_fields
@dataclass(slots=True)
class Event:
    id: str
    type: str  # an event class name of the ontology, e.g. 'Trial'
    trigger: str
    description: str
    source: Source
    date: str | None = None  # ISO: YYYY-MM-DD, YYYY-MM or YYYY
    place: str | None = None
    participants: list[str] = field(default_factory=list)


@_pickled_as_fields
@dataclass(slots=True)
class Extraction:
    """What extract found in one article; entity ids are local to it until resolve."""

    article: Article
    sentences: list[Sentence]
    entities: list[Entity]
    posts: list[Post] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)
    attributes: list[Attribute] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    publisher: str | None = None  # entity id of the publisher named in the text


@_pickled_as_fields
@dataclass(slots=True)
class Corpus:
    """Everything resolved across articles: what map turns into RDF."""

    articles: list[Extraction]
    entities: dict[str, Entity]  # global id -> entity
