"""What curation costs in a build: each stage timed in one process, with and without the rules.

    python bench/curation_cost.py ../shared/ner/news.jsonl --rules 50

Builds once without curation, writes a curation file of N rules picked from what that build
found (renames, aliases, merges of two entities of one type, drops, retypes, in turn), then
times the curation step (apply + provenance) and the rest of the build with that file.
Prints the stage times and curation's share of the whole build.
"""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

from kg.curate import add_provenance, apply_curation, load_curation
from kg.export import export
from kg.map import to_rdf
from kg.pipeline import extract_all
from kg.ingest import read_articles
from kg.resolve import resolve
from kg.resolve.records import records, write_records
from kg.validate import validate


def _rules(corpus, n: int) -> list[dict]:
    ents = sorted(corpus.entities.values(), key=lambda e: e.id)
    by_type: dict[str, list] = {}
    for e in ents:
        by_type.setdefault(e.type, []).append(e)
    rules, i = [], 0
    kinds = ["rename", "alias", "merge", "drop", "retype"]
    used: set[str] = set()
    pool = [e for e in ents if e.type in ("Person", "Organization")]
    while len(rules) < n and i < len(pool) - 1:
        a, b = pool[i], pool[i + 1]
        i += 2
        if a.id in used or b.id in used:
            continue
        kind = kinds[len(rules) % len(kinds)]
        if kind == "rename":
            rules.append({"rename": a.id, "name": a.name + " (curated)"})
        elif kind == "alias":
            rules.append({"alias": {"type": a.type, "name": a.name}, "names": [a.name.upper()]})
        elif kind == "merge" and a.type == b.type:
            rules.append({"merge": [a.id, b.id]})
        elif kind == "drop":
            rules.append({"drop": a.id})
        else:
            rules.append({"retype": a.id, "type": "Place"})
        used |= {a.id, b.id}
    return rules


def _timed(label: str, times: dict, fn, *args):
    t = time.perf_counter()
    out = fn(*args)
    times[label] = times.get(label, 0.0) + time.perf_counter() - t
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("inputs", nargs="+")
    ap.add_argument("--rules", type=int, default=50)
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="kg-curation-bench-"))
    times: dict[str, float] = {}
    articles = _timed("read", times, read_articles, args.inputs)
    extractions = _timed("extract", times, extract_all, articles)
    corpus = _timed("resolve", times, resolve, extractions)
    cur_file = tmp / "curation.yaml"
    cur_file.write_text(json.dumps({"rules": _rules(corpus, args.rules)}, ensure_ascii=False), encoding="utf-8")
    curation = _timed("curation: load", times, load_curation, cur_file)
    log = _timed("curation: apply", times, apply_curation, corpus, curation)
    graph = _timed("map", times, to_rdf, corpus)
    _timed("curation: provenance", times, add_provenance, graph, corpus, log)
    report = _timed("validate", times, validate, graph)
    _timed("export ttl", times, export, graph, "ttl", tmp / "graph.ttl")
    _timed("export graphml", times, export, graph, "graphml", tmp / "graph.graphml")
    _timed("resolution.jsonl", times, lambda: write_records(tmp / "resolution.jsonl", records(corpus)))
    total = sum(times.values())
    cur = sum(v for k, v in times.items() if k.startswith("curation"))
    print(f"articles: {len(articles)}; entities after curation: {len(corpus.entities)}; "
          f"rules: {len(curation.rules)} ({len(log.applied)} applied, {len(log.unmatched)} unmatched); "
          f"conforms: {report.conforms}")
    for k, v in times.items():
        print(f"  {k:<22} {v:8.3f} s  {100 * v / total:5.1f} %")
    print(f"  {'total':<22} {total:8.3f} s")
    print(f"curation share of the build: {100 * cur / total:.2f} % ({cur:.3f} s)")
    sys.exit(0 if report.conforms else 1)


if __name__ == "__main__":
    main()
