"""Sentences and word tokens with character offsets into an article's full text."""
from __future__ import annotations

import re
from dataclasses import dataclass

from kg.model import Sentence
from kg.normalize.text import name_key

# A word: letters/digits, joined inside by apostrophes, dots, hyphens, slashes or ampersands
# (K’Tiêng, TP.HCM, 67-QĐ/TW, 22/9, 1.299, GD&ĐT).
_WORD = re.compile(r"(?:TP|Tp|TX|Q|P)\.(?=[^\W\d_])|[^\W_]+(?:[’'.\-/&][^\W_]+)*|[^\w\s]", re.UNICODE)
# A sentence ends at . ! ? … before a space and a capital, a quote or a digit.
_END = re.compile(r"(?<=[.!?…])[\"”’)]*\s+(?=[\"“‘(]?[^\W\d_]*[A-ZÀ-ỸĐ\d])")
_ABBREV_BEFORE = re.compile(r"(?:\b(?:TP|Tp|Q|P|TS|GS|PGS|ThS|BS|St|Mr|Mrs|Ms|Dr|TX|H|Th|KS|CN)|\b[A-ZĐ])\.$")


@dataclass(frozen=True)
class Token:
    text: str
    start: int
    end: int
    key: str  # name_key of the word ('' for punctuation)

    @property
    def is_word(self) -> bool:
        return bool(self.key)

    @property
    def cap(self) -> bool:
        return self.text[:1].isupper()

    @property
    def digit(self) -> bool:
        return self.text[:1].isdigit()


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
    for m in _WORD.finditer(text):
        # 'Vũ Sinh/TTXVN': a slash after a lowercase letter and before a capital parts a name
        # from a source; '67-QĐ/TW' and '22/9' stay whole
        cuts = [c.start() for c in _CREDIT_SLASH.finditer(m.group())
                if m.group()[c.start() - 1].islower() and m.group()[c.start() + 1].isupper()]
        for piece_start, piece_end in _pieces(m.start(), m.end(), [m.start() + c for c in cuts]):
            word = text[piece_start:piece_end]
            key = name_key(word) if word[0].isalnum() else ""
            toks.append(Token(word, offset + piece_start, offset + piece_end, key))
    return toks


def _pieces(start: int, end: int, slashes: list[int]) -> list[tuple[int, int]]:
    out, pos = [], start
    for s in slashes:
        out += [(pos, s), (s, s + 1)]
        pos = s + 1
    return out + [(pos, end)]


def span_key(tokens: list[Token]) -> str:
    return " ".join(t.key for t in tokens if t.key)
