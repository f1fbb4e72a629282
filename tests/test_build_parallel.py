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
