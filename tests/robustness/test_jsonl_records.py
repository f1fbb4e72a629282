"""JSON Lines records gone wrong. Under --strict (the default) a bad record stops the build
with exit 2 and one line naming FILE:LINE and the mode; under --lenient it is skipped with a
warning naming FILE:LINE, and the good records are built. Never a traceback, never a
partial output.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from rhelpers import BODY, HEADLINE, assert_built, assert_clean_stderr, assert_refused, build, jsonl, record, write

GOOD = jsonl(record(1), record(2)) + "\n"  # two good records, then a blank line: the bad one is line 4

# name -> the text of one bad line
BAD_LINES: dict[str, str] = {
    "not-json": "this is not json",
    "open-brace": "{",
    "unterminated-string": '{"id": "x", "title": "t',
    "single-quotes": "{'id': 'x', 'title': 't', 'text': 'b'}",
    "trailing-comma": '{"id": "x", "title": "t", "text": "b",}',
    "trailing-garbage": json.dumps(record("x")) + " garbage",
    "two-objects": json.dumps(record("x")) + json.dumps(record("y")),
    "array": json.dumps([record("x")]),
    "string": '"just a string"',
    "number": "42",
    "null": "null",
    "true": "true",
    "nan": '{"id": "x", "title": "t", "text": NaN}',
    "deep-nesting": "[" * 100_000 + "]" * 100_000,
    "deep-object": '{"a":' * 50_000 + "1" + "}" * 50_000,
    "huge-garbage": "x" * 2_000_000,
    "lone-bom-in-middle": "\ufeff",
    "control-chars": "\x01\x02\x03",
    "comment": "// a comment",
}
for _field in ("id", "title", "text"):
    BAD_LINES[f"missing-{_field}"] = json.dumps({k: v for k, v in record("x").items() if k != _field})
    for _kind, _value in {"number": 7, "float": 1.5, "list": ["a"], "null": None, "bool": False,
                          "object": {"a": 1}, "empty": "", "blank": "  \u200b\n\t"}.items():
        BAD_LINES[f"{_field}-{_kind}"] = json.dumps(record("x", **{_field: _value}))
for _kind, _value in {"number": 3, "list": ["2024-01-01"], "not-a-date": "hôm qua",
                      "bad-day": "2024-02-30", "object": {"y": 2024}}.items():
    BAD_LINES[f"published-{_kind}"] = json.dumps(record("x", published=_value))
for _kind, _value in {"number": 3, "list": ["http://a"], "object": {"href": "x"}}.items():
    BAD_LINES[f"url-{_kind}"] = json.dumps(record("x", url=_value))
BAD_LINES["duplicate-id"] = json.dumps(record(1))


@pytest.mark.parametrize("case", sorted(BAD_LINES))
def test_strict_stops_at_the_bad_line(tmp_path: Path, case: str) -> None:
    src = write(tmp_path / "news.jsonl", GOOD + BAD_LINES[case] + "\n" + jsonl(record(9)))
    out = tmp_path / "out"
    line = assert_refused(build(src, out), f"{src.name}:4", out=out, before={})
    assert "strict" in line and "--lenient" in line


@pytest.mark.parametrize("case", sorted(BAD_LINES))
def test_lenient_skips_the_bad_line_with_a_warning(tmp_path: Path, case: str) -> None:
    src = write(tmp_path / "news.jsonl", GOOD + BAD_LINES[case] + "\n" + jsonl(record(9)))
    out = tmp_path / "out"
    run = build(src, out, "--lenient")
    parsed = assert_built(run, out)
    warnings = [w for w in run.err.splitlines() if w.startswith("warning: skipped: ")]
    assert len(warnings) == 1 and f"{src.name}:4" in warnings[0], run.err
    ids = {str(o) for o in parsed["ttl"].objects(None, _IDENTIFIER)}
    assert ids == {"a1", "a2", "a9"}


_IDENTIFIER = __import__("rdflib").URIRef("https://schema.org/identifier")


@pytest.mark.parametrize("real", [False, True], ids=["cli", "process"])
def test_lenient_with_only_bad_lines_is_refused(tmp_path: Path, real: bool) -> None:
    src = write(tmp_path / "bad.jsonl", "nope\n{\n42\n")
    out = tmp_path / "out"
    run = build(src, out, "--lenient", real=real)
    line = assert_refused(run, src.name, out=out, before={})
    assert "no valid records" in line and run.err.count("warning: skipped:") == 3


@pytest.mark.parametrize("real", [False, True], ids=["cli", "process"])
def test_strict_in_a_real_process(tmp_path: Path, real: bool) -> None:
    src = write(tmp_path / "news.jsonl", GOOD + "{broken\n")
    assert_refused(build(src, tmp_path / "out", real=real), f"{src.name}:4", out=tmp_path / "out", before={})


@pytest.mark.parametrize("prefix", ["\ufeff", "\n\n", "  \n\t\n", "\r\n"])
@pytest.mark.parametrize("line_end", ["\n", "\r\n"])
def test_harmless_layout_builds(tmp_path: Path, prefix: str, line_end: str) -> None:
    text = prefix + GOOD.replace("\n", line_end) + "   " + line_end + line_end
    src = write(tmp_path / "news.jsonl", text)
    assert_built(build(src, tmp_path / "out"), tmp_path / "out")


def test_u2028_inside_a_string_is_not_a_line_break(tmp_path: Path) -> None:
    src = write(tmp_path / "news.jsonl", jsonl(record(1, text=BODY + "\u2028" + BODY)))
    assert_built(build(src, tmp_path / "out"), tmp_path / "out")


def test_huge_valid_line(tmp_path: Path) -> None:
    # 3 MB on one line, mostly padding that cleaning removes: read and built, not refused
    src = write(tmp_path / "news.jsonl", jsonl(record(1, text=BODY + " " * 3_000_000 + "\n" * 1000)))
    assert_built(build(src, tmp_path / "out"), tmp_path / "out")


@pytest.mark.parametrize("text", ["\ud800", "a\udfffb", "\udc00\ud800"], ids=["high", "low", "pair-reversed"])
def test_lone_surrogates_in_json_escapes(tmp_path: Path, text: str) -> None:
    line = json.dumps(record(1, title=HEADLINE + text, text=BODY + text))  # ensure_ascii: \udXXX escapes
    src = write(tmp_path / "news.jsonl", line + "\n")
    out = tmp_path / "out"
    parsed = assert_built(build(src, out, "--format", "nt", "--format", "ttl", "--format", "graphml"),
                          out, ("nt", "ttl", "graphml"))
    assert any("\ufffd" in str(o) for o in parsed["ttl"].objects())


def test_duplicate_ids_across_two_files(tmp_path: Path) -> None:
    first = write(tmp_path / "a.jsonl", jsonl(record(1)))
    second = write(tmp_path / "b.jsonl", jsonl(record(1)))
    line = assert_refused(build([first, second], tmp_path / "out"), "a.jsonl", "b.jsonl",
                          out=tmp_path / "out", before={})
    assert "duplicate" in line
    run = build([first, second], tmp_path / "out", "--lenient")
    assert_built(run, tmp_path / "out")
    assert "skipped: duplicate" in run.err


def test_id_that_cleans_to_the_same_as_another(tmp_path: Path) -> None:
    # 'a1' and 'a1\u200b' are one id once invisible characters are removed
    src = write(tmp_path / "news.jsonl", jsonl(record(1), record("1\u200b")))
    assert_refused(build(src, tmp_path / "out"), f"{src.name}:2", out=tmp_path / "out", before={})


@pytest.mark.parametrize("published", ["2024-03-12", "2024-03-12T08:30:00+07:00", "", None, " 2024-03-12 "])
def test_good_published_forms(tmp_path: Path, published: str | None) -> None:
    src = write(tmp_path / "news.jsonl", jsonl(record(1, published=published)))
    run = build(src, tmp_path / "out")
    assert_clean_stderr(run)
    assert_built(run, tmp_path / "out")
