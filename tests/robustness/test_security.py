"""Security: article text never becomes code, a path or a foreign IRI.

- src/ has no eval/exec, no shell, no unpickling, no unsafe YAML (checked on the syntax tree,
  so comments and strings neither hide nor fake a call; the checker is itself tested);
- data IRIs are minted through one fixed encoding: whatever the id, the IRI stays under
  the id: namespace, matches a strict pattern and has no '.'/'..' segment to resolve away;
- output paths never come from article ids: ids like '../../etc/x' or '/abs' write nothing
  outside the output folder, and the folder holds exactly graph.<suffix> per format.
"""
from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import Graph, URIRef

from kg.export import EXPORTERS
from kg.export.terms import iri as iri_text
from kg.map import iri
from rhelpers import ALL_FORMATS, BODY, HEADLINE, IRI_OK, PRIVATE_DIRS, ROOT, assert_built, build, write

SRC = ROOT / "src" / "kg"

_BAD_NAMES = {"eval", "exec", "compile", "__import__"}
_BAD_ATTRS = {("os", "system"), ("os", "popen"), ("pickle", "load"), ("pickle", "loads"),
              ("marshal", "load"), ("marshal", "loads"), ("yaml", "load"), ("yaml", "unsafe_load"),
              ("shelve", "open"), ("os", "execv"), ("os", "execvp"), ("os", "spawnl")}


def dangerous_calls(source: str) -> list[str]:
    """The dangerous calls in Python source: eval/exec, os.system, shell=True, pickle.loads..."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        if isinstance(func, ast.Name) and func.id in _BAD_NAMES:
            found.append(f"line {node.lineno}: {func.id}()")
        if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) \
                and (func.value.id, func.attr) in _BAD_ATTRS:
            found.append(f"line {node.lineno}: {func.value.id}.{func.attr}()")
        for kw in node.keywords:
            if kw.arg == "shell" and not (isinstance(kw.value, ast.Constant) and kw.value.value is False):
                found.append(f"line {node.lineno}: shell=...")
    return found


@pytest.mark.parametrize("snippet", [
    "eval(x)", "exec('1')", "import os\nos.system(cmd)", "subprocess.run(c, shell=True)",
    "pickle.loads(b)", "yaml.load(f)", "__import__(name)", "os.popen('ls')",
])
def test_the_checker_catches_each_pattern(snippet: str) -> None:
    assert dangerous_calls(snippet)


def test_the_checker_ignores_comments_strings_and_safe_calls() -> None:
    assert not dangerous_calls("# eval(x)\ns = 'os.system(1)'\nyaml.safe_load(f)\nsubprocess.run(c, shell=False)")


def test_src_has_no_eval_exec_shell_or_unpickling() -> None:
    files = sorted(SRC.rglob("*.py"))
    assert len(files) > 20
    found = {str(f.relative_to(ROOT)): calls for f in files
             if (calls := dangerous_calls(f.read_text(encoding="utf-8")))}
    assert not found, found


def test_src_grep_agrees() -> None:
    """The same, as a plain text search, so a call built oddly (getattr...) still shows up."""
    needles = ("eval(", "exec(", "os.system", "shell=True", "pickle.load", "yaml.load(", "os.popen")
    hits = [f"{f.relative_to(ROOT)}:{n}: {line.strip()}"
            for f in sorted(SRC.rglob("*.py"))
            for n, line in enumerate(f.read_text(encoding="utf-8").splitlines(), 1)
            if any(x in line for x in needles) and not line.lstrip().startswith("#")]
    assert not hits, hits


# --- IRIs ---------------------------------------------------------------------------------

_ids = st.text(min_size=1, max_size=200)


def _strict(value: str) -> None:
    assert IRI_OK.fullmatch(value), value
    segments = value[len("https://w3id.org/kg-vn/id/"):].split("/")
    assert "." not in segments and ".." not in segments, value


@settings(max_examples=100, deadline=None)
@given(_ids)
def test_entity_and_event_iris_are_strict(ident: str) -> None:
    for minted in (iri.entity(ident), iri.event(ident), iri.article(ident), iri.role(ident)):
        _strict(str(minted))


@settings(max_examples=60, deadline=None)
@given(_ids, _ids)
def test_distinct_ids_give_distinct_iris(a: str, b: str) -> None:
    if a != b:
        assert iri.entity(a) != iri.entity(b)
        assert iri.article(a) != iri.article(b)


@settings(max_examples=60, deadline=None)
@given(_ids)
def test_minted_iris_read_back_unchanged(ident: str) -> None:
    node = iri.entity(ident)
    g = Graph().parse(data=f"{iri_text(str(node))} {iri_text(str(node))} {iri_text(str(node))} .", format="nt")
    assert list(g) == [(node, node, node)]


@pytest.mark.parametrize("ident", ["../../etc/passwd", "/abs", "a/./b", "..", ".", "a//b", "%2e%2e",
                                   "x/../../../y"])
def test_dot_segments_cannot_climb_out(ident: str) -> None:
    for minted in (iri.entity(ident), iri.event(ident)):
        _strict(str(minted))
        assert URIRef(str(minted)).startswith("https://w3id.org/kg-vn/id/")


# --- output paths -------------------------------------------------------------------------

PATHY_IDS = ["../../etc/x", "/abs/path", "a/b", "nul\x00byte", "..\\..\\win", "~/home", "graph",
             ".hidden", "graph.ttl", "con", "-rf", "$(touch pwned)", "`touch pwned`", "; rm -rf /"]


@pytest.mark.parametrize("ident", PATHY_IDS)
def test_article_ids_never_become_paths(tmp_path: Path, ident: str) -> None:
    inbox = tmp_path / "deep" / "er" / "in"
    src = write(inbox / "news.jsonl", json.dumps({"id": ident, "title": HEADLINE, "text": BODY}) + "\n")
    out = tmp_path / "deep" / "er" / "out"
    before = {p for p in tmp_path.rglob("*")}
    args = [a for fmt in ALL_FORMATS for a in ("--format", fmt)]
    assert_built(build(src, out, *args), out, ALL_FORMATS)
    new = {p for p in tmp_path.rglob("*")} - before
    assert all(out in p.parents or p == out for p in new), sorted(map(str, new))
    names = {p.name for p in out.iterdir() if p.name not in PRIVATE_DIRS}
    assert names == {f"graph{EXPORTERS[f].suffix}" for f in ALL_FORMATS}
    assert not (Path.cwd() / "pwned").exists() and not (ROOT / "pwned").exists()


@pytest.mark.parametrize("stem", ["..", "-rf", "$(touch pwned)", "a b", "ý kiến; rm", "graph"])
def test_txt_file_names_never_become_paths(tmp_path: Path, stem: str) -> None:
    src = write(tmp_path / "in" / f"{stem}.txt", HEADLINE + "\n" + BODY + "\n")
    out = tmp_path / "out"
    assert_built(build(src, out), out)
    assert sorted(p.name for p in out.iterdir() if p.name not in PRIVATE_DIRS) == ["graph.graphml", "graph.ttl"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in", "out"]
