"""`kg build --engine dask`: extraction as a Dask bag, on a local cluster of its own or on a
running one (--scheduler), writes the very bytes the local engine writes."""
from __future__ import annotations

from pathlib import Path

import pytest

from conftest import run_kg, shared

pytest.importorskip("distributed", reason="the dask engine needs the optional extra kg[dask]")
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def local_ttl(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    out = tmp_path_factory.mktemp("local")
    res = run_kg("build", shared("corpus"), "--out", out, "--format", "ttl")
    assert res.returncode == 0, res.stderr
    return (out / "graph.ttl").read_bytes()


def test_dask_on_its_own_local_cluster_writes_the_local_graph(tmp_path: Path, local_ttl: bytes):
    res = run_kg("build", shared("corpus"), "--out", tmp_path, "--format", "ttl", "--engine", "dask")
    assert res.returncode == 0, res.stderr
    assert "articles: 14 (14 extracted, 0 from cache)" in res.stdout
    assert (tmp_path / "graph.ttl").read_bytes() == local_ttl


def test_dask_on_a_running_cluster_writes_the_local_graph(tmp_path: Path, local_ttl: bytes):
    from distributed import LocalCluster

    with LocalCluster(n_workers=1, threads_per_worker=1, processes=True, host="127.0.0.1",
                      dashboard_address=None) as cluster:
        res = run_kg("build", shared("corpus"), "--out", tmp_path, "--format", "ttl",
                     "--engine", "dask", "--scheduler", cluster.scheduler_address)
    assert res.returncode == 0, res.stderr
    assert (tmp_path / "graph.ttl").read_bytes() == local_ttl
