"""Bylines and credits: the reporter's name on the article's last lines ('Thu Hà', 'TIẾN
THÀNH', 'Đình Nam/VOV-Miền Trung', 'Theo Quang Huy (Pháp luật TPHCM)') and the photographer's
after 'Ảnh:' ('Ảnh: VGP/Phương Liên'). Names there carry no honorific and often no surname."""
from __future__ import annotations

import re
from bisect import bisect_left
from operator import attrgetter

from kg.extract.index import lex_index
from kg.extract.lexicon import Lexicon
from kg.extract.people import make_person
from kg.extract.tokens import Token
from kg.model import ORGANIZATION, Mention, Sentence
from kg.normalize.text import name_key

_start = attrgetter("start")
MAX_LINE_WORDS = 10
TAIL_LINES = 3
_NAME_WORD = re.compile(r"[A-ZÀ-ỸĐ][a-zà-ỹđ]+|[A-ZÀ-ỸĐ]{2,}")


def find_credits(text: str, sentences: list[Sentence], toks: list[list[Token]], lex: Lexicon) -> list[Mention]:
    """Credits in the article; `toks` holds each sentence's tokens (tokenize's)."""
    out: list[Mention] = []
    lines = [s for s in sentences if _whole_line(text, s)]
    for sent in lines[-TAIL_LINES:]:
        if sent.index == 0 or len(sent.text.split()) > MAX_LINE_WORDS:
            continue
        out += _byline(text, sent, toks[sent.index], lex)
    for sent, tk in zip(sentences, toks):
        out += _photo_credits(text, sent, tk, lex)
        out += _sources(text, sent, tk, lex)
    return out


def _tail(toks: list[Token], pos: int) -> list[Token]:
    """The tokens from character offset `pos` on: what tokenizing the text from there gives,
    when no token spans `pos` (it follows a space or a one-character mark, as after every
    cue below: the word pattern looks at no text before a match)."""
    return toks[bisect_left(toks, pos, key=_start):]


# (?=[TtNẢ(h]): the characters the alternatives start with (a new one adds its own), so
# that re skips every other position instead of trying the look-behinds there
_SOURCE = re.compile(r"(?=[TtNẢ(h])(?:(?<!\w)[Tt]heo\s+(?:(?:tờ|báo|hãng tin|hãng|đài|kênh|trang|tạp chí)\s+)?|Nguồn\s*:\s*|Ảnh\s*:\s*|^\(\s*"
                     r"|(?<!\w)(?:tờ|hãng tin|tạp chí)\s+)")


def _may_cite(s: str) -> bool:
    """Whether the sentence holds what some alternative of _SOURCE holds as written (a new one
    adds its own): these scans are cheaper than the pattern's, and most sentences have none."""
    return (s[:1] == "(" or "heo" in s or "Nguồn" in s or "Ảnh" in s or "tờ" in s or "hãng tin" in s
            or "tạp chí" in s)


def _sources(text: str, sent: Sentence, sent_toks: list[Token], lex: Lexicon) -> list[Mention]:
    """'Theo AFP và Reuters', '(TTXVN/Vietnam+)', 'Ảnh: Sputnik/AP', 'theo tờ The New York Times':
    the outlets a report cites are organizations; a reporter's name there is a person's (bylines)."""
    out = []
    if not _may_cite(sent.text):
        return out
    for m in _SOURCE.finditer(sent.text):
        tail = _tail(sent_toks, sent.start + m.end())
        if tail and "/" not in tail[0].text and not (tail[0].is_word and (tail[0].cap or tail[0].text[:1] == "+")):
            continue  # no outlet opens here ('theo đó'): _outlet_len finds none at the first token, as is
        toks = _split_slashes(tail)
        i = 0
        while i < len(toks):
            n = _outlet_len(toks, i, lex)
            if not n:
                break
            t0, t1 = toks[i], toks[i + n - 1]
            surface = text[t0.start:t1.end]
            if _name_len(toks, i, lex) != n or surface.isupper():
                key = " ".join([t.key for t in toks[i:i + n]])
                known = lex.bodies.get(key)  # 'VGP' is the government's news portal: one node
                out.append(Mention(ORGANIZATION, known or surface, surface, t0.start, t1.end, sent.index, "org:source",
                                   key="org:" + (name_key(known) if known else key), attrs={"support": "cue"}))
            i += n
            if i < len(toks) and toks[i].text in (",", "/", "và", "-") and i + 1 < len(toks):
                i += 1
                continue
            break
    return out


def _split_slashes(toks: list[Token]) -> list[Token]:
    """'AFP/TTXVN' is two outlets."""
    out = []
    for t in toks:
        if "/" not in t.text or not t.is_word:
            out.append(t)
            continue
        pos = t.start
        for k, part in enumerate(t.text.split("/")):
            if k:
                out.append(Token("/", pos, pos + 1, ""))
                pos += 1
            if part:
                out.append(Token(part, pos, pos + len(part), name_key(part)))
            pos += len(part)
    return out


def _outlet_len(toks: list[Token], i: int, lex: Lexicon) -> int:
    """A capitalized run naming an outlet ('USA Today', 'Vietnam+', 'AP'); not a date, not a place."""
    n = 0
    while i + n < len(toks) and n < 5 and toks[i + n].is_word and (toks[i + n].cap or toks[i + n].text[:1] == "+"):
        if toks[i + n].text in lex.words["not_names"] or toks[i + n].digit or \
                toks[i + n].text in lex_index(lex).not_org_acronyms:
            break  # 'Ảnh: NVCC' (provided by the subject), 'theo YouTube': no outlet
        n += 1
    plus = bool(n) and i + n < len(toks) and toks[i + n].text == "+"
    if plus:
        n += 1  # 'Vietnam+', an outlet even though 'Vietnam' alone is the country
    if not n or (not plus and " ".join([t.key for t in toks[i:i + n]]) in lex.places):
        return 0
    nxt = toks[i + n] if i + n < len(toks) else None
    if nxt is not None and nxt.is_word and not nxt.cap and nxt.key != "và":
        return 0  # 'Theo Tổng cục Thống kê': the start of a longer name, not an outlet
    return n


def _whole_line(text: str, sent: Sentence) -> bool:
    before = text[sent.start - 1] if sent.start else "\n"
    after = text[sent.end] if sent.end < len(text) else "\n"
    return before == "\n" and after in "\n"


def _byline(text: str, sent: Sentence, toks: list[Token], lex: Lexicon) -> list[Mention]:
    """Names at the head of a short closing line, before any '/', '(' or the line's end."""
    toks = _split_slashes(toks)  # 'Theo Anh Khoa/doanhnhansaigon.vn'
    i = 1 if toks and toks[0].text == "Theo" else 0
    out = []
    while i < len(toks):
        n = _name_len(toks, i, lex, alone=True)
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
    return toks[0].key in notes or " ".join([t.key for t in toks[:2]]) in notes


_PHOTO = re.compile(r"Ảnh\s*:\s*")  # compiled once: not looked up in re's cache each sentence


def _photo_credits(text: str, sent: Sentence, sent_toks: list[Token], lex: Lexicon) -> list[Mention]:
    out = []
    if "Ảnh" not in sent.text:  # a scan cheaper than the pattern's, and most sentences have none
        return out
    for m in _PHOTO.finditer(sent.text):
        toks = _split_slashes(_tail(sent_toks, sent.start + m.end()))
        i = 0
        if len(toks) > 2 and toks[1].text == "/":
            i = 2  # 'Ảnh: VGP/Phương Liên': the agency, then the photographer
        n = _name_len(toks, i, lex)
        if n and (i + n == len(toks) or toks[i + n].text in ("/", ")", ",", ".", "-")):
            out.append(_person(text, toks[i:i + n], sent.index))
    return out


def _name_len(toks: list[Token], i: int, lex: Lexicon, alone: bool = False) -> int:
    """Two to four capitalized (or all-capital) Vietnamese syllables from i. `alone`: the
    name opens a closing line of its own, where words that open sentences elsewhere ('Thế',
    'Anh') are given names ('Thế Hải', 'Anh Khoa') and a place's name is still a place."""
    n = 0
    while i + n < len(toks) and n < 4 and _NAME_WORD.fullmatch(toks[i + n].text) and \
            (alone or toks[i + n].text not in lex.words["not_names"]) and not _note(toks[i + n:], lex):
        n += 1
    if n < 2 or any(len(t.text) > 7 for t in toks[i:i + n]):
        return 0
    words = [t.key for t in toks[i:i + n]]
    if " ".join(words) in lex.places and (alone or len(words) > 2):
        return 0
    if " ".join(words) in lex.bodies or any(w in lex.english for w in words):
        return 0  # 'Ảnh: Bangkok Post', 'Ảnh: Getty Images': an outlet or an agency, not a person
    return n


def _person(text: str, toks: list[Token], sentence: int) -> Mention:
    m = make_person(text, toks, sentence, "person:byline")
    if m.surface.isupper():  # 'TIẾN THÀNH' is the name 'Tiến Thành'
        m.name = " ".join(w.capitalize() for w in m.surface.split())
        m.key = "person:" + " ".join(t.key for t in toks)
    return m
