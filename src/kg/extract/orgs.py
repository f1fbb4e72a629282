"""Organizations by their grammar: a head noun (Ban, Bộ, Tỉnh ủy, UBND...), its capitalized
complement, a level (Trung ương, tối cao), a place, and the body it belongs to."""
from __future__ import annotations

import re
from dataclasses import dataclass

from kg.extract.features import (ACRONYM, GAZ, LATIN, ORG, ORG_AT, ORG_LOWER, SHARED_HEAD, TRUONG, positions,
                                 token_bits)
from kg.extract.index import SHARED_HEADS, head_candidates, lex_index, longest_body, per_lexicon
from kg.extract.lexicon import Head, Lexicon
from kg.extract.people import foreign_name
from kg.extract.places import _VI_SYLLABLE, gazetteer_match, name_run, place_prefix
from kg.extract.titles import match_title
from kg.extract.tokens import Token, span_key
from kg.model import ORGANIZATION, Mention
from kg.normalize.text import fold_tones, name_key, strip_diacritics

MAX_BODY = 14
# Placeholders for 'Tỉnh ủy', 'UBND tỉnh', 'của tỉnh': the article's own province, settled in coref.
HERE = {"province": "@province", "city": "@city", "district": "@district", "town": "@district"}


@dataclass
class OrgParse:
    start: int  # token index
    end: int  # token index, exclusive
    name: str  # head + complement + level (no place, no parent)
    key: str
    place: str = ""  # canonical place name, or a placeholder '@province'
    place_text: str = ""  # as written, with its kind word: 'tỉnh Sơn La'
    parent: OrgParse | None = None
    bare: bool = False  # a head alone ('Ban chỉ đạo'): names a body the article names in full
    body: bool = False
    rule: str = ""
    topic: str = ""
    proper: bool = False  # a proper name (a school's, a firm's) that may hold a person's or a place's

    def full_name(self) -> str:
        parts = [self.name, self.topic]
        if self.place_text:
            parts.append(self.place_text)
        if self.parent is not None:
            parts.append(self.parent.full_name())
        return " ".join([p for p in parts if p])  # a list: a generator made a frame of every call


def _match_body(toks: list[Token], i: int, lex: Lexicon) -> int:
    n = longest_body(toks, i, lex, MAX_BODY)  # what body_key finds, longest first
    if n and lex.exact_case:
        forms = lex.exact_case.get(lex.bodies.get(span_key(toks[i:i + n]), ""))
        if forms is not None:  # the words as written, only for a body known by its case
            written = " ".join([t.text for t in toks[i:i + n]])
            if written[:1].lower() + written[1:] not in forms:
                return 0  # 'Nhân Dân' the paper, not 'Nhân dân' the people (a sentence may open on it)
    return n


def body_key(toks: list[Token], lex: Lexicon) -> str | None:
    """The lexicon key of a body name, also when the text misplaces a tone mark ('Trung ường Đảng')."""
    key = span_key(toks)
    if key in lex.bodies:
        return key
    if len(toks) >= 3:
        return lex.bodies_loose.get(strip_diacritics(key))
    return None


def _match_head(toks: list[Token], i: int, lex: Lexicon) -> tuple[Head, int, str] | None:
    """The longest head at i, with its token length and canonical form (abbreviations expanded)."""
    index = lex_index(lex)
    tok = toks[i]
    cands = head_candidates(tok, index)  # the heads that can start here, in lex.heads order
    if not cands:
        return None
    # most heads of two words or more fail on their second word: _head_len returns 0 there when
    # the first word is the token's key and the next token neither is the second word nor
    # abbreviates anything. Those heads are left out by the two words, once for each pair
    second = toks[i + 1].key if i + 1 < len(toks) else None
    if second is None or toks[i + 1].text not in lex.abbreviations:
        pair = (tok.text, tok.key, second)
        kept = index.head_pairs.get(pair)
        if kept is None:
            kept = _second_word_heads(cands, tok.key, second, index)
            if len(index.head_pairs) >= _HEAD_PAIRS_MAX:
                index.head_pairs.clear()
            index.head_pairs[pair] = kept
        cands = kept
    for pos in cands:
        words = index.head_words[pos]
        n = _head_len(toks, i, words, lex)
        if n:
            h = lex.heads[pos]
            return h, n, h.head
    return None


_HEAD_PAIRS_MAX = 1 << 16


def _second_word_heads(cands: tuple[int, ...], first: str, second: str | None, index) -> tuple[int, ...]:
    """The heads of `cands` that a first word `first` and a second `second` (None: none) can
    open, when the second abbreviates nothing: each head of one word, each whose first word is
    another (what the token abbreviates), and each whose second word is `second`."""
    out = []
    for pos in cands:
        words = index.head_words[pos]
        if not (len(words) > 1 and words[1] != second and words[0] == first):
            out.append(pos)
    return tuple(out)


def _head_len(toks: list[Token], i: int, words: list[str], lex: Lexicon) -> int:
    """Tokens from i that spell the head's words, an abbreviation standing for several of them
    ('Tổng LĐLĐ' for 'Tổng Liên đoàn Lao động'); 0 if they do not."""
    j, w = i, 0
    while w < len(words):
        if j >= len(toks):
            return 0
        if toks[j].key == words[w]:
            j, w = j + 1, w + 1
            continue
        abbr = lex.abbreviations.get(toks[j].text)
        full = name_key(abbr).split() if abbr else []
        # the abbreviation may repeat words already spelled out: 'Cơ quan CSĐT' is 'Cơ quan'
        # + 'Cơ quan Cảnh sát điều tra', the agency, not a body named 'CSĐT'
        back = next((k for k in range(w + 1) if full and words[w - k:w - k + len(full)] == full), None)
        if back is None:
            return 0
        j, w = j + 1, w - back + len(full)
    return j - i


def _level(toks: list[Token], i: int, lex: Lexicon) -> int:
    if i >= len(toks) or toks[i].text not in lex_index(lex).level_first:
        return 0
    levels = lex.words["levels"]
    for n in (2, 1):
        if i + n <= len(toks) and " ".join([t.text for t in toks[i:i + n]]) in levels:
            return n
    return 0


def _starts_org(toks: list[Token], i: int, lex: Lexicon) -> bool:
    return i < len(toks) and toks[i].cap and (_match_body(toks, i, lex) > 0 or _head_at(toks, i, lex) is not None)


def _head_at(toks: list[Token], i: int, lex: Lexicon) -> tuple[Head, int, str] | None:
    """_match_head, less a one-word head that ends a word with the capitalized word before it:
    'Khoa' in 'Trường Đại học Bách Khoa' or 'Bệnh viện Đa Khoa'."""
    hm = _match_head(toks, i, lex)
    if hm is not None and hm[1] == 1 and i > 0 and toks[i - 1].is_word and toks[i - 1].cap \
            and (toks[i - 1].key, toks[i].key) in lex.word_pairs:
        return None
    return hm


def _complement(toks: list[Token], i: int, lex: Lexicon, proper: bool = False, trailing: bool = False,
                owned: bool = False) -> int:
    """Capitalized words of a name, each with at most one lowercase syllable after it
    (Quốc phòng, Nội vụ), 'và' between two of them (Kế hoạch và Đầu tư). A proper name
    (a school's, a firm's) also holds places, people's names and numbers: 'Trường THPT Lê Viết
    Thuật', 'Công ty Phân đạm và Hóa chất Hà Bắc', 'Trường Tiểu học số 1', 'Kỳ Thịnh 2'.
    `owned`: the head names an agency of the body that may follow it ('Cơ quan Cảnh sát điều
    tra Bộ Công an'), so a named body there is no part of its name."""
    stop, connectors = lex_index(lex).stop, lex_index(lex).connectors
    j, words, lower = i, 0, 0
    if proper and i < len(toks) and not (i > 0 and f"{toks[i - 1].key} {toks[i].key}" in lex.words["not_names_after_head"]):
        j = i + _lowercase_lead(toks, i, lex)
    while j < len(toks):
        t = toks[j]
        if (t.text == "," and words and j + 1 < len(toks) and toks[j + 1].is_word and toks[j + 1].cap
                and not _starts_org(toks, j + 1, lex) and not gazetteer_match(toks, j + 1, lex)
                and match_title(toks, j + 1, lex) is None
                and toks[j + 1].text not in lex.surnames and _list_ends_in_va(toks, j + 1)):
            j += 1  # 'Ủy ban Văn hóa, Giáo dục, Thanh niên, Thiếu niên và Nhi đồng'
            continue
        if t.text in ("-", "–") and words and j + 1 < len(toks) and toks[j - 1].text in lex.words["country_short"] \
                and toks[j + 1].text in lex.words["country_short"] and toks[j - 1].text != toks[j + 1].text:
            words, lower, j = words + 1, 0, j + 2  # 'Nhà máy thép Việt – Trung': a joint venture of two countries
            continue
        if t.text in ("-", "–") and words and _dash_joins(toks, j, lex):
            j += 1  # 'Sở Giao thông – Vận tải', 'Vụ Kế hoạch - Tài chính': one name's two fields
            continue
        r = _lower_region(toks, j, lex)
        if r:
            words, lower, j = words + 1, 0, j + r  # 'Tổng công ty Lương thực miền Nam', 'Hội đồng châu Âu'
            continue
        if t.is_word and not t.cap and words and _hyphen_joins(toks, j, lex):
            words, lower, j = words + 1, 0, j + 2  # 'Sở Giao thông-Vận tải' ('thông-Vận' is one token)
            continue
        if (not t.is_word and t.text != "&") or (place_prefix(toks, j, lex) and not _word_start(toks, j, lex)) \
                or _level(toks, j, lex):
            break
        g = gazetteer_match(toks, j, lex) if proper else 0
        if g:  # 'Trường Đại học Hải Phòng': the place is part of the proper name
            words, lower, j = words + g, 0, j + g
            continue
        if (words and _starts_org(toks, j, lex)) or (not proper and gazetteer_match(toks, j, lex)
                                                     and not _word_start(toks, j, lex)):
            break  # a place ends the name; 'Pháp luật' is a word, not France
        if not words and owned and _named_body_at(toks, j, lex):
            break  # 'Cơ quan Cảnh sát điều tra Bộ Công an': the body it belongs to, not its name
        if words and t.text in lex.surnames and j + 1 < len(toks) and toks[j + 1].cap and (
                not proper or (j + 2 < len(toks) and toks[j + 2].cap and not _province_at(toks, j + 2, lex))):
            break  # a person's name after the body: 'Thường trực Ban Bí thư Võ Văn Thưởng'

        if not proper and words and _caps_word(toks[j - 1]) and t.cap and not _caps_word(t) and (
                t.text in lex.surnames or not _VI_SYLLABLE.fullmatch(strip_diacritics(t.text).lower())):
            break  # 'Chủ tịch đảng PSD Liviu Dragnea': a person's name after an acronym is not the
            # body's; 'Ủy ban ATGT Quốc gia' goes on
        if t.cap and not t.digit:
            words, lower, j = words + 1, 0, j + 1
            continue
        if proper and t.digit and t.text.isdigit() and (toks[j - 1].key == "số" or (words and (toks[j - 1].cap or lower))):
            words, lower, j = words + 1, 0, j + 1
            continue
        nxt = toks[j + 1] if j + 1 < len(toks) else None
        after = toks[j + 2] if j + 2 < len(toks) else None
        if (words and nxt is not None and after is not None and not _prev_upper(toks, j)
                and ((t.key, nxt.key) in lex.compounds
                     or (proper and (t.key, nxt.key) in lex.word_pairs
                         and f"{t.key} {nxt.key}" not in lex.words["verbs_after_subject"]))
                and not nxt.cap and after.is_word
                and (after.cap or _level(toks, j + 2, lex) or _lower_region(toks, j + 2, lex)
                     or (after.key in connectors and j + 3 < len(toks) and toks[j + 3].cap  # 'phụ nữ và Chăm sóc'
                         and not _starts_org(toks, j + 3, lex) and not gazetteer_match(toks, j + 3, lex)))
                and (_level(toks, j + 2, lex) or not _starts_org(toks, j + 2, lex))):  # not 'Nhà nước chỉ đạo Vietcombank'
            j += 2  # a whole lowercase word inside the name: 'Quản lý kinh tế Trung ương'
            lower = 0
            continue
        if proper and words and nxt is not None and not t.cap and not nxt.cap \
                and f"{t.key} {nxt.key}" in lex.words["name_suffixes"]:
            j += 2  # 'báo Tri thức trực tuyến': the edition a name ends on
            break
        if proper and t.key == "số" and nxt is not None and nxt.text.isdigit():
            j += 1
            continue
        if (t.key in connectors or t.text in connectors) and words and nxt is not None and nxt.cap \
                and not _starts_org(toks, j + 1, lex) and match_title(toks, j + 1, lex) is None and not (
                proper and (_caps_word(nxt) or gazetteer_match(toks, j - 1, lex))):
            j += 1  # 'Kế hoạch và Đầu tư'; not 'Bộ A và Bộ B', not 'Công thương Việt Nam và Ngoại thương'
            continue
        prev = toks[j - 1]
        # a lowercase syllable belongs to the name as the end of a known word ('Tài chính') or
        # inside the name, before another capitalized word ('Lương thực miền Nam')
        if (words and not t.digit and lower < 1 and not _prev_upper(toks, j)
                and (t.key not in stop or (prev.cap and (prev.key, t.key) in lex.compounds))  # 'Hàng không'
                and prev.is_word and ((prev.key, t.key) in lex.compounds or (prev.cap and (prev.key, t.key) in lex.word_pairs)
                                      or (nxt is not None and nxt.is_word and nxt.cap and not nxt.digit))):
            lower, j = lower + 1, j + 1
            continue
        if words and (trailing or proper):
            # a department's or a proper name's lowercase words ('CLB Bảo vệ động vật hoang dã Nghệ An');
            # not after a state body's, where they are as often its verb ('Bộ Ngoại giao triệu tập đại sứ Mỹ')
            j += (_trailing_words(toks, j, lex) if trailing else 0) or _words_to_place(toks, j, lex)
        break
    while j > i and (toks[j - 1].key in connectors or toks[j - 1].text in connectors):
        j -= 1  # 'Bộ GD-ĐT và Phó Chủ nhiệm ...': a 'và' that joined nothing
    return j - i


def _named_body_at(toks: list[Token], j: int, lex: Lexicon) -> bool:
    """A head that takes a capitalized name (Bộ, Tổng cục, Cục...) at j, with one after it."""
    hm = _head_at(toks, j, lex) if toks[j].cap else None
    k = j + hm[1] if hm is not None else 0
    return hm is not None and hm[0].tail == "cap" and k < len(toks) and toks[k].is_word and toks[k].cap


def _dash_joins(toks: list[Token], j: int, lex: Lexicon) -> bool:
    """A dash at j between a name's word and a name word of two syllables capitalized after it
    ('Giao thông – Vận tải'), not before a body, a title or a place."""
    if not (1 <= j and j + 2 < len(toks) and toks[j - 1].is_word and toks[j + 1].cap and toks[j + 2].is_word
            and not toks[j + 2].cap and (toks[j + 1].key, toks[j + 2].key) in lex.compounds):
        return False
    prev = toks[j - 1]
    if not (prev.cap or (j >= 2 and (toks[j - 2].key, prev.key) in lex.word_pairs)):
        return False
    return not _starts_org(toks, j + 1, lex) and match_title(toks, j + 1, lex) is None \
        and not gazetteer_match(toks, j + 1, lex)


def _lower_region(toks: list[Token], j: int, lex: Lexicon) -> int:
    """'miền Nam', 'châu Âu': a region the gazetteer knows, written with a lowercase first word."""
    if not (j + 1 < len(toks) and toks[j].key in lex.words["lowercase_place_heads"] and not toks[j].cap
            and toks[j + 1].cap):
        return 0
    for n in (3, 2):
        if j + n <= len(toks) and toks[j + n - 1].is_word and span_key(toks[j:j + n]) in lex.places:
            return n
    return 0


def _hyphen_joins(toks: list[Token], j: int, lex: Lexicon) -> bool:
    """'thông-Vận tải' after 'Giao': a word's last syllable hyphened to the next name word."""
    if "-" not in toks[j].text or j + 1 >= len(toks) or not toks[j + 1].is_word or toks[j + 1].cap:
        return False
    left, _, right = toks[j].text.lower().partition("-")
    return (right[:1] != "" and toks[j].text.partition("-")[2][:1].isupper()
            and (toks[j - 1].key, left) in lex.word_pairs and (right, toks[j + 1].key) in lex.compounds)


def _country_only(toks: list[Token], start: int, end: int, lex: Lexicon) -> bool:
    """The capitalized part of a complement is a country's name alone (after lowercase words)."""
    first = next((k for k in range(start, end) if toks[k].cap), None)
    if first is None:
        return False
    g = gazetteer_match(toks, first, lex)
    entry = lex.places.get(span_key(toks[first:first + g])) if g else None
    return first + g == end and entry is not None and entry.kind in ("country", "territory", "continent")


def _province_at(toks: list[Token], j: int, lex: Lexicon) -> bool:
    """A province's name at j: 'Hoàng Anh Gia Lai' is a firm's name, not a person's after it."""
    g = gazetteer_match(toks, j, lex)
    entry = lex.places.get(span_key(toks[j:j + g])) if g else None
    return entry is not None and entry.kind == "province"


def _word_start(toks: list[Token], j: int, lex: Lexicon) -> bool:
    """A capitalized place word that opens a two-syllable word: 'Xã hội' in 'Đảng Dân chủ Xã hội'."""
    return (toks[j].cap and j + 1 < len(toks) and toks[j + 1].is_word and not toks[j + 1].cap
            and (toks[j].key, toks[j + 1].key) in lex.word_pairs and f"{toks[j].key} {toks[j + 1].key}" not in COMMITTEES)


def _trailing_words(toks: list[Token], j: int, lex: Lexicon) -> int:
    """'Cục Bảo vệ thực vật (...)', 'Cục Phát triển doanh nghiệp, Bộ KH&ĐT': a department's
    name may end on lowercase words of the dictionary (up to three, 'và' between them: 'Trung
    tâm Hỗ trợ phụ nữ và chăm sóc sức khỏe sinh sản - Hội ...') when a comma, a dash or a
    parenthesis closes it right after (a verb there would go on: 'Cục Bảo vệ thực vật kiểm tra'
    keeps 'Cục Bảo vệ')."""
    k, pairs = j, 0
    while pairs < 3 and k + 1 < len(toks):
        a, b = toks[k], toks[k + 1]
        if pairs and a.key == "và" and not a.cap and k + 2 < len(toks) and toks[k + 2].is_word:
            k += 1
            continue
        if not (a.is_word and b.is_word and not a.cap and not b.cap and (a.key, b.key) in lex.word_pairs
                and f"{a.key} {b.key}" not in lex.words["verbs_after_subject"]):
            break
        k, pairs = k + 2, pairs + 1
    if not pairs or toks[k - 1].key == "và":
        return 0
    # a sentence's last words are as often a verb ('do Bộ Công an điều tra.'): no full stop
    # nor a 'của' or a body after it, the one it belongs to ('Khoa Công nghệ thực phẩm Trường ĐH ...')
    # or an auxiliary after the subject's last word ('Vụ Giáo dục đại học được Bộ giao ...')
    closers = (",", "(", ";", ":", "của", "-", "–", "được", "đã", "đang", "sẽ", "vừa")
    return k - j if k < len(toks) and (toks[k].text in closers or (toks[k].cap and _starts_org(toks, k, lex))) else 0


def _words_to_place(toks: list[Token], j: int, lex: Lexicon) -> int:
    """'Chi cục Nuôi trồng thủy sản tỉnh Bạc Liêu', 'Chi cục Quản lý chất lượng nông lâm và thủy
    sản Hà Nội': a department's name may go on in lowercase words of the dictionary (and 'và'
    between them), no verb among them, up to the place it serves; 0 when no place follows."""
    stop, verbs = lex_index(lex).stop, lex.words["verbs_after_subject"]
    k, pairs = j, 0
    while pairs < 4 and k + 1 < len(toks):
        a, b = toks[k], toks[k + 1]
        if pairs and a.key == "và" and not a.cap:
            k += 1
            continue
        if not (a.is_word and b.is_word and not a.cap and not b.cap and not a.digit and not b.digit
                and (a.key, b.key) in lex.word_pairs and a.key not in stop and f"{a.key} {b.key}" not in verbs
                and not place_prefix(toks, k, lex)):
            break
        k, pairs = k + 2, pairs + 1
    if not pairs or toks[k - 1].key == "và":
        return 0
    pref = place_prefix(toks, k, lex)
    if (pref and name_run(toks, k + pref[1], lex)) or (gazetteer_match(toks, k, lex) and not _word_start(toks, k, lex)) \
            or _lower_region(toks, k, lex):
        return k - j
    return 0


def _lowercase_lead(toks: list[Token], i: int, lex: Lexicon) -> int:
    """'Nhà máy gang thép Thái Nguyên': a proper name may open with a few lowercase words that
    lead to its capitalized part; 0 when no capitalized word follows them."""
    stop = lex_index(lex).stop
    n = 0
    while i + n < len(toks) and n < 7 and toks[i + n].is_word and not toks[i + n].cap and not toks[i + n].digit:
        if toks[i + n].key in stop or place_prefix(toks, i + n, lex):
            return 0
        n += 1
    return n if n and i + n < len(toks) and toks[i + n].is_word and toks[i + n].cap and not toks[i + n].digit \
        and not (_starts_org(toks, i + n, lex) and not gazetteer_match(toks, i + n, lex)
                 and span_key(toks[i:i + n]) not in lex.generic_orgs) else 0
    # 'Hãng truyền thông Bộ Quốc phòng Nga': the body's own name follows; not 'Trung tâm nghiên cứu Đài
    # Loan', a place, nor 'Bệnh viện trường Đại học Y dược Huế', the hospital of a school


def _prev_upper(toks: list[Token], j: int) -> bool:
    """An acronym ('UBND') before j: no lowercase syllable of a name follows it."""
    return j > 0 and toks[j - 1].text.isupper() and len(toks[j - 1].text) > 1


def _list_ends_in_va(toks: list[Token], j: int) -> bool:
    """A comma inside a name is followed by capitalized words up to a 'và' that closes the list."""
    for k in range(j, min(len(toks), j + 12)):
        t = toks[k]
        if t.key == "và" or t.text == "&":
            return k + 1 < len(toks) and toks[k + 1].cap
        if not (t.is_word or t.text == ",") or (t.is_word and not t.cap and t.key in ("của", "là", "đã", "được")):
            return False
    return False


def _members(toks: list[Token], i: int, lex: Lexicon) -> int:
    """'các nhà đầu tư tài chính', 'các trường đại học, cao đẳng', 'các DN' after an association's
    head: 'các' and the words naming its members, up to the country or province it serves (0
    when no place ends them within ten words)."""
    if i >= len(toks) or toks[i].key != "các":
        return 0
    stop = lex_index(lex).stop
    j = i + 1
    while j < len(toks) and j - i <= 10:
        t = toks[j]
        if j > i + 1 and t.cap and gazetteer_match(toks, j, lex):
            return j - i if toks[j - 1].is_word and toks[j - 1].key != "và" else 0
        if t.text == "," and toks[j - 1].is_word and j + 1 < len(toks) and toks[j + 1].is_word and not toks[j + 1].cap:
            j += 1
            continue
        if not t.is_word or t.digit or (t.key in stop and t.key != "và") or _starts_org(toks, j, lex):
            return 0
        j += 1
    return 0


def _topic(toks: list[Token], i: int, lex: Lexicon) -> int:
    """'(về) phòng, chống tham nhũng, tiêu cực' after Ban Chỉ đạo."""
    starts = {"về", "phòng", "phòng chống"}
    if i >= len(toks) or toks[i].key not in starts:
        return 0
    stop = {"của", "đã", "đang", "sẽ", "được", "là", "có", "trên", "tại", "theo", "cho", "với", "đến", "thì", "vừa", "đi"}
    j = i
    while j < len(toks) and (toks[j].text == "," or (toks[j].is_word and not toks[j].cap and toks[j].key not in stop)):
        if place_prefix(toks, j, lex):
            break
        j += 1
    while j > i and toks[j - 1].text == ",":
        j -= 1
    return j - i if j - i >= 2 else 0


def _place(toks: list[Token], i: int, lex: Lexicon, text: str) -> tuple[int, str, str]:
    """A place after an organization: 'tỉnh Sơn La', 'TP HCM', 'Sơn La', 'của tỉnh', 'tỉnh'."""
    j = i
    if j < len(toks) and toks[j].text == "của" and place_prefix(toks, j + 1, lex):
        j += 1
    pref = place_prefix(toks, j, lex)
    if pref and j + pref[1] < len(toks) and toks[j + pref[1]].key == "ủy":
        pref = None  # 'huyện ủy' is a committee, not a district
    if pref:
        kind, n = pref
        run = name_run(toks, j + n, lex, digits=kind in ("district", "ward"))
        if run:
            name_toks = toks[j + n:j + n + run]
            entry = lex.places.get(span_key(name_toks)) or lex.places.get(span_key(toks[j:j + n + run]))
            written = text[toks[j].start:toks[j + n + run - 1].end]
            return j + n + run - i, entry.name if entry else fold_tones(text[name_toks[0].start:name_toks[-1].end]), written
        if kind in HERE and (j == i or toks[i].text == "của"):
            return j + n - i, HERE[kind], ""
        return 0, "", ""
    n = gazetteer_match(toks, j, lex) if j == i else 0
    if n:
        entry = lex.places[span_key(toks[j:j + n])]
        if entry.kind in ("province", "city", "district", "town", "country", "territory", "us_state", "foreign_city",
                          "world_city", "continent"):
            return n, entry.name, text[toks[j].start:toks[j + n - 1].end]
    return 0, "", ""


COMMITTEES = {"tỉnh ủy", "thành ủy", "huyện ủy", "quận ủy", "thị ủy", "đảng ủy"}


def parse_org(toks: list[Token], i: int, lex: Lexicon, text: str, depth: int = 0) -> OrgParse | None:
    """The organization named at token i, or None. Inside a name ('Ban Thường vụ huyện ủy')
    a party committee may be written in lowercase."""
    if i >= len(toks) or not toks[i].is_word or depth > 3:
        return None
    lower_ok = depth > 0 and i + 1 < len(toks) and f"{toks[i].key} {toks[i + 1].key}" in COMMITTEES
    hm = _head_at(toks, i, lex)
    if hm is not None and hm[0].not_after and _after_any(toks, i, hm[0].not_after):
        hm = None  # 'Cơ quan Thường trực Ban Chỉ đạo': the standing agency, not the standing board
    if hm is not None and hm[0].cased and any(
            w[:1].isupper() and not t.cap for w, t in zip(hm[0].head.split()[1:], toks[i + 1:i + hm[1]])):
        hm = None  # 'Ban tổ chức Iran': an event's organizers, not the Party's Ban Tổ chức
    if not toks[i].cap and not lower_ok and toks[i].key in lex.words["lower_body_words"] and \
            i + 1 < len(toks) and toks[i + 1].cap:
        nb = _match_body(toks, i, lex)  # 'theo đạo Phật': a religion named with a lowercase 'đạo'
        if nb >= 2:
            canon = lex.bodies[body_key(toks[i:i + nb], lex)]
            return OrgParse(i, i + nb, canon, "org:" + name_key(canon), body=True, rule="org:body")
    if not toks[i].cap and not lower_ok:
        # 'trường Tiểu học Hòa Bình', 'công ty cổ phần Masan': a kind of named body, in lowercase
        if hm is None or not ((hm[0].tail == "name" and hm[1] >= 2 and hm[0].lower is None)
                              or (hm[0].lower and _lower_head_names(toks, i, hm[1], lex))):
            return None
    nb = _match_body(toks, i, lex)
    if nb == 1 and _model_after(toks, i + 1, lex):
        nb = 0  # 'Toyota Camry', 'Boeing 787-9': a product the firm makes, not the firm
    if nb and _central_level(toks, i, nb, lex):
        nb = 0
    parsed = _parse_head(toks, i, lex, text, depth, hm) if hm else None
    if nb and (parsed is None or parsed.end - i <= nb):
        canon = lex.bodies[body_key(toks[i:i + nb], lex)]
        g, entry = _other_country(toks, i + nb, lex)
        if g and not lex.body_parent.get(canon):
            # 'Quốc hội Mỹ': the body of another country, not Việt Nam's
            written = text[toks[i + nb].start:toks[i + nb + g - 1].end]
            org = OrgParse(i, i + nb + g, canon, "", place=entry.name, place_text=written, rule="org:body-foreign")
            org.key = _key(org)
            return org
        if i + nb < len(toks) and toks[i + nb].text in lex.words["outlet_words"] and nb == 1 \
                and toks[i + nb].start == toks[i + nb - 1].end + 1:
            # 'Sputnik News', 'CBS News': an outlet of the group, by its own name
            written = text[toks[i].start:toks[i + nb].end]
            return OrgParse(i, i + nb + 1, written, "org:" + name_key(written), rule="org:media-outlet")
        org = OrgParse(i, i + nb, canon, "org:" + name_key(canon), body=True, rule="org:body")
        # 'Trung ương Đảng Cộng sản Việt Nam' names the Party inside the Central Committee (a
        # body without a parent in the lexicon names none: no inner body is looked for)
        for k in range(i + 1, i + nb) if lex.body_parent.get(canon) else ():
            inner = _match_body(toks, k, lex)
            if inner and k + inner == i + nb and lex.bodies[body_key(toks[k:k + inner], lex)] == lex.body_parent.get(canon):
                org.parent = OrgParse(k, k + inner, lex.body_parent[canon], "org:" + name_key(lex.body_parent[canon]),
                                      body=True, rule="org:body")
                break
        return org
    return parsed


def _after_any(toks: list[Token], i: int, phrases) -> bool:
    """Whether the keys of the words right before i are one of these phrases. Apart from
    parse_org: a generator there made its variables cells of every call."""
    return any(i >= len(w.split()) and " ".join(t.key for t in toks[i - len(w.split()):i]) == w for w in phrases)


def _other_country(toks: list[Token], j: int, lex: Lexicon):
    """(length, entry) of a country other than Việt Nam named at token j; (0, None) if none."""
    g = gazetteer_match(toks, j, lex)
    entry = lex.places.get(span_key(toks[j:j + g])) if g else None
    if entry is not None and entry.kind == "country" and entry.name != "Việt Nam":
        return g, entry
    return 0, None


def _central_level(toks: list[Token], i: int, nb: int, lex: Lexicon) -> bool:
    """'ngân sách Trung ương', 'giữa Trung ương và địa phương': the central level, not the
    Central Committee that the bare word names elsewhere."""
    # the keys of one word or two: three words' keys joined hold two spaces (read at every body found)
    if nb > 2 or (toks[i].key if nb == 1 else f"{toks[i].key} {toks[i + 1].key}") != "trung ương":
        return False
    before, after, end = lex.words["central_level_before"], lex.words["central_level_after"], i + nb
    return any(i - n >= 0 and " ".join([t.text for t in toks[i - n:i]]) in before for n in (1, 2)) or \
        any(end + n <= len(toks) and " ".join([t.text for t in toks[end:end + n]]) in after for n in (1, 2, 3))


def _model_after(toks: list[Token], j: int, lex: Lexicon) -> bool:
    """A model name right after a brand: a number ('787-9', 'A321') or a foreign word that is
    no word of a firm's name ('Camry'; not 'Electronics')."""
    if j >= len(toks) or not toks[j].is_word or toks[j].start != toks[j - 1].end + 1:
        return False
    t = toks[j]
    return t.digit or any(c.isdigit() for c in t.text) or (t.cap and foreign_name([t], lex))


_LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z'&\-]*")  # plain Latin letters: no Vietnamese marks
_LATIN_NAME_WORD = re.compile(r"[A-Za-z][A-Za-z'&.\-]*")  # the same, with dots ('Co.', 'S.A.')
_ARABIC_ARTICLE = re.compile(r"(?:al|el|an|ash|as|ad|at)-[A-Z][a-z]+")  # 'al-Izza' inside a capitalized name


def _foreign_org_run(toks: list[Token], i: int, lex: Lexicon) -> int:
    """'Oxford Economics', 'Ynet News', 'Jaish al-Izza': a run of foreign words (plain Latin
    letters, two to six) that a word of organizations ends ('Economics', 'News', 'Bank') or, in
    Arabic names, opens ('Jaish', 'Jabhat'); 0 if none. Not a place's name."""
    j = i
    while j < len(toks) and j - i < 6 and toks[j].is_word and _LATIN_WORD.fullmatch(toks[j].text) \
            and (toks[j].cap or _ARABIC_ARTICLE.fullmatch(toks[j].text)):
        j += 1
    if j - i < 2 or toks[i].text in lex_index(lex).not_names or gazetteer_match(toks, i, lex) or _match_body(toks, i, lex):
        return 0  # 'Theo Oxford Economics': the run starts after the Vietnamese word
    words = [t.text for t in toks[i:j]]
    if words[0] in lex.words["foreign_org_first"]:
        return j - i
    last = max((k for k in range(len(words)) if words[k] in lex.words["foreign_org_words"]), default=-1)
    if last >= 1 and words[last] in ("Index", "Street", "Valley", "Market", "Markets"):
        return 0  # 'USD Index', 'Wall Street': an index or a place, not a body
    return last + 1 if last >= 1 else 0


def _foreign_brand(toks: list[Token], start: int, end: int, lex: Lexicon) -> int | None:
    """Where a foreign proper name starts in a name's complement (after any lowercase
    Vietnamese words), when all of it is written in plain Latin letters and some word of it no
    Vietnamese syllable could spell; None otherwise ('Trung Nam', 'Hòa Phát' are Vietnamese)."""
    first = next((k for k in range(start, end) if toks[k].cap), None)
    if first is None:
        return None
    words = [t.text for t in toks[first:end] if t.is_word]
    if not words or not all(_LATIN_NAME_WORD.fullmatch(w) for w in words):
        return None
    if all(_VI_SYLLABLE.fullmatch(w.lower()) for w in words) or gazetteer_match(toks, first, lex) == end - first:
        return None  # Vietnamese words, or a place ('công ty Iran')
    return first


def _lower_head_names(toks: list[Token], i: int, n: int, lex: Lexicon) -> bool:
    """A one-word head written in lowercase ('báo Lao Động', 'đảng Lao động') names a body only
    when it is not part of a word ('thông báo', 'cảnh báo') and a name follows it, not a
    country ('báo Đức'), a title ('báo Tổng thống Mỹ') or a person ('báo ông Kim')."""
    if i > 0 and toks[i - 1].is_word and (toks[i - 1].key, toks[i].key) in lex.word_pairs:
        return False
    j = i + n
    return (j < len(toks) and toks[j].is_word and toks[j].cap and not toks[j].digit
            and not (gazetteer_match(toks, j, lex) and not _word_start(toks, j, lex))  # 'Pháp luật' is no 'Pháp'
            and match_title(toks, j, lex) is None)


def _parse_head(toks: list[Token], i: int, lex: Lexicon, text: str, depth: int, hm) -> OrgParse | None:
    head, n, canon = hm
    j = i + n
    org = OrgParse(i, j, canon, "", rule=f"org:head:{head.head}")
    comp = _topic(toks, j, lex) if head.topic else 0
    members = _members(toks, j, lex) if head.members and not comp else 0
    if members:
        org.name = canon + " " + fold_tones(text[toks[j].start:toks[j + members - 1].end])
        comp, j = members, j + members
    elif comp:
        # the topic names the body in full but does not tell two bodies of one place apart
        org.topic = fold_tones(text[toks[j].start:toks[j + comp - 1].end])
        j += comp
    elif head.tail in ("cap", "any", "name"):
        if n == 1 and i > 0 and toks[i - 1].is_word and toks[i - 1].cap and j < len(toks) \
                and toks[i - 1].text not in lex_index(lex).not_names and toks[j].text in lex.surnames \
                and not (j + 1 < len(toks) and (toks[j].key, toks[j + 1].key) in lex.word_pairs):
            return None  # 'Chris Khoa Nguyễn': a person's name, given names first
        comp = _complement(toks, j, lex, proper=head.tail == "name", trailing=head.descriptive,
                           owned=head.agency)
        if comp:
            org.name = canon + " " + fold_tones(text[toks[j].start:toks[j + comp - 1].end])
            brand = _foreign_brand(toks, j, j + comp, lex) if head.tail == "name" else None
            if brand is not None:
                # 'tạp chí Forbes', 'Tập đoàn bán lẻ Home Depot': a foreign firm is known by its own
                # name; the Vietnamese words before it describe it
                org.name = text[toks[brand].start:toks[j + comp - 1].end]
            j += comp
    lv = _level(toks, j, lex)
    if lv:
        org.name += " " + " ".join(t.text for t in toks[j:j + lv]).replace("TƯ", "Trung ương").replace("T.Ư", "Trung ương")
        j += lv
    pn, place, written = _place(toks, j, lex, text)
    if not pn and head.tail == "place" and head.level:
        run = name_run(toks, j, lex)
        if run and not _starts_org(toks, j, lex) and toks[j].text not in lex.surnames:
            pn, written = run, text[toks[j].start:toks[j + run - 1].end]
            place = fold_tones(written)
    if pn:
        org.place, org.place_text = place, written
        j += pn
    parent = None
    if (head.sub or head.tail in ("cap", "any", "name")) and not org.place and j < len(toks):
        parent = parse_org(toks, j, lex, text, depth + 1)
        if parent is not None and parent.bare:
            parent = None
    if parent is None and head.sub and comp and not org.place and j + 1 < len(toks) and toks[j].text == ",":
        # 'Vụ Kế hoạch - Tài chính, Bộ GD&ĐT', 'Khoa Điện, Trường Đại học Bách khoa': a department,
        # a comma, the body it belongs to (not another of its kind: 'Vụ A, Vụ B')
        parent = parse_org(toks, j + 1, lex, text, depth + 1)
        if parent is None or parent.bare or parent.rule == org.rule or not (
                parent.body or parent.proper or parent.rule in ("org:head:Bộ", "org:head:Tổng cục")):
            parent = None
    if parent is not None:
        org.parent = parent
        j = parent.end
    elif (head.parent_place or head.sub) and _province(org.place, lex):
        # 'Ban Nội chính tỉnh Sơn La' is a body of the Tỉnh ủy of that place (a city's Thành ủy);
        # not 'Ban tổ chức ... Iran', an event's organizers abroad
        committee = "Thành ủy" if org.place in lex.words["city_provinces"] else (head.parent_place or "Tỉnh ủy")
        org.parent = OrgParse(j, j, committee, "", place=org.place, place_text=org.place, rule="org:implied")
        org.parent.key = _key(org.parent)
        org.place, org.place_text = "", ""  # the place belongs to the committee: one key either way
    org.end = j
    has_tail = comp or lv or pn or parent is not None
    if head.tail == "place" and not (lv or pn):
        if head.level and (toks[i].cap or depth > 0):
            org.place = HERE.get(head.level, "@province")  # 'Tỉnh ủy' alone: the article's own
        else:
            return None
    if head.tail == "cap" and not (comp or pn or parent is not None or lv):
        return None
    if head.common and not (comp or lv or parent is not None) and name_key(written) == name_key(place):
        return None  # 'Cảnh sát Thái Lan': the police of a country, no body's name
    if head.tail == "name" and not comp and not (
            toks[i].cap and pn and written and name_key(written) != name_key(place)):
        return None  # a proper name, or a place written with its kind word: 'Trường Mầm non phường Kỳ Trinh'
    if head.verb and i > 0 and toks[i - 1].key in lex.words["before_verbs"]:
        return None  # 'phải Tổ chức Lễ kỷ niệm': the verb after a modal, whatever its capitals
    if head.verb and _opens_clause(toks, i) and not (
            j + 2 < len(toks) and toks[j].text == "(" and toks[j + 1].text.isupper() and toks[j + 2].text == ")"):
        return None  # 'Tổ chức Hội nghị ...' holds a conference; 'Tổ chức Lao động Thế giới (ILO)' is one
    if head.tail == "name" and comp and depth == 0 and not any(t.cap for t in toks[i:i + n]) \
            and _country_only(toks, i + n, i + n + comp, lex):
        return None  # 'công ty Iran', 'công ty thực phẩm Thụy Sĩ': firms of a country, no firm's name
    org.proper = head.tail == "name"
    if head.tail in ("sub", "any") and not has_tail:
        org.bare = True
    if org.place and org.place.startswith("@") and not org.place_text:
        org.place_text = ""
    org.key = _key(org)
    return org


def _opens_clause(toks: list[Token], i: int) -> bool:
    """Token i opens a sentence or a clause (after a quote, a colon, a dash), not after a comma."""
    return i == 0 or (not toks[i - 1].is_word and toks[i - 1].text not in (",", "(", "&"))


def _province(place: str, lex: Lexicon) -> bool:
    entry = lex.places.get(name_key(place)) if place and not place.startswith("@") else None
    return entry is not None and entry.kind == "province"


def _key(org: OrgParse) -> str:
    key = "org:" + name_key(org.name)
    if org.place:
        key += "@" + name_key(org.place)
    if org.parent is not None:
        key += "<" + org.parent.key
    return key


def acronym_org(tok: Token, lex: Lexicon) -> str:
    """'acronym' for an all-caps word (BSC, PVC), 'brand' for a Latin word with an inner
    capital or a bank's ending (OceanBank, Techcombank); '' for neither."""
    memo = lex_index(lex).acronyms
    if tok.text not in memo:
        memo[tok.text] = _acronym_org(tok.text, lex)
    return memo[tok.text]


_INITIALS = re.compile(r"[A-Z](?:\.[A-Z])+")  # 'H.R.'
_SURNAME_PREFIXED = re.compile(r"(?:Mc|Mac|O'|D')[A-Z][a-z]+")  # 'McMaster', 'O'Brien'


def _acronym_org(w: str, lex: Lexicon) -> str:
    if w in lex_index(lex).not_org_acronyms or w in lex.abbreviations or name_key(w) in lex.places:
        return ""
    letters = [c for c in w if c.isalpha()]
    if len(letters) < 2 or not w[0].isupper() or not all(ord(c) < 128 for c in w) or any(c.isdigit() for c in w):
        return ""  # 'F-35', 'VN30': models and indexes
    if w.lower().endswith("index"):
        return ""  # 'VN-Index', 'HNX-Index': a stock index, not its exchange
    if _INITIALS.fullmatch(w):
        return ""  # 'H.R. McMaster': a person's initials
    if all(c.isupper() for c in letters) and len(letters) <= 8:
        return "acronym"
    if _SURNAME_PREFIXED.fullmatch(w):
        return ""  # 'McMaster', 'O'Brien': a surname, not a brand
    if any(c.islower() for c in w) and len(w) >= 4 and (any(c.isupper() for c in w[1:]) or w.lower().endswith("bank")):
        return "brand"
    return ""


def _acronym_support(toks: list[Token], i: int, out: list[Mention], kind: str, lex: Lexicon) -> tuple[str, str]:
    """Why an acronym at i names an organization: ('paren', key of the body it abbreviates),
    ('cue', '') after a word like 'hãng' or 'ngân hàng', ('brand', ''); ('', '') for no reason
    yet (coref may still find the body it abbreviates)."""
    if 0 < i < len(toks) - 1 and toks[i - 1].text == "(" and toks[i + 1].text == ")":
        last = out[-1] if out else None
        if last is not None and last.end > last.start and i >= 2 and last.end == toks[i - 2].end:
            return "paren", last.key
        return "cue", ""  # 'Nhà máy gang thép Thái Nguyên (TISCO)': an abbreviation defined here
    if any(_caps_word(toks[k]) for k in (i - 1, i + 1) if 0 <= k < len(toks)):
        return "shout", ""  # a run of capitals is emphasis or a headline, not an acronym
    if i + 1 < len(toks) and toks[i + 1].key == "thuộc" and _starts_org(toks, i + 2, lex):
        return "cue", ""  # 'PVC thuộc Tập đoàn Dầu khí': a body of another
    cues = lex.words["org_cues"]
    for n in (2, 1):
        if i - n >= 0 and " ".join([t.text.lower() for t in toks[i - n:i]]) in cues:
            return "cue", ""
    return ("brand", "") if kind == "brand" else ("", "")


def _caps_word(t: Token) -> bool:
    letters = [c for c in t.text if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def find_orgs(text: str, toks: list[Token], sentence: int, lex: Lexicon) -> list[Mention]:
    out: list[Mention] = []
    bits = token_bits(toks, lex)
    i = 0
    # where something below can start: see the branches that skip a lowercase word
    # (a capitalized word without GAZ, ORG, LATIN or ACRONYM, and not after 'trưởng', opens nothing below)
    starts = positions(bits, ORG_AT)
    after = [k + 1 for k in positions(bits, TRUONG) if k + 1 < len(toks)]  # after 'trưởng'
    for at in sorted({*starts, *after}) if after else starts:
        if at < i:
            continue  # inside what was found last
        i = at
        t, b = toks[i], bits[i]
        if t.cap:
            g = gazetteer_match(toks, i, lex) if b & GAZ else 0
            if g >= 2 and _match_body(toks, i, lex) < g:
                i += g  # 'Đài Loan', 'Hội An', 'Tây Ban Nha': a place whose first word looks like a head
                continue
            org = parse_org(toks, i, lex, text) if b & ORG else None
        elif b & (ORG_LOWER | SHARED_HEAD) or (i and toks[i - 1].key == "trưởng"):
            # a lowercase word: no place, no foreign name, no acronym
            org = parse_org(toks, i, lex, text) if b & ORG_LOWER else None
        else:
            # a lowercase word that opens no head written in lowercase, no body and no shared
            # head, and no ministry's short name after 'Bộ trưởng': nothing below starts here
            i += 1
            continue
        # b & SHARED_HEAD: the key is one of SHARED_HEADS or 'văn' (one test of a number first)
        if org is None and i and b & SHARED_HEAD and (toks[i].key in SHARED_HEADS or (
                toks[i].key == "văn" and i + 1 < len(toks) and toks[i + 1].key == "phòng")) \
                and toks[i - 1].key in ("trưởng", "phó", "chánh"):
            # 'Trưởng ban dân vận huyện ủy X': the title's last word opens the body's name
            virtual = [Token(toks[i].text.capitalize(), toks[i].start, toks[i].end, toks[i].key)] + toks[i + 1:]
            if i >= 2 and toks[i - 2].key == toks[i].key:
                virtual = _lowercase_name(toks, i, lex)
            org = parse_org(virtual, 0, lex, text, depth=1)
            if org is not None:
                _shift(org, i)
        # _ministry finds a ministry only after 'bộ trưởng' or 'thứ trưởng' (bits[i - 1] & TRUONG:
        # its key is 'trưởng'); elsewhere this asked it in vain at every position
        if i >= 2 and bits[i - 1] & TRUONG:
            n, full = _ministry(toks, i, lex)
            if n:
                key = "org:" + name_key(full)
                g, entry = _other_country(toks, i + n, lex)
                if g:
                    # 'Bộ trưởng Quốc phòng Nhật Bản': that country's ministry, not Việt Nam's
                    full, key, n = f"{full} {entry.name}", f"{key}@{name_key(entry.name)}", n + g
                t0, t1 = toks[i], toks[i + n - 1]
                out.append(Mention(ORGANIZATION, full, text[t0.start:t1.end], t0.start, t1.end, sentence,
                                   "org:ministry-short", key=key, attrs={"body": True}))
                i += n
                continue
        if org is not None:
            _emit(out, org, toks, text, sentence)
            i = org.end
            continue
        # a run of two foreign words or more
        n = _foreign_org_run(toks, i, lex) if b & LATIN and t.cap and i + 1 < len(toks) and bits[i + 1] & LATIN else 0
        if n:
            t0, t1 = toks[i], toks[i + n - 1]
            out.append(Mention(ORGANIZATION, text[t0.start:t1.end], text[t0.start:t1.end], t0.start, t1.end, sentence,
                               "org:foreign-name", key="org:" + span_key(toks[i:i + n]), attrs={"support": "cue"}))
            i += n
            continue
        kind = acronym_org(toks[i], lex) if b & ACRONYM else ""
        if kind:
            t = toks[i]
            why, key = _acronym_support(toks, i, out, kind, lex)
            if why != "shout":
                out.append(Mention(ORGANIZATION, t.text, t.text, t.start, t.end, sentence, "org:acronym",
                                   key=key or "org:" + t.key, attrs={"support": why}))
        i += 1
    return out


def _lowercase_name(toks: list[Token], i: int, lex: Lexicon) -> list[Token]:
    """'Vụ trưởng vụ công tác phía nam TANDTC': after a title that names its kind of body, the
    body may be written all in lowercase up to its parent; its words are read as capitalized
    (the name keeps the text as written)."""
    stop = lex_index(lex).stop
    out = [Token(toks[i].text.capitalize(), toks[i].start, toks[i].end, toks[i].key)]
    j = i + 1
    while j < len(toks) and j - i <= 6 and toks[j].is_word and not toks[j].cap and not toks[j].digit \
            and toks[j].key not in stop and not place_prefix(toks, j, lex):
        out.append(Token(toks[j].text.capitalize(), toks[j].start, toks[j].end, toks[j].key))
        j += 1
    return out + toks[j:]


def _shift(org: OrgParse, offset: int) -> None:
    while org is not None:
        org.start += offset
        org.end += offset
        org = org.parent


def _ministry(toks: list[Token], i: int, lex: Lexicon) -> tuple[int, str]:
    """'Bộ trưởng Công an': the ministry named by its field alone."""
    if not (i >= 2 and toks[i - 2].key in ("bộ", "thứ") and toks[i - 1].key == "trưởng"):
        return 0, ""
    written: dict[int, str] = {}  # the words from i, by their number: each joined once, not once a ministry
    for short, n, full in _ministry_shorts(lex):
        if i + n <= len(toks):
            words = written.get(n)
            if words is None:
                words = written[n] = " ".join([t.text for t in toks[i:i + n]])
            if words == short:
                return n, full
    return 0, ""


# each short name of a ministry, in the lexicon's order, with its number of words and its full name
_ministry_shorts = per_lexicon(lambda lex: tuple((s, len(s.split()), f) for s, f in lex.ministry_short.items()))


def _emit(out: list[Mention], org: OrgParse, toks: list[Token], text: str, sentence: int) -> None:
    if org.end <= org.start:
        return
    start, end = toks[org.start].start, toks[org.end - 1].end
    attrs = {"place": org.place, "bare": org.bare, "body": org.body, "base": org.name, "proper": org.proper,
             "parent": org.parent.key if org.parent is not None else "",
             "parent_name": org.parent.full_name() if org.parent is not None else "",
             "parent_place": org.parent.place if org.parent is not None else ""}
    out.append(Mention(ORGANIZATION, org.full_name(), text[start:end], start, end, sentence, org.rule,
                       key=org.key, attrs=attrs))
    p = org.parent
    if p is not None and p.end > p.start:
        _emit(out, p, toks, text, sentence)
    elif p is not None:  # implied parent: no span of its own
        attrs = {"place": p.place, "bare": False, "body": False, "base": p.name, "parent": "", "implied": True,
                 "parent_name": "", "parent_place": ""}
        out.append(Mention(ORGANIZATION, p.full_name(), "", start, start, sentence, p.rule, key=p.key, attrs=attrs))
