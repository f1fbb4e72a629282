"""The shortcuts extraction takes for speed give the answers of the plain readings they replace:
the tokens and bits read by runs of characters, and the triggers found by one scan."""
from __future__ import annotations

from conftest import shared

from kg.extract.features import _token_bits, sentence_tokens, token_bits
from kg.extract.index import find_triggers, forget_memos
from kg.extract.lexicon import lexicon
from kg.extract.tokens import split_sentences, tokenize
from kg.ingest import read_articles


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
