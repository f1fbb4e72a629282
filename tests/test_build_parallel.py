"""`kg build --jobs N`: extraction on N processes writes the very bytes one process writes."""
from __future__ import annotations

from pathlib import Path

from conftest import run_kg, shared


def _build(out: Path, *opts: str) -> tuple[bytes, bytes, str]:
    res = run_kg("build", shared("corpus"), "--out", out, *opts)
    assert res.returncode == 0, res.stderr
    return (out / "graph.ttl").read_bytes(), (out / "graph.graphml").read_bytes(), res.stdout


def test_two_processes_write_the_same_graph_as_one(tmp_path: Path):
    one = _build(tmp_path / "one", "--jobs", "1")
    two = _build(tmp_path / "two", "--jobs", "2")
    assert one[0] == two[0]
    assert one[1] == two[1]
    assert "articles: 14 (14 extracted, 0 from cache)" in two[2]


def test_jobs_zero_means_every_core_and_a_negative_count_is_refused(tmp_path: Path):
    assert _build(tmp_path / "all", "-j", "0")[0] == _build(tmp_path / "one", "-j", "1")[0]
    res = run_kg("build", shared("corpus"), "--out", tmp_path / "bad", "--jobs", "-1")
    assert res.returncode == 2 and "Traceback" not in res.stderr
    assert not (tmp_path / "bad").exists()


def test_scheduler_without_the_dask_engine_is_refused(tmp_path: Path):
    res = run_kg("build", shared("corpus"), "--out", tmp_path / "o", "--scheduler", "tcp://127.0.0.1:8786")
    assert res.returncode == 2
    assert res.stderr.strip() == "error: --scheduler needs --engine dask"


def test_every_format_written_beside_validation_is_the_same_bytes(tmp_path: Path):
    """Every format, those written from the table and those through rdflib, and resolution.jsonl."""
    fmts = ("ttl", "nt", "graphml", "jsonld")
    outs = {}
    for jobs in ("1", "2"):
        out = tmp_path / jobs
        opts = [o for f in fmts for o in ("--format", f)]
        res = run_kg("build", shared("corpus"), "--out", out, "--jobs", jobs, "--quiet", *opts)
        assert res.returncode == 0, res.stderr
        outs[jobs] = {f.name: f.read_bytes() for f in sorted(out.iterdir())}
    assert sorted(outs["2"]) == ["graph.graphml", "graph.jsonld", "graph.nt", "graph.ttl", "resolution.jsonl"]
    assert outs["1"] == outs["2"]


def test_a_writer_that_fails_fails_a_parallel_build_cleanly(tmp_path: Path):
    out = tmp_path / "out"
    (out / "graph.ttl").mkdir(parents=True)  # the Turtle file cannot replace a folder
    res = run_kg("build", shared("corpus"), "--out", out, "--jobs", "2")
    assert res.returncode == 2, res.stdout
    assert "Traceback" not in res.stderr and "Is a directory" in res.stderr
    assert not [p for p in out.iterdir() if p.name.endswith(".tmp")]


def test_extractions_from_workers_hold_the_callers_own_articles():
    """Workers send back what they found, not the article: each extraction is given back the
    very Article object it was read from (no second copy of every text in memory)."""
    from kg.engine import extract_articles
    from kg.engine.compact import slim
    from kg.extract import extract
    from kg.ingest import read_articles

    articles = read_articles([shared("corpus")])
    found, stats = extract_articles(articles, jobs=2)
    assert stats.extracted == len(articles) == len(found)
    assert all(ex.article is a for ex, a in zip(found, articles))
    one = slim(extract(articles[3]))
    assert (found[3].entities, found[3].events, found[3].sentences) == (one.entities, one.events, one.sentences)


def test_a_build_leaves_the_garbage_collector_as_it_found_it(tmp_path: Path):
    """build() freezes the extractions and pauses collection while it works; a program that
    calls it gets back a collector that is on, with nothing left frozen."""
    import gc

    from kg.pipeline import build

    result = build([shared("corpus")], tmp_path / "out", jobs=2)
    assert result.report.conforms and (tmp_path / "out" / "graph.ttl").exists()
    assert gc.isenabled()
    assert gc.get_freeze_count() == 0


def test_articles_still_being_read_are_extracted_as_a_list_of_them_is():
    """extract_streaming starts the workers while the articles are read: same results, in
    input order, each holding the article read."""
    from kg.engine.parallel import extract_parallel, extract_streaming
    from kg.ingest import iter_articles, read_articles

    articles = read_articles([shared("ner", "news.jsonl")])
    listed = list(extract_parallel(articles, 2, most=2))
    streamed = list(extract_streaming(iter_articles([shared("ner", "news.jsonl")]), 2, most=2))
    assert len(streamed) == len(articles) > 2 * 2 * 8  # past the first chunks, so streamed
    assert [ex.article for ex in streamed] == articles
    assert [(ex.entities, ex.events, ex.sentences) for ex in streamed] == \
           [(ex.entities, ex.events, ex.sentences) for ex in listed]


def _with_bad_record(tmp_path: Path, good_before: int) -> Path:
    import json

    records = [json.loads(line) for line in open(shared("ner", "news.jsonl"), encoding="utf-8")][:good_before + 5]
    lines = [json.dumps(r, ensure_ascii=False) for r in records]
    lines.insert(good_before, '{"id": 7, "title": "no"}')
    path = tmp_path / "mixed.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_a_bad_record_read_while_workers_extract_fails_with_its_line(tmp_path: Path):
    import pytest

    from kg.engine.parallel import extract_streaming
    from kg.errors import InputError
    from kg.ingest import iter_articles

    path = _with_bad_record(tmp_path, 40)
    with pytest.raises(InputError, match=r"mixed\.jsonl:41: 'id' must be a string"):
        list(extract_streaming(iter_articles([path]), 2, most=1))
    warnings: list[str] = []
    found = list(extract_streaming(iter_articles([path], strict=False, warn=warnings.append), 2, most=1))
    assert len(found) == 45 and len(warnings) == 1 and "mixed.jsonl:41" in warnings[0]

