"""Extraction on several local processes: articles go out in chunks, extractions come back
in input order, so the graph is the same as with one process."""
from __future__ import annotations

import gc
import multiprocessing
import os
from itertools import chain, islice
from typing import Iterable, Iterator, Sequence

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


# articles sent to a worker at a time: at most this many, fewer when each worker would get
# fewer than 8 chunks (so that the last chunks still spread over the workers)
CHUNK = 64


def extract_parallel(articles: Sequence[Article], jobs: int, most: int = CHUNK) -> Iterator[Extraction]:
    """extract() of each article on `jobs` worker processes, yielded in input order, sent in
    chunks of at most `most` articles."""
    if jobs <= 1 or len(articles) < 2:
        yield from map(extract_slim, articles)
        return
    jobs = min(jobs, len(articles))
    chunk = max(1, min(most, len(articles) // (jobs * 8)))
    with _pool(jobs) as pool:
        yield from with_articles(articles, pool.imap(extract_bare, articles, chunksize=chunk))


def extract_streaming(articles: Iterable[Article], jobs: int, most: int = CHUNK) -> Iterator[Extraction]:
    """extract_parallel() of articles that are still being read (kg.ingest.iter_articles): the
    pool's feeder thread reads them as it sends them, so the workers start on the first ones
    while the rest are parsed. An error raised by the reading reaches the caller when the
    results get to where it happened. Same chunks, same results as extract_parallel()."""
    articles = iter(articles)
    head = list(islice(articles, most * jobs * 8))
    if jobs <= 1 or len(head) < most * jobs * 8:  # all of them already: chunked by their number
        yield from extract_parallel(head + list(articles), jobs, most)
        return
    sent: list[Article] = []  # appended by the feeder thread before it sends the article on

    def feed() -> Iterator[Article]:
        for article in chain(head, articles):
            sent.append(article)
            yield article

    with _pool(jobs) as pool:
        # result i comes back only after article i was sent, so sent[i] is there
        for i, ex in enumerate(pool.imap(extract_bare, feed(), chunksize=most)):
            ex.article = sent[i]
            yield ex


def _pool(jobs: int) -> "multiprocessing.pool.Pool":
    # fork shares the loaded lexicon with the workers; elsewhere each worker loads its own
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    if method == "fork":
        # Loaded once here rather than once per worker; frozen, so that no worker's garbage
        # collections scan its hundreds of thousands of objects again and again.
        lex_index(lexicon())
        gc.freeze()
    return multiprocessing.get_context(method).Pool(jobs, initializer=gc.enable)
