"""Build benchmarks: extraction speed (this code next to a baseline commit, same run), whole
builds of generated corpora (wall time per stage, peak memory), incremental rebuilds and
--jobs. Every measurement runs in a fresh child process; peak memory is the child's max RSS
(os.wait4, which also covers the worker processes it waited for, each on its own).

    python bench/bench_build.py extract [--baseline a2a708a] [--repeat 3] [--rounds 3]
    python bench/bench_build.py build --sizes 1000,10000 [--until map] [--jobs 1]
    python bench/bench_build.py build --sizes 1000 --jobs 2 --against main --cache /tmp/kg-bench/cache
    python bench/bench_build.py incremental --size 10000
    python bench/bench_build.py jobs --size 10000
    python bench/bench_build.py merge --size 1000 --jobs 2   # memory of the merge step
    python bench/bench_build.py all          # what README.md's table reports

Corpora come from bench/make_corpus.py (made once into --work, default /tmp/kg-bench).
Results are printed as Markdown rows and appended as JSON lines to WORK/results.jsonl.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
BASELINE = "a2a708a"  # main when the performance work (issue 6) started
STAGES = ("ingest", "extract", "resolve", "records", "map", "validate", "export-ttl", "export-graphml")


_KEPT: list = []  # a whole build's result, alive until the child process ends

# ---- children: what runs inside the measured process -------------------------------------

def child_extract(repeat: int, paths: list[str]) -> dict:
    """Extraction alone, one process, CPU seconds (the machine is shared: CPU time, not wall),
    the best of `repeat` passes over the articles: other processes only ever add time."""
    import kg
    from kg.extract import extract
    from kg.ingest import read_articles
    arts = read_articles([Path(p) for p in paths])
    extract(arts[0])  # lexicon loaded outside the measure
    import gc
    gc.freeze()  # as kg.engine.parallel does before it forks the workers: no collection rescans the lexicon
    passes = []
    for _ in range(repeat):
        t = time.process_time()
        for a in arts:
            extract(a)
        passes.append(time.process_time() - t)
    cpu = min(passes)
    return {"articles": len(arts), "cpu_s": cpu, "passes_s": passes, "per_s_core": len(arts) / cpu,
            "code": str(Path(kg.__file__).parent), "chars": sum(len(a.full_text) for a in arts) / len(arts)}


def child_build(inp: str, out: str, until: str, jobs: int, cache: str | None) -> dict:
    """The stages of kg.pipeline.build one by one, timed, up to `until`."""
    import kg
    from kg.engine import extract_articles
    from kg.export import EXPORTERS, export
    from kg.ingest import read_articles
    from kg.resolve import resolve
    from kg.validate import validate
    try:  # the triple table, built as kg.pipeline.build does; a commit from before it maps
        from kg.map import to_table as to_triples  # into an rdflib Graph
        from kg.triples import paused_gc as paused
    except ImportError:
        from contextlib import nullcontext as paused
        from kg.map import to_rdf as to_triples

    import resource
    times: dict[str, float] = {}
    cpu: dict[str, float] = {}
    res: dict = {"stages": times, "cpu": cpu, "code": str(Path(kg.__file__).parent)}
    t, c = time.perf_counter(), 0.0

    def used() -> float:  # CPU seconds of this process and of the workers it waited for
        me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
        return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime

    def lap(name: str) -> bool:
        nonlocal t, c
        now, cnow = time.perf_counter(), used()
        times[name], cpu[name] = now - t, cnow - c
        t, c = now, cnow
        return name == until

    if until == STAGES[-1]:  # the whole build: kg.pipeline.build itself, as `kg build` runs it
        from kg.pipeline import build

        class Laps(dict):  # the pipeline's stage clock writes each lap here: take the CPU too
            last = 0.0

            def __setitem__(self, stage: str, seconds: float) -> None:
                super().__setitem__(stage, seconds)
                now = used()
                cpu[stage], Laps.last = now - Laps.last, now

        laps = Laps()
        import inspect
        # with a cache, as `kg build --cache` runs it: incremental where the code has it
        more = {"incremental": True} if cache and "incremental" in inspect.signature(build).parameters else {}
        result = build([Path(inp)], Path(out), ("ttl", "graphml"), jobs=jobs, timings=laps,
                       cache_dir=Path(cache) if cache else None, **more)
        times.update(laps)
        cpu["total"] = used()
        _KEPT.append(result)  # not freed before the process ends: see main()
        summary = result.summary()
        res.update(extracted=result.extract_stats.extracted, cached=result.extract_stats.cached,
                   entities=sum(summary["entities"].values()), triples=summary["triples"],
                   conforms=result.report.conforms, patched=result.table is None)
        return res
    arts = read_articles([Path(inp)])
    if lap("ingest"):
        return res
    exs, stats = extract_articles(arts, jobs=jobs, cache_dir=Path(cache) if cache else None)
    res.update(extracted=stats.extracted, cached=stats.cached)
    if lap("extract"):
        return res
    corpus = resolve(exs)
    res["entities"] = len(corpus.entities)
    if lap("resolve"):
        return res
    try:
        from kg.resolve.records import RESOLUTION_FILE, records, write_records
        write_records(Path(out) / RESOLUTION_FILE, records(corpus))
    except ImportError:  # a commit from before resolution.jsonl
        pass
    if lap("records"):
        return res
    with paused():
        graph = to_triples(corpus)
        res["triples"] = len(graph)
        if lap("map"):
            return res
        report = validate(graph)
        res["conforms"] = report.conforms
        if lap("validate"):
            return res
        for fmt in ("ttl", "graphml"):
            export(graph, fmt, Path(out) / f"graph{EXPORTERS[fmt].suffix}")
            if lap(f"export-{fmt}"):
                return res
    return res


def child_merge(inp: str, jobs: int) -> dict:
    """Memory of the merge step (resolve in the parent): what the extractions of every article
    take once they are back in the parent, and what resolve adds, traced by tracemalloc."""
    import gc
    import tracemalloc
    from kg.engine import extract_articles
    from kg.ingest import read_articles
    from kg.resolve import resolve

    arts = read_articles([Path(inp)])
    tracemalloc.start()
    exs, _ = extract_articles(arts, jobs=jobs)  # the workers' memory is theirs: only results count
    gc.collect()
    held = tracemalloc.get_traced_memory()[0]
    tracemalloc.reset_peak()
    corpus = resolve(exs)
    now, peak = tracemalloc.get_traced_memory()
    mentions = sum(len(e.mentions) for e in corpus.entities.values())
    return {"articles": len(arts), "entities": len(corpus.entities), "mentions": mentions,
            "extractions_mb": held / 2**20, "resolve_peak_extra_mb": (peak - held) / 2**20,
            "after_resolve_mb": now / 2**20}


def measure(args: list[str], env: dict[str, str] | None = None) -> dict:
    """Run this script's child mode in a fresh process: its JSON, wall seconds, max RSS (MB)."""
    t = time.perf_counter()
    proc = subprocess.Popen([sys.executable, __file__, *args], stdout=subprocess.PIPE, text=True,
                            env={**os.environ, **(env or {})})
    sampler = PssSampler(proc.pid)
    out = proc.stdout.read()
    sampler.stop()
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise SystemExit(f"child failed ({proc.returncode}): {args}")
    res = json.loads(out.strip().splitlines()[-1])
    res["wall_s"] = time.perf_counter() - t
    res["maxrss_mb"] = usage.ru_maxrss / 1024
    res["peak_pss_mb"] = sampler.peak / 1024
    return res


class PssSampler(threading.Thread):
    """The peak of the summed PSS (proportional set size: a shared page counts once, split
    among its sharers) of a process and all its descendants, sampled every 0.1 s. Max RSS
    alone misses forked children (writers, workers) and double-counts what they share."""

    def __init__(self, pid: int):
        super().__init__(daemon=True)
        self.pid, self.peak, self._done = pid, 0, threading.Event()
        self.start()

    def run(self) -> None:
        while not self._done.wait(0.1):
            self.peak = max(self.peak, sum(_pss_kb(p) for p in _tree(self.pid)))

    def stop(self) -> None:
        self._done.set()
        self.join()


def _tree(pid: int) -> list[int]:
    pids, todo = [], [pid]
    while todo:
        p = todo.pop()
        pids.append(p)
        try:
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children") as f:
                    todo.extend(int(c) for c in f.read().split())
        except OSError:  # ended meanwhile
            pass
    return pids


def _pss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            for line in f:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


# ---- the benchmarks ----------------------------------------------------------------------

PART = 10_000  # articles a file: kg reads no input file over 50 MB (10k articles are 48 MB)


def corpus(work: Path, n: int) -> Path:
    """The generated corpus of n articles: one file, or above PART a folder of PART-article files."""
    path = work / f"corpus-{n}.jsonl"
    if not path.exists():
        subprocess.run([sys.executable, str(ROOT / "bench" / "make_corpus.py"), str(n), str(path)], check=True)
    if n <= PART:
        return path
    folder = work / f"corpus-{n}"
    if not folder.is_dir():
        folder.mkdir()
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
        for k in range(0, len(lines), PART):
            (folder / f"part-{k // PART:03d}.jsonl").write_text("".join(lines[k:k + PART]), encoding="utf-8")
    return folder


def commit(rev: str) -> str:
    """The short hash of a commit, branch or tag."""
    return subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", rev], check=True, capture_output=True,
                          text=True).stdout.strip()


def baseline_src(work: Path, rev: str) -> Path:
    """The baseline commit's src/ (and the ontology and shapes it reads), unpacked once (git
    archive) beside the corpora; a branch name is resolved to its commit first, so that a
    moved branch is unpacked again."""
    rev = commit(rev)
    dst = work / f"baseline-{rev}"
    if not (dst / "shapes").exists():
        dst.mkdir(parents=True, exist_ok=True)
        tar = subprocess.run(["git", "-C", str(ROOT), "archive", rev, "src", "ontology", "shapes"],
                             check=True, capture_output=True).stdout
        subprocess.run(["tar", "-x", "-C", str(dst)], input=tar, check=True)
    return dst / "src"


def bench_extract(work: Path, rev: str, repeat: int, rounds: int = 3) -> list[dict]:
    """Each set: this code and the baseline in turn, `rounds` runs each, a fresh process a run;
    the best run of each side counts (the machine's speed drifts by ±10 % over minutes, so
    alternating gives both sides the same chances, and the best is the least disturbed)."""
    sets = {"NER set (299)": [str(SHARED / "ner" / "news.jsonl")], "dev corpus (14)": [str(SHARED / "corpus")],
            "generated 1k": [str(corpus(work, 1000))]}
    rows = []
    rev = commit(rev)  # the rows name the commit, also when given a branch
    base = baseline_src(work, rev)
    for name, paths in sets.items():
        n = str(repeat if name != "generated 1k" else 1)  # 1,000 articles are a long enough pass
        runs: dict[str, list[dict]] = {"ours": [], "theirs": []}
        for _ in range(rounds):
            runs["ours"].append(measure(["_extract", n, *paths]))
            runs["theirs"].append(measure(["_extract", n, *paths], env={"PYTHONPATH": str(base)}))
        ours, theirs = (min(runs[side], key=lambda r: r["cpu_s"]) for side in ("ours", "theirs"))
        assert theirs["code"].startswith(str(base)), theirs["code"]
        rows.append({"bench": "extract", "set": name, "chars": round(ours["chars"]), "baseline": rev,
                     "baseline_per_s": round(theirs["per_s_core"], 1), "ours_per_s": round(ours["per_s_core"], 1),
                     "speedup": round(ours["per_s_core"] / theirs["per_s_core"], 2)})
        print(f"| extraction, {name}, {rows[-1]['chars']} chars/article | {rows[-1]['baseline_per_s']} art/s/core "
              f"| {rows[-1]['ours_per_s']} art/s/core | x{rows[-1]['speedup']} |", flush=True)
    return rows


def bench_build(work: Path, sizes: list[int], until: str, jobs: int, cache: str = "",
                against: str | None = None) -> list[dict]:
    """Whole builds; with `against` (a commit), the same build with that commit's code right
    after each of ours. `cache`: an extraction cache both share (warm after the first run),
    to compare the stages after extraction without paying for it twice."""
    rows = []
    for n in sizes:
        path = corpus(work, n)
        runs = [("ours", None)]
        if against:
            runs.append((against, {"PYTHONPATH": str(baseline_src(work, against))}))
        for label, env in runs:
            with tempfile.TemporaryDirectory(dir=work) as out:
                r = measure(["_build", str(path), out, until, str(jobs), cache], env=env)
            if env:
                assert r["code"].startswith(env["PYTHONPATH"]), r["code"]
            r.update(bench="build", size=n, until=until, jobs=jobs, code_label=label, cache=bool(cache))
            rows.append(r)
            stages = ", ".join(f"{k} {v:.1f} ({r['cpu'][k]:.1f} cpu)" for k, v in r["stages"].items())
            if "total" in r["cpu"]:
                stages += f"; {r['cpu']['total']:.1f} cpu s in all"
            print(f"| {n} articles, {label}, --jobs {jobs}, up to {until}{', warm cache' if cache else ''} "
                  f"| {r['wall_s']:.1f} s | {r['maxrss_mb']:.0f} MB max RSS, {r['peak_pss_mb']:.0f} MB peak PSS of all processes | {r.get('triples', '-')} triples "
                  f"| {r.get('conforms', '-')} | {stages} |", flush=True)
    return rows


def bench_incremental(work: Path, n: int, until: str) -> list[dict]:
    """A build with an empty cache, the same again with one article changed (as `kg build
    --cache` runs it: patched where kg.engine.incremental can), and a build of the changed
    corpus without a cache, the plain full build."""
    path = corpus(work, n)
    with tempfile.TemporaryDirectory(dir=work) as tmp:
        cache, changed = Path(tmp) / "cache", Path(tmp) / "changed.jsonl"
        full = measure(["_build", str(path), tmp, until, "1", str(cache)])
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
        rec = json.loads(lines[n // 2])
        rec["text"] += "\nÔng Nguyễn Văn Bench, Chủ tịch UBND tỉnh Lào Cai, dự buổi làm việc."  # invented
        lines[n // 2] = json.dumps(rec, ensure_ascii=False) + "\n"
        changed.write_text("".join(lines), encoding="utf-8")
        inc = measure(["_build", str(changed), tmp, until, "1", str(cache)])
        plain = measure(["_build", str(changed), str(Path(tmp) / "plain"), until, "1", ""])
    rows = []
    for name, r in (("full, empty cache", full), ("one article changed", inc), ("full, no cache", plain)):
        r.update(bench="incremental", size=n, case=name, until=until)
        rows.append(r)
        stages = ", ".join(f"{k} {v:.2f}" for k, v in r["stages"].items() if v >= 0.005)
        print(f"| {n} articles, {name}{' (patched)' if r.get('patched') else ''} | "
              f"{r['extracted']} extracted, {r['cached']} cached | {stages} "
              f"| total {r['wall_s']:.2f} s, {r['cpu'].get('total', sum(r['cpu'].values())):.2f} cpu s "
              f"| {r['maxrss_mb']:.0f} MB max RSS, {r['peak_pss_mb']:.0f} MB peak PSS |", flush=True)
    print(f"| one article changed / full build, empty cache | {100 * inc['wall_s'] / full['wall_s']:.1f} % |")
    print(f"| one article changed / full build, no cache | {100 * inc['wall_s'] / plain['wall_s']:.1f} % |")
    return rows


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "_extract":
        print(json.dumps(child_extract(int(sys.argv[2]), sys.argv[3:])))
        return
    if len(sys.argv) > 1 and sys.argv[1] == "_merge":
        print(json.dumps(child_merge(sys.argv[2], int(sys.argv[3]))))
        return
    if len(sys.argv) > 1 and sys.argv[1] == "_build":
        inp, out, until, jobs, cache = sys.argv[2:7]
        print(json.dumps(child_build(inp, out, until, int(jobs), cache or None)), flush=True)
        # the whole build ends as `kg build` does (kg.cli.app.leave): the process goes without
        # freeing the build's objects one by one, which the wall time would otherwise include
        os._exit(0)
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("what", choices=["extract", "build", "incremental", "jobs", "merge", "all"])
    ap.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "kg-bench")
    ap.add_argument("--baseline", default=BASELINE)
    ap.add_argument("--repeat", type=int, default=3, help="extract: passes per run over the smaller sets (best counts)")
    ap.add_argument("--rounds", type=int, default=3, help="extract: runs of each side, in turn (best counts)")
    ap.add_argument("--sizes", default="1000,10000")
    ap.add_argument("--size", type=int, default=10000)
    ap.add_argument("--until", choices=STAGES, default="export-graphml")
    ap.add_argument("--jobs", type=int, default=1)
    ap.add_argument("--against", help="build: also time this commit's code on each corpus, same run")
    ap.add_argument("--cache", type=Path, help="build: an extraction cache folder (warm after first use)")
    a = ap.parse_args()
    a.work.mkdir(parents=True, exist_ok=True)
    rows: list[dict] = []
    if a.what in ("extract", "all"):
        rows += bench_extract(a.work, a.baseline, a.repeat, a.rounds)
    if a.what in ("build", "all"):
        rows += bench_build(a.work, [int(s) for s in a.sizes.split(",")], a.until, a.jobs,
                            str(a.cache) if a.cache else "", a.against)
    if a.what in ("incremental", "all"):
        rows += bench_incremental(a.work, a.size, a.until)
    if a.what in ("jobs", "all"):
        for j in (1, 2):
            rows += bench_build(a.work, [a.size], "extract", j)
    if a.what in ("merge", "all"):
        r = measure(["_merge", str(corpus(a.work, a.size)), str(a.jobs)])
        r.update(bench="merge", size=a.size)
        rows.append(r)
        per = (r["after_resolve_mb"] + r["resolve_peak_extra_mb"]) / r["entities"] * 1e6 / 1024
        print(f"| merge of {a.size} articles: {r['entities']} entities, {r['mentions']} mentions | extractions "
              f"{r['extractions_mb']:.0f} MB, resolve peak +{r['resolve_peak_extra_mb']:.0f} MB | "
              f"≈ {per:.1f} GB per million entities at this mix |", flush=True)
    with (a.work / "results.jsonl").open("a", encoding="utf-8") as f:
        for r in rows:
            f.write(json.dumps({**r, "at": time.strftime("%Y-%m-%dT%H:%M:%S")}) + "\n")


if __name__ == "__main__":
    main()
