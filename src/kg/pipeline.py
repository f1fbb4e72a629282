"""The whole job, stage by stage: ingest -> extract -> resolve -> map -> validate -> export."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Sequence

from rdflib import Graph

from kg.extract import extract
from kg.ingest import read_articles
from kg.map import to_rdf
from kg.model import Article, Corpus, Extraction
from kg.resolve import resolve
from kg.resolve.records import RESOLUTION_FILE, records, write_records
from kg.validate import ValidationReport, validate

DEFAULT_FORMATS = ("ttl", "graphml")


@dataclass
class BuildResult:
    corpus: Corpus
    graph: Graph
    report: ValidationReport
    outputs: list[Path] = field(default_factory=list)
    curation: object = None  # kg.curate.CurationLog when a curation file was given

    def summary(self) -> dict:
        types = Counter(e.type for e in self.corpus.entities.values())
        arts = self.corpus.articles
        return {
            "articles": len(arts),
            "entities": dict(sorted(types.items())),
            "posts": sum(len(a.posts) for a in arts),
            "relations": sum(len(a.relations) for a in arts),
            "events": sum(len(a.events) for a in arts),
            "figures": sum(len(a.figures) for a in arts),
            "triples": len(self.graph),
            "conforms": self.report.conforms,
            **({"curation": {"rules": len(self.curation.curation.rules), "applied": len(self.curation.applied),
                             "unmatched": len(self.curation.unmatched_rules),
                             "messages": self.curation.unmatched}} if self.curation else {}),
        }


def extract_all(articles: Sequence[Article], progress: Callable[[Iterable], Iterable] | None = None) -> list[Extraction]:
    items = progress(articles) if progress else articles
    return [extract(a) for a in items]


def build(inputs: Sequence[Path | str], out_dir: Path, formats: Sequence[str] = DEFAULT_FORMATS, *,
          strict: bool = True, warn: Callable[[str], None] | None = None,
          progress: Callable[[Iterable], Iterable] | None = None, curation: Path | None = None,
          strict_curation: bool = False) -> BuildResult:
    from kg import curate
    from kg.export import EXPORTERS, export

    rules = curate.load_curation(curation) if curation else None  # a bad file fails before any work
    articles = read_articles(inputs, strict=strict, warn=warn)
    corpus = resolve(extract_all(articles, progress))
    log = curate.curate(corpus, rules, strict=strict_curation, warn=warn) if rules else None
    graph = to_rdf(corpus)
    if log:
        curate.add_provenance(graph, corpus, log)
    report = validate(graph)
    result = BuildResult(corpus, graph, report, curation=log)
    out_dir.mkdir(parents=True, exist_ok=True)
    for fmt in formats:
        result.outputs.append(export(graph, fmt, out_dir / f"graph{EXPORTERS[fmt].suffix}"))
    result.outputs.append(write_records(out_dir / RESOLUTION_FILE, records(corpus)))
    return result
