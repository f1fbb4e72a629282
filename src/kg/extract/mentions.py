"""Per sentence: documents, organizations, persons and places, with overlaps settled
(a document or an organization owns its span; a place may sit inside an organization)."""
from __future__ import annotations

from kg.extract.documents import DocHit, find_documents
from kg.extract.features import TITLE, first_digit, positions, token_bits
from kg.extract.lexicon import Lexicon
from kg.extract.orgs import find_orgs
from kg.extract.people import find_people, person_run
from kg.extract.places import find_places
from kg.extract.titles import match_title
from kg.extract.tokens import Token, token_ending, token_starting
from kg.model import ORGANIZATION, Mention, Sentence

GENERIC_BEFORE = {"các", "những", "mọi", "nhiều", "một số", "từng", "mỗi", "toàn bộ", "cả"}
_GENERIC_PAIR_LAST = {w.split(" ")[1] for w in GENERIC_BEFORE if " " in w}  # 'số', 'bộ'


def _overlaps(m: Mention, spans: list[tuple[int, int]]) -> bool:
    start, end = m.start, m.end
    for s, e in spans:  # a loop, not any() over a generator: asked for every mention
        if start < e and s < end:
            return True
    return False


def sentence_mentions(text: str, sent: Sentence, toks: list[Token], lex: Lexicon) -> tuple[list[Mention], list[DocHit]]:
    docs = find_documents(text, sent.start, sent.text, sent.index, lex, first_digit(toks, lex) is not None)
    # each list below is made only from a list that holds something (most sentences have no
    # document, many no organization or person): a list comprehension costs a call even over
    # none, and a filter by no spans keeps everything
    taken = [(d.mention.start, d.mention.end) for d in docs] if docs else []
    orgs = []
    for m in find_orgs(text, toks, sent.index, lex):
        if m.end > m.start and _overlaps(m, taken):
            continue
        if _generic(m, toks, text, lex):
            continue
        orgs.append(m)
    # a title that opens an organization's span ('Thường trực Ban Bí thư Võ Văn Thưởng') is a title,
    # and so is a body that starts inside a title ('Phó Chủ nhiệm Thường trực Ủy ban Kiểm tra')
    titles = _title_spans(toks, lex)
    if orgs:
        orgs = [m for m in orgs if not _title_not_org(m, toks, lex)
                and not any(s < m.start < e and m.attrs.get("parent") and not _opens_on_last_word(m, e, text)
                            for s, e in titles)]
    org_spans = [(m.start, m.end) for m in orgs if m.end > m.start] if orgs else []
    # a school or a firm named after a person holds that person's name: 'Trường THPT Lê Viết Thuật'
    closed = [(m.start, m.end) for m in orgs if m.end > m.start and not m.attrs.get("proper")] if orgs else []
    people = find_people(text, toks, sent.index, lex, taken + closed, titles[0][0] if titles else None)
    if people and org_spans:
        people = [p for p in people if p.rule == "person:surname" or not _overlaps(p, org_spans)]
    blocked = taken + [(m.start, m.end) for m in people] if people else taken
    places = find_places(text, toks, sent.index, lex)
    if places and (blocked or org_spans):
        places = [m for m in places if not _overlaps(m, blocked)
                  and not (m.attrs.get("cue") == "prep" and _overlaps(m, org_spans))]
    return ([d.mention for d in docs] + orgs if docs else orgs) + people + places, docs


def _generic(m: Mention, toks: list[Token], text: str, lex: Lexicon) -> bool:
    """'20 Ban chỉ đạo cấp tỉnh', 'các Ban Chỉ đạo': a kind of body, not one body."""
    if m.type != ORGANIZATION or m.end <= m.start:
        return False
    idx = token_starting(toks, m.start)
    if idx is None or idx == 0:
        return False
    prev = toks[idx - 1]
    if m.attrs.get("proper") and _listed(m, toks):
        return False  # 'các trường Tiểu học Kỳ Thịnh 2, THPT Kỳ Anh, ...': named bodies, listed
    # a number counts bodies of a kind ('20 Ban chỉ đạo'), not one with a proper name ('giai đoạn 2 Nhà máy ...')
    if prev.digit and prev.text.isdigit() and not m.attrs.get("proper"):
        return True
    low = prev.text.lower()
    # two words ('một số'): only where the word before ends such a pair (no token holds a space)
    return low in GENERIC_BEFORE or (idx >= 2 and low in _GENERIC_PAIR_LAST
                                     and f"{toks[idx - 2].text.lower()} {low}" in GENERIC_BEFORE)


def _listed(m: Mention, toks: list[Token]) -> bool:
    """A proper name that a comma or 'và' follows, in a list of named bodies."""
    end = token_ending(toks, m.end)
    return end is not None and end + 1 < len(toks) and toks[end + 1].text in (",", "và", ";")


def _title_not_org(m: Mention, toks: list[Token], lex: Lexicon) -> bool:
    if m.end <= m.start or not m.attrs.get("parent"):
        return False
    idx = token_starting(toks, m.start)
    end = token_ending(toks, m.end)
    if idx is None or end is None:
        return False
    hit = match_title(toks, idx, lex)
    return hit is not None and person_run(toks, end + 1, lex, cued=True) > 0 and \
        toks[end + 1].text in lex.surnames if end + 1 < len(toks) else False


def _opens_on_last_word(m: Mention, title_end: int, text: str) -> bool:
    """'Trưởng ban dân vận huyện ủy X': the title's last word, written in lowercase, opens
    the body's name; not 'Phó Chủ nhiệm Thường trực Ủy ban ...', a body inside a title."""
    word = text[m.start:title_end]
    return " " not in word and word.islower()


def _title_spans(toks: list[Token], lex: Lexicon) -> list[tuple[int, int]]:
    spans, k = [], 0
    for at in positions(token_bits(toks, lex), TITLE):  # where a title may start
        if at < k:
            continue  # inside the last title
        hit = match_title(toks, at, lex)
        if hit is not None:
            spans.append((toks[at].start, toks[hit.end - 1].end))
            k = hit.end
    return spans
