"""The language data files load as the extractors expect them: a YAML slip (an unquoted
'ảnh :' reads as a mapping) would silently switch a rule off."""
from __future__ import annotations

from pathlib import Path

import yaml

from kg.extract.lexicon import lexicon

DATA = Path(__file__).resolve().parents[1] / "src" / "kg" / "data"


def _lists(node, path=""):
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _lists(value, f"{path}.{key}")
    elif isinstance(node, list):
        yield path, node


def test_word_lists_hold_only_strings() -> None:
    words = yaml.safe_load((DATA / "words.yaml").read_text(encoding="utf-8"))
    bad = [(path, item) for path, items in _lists(words) for item in items if not isinstance(item, str)]
    assert not bad, bad


def test_every_body_and_head_is_well_formed() -> None:
    for name in ("orgs.yaml", "known_orgs.yaml"):
        data = yaml.safe_load((DATA / name).read_text(encoding="utf-8"))
        for body in data["bodies"]:
            assert isinstance(body["name"], str) and all(isinstance(a, str) for a in body.get("aliases", [])), body
    lex = lexicon()  # raises on a body listed twice
    assert lex.heads and all(h.tail in ("cap", "name", "place", "any", "sub") for h in lex.heads)
    assert {"Reuters", "Bloomberg", "Tập đoàn Hóa chất Việt Nam"} <= set(lex.body_aliases)
