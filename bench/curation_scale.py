"""Curation's cost as the corpus grows, without extracting thousands of articles.

    python bench/curation_scale.py ../shared/ner/news.jsonl --copies 34 --rules 50

Extracts the articles once, then makes COPIES renamed copies of every extraction (article,
entity and event ids suffixed with the copy number, so each copy's entities are new
entities and the entity count grows with the corpus), resolves them together and times
resolve, curation (N rules picked as in curation_cost.py) and the resolution.jsonl write.
Extraction is timed on the real articles and scaled by the copy count, since it is per
article. The other stages (map, SHACL, export) are not run: the share printed is that of
curation in extract + resolve + curation, an upper bound on its share of a whole build.
"""
from __future__ import annotations

import argparse
import copy
import dataclasses
import json
import tempfile
import time
from pathlib import Path

from curation_cost import _rules

from kg.curate import apply_curation, load_curation
from kg.ingest import read_articles
from kg.pipeline import extract_all
from kg.resolve import resolve
from kg.resolve.records import records, write_records


def _copy(ex, c: int):
    """A copy of one extraction with every id made its own."""
    ex = copy.deepcopy(ex)
    sfx = f" ~{c}"
    k = lambda key: key + sfx if key else key  # noqa: E731
    ex.article = dataclasses.replace(ex.article, id=ex.article.id + sfx)
    for e in ex.entities:
        e.id = k(e.id)
        e.mentions = [(ex.article.id, m) for _, m in e.mentions]
    for p in ex.posts:
        p.person, p.org = k(p.person), k(p.org)
        p.source = dataclasses.replace(p.source, article=ex.article.id)
    for r in ex.relations:
        r.subject, r.object = k(r.subject), k(r.object)
        r.source = dataclasses.replace(r.source, article=ex.article.id)
    for a in ex.attributes:
        a.subject = k(a.subject)
        a.source = dataclasses.replace(a.source, article=ex.article.id)
    for f in ex.figures:
        f.subject = k(f.subject)
        f.source = dataclasses.replace(f.source, article=ex.article.id)
    for ev in ex.events:
        ev.id, ev.place = ev.id + sfx, k(ev.place)
        ev.participants = [k(p) for p in ev.participants]
        ev.source = dataclasses.replace(ev.source, article=ex.article.id)
    ex.publisher = k(ex.publisher)
    return ex


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("inputs", nargs="+")
    ap.add_argument("--copies", type=int, default=34)
    ap.add_argument("--rules", type=int, default=50)
    args = ap.parse_args()
    t = time.perf_counter()
    base = extract_all(read_articles(args.inputs))
    extract_s = (time.perf_counter() - t) * args.copies
    many = [_copy(ex, c) for c in range(args.copies) for ex in base]
    t = time.perf_counter()
    corpus = resolve(many)
    resolve_s = time.perf_counter() - t
    tmp = Path(tempfile.mkdtemp(prefix="kg-curation-scale-"))
    cur = tmp / "curation.yaml"
    cur.write_text(json.dumps({"rules": _rules(corpus, args.rules)}, ensure_ascii=False), encoding="utf-8")
    t = time.perf_counter()
    log = apply_curation(corpus, load_curation(cur))
    curate_s = time.perf_counter() - t
    t = time.perf_counter()
    write_records(tmp / "resolution.jsonl", records(corpus))
    records_s = time.perf_counter() - t
    total = extract_s + resolve_s + curate_s
    print(f"articles: {len(many)}; entities: {len(corpus.entities)}; rules: {len(log.curation.rules)} "
          f"({len(log.applied)} applied)")
    print(f"  extract (scaled)  {extract_s:9.1f} s")
    print(f"  resolve           {resolve_s:9.2f} s")
    print(f"  curation          {curate_s:9.2f} s  ({100 * curate_s / total:.2f} % of extract+resolve+curation)")
    print(f"  resolution.jsonl  {records_s:9.2f} s")


if __name__ == "__main__":
    main()
