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
