"""Posts and titles from the lexicon (Bí thư, Phó Chủ nhiệm Thường trực, Đại tướng), and the
'former' words before them (cựu, nguyên)."""
from __future__ import annotations

from dataclasses import dataclass
from functools import cache

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


def match_title(toks: list[Token], i: int, lex: Lexicon) -> TitleHit | None:
    former = False
    j = i
    former_words = lex.words["former"]
    for n in (3, 2, 1):
        if j + n <= len(toks) and " ".join(t.text.lower() for t in toks[j:j + n]) in former_words:
            former, j = True, j + n
            break
    table = _table()
    for n in range(6, 0, -1):
        if j + n > len(toks) or not toks[j].is_word:
            continue
        key = " ".join(t.key for t in toks[j:j + n])
        if key in table and all(t.is_word for t in toks[j:j + n]):
            canon, _, rank = table[key]
            return TitleHit(i, j + n, canon, former, rank, toks[j + n - 1].key == "ban")
    return None
