"""Shared checks of the robustness suite: run the real `kg build` (in process through click's
CliRunner, or as a real process), then assert what a newsroom relies on: the exit code, one
clean line of error naming the file, never a traceback, never a partial or stray output file.

Named rhelpers (not conftest) so it does not shadow tests/conftest.py on sys.path.
"""
from __future__ import annotations

import csv
import io
import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

import networkx as nx
from click.testing import CliRunner
from hypothesis import settings
from rdflib import Dataset, Graph

from kg.cli import main
from kg.export import EXPORTERS

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared"

# CI gets the same examples on every run; a developer's run explores new ones.
settings.register_profile("kg-ci", derandomize=True, deadline=None, print_blob=True)
settings.register_profile("kg-dev", deadline=None)
settings.load_profile("kg-ci" if os.environ.get("CI") else "kg-dev")

# A small invented article that gives persons, an organization, a place and a post.
HEADLINE = "Bộ Tài chính làm việc với tỉnh Hà Tĩnh"
BODY = ("Ông Nguyễn Văn An, Bộ trưởng Bộ Tài chính, đã làm việc với Ủy ban nhân dân tỉnh Hà Tĩnh "
        "ngày 12/3/2024. Bà Trần Thị Bình, Phó Chủ tịch Ủy ban nhân dân tỉnh Hà Tĩnh, báo cáo.")
ARTICLE = HEADLINE + "\n" + BODY + "\n"

ALL_FORMATS = tuple(sorted(EXPORTERS))
RDF_PARSERS = {"ttl": "turtle", "nt": "nt", "nq": "nquads", "trig": "trig", "jsonld": "json-ld"}


@dataclass
class Run:
    """What one `kg build` gave: exit code, stdout, stderr, and how it was run."""

    code: int
    out: str
    err: str
    how: str


def cli(*args: str | Path) -> Run:
    """`kg ARGS` in this process; an exception that escaped the CLI fails the test."""
    res = CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=True)
    if res.exception is not None and not isinstance(res.exception, SystemExit):
        import traceback
        tb = "".join(traceback.format_exception(res.exception))
        raise AssertionError(f"kg {' '.join(map(str, args))} raised:\n{tb}")
    return Run(res.exit_code, res.stdout, res.stderr, "cli")


def proc(*args: str | Path, env: dict[str, str] | None = None) -> Run:
    """`kg ARGS` as a real process."""
    script = Path(sys.executable).parent / "kg"
    cmd = [str(script)] if script.exists() else [sys.executable, "-m", "kg.cli"]
    res = subprocess.run([*cmd, *map(str, args)], capture_output=True, text=True, encoding="utf-8",
                         errors="replace", cwd=ROOT, env={**os.environ, **(env or {})}, timeout=600)
    return Run(res.returncode, res.stdout, res.stderr, "proc")


def build(inputs: list[Path] | Path, out: Path, *extra: str, real: bool = False) -> Run:
    """`kg build INPUTS --out OUT --quiet EXTRA`, in process or (real=True) as a process."""
    inputs = [inputs] if isinstance(inputs, Path) else inputs
    return (proc if real else cli)("build", *inputs, "--out", out, "--quiet", *extra)


# folders kg keeps inside OUT for itself (an extraction cache), not outputs
PRIVATE_DIRS = {".kg-cache"}


def _private(rel: Path) -> bool:
    return bool(rel.parts) and rel.parts[0] in PRIVATE_DIRS


def snapshot(out: Path) -> dict[str, bytes]:
    """Every output file under OUT (hidden ones too), by relative path, with its bytes."""
    if not out.exists():
        return {}
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*"))
            if p.is_file() and not _private(p.relative_to(out))}


def assert_clean_stderr(run: Run) -> None:
    """No traceback, no 'internal error' (a bug that reached the CLI's last resort)."""
    assert "Traceback" not in run.err, run.err
    assert "internal error" not in run.err, run.err


def assert_refused(run: Run, *names: str, out: Path, before: dict[str, bytes]) -> str:
    """Exit 2, one `error:` line naming each of NAMES, and OUT exactly as it was before."""
    assert_clean_stderr(run)
    assert run.code == 2, f"expected exit 2, got {run.code}\nstdout: {run.out}\nstderr: {run.err}"
    errors = [line for line in run.err.splitlines() if line.startswith("error: ")]
    assert len(errors) == 1, run.err
    for name in names:
        assert name in errors[0], f"{name!r} not in {errors[0]!r}"
    assert snapshot(out) == before, "a refused build changed the output folder"
    return errors[0]


def assert_built(run: Run, out: Path, formats: tuple[str, ...] = ("ttl", "graphml")) -> dict[str, object]:
    """Exit 0, stray-free OUT with every format's file, each parsed back; returns the parsed ones."""
    assert_clean_stderr(run)
    assert run.code == 0, f"expected exit 0, got {run.code}\nstdout: {run.out}\nstderr: {run.err}"
    assert_no_stray(out)
    return {fmt: parse_back(out / f"graph{EXPORTERS[fmt].suffix}", fmt) for fmt in formats}


def assert_no_stray(out: Path) -> None:
    """No temporary file anywhere under OUT, no hidden file among the outputs."""
    strays = [str(p.relative_to(out)) for p in out.rglob("*")
              if p.name.endswith(".tmp") or (p.name.startswith(".") and not _private(p.relative_to(out)))]
    assert not strays, f"stray files in {out}: {strays}"


def parse_back(path: Path, fmt: str) -> object:
    """Parse one output file with an independent reader for its format; fails on any error."""
    assert path.exists(), f"{path} was not written"
    if fmt in ("nq", "trig"):
        ds = Dataset()
        ds.parse(path, format=RDF_PARSERS[fmt])
        return ds
    if fmt in RDF_PARSERS:
        return Graph().parse(path, format=RDF_PARSERS[fmt])
    if fmt == "graphml":
        ET.parse(path)  # well-formed XML, nothing smuggled in as markup
        return nx.read_graphml(path)
    if path.is_dir() or fmt.startswith("neo4j") or fmt == "csv":
        files = sorted(path.rglob("*.csv")) if path.is_dir() else [path]
        return {f.name: list(csv.reader(io.StringIO(f.read_text(encoding="utf-8")))) for f in files}
    text = path.read_text(encoding="utf-8")  # other formats: at least complete UTF-8 text
    if fmt == "json":
        return json.loads(text)
    if fmt == "cypher":
        check_cypher(text)
    return text


_CYPHER_QUOTED = re.compile(r"'(?:[^'\\\n]|\\.)*'|`[^`\n]*`")


def check_cypher(text: str) -> None:
    """Every line a comment or one statement; with its literals and backquoted names taken
    out, no second statement, comment or destructive clause is left: text stayed data."""
    for number, line in enumerate(text.split("\n"), start=1):
        if not line or line.startswith("//"):
            continue
        code = _CYPHER_QUOTED.sub("''", line)
        assert code.endswith(";") and code.count(";") == 1, f"line {number}: {line[:200]}"
        assert not re.search(r"\b(DELETE|DETACH|DROP|REMOVE|CALL|LOAD)\b|//|/\*", code), f"line {number}: {line[:200]}"


def write(path: Path, data: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        path.write_text(data, encoding="utf-8")
    else:
        path.write_bytes(data)
    return path


def jsonl(*records: object) -> str:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)


def record(i: int | str, **over: object) -> dict:
    base = {"id": f"a{i}", "title": HEADLINE, "text": BODY}
    base.update(over)
    return base


# strict IRI shape: our namespace, then only unreserved characters, '/' and percent escapes
IRI_OK = re.compile(r"https://w3id\.org/kg-vn/id/(?:[A-Za-z0-9._~/-]|%[0-9A-F]{2})+")
