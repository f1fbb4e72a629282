"""Reading a built graph back as entities and facts, for `kg entities`, `kg explain` and
`kg diff`: names, forms, articles, and every fact node with its sources."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from rdflib import RDF, Graph, URIRef

from kg.errors import KgError
from kg.map.vocab import (ENTITY_CLASSES, EVENT_CLASSES, HAS_FIGURE, ID, MEMBERSHIP, PARTICIPANT, RULE,
                          SCHEMA, SPAN, ORG, PROV, term)
from kg.normalize.text import name_key, strip_diacritics
from kg.resolve.records import RESOLUTION_FILE, read_records

__all__ = ["EntityView", "GraphView", "AmbiguousName", "fold", "describe"]

_TYPE_OF = {v: k for k, v in ENTITY_CLASSES.items()}


class AmbiguousName(KgError):
    """A name that several entities carry; the message lists them."""


def fold(text: str) -> str:
    """Search key without diacritics: 'Nội chính' and 'noi chinh' meet."""
    return strip_diacritics(name_key(text))


@dataclass
class EntityView:
    iri: str
    type: str
    name: str
    aliases: list[str] = field(default_factory=list)
    articles: list[str] = field(default_factory=list)  # article IRIs that mention it
    record: dict | None = None  # its line of resolution.jsonl, when the file is there

    def forms(self) -> set[str]:
        """Name keys of every way it is written: name, aliases, and recorded surface forms."""
        out = {name_key(self.name)} | {name_key(a) for a in self.aliases}
        if self.record:
            out |= {name_key(f["form"]) for f in self.record["forms"] if f["form"]}
        return out - {""}

    def spans(self) -> set[tuple[str, int, int]]:
        """(article, start, end) of every recorded mention with a surface form."""
        if not self.record:
            return set()
        return {(f["article"], f["start"], f["end"]) for f in self.record["forms"] if f["form"]}

    @property
    def short(self) -> str:
        return "id:" + self.iri[len(ID):] if self.iri.startswith(str(ID)) else self.iri


class GraphView:
    """A graph file (and the resolution.jsonl beside it) seen as entities."""

    def __init__(self, path: Path) -> None:
        from kg.validate import load_graph

        self.path = path
        self.graph: Graph = load_graph(path)
        recs = read_records(path.parent / RESOLUTION_FILE)
        g = self.graph
        self.entities: dict[str, EntityView] = {}
        for cls, typ in _TYPE_OF.items():
            for node in g.subjects(RDF.type, cls):
                name = g.value(node, SCHEMA.name)
                self.entities[str(node)] = EntityView(
                    str(node), typ, str(name) if name is not None else "",
                    sorted(str(a) for a in g.objects(node, SCHEMA.alternateName)), record=recs.get(str(node)))
        article_cls = term("Article")
        for art in g.subjects(RDF.type, article_cls):
            for ent in g.objects(art, SCHEMA.mentions):
                if str(ent) in self.entities:
                    self.entities[str(ent)].articles.append(str(art))
        for e in self.entities.values():
            e.articles.sort()

    def label(self, node) -> str:
        """A readable name for any node: an entity's name, else a literal, else the short IRI."""
        if str(node) in self.entities:
            return self.entities[str(node)].name
        name = self.graph.value(node, SCHEMA.name) if isinstance(node, URIRef) else None
        if name is not None:
            return str(name)
        if isinstance(node, URIRef):
            return self.graph.namespace_manager.normalizeUri(node)
        return str(node)

    def search(self, type_: str | None = None, text: str | None = None) -> list[EntityView]:
        """Entities of a type whose name, alias or form contains TEXT; with diacritics in TEXT
        they must match, without them they are ignored on both sides."""
        out = []
        exact = text is not None and strip_diacritics(text) != text
        want = (name_key(text) if exact else fold(text)) if text else ""
        for e in self.entities.values():
            if type_ and e.type != type_:
                continue
            if want:
                names = [e.name, *e.aliases] + ([f["form"] for f in e.record["forms"]] if e.record else [])
                keys = [name_key(n) if exact else fold(n) for n in names]
                if not any(want in k for k in keys):
                    continue
            out.append(e)
        return sorted(out, key=lambda e: (e.type, fold(e.name), e.iri))

    def find(self, ref: str) -> str:
        """The IRI that NAME, 'id:...', a full IRI or an id path names: an entity or a fact node.
        AmbiguousName when several entities carry the name; KgError when none does."""
        g = self.graph
        if ref and not any(c.isspace() for c in ref):  # names have spaces; IRIs and id paths do not
            for cand in (ref, str(ID) + ref[3:] if ref.startswith("id:") else None, str(ID) + ref):
                if cand and (URIRef(cand), None, None) in g:
                    return cand
        key = name_key(ref)
        hits = sorted(e.iri for e in self.entities.values() if name_key(e.name) == key)
        if not hits:
            hits = sorted(e.iri for e in self.entities.values() if key in {name_key(a) for a in e.aliases})
        if len(hits) == 1:
            return hits[0]
        if hits:
            lines = "\n".join(f"  {self.entities[h].short}  {self.entities[h].type}  {self.entities[h].name}"
                              for h in hits)
            raise AmbiguousName(f"{ref!r} names {len(hits)} entities; give one IRI:\n{lines}")
        raise KgError(f"{ref!r}: no entity or fact of that name or IRI in {self.path}")

    def facts_of(self, node: URIRef) -> list[URIRef]:
        """Every fact node that involves an entity: memberships, statements, events, figures."""
        g = self.graph
        out: set = set()
        for p in (ORG.member, ORG.organization, RDF.subject, RDF.object, PARTICIPANT, SCHEMA.location):
            out |= set(g.subjects(p, node))
        out |= set(g.objects(node, HAS_FIGURE))
        return sorted(out)

    def kind(self, node: URIRef) -> str:
        g = self.graph
        types = set(g.objects(node, RDF.type))
        if MEMBERSHIP in types:
            return "post"
        if RDF.Statement in types:
            return "statement"
        if types & EVENT_CLASSES:
            return "event"
        if term("Figure") in types:
            return "figure"
        if set(_TYPE_OF) & types:
            return "entity"
        return "node"

    def sources(self, node: URIRef) -> list[dict]:
        """The sentences a fact was read from: article headline, date, text, span."""
        g = self.graph
        out = []
        for s in sorted(g.objects(node, PROV.wasDerivedFrom)):
            art = g.value(s, SCHEMA.isPartOf)
            out.append({"sentence": str(s), "article": str(g.value(art, SCHEMA.identifier) or art),
                        "headline": str(g.value(art, SCHEMA.headline) or ""),
                        "date": str(g.value(art, SCHEMA.datePublished) or ""),
                        "span": str(g.value(s, SPAN) or ""), "text": str(g.value(s, SCHEMA.text) or "")})
        return out

    def rules(self, node: URIRef) -> list[str]:
        return sorted(str(r) for r in self.graph.objects(node, RULE))


def describe(view: GraphView, node: URIRef) -> str:
    """A fact node in one readable line, by names rather than IRIs."""
    g, kind, label = view.graph, view.kind(node), view.label
    if kind == "post":
        role = g.value(g.value(node, ORG.role), SCHEMA.name) or ""
        org = g.value(node, ORG.organization)
        former = str(g.value(node, term("former"))) == "true"
        return (f"post: {label(g.value(node, ORG.member))} — {'former ' if former else ''}{role}"
                + (f" — {label(org)}" if org is not None else ""))
    if kind == "statement":
        p = g.namespace_manager.normalizeUri(g.value(node, RDF.predicate))
        return f"{p}: {label(g.value(node, RDF.subject))} → {label(g.value(node, RDF.object))}"
    if kind == "event":
        cls = sorted(g.namespace_manager.normalizeUri(c) for c in g.objects(node, RDF.type) if c in EVENT_CLASSES)
        place = g.value(node, SCHEMA.location)
        who = sorted(label(p) for p in g.objects(node, PARTICIPANT))
        return (f"event {', '.join(cls)}: {label(node)}" + (f" at {label(place)}" if place is not None else "")
                + (f"; participants: {', '.join(who)}" if who else ""))
    if kind == "figure":
        subj = next(iter(g.subjects(HAS_FIGURE, node)), None)
        return (f"figure: {label(subj)} {g.value(node, SCHEMA.value)} {g.value(node, SCHEMA.unitText) or ''}"
                .rstrip())
    return f"{kind}: {label(node)}"
