"""Make the extractions of a big corpus smaller in memory while they wait for resolve.

Extractions that come back from worker processes or the cache are unpickled one by one, so
the same key, name, rule or place ('org:ủy ban nhân dân@hà nội', 'org:head:Bộ') is a new
string in every mention of every article. Interning them makes one string of each; nothing
changes but the memory (10k articles hold millions of such strings)."""
from __future__ import annotations

from sys import intern

from kg.model import Extraction


def _s(value):
    return intern(value) if type(value) is str else value


def compact(ex: Extraction) -> Extraction:
    for e in ex.entities:
        e.id, e.type, e.name = intern(e.id), intern(e.type), intern(e.name)
        e.aliases = {intern(a) for a in e.aliases}
        e.attrs = {intern(k): _s(v) for k, v in e.attrs.items()}
        e.joined_by = {intern(k): _s(v) for k, v in e.joined_by.items()}
        for _, m in e.mentions:
            m.type, m.name, m.key, m.rule = intern(m.type), intern(m.name), intern(m.key), intern(m.rule)
            m.surface = intern(m.surface)
            m.attrs = {intern(k): _s(v) for k, v in m.attrs.items()}
    return ex
