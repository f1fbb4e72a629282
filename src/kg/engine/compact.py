"""Make the extractions of a big corpus smaller in memory while they wait for resolve.

`slim` drops what only extraction itself reads: the working notes its rules leave in the
`attrs` of mentions and entities (token spans, bare names, parents, places...: a dict of
six or so entries on every mention). Resolve, the records and map read none of them: of a
mention, only the join reason ('joined') goes on into resolution.jsonl. Done where the
extraction is made, before it is pickled to the parent or the cache, it is also less to
send and to load.

`compact` interns: extractions that come back from worker processes or the cache are unpickled one by one, so
the same key, name, rule or place ('org:ủy ban nhân dân@hà nội', 'org:head:Bộ') is a new
string in every mention of every article. Interning them makes one string of each; nothing
changes but the memory (10k articles hold millions of such strings)."""
from __future__ import annotations

from sys import intern

from kg.model import Extraction

# the mention attributes read after extraction (kg.resolve.records.join_reason)
KEPT_MENTION_ATTRS = frozenset({"joined"})


def slim(ex: Extraction) -> Extraction:
    """The extraction without its rules' working notes (in place)."""
    keep = KEPT_MENTION_ATTRS
    for e in ex.entities:
        for _, m in e.mentions:
            attrs = m.attrs
            if attrs:  # new dicts, not cleared in place: a rule may share one between records
                m.attrs = {k: v for k, v in attrs.items() if k in keep}
        e.attrs = {}
    return ex


def _s(value):
    return intern(value) if type(value) is str else value


def compact(ex: Extraction) -> Extraction:
    for e in ex.entities:
        e.id, e.type, e.name = intern(e.id), intern(e.type), intern(e.name)
        e.aliases = {intern(a) for a in e.aliases}
        if e.attrs:
            e.attrs = {intern(k): _s(v) for k, v in e.attrs.items()}
        e.joined_by = {intern(k): _s(v) for k, v in e.joined_by.items()}
        for _, m in e.mentions:
            m.type, m.name, m.key, m.rule = intern(m.type), intern(m.name), intern(m.key), intern(m.rule)
            m.surface = intern(m.surface)
            if m.attrs:
                m.attrs = {intern(k): _s(v) for k, v in m.attrs.items()}
    return ex
