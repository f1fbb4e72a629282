"""Faults: a real `kg build` killed with SIGKILL at many moments never leaves a partial file.

The input is the seed interview of the shared corpus. The out folder starts with the outputs of another build (the bundled example). Each kill
lands either at a seeded random delay over the whole build (reading, extracting, validating,
writing) or just after a temporary output file appears (writing). Afterwards each output
name holds either its previous bytes (or is still absent, when the folder started empty)
or the complete new bytes (each file is renamed into
place whole), and nothing but hidden `.tmp` files of the killed writer is added. The next
build removes those `.tmp` files (their writer is dead) and leaves a live writer's alone.
"""
from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from rhelpers import ROOT, SHARED, proc, snapshot

FORMATS = ("ttl", "nt", "graphml")
TIMED_KILLS = 12
WRITE_KILLS = 8


def _cmd(inputs: Path, out: Path) -> list[str]:
    script = Path(sys.executable).parent / "kg"
    kg = [str(script)] if script.exists() else [sys.executable, "-m", "kg.cli"]
    return [*kg, "build", str(inputs), "--out", str(out), "--quiet",
            *[a for f in FORMATS for a in ("--format", f)]]


def _build(inputs: Path, out: Path) -> float:
    start = time.monotonic()
    res = subprocess.run(_cmd(inputs, out), capture_output=True, text=True, cwd=ROOT, timeout=600)
    assert res.returncode == 0, res.stderr
    return time.monotonic() - start


def _kill_after(inputs: Path, out: Path, delay: float | None, jitter: float) -> str:
    """Start a build, SIGKILL it after `delay` s (or once a .tmp appears, plus jitter)."""
    p = subprocess.Popen(_cmd(inputs, out), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT)
    start = time.monotonic()
    try:
        if delay is not None:
            try:
                p.wait(timeout=delay)
                return "finished"
            except subprocess.TimeoutExpired:
                pass
        else:
            while p.poll() is None:
                if any(n.endswith(".tmp") for n in os.listdir(out)):
                    time.sleep(jitter)
                    break
                time.sleep(0.0005)
                if time.monotonic() - start > 300:
                    break
            if p.poll() is not None:
                return "finished"
        p.send_signal(signal.SIGKILL)
    finally:
        p.wait()
    return "killed"


@pytest.mark.slow
def test_sigkill_never_leaves_a_partial_file(tmp_path: Path) -> None:
    corpus = SHARED / "corpus" / "vov-son-la-pctn-interview.txt"  # one article: keeps 22 builds short
    if not corpus.exists():
        pytest.skip(f"{corpus} not found: this test needs the shared corpus beside the repo")
    previous_out = tmp_path / "previous"
    _build(ROOT / "examples", previous_out)
    before = snapshot(previous_out)
    full_out = tmp_path / "full"
    duration = _build(corpus, full_out)
    after = snapshot(full_out)
    assert set(before) == set(after) and all(before[n] != after[n] for n in before)

    rng = random.Random(20261126)
    plans = [(rng.uniform(0.05, duration * 1.05), 0.0) for _ in range(TIMED_KILLS)]
    plans += [(None, rng.choice([0.0, 0.0005, 0.002, 0.01, 0.03])) for _ in range(WRITE_KILLS)]
    seen = {"old": 0, "new": 0, "mixed": 0, "tmp-left": 0, "finished": 0}
    strays: list[Path] = []
    out = tmp_path / "out"
    for i, (delay, jitter) in enumerate(plans):
        if out.exists():
            shutil.rmtree(out)
        fresh = i % 4 == 3  # every fourth run starts with no previous outputs at all
        if fresh:
            out.mkdir()
        else:
            shutil.copytree(previous_out, out)
        prev = {} if fresh else before
        if _kill_after(corpus, out, delay, jitter) == "finished":
            seen["finished"] += 1
        now = snapshot(out)
        tmps = [n for n in now if n.endswith(".tmp")]
        assert all(n.startswith(".") for n in tmps), f"kill {i}: visible temporary file {tmps}"
        finals = {n: b for n, b in now.items() if n not in tmps}
        assert set(prev) <= set(finals) <= set(after), f"kill {i}: files {sorted(finals)}"
        states = set()
        for name, data in finals.items():
            assert data in (prev.get(name), after[name]), f"kill {i} (delay {delay}): {name} is partial"
            states.add("old" if data == prev.get(name) else "new")
        if len(finals) < len(after):
            states.add("old")  # absent, as before
        seen["mixed" if len(states) > 1 else states.pop()] += 1
        if tmps:
            seen["tmp-left"] += 1
            keep = tmp_path / "strays"
            keep.mkdir(exist_ok=True)
            for n in tmps:
                strays.append(Path(shutil.copy2(out / n, keep / f"{i}-{n}")))
    print(f"\nSIGKILL over a {duration:.2f}s build: {len(plans)} runs, {seen}")
    # the kills covered both the work before writing and the writing itself
    assert seen["old"] >= 3, seen
    assert seen["tmp-left"] + seen["mixed"] >= 1, seen

    # the next build cleans what killed writers left, and only that
    out = tmp_path / "again"
    shutil.copytree(previous_out, out)
    dead = subprocess.Popen(["true"])
    dead.wait()
    left = [out / f".graph.ttl.{dead.pid}.deadbeef.tmp", out / f".graph.nt.{dead.pid}.x1.tmp"]
    left += [out / s.name.split("-", 1)[1] for s in strays]
    for f in left:
        f.write_bytes(b"half a file")
    live = out / f".graph.ttl.{os.getpid()}.live.tmp"
    live.write_bytes(b"someone else is writing")
    _build(corpus, out)
    assert {n: b for n, b in snapshot(out).items() if n != live.name} == after
    assert live.exists()


def test_stale_temp_removed_by_the_next_build_in_process(tmp_path: Path) -> None:
    """Quick version of the cleanup, on the bundled example."""
    out = tmp_path / "out"
    out.mkdir()
    dead = subprocess.Popen(["true"])
    dead.wait()
    stale = out / f".graph.graphml.{dead.pid}.abc.tmp"
    stale.write_bytes(b"<graphml")
    other = out / "notes.tmp"  # not ours: untouched
    other.write_bytes(b"x")
    res = proc("build", ROOT / "examples", "--out", out, "--quiet")
    assert res.code == 0, res.err
    assert not stale.exists() and other.exists()


def test_stale_neo4j_temp_folder_removed_by_the_next_build(tmp_path: Path) -> None:
    out = tmp_path / "out"
    stale = out / ".graph.neo4j.k1ll3d.tmp"
    stale.mkdir(parents=True)
    (stale / "nodes_Person.csv").write_bytes(b"half")
    res = proc("build", ROOT / "examples", "--out", out, "--quiet", "--format", "neo4j")
    assert res.code == 0, res.err
    assert not stale.exists()
