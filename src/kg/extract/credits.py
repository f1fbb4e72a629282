"""Bylines and credits: the reporter's name on the article's last lines ('Thu Hà', 'TIẾN
THÀNH', 'Đình Nam/VOV-Miền Trung', 'Theo Quang Huy (Pháp luật TPHCM)') and the photographer's
after 'Ảnh:' ('Ảnh: VGP/Phương Liên'). Names there carry no honorific and often no surname."""
from __future__ import annotations

import re

from kg.extract.lexicon import Lexicon
from kg.extract.people import make_person
from kg.extract.tokens import Token, tokenize
from kg.model import Mention, Sentence

MAX_LINE_WORDS = 10
TAIL_LINES = 3
_NAME_WORD = re.compile(r"[A-ZÀ-ỸĐ][a-zà-ỹđ]+|[A-ZÀ-ỸĐ]{2,}")


def find_credits(text: str, sentences: list[Sentence], lex: Lexicon) -> list[Mention]:
    out: list[Mention] = []
    lines = [s for s in sentences if _whole_line(text, s)]
    for sent in lines[-TAIL_LINES:]:
        if sent.index == 0 or len(sent.text.split()) > MAX_LINE_WORDS:
            continue
        out += _byline(text, sent, lex)
    for sent in sentences:
        out += _photo_credits(text, sent, lex)
    return out


def _whole_line(text: str, sent: Sentence) -> bool:
    before = text[sent.start - 1] if sent.start else "\n"
    after = text[sent.end] if sent.end < len(text) else "\n"
    return before == "\n" and after in "\n"


def _byline(text: str, sent: Sentence, lex: Lexicon) -> list[Mention]:
    """Names at the head of a short closing line, before any '/', '(' or the line's end."""
    toks = tokenize(sent.text, sent.start)
    i = 1 if toks and toks[0].text == "Theo" else 0
    out = []
    while i < len(toks):
        n = _name_len(toks, i, lex)
        if not n:
            break
        out.append(_person(text, toks[i:i + n], sent.index))
        i += n
        if i < len(toks) and toks[i].text in ("-", "–", ",", "và") and i + 1 < len(toks):
            i += 1
            continue
        break
    if not out:
        return []
    rest = toks[i:]
    # the byline is the whole line but for sources and a note ('lược dịch', '(Tổng hợp)')
    if rest and rest[0].text not in ("/", "(", "-", "–", ",", ":") and not _note(rest, lex):
        return []
    return out


def _note(toks: list[Token], lex: Lexicon) -> bool:
    notes = lex.words["byline_notes"]
    return toks[0].key in notes or " ".join(t.key for t in toks[:2]) in notes


def _photo_credits(text: str, sent: Sentence, lex: Lexicon) -> list[Mention]:
    out = []
    for m in re.finditer(r"Ảnh\s*:\s*", sent.text):
        toks = tokenize(sent.text[m.end():], sent.start + m.end())
        i = 0
        if len(toks) > 2 and toks[1].text == "/":
            i = 2  # 'Ảnh: VGP/Phương Liên': the agency, then the photographer
        n = _name_len(toks, i, lex)
        if n and (i + n == len(toks) or toks[i + n].text in ("/", ")", ",", ".", "-")):
            out.append(_person(text, toks[i:i + n], sent.index))
    return out


def _name_len(toks: list[Token], i: int, lex: Lexicon) -> int:
    """Two to four capitalized (or all-capital) Vietnamese syllables from i."""
    n = 0
    while i + n < len(toks) and n < 4 and _NAME_WORD.fullmatch(toks[i + n].text) and \
            toks[i + n].text not in lex.words["not_names"] and not _note(toks[i + n:], lex):
        n += 1
    if n < 2 or any(len(t.text) > 7 for t in toks[i:i + n]):
        return 0
    words = [t.key for t in toks[i:i + n]]
    if " ".join(words) in lex.places and len(words) > 2:
        return 0
    return n


def _person(text: str, toks: list[Token], sentence: int) -> Mention:
    m = make_person(text, toks, sentence, "person:byline")
    if m.surface.isupper():  # 'TIẾN THÀNH' is the name 'Tiến Thành'
        m.name = " ".join(w.capitalize() for w in m.surface.split())
        m.key = "person:" + " ".join(t.key for t in toks)
    return m
