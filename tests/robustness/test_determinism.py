"""Same inputs, same bytes: across runs, hash seeds, the order files are given in, and a
folder instead of a file list. The inputs are the shared corpus, its JSON Lines records
split at test time into one file each (so there is an order to change)."""
from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from kg.export import EXPORTERS
from rhelpers import ALL_FORMATS, SHARED, assert_built, build, proc, snapshot, write

FORMAT_ARGS = [a for f in ALL_FORMATS for a in ("--format", f)]


@pytest.fixture(scope="module")
def split_corpus(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    corpus = SHARED / "corpus"
    if not corpus.exists():
        pytest.skip(f"{corpus} not found: these tests need the shared corpus beside the repo")
    folder = tmp_path_factory.mktemp("split")
    files = []
    for line in (corpus / "news.jsonl").read_text(encoding="utf-8").splitlines():
        if line.strip():
            rec = json.loads(line)
            files.append(write(folder / f"{len(files):02d}-{rec['id'][:40]}.jsonl", line + "\n"))
    text = corpus / "vov-son-la-pctn-interview.txt"
    files.append(write(folder / text.name, text.read_bytes()))
    assert len(files) >= 10
    return files


@pytest.fixture(scope="module")
def reference(split_corpus: list[Path], tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    out = tmp_path_factory.mktemp("ref")
    assert_built(build(split_corpus, out, *FORMAT_ARGS), out, ALL_FORMATS)
    return snapshot(out)


def _orders(files: list[Path]) -> dict[str, list[Path]]:
    orders = {"reversed": files[::-1]}
    for seed in (1,):
        shuffled = files[:]
        random.Random(seed).shuffle(shuffled)
        orders[f"shuffled-{seed}"] = shuffled
    return orders


@pytest.mark.slow
@pytest.mark.parametrize("order", ["reversed", "shuffled-1", "folder"])
def test_input_order_does_not_change_a_byte(tmp_path: Path, split_corpus: list[Path],
                                            reference: dict[str, bytes], order: str) -> None:
    if order == "folder":
        inputs = [split_corpus[0].parent]
    else:
        inputs = _orders(split_corpus)[order]
    out = tmp_path / "out"
    assert_built(build(inputs, out, *FORMAT_ARGS), out, ALL_FORMATS)
    got = snapshot(out)
    assert set(got) == set(reference)
    for name in sorted(reference):
        assert got[name] == reference[name], f"{name} differs for order {order}"


@pytest.mark.slow
@pytest.mark.parametrize("seed", ["0", "4242"])
def test_hash_seed_does_not_change_a_byte(tmp_path: Path, split_corpus: list[Path],
                                          reference: dict[str, bytes], seed: str) -> None:
    out = tmp_path / "out"
    res = proc("build", split_corpus[0].parent, "--out", out, "--quiet", *FORMAT_ARGS,
               env={"PYTHONHASHSEED": seed})
    assert res.code == 0, res.err
    assert snapshot(out) == reference


def test_two_runs_of_one_article_are_identical(tmp_path: Path) -> None:
    from rhelpers import ARTICLE
    src = write(tmp_path / "a.txt", ARTICLE)
    outs = []
    for i in range(2):
        out = tmp_path / f"out{i}"
        assert_built(build(src, out, *FORMAT_ARGS), out, ALL_FORMATS)
        outs.append(snapshot(out))
    assert outs[0] == outs[1]
    assert {Path(n).parts[0] for n in outs[0]} == {f"graph{EXPORTERS[f].suffix}" for f in ALL_FORMATS}
