"""Persons: capitalized runs that open with a Vietnamese surname, or that follow an
honorific (ông, bà, đồng chí, bị cáo) or a title (Bộ trưởng Ngô Xuân Lịch)."""
from __future__ import annotations

import re

from kg.extract.features import CAP, GAZ, PLACE_OPEN, TITLE, positions, token_bits
from kg.extract.index import lex_index, per_lexicon, uncovered
from kg.extract.lexicon import Lexicon
from kg.extract.places import _VI_SYLLABLE, gazetteer_match, place_prefix, site_prefix, weak_place
from kg.extract.titles import match_title
from kg.extract.tokens import Token, span_key
from kg.model import PERSON, Mention
from kg.normalize.text import fold_tones, strip_diacritics

MAX_LEN = 5


def _is_surname(tok: Token, lex: Lexicon) -> bool:
    if tok.text in lex.surnames:
        return True
    # 'NguyễnPhan' (a missing space): a surname glued to a capitalized word
    glued = lex_index(lex).glued
    if tok.text not in glued:
        glued[tok.text] = _glued_surname(tok.text, lex)
    return glued[tok.text]


def _glued_surname(text: str, lex: Lexicon) -> bool:
    """Whether the word opens with a surname of two characters or more and a capital after it:
    the word's start of each length a surname has, looked up in their set, rather than a test
    of every surname (asked for each capitalized word not seen before)."""
    lengths, names = _glued_table(lex)
    for n in lengths:  # rising
        if n >= len(text):
            break  # no capital after it
        if text[:n] in names and text[n].isupper():
            return True
    return False


def _glued_lengths(lex: Lexicon) -> tuple[list[int], frozenset[str]]:
    names = lex_index(lex).glued_surnames
    return sorted({len(s) for s in names}), frozenset(names)


_glued_table = per_lexicon(_glued_lengths)


def _cap_word(tok: Token, lex: Lexicon, first: bool = True) -> bool:
    if not (tok.is_word and tok.cap and not tok.digit):
        return False
    if first and tok.text in lex_index(lex).not_names:
        return False
    return not tok.text.isupper() or len(tok.text) == 1


def _place_word_before(toks: list[Token], i: int, lex: Lexicon) -> bool:
    """'thành phố Hồ Chí Minh', 'xã Viên Bình': a place's kind word right before i."""
    for n in (2, 1):  # a loop, not any() over a generator: asked at most capitalized words
        if i - n >= 0:
            pref = place_prefix(toks, i - n, lex)
            if pref is not None and pref[1] == n:
                return True
    return False


def _place_then_foreign(toks: list[Token], i: int, g: int, lex: Lexicon) -> bool:
    """'hoàng đế La Mã Marcus Aurelius', 'Thái Lan Sriwara ...': a known place of two words or
    more, then a name no Vietnamese syllable spells (or another place), is the place and a
    foreigner's name."""
    return g >= 2 and i + g < len(toks) and toks[i + g].is_word and toks[i + g].cap and (
        foreign_name(toks[i + g:i + g + 1], lex) or gazetteer_match(toks, i + g, lex) > 0)  # 'Thái Bình Dương Mỹ'


def _named_after_before(toks: list[Token], i: int, lex: Lexicon) -> bool:
    """'đường', 'đại lộ', 'trường' right before i: what follows names a street or a school."""
    words = lex.words["named_after_words"]
    # the two words before i, then the one: asked at most capitalized words, so without a generator
    return (i >= 2 and f"{toks[i - 2].key} {toks[i - 1].key}" in words) or (i >= 1 and toks[i - 1].key in words)


def _honorific_before(toks: list[Token], i: int, lex: Lexicon) -> bool:
    return any(i - n >= 0 and " ".join([t.text for t in toks[i - n:i]]) in lex.words["honorifics"] for n in (2, 1))


def cue_before(toks: list[Token], i: int, lex: Lexicon) -> bool:
    """An honorific or person cue right before token i."""
    index = lex_index(lex)
    if i < 1 or toks[i - 1].text not in index.cue_last:
        return False
    cues = index.cues
    for n in (2, 1):
        if i - n >= 0 and " ".join([t.text for t in toks[i - n:i]]) in cues:
            return True
    return False


_INITIAL = re.compile(r"[A-Z](?:\.[A-Z])*")
# the particles as a set: a lookup rather than a pattern's fullmatch, asked at each word a name may go on with
_PARTICLES = frozenset("al el bin ibn da de di do dos du van von der del della la le".split())
_PARTICLE_GLUED = re.compile(r"(?:al|el|ad|as|ash|at|bin|ibn)-[A-Z][a-z]+")


def _joint(toks: list[Token], i: int, k: int, lex: Lexicon) -> int:
    """Tokens at k inside a foreign name that are not capitalized words: an initial's dot
    ('George W. Bush', 'H.R. McMaster') or a particle ('Bashar al-Assad', 'Lula da Silva').
    How many tokens to take, the word after the joint included; 0 if none. A Vietnamese
    name has neither."""
    if _is_surname(toks[i], lex):
        return 0
    nxt = toks[k + 1] if k + 1 < len(toks) else None
    t = toks[k]
    if t.text == "." and _INITIAL.fullmatch(toks[k - 1].text) and nxt is not None and _cap_word(nxt, lex, first=False) \
            and toks[k - 1].end == t.start:
        return 2
    # the plain tests before the patterns (asked at each word a name may go on with): a '.' in
    # an initial of two letters, a '-' in a glued particle
    if "." in t.text and _INITIAL.fullmatch(t.text) and nxt is not None and nxt.text == ".":
        return 1  # 'H.R' before its dot
    if "-" in t.text and _PARTICLE_GLUED.fullmatch(t.text):
        return 1
    if t.text in _PARTICLES and nxt is not None and _cap_word(nxt, lex, first=False) and not nxt.text.isupper():
        return 2
    return 0


def person_run(toks: list[Token], i: int, lex: Lexicon, cued: bool, bits: list[int] | None = None) -> int:
    """Length of the person name at i (0 if none). `bits`: token_bits(toks, lex), when the
    caller has them: a title starts only at a word with TITLE (match_title finds none elsewhere)."""
    if i >= len(toks):
        return 0
    if not _cap_word(toks[i], lex) and not (toks[i].cap and _INITIAL.fullmatch(toks[i].text) and _joint(toks, i, i, lex)):
        return 0  # 'H.R. McMaster' opens with initials
    # after the cheaper test above: most words fail it
    if (bits is None or bits[i] & TITLE) and match_title(toks, i, lex) is not None:
        return 0
    n = 0
    while i + n < len(toks) and n < MAX_LEN:
        if _cap_word(toks[i + n], lex, first=n == 0) and (
                n == 0 or (bits is not None and not bits[i + n] & TITLE) or match_title(toks, i + n, lex) is None):
            n += 1  # 'Nguyễn Văn A Chủ tịch ...': a title ends the name
            continue
        joint = _joint(toks, i, i + n, lex) if n or toks[i].text.isupper() else 0
        if not joint:
            break
        n += joint
    if n == 0:
        return 0
    if n > 1 and toks[i].text in lex_index(lex).not_org_acronyms:
        return 0  # 'ông chủ Facebook Mark Zuckerberg': the name starts after the platform's
    if gazetteer_match(toks, i, lex) == n and not _honorific_before(toks, i, lex):
        return 0  # 'bệnh nhân Việt Nam', 'thành phố Hồ Chí Minh'
    if toks[i].key in lex.words["named_after_words"] and i + 1 < len(toks) and _is_surname(toks[i + 1], lex):
        return 0  # 'Đường Phạm Ngọc Thạch' opening a line: the street, though Đường is a surname too
    if _place_word_before(toks, i, lex) or (not cued and _named_after_before(toks, i, lex)):
        return 0  # 'đường Phạm Ngọc Thạch', 'trường Lương Thế Vinh': named after a person, not one
    if not cued:
        if n < 2:
            return 0
        if not _is_surname(toks[i], lex):
            words = [t for t in toks[i:i + n] if t.cap and t.text != "."]
            return n if foreign_name(words, lex) and not _not_person_before(toks, i, lex) else 0
        g = gazetteer_match(toks, i, lex)
        if g == n:  # 'Hà Nội', 'Lê Lợi'? the gazetteer knows places, not people
            return 0
    return n


_LATIN = re.compile(r"[A-Za-zÀ-ÖØ-öø-ÿ’'\-]+")


def _not_person_before(toks: list[Token], i: int, lex: Lexicon) -> bool:
    """'tại North Carolina', 'tờ Le Monde', 'tàu Veliky Novgorod': a place, a paper, a ship."""
    for n in (2, 1):
        if i - n >= 0:
            before = " ".join([t.text.lower() for t in toks[i - n:i]])
            if before in lex.words["place_preps"] or before in lex.words["org_cues"] or \
                    before in lex.words["thing_cues"] or before in lex.words["place_prefixes"]:
                return True
    return False


def foreign_name(toks: list[Token], lex: Lexicon) -> bool:
    """'Donald Trump', 'Tobias Köhler': capitalized words written without Vietnamese letters, one
    of which no Vietnamese syllable could spell, that neither the gazetteer nor the organization
    words claim."""
    words = [t.text for t in toks]
    if words[0] in ("The", "Le", "La", "Les", "El", "Der", "Die", "Das") or \
            not all((_LATIN.fullmatch(w) and not w.isupper()) or _INITIAL.fullmatch(w) for w in words) or \
            all(_INITIAL.fullmatch(w) for w in words):
        return False  # 'George W. Bush', 'H.R. McMaster' hold initials; a run of capitals is no name
    plain = [strip_diacritics(w) for w in words]
    if all(_VI_SYLLABLE.fullmatch(p.lower()) for p in plain):
        return False
    if any(p != w and _VI_SYLLABLE.fullmatch(p.lower()) for p, w in zip(plain, words)):
        return False  # 'Tiên', 'Hồ': a Vietnamese syllable with its marks
    g = gazetteer_match(toks, 0, lex)
    if (g and not weak_place(toks, 0, g, lex)) or any(w in lex.words["foreign_org_words"] for w in words):
        return False
    if any(w.lower() in lex.english for w in words):
        return False  # 'Net Worth', 'Getty Images': English words name a title, a firm, a product
    return not any(w in lex.words["not_names"] for w in words)


def _after_title(toks: list[Token], i: int, lex: Lexicon, taken: list[tuple[int, int]], bits: list[int]) -> bool:
    """A title, then perhaps the body or country it belongs to, right before token i:
    'Tổng thống Mỹ Donald Trump', 'Tổng Giám đốc của ILO, Guy Ryder'."""
    j = i
    if j > 0 and toks[j - 1].text == ",":
        j -= 1
    end = toks[j - 1].end if j > 0 else -1
    span = None
    for s, e in taken:  # the span that ends right before j, if any (loops: asked at most capitalized words)
        if e == end:
            span = s
            break
    if span is not None:
        while j > 0 and toks[j - 1].start >= span:
            j -= 1
    else:
        for k in range(max(0, j - 4), j):
            if bits[k] & GAZ and gazetteer_match(toks, k, lex) == j - k:
                j = k
                break
    if j > 0 and toks[j - 1].key == "của":
        j -= 1
    # `bits` (features.token_bits of toks): only where they allow does a place or a title start
    for k in range(max(0, j - 6), j):
        if bits[k] & TITLE:
            hit = match_title(toks, k, lex)
            if hit is not None and hit.end == j:
                return True
    return False


def _site_before(toks: list[Token], i: int, lex: Lexicon, bits: list[int]) -> bool:
    """A street's or a site's kind word of 1 to 3 tokens right before i ('đường', 'sân bay').
    `bits`: a kind word opens only where they have PLACE_OPEN (find_places tries it there)."""
    for k in (3, 2, 1):
        if i - k >= 0 and bits[i - k] & PLACE_OPEN and site_prefix(toks, i - k, lex) == k:
            return True
    return False


def find_people(text: str, toks: list[Token], sentence: int, lex: Lexicon, taken: list[tuple[int, int]],
                first_title: int | None = -1) -> list[Mention]:
    """`first_title`: the offset where the sentence's first title starts (None: it has none; -1:
    not known). A title ends after it starts, so none ends at or before that word, and no name
    up to it comes after a title (_after_title): not asked there."""
    out: list[Mention] = []
    i = 0
    free = uncovered(toks, taken)
    bits = token_bits(toks, lex)
    # a lowercase word opens no name, and the rules below read nothing else there
    for at in positions(bits, CAP):
        if at < i:
            continue
        i = at
        if not free[i]:
            continue
        titled = first_title is not None and toks[i].start > first_title and _after_title(toks, i, lex, taken, bits)
        g = gazetteer_match(toks, i, lex) if bits[i] & GAZ else 0
        if g and (titled or not _is_surname(toks[i], lex) or _place_then_foreign(toks, i, g, lex)) \
                and not weak_place(toks, i, g, lex):
            # 'Tổng thống Mỹ Donald Trump', 'Triều Tiên Kim Jong-un': the country is not part of the name
            i += g
            continue  # on from i: the loop skips the positions before it
        cued = titled or (cue_before(toks, i, lex) and not _place_word_before(toks, i - 1, lex))
        # not 'phường Tân Lập': 'Tân' (new) is a cue, but after a place's kind word it opens the name
        n = person_run(toks, i, lex, cued, bits)
        if n:
            out.append(make_person(text, toks[i:i + n], sentence, "person:cue" if cued else "person:surname"))
            i += n
        elif toks[i].cap and not cued and _site_before(toks, i, lex, bits):
            # 'đường Lý Thái Tổ': the whole name is the street's, so 'Thái Tổ' is no person either
            i += 1
            while i < len(toks) and toks[i].is_word and toks[i].cap and not toks[i].digit:
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
