"""Incremental builds (kg.engine.incremental): a build with --cache after a few articles
changed patches the last build's graph.ttl, graph.graphml and resolution.jsonl, and must
write exactly the bytes a full build of the same articles writes; whatever it cannot
follow goes to the full build, with the same bytes."""
from __future__ import annotations

import json
import re
import pickle
import shutil
from pathlib import Path

import pytest

from conftest import run_kg, shared
from kg.engine.units import article_share, entity_from_parts
from kg.engine.state import FILE
from kg.ingest import read_articles
from kg.map import iri, to_table, with_standard_types
from kg.map.context import TYPE, role_labels
from kg.map.entities import entity_head
from kg.pipeline import build
from kg.resolve import dated_documents, resolve
from kg.triples import Table

OUTPUTS = ("graph.ttl", "graph.graphml", "resolution.jsonl")
# invented for these tests: a person with a post in a body, in a place, and a legal document
ADDED = ("Ông Trần Văn Thử, Phó Chủ tịch UBND tỉnh Hà Giang, chủ trì cuộc họp về Nghị định "
         "15/2020/NĐ-CP tại thành phố Hà Giang.")


def _records(corpus: Path) -> list[dict]:
    return [json.loads(line) for line in (corpus / "news.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()]


def _write(corpus: Path, records: list[dict]) -> None:
    (corpus / "news.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records),
                                       encoding="utf-8")


def _incremental(corpus: Path, out: Path, cache: Path, formats=("ttl", "graphml")):
    return build([corpus], out, formats, cache_dir=cache, incremental=True)


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The dev corpus copied and built once in full with a cache (the state of that build)."""
    tmp = tmp_path_factory.mktemp("incremental")
    shutil.copytree(shared("corpus"), tmp / "corpus")
    result = _incremental(tmp / "corpus", tmp / "out", tmp / "cache")
    assert result.table is not None and (tmp / "cache" / FILE).is_file()
    return tmp


@pytest.fixture
def work(base: Path, tmp_path: Path) -> Path:
    for name in ("corpus", "cache", "out"):
        shutil.copytree(base / name, tmp_path / name)
    return tmp_path


def _same_as_full(work: Path, result, formats=("ttl", "graphml")) -> None:
    """The outputs and summary equal those of a full build of the same corpus, without cache."""
    full = build([work / "corpus"], work / "full", formats)
    for name in [f"graph.{f}" for f in formats] + ["resolution.jsonl"]:
        assert (work / "out" / name).read_bytes() == (work / "full" / name).read_bytes(), name
    assert result.summary() == full.summary()


def _patched(result) -> bool:
    return result.table is None  # a patch keeps no table; a full build does


def test_the_graph_is_the_union_of_shares_heads_and_role_labels():
    """kg.engine.units' claim, on the dev corpus: what incremental builds rest on."""
    articles = read_articles([shared("corpus")])
    from kg.extract import extract
    pristine = [extract(a) for a in articles]
    full = to_table(resolve(pickle.loads(pickle.dumps(pristine))))
    dated = dated_documents(pristine)
    union, parts, titles = Table(), {}, {}
    for ex in pristine:
        share = article_share(ex, dated)
        for s, po in share.triples.items():
            for p, objs in po.items():
                for o in objs:
                    union.add(s, p, o)
        for gid, mine in share.parts.items():
            parts.setdefault(gid, []).extend(mine)
        for role, ts in share.titles.items():
            titles.setdefault(role, set()).update(ts)
    for gid, mine in parts.items():
        for p, objs in entity_head(entity_from_parts(gid, mine)).items():
            for o in objs:
                union.add(iri.entity_text(gid), p, o)
    for role, ts in titles.items():
        for p, objs in role_labels(ts).items():
            for o in objs:
                union.add(role, p, o)
    assert set(with_standard_types(union)) == set(full)
    assert len(full) > 5000


def test_a_changed_article_is_patched_to_the_full_builds_bytes(work: Path):
    recs = _records(work / "corpus")
    recs[5]["text"] += "\n" + ADDED
    _write(work / "corpus", recs)
    result = _incremental(work / "corpus", work / "out", work / "cache")
    assert _patched(result)
    assert (result.extract_stats.extracted, result.extract_stats.cached) == (1, len(recs))
    _same_as_full(work, result)
    assert "Trần Văn Thử" in (work / "out" / "graph.ttl").read_text(encoding="utf-8")


def test_a_deleted_article_takes_its_triples_with_it(work: Path):
    recs = _records(work / "corpus")
    gone = recs.pop(3)
    _write(work / "corpus", recs)
    result = _incremental(work / "corpus", work / "out", work / "cache")
    assert _patched(result)
    _same_as_full(work, result)
    assert iri.article_text(gone["id"]) not in (work / "out" / "graph.ttl").read_text(encoding="utf-8")


def test_an_added_article_and_a_new_headline(work: Path):
    recs = _records(work / "corpus")
    recs[0]["title"] = recs[0]["title"] + " (cập nhật)"
    recs.append({"id": "kg-test-added", "title": "Họp bàn về Nghị định 15/2020/NĐ-CP", "text": ADDED,
                 "url": "https://example.org/kg-test-added", "published": "2024-03-05"})
    _write(work / "corpus", recs)
    result = _incremental(work / "corpus", work / "out", work / "cache")
    assert _patched(result)
    _same_as_full(work, result)


def test_patches_in_a_row_and_back_to_the_start(work: Path, base: Path):
    recs = _records(work / "corpus")
    original = json.loads(json.dumps(recs))
    recs[7]["text"] += "\n" + ADDED
    _write(work / "corpus", recs)
    assert _patched(_incremental(work / "corpus", work / "out", work / "cache"))
    recs.pop(2)
    _write(work / "corpus", recs)
    result = _incremental(work / "corpus", work / "out", work / "cache")
    assert _patched(result)
    _same_as_full(work, result)
    _write(work / "corpus", original)
    result = _incremental(work / "corpus", work / "out", work / "cache")
    assert _patched(result)
    for name in OUTPUTS:
        assert (work / "out" / name).read_bytes() == (base / "out" / name).read_bytes(), name


def test_nothing_changed_writes_nothing_new(work: Path, base: Path):
    result = _incremental(work / "corpus", work / "out", work / "cache")
    assert _patched(result)
    assert result.extract_stats.extracted == 0
    for name in OUTPUTS:
        assert (work / "out" / name).read_bytes() == (base / "out" / name).read_bytes()
    _same_as_full(work, result)


@pytest.mark.parametrize("change", ["reorder", "formats", "outputs edited", "state damaged", "too many"])
def test_what_a_patch_cannot_follow_builds_in_full(work: Path, change: str):
    recs = _records(work / "corpus")
    formats = ("ttl", "graphml")
    if change == "reorder":
        recs[1], recs[2] = recs[2], recs[1]
    elif change == "formats":
        formats = ("ttl",)
    elif change == "outputs edited":
        with (work / "out" / "graph.ttl").open("ab") as f:
            f.write(b"\n")
    elif change == "state damaged":
        (work / "cache" / FILE).write_bytes(b"not a database" * 100)
    elif change == "too many":
        for r in recs[:6]:
            r["text"] += "\n" + ADDED
    _write(work / "corpus", recs)
    result = _incremental(work / "corpus", work / "out", work / "cache", formats)
    assert not _patched(result)
    _same_as_full(work, result, formats)
    if change != "formats":  # the full build left a state: the next unchanged build is a patch
        assert _patched(_incremental(work / "corpus", work / "out", work / "cache", formats))


def test_the_cli_patches_with_cache(work: Path):
    recs = _records(work / "corpus")
    recs[4]["text"] += "\n" + ADDED
    _write(work / "corpus", recs)
    res = run_kg("build", work / "corpus", "--out", work / "out", "--cache", work / "cache")
    assert res.returncode == 0, res.stderr
    full = run_kg("build", work / "corpus", "--out", work / "full")
    assert full.returncode == 0, full.stderr
    # the same summary, but for where the articles' extractions came from
    assert res.stdout.splitlines()[1:4] == full.stdout.splitlines()[1:4]
    for name in OUTPUTS:
        assert (work / "out" / name).read_bytes() == (work / "full" / name).read_bytes()


def test_shacl_over_the_touched_subjects_finds_what_the_whole_graph_does(tmp_path: Path):
    """The patch validates the changed subjects alone, with their objects' classes: planted
    violations on them come out as a validation of the whole graph reports them."""
    from kg.engine.incremental import _validate
    from kg.map.vocab import SCHEMA
    from kg.triples import Lit
    from kg.validate import validate

    table = build([shared("corpus")], tmp_path / "out", ("ttl",)).table
    spo = table.spo
    kinds = {}  # class local name -> a subject of it
    for s, po in spo.items():
        for c in po.get(TYPE, ()):
            kinds.setdefault(c.rsplit("#", 1)[-1], s)
    touched = {kinds[k] for k in ("Person", "Membership", "Article", "Figure", "Statement") if k in kinds}
    touched |= set(list(spo)[:40])
    person = kinds["Person"]
    del spo[person][str(SCHEMA.name)]  # a person without a name
    spo[kinds["Figure"]][str(SCHEMA.value)] = [Lit("many")]  # a figure that is not a number
    full = validate(table)
    assert not full.conforms
    after = Table()
    for s in touched:
        after.add_node(s, {p: list(o) for p, o in spo[s].items()})
    objects = {o for s in touched for objs in spo[s].values() for o in objs if type(o) is str} - touched
    object_types = {o: list(spo[o][TYPE]) for o in objects if o in spo and TYPE in spo[o]}
    mine = _validate(after, touched, object_types)
    expected = [v for v in full.results if v.focus in touched]
    assert len(expected) >= 2
    assert mine.results == expected
    assert mine.conforms is False


@pytest.mark.slow
def test_rounds_of_edits_on_a_generated_corpus(tmp_path: Path):
    """400 generated articles (bench/make_corpus.py, from the real ones): rounds of seeded
    edits (texts added to, years changed, articles deleted and added), each build compared
    with a full build of the same corpus. Years changed move legislation dates, which may
    split documents across articles: those builds run in full, with the same bytes."""
    import random
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
    from make_corpus import generate

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    generate(400, corpus / "news.jsonl", seed=7, source=[shared("corpus")])
    build([corpus], tmp_path / "out", ("ttl", "graphml"), cache_dir=tmp_path / "cache", incremental=True)
    rng = random.Random(11)
    patched = 0
    for round_ in range(4):
        recs = _records(corpus)
        for i in rng.sample(range(len(recs)), 3):
            if rng.random() < 0.5:
                recs[i]["text"] += "\n" + ADDED
            else:
                recs[i]["text"] = re.sub(r"\b20(\d\d)\b", lambda m: f"20{(int(m.group(1)) + 1) % 30:02d}",
                                         recs[i]["text"], count=2)
        del recs[rng.randrange(len(recs))]
        recs.insert(rng.randrange(len(recs)), {"id": f"kg-test-{round_}", "title": "Họp về Nghị định 15/2020/NĐ-CP",
                                               "text": ADDED, "published": "2024-03-05"})
        _write(corpus, recs)
        result = build([corpus], tmp_path / "out", ("ttl", "graphml"), cache_dir=tmp_path / "cache",
                       incremental=True)
        patched += _patched(result)
        full = build([corpus], tmp_path / f"full{round_}", ("ttl", "graphml"))
        for name in OUTPUTS:
            assert (tmp_path / "out" / name).read_bytes() == (tmp_path / f"full{round_}" / name).read_bytes(), \
                (round_, name)
        assert result.summary() == full.summary()
    assert patched >= 2  # most rounds are patches
