"""record_line() writes exactly what json.dumps(..., ensure_ascii=False, sort_keys=True) writes."""
import json

import pytest

from kg.resolve.records import record_line


def _form(**over):
    f = {"form": 'Nguyễn "Văn" A\\\n', "article": "a-1", "start": 0, "end": 12, "sentence": 0,
         "rule": "person:name", "join": "exact name"}
    f.update(over)
    return f


def _rec(**over):
    r = {"iri": "http://x/id/person/a", "type": "Person", "name": "Nguyễn\u2028A", "key": "person:a",
         "aliases": ["A", "\x00b"], "articles": ["a-1", "a-2"], "across": "cross-article key",
         "forms": [_form(), _form(start=3)]}
    r.update(over)
    return r


class Sub(str):
    pass


@pytest.mark.parametrize("rec", [
    _rec(),
    _rec(across=None, aliases=[], forms=[]),
    _rec(curation={"split": ["x", 1], "b": None}),
    _rec(forms=[_form(rule=None), _form(sentence=True), _form(start=1.5), _form(extra=1)]),
    _rec(forms=[{k: v for k, v in _form().items() if k != "join"}]),
    _rec(aliases=["a", None]),
    _rec(aliases=("a", "b")),
    _rec(name=Sub("sub"), key=7, articles=[Sub("a")]),
    _rec(other=1),
    {"iri": "only"},
])
def test_record_line_is_json_dumps(rec):
    assert record_line(rec) == json.dumps(rec, ensure_ascii=False, sort_keys=True)
