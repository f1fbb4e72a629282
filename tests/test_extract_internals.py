"""The shortcuts extraction takes for speed give the answers of the plain readings they replace:
the tokens and bits read by runs of characters, and the triggers found by one scan."""
from __future__ import annotations

from conftest import shared

import dataclasses
import re

from kg.extract import _publisher
from kg.extract.dates import DAY_MONTH, FULL, find_dates
from kg.extract.facts import FIGURE
from kg.extract.features import _token_bits, first_digit, sentence_tokens, token_bits
from kg.extract.index import find_triggers, forget_memos, lex_index, media_pattern
from kg.extract.lexicon import lexicon
from kg.extract.tokens import split_sentences, tokenize
from kg.ingest import read_articles
from kg.normalize.text import name_key


def _fields(toks):
    return [(t.text, t.start, t.end, t.key, t.is_word, t.cap, t.digit) for t in toks]


def test_sentence_tokens_are_tokenize_and_their_bits_each_words():
    lex = lexicon()
    texts = []
    for article in read_articles([shared("corpus")]):
        texts += [(s.text, s.start) for s in split_sentences(article.full_text)]
    # spaces other than one ' ' (a tab, a no-break space, two spaces), written for the test
    texts += [("Ông  Nguyễn\tVăn A,\u00a0Bộ trưởng (TTXVN)  ", 7), ("", 0), ("Vũ Sinh/TTXVN TP.HCM Q.10", 3)]
    for _ in range(2):  # the runs unseen, then seen
        for text, offset in texts:
            forget_memos()
            toks = sentence_tokens(text, offset, lex)
            assert _fields(toks) == _fields(tokenize(text, offset)), text
            assert token_bits(toks, lex) == _token_bits(toks, lex), text


def test_no_digit_before_first_digit_and_the_patterns_that_open_on_one_find_the_same_from_it():
    lex = lexicon()
    texts = []
    for article in read_articles([shared("corpus")]):
        texts += [(s.text, s.start) for s in split_sentences(article.full_text)]
    # written for the test: digits after '_', inside a word, not ASCII (Arabic-Indic, full width), none
    texts += [("Số 1_2 và ٣ người, H2O ngày 12/3/2020", 5), ("Ông A_1 chi ５ tỷ đồng", 0), ("Không có số nào.", 9)]
    seen = set()
    for text, offset in texts:
        forget_memos()
        at = first_digit(sentence_tokens(text, offset, lex), lex)
        digit = re.search(r"\d", text)
        assert (at is None) == (digit is None), text
        if at is None:
            assert find_dates(text, None, 2020, None) == find_dates(text, None, 2020), text
            continue
        seen.add(at - offset > 0)
        assert digit.start() >= at - offset, text
        for pattern in (FIGURE, FULL, DAY_MONTH):
            assert [m.span() for m in pattern.finditer(text, at - offset)] == [m.span() for m in pattern.finditer(text)]
        assert find_dates(text, None, 2020, at - offset) == find_dates(text, None, 2020), text
    assert seen == {True, False}  # sentences whose first digit opens them, and others


def _low(sentence: str) -> str:
    return f" {' '.join(sentence.lower().split())} "  # as facts.events gives find_triggers a sentence


def test_triggers_that_overlap_are_all_found_each_type_its_longest():
    lex = lexicon()
    # sentences written for the test: triggers inside, after and before others
    assert find_triggers(_low("Cơ quan điều tra đề nghị truy tố ông A."), lex) == {
        "Investigation": "điều tra", "Prosecution": "đề nghị truy tố", "Proposal": "đề nghị"}
    assert find_triggers(_low("Ông B bị bắt tạm giam, sau đó bị khởi tố"), lex) == {
        "Arrest": "bắt tạm giam", "Prosecution": "khởi tố"}
    assert find_triggers(_low("Đoàn công tác thông báo kết luận kiểm tra."), lex) == {
        "ConclusionAnnounced": "thông báo kết luận", "Inspection": "kiểm tra"}
    assert find_triggers(_low("Thủ tướng thăm và làm việc tại tỉnh"), lex) == {"WorkingVisit": "thăm và làm việc"}
    assert find_triggers(_low("Kiểm tratại chỗ; thămdò"), lex) == {}  # no trigger as a whole phrase


def _plain_publisher(article, lex):
    """_publisher's reading without its shortcuts: every form of every outlet, in name order."""
    lines = [ln for ln in article.text.split("\n") if ln.strip()]
    edges = lines[:2] + lines[-2:]
    url = article.url.lower() if article.url else None
    for name, forms in lex_index(lex).media_forms:
        for form in forms:
            if any(form in line and media_pattern(form).search(line) for line in edges):
                return name
            if url and "." in form and form.lower() in url:
                return name
    if article.url:
        host = re.sub(r"^https?://(www\.)?", "", article.url).split("/")[0].lower()
        for name, forms in lex_index(lex).media_forms:
            if any(host.split(".")[0] == name_key(form).replace(" ", "") for form in forms):
                return name
    return None


def test_publisher_is_the_first_outlet_whose_form_the_edges_or_the_url_hold():
    lex = lexicon()
    articles = read_articles([shared("corpus")])
    # URLs written for the test: outlets' hosts, a form with a dot in the path, odd ones, none
    urls = ["https://vnexpress.net/a", "http://www.tuoitre.vn/b", "https://x.org/VOV.VN/c", "http:///d", "ftp://e.f", None]
    found = set()
    for article in articles + [dataclasses.replace(articles[0], url=u, text="Không nguồn.") for u in urls]:
        got = _publisher(article, lex)
        assert (got.name if got else None) == _plain_publisher(article, lex), (article.id, article.url)
        found.add(got is not None)
    assert found == {True, False}
