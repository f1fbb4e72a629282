"""Posts: who holds (or held) which title in which body, read from the ways Vietnamese news
writes them: a title before a name (Bộ trưởng Ngô Xuân Lịch), titles in apposition after it
(ông X, Ủy viên Trung ương Đảng, Bí thư Tỉnh ủy), 'X làm Trưởng ban', 'giữ chức', and a
title shared by a list ('Năm Phó trưởng Ban khác gồm A, B, C')."""
from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass
from operator import attrgetter

from kg.extract.features import TITLE, positions, token_bits
from kg.extract.lexicon import Lexicon
from kg.extract.orgs import parse_org
from kg.extract.titles import TitleHit, match_title
from kg.extract.tokens import Token
from kg.model import ORGANIZATION, PERSON, Mention
from kg.normalize.text import name_key

APPOSITION = {",", "-", "–", "—", "(", ":", "là"}
_start, _end = attrgetter("start"), attrgetter("end")
CONTINUE = {",", "và", "kiêm"}
LAM_CHUC = ("làm", "chức")


@dataclass
class PostHit:
    person: str  # entity key
    role: str
    org: str | None  # entity key
    former: bool
    rule: str


class SentenceView:
    """Token-indexed mentions of one sentence."""

    def __init__(self, toks: list[Token], mentions: list[Mention], ordered: bool = False):
        """`ordered`: the mentions come by start, the longest first at one start, already (as
        extract._facts sorts them): not sorted again."""
        self.toks = toks
        self.start_at: dict[int, Mention] = {}
        self.end_at: dict[int, Mention] = {}
        for m in mentions if ordered else sorted(mentions, key=lambda m: (m.start, -(m.end - m.start))):
            if m.end <= m.start:
                continue
            # the tokens that start and end where the mention does (tokens are in text order
            # and never overlap, so their starts and their ends both rise)
            a = bisect_left(toks, m.start, key=_start)
            b = bisect_left(toks, m.end, key=_end)
            if a == len(toks) or toks[a].start != m.start or b == len(toks) or toks[b].end != m.end:
                continue
            b += 1
            m.attrs["_tok"] = (a, b)
            if m.type in (PERSON, ORGANIZATION):
                self.start_at.setdefault(a, m)
                self.end_at.setdefault(b, m)

    def org_at(self, k: int) -> Mention | None:
        m = self.start_at.get(k)
        return m if m is not None and m.type == ORGANIZATION else None

    def person_at(self, k: int) -> Mention | None:
        m = self.start_at.get(k)
        return m if m is not None and m.type == PERSON else None


def _org_after_title(view: SentenceView, hit: TitleHit, text: str, lex: Lexicon,
                     org_keys: dict[str, str]) -> tuple[str | None, int]:
    """The body a title names right after it, and the token where the title+body ends."""
    toks, k = view.toks, hit.end
    if k < len(toks) and toks[k].text == "của" and view.org_at(k + 1):
        k += 1
    org = view.org_at(k)
    if org is not None:
        return org.key, org.attrs["_tok"][1]
    for back in (1, 2):  # 'Chánh văn phòng Trung ương Đảng': the body's name began inside the title
        inner = view.org_at(k - back)
        if inner is not None and inner.attrs["_tok"][1] > k:
            return inner.key, inner.attrs["_tok"][1]
    if k < len(toks) and hit.ends_in_ban and toks[k].is_word:
        # 'Trưởng ban Tổ chức Trung ương': the title's 'Ban' opens the body's name
        virtual = [Token("Ban", toks[k].start, toks[k].start, "ban")] + toks[k:]
        parsed = parse_org(virtual, 0, lex, text, depth=1)
        if parsed is not None and not parsed.bare:
            key = org_keys.get(parsed.key) or org_keys.get(name_key(parsed.full_name()))
            if key:
                return key, k + parsed.end - 1
    for short, full in lex.ministry_short.items():
        n = len(short.split())
        if hit.role in ("Bộ trưởng", "Thứ trưởng") and k + n <= len(toks) and \
                " ".join([t.text for t in toks[k:k + n]]) == short:
            key = org_keys.get(name_key(full))
            if key:
                return key, k + n
    return None, k


def _title_before(view: SentenceView, a: int, text: str, lex: Lexicon, org_keys: dict[str, str],
                  title_at: list[int]) -> list[tuple[TitleHit, str | None, int]]:
    """Titles (each with the body after it) that end right before token a, chained by commas:
    'Ủy viên Bộ Chính trị, Bí thư Trung ương Đảng, Trưởng Ban Nội chính Trung ương Phan Đình Trạc'.
    `title_at`: the positions where a title may start (features.TITLE), in order."""
    out = []
    end = a
    while end > 0:
        found = None
        # the positions from end - 12 to end where a title may start: match_title finds none elsewhere
        for s in title_at[bisect_left(title_at, end - 12):bisect_left(title_at, end)]:
            hit = match_title(view.toks, s, lex)
            if hit is None:
                continue
            org, stop = _org_after_title(view, hit, text, lex, org_keys)
            if stop == end:
                found = (hit, org, s)
                break
        if found is None:
            break
        out.append(found)
        s = found[2]
        if s > 0 and view.toks[s - 1].text in (",", "kiêm"):
            end = s - 1
        else:
            break
    return out


def find_posts(view: SentenceView, text: str, lex: Lexicon, org_keys: dict[str, str],
               focus: str | None, prev_focus: str | None = None, referent: str | None = None,
               low: str | None = None) -> list[PostHit]:
    """Posts of one sentence. `referent`: the person a bare 'ông'/'bà' of this sentence names
    (the last one the article named before it). `low`: the sentence lowercased, when the caller
    has it."""
    toks = view.toks
    posts: list[PostHit] = []
    if not view.start_at:
        # no person named here (a quarter of the sentences name nobody at all): only a bare
        # pronoun's titles can be read, as below, without the sorts made for the persons
        if referent is not None and (low is None or "vị" in low):
            posts += _pronoun_titles(view, text, lex, org_keys, referent)
        return posts
    local_focus = next((m.key for m in view.start_at.values() if m.type == ORGANIZATION), None)
    persons = sorted({id(m): m for m in view.start_at.values() if m.type == PERSON}.values(),
                     key=lambda m: m.attrs["_tok"])
    # a named person: the rules below read the sentence. Every word for a post (POST_CUES) holds
    # a word keyed 'vị', which the sentence lowercased then holds: most sentences do not
    if referent is not None and not persons and (low is None or "vị" in low):
        posts += _pronoun_titles(view, text, lex, org_keys, referent)
    title_at = positions(token_bits(toks, lex), TITLE) if persons else []
    for p in persons:
        a, b = p.attrs["_tok"]
        # title (and body) right before the name; ranks before titles ('Đại tướng Ngô Xuân Lịch')
        for hit, org, s in _title_before(view, a, text, lex, org_keys, title_at):
            posts.append(PostHit(p.key, hit.role, None if hit.rank else org, hit.former, "post:title-before"))
            # 'Phó Ban thường trực là Trưởng Ban Nội chính Trung ương Phan Đình Trạc'
            if s >= 2 and toks[s - 1].text in ("là", "làm"):
                outer = _title_ending(view, s - 1, lex)
                if outer is not None and focus:
                    posts.append(PostHit(p.key, outer.role, focus, outer.former, "post:title-la"))
        # apposition after the name
        k = b
        if k < len(toks) and toks[k].text in APPOSITION:
            k = _skip_bio(toks, k + 1)
            while k < len(toks):
                hit = match_title(toks, k, lex)
                if hit is None:
                    break
                org, k = _org_after_title(view, hit, text, lex, org_keys)
                k = _skip_term(toks, k)
                if org is None and hit.end == k and not hit.rank and toks[k - 1].key == "ban" and focus:
                    org = None
                posts.append(PostHit(p.key, hit.role, None if hit.rank else org, hit.former, "post:apposition"))
                if org is None and k < len(toks) and toks[k].cap:
                    # a body we could not name ('Ủy viên Ban cán sự đảng, Thứ trưởng ...'): step over it
                    stop = next((j for j in range(k, min(len(toks), k + 7)) if not toks[j].is_word), None)
                    if stop is not None and toks[stop].text == ",":
                        k = stop
                if k < len(toks) and (toks[k].text in CONTINUE or toks[k].text == ";"):
                    k += 1
                    continue
                break
            # 'các ông A, B - nguyên Chủ tịch UBND': the apposition after a dash serves the list
            if toks[b].text in ("-", "–"):
                mine = [q for q in posts if q.person == p.key and q.rule == "post:apposition"]
                for other in _listed_before(view, a):
                    posts += [PostHit(other.key, q.role, q.org, q.former, "post:list-apposition") for q in mine]
        # 'X làm Trưởng ban', 'X ... giữ chức Phó Chánh án TAND tỉnh Đắk Nông'
        start_at = view.start_at
        for k in range(b, min(len(toks), b + 24)):
            t = toks[k]
            # a word that lowercases to 'làm' or 'chức' has that key: the key first, a lookup
            # rather than a lowercased copy of each word read
            if t.key in LAM_CHUC and t.text.lower() in LAM_CHUC and k + 1 < len(toks):
                hit = match_title(toks, k + 1, lex)
                if hit is not None:
                    org, _ = _org_after_title(view, hit, text, lex, org_keys)
                    # 'làm Trưởng ban': the head of the body this sentence is about
                    org = org or (local_focus if hit.role.lower().endswith("ban") else None)
                    posts.append(PostHit(p.key, hit.role, org, hit.former, "post:lam"))
                break
            there = start_at.get(k)  # view.person_at(k), without a call at each word
            if (there is not None and there.type == PERSON) or t.text in (";", "."):
                break
    if persons:  # the persons a shared title goes to
        posts += _shared_title(view, lex, prev_focus, low)
    return posts


PRONOUNS = {"ông", "bà"}
# 'chức danh', 'chức vụ' are left out: they also name posts someone else is given
POST_CUES = (("cương", "vị"), ("vị", "trí"))  # each holds 'vị': find_posts tests for it before _pronoun_titles
TERM_WORDS = (("giai", "đoạn"), ("nhiệm", "kỳ"))


def _pronoun_titles(view: SentenceView, text: str, lex: Lexicon, org_keys: dict[str, str],
                    referent: str) -> list[PostHit]:
    """'Với cương vị là Phó bí thư Thành ủy, Bí thư Ban cán sự đảng, Chủ tịch UBND thành phố
    giai đoạn 2001-2006, ông chịu trách nhiệm', 'Sự nghiệp của ông ... qua các vị trí như Phó
    chủ tịch, Chủ tịch UBND thành phố': titles after a word for a post, in a sentence whose
    person is a bare pronoun (the caller checks that it names no person). A title with no
    body shares the next one's ('Phó chủ tịch, Chủ tịch UBND')."""
    toks = view.toks
    keys = [t.key for t in toks]
    if not any(first in keys for first, _ in POST_CUES):
        return []  # no word for a post: the cheapest test first (a list's own scan)
    if not any(t.key in PRONOUNS and (k + 1 >= len(toks) or not toks[k + 1].cap) for k, t in enumerate(toks)):
        return []
    start = next((k + 2 for k in range(len(toks) - 1) if (toks[k].key, toks[k + 1].key) in POST_CUES), None)
    if start is None:
        return []
    while start < len(toks) and toks[start].key in ("là", "như", "của", "các", "nhiều", "lãnh", "đạo"):
        start += 1
    hits: list[tuple[TitleHit, str | None]] = []
    k = start
    while k < len(toks):
        hit = match_title(toks, k, lex)
        if hit is None:
            break
        org, k = _org_after_title(view, hit, text, lex, org_keys)
        hits.append((hit, org))
        k = _skip_term(toks, k)
        if k < len(toks) and toks[k].text in (",", "kiêm", "và"):
            k += 1
            continue
        break
    out = []
    for n, (hit, org) in enumerate(hits):
        if org is None and not hit.rank and n + 1 < len(hits) and hits[n + 1][1] is not None:
            org = hits[n + 1][1]
        out.append(PostHit(referent, hit.role, None if hit.rank else org, hit.former, "post:pronoun"))
    return out


def _skip_term(toks: list[Token], k: int) -> int:
    """Past a term after a post: 'giai đoạn 2001-2006', 'nhiệm kỳ 2010-2015', 'khóa 10 và 11',
    'ba khóa 9-11'."""
    j = k
    if j < len(toks) and toks[j].key in ("hai", "ba", "bốn", "năm") and j + 1 < len(toks) and toks[j + 1].key == "khóa":
        j += 1
    if j < len(toks) and toks[j].key == "khóa":
        j += 1
    elif j + 1 < len(toks) and (toks[j].key, toks[j + 1].key) in TERM_WORDS:
        j += 2
    else:
        return k
    while j < len(toks) and (toks[j].digit or toks[j].text in ("-", "–") or
                             (toks[j].key == "và" and j + 1 < len(toks) and toks[j + 1].digit)):
        j += 1
    return j


def _skip_bio(toks: list[Token], k: int) -> int:
    """Past an age and a home town before a person's titles: 'ông X, 74 tuổi, quê tỉnh
    Tiền Giang; Ủy viên Bộ Chính trị ...'."""
    j = k
    if j + 1 < len(toks) and toks[j].digit and toks[j + 1].key == "tuổi":
        j += 2
        if j < len(toks) and toks[j].text in (",", ";"):
            j += 1
    if j < len(toks) and toks[j].key == "quê":
        end = next((e for e in range(j, min(len(toks), j + 10)) if toks[e].text in (",", ";")), None)
        if end is None:
            return k
        j = end + 1
    return j if j > k and j < len(toks) else k


def _listed_before(view: SentenceView, a: int) -> list[Mention]:
    """Persons joined to the one at token a by commas or 'và', nearest last."""
    out = []
    k = a
    while k >= 2 and view.toks[k - 1].text in (",", "và"):
        prev = view.end_at.get(k - 1)
        if prev is None or prev.type != PERSON:
            break
        out.append(prev)
        k = prev.attrs["_tok"][0]
    return out


def _title_ending(view: SentenceView, end: int, lex: Lexicon) -> TitleHit | None:
    for s in range(max(0, end - 6), end):
        hit = match_title(view.toks, s, lex)
        if hit is not None and hit.end == end:
            return hit
    return None


def _shared_title(view: SentenceView, lex: Lexicon, focus: str | None, low: str | None = None) -> list[PostHit]:
    """'Năm Phó trưởng Ban khác gồm A, B và C': each listed person holds the title. `low`: the
    sentence lowercased, when the caller has it."""
    toks, out = view.toks, []
    if low is not None and "gồm" not in low:
        return out  # a word that lowercases to 'gồm' leaves it in the sentence lowercased
    for k, t in enumerate(toks):
        if t.key != "gồm" or t.text.lower() != "gồm":  # the key first: every 'gồm' has it, and it costs no call
            continue
        before = [m for m in view.start_at.values() if m.type == ORGANIZATION and m.attrs["_tok"][1] <= k]
        focus = before[0].key if before else focus
        if not focus:
            continue
        j = k - 1
        if j >= 0 and toks[j].text.lower() == "khác":
            j -= 1
        hit = _title_ending(view, j + 1, lex)
        if hit is None:
            continue
        for m in view.start_at.values():
            if m.type == PERSON and m.attrs["_tok"][0] > k:
                out.append(PostHit(m.key, hit.role, focus, hit.former, "post:list"))
    return out
