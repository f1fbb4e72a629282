"""Bad files and paths given to `kg build`: refused with exit 2 and one line naming the file,
or built with a warning; never a traceback, and the output folder keeps its previous files.

Unreadable files: CI runs as root, for whom chmod 000 still reads, so the unreadable cases are
a FIFO (a path that is not a regular file), a dangling symlink and a symlink to a folder loop.
"""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from rhelpers import ARTICLE, assert_built, assert_refused, build, snapshot, write

SUFFIXES = (".txt", ".html", ".jsonl")
# content that is not an article, whatever the suffix says
BAD_CONTENT = {
    "empty": b"",
    "spaces": b"   ",
    "newlines": b"\n\n\n",
    "whitespace-mix": b" \t\r\n \f\v\n",
    "nbsp-only": "\u00a0\u00a0\n\u200b".encode(),
    "bom-only": b"\xef\xbb\xbf",
    "bom-spaces": b"\xef\xbb\xbf  \n",
    "nul": b"\x00",
    "nuls": b"\x00" * 4096,
    "nul-in-text": b"Tieu de\nNoi dung\x00 bai bao\n",
    "random": bytes((i * 7919 + 13) % 256 for i in range(4096)),
    "urandom-like": bytes((i * i * 31 + i) % 251 for i in range(2048)),
    "png": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)),
    "gzip": b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03" + bytes(range(200)),
    "pdf-binary": b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n" + bytes(range(256)) * 4,
    "elf": b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 56,
    "controls": bytes(range(1, 32)) * 40,
    "zip": b"PK\x03\x04\x14\x00\x00\x00" + bytes(range(256)),
}
UNKNOWN_SUFFIXES = (".docx", ".pdf", ".md", ".csv", ".json", ".xml", ".TXT.bak", ".ttl", ".gz", "")


@pytest.fixture(scope="module")
def previous(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder holding the outputs of a good build: refused builds must leave it as it is."""
    src = write(tmp_path_factory.mktemp("prev-in") / "good.txt", ARTICLE)
    out = tmp_path_factory.mktemp("prev-out") / "out"
    assert_built(build(src, out), out)
    return out


@pytest.fixture
def out(tmp_path: Path, previous: Path) -> Path:
    dest = tmp_path / "out"
    shutil.copytree(previous, dest)
    return dest


@pytest.mark.parametrize("suffix", SUFFIXES)
@pytest.mark.parametrize("kind", sorted(BAD_CONTENT))
def test_bad_content_is_refused(tmp_path: Path, out: Path, kind: str, suffix: str) -> None:
    bad = write(tmp_path / f"bad-{kind}{suffix}", BAD_CONTENT[kind])
    assert_refused(build(bad, out), bad.name, out=out, before=snapshot(out))


@pytest.mark.parametrize("kind", ["empty", "nuls", "png", "random"])
def test_one_bad_file_among_good_ones_writes_nothing(tmp_path: Path, kind: str) -> None:
    good = [write(tmp_path / "in" / f"good{i}.txt", ARTICLE.replace("An", f"An{i}")) for i in range(3)]
    bad = write(tmp_path / "in" / f"zz-{kind}.txt", BAD_CONTENT[kind])
    out = tmp_path / "out"
    assert_refused(build([*good, bad], out), bad.name, out=out, before={})
    assert not out.exists()
    assert_refused(build(tmp_path / "in", out), bad.name, out=out, before={})


@pytest.mark.parametrize("suffix", UNKNOWN_SUFFIXES)
def test_unknown_suffix_is_refused_by_name(tmp_path: Path, out: Path, suffix: str) -> None:
    path = write(tmp_path / f"article{suffix}", ARTICLE)
    line = assert_refused(build(path, out), path.name, out=out, before=snapshot(out))
    assert "unsupported file type" in line


@pytest.mark.parametrize("suffix", (".docx", ".md", ".json"))
def test_unknown_suffix_in_a_folder_is_skipped(tmp_path: Path, suffix: str) -> None:
    write(tmp_path / "in" / f"other{suffix}", "irrelevant")
    write(tmp_path / "in" / "good.txt", ARTICLE)
    assert_built(build(tmp_path / "in", tmp_path / "out"), tmp_path / "out")


@pytest.mark.parametrize("real", [False, True], ids=["cli", "process"])
def test_missing_path(tmp_path: Path, out: Path, real: bool) -> None:
    missing = tmp_path / "no-such-article.txt"
    line = assert_refused(build(missing, out, real=real), missing.name, out=out, before=snapshot(out))
    assert "no such file" in line


@pytest.mark.parametrize("content", ["none", "hidden-only", "unsupported-only", "empty-subdirs"])
def test_folder_without_articles(tmp_path: Path, out: Path, content: str) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    if content == "hidden-only":
        write(folder / ".hidden.txt", ARTICLE)
    elif content == "unsupported-only":
        write(folder / "a.pdf", b"%PDF")
    elif content == "empty-subdirs":
        (folder / "a" / "b" / "c").mkdir(parents=True)
    line = assert_refused(build(folder, out), str(folder), out=out, before=snapshot(out))
    assert "no articles" in line


@pytest.mark.parametrize("depth", [1, 5, 40])
def test_nested_folders_are_walked(tmp_path: Path, depth: int) -> None:
    deep = tmp_path / "in" / Path(*[f"d{i}" for i in range(depth)])
    write(deep / "deep.txt", ARTICLE)
    write(tmp_path / "in" / "top.txt", ARTICLE.replace("Nguyễn Văn An", "Lê Văn Cường"))
    parsed = assert_built(build(tmp_path / "in", tmp_path / "out"), tmp_path / "out")
    ids = {str(o) for o in parsed["ttl"].objects(None, None) if str(o) in ("deep", "top")}
    assert ids == {"deep", "top"}


@pytest.mark.parametrize("real", [False, True], ids=["cli", "process"])
def test_fifo_is_refused_without_blocking(tmp_path: Path, out: Path, real: bool) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    line = assert_refused(build(fifo, out, real=real), fifo.name, out=out, before=snapshot(out))
    assert "not a regular file" in line


def test_fifo_inside_a_folder_is_refused(tmp_path: Path, out: Path) -> None:
    write(tmp_path / "in" / "good.txt", ARTICLE)
    os.mkfifo(tmp_path / "in" / "pipe.txt")
    assert_refused(build(tmp_path / "in", out), "pipe.txt", out=out, before=snapshot(out))


@pytest.mark.parametrize("real", [False, True], ids=["cli", "process"])
def test_dangling_symlink(tmp_path: Path, out: Path, real: bool) -> None:
    link = tmp_path / "gone.txt"
    link.symlink_to(tmp_path / "deleted.txt")
    assert_refused(build(link, out, real=real), link.name, out=out, before=snapshot(out))


def test_dangling_symlink_inside_a_folder(tmp_path: Path, out: Path) -> None:
    write(tmp_path / "in" / "good.txt", ARTICLE)
    (tmp_path / "in" / "gone.txt").symlink_to(tmp_path / "deleted.txt")
    assert_refused(build(tmp_path / "in", out), "gone.txt", out=out, before=snapshot(out))


def test_self_referencing_symlink_file(tmp_path: Path, out: Path) -> None:
    link = tmp_path / "self.txt"
    link.symlink_to(link)
    assert_refused(build(link, out), link.name, out=out, before=snapshot(out))


@pytest.mark.parametrize("real", [False, True], ids=["cli", "process"])
def test_symlink_loop_in_folders_terminates(tmp_path: Path, real: bool) -> None:
    folder = tmp_path / "in"
    write(folder / "sub" / "a.txt", ARTICLE)
    (folder / "sub" / "up").symlink_to(folder)
    (folder / "sub" / "me").symlink_to(folder / "sub")
    run = build(folder, tmp_path / "out", real=real)
    assert_built(run, tmp_path / "out")
    assert "symlink loop" in run.err


def test_same_file_twice_is_read_once(tmp_path: Path) -> None:
    good = write(tmp_path / "good.txt", ARTICLE)
    run = build([good, good, tmp_path], tmp_path / "out")
    assert_built(run, tmp_path / "out")
    assert "same file" in run.err


@pytest.mark.parametrize("real", [False, True], ids=["cli", "process"])
def test_100_mb_file_is_refused(tmp_path: Path, out: Path, real: bool) -> None:
    big = tmp_path / "huge.txt"
    with big.open("wb") as f:  # sparse: 100 MB in size, almost nothing on disk
        f.write(ARTICLE.encode())
        f.truncate(100 * 1024 * 1024)
    line = assert_refused(build(big, out, real=real), big.name, out=out, before=snapshot(out))
    assert "too large" in line and "50 MB" in line


def test_file_just_under_the_limit_of_nuls_is_refused_as_binary(tmp_path: Path, out: Path) -> None:
    big = tmp_path / "sparse.txt"
    with big.open("wb") as f:
        f.truncate(8 * 1024 * 1024)
    assert_refused(build(big, out), big.name, out=out, before=snapshot(out))


def test_headline_only_txt(tmp_path: Path, out: Path) -> None:
    path = write(tmp_path / "title-only.txt", "Chỉ có tiêu đề\n\n  \n")
    line = assert_refused(build(path, out), path.name, out=out, before=snapshot(out))
    assert "no body" in line


def test_out_is_an_existing_file(tmp_path: Path) -> None:
    good = write(tmp_path / "good.txt", ARTICLE)
    out = write(tmp_path / "out", "i am a file")
    run = build(good, out)
    assert run.code == 2 and "Traceback" not in run.err
    assert out.read_text() == "i am a file"


def test_out_inside_a_file_is_refused_cleanly(tmp_path: Path) -> None:
    good = write(tmp_path / "good.txt", ARTICLE)
    blocker = write(tmp_path / "blocker", "x")
    run = build(good, blocker / "out")
    assert run.code == 2, run.err
    assert run.err.startswith("error: ") and "Traceback" not in run.err and "internal error" not in run.err
    assert blocker.read_text() == "x"
