"""The extraction cache: a rebuild extracts only what changed, forgets what was deleted,
and never trusts a damaged entry; the graph is always the one a clean build writes."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from conftest import shared
from kg.engine.cache import ExtractionCache, article_key
from kg.extract import extract
from kg.ingest import read_articles
from kg.pipeline import build


def _corpus(tmp: Path) -> Path:
    """A private copy of the dev corpus, to change and delete articles in."""
    src = shared("corpus")
    dst = tmp / "corpus"
    shutil.copytree(src, dst)
    return dst


def _records(folder: Path) -> list[dict]:
    return [json.loads(line) for line in (folder / "news.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()]


def _write(folder: Path, records: list[dict]) -> None:
    (folder / "news.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")


def _build(corpus: Path, out: Path, cache: Path | None, warnings: list[str] | None = None):
    result = build([corpus], out, ("ttl",), cache_dir=cache, warn=(warnings.append if warnings is not None else None))
    return result, (out / "graph.ttl").read_bytes()


@pytest.fixture(scope="module")
def first(tmp_path_factory: pytest.TempPathFactory):
    """The dev corpus copied, built once with a cache; each test copies that cache."""
    tmp = tmp_path_factory.mktemp("cache")
    corpus = _corpus(tmp)
    result, ttl = _build(corpus, tmp / "out", tmp / "cache")
    return tmp, corpus, result, ttl


def _again(first, tmp: Path) -> tuple[Path, Path]:
    base, corpus, _, _ = first
    shutil.copytree(corpus, tmp / "corpus")
    shutil.copytree(base / "cache", tmp / "cache")
    return tmp / "corpus", tmp / "cache"


def test_first_build_extracts_everything_and_the_second_nothing(first, tmp_path: Path):
    _, corpus, result, ttl = first
    n = result.summary()["articles"]
    assert (result.extract_stats.extracted, result.extract_stats.cached) == (n, 0)
    corpus, cache = _again(first, tmp_path)
    again, ttl2 = _build(corpus, tmp_path / "out", cache)
    assert (again.extract_stats.extracted, again.extract_stats.cached) == (0, n)
    assert ttl2 == ttl


def test_a_changed_article_alone_is_extracted_again(first, tmp_path: Path):
    corpus, cache = _again(first, tmp_path)
    records = _records(corpus)
    # an invented sentence, so the article's facts change too
    records[3]["text"] += "\nÔng Hoàng Văn Thử, Bí thư Tỉnh ủy Lai Châu, dự buổi làm việc."
    _write(corpus, records)
    result, ttl = _build(corpus, tmp_path / "out", cache)
    n = result.summary()["articles"]
    assert (result.extract_stats.extracted, result.extract_stats.cached) == (1, n - 1)
    _, clean = _build(corpus, tmp_path / "clean", None)
    assert ttl == clean
    assert "Hoàng Văn Thử".encode() in ttl


def test_a_deleted_article_takes_its_facts_and_its_entry_with_it(first, tmp_path: Path):
    corpus, cache = _again(first, tmp_path)
    records = _records(corpus)
    gone = records.pop(5)
    _write(corpus, records)
    result, ttl = _build(corpus, tmp_path / "out", cache)
    n = result.summary()["articles"]
    assert (result.extract_stats.extracted, result.extract_stats.cached, result.extract_stats.pruned) == (0, n, 1)
    assert gone["id"] not in {a.article.id for a in result.corpus.articles}
    assert f'"{gone["id"]}"'.encode() not in ttl  # its schema:identifier
    _, clean = _build(corpus, tmp_path / "clean", None)
    assert ttl == clean
    assert len(list(cache.glob("*/*.bin"))) == n


@pytest.mark.parametrize("damage", ["truncate", "flip"])
def test_a_damaged_entry_is_reported_and_rebuilt(first, tmp_path: Path, damage: str):
    _, _, _, ttl = first
    corpus, cache = _again(first, tmp_path)
    entry = sorted(cache.glob("*/*.bin"))[2]
    data = entry.read_bytes()
    assert data.startswith(b"kg-extract-cache")
    entry.write_bytes({"truncate": data[:len(data) // 2], "empty": b"", "garbage": b"not a cache entry",
                       "flip": data[:-10] + bytes([data[-10] ^ 1]) + data[-9:]}[damage])
    warnings: list[str] = []
    result, ttl2 = _build(corpus, tmp_path / "out", cache, warnings)
    assert result.extract_stats.extracted == 1
    assert len(warnings) == 1 and str(entry) in warnings[0] and "ignored and rebuilt" in warnings[0]
    assert ttl2 == ttl
    # rewritten whole: the next build reads every entry back without a warning
    warnings.clear()
    third, _ = _build(corpus, tmp_path / "out3", cache, warnings)
    assert (third.extract_stats.extracted, warnings) == (0, [])


def test_a_half_written_temporary_file_is_never_read_and_is_cleaned(first, tmp_path: Path):
    corpus, cache = _again(first, tmp_path)
    entry = sorted(cache.glob("*/*.bin"))[0]
    stray = entry.with_name("." + entry.stem[:16] + ".abc.tmp")
    stray.write_bytes(entry.read_bytes()[:40])
    result, _ = _build(corpus, tmp_path / "out", cache)
    assert result.extract_stats.extracted == 0
    assert not stray.exists()


def test_key_follows_content_and_code_version(tmp_path: Path):
    art = read_articles([shared("corpus", "vov-son-la-pctn-interview.txt")])[0]
    assert article_key(art, "v1") != article_key(art, "v2")
    from dataclasses import replace
    assert article_key(replace(art, text=art.text + " x"), "v1") != article_key(art, "v1")
    assert article_key(replace(art, source="elsewhere.txt:3"), "v1") == article_key(art, "v1")
    cache = ExtractionCache(tmp_path)
    assert cache.get(art) is None
    cache.put(art, extract(art))
    back = cache.get(art)
    assert back is not None and back.article is art
    assert sorted(e.id for e in back.entities) == sorted(e.id for e in extract(art).entities)


@pytest.mark.parametrize("content", [b"", b"not a cache entry", b"kg-extract-cache 1\n" + b"0" * 40])
def test_an_entry_that_is_not_one_is_ignored_with_a_warning(tmp_path: Path, content: bytes):
    art = read_articles([shared("corpus", "vov-son-la-pctn-interview.txt")])[0]
    warnings: list[str] = []
    cache = ExtractionCache(tmp_path, warnings.append)
    path = tmp_path / article_key(art)[:2] / f"{article_key(art)}.bin"
    path.parent.mkdir()
    path.write_bytes(content)
    assert cache.get(art) is None
    assert len(warnings) == 1 and "ignored and rebuilt" in warnings[0]


def test_cli_cache_option_reports_what_it_read_back(tmp_path: Path):
    from conftest import run_kg
    args = ("build", shared("corpus"), "--out", tmp_path / "out", "--format", "ttl", "--cache", tmp_path / "c")
    first_run, second_run = run_kg(*args), run_kg(*args)
    assert first_run.returncode == 0 and second_run.returncode == 0, first_run.stderr + second_run.stderr
    assert "articles: 14 (14 extracted, 0 from cache)" in first_run.stdout
    assert "articles: 14 (0 extracted, 14 from cache)" in second_run.stdout
    assert not (tmp_path / "out" / ".kg-cache").exists()


def test_an_entry_that_names_another_class_is_refused_not_run(tmp_path: Path):
    """A checksum-valid entry whose pickle calls a function (the way a hostile pickle runs
    code) is reported as damaged; the function never runs."""
    import hashlib
    import pickle

    from kg.engine.cache import MAGIC
    from kg.model import Article

    article = Article(id="a1", title="Tiêu đề", text="Nội dung.", source="x")
    cache = ExtractionCache(tmp_path / "cache", warn=(warnings := []).append)
    marker = tmp_path / "ran"

    class Hostile:
        def __reduce__(self):
            return (Path.touch, (marker,))

    payload = pickle.dumps(Hostile())
    path = cache._path(article_key(article))
    path.parent.mkdir(parents=True)
    path.write_bytes(MAGIC + hashlib.sha256(payload).digest() + payload)
    assert cache.get(article) is None
    assert not marker.exists()
    assert warnings and "does not load" in warnings[0]
