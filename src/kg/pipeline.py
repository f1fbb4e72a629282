"""The whole job, stage by stage: ingest -> extract -> resolve -> map -> validate -> export."""
from __future__ import annotations

import gc
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Sequence

from rdflib import Graph

from kg.engine import ExtractStats
from kg.engine.incremental import PATCHED_FORMATS, drop_state, patch, save_state
from kg.errors import KgError
from kg.extract import extract
from kg.ingest import iter_articles
from kg.map import to_table
from kg.model import Article, Corpus, Extraction
from kg.resolve import document_dates, resolve
from kg.resolve.records import RESOLUTION_FILE, records, write_records
from kg.triples import Table, paused_gc
from kg.validate import ValidationReport, validate

DEFAULT_FORMATS = ("ttl", "graphml")


@dataclass
class BuildResult:
    corpus: Corpus
    table: Table  # the built triples (kg.triples); `graph` is the same as an rdflib Graph
    report: ValidationReport
    outputs: list[Path] = field(default_factory=list)
    extract_stats: ExtractStats = field(default_factory=ExtractStats)
    curation: object = None  # kg.curate.CurationLog when a curation file was given
    _graph: Graph | None = field(default=None, repr=False)
    counts: dict | None = None  # an incremental build's summary: it holds no corpus or table

    @property
    def graph(self) -> Graph:
        """The triples as an rdflib Graph, made on first use: a build that writes only
        formats written from the table never pays for one."""
        if self._graph is None:
            if self.table is None:
                raise KgError("an incremental build patches the files and keeps no graph: read its graph.ttl")
            self._graph = self.table.to_graph()
        return self._graph

    def summary(self) -> dict:
        if self.counts is not None:
            return self.counts
        types = Counter(e.type for e in self.corpus.entities.values())
        arts = self.corpus.articles
        return {
            "articles": len(arts),
            "entities": dict(sorted(types.items())),
            "posts": sum(len(a.posts) for a in arts),
            "relations": sum(len(a.relations) for a in arts),
            "events": sum(len(a.events) for a in arts),
            "figures": sum(len(a.figures) for a in arts),
            "triples": len(self.table),
            "conforms": self.report.conforms,
            **({"curation": {"rules": len(self.curation.curation.rules), "applied": len(self.curation.applied),
                             "unmatched": len(self.curation.unmatched_rules),
                             "messages": self.curation.unmatched}} if self.curation else {}),
        }


def extract_all(articles: Sequence[Article], progress: Callable[[Iterable, int], Iterable] | None = None) -> list[Extraction]:
    items = progress(articles, len(articles)) if progress else articles
    return [extract(a) for a in items]


def build(inputs: Sequence[Path | str], out_dir: Path, formats: Sequence[str] = DEFAULT_FORMATS, *,
          strict: bool = True, warn: Callable[[str], None] | None = None,
          progress: Callable[[Iterable, int | None], Iterable] | None = None, curation: Path | None = None,
          strict_curation: bool = False, jobs: int = 1, engine: str = "local", scheduler: str | None = None,
          cache_dir: Path | None = None, timings: dict[str, float] | None = None,
          incremental: bool = False) -> BuildResult:
    """Read, extract (through the cache in `cache_dir`, on `jobs` processes or a Dask cluster),
    resolve, curate, map, validate and write. `timings`, when given, receives each stage's seconds.

    `incremental` (with a `cache_dir`): patch the outputs of the last build with that cache
    where few articles changed (kg.engine.incremental; the same bytes), else build in full
    and leave the state the next build patches from. Its result then has no corpus or
    table, only the summary."""
    from kg import curate
    from kg.engine import extract_articles
    from kg.export import EXPORTERS, export

    rules = curate.load_curation(curation) if curation else None  # a bad file fails before any work
    clock = _Clock(timings)
    # read as extraction goes (see extract_articles); only finding the files is timed here
    articles = iter_articles(inputs, strict=strict, warn=warn)
    keep_state = incremental and cache_dir is not None and rules is None and set(formats) <= PATCHED_FORMATS
    if incremental and cache_dir is not None and not keep_state:
        drop_state(cache_dir)  # the outputs written now are not the ones it describes
    if keep_state:
        articles = list(articles)
        patched = patch(articles, out_dir, formats, cache_dir, jobs=jobs, engine=engine,
                        scheduler=scheduler, warn=warn)
        if patched is not None:
            clock.lap("patch")
            return BuildResult(None, None, patched.report, patched.outputs,  # type: ignore[arg-type]
                               ExtractStats(patched.extracted, patched.cached, patched.pruned),
                               counts=patched.summary)
        drop_state(cache_dir)
    clock.lap("ingest")
    # extract_articles leaves the extractions frozen: they live to the end of the build, and
    # no collection scans them again (freshly made, the next few would: resolve of 2k
    # articles' extractions took 1.1-1.4 s after they were loaded, 0.6-0.8 s frozen).
    # Unfrozen at the end, or on an error, so that a caller's later garbage is collected.
    try:
        extractions, stats = extract_articles(articles, jobs=jobs, engine=engine, scheduler=scheduler,
                                              cache_dir=cache_dir, warn=warn, progress=progress)
        clock.lap("extract")
        with paused_gc():  # the later stages make objects that live on, or no cycles
            # the legislation dates each article gives, read before resolve repoints them
            dates = {ex.article.id: d for ex in extractions if (d := document_dates(ex))} if keep_state else {}
            corpus = resolve(extractions)
            log = curate.curate(corpus, rules, strict=strict_curation, warn=warn) if rules else None
            clock.lap("resolve")
            # Written now, before the table exists beside the corpus: the records of 10k articles'
            # entities were the build's peak of memory when they came last.
            records_file = write_records(out_dir / RESOLUTION_FILE, records(corpus))
            clock.lap("records")
            table = to_table(corpus)
            if log:
                curate.add_provenance(table, corpus, log)
            clock.lap("map")
            report = validate(table)
            clock.lap("validate")
            result = BuildResult(corpus, table, report, extract_stats=stats, curation=log)
            out_dir.mkdir(parents=True, exist_ok=True)
            for fmt in formats:
                data = table if EXPORTERS[fmt].reads_table else result.graph
                result.outputs.append(export(data, fmt, out_dir / f"graph{EXPORTERS[fmt].suffix}"))
                clock.lap(f"export-{fmt}")
            if keep_state:
                save_state(cache_dir, articles, dates, extractions, corpus, table, report, formats, out_dir,
                           [*result.outputs, records_file], result.summary())
                clock.lap("state")
    finally:
        gc.unfreeze()
    result.outputs.append(records_file)
    return result


class _Clock:
    def __init__(self, into: dict[str, float] | None):
        self.into = into
        self.last = time.perf_counter()

    def lap(self, stage: str) -> None:
        now = time.perf_counter()
        if self.into is not None:
            self.into[stage] = now - self.last
        self.last = now
