"""Writers: rdflib's serializer and networkx's write_graphml against kg's exporters, same run.

    python bench/bench_export.py [--size 1000000] [--formats ttl,nt,graphml] [--seed 7]
                                 [--cache /tmp/kg-bench] [--repeat 1]

Generates (or reuses, see bench_validate.py) a synthetic graph, parses it once into an
rdflib Graph and copies that into a kg.triples.Table (what `kg build` writes from; the copy
is timed on its own line), then for each format times writing into an in-memory buffer:
  ttl      rdflib  graph.serialize(format="turtle")      vs  kg's TurtleExporter on the table
  nt       rdflib  graph.serialize(format="nt")          vs  kg's NTriplesExporter on the table
  graphml  networkx write_graphml(to_networkx(table))    vs  kg's GraphMLExporter on the table
(both GraphML sides compute the same entity-and-event view from the table; kg writes the
XML directly). Also times plain iteration over the Graph (`for t in graph`), the floor of
any writer that reads triples through rdflib's API. Prints a Markdown table; with
--repeat N, the best of N.
"""
from __future__ import annotations

import argparse
import gc
import io
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "src"))

import networkx as nx  # noqa: E402

from bench_validate import load  # noqa: E402


def best(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        gc.collect()
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--size", type=int, default=1_000_000)
    ap.add_argument("--formats", default="ttl,nt,graphml")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--cache", type=Path, default=Path("/tmp/kg-bench"))
    ap.add_argument("--repeat", type=int, default=1)
    args = ap.parse_args(argv)
    from kg.export import EXPORTERS
    from kg.export.graphml import to_networkx
    from kg.triples import Table

    graph = load(args.size, args.seed, args.cache)
    n = len(graph)
    tables: list[Table] = []

    def copy() -> None:
        tables[:] = [Table.from_graph(graph)]

    t_copy = best(copy, args.repeat)
    table = tables[0]
    assert len(table) == n
    baselines = {
        "ttl": ("rdflib serialize(turtle)", lambda: graph.serialize(format="turtle")),
        "nt": ("rdflib serialize(nt)", lambda: graph.serialize(format="nt")),
        "graphml": ("networkx write_graphml", lambda: nx.write_graphml_xml(to_networkx(table), io.BytesIO())),
    }
    rows = [f"| iterate the rdflib Graph ({n:,} triples) | {best(lambda: sum(1 for _ in graph), args.repeat):.2f} s | - | - | - |",
            f"| copy the rdflib Graph into a kg.triples.Table (not in the times below) | - | {t_copy:.2f} s | - | - |"]
    print("\n".join(rows), file=sys.stderr, flush=True)
    for fmt in args.formats.split(","):
        label, baseline = baselines[fmt]
        outs: list[io.BytesIO] = []

        def ours() -> None:
            outs.append(io.BytesIO())
            EXPORTERS[fmt]().write(table, outs[-1])
            del outs[:-1]  # keep only the last output: its size goes in the table

        t_ours = best(ours, args.repeat)
        size_mb = len(outs[-1].getvalue()) / 1e6
        t_base = best(baseline, args.repeat)
        row = (f"| write {fmt}, {n:,} triples | {t_base:.2f} s ({label}) | {t_ours:.2f} s | "
               f"{t_base / t_ours:.1f}x | {size_mb:.0f} MB |")
        print(row, file=sys.stderr, flush=True)
        rows.append(row)
    if "graphml" in args.formats:  # where GraphML's time goes: the view, then the XML
        from kg.export.graphml import render, view

        v = view(table)
        nxg = to_networkx(table)
        t_view = best(lambda: view(table), args.repeat)
        t_nx = best(lambda: nx.write_graphml_xml(nxg, io.BytesIO()), args.repeat)
        t_xml = best(lambda: "".join(render(v)).encode("utf-8"), args.repeat)
        rows.append(f"| GraphML XML only ({len(v.nodes):,} nodes, {len(v.edges):,} edges) | "
                    f"{t_nx:.2f} s (networkx write_graphml) | {t_xml:.2f} s | {t_nx / t_xml:.1f}x | - |")
        rows.append(f"| GraphML view from the table (shared by both) | {t_view:.2f} s | {t_view:.2f} s | - | - |")
        print("\n".join(rows[-2:]), file=sys.stderr, flush=True)
    print("| task | baseline | kg | ratio | kg output |")
    print("|---|---:|---:|---:|---:|")
    print("\n".join(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
