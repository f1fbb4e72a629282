"""Resolve across articles: one node per real thing, and no node made of two things."""
from __future__ import annotations

import json

from rdflib import Literal, URIRef

from kg.pipeline import build

SCHEMA = "https://schema.org/"


def _articles(tmp_path, texts):
    path = tmp_path / "news.jsonl"
    path.write_text("".join(json.dumps({"id": f"a{i}", "title": f"Tin số {i}", "text": t}, ensure_ascii=False) + "\n"
                            for i, t in enumerate(texts)), encoding="utf-8")
    return path


def _documents(graph, name):
    return {s for s in graph.subjects(URIRef(SCHEMA + "name"), Literal(name))}


def _dates(graph, node):
    return sorted(str(d) for d in graph.objects(node, URIRef(SCHEMA + "legislationDate")))


def test_same_short_citation_with_two_dates_is_two_documents(tmp_path):
    # numbers of a type restart every term: two articles citing 'Quy định 95' with different
    # dates cite two documents, and one node with two dates would break the shapes
    src = _articles(tmp_path, [
        "Ban Bí thư ban hành Quy định 95 ngày 8/6/2020 về công tác kiểm tra.",
        "Bộ Chính trị đã ban hành Quy định 95 ngày 1/2/2019 về phân cấp quản lý cán bộ.",
        "Các cơ quan thực hiện nghiêm Quy định 95 ngày 8/6/2020 của Ban Bí thư.",
    ])
    result = build([src], tmp_path / "out", formats=("ttl",))
    docs = _documents(result.graph, "Quy định 95")
    assert sorted(_dates(result.graph, d)[0] for d in docs) == ["2019-02-01", "2020-06-08"]
    assert all(len(_dates(result.graph, d)) == 1 for d in docs)
    assert result.report.conforms
    # the two articles that give the same date share one node
    same = [d for d in docs if _dates(result.graph, d) == ["2020-06-08"]]
    articles = {str(a) for a in result.graph.subjects(URIRef("https://w3id.org/kg-vn/ontology#mentions"), same[0])}
    assert len(articles) == 2, articles


def test_short_citation_without_a_date_joins_the_dated_one(tmp_path):
    src = _articles(tmp_path, [
        "Ban Bí thư ban hành Quy định 95 ngày 8/6/2020 về công tác kiểm tra.",
        "Các cơ quan thực hiện nghiêm Quy định 95 của Ban Bí thư.",
    ])
    result = build([src], tmp_path / "out", formats=("ttl",))
    docs = _documents(result.graph, "Quy định 95")
    assert len(docs) == 1
    assert _dates(result.graph, next(iter(docs))) == ["2020-06-08"]
    assert result.report.conforms
