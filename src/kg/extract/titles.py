"""Posts and titles from the lexicon (Bí thư, Phó Chủ nhiệm Thường trực, Đại tướng), and the
'former' words before them (cựu, nguyên)."""
from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from kg.extract.index import first_word, lex_index
from kg.extract.lexicon import Lexicon, lexicon
from kg.extract.tokens import Token
from kg.normalize.text import name_key


@dataclass(frozen=True)
class TitleHit:
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
def _first_words() -> dict[str, int]:
    """First word of each title key -> the most words a title key with it has."""
    out: dict[str, int] = {}
    for k in _table():
        out[first_word(k)] = max(out.get(first_word(k), 0), len(k.split(" ")))
    return out


def match_title(toks: list[Token], i: int, lex: Lexicon) -> TitleHit | None:
    if i >= len(toks):
        return None
    if toks[i].text.lower() not in lex_index(lex).former_first and first_word(toks[i].key) not in _first_words():
        return None  # neither a 'former' word nor the first word of a title
    former = False
    j = i
    former_words = lex.words["former"]
    for n in (3, 2, 1):
        if i >= len(toks) or toks[i].text.lower() not in lex_index(lex).former_first:
            break
        if j + n <= len(toks) and " ".join(t.text.lower() for t in toks[j:j + n]) in former_words:
            former, j = True, j + n
            break
    table = _table()
    if toks[j:j + 1] and first_word(toks[j].key) not in _first_words():
        return None
    # n word tokens make a key of n words or more: longer spans than the longest title can't match
    for n in range(min(6, _first_words().get(first_word(toks[j].key), 6) if j < len(toks) else 6), 0, -1):
        if j + n > len(toks) or not toks[j].is_word:
            continue
        key = " ".join(t.key for t in toks[j:j + n])
        if key in table and all(t.is_word for t in toks[j:j + n]):
            canon, _, rank = table[key]
            return TitleHit(i, j + n, canon, former, rank, toks[j + n - 1].key == "ban")
    return None
