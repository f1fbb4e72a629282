"""Extraction on several local processes: articles go out in chunks, extractions come back
in input order, so the graph is the same as with one process."""
from __future__ import annotations

import gc
import multiprocessing
import os
from typing import Iterator, Sequence

from kg.engine.compact import slim
from kg.extract import extract
from kg.extract.index import lex_index
from kg.extract.lexicon import lexicon
from kg.model import Article, Extraction


def cpu_count() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def extract_slim(article: Article) -> Extraction:
    """extract(), without what only extraction reads (kg.engine.compact.slim)."""
    return slim(extract(article))


def extract_bare(article: Article) -> Extraction:
    """extract_slim(), the result without its article: the caller has the article already, so
    it is not sent back (a copy of every text would cross the pipe and stay in memory beside
    the caller's own). `with_articles` puts each back."""
    ex = extract_slim(article)
    ex.article = None  # type: ignore[assignment]
    return ex


def with_articles(articles: Sequence[Article], found: Iterator[Extraction]) -> Iterator[Extraction]:
    """The extractions of extract_bare, each given back its article, in input order."""
    for article, ex in zip(articles, found):
        ex.article = article
        yield ex


def extract_parallel(articles: Sequence[Article], jobs: int) -> Iterator[Extraction]:
    """extract() of each article on `jobs` worker processes, yielded in input order."""
    if jobs <= 1 or len(articles) < 2:
        yield from map(extract_slim, articles)
        return
    jobs = min(jobs, len(articles))
    # fork shares the loaded lexicon with the workers; elsewhere each worker loads its own
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    if method == "fork":
        # Loaded once here rather than once per worker; frozen, so that no worker's garbage
        # collections scan its hundreds of thousands of objects again and again.
        lex_index(lexicon())
        gc.freeze()
    chunk = max(1, min(64, len(articles) // (jobs * 8)))
    with multiprocessing.get_context(method).Pool(jobs, initializer=gc.enable) as pool:
        yield from with_articles(articles, pool.imap(extract_bare, articles, chunksize=chunk))
