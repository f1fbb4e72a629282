"""Property-based: whatever the text, `kg build` gives a graph that parses back and conforms
to the shapes (exit 0), or a clean refusal (exit 2, one `error:` line); never a traceback,
never an internal error, never exit 1 (a built graph that breaks the shapes is a bug).

Strategies: arbitrary Unicode (controls, surrogates in JSON, combining marks), and
Vietnamese-like sentences assembled from names, titles, organizations, places and dates
so that the extractors fire on them. Example counts are modest; under CI the profile in
rhelpers is derandomized, so every run tries the same examples.
"""
from __future__ import annotations

import json
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import Graph

from rhelpers import assert_clean_stderr, assert_no_stray, build, snapshot, write

SETTINGS = settings(max_examples=40, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ"]
MIDDLES = ["Văn", "Thị", "Đức", "Minh", "Quốc", "Thanh", "Xuân", "Hữu", ""]
GIVEN = ["An", "Bình", "Cường", "Dũng", "Hải", "Hùng", "Lan", "Mai", "Sơn", "Tuấn", "Ánh", "Ủy"]
TITLES = ["Bộ trưởng", "Thứ trưởng", "Chủ tịch", "Phó Chủ tịch", "Bí thư", "Phó Bí thư",
          "Giám đốc", "Chánh án", "Viện trưởng", "Ủy viên", "nguyên Chủ tịch", "Đại tá"]
ORGS = ["Bộ Tài chính", "Bộ Công an", "Ủy ban nhân dân tỉnh Hà Tĩnh", "Tỉnh ủy Sơn La",
        "Ủy ban Kiểm tra Trung ương", "Tòa án nhân dân tỉnh Đắk Lắk", "Công ty AIC", "Quốc hội",
        "Ban Nội chính tỉnh Lào Cai", "Sở Y tế Hà Nội", "Bộ Chính trị"]
PLACES = ["Hà Nội", "Đà Nẵng", "TP.HCM", "Hà Tĩnh", "Sơn La", "Lào Cai", "Đắk Lắk", "Cần Thơ"]
VERBS = ["đã làm việc với", "chủ trì cuộc họp của", "ký Quyết định số 12/QĐ-TTg về", "kiểm tra",
         "đề nghị kỷ luật", "thành lập", "xét xử", "công bố kết luận của", "tiếp"]
DATES = ["ngày 12/3/2024", "ngày 1-1-2020", "tháng 5/2019", "năm 2018", "sáng 30/2/2023", "ngày 31/12"]
NOISE = ["", ",", ";", " (", ")", "“", "”", " - ", "...", "\u00a0", "\u200b", "\t", "\r\n", "!", "?",
         " 15 tỷ đồng", " 3,5%", " 2.000 người"]

person = st.builds(lambda s, m, g: " ".join(x for x in (s, m, g) if x),
                   st.sampled_from(SURNAMES), st.sampled_from(MIDDLES), st.sampled_from(GIVEN))
clause = st.one_of(
    st.builds(lambda p, t, o: f"Ông {p}, {t} {o}", person, st.sampled_from(TITLES), st.sampled_from(ORGS)),
    st.builds(lambda t, p: f"{t} {p}", st.sampled_from(TITLES), person),
    st.builds(lambda p: f"Bà {p}", person),
    st.sampled_from(ORGS), st.sampled_from(PLACES), st.sampled_from(VERBS), st.sampled_from(DATES),
    st.builds(lambda p: f"tại {p}", st.sampled_from(PLACES)),
    st.sampled_from(NOISE),
)
sentence = st.builds(lambda parts, end: " ".join(parts) + end, st.lists(clause, min_size=1, max_size=12),
                     st.sampled_from([".", ". ", ".\n", "\n\n", "", "!"]))
vietnamese = st.builds("".join, st.lists(sentence, min_size=1, max_size=5))
any_text = st.text(min_size=0, max_size=400)
controls = st.text(st.characters(max_codepoint=0x3F) | st.sampled_from("\u0300\u0301\u0323\u202e\ufeff\u2028"),
                   max_size=200)


def check(run, out: Path) -> None:
    assert_clean_stderr(run)
    assert run.code in (0, 2), f"exit {run.code}\n{run.err[:3000]}"
    if run.code == 2:
        lines = run.err.strip().splitlines()
        assert lines and lines[-1].startswith("error: "), run.err
        assert not snapshot(out)
        return
    assert_no_stray(out)
    Graph().parse(out / "graph.ttl", format="turtle")
    Graph().parse(out / "graph.nt", format="nt")
    import networkx as nx
    nx.read_graphml(out / "graph.graphml")


def run_txt(title: str, body: str):
    with tempfile.TemporaryDirectory() as tmp:
        src = write(Path(tmp) / "bai.txt", title + "\n" + body)
        out = Path(tmp) / "out"
        run = build(src, out, "--format", "ttl", "--format", "nt", "--format", "graphml")
        check(run, out)
        return run


@SETTINGS
@given(vietnamese, vietnamese)
def test_vietnamese_like_text_builds_a_conforming_graph(title: str, body: str) -> None:
    run = run_txt(title, body)
    if title.strip() and body.strip():
        assert run.code in (0, 2)


@SETTINGS
@given(any_text, any_text)
def test_any_unicode_text_builds_or_is_refused_cleanly(title: str, body: str) -> None:
    run_txt(title, body)


@SETTINGS
@given(vietnamese, controls, vietnamese)
def test_vietnamese_with_controls_and_marks(a: str, noise: str, b: str) -> None:
    run_txt(a, noise + b + noise)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=8)


@SETTINGS
@given(st.dictionaries(st.sampled_from(["id", "title", "text", "url", "published", "other"]),
                       json_values | vietnamese, max_size=6),
       st.booleans(), st.booleans())
def test_any_json_record_builds_or_is_refused_cleanly(rec: dict, lenient: bool, ascii_only: bool) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        line = json.dumps(rec, ensure_ascii=ascii_only)
        src = write(Path(tmp) / "news.jsonl", line + "\n")
        out = Path(tmp) / "out"
        run = build(src, out, "--format", "ttl", "--format", "nt", "--format", "graphml",
                    *(["--lenient"] if lenient else []))
        check(run, out)


@SETTINGS
@given(st.lists(st.tuples(st.text(min_size=1, max_size=20), vietnamese, vietnamese), min_size=1, max_size=4))
def test_several_records_with_any_ids(records: list[tuple[str, str, str]]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        lines = "".join(json.dumps({"id": i, "title": t, "text": b}) + "\n" for i, t, b in records)
        src = write(Path(tmp) / "news.jsonl", lines)
        out = Path(tmp) / "out"
        check(build(src, out, "--format", "ttl", "--format", "nt", "--format", "graphml", "--lenient"), out)
