"""Sentences and word tokens with character offsets into an article's full text."""
from __future__ import annotations

import re
from bisect import bisect_left
from operator import attrgetter
from typing import Callable

from kg.model import Sentence
from kg.normalize.text import name_key

# A word: letters/digits, joined inside by apostrophes, dots, hyphens, slashes or ampersands
# (K’Tiêng, TP.HCM, 67-QĐ/TW, 22/9, 1.299, GD&ĐT); a district's or ward's abbreviation stands
# apart from its name or number (Q.Thủ Đức, H.Phú Vang, Q.10, P.12), not from initials (H.R. McMaster).
_WORD = re.compile(r"(?:TP|Tp|TX)\.(?=[^\W\d_])|(?:Q|P|H)\.(?=[^\W\d_][^\W\d_A-ZĐ])|(?:Q|P)\.(?=\d)|[^\W_]+(?:[’'.\-/&][^\W_]+)*|[^\w\s]", re.UNICODE)
# A sentence ends at . ! ? … before a space and a capital, a quote or a digit. The mark is part
# of the match (it ends the sentence: one character after the match's start) rather than a
# look-behind, so that re skips to the next mark instead of trying each position.
_END = re.compile(r"[.!?…][\"”’)]*\s+(?=[\"“‘(]?[^\W\d_]*[A-ZÀ-ỸĐ\d])")
# The same for a line whose only mark is '.' (most lines): a pattern that opens on one plain
# character makes re skip to its next occurrence by a plain comparison, where a set of four
# made it test each character against each
_END_DOT = re.compile(r"\.[\"”’)]*\s+(?=[\"“‘(]?[^\W\d_]*[A-ZÀ-ỸĐ\d])")
_ABBREV_BEFORE = re.compile(r"(?:\b(?:TP|Tp|Q|P|TS|GS|PGS|ThS|BS|St|Mr|Mrs|Ms|Dr|TX|H|Th|KS|CN)|\b[A-ZĐ](?:\.[A-ZĐ])*)\.$")


class Token:
    """A word or a punctuation mark of a sentence, with offsets into the article's full text.

    Tokens are never changed once made. A plain class with __slots__ rather than a frozen
    dataclass: tokenizing made one per word through the dataclass machinery, and that was a
    tenth of extraction time. Equality and hashing are the dataclass's (text, start, end, key)."""

    __slots__ = ("text", "start", "end", "key", "is_word", "cap", "digit")

    def __init__(self, text: str, start: int, end: int, key: str) -> None:
        self.text, self.start, self.end, self.key = text, start, end, key  # key: name_key ('' for punctuation)
        # asked for at every token by every extractor, so set once
        self.is_word, self.cap, self.digit = _flags(text, key)

    def _fields(self) -> tuple[str, int, int, str]:
        return self.text, self.start, self.end, self.key

    def __eq__(self, other: object) -> bool:
        return self._fields() == other._fields() if isinstance(other, Token) else NotImplemented

    def __hash__(self) -> int:
        return hash(self._fields())

    def __repr__(self) -> str:
        return f"Token(text={self.text!r}, start={self.start!r}, end={self.end!r}, key={self.key!r})"


class _Made(Token):
    """A Token whose fields tokenize sets one by one. Its __init__ is object's, so that calling
    the class makes an empty one: cheaper than object.__new__(Token), whose wrapper copies its
    arguments into a new tuple (one per word of every article)."""

    __slots__ = ()
    __init__ = object.__init__


def _flags(text: str, key: str) -> tuple[bool, bool, bool]:
    """is_word (has a key), cap (starts with a capital), digit (starts with a digit)."""
    first = text[:1]
    return bool(key), first.isupper(), first.isdigit()


def split_sentences(text: str) -> list[Sentence]:
    """Lines, then sentence ends inside a line; offsets stay those of `text`."""
    out: list[Sentence] = []
    pos = 0
    for line in text.split("\n"):
        start = pos
        pos += len(line) + 1
        cut = start
        ends = _END if "!" in line or "?" in line or "…" in line else _END_DOT
        for m in ends.finditer(line):
            end = start + m.start() + 1
            # an abbreviation ends at `end`: its last 5 characters hold any match (4 at most, and
            # the one before for the \b; a run of initials 'A.B.' also ends in one, 'B.'), and
            # the character before `cut` is a space or none, as the \b at a slice's start reads
            if _ABBREV_BEFORE.search(text, max(cut, end - 5), end):
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


_WORDS: dict[str, tuple[str, bool, bool, bool]] = {}  # word -> key and flags: words recur
_WORDS_MAX = 1 << 18


Pieces = tuple[tuple[int, int, str, str, bool, bool, bool], ...]  # see chunk_pieces
# A table of marks: each run of non-space characters -> (its pieces, a mark for each of its
# tokens, len(run) + 1: where the next run starts), and how to make the entry of a run it does
# not hold yet (run_entry: which keeps it there)
Entry = tuple[Pieces, bytes, int]
Marks = tuple[dict[str, Entry], Callable[[str], Entry]]

_CHUNKS: dict[str, Entry] = {}  # run -> (its pieces, no marks: b""): see tokenize
_CHUNKS_MAX = 1 << 18


def tokenize(text: str, offset: int = 0) -> list[Token]:
    """The words and punctuation marks of `text`, as _WORD finds them, with offsets + `offset`.

    No match of _WORD holds a space, and none looks past one (its look-aheads ask for a letter
    or a digit), so the tokens of the text are those of each run of non-space characters
    apart: each distinct run ('Nội,', '(TTXVN)') is read once, and its tokens are kept."""
    return tokenize_marked(text, offset, _PLAIN, bytearray())


def tokenize_marked(text: str, offset: int, marks: Marks, out) -> list[Token]:
    """tokenize(text, offset), and the marks of its tokens added to `out` in order (a
    bytearray; each run's marks are bytes), read from a table of marks by the runs of
    characters the tokens come from (features.token_bits' bits are such marks: what a run's
    tokens are and what they mark are read by one lookup a run)."""
    toks: list[Token] = []
    table, make = marks
    if not text.isprintable():
        # space characters other than ' ' (none prints): each run starts at its first
        # occurrence from the end of the last, only spaces are between
        find, pos = text.find, 0
        for chunk in text.split():
            start = find(chunk, pos)
            pos = start + len(chunk)
            entry = table.get(chunk) or make(chunk)
            _add_pieces(toks, entry[0], offset + start)
            out += entry[1]
        return toks
    # runs parted by ' ' alone (nearly every sentence): each starts one character after the
    # last ends, without a search for it ('' between two spaces: no token, one character)
    get, append, at = table.get, toks.append, offset
    marked = []  # each run's marks, joined once at the end: rather than a bytearray grown a run at a time
    add_marks = marked.append
    for chunk in text.split(" "):
        entry = get(chunk)
        if entry is None:
            entry = make(chunk)
        pieces, chunk_marks, step = entry
        for piece_start, piece_end, word, key, is_word, cap, digit in pieces:
            tok = _Made()  # Token(word, ...) without a call to __init__: one per word of every article
            # one store a field: a multiple assignment of four builds and unpacks a tuple
            tok.text = word
            # a run's first token starts with it (nearly every token: most runs are one word):
            # its start is the run's, not a new number made and freed again
            tok.start = at + piece_start if piece_start else at
            tok.end = at + piece_end
            tok.key = key
            tok.is_word = is_word
            tok.cap = cap
            tok.digit = digit
            append(tok)
        add_marks(chunk_marks)
        at += step  # len(chunk) + 1, kept with the run
    out += b"".join(marked)
    return toks


def _add_pieces(toks: list[Token], pieces: Pieces, at: int) -> None:
    """The tokens of a run of non-space characters that starts at offset `at`, appended."""
    for piece_start, piece_end, word, key, is_word, cap, digit in pieces:
        tok = _Made()
        tok.text, tok.start, tok.end, tok.key = word, at + piece_start, at + piece_end, key
        tok.is_word, tok.cap, tok.digit = is_word, cap, digit
        toks.append(tok)


def chunk_pieces(chunk: str) -> Pieces:
    """(start, end, text, key, is_word, cap, digit) of each token tokenize() makes of a run of
    non-space characters, with offsets from the run's start."""
    entry = _CHUNKS.get(chunk)
    return entry[0] if entry is not None else _plain(chunk)[0]


def _plain(chunk: str) -> Entry:
    """A run's entry of the table of no marks: its pieces, read by _WORD and kept."""
    if len(_CHUNKS) >= _CHUNKS_MAX:
        _CHUNKS.clear()
    entry = _CHUNKS[chunk] = run_entry(chunk, _chunk_pieces(chunk), b"")
    return entry


def run_entry(chunk: str, pieces: Pieces, marks) -> Entry:
    """The entry of a table of marks for a run of characters, its pieces and their marks."""
    return pieces, marks, len(chunk) + 1


_PLAIN: Marks = (_CHUNKS, _plain)


def _chunk_pieces(chunk: str) -> tuple[tuple[int, int, str, str, bool, bool, bool], ...]:
    """(start, end, text, key, is_word, cap, digit) of each token of a run of non-space characters."""
    out = []
    for m in _WORD.finditer(chunk):
        whole = m.group()
        start, end = m.span()
        # 'Vũ Sinh/TTXVN': a slash after a lowercase letter and before a capital parts a name
        # from a source; '67-QĐ/TW' and '22/9' stay whole
        cuts = [c.start() for c in _CREDIT_SLASH.finditer(whole)
                if whole[c.start() - 1].islower() and whole[c.start() + 1].isupper()] if "/" in whole else None
        spans = _pieces(start, end, [start + c for c in cuts]) if cuts else [(start, end)]
        for piece_start, piece_end in spans:
            t = _token(chunk[piece_start:piece_end], piece_start, piece_end)
            out.append((piece_start, piece_end, t.text, t.key, t.is_word, t.cap, t.digit))
    return tuple(out)


def _token(word: str, start: int, end: int) -> Token:
    """Token(word, start, end, name_key(word)), its key and flags read from the table of the
    words seen, without a call to __init__ (one per word of every article)."""
    info = _WORDS.get(word)
    if info is None:
        if len(_WORDS) >= _WORDS_MAX:
            _WORDS.clear()
        key = name_key(word) if word[0].isalnum() else ""
        info = _WORDS[word] = (key, *_flags(word, key))
    tok = _Made()
    tok.text, tok.start, tok.end = word, start, end
    tok.key, tok.is_word, tok.cap, tok.digit = info
    return tok


def _pieces(start: int, end: int, slashes: list[int]) -> list[tuple[int, int]]:
    out, pos = [], start
    for s in slashes:
        out += [(pos, s), (s, s + 1)]
        pos = s + 1
    return out + [(pos, end)]


_start, _end = attrgetter("start"), attrgetter("end")


def token_starting(toks: list[Token], offset: int) -> int | None:
    """The position of the token of `toks` (tokenize's, or a part of them) that starts at this
    offset, or None. Tokens are in text order and never overlap, so their starts rise."""
    k = bisect_left(toks, offset, key=_start)
    return k if k < len(toks) and toks[k].start == offset else None


def token_ending(toks: list[Token], offset: int) -> int | None:
    """The position of the token that ends at this offset, or None (their ends rise too)."""
    k = bisect_left(toks, offset, key=_end)
    return k if k < len(toks) and toks[k].end == offset else None


def span_key(tokens: list[Token]) -> str:
    """The keys of these tokens joined, punctuation's (no key) left out. One token or two (most
    spans asked about) without a list comprehension, whose frame cost more than the join."""
    if len(tokens) == 1:
        return tokens[0].key
    if len(tokens) == 2:
        first, second = tokens[0].key, tokens[1].key
        return f"{first} {second}" if first and second else first or second
    return " ".join([t.key for t in tokens if t.key])
