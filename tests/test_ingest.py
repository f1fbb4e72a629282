"""Tests for kg.ingest: the shared corpus, then generated good and bad inputs."""
from __future__ import annotations

import codecs
import json
import os
import unicodedata
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.errors import InputError
from kg.ingest import SUPPORTED_EXTENSIONS, read_articles
from kg.ingest import decode as decode_module
from kg.ingest.jsonl import STRICT_HINT

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"
needs_corpus = pytest.mark.skipif(not CORPUS.is_dir(), reason=f"shared corpus not found at {CORPUS}")

TITLE = "Hội đồng nhân dân tỉnh Đắk Lắk họp phiên thường kỳ"
BODY = "Sáng nay, các đại biểu thảo luận về ngân sách.\n\nỦy ban đề nghị điều chỉnh kế hoạch."
TONES = "\u0300\u0301\u0303\u0309\u0323"


def write(folder: Path, name: str, content: str | bytes) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, str):
        content = content.encode("utf-8")
    path.write_bytes(content)
    return path


def read_one(path: Path, **kwargs):
    articles = read_articles([path], **kwargs)
    assert len(articles) == 1
    return articles[0]


def jsonl(*records: object) -> str:
    return "\n".join(r if isinstance(r, str) else json.dumps(r, ensure_ascii=False) for r in records) + "\n"


def rec(id: str = "a", title: str = "Tiêu đề", text: str = "Nội dung bài báo.", **extra) -> dict:
    return {"id": id, "title": title, "text": text, **extra}


def to_windows_1258(text: str) -> bytes:
    """Encode as windows-1258 writes Vietnamese: base letter precomposed, tone mark combining."""
    out = []
    for char in unicodedata.normalize("NFC", text):
        try:
            out.append(char.encode("cp1258"))
        except UnicodeEncodeError:
            parts = unicodedata.normalize("NFD", char)
            base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in TONES))
            out.append((base + "".join(c for c in parts if c in TONES)).encode("cp1258"))
    return b"".join(out)


# --- the shared corpus -------------------------------------------------------------------


@needs_corpus
def test_corpus_folder_reads_14_articles():
    articles = read_articles([CORPUS])
    assert len(articles) == 14
    jsonl_articles = [a for a in articles if ".jsonl:" in a.source]
    txt_articles = [a for a in articles if a.source.endswith(".txt")]
    assert len(jsonl_articles) == 13 and len(txt_articles) == 1
    assert len({a.id for a in articles}) == 14
    # folder order: news.jsonl sorts before the .txt file; records keep their line order
    assert [a.source for a in jsonl_articles] == [f"{CORPUS / 'news.jsonl'}:{n}" for n in range(1, 14)]
    assert articles[-1] is txt_articles[0]


@needs_corpus
def test_corpus_txt_headline_is_first_line():
    path = CORPUS / "vov-son-la-pctn-interview.txt"
    (article,) = read_articles([path])
    first_line = next(line for line in path.read_text("utf-8").splitlines() if line.strip())
    assert article.title == unicodedata.normalize("NFC", first_line.strip())
    assert article.id == "vov-son-la-pctn-interview"
    assert article.source == str(path)
    assert not article.text.startswith("\n") and article.title not in article.text.split("\n")[0]


@needs_corpus
def test_corpus_jsonl_fields_match_the_raw_records():
    path = CORPUS / "news.jsonl"
    raw = [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]
    articles = read_articles([path])
    assert [a.id for a in articles] == [r["id"] for r in raw]
    for article, record in zip(articles, raw):
        expected = record.get("published")
        assert article.published == (date.fromisoformat(expected[:10]) if expected else None)
        assert article.url == record.get("url")
        assert isinstance(article.text, str) and article.text == article.text.strip()
    assert sum(a.published is not None for a in articles) == sum(bool(r.get("published")) for r in raw) > 0


@needs_corpus
def test_corpus_text_is_clean_and_order_deterministic():
    first = read_articles([CORPUS])
    assert first == read_articles([CORPUS])
    for article in first:
        full = article.full_text
        assert unicodedata.is_normalized("NFC", full)
        assert "\r" not in full and "\u00a0" not in full and "\u200b" not in full
        assert all(line == line.rstrip() for line in full.split("\n"))
    # paths keep the order given
    files = [CORPUS / "vov-son-la-pctn-interview.txt", CORPUS / "news.jsonl"]
    assert [a.id for a in read_articles(files)] == [first[-1].id] + [a.id for a in first[:-1]]


# --- decoding and cleaning (.txt) ------------------------------------------------------------

TEXT = f"{TITLE}\n{BODY}\n"

DECODE_CASES = [
    ("utf8", TEXT.encode("utf-8")),
    ("utf8-bom", codecs.BOM_UTF8 + TEXT.encode("utf-8")),
    ("utf16-le-bom", codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le")),
    ("utf16-be-bom", codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be")),
    ("utf32-le-bom", codecs.BOM_UTF32_LE + TEXT.encode("utf-32-le")),
    ("windows-1258", to_windows_1258(TEXT)),
    ("crlf", TEXT.replace("\n", "\r\n").encode("utf-8")),
    ("nfd", unicodedata.normalize("NFD", TEXT).encode("utf-8")),
    ("blank-lines-and-trailing-spaces", f"\n \n  {TITLE}  \n\n\n{BODY.replace(chr(10), '   ' + chr(10))}  \n\n".encode()),
    ("invisible", TEXT.replace("Sáng nay", "Sáng\u00a0nay\u200b").replace("Hội", "\ufeffHội").encode("utf-8")),
]


@pytest.mark.parametrize("name,data", DECODE_CASES, ids=[c[0] for c in DECODE_CASES])
def test_txt_decoding_and_cleaning(tmp_path, name, data):
    article = read_one(write(tmp_path, f"{name}.txt", data))
    assert article.id == name
    assert article.title == TITLE
    assert article.text == BODY
    assert article.source == str(tmp_path / f"{name}.txt")
    assert article.url is None and article.published is None


def test_txt_keeps_inner_blank_lines_and_strips_trailing_spaces(tmp_path):
    article = read_one(write(tmp_path, "a.txt", "Tiêu đề\n\nĐoạn một.  \n\n\n\nĐoạn hai.\t\n"))
    assert article.text == "Đoạn một.\n\n\n\nĐoạn hai."


BAD_FILE_CASES = [
    ("empty.txt", b"", "empty file"),
    ("spaces.txt", b"  \n\t\r\n \n", "empty file"),
    ("invisible-only.txt", "\u200b\ufeff\n\u00a0\n".encode(), "empty file"),
    ("headline.txt", "Chỉ có tiêu đề\n\n  \n".encode(), "no body text"),
    ("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00", "not a text file"),
    ("controls.txt", bytes(range(1, 9)) * 20, "not a text file"),
    # UTF-16 without a BOM is decoded (tests/robustness/test_encodings.py); a lone high
    # surrogate in it is not
    ("utf16-no-bom.txt", TEXT.encode("utf-16-le") + b"\x01\xd8A\x00", "UTF-16 without a byte-order mark"),
    ("random.txt", bytes(range(128, 256)) * 4, "not a text file"),
    # TCVN3-like bytes: not UTF-8 and not plausible windows-1258
    ("legacy.txt", b"Tr\xad\xeang \xae\xb9i h\xe4c Qu\xe8c gia H\xb5 N\xe9i \xb8nh s\xb8ng\n" * 3, "VISCII"),
    ("bad-utf16.txt", codecs.BOM_UTF16_LE + b"a\x00\x00\xdc", "invalid UTF-16-LE"),
    ("no-title.html", "<html><body><p>Chỉ có nội dung.</p></body></html>".encode(), "no title"),
    ("no-body.html", b"<html><head><title>Tin</title></head><body><nav>Menu</nav>"
     b"<script>var x = 1;</script><footer>Ban quy\xe1\xbb\x81n</footer></body></html>", "no body text"),
    ("viscii.html", b'<meta charset="VISCII"><h1>Tin</h1><p>Ng\xb5\xd6i</p>', "VISCII"),
    ("all-bad.jsonl", b"{not json}\n[1, 2]\n", "malformed JSON"),
]


@pytest.mark.parametrize("name,data,message", BAD_FILE_CASES, ids=[c[0] for c in BAD_FILE_CASES])
def test_bad_file_is_input_error_naming_the_file(tmp_path, name, data, message):
    path = write(tmp_path, name, data)
    with pytest.raises(InputError) as err:
        read_articles([path])
    assert str(err.value).startswith(str(path))
    assert message in str(err.value)


def test_file_too_large(tmp_path):
    path = tmp_path / "huge.txt"
    with path.open("wb") as f:  # sparse: nothing is really written
        f.truncate(decode_module.MAX_BYTES + 1)
    with pytest.raises(InputError, match=r"huge\.txt: file too large .*50 MB"):
        read_articles([path])


def test_unreadable_file_reports_os_reason(tmp_path, monkeypatch):
    path = write(tmp_path, "secret.txt", TEXT)

    def refuse(self):
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "read_bytes", refuse)
    with pytest.raises(InputError, match=r"secret\.txt: cannot read file \(Permission denied\)"):
        read_articles([path])


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="needs a non-root POSIX user")
def test_unreadable_file_by_permissions(tmp_path):
    path = write(tmp_path, "secret.txt", TEXT)
    path.chmod(0)
    try:
        with pytest.raises(InputError, match="Permission denied"):
            read_articles([path])
    finally:
        path.chmod(0o644)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes")
def test_special_file_is_refused(tmp_path):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    with pytest.raises(InputError, match="not a regular file"):
        read_articles([fifo])


# --- paths: files, folders, extensions, order ------------------------------------------------


def test_unknown_extension_named_explicitly(tmp_path):
    path = write(tmp_path, "notes.docx", TEXT)
    with pytest.raises(InputError) as err:
        read_articles([path])
    message = str(err.value)
    assert str(path) in message and "'.docx'" in message
    assert all(ext in message for ext in SUPPORTED_EXTENSIONS)


@pytest.mark.parametrize("files", [[], ["readme.md", "data.csv", ".hidden.txt", "sub/image.png"]])
def test_folder_without_articles(tmp_path, files):
    folder = tmp_path / "docs"
    folder.mkdir()
    for name in files:
        write(folder, name, TEXT)
    with pytest.raises(InputError, match=f"no articles found in {folder}"):
        read_articles([folder])


def test_missing_path(tmp_path):
    with pytest.raises(InputError, match="no such file or directory"):
        read_articles([tmp_path / "nope.txt"])


def test_no_paths():
    with pytest.raises(InputError):
        read_articles([])


def test_folder_walk_order_and_skipping(tmp_path):
    root = tmp_path / "in"
    write(root, "b.txt", "B\nthân b")
    write(root, "a/z.txt", "AZ\nthân az")
    write(root, "a/b/c.htm", "<h1>ABC</h1><p>thân abc</p>")
    write(root, "a.txt", "A\nthân a")
    write(root, "c.jsonl", jsonl(rec("c1"), rec("c2")))
    write(root, "D.TXT", "D\nthân d")
    write(root, "notes.md", "ignored")
    write(root, ".hidden/x.txt", "hidden\nignored")
    ids = [a.id for a in read_articles([root])]
    # sorted by relative path parts: a folder's files stay together, before the sibling a.txt
    assert ids == ["D", "c", "z", "a", "b", "c1", "c2"]


def test_paths_keep_given_order_and_sources_stay_relative(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write(tmp_path, "docs/one.txt", "Một\nthân")
    write(tmp_path, "two.txt", "Hai\nthân")
    articles = read_articles(["two.txt", "docs"])
    assert [(a.id, a.source) for a in articles] == [("two", "two.txt"), ("one", os.path.join("docs", "one.txt"))]


def test_same_file_twice_is_read_once(tmp_path):
    path = write(tmp_path, "a.txt", TEXT)
    warnings: list[str] = []
    assert len(read_articles([path, tmp_path], warn=warnings.append)) == 1
    assert warnings and warnings[0].startswith("skipped: ")


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symlinks")
def test_symlink_loop_terminates(tmp_path):
    root = tmp_path / "in"
    write(root, "sub/a.txt", TEXT)
    try:
        (root / "sub" / "loop").symlink_to(root, target_is_directory=True)
        (root / "self").symlink_to(root / "self", target_is_directory=True)
    except OSError as err:  # pragma: no cover - platform without symlink rights
        pytest.skip(f"cannot create symlinks: {err}")
    warnings: list[str] = []
    articles = read_articles([root], warn=warnings.append)
    assert [a.id for a in articles] == ["a"]
    assert any("symlink loop" in w for w in warnings)


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symlinks")
def test_symlink_to_itself_as_article_file(tmp_path):
    link = tmp_path / "loop.txt"
    try:
        link.symlink_to(link)
    except OSError as err:  # pragma: no cover
        pytest.skip(f"cannot create symlinks: {err}")
    with pytest.raises(InputError, match=r"loop\.txt: cannot read file"):
        read_articles([link])


# --- JSON Lines -------------------------------------------------------------------------------


def test_jsonl_fields(tmp_path):
    path = write(tmp_path, "news.jsonl", jsonl(
        rec("a", url="https://example.vn/a", published="2024-09-17"),
        "",
        rec("b", title="  Hai\ndòng  ", text="\n\nThân\r\nbài  \n", published="2016-12-08T21:54:00+07:00"),
        rec("c", published=None, url=None),
        rec("d", published="2017-09-22 08:00:00Z", url=""),
    ))
    a, b, c, d = read_articles([path])
    assert (a.url, a.published, a.source) == ("https://example.vn/a", date(2024, 9, 17), f"{path}:1")
    assert (b.title, b.text, b.published, b.source) == ("Hai dòng", "Thân\nbài", date(2016, 12, 8), f"{path}:3")
    assert (c.url, c.published) == (None, None)
    assert (d.url, d.published) == (None, date(2017, 9, 22))


BAD_LINES = [
    ("malformed", '{"id": "x", "title": "t" "text": "b"}', "malformed JSON (Expecting ',' delimiter"),
    ("truncated", '{"id": "x", "title": ', "malformed JSON"),
    ("not-object", '["x", "t", "b"]', "expected a JSON object, got array"),
    ("missing-id", json.dumps({"title": "t", "text": "b"}), "missing 'id'"),
    ("missing-title", json.dumps({"id": "x", "text": "b"}), "missing 'title'"),
    ("missing-text", json.dumps({"id": "x", "title": "t"}), "missing 'text'"),
    ("text-not-string", json.dumps(rec("x", text=42)), "'text' must be a string"),
    ("title-null", json.dumps(rec("x", title=None)), "'title' must be a string, got null"),
    ("id-list", json.dumps(rec(["x"])), "'id' must be a string, got array"),
    ("empty-title", json.dumps(rec("x", title="  \u200b ")), "'title' is empty"),
    ("bad-published", json.dumps(rec("x", published="22/9/2017")), "'published' is not an ISO date"),
    ("published-number", json.dumps(rec("x", published=2017)), "'published' must be a string or null"),
    ("url-number", json.dumps(rec("x", url=1)), "'url' must be a string or null"),
    ("duplicate", json.dumps(rec("good")), "duplicate id 'good' (first at line 1)"),
]


@pytest.mark.parametrize("case,line,message", BAD_LINES, ids=[c[0] for c in BAD_LINES])
def test_jsonl_bad_line_strict(tmp_path, case, line, message):
    path = write(tmp_path, "news.jsonl", jsonl(rec("good"), "", line, rec("later")))
    with pytest.raises(InputError) as err:
        read_articles([path])
    assert str(err.value).startswith(f"{path}:3: ")
    assert message in str(err.value)


@pytest.mark.parametrize("case,line,message", BAD_LINES, ids=[c[0] for c in BAD_LINES])
def test_jsonl_bad_line_lenient_skips_and_warns(tmp_path, case, line, message):
    path = write(tmp_path, "news.jsonl", jsonl(rec("good"), "", line, rec("later")))
    warnings: list[str] = []
    articles = read_articles([path], strict=False, warn=warnings.append)
    assert [(a.id, a.source) for a in articles] == [("good", f"{path}:1"), ("later", f"{path}:4")]
    assert len(warnings) == 1
    assert warnings[0].startswith(f"skipped: {path}:3: ") and message in warnings[0]


def test_jsonl_lenient_without_warn_callback(tmp_path):
    path = write(tmp_path, "news.jsonl", jsonl(rec("good"), "{oops"))
    assert [a.id for a in read_articles([path], strict=False)] == ["good"]


def test_jsonl_lenient_with_no_good_line(tmp_path):
    path = write(tmp_path, "news.jsonl", jsonl("{oops", json.dumps({"id": "x"})))
    warnings: list[str] = []
    with pytest.raises(InputError, match="no valid records"):
        read_articles([path], strict=False, warn=warnings.append)
    assert len(warnings) == 2


def test_jsonl_line_separator_inside_string(tmp_path):
    path = write(tmp_path, "news.jsonl", jsonl(rec("a", text="một\u2028hai"), rec("b")))
    assert [a.id for a in read_articles([path])] == ["a", "b"]


# --- duplicate ids across files ---------------------------------------------------------------


def test_duplicate_id_across_files(tmp_path):
    first = write(tmp_path, "a.jsonl", jsonl(rec("x"), rec("story")))
    second = write(tmp_path, "sub/story.txt", TEXT)
    with pytest.raises(InputError) as err:
        read_articles([tmp_path])
    assert str(err.value) == f"duplicate article id 'story' in {first}:2 and {second}" + STRICT_HINT
    warnings: list[str] = []
    articles = read_articles([tmp_path], strict=False, warn=warnings.append)
    assert [a.source for a in articles] == [f"{first}:1", f"{first}:2"]
    assert warnings == [f"skipped: duplicate article id 'story' in {first}:2 and {second}"]


# --- HTML -------------------------------------------------------------------------------------

PAGE = """<!DOCTYPE html>
<html><head>
<meta charset="utf-8">
<title>Tiêu đề trang - Báo Mẫu</title>
{head}
<style>p {{ color: red; }}</style>
<script>var tracking = "không lấy";</script>
</head><body>
<header><a href="/">Trang chủ</a></header>
<nav><ul><li>Thời sự</li><li>Kinh doanh</li></ul></nav>
{body}
<aside><p>Tin liên quan</p></aside>
<form><input name=q><button>Tìm</button></form>
<footer>Bản quyền © Báo Mẫu</footer>
</body></html>"""

ARTICLE = """<main><p>Ngoài bài</p><article>
<h1>Tiêu   đề
  bài viết</h1>
<p class="lead">Sáng&nbsp;nay, UBND tỉnh &amp; Sở Tài chính họp.</p>
<div>Đoạn <b>in đậm</b> và <a href="#">liên kết</a>.<br>Dòng sau thẻ br.</div>
<h2>Tiêu đề phụ</h2>
<ul><li>Ý một</li><li>Ý hai</li></ul>
<blockquote>&quot;Trích dẫn&quot; &#7879; &lt;b&gt;</blockquote>
<script>document.write("không lấy")</script><noscript>không lấy</noscript>
</article></main>"""

ARTICLE_TEXT = (
    "Sáng nay, UBND tỉnh & Sở Tài chính họp.\nĐoạn in đậm và liên kết.\nDòng sau thẻ br.\n"
    "Tiêu đề phụ\nÝ một\nÝ hai\n\"Trích dẫn\" ệ <b>"
)

HTML_CASES = [
    ("og-title", '<meta property="og:title" content="Tiêu đề &quot;OG&quot;">', ARTICLE,
     "Tiêu đề \"OG\"", ARTICLE_TEXT),
    ("h1-title", "", ARTICLE, "Tiêu đề bài viết", ARTICLE_TEXT),
    ("title-tag", "", "<div><p>Đoạn một.</p><p>Đoạn hai.</p></div>", "Tiêu đề trang - Báo Mẫu",
     "Đoạn một.\nĐoạn hai."),
    ("main-only", "", "<div>Ngoài main</div><main><p>Trong main.</p></main>", "Tiêu đề trang - Báo Mẫu",
     "Trong main."),
    ("empty-article", "", "<article><script>x()</script></article><p>Thân trang.</p>",
     "Tiêu đề trang - Báo Mẫu", "Thân trang."),
    ("nested-furniture", "", "<article><header><h1>Tiêu đề bài</h1><nav><script>x()</script></nav></header>"
     "<p>Thân.</p><footer><form><style>p {}</style></form></footer></article>", "Tiêu đề bài", "Thân."),
    ("pre-and-table", "", "<article><pre>dòng 1\n  dòng 2</pre><table><tr><td>a</td><td>b</td></tr></table></article>",
     "Tiêu đề trang - Báo Mẫu", "dòng 1\ndòng 2\na b"),
]


@pytest.mark.parametrize("case,head,body,title,text", HTML_CASES, ids=[c[0] for c in HTML_CASES])
def test_html_extraction(tmp_path, case, head, body, title, text):
    article = read_one(write(tmp_path, f"{case}.html", PAGE.format(head=head, body=body)))
    assert article.id == case
    assert article.title == title
    assert article.text == text
    assert article.url is None and article.published is None


META_CASES = [
    ('<link rel="canonical" href="https://a.vn/x"><meta property="og:url" content="https://a.vn/og">'
     '<meta property="article:published_time" content="2024-09-17T08:30:00+07:00">',
     "https://a.vn/x", date(2024, 9, 17)),
    ('<meta property="og:url" content=" https://a.vn/og ">', "https://a.vn/og", None),
    ('<meta property="article:published_time" content="not a date">', None, None),
]


@pytest.mark.parametrize("head,url,published", META_CASES)
def test_html_metadata(tmp_path, head, url, published):
    article = read_one(write(tmp_path, "page.htm", PAGE.format(head=head, body=ARTICLE)))
    assert (article.url, article.published) == (url, published)


def test_html_time_element_date(tmp_path):
    body = '<article><time datetime="2016-12-13T21:54">13/12/2016</time><p>Thân.</p></article>'
    assert read_one(write(tmp_path, "t.html", PAGE.format(head="", body=body))).published == date(2016, 12, 13)


def test_html_windows_1258_declared(tmp_path):
    page = f'<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1258">' \
           f"<title>{TITLE}</title></head><body><p>{BODY}</p></body></html>"
    article = read_one(write(tmp_path, "legacy.html", to_windows_1258(page)))
    assert article.title == TITLE
    assert article.text == BODY.replace("\n\n", " ")


def test_html_deep_nesting(tmp_path):
    page = "<title>Sâu</title>" + "<div>" * 3000 + "<p>Rất sâu.</p>" + "</div>" * 3000
    assert read_one(write(tmp_path, "deep.html", page)).text == "Rất sâu."


# --- property: whatever the text, the result is clean -----------------------------------------

line_text = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=40)


@settings(max_examples=60, deadline=None)
@given(head=line_text, body=st.lists(line_text, min_size=1, max_size=5), crlf=st.booleans())
def test_txt_output_is_always_clean(tmp_path_factory, head, body, crlf):
    folder = tmp_path_factory.mktemp("prop")
    newline = "\r\n" if crlf else "\n"
    path = write(folder, "p.txt", newline.join([head, *body]))
    try:
        article = read_one(path)
    except InputError as err:
        assert str(err).startswith(str(path))
        return
    full = article.full_text
    assert article.title and article.text and "\n" not in article.title
    assert unicodedata.is_normalized("NFC", full)
    assert "\r" not in full and "\u00a0" not in full and "\u200b" not in full
    assert all(line == line.rstrip() for line in full.split("\n"))


def _clean_every_pass(text: str) -> str:
    """clean_text as its four passes, each run whatever the text holds."""
    from kg.normalize import text as t

    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = t._INVISIBLE.sub("", text)
    text = t._CONTROL.sub("", text)
    text = t._SURROGATE.sub("\ufffd", text)
    text = t._SPACES.sub(" ", text)
    return unicodedata.normalize("NFC", text)


_TO_CLEAN = "\u00a0\u2000\u2005\u200a\u202f\u205f\u3000\t\f\v\u200b\u200c\u200d\u2060\ufeff\u00ad" \
            "\u200e\u200f\u202a\u202e\u2066\u2069\x00\x08\x0b\x0e\x1f\x7f\ud800\udfff\r\n"


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=st.sampled_from(_TO_CLEAN + "ab Đô\u0301") | st.characters(), max_size=40))
def test_clean_text_skips_its_passes_only_where_they_would_change_nothing(text):
    from kg.normalize.text import clean_text

    assert clean_text(text) == _clean_every_pass(text)


def test_clean_text_cleans_each_character_it_looks_for():
    from kg.normalize.text import clean_text

    for ch in _TO_CLEAN:
        assert clean_text(f"Hà{ch}Nội") == _clean_every_pass(f"Hà{ch}Nội") != f"Hà{ch}Nội" or ch == "\n"


def test_what_cleaning_removes_never_prints():
    """clean_text and decode's control check skip their scans for a text that prints once its
    line ends are dropped: right only while no character they look for prints."""
    from kg.ingest.decode import _CONTROLS
    from kg.normalize.text import _ANY_TO_CLEAN
    # every character either pattern names is in the Basic Multilingual Plane
    printable = [hex(c) for c in range(0x10000)
                 if (_ANY_TO_CLEAN.match(chr(c)) or _CONTROLS.match(chr(c))) and chr(c).isprintable()]
    assert printable == []


def test_control_share_and_mojibake_fast_paths_agree_with_the_scans():
    from kg.ingest.decode import _CONTROLS, _unmojibake, _control_share
    long_text = "Tiếng Việt\n" * 200_000  # longer than one piece of the printable check
    for text in (long_text, long_text + "\x01", "\x02" + long_text, "a\tb\x7f", ""):
        assert _control_share(text) == len(_CONTROLS.findall(text)) / max(len(text), 1)
    # mojibake repaired; Vietnamese text (a letter cp1252 cannot write) left alone
    assert _unmojibake("Tiếng Việt".encode().decode("cp1252")) == "Tiếng Việt"
    assert _unmojibake("Tiáº¿ng Việt") == "Tiáº¿ng Việt"
