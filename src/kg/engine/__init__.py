"""Engines: how the per-article extraction of a build is run. `local` runs it in this process
or on a pool of local processes (`jobs`); `dask` runs it as a Dask bag on a Dask cluster.
Either way the extraction cache is consulted first, only the articles it lacks are
extracted, and the results come back in input order, so every engine writes the same graph."""
from __future__ import annotations

import gc
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable

from kg.engine.cache import ExtractionCache
from kg.engine.compact import compact
from kg.errors import KgError
from kg.model import Article, Extraction
from kg.triples import paused_gc

ENGINES = ("local", "dask")


@dataclass
class ExtractStats:
    extracted: int = 0  # articles run through extract()
    cached: int = 0  # articles read back from the cache
    pruned: int = 0  # stale cache entries removed


def _compacted(ex: Extraction | None) -> Extraction | None:
    return compact(ex) if ex is not None else None


def extract_articles(articles: Iterable[Article], *, jobs: int = 1, engine: str = "local",
                     scheduler: str | None = None, cache_dir: Path | None = None,
                     warn: Callable[[str], None] | None = None,
                     progress: Callable[[Iterable, int | None], Iterable] | None = None,
                     prune: bool = True) -> tuple[list[Extraction], ExtractStats]:
    """The extraction of every article, in input order, and how it was obtained. They are
    left frozen (gc.freeze): the caller keeps them, and none holds a cycle.

    `articles` may be a list, or an iterator of articles still being read
    (kg.ingest.iter_articles): without a cache, local workers start on the first ones at once,
    and `progress` gets None for the number of articles, not known until the end.
    `prune`: remove the cache entries of articles not in `articles` (an incremental build
    reads the old ones first, and prunes itself)."""
    if engine not in ENGINES:
        raise KgError(f"unknown engine {engine!r}; known: {', '.join(ENGINES)}")
    stats = ExtractStats()
    cache = ExtractionCache(cache_dir, warn) if cache_dir is not None else None
    # Every extraction, loaded from the cache or sent back by a worker, is kept to the end, and
    # none holds a cycle: the cyclic GC would only scan them again and again for nothing (it
    # took most of an incremental build's time, and more than half of unpickling a worker's).
    with paused_gc():
        if cache is None and engine == "local" and not isinstance(articles, (list, tuple)):
            from kg.engine.parallel import extract_streaming
            found = extract_streaming(articles, jobs)
            results = [compact(ex) for ex in (progress(found, None) if progress else found)]
            stats.extracted = len(results)
            gc.freeze()  # as below
            return results, stats  # type: ignore[return-value]
        articles = list(articles)
        results: list[Extraction | None] = [_compacted(cache.get(a)) if cache else None for a in articles]
        todo = [i for i, r in enumerate(results) if r is None]
        stats.cached = len(articles) - len(todo)
        stats.extracted = len(todo)
        missing = [articles[i] for i in todo]
        if engine == "dask":
            from kg.engine.distributed import extract_dask
            found: Iterable[Extraction] = extract_dask(missing, scheduler=scheduler,
                                                       workers=max(jobs, 2) if jobs > 1 else 2)
        else:
            from kg.engine.parallel import extract_parallel
            found = extract_parallel(missing, jobs)
        if progress is not None and missing:
            found = progress(found, len(missing))
        for i, ex in zip(todo, found):
            results[i] = compact(ex)
            if cache is not None:
                cache.put(articles[i], ex)
        # Frozen before the collector is back on, whose first collection would otherwise scan
        # them all (1.3 s at 10k from the cache): the caller keeps them, and kg.pipeline.build
        # unfreezes when it is done.
        gc.freeze()
    if cache is not None and prune:
        stats.pruned = cache.prune()
    return results, stats  # type: ignore[return-value]
