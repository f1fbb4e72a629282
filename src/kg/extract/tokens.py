"""Sentences and word tokens with character offsets into an article's full text."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from kg.model import Sentence
from kg.normalize.text import name_key

# A word: letters/digits, joined inside by apostrophes, dots, hyphens, slashes or ampersands
# (K’Tiêng, TP.HCM, 67-QĐ/TW, 22/9, 1.299, GD&ĐT); a district's or ward's abbreviation stands
# apart from its name or number (Q.Thủ Đức, H.Phú Vang, Q.10, P.12), not from initials (H.R. McMaster).
_WORD = re.compile(r"(?:TP|Tp|TX)\.(?=[^\W\d_])|(?:Q|P|H)\.(?=[^\W\d_][^\W\d_A-ZĐ])|(?:Q|P)\.(?=\d)|[^\W_]+(?:[’'.\-/&][^\W_]+)*|[^\w\s]", re.UNICODE)
# A sentence ends at . ! ? … before a space and a capital, a quote or a digit.
_END = re.compile(r"(?<=[.!?…])[\"”’)]*\s+(?=[\"“‘(]?[^\W\d_]*[A-ZÀ-ỸĐ\d])")
_ABBREV_BEFORE = re.compile(r"(?:\b(?:TP|Tp|Q|P|TS|GS|PGS|ThS|BS|St|Mr|Mrs|Ms|Dr|TX|H|Th|KS|CN)|\b[A-ZĐ](?:\.[A-ZĐ])*)\.$")


@dataclass(frozen=True)
class Token:
    text: str
    start: int
    end: int
    key: str  # name_key of the word ('' for punctuation)

    # is_word, cap, digit: plain attributes set once, since every extractor asks for them at every token
    is_word: bool = field(init=False, repr=False, compare=False)  # has a key ('' for punctuation)
    cap: bool = field(init=False, repr=False, compare=False)  # starts with a capital
    digit: bool = field(init=False, repr=False, compare=False)  # starts with a digit

    def __post_init__(self) -> None:
        first = self.text[:1]
        object.__setattr__(self, "is_word", bool(self.key))
        object.__setattr__(self, "cap", first.isupper())
        object.__setattr__(self, "digit", first.isdigit())


def split_sentences(text: str) -> list[Sentence]:
    """Lines, then sentence ends inside a line; offsets stay those of `text`."""
    out: list[Sentence] = []
    pos = 0
    for line in text.split("\n"):
        start = pos
        pos += len(line) + 1
        cut = start
        for m in _END.finditer(line):
            end = start + m.start()
            if _ABBREV_BEFORE.search(text[cut:end]):
                continue
            _add(out, text, cut, end)
            cut = start + m.end()
        _add(out, text, cut, start + len(line))
    return out


def _add(out: list[Sentence], text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        out.append(Sentence(len(out), start, end, text[start:end]))


_CREDIT_SLASH = re.compile(r"(?<=[^\W\d_])/(?=[^\W\d_])")


def tokenize(text: str, offset: int = 0) -> list[Token]:
    toks = []
    new = object.__new__
    for m in _WORD.finditer(text):
        # 'Vũ Sinh/TTXVN': a slash after a lowercase letter and before a capital parts a name
        # from a source; '67-QĐ/TW' and '22/9' stay whole
        whole = m.group()
        cuts = [c.start() for c in _CREDIT_SLASH.finditer(whole)
                if whole[c.start() - 1].islower() and whole[c.start() + 1].isupper()] if "/" in whole else []
        for piece_start, piece_end in _pieces(m.start(), m.end(), [m.start() + c for c in cuts]):
            word = text[piece_start:piece_end]
            key = name_key(word) if word[0].isalnum() else ""
            # Token(word, start, end, key) without the frozen dataclass's per-field __init__ (hot)
            tok = new(Token)
            first = word[:1]
            tok.__dict__.update(text=word, start=offset + piece_start, end=offset + piece_end, key=key,
                                is_word=bool(key), cap=first.isupper(), digit=first.isdigit())
            toks.append(tok)
    return toks


def _pieces(start: int, end: int, slashes: list[int]) -> list[tuple[int, int]]:
    out, pos = [], start
    for s in slashes:
        out += [(pos, s), (s, s + 1)]
        pos = s + 1
    return out + [(pos, end)]


def span_key(tokens: list[Token]) -> str:
    return " ".join(t.key for t in tokens if t.key)
