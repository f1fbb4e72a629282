"""Posts and titles from the lexicon (Bí thư, Phó Chủ nhiệm Thường trực, Đại tướng), and the
'former' words before them (cựu, nguyên)."""
from __future__ import annotations

from functools import cache
from typing import NamedTuple

from kg.extract.index import _MEMO as _LAST_MEMO
from kg.extract.index import first_word, key_starts, lex_index, memo_of
from kg.extract.lexicon import Lexicon, lexicon
from kg.extract.tokens import Token
from kg.normalize.text import name_key


class TitleHit(NamedTuple):
    """A title found (never changed once made: match_title keeps it for the sentence). A named
    tuple rather than a frozen dataclass, whose __init__ sets each field through
    object.__setattr__: 2.0 -> 0.7 us a hit, ~20 hits an article."""

    start: int  # token index (the former word included)
    end: int  # token index, exclusive
    role: str  # canonical
    former: bool
    rank: bool
    ends_in_ban: bool  # 'Trưởng ban Tổ chức': the title shares its 'Ban' with the body after it


@cache
def _table() -> dict[str, tuple[str, int, bool]]:
    lex = lexicon()
    out = {}
    for line in lex.titles:
        written, _, canon = line.partition(" = ")
        canon = canon or written
        out[name_key(written)] = (canon, len(written.split()), line in lex.ranks)
    return out


@cache
def _starts() -> frozenset[str]:
    """Each title key's first word, first two words, ... and the whole key."""
    return key_starts(_table())


@cache
def _first_words() -> dict[str, int]:
    """First word of each title key -> the most words a title key with it has."""
    out: dict[str, int] = {}
    for k in _table():
        out[first_word(k)] = max(out.get(first_word(k), 0), len(k.split(" ")))
    return out


def match_title(toks: list[Token], i: int, lex: Lexicon) -> TitleHit | None:
    """The title at token i (a 'former' word before it included), or None."""
    if i >= len(toks):
        return None
    # the lexicon's memo of _opens, without a call to lex_index: this runs at nearly every token
    opens = (_OPENS[1] if _OPENS[0] is lex else _opens_memo(lex)).get(toks[i].text)
    if opens is None:
        opens = _opens(toks[i], lex)
    if not opens[0]:  # no 'former' word opens here
        # no title here, told from the first two words by what the word's memo keeps of its
        # key (_after_first): three in four of the words that may open a title open none,
        # most of them on their second word
        most, single, rests = opens[1], opens[2], opens[3]
        if not most or rests is None:
            return None  # no title key starts with this key
        if not single and (most < 2 or i + 1 >= len(toks) or not toks[i + 1].is_word or toks[i + 1].key not in rests):
            return None
    last = _LAST_MEMO  # memo_of(toks, lex), its usual answer (the list asked about last) without the call
    memo = last[2] if last[0] is toks and last[1] is lex else memo_of(toks, lex)
    hit = memo.get(("title", i), _UNKNOWN)
    if hit is _UNKNOWN:
        hit = memo["title", i] = _match_title(toks, i, lex, opens[0], opens[1])
    return hit


@cache
def _after_first() -> dict[str, tuple[bool, frozenset[str]]]:
    """For each key that starts a title key (_starts): whether it is a title key itself, and
    what follows it, after a space, in the title keys' starts: f'{key} {rest}' in _starts()
    is rest in this set, without the string built. match_title reads it to tell, from the
    first two words, that _match_title finds no title at a word (no 'former' word opening
    there): no title key starts with the word's key, or none of two words or more goes on with
    the next word's key and the word is no title of one word."""
    table, starts = _table(), _starts()
    rests: dict[str, set[str]] = {}
    for s in starts:
        words = s.split(" ")
        for n in range(1, len(words)):
            rests.setdefault(" ".join(words[:n]), set()).add(" ".join(words[n:]))
    return {k: (k in table, frozenset(rests.get(k, ()))) for k in starts}


def title_opens(tok: Token, lex: Lexicon) -> tuple[bool, int]:
    """What match_title() reads at a token before anything else: whether a 'former' word may
    open at it, and the most words of a title opening with it (memoized by the text)."""
    opens = (_OPENS[1] if _OPENS[0] is lex else _opens_memo(lex)).get(tok.text)
    return (opens if opens is not None else _opens(tok, lex))[:2]


_UNKNOWN = object()
_OPENS: list = [None, {}]  # the lexicon asked about last, and its index's title_opens


def _opens_memo(lex: Lexicon) -> dict[str, tuple[bool, int]]:
    _OPENS[0], _OPENS[1] = lex, lex_index(lex).title_opens
    return _OPENS[1]


def _match_title(toks: list[Token], i: int, lex: Lexicon, former_first: bool, most: int) -> TitleHit | None:
    former = False
    j = i
    if former_first:
        former_words = lex.words["former"]
        for n in (3, 2, 1):
            if j + n <= len(toks) and " ".join([t.text.lower() for t in toks[j:j + n]]) in former_words:
                former, j = True, j + n
                break
        if j >= len(toks):
            return None
        if j > i:
            most = _first_words().get(first_word(toks[j].key), 0)
        if not most:
            return None
    # the keys of the word tokens from j, up to the most words a title opening with this word has
    # (n word tokens make a key of n words or more); the longest in the table wins. Once a key
    # opens no title key, no longer one is a title
    table, starts = _table(), _starts()
    key, found, end = "", None, j
    for n, t in enumerate(toks[j:j + min(6, most)], 1):
        if not t.is_word:
            break
        key = f"{key} {t.key}" if key else t.key
        if key not in starts:
            break
        hit = table.get(key)
        if hit is not None:
            found, end = hit, j + n
    if found is None:
        return None
    canon, _, rank = found
    return TitleHit(i, end, canon, former, rank, toks[end - 1].key == "ban")


def _opens(tok: Token, lex: Lexicon) -> tuple[bool, int, bool, frozenset[str] | None]:
    """Whether a 'former' word may open at this word, the most words of a title opening with
    it (0: none), and what match_title reads of its key to rule a title out: whether it is a
    title key, and what may follow it (None: no title key starts with it). Memoized by the word's text, which its
    key is made from."""
    after = _after_first().get(tok.key) if tok.is_word else None
    single, rests = after if after is not None else (False, None)
    found = (tok.text.lower() in lex_index(lex).former_first, _first_words().get(first_word(tok.key), 0), single, rests)
    lex_index(lex).title_opens[tok.text] = found
    return found
