"""SHACL validation: pyshacl (the reference) against kg's fast engine, in the same run.

    python bench/bench_validate.py [--sizes 100000,1000000] [--pyshacl-max 1000000]
                                   [--violations 200] [--seed 7] [--cache /tmp/kg-bench]

For each size: generate a synthetic graph (bench/make_graph.py, cached as N-Triples under
--cache), parse it once, plant `--violations` violations of several kinds, then time
`kg.validate.validate(graph, engine=...)` for both engines on that same Graph object
and check that both give the same verdict and the same results. Parsing is not timed:
both engines start from the parsed rdflib Graph. Sizes above --pyshacl-max skip pyshacl
(it takes minutes per 100k triples). Prints a Markdown table.
"""
from __future__ import annotations

import argparse
import gc
import logging
import resource
import sys
import time
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "src"))

from rdflib import RDF, BNode, Graph, Literal, Namespace, URIRef  # noqa: E402

from make_graph import make_graph  # noqa: E402

KG = Namespace("https://w3id.org/kg-vn/ontology#")
SCHEMA = Namespace("https://schema.org/")
ORG = Namespace("http://www.w3.org/ns/org#")
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")


def load(n: int, seed: int, cache: Path) -> Graph:
    path = cache / f"graph-{n}-{seed}.nt"
    if not path.exists():
        from kg.export import export

        cache.mkdir(parents=True, exist_ok=True)
        export(make_graph(n, seed), "nt", path)
    return Graph().parse(path, format="nt")


def plant(g: Graph, count: int) -> None:
    """Spread `count` violations of several kinds over the graph, deterministically."""
    kinds = [
        (KG.Person, lambda n: g.remove((n, SCHEMA.name, None))),                       # minCount
        (KG.Membership, lambda n: g.add((n, KG.former, Literal("có")))),               # maxCount, datatype
        (KG.Sentence, lambda n: g.set((n, KG.span, Literal("x-y")))),                  # pattern
        (KG.Event, lambda n: g.add((n, KG.participant, BNode()))),                    # or
        (KG.Article, lambda n: g.set((n, SCHEMA.datePublished, Literal("2020-02-31", datatype=XSD.date)))),
        (KG.Organization, lambda n: g.add((n, RDF.type, KG.Place))),                   # xone
        (RDF.Statement, lambda n: g.set((n, RDF.subject, Literal("s")))),              # nodeKind
        (KG.Membership, lambda n: g.set((n, ORG.role, URIRef(str(n) + "/nowhere")))),  # class
    ]
    pools = {cls: sorted(g.subjects(RDF.type, cls), key=str) for cls, _ in kinds}
    for i in range(count):
        cls, change = kinds[i % len(kinds)]
        change(pools[cls][(i * 7919) % len(pools[cls])])


def timed(fn):
    gc.collect()
    t0 = time.perf_counter()
    out = fn()
    return out, time.perf_counter() - t0


def _rss_mb() -> float:
    """Peak resident memory of this process so far (graph included), in MB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", default="100000,1000000")
    ap.add_argument("--pyshacl-max", type=int, default=1_000_000)
    ap.add_argument("--violations", type=int, default=200)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--cache", type=Path, default=Path("/tmp/kg-bench"))
    args = ap.parse_args(argv)
    from kg.validate import validate

    logging.getLogger("rdflib").setLevel(logging.ERROR)  # planted ill-typed dates are the point
    validate(Graph(), "fast")  # load shapes and ontology once, outside the timings
    rows = []
    for n in (int(x) for x in args.sizes.split(",")):
        graph = load(n, args.seed, args.cache)
        plant(graph, args.violations)
        fast, t_fast = timed(lambda: validate(graph, "fast"))
        rss_fast = _rss_mb()
        line = f"| validate {len(graph):,} triples | "
        if n <= args.pyshacl_max:
            ref, t_ref = timed(lambda: validate(graph, "pyshacl"))
            same = (fast.conforms == ref.conforms and
                    Counter(v.key() for v in fast.results) == Counter(v.key() for v in ref.results))
            line += (f"{t_ref:.1f} s | {t_fast:.2f} s | {t_ref / t_fast:.0f}x | {len(fast.results)} | "
                     f"{'yes' if same else 'NO'} | {rss_fast:,.0f} / {_rss_mb():,.0f} MB |")
        else:
            line += f"not run | {t_fast:.2f} s | - | {len(fast.results)} | - | {rss_fast:,.0f} MB / - |"
        print(line, flush=True, file=sys.stderr)
        rows.append(line)
        graph = fast = None  # free this size before parsing the next
    print("| task | pyshacl | kg fast | ratio | results | same results | peak RSS after fast / after pyshacl |")
    print("|---|---:|---:|---:|---:|---|---:|")
    print("\n".join(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
