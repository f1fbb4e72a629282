"""Encodings and Unicode forms: every way the same article can arrive as bytes gives the same
graph, byte for byte, as clean UTF-8; what kg cannot decode is refused with a line naming the
file, never decoded into garbage.

Legacy Vietnamese encodings: windows-1258 is decoded; VISCII and TCVN3 (no Python codec) are
refused. Their bytes come from iconv (glibc), so those cases skip where iconv lacks them.
"""
from __future__ import annotations

import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest

from rhelpers import ARTICLE, BODY, HEADLINE, assert_built, assert_refused, build, write

# The article with more of the alphabet, so every tone and vowel crosses each encoding.
TEXT = ARTICLE + "Ủy ban đề nghị xử lý nghiêm; ông Phạm Quốc Hưng, Chủ tịch Hội đồng, phát biểu.\n"


_TONES = "\u0300\u0301\u0303\u0309\u0323"


def _cp1258(text: str) -> bytes:
    """windows-1258 bytes: base letters it has precomposed, tone marks as combining bytes."""
    out = bytearray()
    for char in unicodedata.normalize("NFC", text):
        try:
            out += char.encode("cp1258")
        except UnicodeEncodeError:
            parts = unicodedata.normalize("NFD", char)
            tone = "".join(c for c in parts if c in _TONES)
            base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in _TONES))
            out += base.encode("cp1258") + tone.encode("cp1258")
    return bytes(out)


def _mojibake(text: str, codec: str) -> bytes:
    """UTF-8 read as Latin-1 / cp1252 by some old tool, then saved as UTF-8 again."""
    raw = text.encode("utf-8")
    if codec == "latin-1":
        return raw.decode("latin-1").encode("utf-8")
    # cp1252 as browsers read it: its five undefined bytes pass through as U+0081...
    return "".join(bytes([b]).decode("cp1252", errors="ignore") or chr(b) for b in raw).encode("utf-8")


def _lines(text: str, end: str) -> str:
    return text.replace("\n", end)


def _sprinkle(text: str, chars: str) -> str:
    """Insert invisible characters and swap spaces for NBSP, as pasted web text has them."""
    out = []
    for i, ch in enumerate(text):
        if ch == " " and i % 3 == 0:
            ch = "\u00a0"
        out.append(ch)
        if ch.isalpha() and i % 7 == 0:
            out.append(chars[i % len(chars)])
    return "".join(out)


# name -> bytes of the same article; each must build to exactly the UTF-8 graph
SAME = {
    "utf-8": TEXT.encode("utf-8"),
    "utf-8-bom": b"\xef\xbb\xbf" + TEXT.encode("utf-8"),
    "utf-16-le-bom": b"\xff\xfe" + TEXT.encode("utf-16-le"),
    "utf-16-be-bom": b"\xfe\xff" + TEXT.encode("utf-16-be"),
    "utf-16-le-no-bom": TEXT.encode("utf-16-le"),
    "utf-16-be-no-bom": TEXT.encode("utf-16-be"),
    "utf-32-le-bom": TEXT.encode("utf-32"),
    "utf-32-be-bom": b"\x00\x00\xfe\xff" + TEXT.encode("utf-32-be"),
    "windows-1258": _cp1258(TEXT),
    "nfd": unicodedata.normalize("NFD", TEXT).encode("utf-8"),
    "nfkd-free-nfd-crlf": _lines(unicodedata.normalize("NFD", TEXT), "\r\n").encode("utf-8"),
    "crlf": _lines(TEXT, "\r\n").encode("utf-8"),
    "cr": _lines(TEXT, "\r").encode("utf-8"),
    "mixed-line-ends": TEXT.replace("\n", "\r\n", 1).encode("utf-8"),
    "nbsp-zwsp": _sprinkle(TEXT, "\u200b").encode("utf-8"),
    "nbsp-zwj-zwnj": _sprinkle(TEXT, "\u200c\u200d").encode("utf-8"),
    "word-joiner-soft-hyphen": _sprinkle(TEXT, "\u2060\u00ad").encode("utf-8"),
    "bidi-marks": _sprinkle(TEXT, "\u200e\u200f").encode("utf-8"),
    "inner-bom": _sprinkle(TEXT, "\ufeff").encode("utf-8"),
    "trailing-spaces": TEXT.replace("\n", "   \t\n").encode("utf-8"),
    "leading-blank-lines": ("\n\n  \n" + TEXT).encode("utf-8"),
    "latin-1-mojibake": _mojibake(TEXT, "latin-1"),
    "cp1252-mojibake": _mojibake(TEXT, "cp1252"),
    "utf-16-le-crlf-nfd": b"\xff\xfe" + _lines(unicodedata.normalize("NFD", TEXT), "\r\n").encode("utf-16-le"),
}

REFUSED = {
    "utf-8-truncated-bom": b"\xef\xbb" + b"\xff\xfe\xfd" * 50,
    "bad-utf-16-bom": b"\xff\xfe" + b"\x00\xd8" + b"A\x00" * 20,  # lone high surrogate
    "bad-utf-32": b"\xff\xfe\x00\x00" + b"\xff\xff\xff\xff" * 10,
    "utf-16-odd-length": TEXT.encode("utf-16-le") + b"\x00",
    "shift-jis-like": bytes([0x82, 0xa0, 0x82, 0xa2, 0x82, 0xa4]) * 40,
    "random-high-bytes": bytes(range(0x80, 0x100)) * 8,
}


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    folder = tmp_path_factory.mktemp("ref")
    out = folder / "out"
    assert_built(build(write(folder / "bai.txt", TEXT), out), out)
    return (out / "graph.ttl").read_bytes()


# an HTML page wraps the bytes in ASCII tags, which only works for ASCII-compatible encodings
_CASES = [(v, ".txt") for v in sorted(SAME)] + [(v, ".html") for v in sorted(SAME)
                                                 if not v.startswith(("utf-16", "utf-32"))]


@pytest.mark.parametrize("variant,suffix", _CASES)
def test_same_article_same_graph(tmp_path: Path, reference: bytes, variant: str, suffix: str) -> None:
    data = SAME[variant]
    if suffix == ".html":
        data = _as_html(data)
    src = write(tmp_path / f"bai{suffix}", data)
    out = tmp_path / "out"
    assert_built(build(src, out), out)
    if suffix == ".txt":
        assert (out / "graph.ttl").read_bytes() == reference, f"{variant} gave another graph"
    else:
        names = _names(out / "graph.ttl")
        assert {"Nguyễn Văn An", "Trần Thị Bình"} <= names, names


def _as_html(data: bytes) -> bytes:
    """The article's bytes inside a page, with the headline as <h1> and the body as <p>s."""
    head, _, rest = data.replace(b"\r\n", b"\n").replace(b"\r", b"\n").strip().partition(b"\n")
    paras = b"".join(b"<p>" + line + b"</p>\n" for line in rest.split(b"\n") if line.strip())
    return b"<html><body><h1>" + head + b"</h1>\n" + paras + b"</body></html>"


def _names(ttl: Path) -> set[str]:
    from rdflib import Graph, Namespace
    schema = Namespace("https://schema.org/")
    return {str(o) for o in Graph().parse(ttl).objects(None, schema.name)}


@pytest.mark.parametrize("variant", sorted(REFUSED))
def test_undecodable_is_refused_by_name(tmp_path: Path, variant: str) -> None:
    src = write(tmp_path / f"{variant}.txt", REFUSED[variant])
    assert_refused(build(src, tmp_path / "out"), src.name, out=tmp_path / "out", before={})


def _iconv(text: str, codec: str) -> bytes:
    if shutil.which("iconv") is None:
        pytest.skip("iconv is not installed")
    res = subprocess.run(["iconv", "-f", "UTF-8", "-t", codec], input=text.encode("utf-8"),
                         capture_output=True)
    if res.returncode != 0:
        pytest.skip(f"iconv cannot write {codec}: {res.stderr.decode(errors='replace').strip()}")
    return res.stdout


@pytest.mark.parametrize("codec", ["VISCII", "TCVN5712-1"])
@pytest.mark.parametrize("real", [False, True], ids=["cli", "process"])
def test_viscii_and_tcvn_are_refused_not_garbled(tmp_path: Path, codec: str, real: bool) -> None:
    src = write(tmp_path / f"legacy-{codec}.txt", _iconv(TEXT, codec))
    line = assert_refused(build(src, tmp_path / "out", real=real), src.name, out=tmp_path / "out", before={})
    assert "UTF-8" in line  # it says what to do


def test_iconv_windows_1258_gives_the_same_graph(tmp_path: Path, reference: bytes) -> None:
    src = write(tmp_path / "bai.txt", _iconv(TEXT, "WINDOWS-1258"))
    assert_built(build(src, tmp_path / "out"), tmp_path / "out")
    assert (tmp_path / "out" / "graph.ttl").read_bytes() == reference


@pytest.mark.parametrize("form", ["NFC", "NFD"])
def test_jsonl_nfd_and_nfc_give_one_graph(tmp_path: Path, form: str) -> None:
    import json
    line = json.dumps({"id": "x", "title": unicodedata.normalize(form, HEADLINE),
                       "text": unicodedata.normalize(form, BODY)}, ensure_ascii=form == "NFD")
    out = tmp_path / "out"
    assert_built(build(write(tmp_path / "a.jsonl", line + "\n"), out), out)
    assert "Nguyễn Văn An" in _names(out / "graph.ttl")
    assert all(unicodedata.is_normalized("NFC", n) for n in _names(out / "graph.ttl"))


@pytest.mark.parametrize("charset,codec", [("windows-1258", None), ("utf-8", "utf-8"),
                                           ("x-no-such-charset", None)])
def test_html_declared_charset(tmp_path: Path, charset: str, codec: str | None) -> None:
    page = (f'<html><head><meta charset="{charset}"><title>{HEADLINE}</title></head>'
            f"<body><p>{BODY}</p></body></html>")
    data = page.encode("utf-8") if codec else _cp1258(page)
    src = write(tmp_path / "page.html", data)
    out = tmp_path / "out"
    run = build(src, out)
    if charset == "x-no-such-charset":
        assert_refused(run, src.name, out=out, before={})
    else:
        assert_built(run, out)
        assert "Nguyễn Văn An" in _names(out / "graph.ttl")
