"""Interning the strings of extractions that come back from workers or the cache changes no
value, and makes the same key one string across articles (memory at 10k articles)."""
from __future__ import annotations

import pickle

from conftest import shared

from kg.engine.compact import compact
from kg.extract import extract
from kg.ingest import read_articles


def test_compact_changes_no_value_and_shares_strings():
    article = read_articles([shared("corpus", "news.jsonl")])[0]
    one, two = (pickle.loads(pickle.dumps(extract(article))) for _ in range(2))
    key = one.entities[0].id
    assert key is not two.entities[0].id  # unpickled apart: two strings of the same text
    before = pickle.loads(pickle.dumps(one))
    compact(one)
    compact(two)
    assert one == before  # the same values, field by field
    assert one.entities[0].id is two.entities[0].id
    assert one.entities[0].mentions[0][1].key is two.entities[0].mentions[0][1].key


def test_slim_drops_only_what_no_later_stage_reads(tmp_path, monkeypatch):
    """A build of extractions slimmed (the rules' notes dropped) writes the very bytes a build
    of whole extractions writes: if a later stage ever reads a note slim drops, this fails."""
    from kg.engine import parallel
    from kg.engine.compact import KEPT_MENTION_ATTRS, slim
    from kg.pipeline import build

    articles = read_articles([shared("corpus")])
    slimmed = slim(extract(articles[0]))
    assert not any(e.attrs for e in slimmed.entities)
    assert all(set(m.attrs) <= KEPT_MENTION_ATTRS for e in slimmed.entities for _, m in e.mentions)
    assert any(m.attrs for ex in map(extract, articles) for e in ex.entities for _, m in e.mentions)

    files = {}
    for name, slimming in (("slim", slim), ("whole", lambda ex: ex)):
        monkeypatch.setattr(parallel, "slim", slimming)
        build([shared("corpus")], tmp_path / name, ("ttl", "graphml"))
        files[name] = {p.name: p.read_bytes() for p in sorted((tmp_path / name).iterdir())}
    assert sorted(files["slim"]) == ["graph.graphml", "graph.ttl", "resolution.jsonl"]
    assert files["slim"] == files["whole"]
