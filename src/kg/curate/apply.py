"""Applying curation rules to a resolved corpus, between resolve and map.

Rules run in file order, each against the corpus as the rules before it left it; an id that
an earlier rule retired (merged away, retyped) still finds its entity. Entities change at
once; facts are repointed in one pass at the end (so 50 rules cost one walk over the
facts, not fifty): through merges and retypes, into split parts by article and sentence,
out of the graph with dropped entities, and out of it where a retype left them ill-typed.
A rule that matches nothing is reported in the log, never silently skipped.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from kg.curate.rules import Curation, Part, Ref, Rule
from kg.model import LEGISLATION, ORGANIZATION, PERSON, PLACE, Corpus, Entity, Source
from kg.normalize.text import fold_tones, name_key
from kg.resolve import global_id

__all__ = ["CurationLog", "apply_curation"]


@dataclass
class CurationLog:
    """What the rules did: for the build summary and the graph's provenance."""

    curation: Curation
    applied: list[Rule] = field(default_factory=list)
    unmatched: list[str] = field(default_factory=list)  # one message per reference or part that found nothing
    unmatched_rules: set[int] = field(default_factory=set)  # the rules those messages are about
    invalidated: dict[int, list[str]] = field(default_factory=dict)  # rule index -> dropped entity ids / fact IRIs
    changes: int = 0  # entities touched


@dataclass
class _Split:
    rule: int
    parts: list[tuple[str, Part]]  # (part entity id, spec)


class _Names:
    """(type, name key) -> entity ids, by canonical name and by alias, kept up to date."""

    def __init__(self, entities: dict[str, Entity]) -> None:
        self.names: dict[tuple[str, str], set[str]] = {}
        self.aliases: dict[tuple[str, str], set[str]] = {}
        for e in entities.values():
            self.add(e)

    def add(self, e: Entity) -> None:
        self.names.setdefault((e.type, name_key(e.name)), set()).add(e.id)
        for a in e.aliases:
            self.aliases.setdefault((e.type, name_key(a)), set()).add(e.id)

    def remove(self, e: Entity) -> None:
        self.names.get((e.type, name_key(e.name)), set()).discard(e.id)
        for a in e.aliases:
            self.aliases.get((e.type, name_key(a)), set()).discard(e.id)


class _State:
    def __init__(self, corpus: Corpus, log: CurationLog) -> None:
        self.corpus = corpus
        self.ents = corpus.entities
        self.log = log
        self._index: _Names | None = None
        self.redirect: dict[str, str] = {}
        self.splits: dict[str, _Split] = {}
        self.dropped: set[str] = set()
        self.retyped = False

    @property
    def index(self) -> _Names:
        """Built on the first lookup by name: a file that names entities by IRI only never pays for it."""
        if self._index is None:
            self._index = _Names(self.ents)
        return self._index

    def unindex(self, e: Entity) -> None:
        if self._index is not None:
            self._index.remove(e)

    def reindex(self, e: Entity) -> None:
        if self._index is not None:
            self._index.add(e)

    def find(self, ref: Ref, rule: Rule) -> Entity | None:
        """The entity a reference names now, or None (reported)."""
        if ref.id:
            eid = _id_of(ref.id)
            seen = set()
            while eid not in self.ents and eid in self.redirect and eid not in seen:
                seen.add(eid)
                eid = self.redirect[eid]
            if eid in self.ents:
                return self.ents[eid]
            self._miss(rule, f"no entity {ref.id}")
            return None
        key = (ref.type, name_key(ref.name))
        ids = sorted(self.index.names.get(key, set())) or sorted(self.index.aliases.get(key, set()))
        if len(ids) == 1:
            return self.ents[ids[0]]
        if ids:
            self._miss(rule, f"{ref} is ambiguous: {', '.join(ids)}; name it by id")
        else:
            self._miss(rule, f"no entity {ref}")
        return None

    def _miss(self, rule: Rule, why: str) -> None:
        self.log.unmatched.append(f"{rule.describe()}: {why}")
        self.log.unmatched_rules.add(rule.index)

    def touch(self, e: Entity, rule: Rule, revision_of: list[str] = ()) -> None:
        e.attrs.setdefault("curation", [])
        if rule.index not in [c["rule"] for c in e.attrs["curation"]]:
            e.attrs["curation"].append({"rule": rule.index, "action": rule.action})
        if revision_of:
            e.attrs["revision_of"] = sorted(set(e.attrs.get("revision_of", [])) | set(revision_of))
        self.log.changes += 1

    def remove(self, e: Entity) -> None:
        self.unindex(e)
        del self.ents[e.id]

    def put(self, e: Entity) -> None:
        self.ents[e.id] = e
        self.reindex(e)


def _id_of(ref: str) -> str:
    from kg.map.vocab import ID

    for prefix in (str(ID), "id:"):
        if ref.startswith(prefix):
            return ref[len(prefix):]
    return ref


def apply_curation(corpus: Corpus, curation: Curation) -> CurationLog:
    """Apply every rule to `corpus` in place; the log says what matched and what did not."""
    log = CurationLog(curation)
    st = _State(corpus, log)
    fact_drops: list[Rule] = []
    for rule in curation.rules:
        if rule.action == "drop-fact":
            fact_drops.append(rule)
            continue
        before = log.changes + len(log.invalidated)
        _ACTIONS[rule.action](st, rule)
        if log.changes + len(log.invalidated) > before:  # it changed something
            log.applied.append(rule)
    _repoint_facts(st)
    for rule in fact_drops:
        _drop_facts(st, rule)
    corpus.entities = dict(sorted(st.ents.items()))
    return log


# --- entity actions ---------------------------------------------------------

def _merge(st: _State, rule: Rule) -> None:
    found = [e for e in (st.find(r, rule) for r in rule.refs) if e is not None]
    if not found:
        return
    # what is found is merged (a reference that no longer matches is reported above)
    target, others = found[0], [e for e in found[1:] if e.id != found[0].id]
    types = {e.type for e in found}
    if len(types) > 1:
        st._miss(rule, f"cannot merge entities of different types ({', '.join(sorted(types))}); retype one first")
        return
    if not others:
        if len(found) == len(rule.refs):
            st._miss(rule, "all references name the same entity")
        return
    st.unindex(target)
    for other in others:
        st.remove(other)
        for _, m in other.mentions:
            m.attrs.setdefault("curated", "curation merge")
        target.mentions += other.mentions
        target.aliases |= other.aliases | {other.name}
        target.attrs["curation"] = target.attrs.get("curation", []) + [
            c for c in other.attrs.get("curation", []) if c not in target.attrs.get("curation", [])]
        st.redirect[other.id] = target.id
        st.touch(target, rule, [other.id, *other.attrs.get("revision_of", [])])
    target.aliases.discard(target.name)
    st.reindex(target)


def _split(st: _State, rule: Rule) -> None:
    orig = st.find(rule.refs[0], rule)
    if orig is None:
        return
    key = orig.attrs.get("key") or orig.id
    parts: list[tuple[str, Part]] = []
    moved: dict[str, list] = {}
    for part in rule.parts:
        pid = global_id(orig.type, f"{key} | {part.name}")
        arts, forms = set(part.articles), {name_key(f) for f in part.forms}
        mine = [(a, m) for a, m in orig.mentions
                if a in arts or name_key(m.surface or m.name) in forms]
        if not mine:
            st._miss(rule, f"part {part.name!r} matches no mention of {orig.id}")
            continue
        taken = {id(m) for _, m in mine}
        orig.mentions = [(a, m) for a, m in orig.mentions if id(m) not in taken]
        parts.append((pid, part))
        moved[pid] = mine
    if not parts:
        return
    st.unindex(orig)
    for pid, part in parts:
        ent = Entity(pid, orig.type, part.name, mentions=moved[pid],
                     attrs={"key": f"{key} | {part.name}", "curation": [dict(c) for c in orig.attrs.get("curation", [])]})
        for _, m in moved[pid]:
            m.attrs["curated"] = "curation split"
        ent.aliases = {fold_tones(m.surface) for _, m in moved[pid] if m.surface} - {part.name}
        st.touch(ent, rule, [orig.id])
        st.put(ent)
    st.splits[orig.id] = _Split(rule.index, parts)
    if orig.mentions:
        # what stayed keeps the old node, named by what is left of it
        orig.aliases = {fold_tones(m.surface) for _, m in orig.mentions if m.surface} - {orig.name}
        st.touch(orig, rule)
        st.reindex(orig)
    else:
        del st.ents[orig.id]


def _rename(st: _State, rule: Rule) -> None:
    e = st.find(rule.refs[0], rule)
    if e is None:
        return
    st.unindex(e)
    e.aliases.add(e.name)
    e.name = rule.name
    e.aliases.discard(rule.name)
    st.reindex(e)
    st.touch(e, rule)


def _retype(st: _State, rule: Rule) -> None:
    e = st.find(rule.refs[0], rule)
    if e is None:
        return
    if e.type == rule.type:
        st._miss(rule, f"{e.id} is already a {rule.type}")
        return
    st.remove(e)
    old = e.id
    e.type = rule.type
    e.id = global_id(rule.type, e.attrs.get("key") or old)
    for _, m in e.mentions:
        m.type = rule.type
    st.redirect[old] = e.id
    st.retyped = True
    existing = st.ents.get(e.id)
    if existing is not None:  # the key already names an entity of that type: they are one
        st.unindex(existing)
        existing.mentions += e.mentions
        existing.aliases |= e.aliases | {e.name}
        existing.aliases.discard(existing.name)
        st.reindex(existing)
        st.touch(existing, rule, [old])
        return
    st.touch(e, rule, [old])
    st.put(e)


def _drop(st: _State, rule: Rule) -> None:
    e = st.find(rule.refs[0], rule)
    if e is None:
        return
    st.remove(e)
    st.dropped.add(e.id)
    st.log.invalidated.setdefault(rule.index, []).append(e.id)


def _alias(st: _State, rule: Rule) -> None:
    e = st.find(rule.refs[0], rule)
    if e is None:
        return
    st.unindex(e)
    e.aliases |= set(rule.names) - {e.name}
    st.reindex(e)
    st.touch(e, rule)


_ACTIONS = {"merge": _merge, "split": _split, "rename": _rename, "retype": _retype, "drop": _drop,
            "alias": _alias}


# --- facts ------------------------------------------------------------------

def _where(st: _State, eid: str | None, source: Source) -> str | None:
    """Where a fact's end now lives: through merges and retypes, into the split part that
    covers the fact's article or sentence; None when it was dropped or is gone."""
    seen = set()
    while eid is not None and eid not in seen:
        seen.add(eid)
        if eid in st.redirect:
            eid = st.redirect[eid]
        elif eid in st.splits:
            nxt = _part_for(st, eid, st.splits[eid], source)
            if nxt == eid:
                break
            eid = nxt
        else:
            break
    return eid if eid in st.ents else None


def _part_for(st: _State, orig: str, split: _Split, source: Source) -> str:
    for pid, part in split.parts:
        if source.article in part.articles:
            return pid
    candidates = [pid for pid, _ in split.parts if pid in st.ents] + ([orig] if orig in st.ents else [])
    for eid in candidates:
        if any(a == source.article and m.sentence == source.sentence for a, m in st.ents[eid].mentions):
            return eid
    in_article = [eid for eid in candidates if any(a == source.article for a, _ in st.ents[eid].mentions)]
    if len(in_article) == 1:
        return in_article[0]
    return orig if orig in st.ents else split.parts[0][0]


# Which entity types may stand at each end of a relation, where a retype could break it.
_ENDS = {"subOrganizationOf": ({ORGANIZATION}, {ORGANIZATION}),
         "legislationPassedBy": ({LEGISLATION}, {ORGANIZATION}),
         "containedInPlace": ({PLACE}, {PLACE}),
         "jurisdiction": ({ORGANIZATION}, {PLACE}),
         "standingAgencyOf": ({ORGANIZATION}, {ORGANIZATION}),
         "establishedUnder": ({ORGANIZATION}, {LEGISLATION}),
         "establishedBy": ({ORGANIZATION}, {ORGANIZATION}),
         "accountableTo": ({ORGANIZATION}, {ORGANIZATION}),
         "wantedBy": ({PERSON}, {ORGANIZATION}),
         "workedFor": ({PERSON}, {ORGANIZATION}),
         "transferredFrom": ({PERSON}, {ORGANIZATION}),
         "accompliceOf": ({PERSON}, {PERSON}),
         "hometown": ({PERSON}, {PLACE}),
         "locatedIn": (None, {PLACE}),
         "disciplinedBy": (None, {ORGANIZATION}),
         "proposedDisciplineBy": (None, {ORGANIZATION}),
         "prosecutedBy": (None, {ORGANIZATION})}
_ATTR_DOMAIN = {"legislationIdentifier": LEGISLATION, "legislationDate": LEGISLATION,
                "documentType": LEGISLATION, "foundingDate": ORGANIZATION}


def _fits(st: _State, eid: str, types: set[str] | None) -> bool:
    return types is None or st.ents[eid].type in types


def _repoint_facts(st: _State) -> None:
    if not (st.redirect or st.splits or st.dropped):
        return
    ents = st.ents
    for ex in st.corpus.articles:
        posts = []
        for p in ex.posts:
            person, org = _where(st, p.person, p.source), _where(st, p.org, p.source)
            if person is None or ents[person].type != PERSON:
                continue  # a post stands on its person
            if org is not None and ents[org].type != ORGANIZATION:
                org = None
            p.person, p.org = person, org
            posts.append(p)
        ex.posts = posts
        rels = []
        for r in ex.relations:
            s, o = _where(st, r.subject, r.source), _where(st, r.object, r.source)
            dom, rng = _ENDS.get(r.predicate, (None, None))
            if s and o and s != o and _fits(st, s, dom) and _fits(st, o, rng):
                r.subject, r.object = s, o
                rels.append(r)
        ex.relations = rels
        attrs = []
        for a in ex.attributes:
            s = _where(st, a.subject, a.source)
            if s and (a.predicate not in _ATTR_DOMAIN or ents[s].type == _ATTR_DOMAIN[a.predicate]):
                a.subject = s
                attrs.append(a)
        ex.attributes = attrs
        figs = []
        for f in ex.figures:
            s = _where(st, f.subject, f.source)
            if s:
                f.subject = s
                figs.append(f)
        ex.figures = figs
        for ev in ex.events:
            # an event stands on its trigger sentence, not on its participants: it stays
            place = _where(st, ev.place, ev.source)
            ev.place = place if place and ents[place].type == PLACE else None
            ev.participants = sorted({q for q in (_where(st, p, ev.source) for p in ev.participants)
                                      if q and ents[q].type in (PERSON, ORGANIZATION)})
        if ex.publisher:
            pub = _where(st, ex.publisher, Source(ex.article.id, 0, ""))
            ex.publisher = pub if pub and ents[pub].type == ORGANIZATION else None


def _drop_facts(st: _State, rule: Rule) -> None:
    """Remove every post, relation, attribute, figure or event whose node has this IRI."""
    from kg.curate.facts import fact_iris

    wanted = {_full(f) for f in rule.facts}
    found: set[str] = set()
    for ex in st.corpus.articles:
        for kind, items in (("posts", ex.posts), ("relations", ex.relations), ("attributes", ex.attributes),
                            ("figures", ex.figures), ("events", ex.events)):
            keep = []
            for item, node in zip(items, fact_iris(kind, items)):
                if node in wanted:
                    found.add(node)
                else:
                    keep.append(item)
            setattr(ex, kind, keep)
    for f in sorted(wanted - found):
        st._miss(rule, f"no fact {f}")
    if found:
        st.log.invalidated.setdefault(rule.index, []).extend(sorted(found))
        st.log.applied.append(rule)


def _full(ref: str) -> str:
    from kg.map.vocab import ID

    return str(ID) + ref[3:] if ref.startswith("id:") else ref
