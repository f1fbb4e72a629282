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


# --- Records.lines(): straight from the entities, the lines record_line writes of the records

from kg.model import Corpus, Entity, Mention  # noqa: E402
from kg.resolve.records import records  # noqa: E402


def _mention(article_start: int, **over) -> Mention:
    fields = dict(type="Person", name="Nguyễn Văn A", surface="Nguyễn Văn A", start=article_start,
                  end=article_start + 12, sentence=1, rule="person:name")
    fields.update(over)
    return Mention(**fields)


def _entity(eid: str, mentions, **over) -> Entity:
    e = Entity(eid, "Person", "Nguyễn Văn A", aliases={"A", 'Văn "A"'}, mentions=mentions,
               attrs={"key": "person:nguyen van a"})
    for k, v in over.items():
        setattr(e, k, v)
    return e


def _odd_corpus() -> Corpus:
    """Entities of every shape the templates write, and of shapes they hand to json."""
    ents = [
        _entity("person/a", [("a-2", _mention(5)), ("a-1", _mention(40)), ("a-1", _mention(3)),
                             ("a-1", _mention(3, surface="A", rule="person:given-name"))]),
        _entity("person/b", [("a-1", _mention(0, surface="VKS"))]),  # one article: across null
        _entity("person/c", [("a-1", _mention(0, attrs={"curated": "curation merge"}))],
                attrs={"key": 7, "curation": [{"rule": 1, "action": "merge"}]}),
        _entity("person/d", [("a-1", _mention(0, rule=None))]),  # not a str: json writes it
        _entity("person/e", [("a-1", _mention(0, sentence=True))]),
        _entity("person/f", [("a-1", _mention(0))], aliases={"x", Sub("y")}),
        _entity("person/g", [("a-1", _mention(0))], name="Tên\u2028lạ\\"),
        _entity("person/h", []),
    ]
    return Corpus(articles=[], entities={e.id: e for e in ents})


def test_record_lines_are_record_line_of_each_record():
    recs = records(_odd_corpus())
    expected = [json.dumps(r, ensure_ascii=False, sort_keys=True) + "\n" for r in recs]
    assert list(recs.lines()) == expected
    assert len(expected) == 8 and '"across": "cross-article key"' in expected[0]


def test_record_lines_of_the_dev_corpus(tmp_path):
    from conftest import shared
    from kg.engine import extract_articles
    from kg.ingest import iter_articles
    from kg.resolve import resolve

    extractions, _ = extract_articles(list(iter_articles([shared("corpus")])))
    recs = records(resolve(extractions))
    lines = list(recs.lines())
    assert len(lines) > 100
    assert lines == [record_line(r) + "\n" for r in recs]
