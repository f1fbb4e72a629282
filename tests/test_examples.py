"""Golden tests on the bundled examples: each examples/<name>.txt, built alone, gives a graph
isomorphic to tests/golden/<name>.ttl. After a deliberate change of the output, check the new
graph by eye and rewrite the golden files with

    KG_UPDATE_GOLDEN=1 .venv/bin/python -m pytest -q tests/test_examples.py
"""
from __future__ import annotations

import os
from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.compare import graph_diff, isomorphic, to_isomorphic

from conftest import EXAMPLES, GOLDEN, ask, build, select, standard_view

CASES = sorted(EXAMPLES.glob("*.txt"))
UPDATE = os.environ.get("KG_UPDATE_GOLDEN") == "1"
EXAMPLE = EXAMPLES / "bao-cao-kiem-tra.txt"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Every example built on its own, once per module: name -> graph.ttl."""
    return {case.stem: build([case], tmp_path_factory.mktemp(case.stem)) for case in CASES}


def test_cases_found():
    assert len(CASES) == 2, [c.name for c in CASES]
    if not UPDATE:
        assert sorted(p.stem for p in GOLDEN.glob("*.ttl")) == [c.stem for c in CASES], \
            "every example needs its golden file and every golden file its example"


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.stem)
def test_matches_golden(case: Path, built: dict[str, Path]):
    golden = GOLDEN / f"{case.stem}.ttl"
    actual = built[case.stem]
    if UPDATE:
        GOLDEN.mkdir(exist_ok=True)
        golden.write_bytes(actual.read_bytes())
        pytest.skip(f"rewrote {golden}")
    assert golden.exists(), f"no {golden}: run with KG_UPDATE_GOLDEN=1 once, after checking the graph by eye"
    want, got = Graph().parse(golden), Graph().parse(actual)
    if not isomorphic(want, got):
        _, missing, extra = graph_diff(to_isomorphic(want), to_isomorphic(got))
        pytest.fail(f"{case.name}: graph differs from {golden.name}\n"
                    f"missing ({len(missing)}):\n{_sample(missing)}\nextra ({len(extra)}):\n{_sample(extra)}")


def _sample(g: Graph, n: int = 15) -> str:
    return "\n".join(f"  {s.n3()} {p.n3()} {o.n3()}" for s, p, o in sorted(g)[:n])


def test_sentence_spans_point_into_headline_and_body(built: dict[str, Path]):
    """kg:span 'start-end' of each sentence cuts its schema:text out of headline + '\\n' + body."""
    lines = EXAMPLE.read_text(encoding="utf-8").split("\n")
    text = lines[0].strip() + "\n" + "\n".join(lines[1:]).strip()
    rows = select(Graph().parse(built[EXAMPLE.stem]),
                  "SELECT ?t ?span WHERE { ?s a kg:Sentence ; schema:text ?t ; kg:span ?span }")
    assert len(rows) >= 15
    for sentence, span in rows:
        start, end = map(int, span.split("-"))
        assert text[start:end] == sentence


# What the example article says, asked in the standard terms of graph-contract.md.
FACTS = {
    "article": """?a a schema:NewsArticle ; schema:headline ?h .
        FILTER(STRSTARTS(?h, "Ủy ban Kiểm tra Tỉnh ủy Hà Tĩnh công bố kết luận"))""",
    "inspection committee under the provincial party committee": """
        ?c a schema:Organization ; schema:name "Ủy ban Kiểm tra Tỉnh ủy Hà Tĩnh" ; org:subOrganizationOf ?t .
        ?t schema:name "Tỉnh ủy Hà Tĩnh" """,
    "chairman of the inspection committee": """
        ?p a schema:Person ; schema:name "Trần Minh Khang" . ?m org:member ?p ; org:role/skos:prefLabel "Chủ nhiệm" ;
        org:organization/schema:name "Ủy ban Kiểm tra Tỉnh ủy Hà Tĩnh" """,
    "standing deputy secretary": """
        ?p schema:name "Võ Đức Thành" . ?m org:member ?p ; org:role/skos:prefLabel "Phó Bí thư Thường trực" ;
        org:organization/schema:name "Tỉnh ủy Hà Tĩnh" """,
    "decision 123: number, date, issuer": """
        ?d a schema:Legislation ; schema:legislationIdentifier "123-QĐ/TU" ;
        schema:legislationDate "2024-01-05"^^xsd:date ;
        schema:legislationPassedBy/schema:name "Ban Thường vụ Tỉnh ủy Hà Tĩnh" """,
    "conclusion 15 is a document": """?d a schema:Legislation ; schema:legislationIdentifier "15-KL/UBKTTU" """,
    "department of finance founded": """
        ?o schema:name "Sở Tài chính tỉnh Hà Tĩnh" ; schema:foundingDate "1991-10-01"^^xsd:date""",
    "announcement event: date and place": """
        ?e a schema:Event ; schema:startDate "2024-03-12"^^xsd:date ; schema:location/schema:name "Hà Tĩnh" ;
        ?any ?c . ?c schema:name "Ủy ban Kiểm tra Tỉnh ủy Hà Tĩnh" """,
    "15 billion dong": """?f a schema:QuantitativeValue ; schema:value 15 ; schema:unitText "tỷ đồng" """,
    "director of the department of finance": pytest.param("""
        ?p schema:name "Nguyễn Văn Hùng" . ?m org:member ?p ; org:role/skos:prefLabel "Giám đốc" ;
        org:organization/schema:name "Sở Tài chính tỉnh Hà Tĩnh" """,
        marks=pytest.mark.xfail(reason="not extracted yet: 'Tỉnh ủy viên' before the post breaks the apposition")),
    "member of the provincial party committee": pytest.param("""
        ?p schema:name "Nguyễn Văn Hùng" . ?m org:member ?p ; org:role/skos:prefLabel ?r .
        FILTER(?r IN ("Tỉnh ủy viên", "Ủy viên")) """,
        marks=pytest.mark.xfail(reason="not extracted yet: 'Tỉnh ủy viên' is not read as a post")),
}


@pytest.fixture(scope="module")
def example_view(built: dict[str, Path]) -> Graph:
    return standard_view(built[EXAMPLE.stem])


@pytest.mark.parametrize("pattern", FACTS.values(), ids=FACTS.keys())
def test_example_fact(pattern: str, example_view: Graph):
    assert ask(example_view, f"ASK {{ {pattern} }}")
