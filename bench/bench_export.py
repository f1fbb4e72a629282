"""Writers: rdflib's serializer and networkx's write_graphml against kg's exporters, same run.

    python bench/bench_export.py [--size 1000000] [--formats ttl,nt,graphml] [--seed 7]
                                 [--cache /tmp/kg-bench] [--repeat 1]

Generates (or reuses, see bench_validate.py) a synthetic graph, parses it once into an
rdflib Graph and copies that into a kg.triples.Table (what `kg build` writes from; the copy
is timed on its own line), then for each format times writing into an in-memory buffer:
  ttl      rdflib  graph.serialize(format="turtle")      vs  kg's TurtleExporter on the table
  nt       rdflib  graph.serialize(format="nt")          vs  kg's NTriplesExporter on the table
  graphml  networkx write_graphml on a MultiDiGraph       vs  kg's GraphMLExporter on the table
           built from the table by the plain code below
(the baseline's view is frozen here, `baseline_view`: the straightforward loops kg's own view
used before it was made faster, so the baseline does not get faster with kg's code; its
nodes, attributes and edges are checked equal to kg's view once, untimed). Also times plain iteration over the Graph (`for t in graph`), the floor of
any writer that reads triples through rdflib's API, and (with nt) the floor of any CPython
N-Triples writer: the lines assembled from terms already rendered and encoded, by C-level
joins alone, and those lines joined into the file. Prints a Markdown table; with
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


def baseline_view(table):
    """The entity-and-event view (kg.export.graphml.view) by straightforward Python over the
    table, frozen as the GraphML baseline: nodes id -> attributes, sorted; sorted edges."""
    from kg.export.graphml import _NODE_CLASSES  # the class IRIs: data, not code
    from kg.map.vocab import EVENT, FORMER, MEMBERSHIP, ORG, SCHEMA, SKOS
    from kg.triples import Lit
    from rdflib import RDF, XSD

    EV, MEM, FORM, TYPE = str(EVENT), str(MEMBERSHIP), str(FORMER), str(RDF.type)
    MEMBER, ORGN, ROLE = str(ORG.member), str(ORG.organization), str(ORG.role)
    NAME, PREF, BOOL = str(SCHEMA.name), str(SKOS.prefLabel), str(XSD.boolean)
    spo = table.spo

    def first(node, prop):
        values = sorted(v[0] for v in spo.get(node, {}).get(prop, ()) if type(v) is Lit)
        return values[0] if values else None

    def local(node):
        text = str(node)
        return text.rsplit("#", 1)[-1].rsplit("/", 1)[-1] or text

    instances = {}
    for s, po in spo.items():
        for o in po.get(TYPE, ()):
            instances.setdefault(o, {})[s] = None
    classes = {}
    for cls in sorted((c for c in instances if c in _NODE_CLASSES), key=str):
        for s in instances[cls]:
            classes.setdefault(s, []).append(cls)
    types = {s: next((c for c in found if c != EV), found[0]) for s, found in classes.items()}
    roles, edges = {}, set()
    for m in instances.get(MEM, ()):
        po = spo.get(m, {})
        former = any(type(v) is Lit and v[1] == BOOL and v[0].lower() in ("true", "1") for v in po.get(FORM, ()))
        orgs = [o for o in po.get(ORGN, ()) if o in types]
        people = [p for p in po.get(MEMBER, ()) if p in types]
        for role in po.get(ROLE, ()):
            title = first(role, PREF) or first(role, NAME) or local(role)
            title = "nguyên " + title if former else title
            for person in people:
                if not orgs:
                    roles.setdefault(person, set()).add(title)
                for org in orgs:
                    edges.add((str(person), str(org), title))
    for s in types:
        for p, objs in spo[s].items():
            if p != TYPE:
                for o in objs:
                    if type(o) is not Lit and o in types:
                        edges.add((str(s), str(o), local(p)))
    nodes = {}
    for node in sorted(types, key=str):
        attrs = {"label": first(node, NAME) or local(node), "type": local(types[node])}
        if node in roles:
            attrs["roles"] = "; ".join(sorted(roles[node]))
        nodes[str(node)] = attrs
    return nodes, sorted(edges)


def baseline_networkx(table) -> nx.MultiDiGraph:
    nodes, edges = baseline_view(table)
    out = nx.MultiDiGraph()
    for node, attrs in nodes.items():
        out.add_node(node, **attrs)
    for i, (s, o, label) in enumerate(edges):
        out.add_edge(s, o, key=f"e{i}", label=label)
    return out


def _nt_floor(data: bytes, repeat: int, t_base: float) -> str:
    """A lower bound of any CPython N-Triples writer: the file's lines made from their three
    terms, each already rendered, escaped and encoded (what no writer starts with), by C-level
    joins only, no bytecode per triple; and the finished lines joined into the file."""
    lines = data.split(b"\n")[:-1]
    terms = [tuple(line[:-2].split(b" ", 2)) for line in lines]  # subject, predicate, object
    assert b" .\n".join(map(b" ".join, terms)) + b" .\n" == data
    t_make = best(lambda: b" .\n".join(map(b" ".join, terms)), repeat)
    t_join = best(lambda: b"".join(lines), repeat)
    return (f"| floor: the {len(lines):,} N-Triples lines from their terms already rendered and encoded "
            f"(C-level joins); the finished lines joined alone | - | {t_make:.2f} s; {t_join:.2f} s | "
            f"{t_base / t_make:.1f}x; {t_base / t_join:.1f}x | - |")


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
    from kg.export.graphml import view
    from kg.native import native
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
        "graphml": ("plain view + networkx write_graphml",
                    lambda: nx.write_graphml_xml(baseline_networkx(table), io.BytesIO())),
    }
    from kg.native import PURE_ENV
    built = [m for m in ("kg.export._rdftext", "kg.export._graphml") if native(m) is not None]
    rows = [f"| kg's writers run with the C accelerators: {', '.join(built) or f'none (not built, or {PURE_ENV} set)'} | - | - | - | - |",
            f"| iterate the rdflib Graph ({n:,} triples) | {best(lambda: sum(1 for _ in graph), args.repeat):.2f} s | - | - | - |",
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
        found = [f"| write {fmt}, {n:,} triples | {t_base:.2f} s ({label}) | {t_ours:.3f} s | "
                 f"{t_base / t_ours:.1f}x | {size_mb:.0f} MB |"]
        if fmt == "nt":  # the floor of any CPython writer of this output, whatever it renders
            found.append(_nt_floor(outs[-1].getvalue(), args.repeat, t_base))
        print("\n".join(found), file=sys.stderr, flush=True)
        rows += found
    if "graphml" in args.formats:  # where GraphML's time goes: the view, then the XML
        from kg.export.graphml import _NATIVE, _columns, _render, _render_native

        v = view(table)
        assert baseline_view(table) == (v.nodes, v.edges)  # the baseline computes the same view
        nxg = baseline_networkx(table)
        t_view_base = best(lambda: baseline_view(table), args.repeat)
        t_view = best(lambda: _columns(table), args.repeat)
        cols = _columns(table)
        t_nx = best(lambda: nx.write_graphml_xml(nxg, io.BytesIO()), args.repeat)
        accel = native(_NATIVE)  # the XML as the writer makes it: in C where that is built
        if accel is None:
            t_xml = best(lambda: "".join(_render(*cols)).encode("utf-8"), args.repeat)
        else:
            t_xml = best(lambda: _render_native(accel, io.BytesIO(), *cols), args.repeat)
        rows.append(f"| GraphML view from the table ({len(v.nodes):,} nodes, {len(v.edges):,} edges) | "
                    f"{t_view_base:.2f} s (plain loops) | {t_view:.3f} s | {t_view_base / t_view:.1f}x | - |")
        rows.append(f"| GraphML XML only | {t_nx:.2f} s (networkx write_graphml) | {t_xml:.3f} s | "
                    f"{t_nx / t_xml:.1f}x | - |")
        print("\n".join(rows[-2:]), file=sys.stderr, flush=True)
    print("| task | baseline | kg | ratio | kg output |")
    print("|---|---:|---:|---:|---:|")
    print("\n".join(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
