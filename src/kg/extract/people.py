"""Persons: capitalized runs that open with a Vietnamese surname, or that follow an
honorific (ông, bà, đồng chí, bị cáo) or a title (Bộ trưởng Ngô Xuân Lịch)."""
from __future__ import annotations

from kg.extract.index import lex_index, uncovered
from kg.extract.lexicon import Lexicon
from kg.extract.places import gazetteer_match
from kg.extract.titles import match_title
from kg.extract.tokens import Token, span_key
from kg.model import PERSON, Mention
from kg.normalize.text import fold_tones

MAX_LEN = 5


def _is_surname(tok: Token, lex: Lexicon) -> bool:
    if tok.text in lex.surnames:
        return True
    # 'NguyễnPhan' (a missing space): a surname glued to a capitalized word
    glued = lex_index(lex).glued
    if tok.text not in glued:
        glued[tok.text] = any(tok.text.startswith(s) and tok.text[len(s):][:1].isupper()
                              for s in lex_index(lex).glued_surnames)
    return glued[tok.text]


def _cap_word(tok: Token, lex: Lexicon, first: bool = True) -> bool:
    if not (tok.is_word and tok.cap and not tok.digit):
        return False
    if first and tok.text in lex_index(lex).not_names:
        return False
    return not tok.text.isupper() or len(tok.text) == 1


def cue_before(toks: list[Token], i: int, lex: Lexicon) -> bool:
    """An honorific or person cue right before token i."""
    index = lex_index(lex)
    if i < 1 or toks[i - 1].text not in index.cue_last:
        return False
    cues = index.cues
    for n in (2, 1):
        if i - n >= 0 and " ".join(t.text for t in toks[i - n:i]) in cues:
            return True
    return False


def person_run(toks: list[Token], i: int, lex: Lexicon, cued: bool) -> int:
    """Length of the person name at i (0 if none)."""
    if i >= len(toks) or not _cap_word(toks[i], lex) or match_title(toks, i, lex) is not None:
        return 0
    n = 0
    while i + n < len(toks) and n < MAX_LEN and _cap_word(toks[i + n], lex, first=n == 0):
        n += 1
    if n == 0:
        return 0
    if not cued:
        if not _is_surname(toks[i], lex) or n < 2:
            return 0
        g = gazetteer_match(toks, i, lex)
        if g == n:  # 'Hà Nội', 'Lê Lợi'? the gazetteer knows places, not people
            return 0
    return n


def find_people(text: str, toks: list[Token], sentence: int, lex: Lexicon, taken: list[tuple[int, int]]) -> list[Mention]:
    out: list[Mention] = []
    i = 0
    free = uncovered(toks, taken)
    while i < len(toks):
        if not free[i]:
            i += 1
            continue
        cued = cue_before(toks, i, lex)
        n = person_run(toks, i, lex, cued)
        if n:
            out.append(make_person(text, toks[i:i + n], sentence, "person:cue" if cued else "person:surname"))
            i += n
        else:
            i += 1
    return out


def make_person(text: str, toks: list[Token], sentence: int, rule: str) -> Mention:
    start, end = toks[0].start, toks[-1].end
    surface = text[start:end]
    name = fold_tones(surface)
    for s in ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Phan", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô"):
        if name.startswith(s) and name[len(s):][:1].isupper():
            name = s + " " + name[len(s):]
    return Mention(PERSON, name, surface, start, end, sentence, rule, key="person:" + span_key(toks).replace("’", "'"),
                   attrs={"tokens": len(toks) + (name.count(" ") - surface.count(" "))})
