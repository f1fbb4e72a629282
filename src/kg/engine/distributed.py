"""Extraction as a Dask bag on a Dask cluster: a LocalCluster of `workers` processes on
127.0.0.1 by default, or the cluster whose scheduler listens at `scheduler`
('tcp://host:8786'). Needs the optional extra `kg[dask]`, and kg of the same version on
every worker. The bag keeps input order, so the graph is the same as the local engine's."""
from __future__ import annotations

from typing import Sequence

from kg.errors import KgError
from kg.engine.parallel import extract_bare, with_articles
from kg.model import Article, Extraction


def extract_dask(articles: Sequence[Article], *, scheduler: str | None = None, workers: int = 2,
                 partition: int = 200) -> list[Extraction]:
    """extract() of each article on the cluster, in input order."""
    if not articles:
        return []
    try:
        import dask.bag as db
        from distributed import Client, LocalCluster
    except ImportError as err:
        raise KgError(f"the dask engine needs the optional extra: pip install 'kg[dask]' ({err})") from err
    cluster = None
    try:
        if scheduler:
            client = Client(scheduler, timeout="30s")
        else:
            cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                   host="127.0.0.1", dashboard_address=None)
            client = Client(cluster)
    except (OSError, TimeoutError) as err:
        raise KgError(f"cannot reach the Dask scheduler {scheduler or '(local)'}: {err}") from err
    try:
        parts = max(1, min(len(articles) // partition + 1, 8 * workers))
        bag = db.from_sequence(list(articles), npartitions=parts).map(extract_bare)
        return list(with_articles(articles, bag.compute(scheduler=client)))
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
