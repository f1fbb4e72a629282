"""`kg entities`, `kg explain` and `kg diff` on builds of the real dev corpus."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import build, run_kg, shared

pytestmark = pytest.mark.slow


def _records(out: Path) -> dict[str, dict]:
    return {r["iri"]: r for r in map(json.loads, (out / "resolution.jsonl").read_text("utf-8").splitlines())}


@pytest.fixture(scope="module")
def base(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("base")
    build([shared("corpus")], out)
    return out


@pytest.fixture(scope="module")
def picks(base) -> dict:
    """Two organizations named in several articles, and one named with diacritics in one word."""
    recs = _records(base)
    orgs = sorted((-len(r["articles"]), r["name"], i) for i, r in recs.items() if r["type"] == "Organization")
    return {"a": orgs[0][2], "b": orgs[1][2], "c": orgs[2][2], "recs": recs}


@pytest.fixture(scope="module")
def curated(base, picks, tmp_path_factory) -> Path:
    """a and b merged; c renamed to a's name, so that name becomes ambiguous."""
    tmp = tmp_path_factory.mktemp("cur")
    cur = tmp / "c.yaml"
    a_name = picks["recs"][picks["a"]]["name"]
    cur.write_text(json.dumps({"rules": [{"merge": [picks["a"], picks["b"]]},
                                         {"rename": picks["c"], "name": a_name}]}, ensure_ascii=False), "utf-8")
    out = tmp / "out"
    res = run_kg("build", shared("corpus"), "--out", out, "--curation", cur, "--quiet")
    assert res.returncode == 0, res.stderr
    return out


def test_entities_search_with_or_without_diacritics(base):
    with_marks = run_kg("entities", base / "graph.ttl", "--type", "Organization", "--search", "nội chính", "--json")
    without = run_kg("entities", base / "graph.ttl", "--type", "Organization", "--search", "noi chinh", "--json")
    assert with_marks.returncode == 0 and without.returncode == 0
    rows = json.loads(with_marks.stdout)
    assert rows and rows == json.loads(without.stdout)
    assert all(r["type"] == "Organization" for r in rows)
    assert all("noi chinh" in " ".join([r["name"], *r["aliases"], *(f["form"] for f in r["forms"])]).lower()
               .replace("ộ", "o").replace("í", "i") for r in rows)
    # forms come from resolution.jsonl, each with the join that put it there
    assert all(f["joins"] for r in rows for f in r["forms"])
    text = run_kg("entities", base / "graph.ttl", "--type", "organization", "--search", "noi chinh")
    assert text.returncode == 0 and f"{len(rows)} entit" in text.stdout


def test_entities_counts_articles_and_refuses_unknown_type(base, picks):
    rows = json.loads(run_kg("entities", base / "graph.ttl", "--json").stdout)
    by_iri = {r["iri"]: r for r in rows}
    assert set(by_iri) == set(picks["recs"])
    assert by_iri[picks["a"]]["articles"] == len(picks["recs"][picks["a"]]["articles"]) >= 2
    res = run_kg("entities", base / "graph.ttl", "--type", "Animal")
    assert res.returncode == 2 and res.stderr.startswith("error: unknown type 'Animal'")


def test_explain_lists_facts_with_sources_and_rules(base, picks):
    name = picks["recs"][picks["a"]]["name"]
    res = run_kg("explain", base / "graph.ttl", name, "--json")
    assert res.returncode == 0, res.stderr
    out = json.loads(res.stdout)
    assert out["iri"] == picks["a"] and out["name"] == name and out["forms"]
    assert out["facts"]
    for fact in out["facts"]:
        assert fact["sources"], fact
        for s in fact["sources"]:
            start, end = map(int, s["span"].split("-"))
            assert s["headline"] and s["text"] and end - start == len(s["text"])
    assert any(f["rules"] for f in out["facts"])
    # a fact by its IRI shows that one fact
    one = out["facts"][0]["iri"]
    res = run_kg("explain", base / "graph.ttl", one)
    assert res.returncode == 0 and "facts: 1" in res.stdout and out["facts"][0]["fact"] in res.stdout
    # the text form names article, date and offsets
    res = run_kg("explain", base / "graph.ttl", picks["a"])
    assert res.returncode == 0 and name in res.stdout and out["facts"][0]["sources"][0]["span"] in res.stdout


def test_explain_ambiguous_name_lists_candidates_and_exits_2(curated, picks):
    name = picks["recs"][picks["a"]]["name"]
    res = run_kg("explain", curated / "graph.ttl", name)
    assert res.returncode == 2
    assert "names 2 entities" in res.stderr
    short = lambda i: "id:" + i.split("/id/", 1)[1]  # noqa: E731
    assert short(picks["a"]) in res.stderr and short(picks["c"]) in res.stderr
    res = run_kg("explain", curated / "graph.ttl", "No Such Entity Anywhere")
    assert res.returncode == 2 and "no entity or fact" in res.stderr


def test_diff_shows_merge_rename_and_moved_facts(base, curated, picks):
    res = run_kg("diff", base / "graph.ttl", curated / "graph.ttl", "--json")
    assert res.returncode == 0, res.stderr
    d = json.loads(res.stdout)
    assert d["entities"]["merged"] == [{"old": sorted([picks["a"], picks["b"]]), "new": picks["a"],
                                        "name": picks["recs"][picks["a"]]["name"]}]
    assert {"iri": picks["c"], "old": picks["recs"][picks["c"]]["name"],
            "new": picks["recs"][picks["a"]]["name"]} in d["entities"]["renamed"]
    assert not d["entities"]["added"] and not d["entities"]["removed"]
    b_name = picks["recs"][picks["b"]]["name"]
    assert d["facts"]["removed"] and all(b_name in f or picks["recs"][picks["c"]]["name"] in f
                                         for f in d["facts"]["removed"])
    text = run_kg("diff", base / "graph.ttl", curated / "graph.ttl")
    assert text.returncode == 0 and text.stdout.count("merged: ") == 1 and "renamed: " in text.stdout
    same = run_kg("diff", base / "graph.ttl", base / "graph.ttl")
    assert same.returncode == 0 and same.stdout.rstrip().endswith("no changes")


def test_diff_shows_split_drop_and_retype(base, picks, tmp_path):
    recs = picks["recs"]
    a = recs[picks["a"]]
    person = sorted(i for i, r in recs.items() if r["type"] == "Person")[0]
    cur = tmp_path / "c.yaml"
    cur.write_text(json.dumps({"rules": [
        {"split": picks["a"], "parts": [{"name": "Part Of It", "articles": [a["articles"][0]]}]},
        {"drop": picks["b"]}, {"retype": person, "type": "Place"}]}, ensure_ascii=False), "utf-8")
    out = tmp_path / "out"
    assert run_kg("build", shared("corpus"), "--out", out, "--curation", cur, "--quiet").returncode == 0
    d = json.loads(run_kg("diff", base / "graph.ttl", out / "graph.ttl", "--json").stdout)
    part = next(i for i, r in _records(out).items() if r["name"] == "Part Of It")
    assert d["entities"]["split"] == [{"old": picks["a"], "new": sorted([picks["a"], part]),
                                       "names": [r["name"] for r in sorted(
                                           [a, {"iri": part, "name": "Part Of It"}], key=lambda r: r["iri"])]}]
    assert d["entities"]["removed"] == [{"iri": picks["b"], "type": "Organization", "name": recs[picks["b"]]["name"]}]
    moved = d["entities"]["reidentified"]
    assert len(moved) == 1 and moved[0]["old"] == person and moved[0]["type"] == "Place"


def test_diff_of_unreadable_graph_is_exit_2(tmp_path, base):
    bad = tmp_path / "bad.ttl"
    bad.write_text("this is not turtle <", encoding="utf-8")
    res = run_kg("diff", bad, base / "graph.ttl")
    assert res.returncode == 2 and res.stderr.startswith("error: ") and "Traceback" not in res.stderr


def test_corrupt_resolution_file_is_exit_2(tmp_path, base):
    (tmp_path / "graph.ttl").write_bytes((base / "graph.ttl").read_bytes())
    (tmp_path / "resolution.jsonl").write_text('{"iri": "x"}\nnot json\n', encoding="utf-8")
    res = run_kg("entities", tmp_path / "graph.ttl")
    assert res.returncode == 2 and "resolution.jsonl:2: not a resolution record" in res.stderr


def test_entities_without_resolution_file_lists_aliases(tmp_path, base, picks):
    (tmp_path / "graph.ttl").write_bytes((base / "graph.ttl").read_bytes())
    rows = {r["iri"]: r for r in json.loads(run_kg("entities", tmp_path / "graph.ttl", "--json").stdout)}
    assert set(rows) == set(picks["recs"])
    assert all(r["forms"] == [] for r in rows.values())
    assert rows[picks["a"]]["aliases"] == picks["recs"][picks["a"]]["aliases"]
