"""What a build of ../shared/corpus answers in the standard terms of graph-contract.md, and
how it scores against the gold annotations (slow). The corpus is built once per module."""
from __future__ import annotations

import json
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
from rdflib import Graph

from conftest import ONTOLOGY, ask, build, run_kg, select, shared, standard_view

INTERVIEW = "vov-son-la-pctn-interview"


@pytest.fixture(scope="module")
def corpus_graph_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    corpus = shared("corpus")
    return build([corpus], tmp_path_factory.mktemp("corpus"))


@pytest.fixture(scope="module")
def g(corpus_graph_file: Path) -> Graph:
    return standard_view(corpus_graph_file)


def _same_text(a: str) -> str:
    return " ".join(unicodedata.normalize("NFC", a).split())


def test_interview_is_a_news_article_with_its_headline(g: Graph):
    lines = shared("corpus", f"{INTERVIEW}.txt").read_text(encoding="utf-8").splitlines()
    headline = next(line for line in lines if line.strip())
    found = [h for (h,) in select(g, "SELECT ?h WHERE { ?a a schema:NewsArticle ; schema:headline ?h }")]
    assert _same_text(headline) in {_same_text(h) for h in found}


def test_quan_thi_dung_is_standing_deputy_head_of_the_internal_affairs_committee(g: Graph):
    assert ask(g, """ASK {
        ?p a schema:Person ; schema:name "Quản Thị Dung" .
        ?m org:member ?p ; org:role ?r ; org:organization ?o .
        ?r skos:prefLabel "Phó Ban thường trực" .
        ?o a schema:Organization ; schema:name "Ban Nội chính Tỉnh ủy Sơn La" }""")


def test_internal_affairs_committee_is_part_of_the_provincial_party_committee(g: Graph):
    assert ask(g, """ASK {
        ?o schema:name "Ban Nội chính Tỉnh ủy Sơn La" ; org:subOrganizationOf ?parent .
        ?parent a schema:Organization ; schema:name "Tỉnh ủy Sơn La" }""")


def test_regulation_67_number_date_and_issuer(g: Graph):
    assert ask(g, """ASK {
        ?d a schema:Legislation ; schema:legislationIdentifier ?id ;
           schema:legislationDate "2022-06-02"^^xsd:date ; schema:legislationPassedBy ?o .
        ?o a schema:Organization ; schema:name "Ban Bí thư" .
        FILTER(CONTAINS(STR(?id), "67")) }""")


def test_steering_committee_founding_date(g: Graph):
    assert ask(g, """ASK { ?o a schema:Organization ; schema:foundingDate "2022-06-16"^^xsd:date }""")


def test_nguyen_phu_trong_holds_general_secretary(g: Graph):
    """Either post pattern of the contract; the role named by skos:prefLabel or schema:name."""
    assert ask(g, """ASK {
        ?p a schema:Person ; schema:name "Nguyễn Phú Trọng" .
        { ?m org:member ?p ; org:role ?r } UNION { ?p org:holds ?post . ?post org:role ?r }
        { ?r skos:prefLabel "Tổng Bí thư" } UNION { ?r schema:name "Tổng Bí thư" } }""")


def test_corpus_graph_conforms(corpus_graph_file: Path):
    res = run_kg("validate", corpus_graph_file)
    assert (res.returncode, res.stdout.strip()) == (0, "conforms"), res.stdout[-2000:] + res.stderr


def _score(graph: Path, gold: Path) -> dict:
    res = subprocess.run([sys.executable, str(shared("eval", "score.py")), "--graph", str(graph),
                          "--ontology", str(ONTOLOGY), "--gold", str(gold), "--json"],
                         capture_output=True, text=True, encoding="utf-8", timeout=600)
    assert res.returncode == 0, res.stderr
    return json.loads(res.stdout)


@pytest.mark.slow
def test_seed_interview_scores(corpus_graph_file: Path):
    report = _score(corpus_graph_file, shared("gold", f"{INTERVIEW}.json"))
    s, detail = report["summary"], json.dumps(report, ensure_ascii=False, indent=1)
    assert s["documents"] == 1 and not report["problems"], detail
    assert s["entity_f1"] >= 0.90, detail
    assert s["fact_recall"] >= 0.80, detail
    assert s["duplicates"] == 0, detail


@pytest.mark.slow
def test_whole_gold_folder_scores(corpus_graph_file: Path):
    gold = shared("gold")
    report = _score(corpus_graph_file, gold)
    s, detail = report["summary"], json.dumps(report, ensure_ascii=False, indent=1)
    assert s["documents"] == len(list(gold.glob("*.json"))) and not report["problems"], detail
    # issue 4's targets on the dev corpus
    assert s["entity_f1"] >= 0.95, detail
    assert s["fact_recall"] >= 0.90, detail
    assert s["duplicates"] == 0, detail


@pytest.mark.slow
def test_general_news_scores(tmp_path_factory: pytest.TempPathFactory):
    """The 299 annotated general-news articles of ../shared/ner, scored per document by the
    shared scorer. The floors are what the rules reach now (issue 4 aims at 0.85 for all
    types): a change that loses names on news of other topics fails here."""
    graph = build([shared("ner", "news.jsonl")], tmp_path_factory.mktemp("ner"))
    res = subprocess.run([sys.executable, str(shared("eval", "ner_score.py")), "--graph", str(graph),
                          "--ontology", str(ONTOLOGY), "--annotations", str(shared("ner", "annotations.jsonl")),
                          "--json"], capture_output=True, text=True, encoding="utf-8", timeout=600)
    assert res.returncode == 0, res.stderr
    report = json.loads(res.stdout)
    scores = report["scores"]
    assert report["documents_without_article"] == 0
    floors = {"Person": 0.89, "Organization": 0.78, "Place": 0.92, "all": 0.865}
    low = {t: scores[t]["f1"] for t, f in floors.items() if scores[t]["f1"] < f}
    assert not low, f"F1 below the floor: {low}; all scores: {scores}"
