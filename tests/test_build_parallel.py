"""`kg build --jobs N`: extraction on N processes writes the very bytes one process writes."""
from __future__ import annotations

from pathlib import Path

import os

import pytest
from conftest import run_kg, shared

from kg.engine.forked import Forked, can_fork
from kg.errors import KgError


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
    """With --jobs 2 each format is written by a forked process while the parent validates:
    table writers, rdflib writers (jsonld, nt from the table) and resolution.jsonl alike."""
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


def test_a_writer_that_fails_in_its_process_fails_the_build_cleanly(tmp_path: Path):
    out = tmp_path / "out"
    (out / "graph.ttl").mkdir(parents=True)  # the Turtle file cannot replace a folder
    res = run_kg("build", shared("corpus"), "--out", out, "--jobs", "2")
    assert res.returncode == 2, res.stdout
    assert "Traceback" not in res.stderr and "Is a directory" in res.stderr
    assert not [p for p in out.iterdir() if p.name.endswith(".tmp")]


@pytest.mark.skipif(not can_fork(), reason="needs fork")
def test_forked_tasks_give_their_results_in_start_order_and_raise_their_errors():
    tasks = Forked()
    tasks.start("a", lambda: os.getpid())
    tasks.start("b", lambda: "b")
    (a, pid, _), (b, value, seconds) = tasks.wait()
    assert (a, b, value) == ("a", "b", "b") and pid != os.getpid() and seconds >= 0
    tasks.start("ok", lambda: 1)
    tasks.start("bad", lambda: 1 / 0)
    with pytest.raises(ZeroDivisionError):
        tasks.wait()
    tasks.start("gone", lambda: os._exit(3))  # a process that dies without a word
    with pytest.raises(KgError, match="gone failed .* code 3"):
        tasks.wait()


def test_without_fork_the_tasks_run_here_in_order():
    tasks = Forked(enabled=False)
    seen = []
    tasks.start("a", lambda: seen.append("a") or os.getpid())
    tasks.start("b", lambda: 1 / 0)
    tasks.start("c", lambda: seen.append("c"))
    assert seen == []  # nothing runs before wait
    with pytest.raises(ZeroDivisionError):
        tasks.wait()
    assert seen == ["a"]  # the first error stops the rest, as writing one file after another does
