"""Places, tried in this order at each token: a state's form before a country (Liên bang Đức);
countries paired by a dash (Việt – Trung); a lowercase head the gazetteer knows with its name
(châu Âu, miền Trung); a natural feature, street or site with its kind word (Biển Đen, đường Lý
Thái Tổ, sân bay Ataturk); a kind word and a capitalized name (tỉnh Vân Nam, huyện Đắk G’long,
quận 1, Q.10); a commune a school is named after (THCS Đại Mỗ); a name the gazetteer knows (Sơn
La, Trung Quốc, Aleppo), unless it is part of a person's name or a word; a name after a
preposition of place (tại Mỹ Đình). Then names listed among places (các tỉnh Yala, Pattani và
Songkhla) are places too."""
from __future__ import annotations

import re
from dataclasses import dataclass
from operator import attrgetter

from kg.extract.features import CAP, COMMUNE, GAZ, PLACE_AT, PLACE_OPEN, PREP, positions, token_bits
from kg.extract.index import communes, lex_index, longest_place, per_lexicon
from kg.extract.lexicon import Lexicon
from kg.extract.titles import match_title
from kg.extract.tokens import Token, span_key, token_ending
from kg.model import PLACE, Mention
from kg.normalize.text import fold_tones, name_key, strip_diacritics

MAX_NAME = 6
_START = attrgetter("start")  # a sort key in C: no Python function called per mention
# A lowercase article or preposition joined to a foreign name's next word: 'Deir al-Zour', 'ez-Zor'
_PARTICLE = re.compile(r"(?:al|el|ez|ad|as|ash|an|ar|at|az|ed|en|es|de|du|la|le|sur|sous)-[A-Z]")
# A Vietnamese syllable, without its tone and vowel marks: onset, one to three vowels, coda.
_VI_SYLLABLE = re.compile(r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnprstvx])?[aeiouy]{1,3}(?:ch|ng|nh|[cmnpt])?")


def _syllable(tok: Token) -> bool:
    """A word a Vietnamese given name could hold ('Anh', 'Đức', 'Phúc'), not 'Le' or 'Al'."""
    plain = strip_diacritics(tok.text).lower()
    return _VI_SYLLABLE.fullmatch(plain) is not None and (plain != tok.text.lower() or len(plain) > 2)


def place_prefix(toks: list[Token], i: int, lex: Lexicon) -> tuple[str, int] | None:
    """The kind and length of a place kind word at i ('thành phố' is two tokens)."""
    # the text is a first word, or one written without its period: one lookup, no string built
    if i >= len(toks) or toks[i].text not in lex_index(lex).prefix_open:
        return None
    prefixes = lex.words["place_prefixes"]
    for n in (2, 1):
        if i + n <= len(toks):
            text = _prefix_text(toks, i, n)
            if text in prefixes:
                return prefixes[text], n
    return None


def name_run(toks: list[Token], i: int, lex: Lexicon, digits: bool = False, kinded: bool = False) -> int:
    """How many capitalized words (or one number, for quận 1) start at i. After a kind word
    (digits=True or kinded) a name of two words or more may open with a word such as 'Đồng'."""
    if digits and i < len(toks) and toks[i].digit and toks[i].text.isdigit():
        return 1
    n = 0
    stop = lex_index(lex).not_names
    while i + n < len(toks) and toks[i + n].is_word and (toks[i + n].cap or n and _PARTICLE.match(toks[i + n].text)) \
            and not toks[i + n].digit:
        if n == 0 and toks[i + n].text in stop:
            known = gazetteer_match(toks, i, lex)  # 'Q.Thủ Đức': a known name may open with such a word
            if known or not kinded or not (i + 1 < len(toks) and toks[i + 1].is_word and toks[i + 1].cap):
                return known
        n += 1
        # 'Bà Rịa - Vũng Tàu': a hyphen between two capitalized names joins them
        if (i + n + 1 < len(toks) and toks[i + n].text in "-–" and toks[i + n + 1].cap
                and span_key(toks[i:i + n + 2]) in lex.places):
            n += 1
    if n > 1 and span_key(toks[i:i + n]) not in lex.places:
        # 'tỉnh Cà Mau Nguyễn Tiến Hải': the known place ends where a name begins
        known = gazetteer_match(toks, i, lex)
        if n == known + 1 and len(toks[i + known].text) == 1:
            return n  # 'Khu công nghiệp Vĩnh Lộc B'
        if known and (known > 1 or toks[i + known].text in lex.surnames or match_title(toks, i + known, lex)):
            return known  # not 'xã Viên Bình' cut after 'Viên' (Vienna)
    return n


def gazetteer_match(toks: list[Token], i: int, lex: Lexicon) -> int:
    """Length of the longest gazetteer name starting at i (0 if none)."""
    if i >= len(toks) or not (toks[i].cap and toks[i].is_word):
        return 0
    return longest_place(toks, i, lex, MAX_NAME)  # the longest n whose span_key is in lex.places


# Kinds of the generated world gazetteer (world.tsv): many of its towns share a first name or a
# surname ('Vladimir', 'Hassan'), so one followed by another capitalized word is not trusted.
_WEAK_KINDS = {"foreign_city", "us_state"}


def weak_place(toks: list[Token], i: int, n: int, lex: Lexicon) -> bool:
    """'Vladimir Putin': a world-gazetteer town of n tokens at i, with a capitalized word after it."""
    entry = lex.places.get(span_key(toks[i:i + n]))
    if entry is None or entry.kind not in _WEAK_KINDS:
        return False
    if toks[i].text.isupper():
        return True  # 'PISA': an acronym
    if i + n < len(toks) and toks[i + n].is_word and toks[i + n].cap:
        return True  # 'Vladimir Putin', 'Commonwealth Bank'
    # 'Harold Hamm', 'George W. Bush': a name's last word
    return i > 0 and (toks[i - 1].is_word and toks[i - 1].cap or (
        toks[i - 1].text == "." and i > 1 and len(toks[i - 2].text) == 1 and toks[i - 2].cap))


def find_places(text: str, toks: list[Token], sentence: int, lex: Lexicon) -> list[Mention]:
    out: list[Mention] = []
    bits = token_bits(toks, lex)
    i = 0
    # a lowercase word that opens no rule below: nothing starts there
    for at in positions(bits, PLACE_OPEN | CAP):
        if at < i:
            continue  # inside what the last rule found
        i = at
        t, b = toks[i], bits[i]
        if not b & PLACE_OPEN:
            # no kind word, state form, country pair or lowercase head opens here: only the
            # gazetteer, a commune (PLACE_AT) or a name after a preposition (PREP before it),
            # all on a capitalized word
            if t.cap and (b & PLACE_AT or (i and bits[i - 1] & PREP)):
                i = _named_place(text, toks, i, b, sentence, lex, out)
            else:
                i += 1
            continue
        form, g = _state_form(toks, i, lex)
        if form:
            m = _mention(text, toks, i, i + form, i + form + g, sentence, lex, "")
            out.append(m)
            i += form + g
            continue
        pair = _country_pair(toks, i, lex)
        if pair:
            out += [_pair_member(text, toks, start, size, sentence, lex) for start, size in pair]
            i = pair[-1][0] + pair[-1][1]
            continue
        n = _lowercase_head(toks, i, lex)
        if n:
            out.append(_mention(text, toks, i, i, i + n, sentence, lex, ""))
            i += n
            continue
        feat = _feature_prefix(toks, i, lex)
        run = name_run(toks, i + feat, lex) if feat else 0
        if not feat:
            feat = site_prefix(toks, i, lex)
            run = _site_run(toks, i + feat, lex) if feat else 0
        if run and not toks[i + feat].text.isupper():
            # 'Biển Đen', 'bán đảo Triều Tiên', 'sông Euphrates': the kind word is part of the name
            m = _mention(text, toks, i, i, i + feat + run, sentence, lex, "feature")
            m.name = fold_tones(text[toks[i].start:toks[i + feat + run - 1].end])
            # 'biển Địa Trung Hải', 'dãy núi Alps': the name is also written without its kind word
            m.attrs["bare"] = fold_tones(text[toks[i + feat].start:toks[i + feat + run - 1].end])
            m.name = m.name[:1].upper() + m.name[1:]
            m.key = "place:" + " ".join(fold_tones(m.name).casefold().split())
            out.append(m)
            i += feat + run
            continue
        pref = place_prefix(toks, i, lex)
        if pref:
            kind, n = pref
            run = name_run(toks, i + n, lex, digits=kind in ("district", "ward"), kinded=True)
            if run and _direction(toks, i + n, gazetteer_match(toks, i + n, lex), lex):
                run = 0  # 'khu vực Tây Bắc Syria'
            if run and _prefix_text(toks, i, n) in lex.words["known_only_prefixes"]:
                run = gazetteer_match(toks, i + n, lex)
            if run and toks[i + n].digit and _prefix_text(toks, i, n).endswith(".") and i > 0 and \
                    toks[i - 1].text == "(" and i + n + 1 < len(toks) and toks[i + n + 1].text == ")":
                run = 0  # '(P.2)' after a headline is its part two
            if run:
                out.append(_mention(text, toks, i, i + n, i + n + run, sentence, lex, kind))
                i += n + run
                continue
        if t.cap:
            i = _named_place(text, toks, i, b, sentence, lex, out)
        else:
            i += 1  # the rules below all open on a capitalized word
    return out + _list_members(text, toks, out, sentence, lex)


def _named_place(text: str, toks: list[Token], i: int, bits: int, sentence: int, lex: Lexicon,
                 out: list[Mention]) -> int:
    """The rules of find_places that open on a capitalized word: a commune a school is named
    after, a name the gazetteer knows, a name after a preposition of place. Adds what it finds
    to `out`; the token to go on from. `bits`: the token's features."""
    n = gazetteer_match(toks, i, lex) if bits & GAZ else 0
    c = _commune_after_school(toks, i, lex) if bits & COMMUNE else 0
    if c > n:  # 'THCS Mỹ Đình 1': the commune, not the country 'Mỹ'
        out.append(_mention(text, toks, i, i, i + c, sentence, lex, "commune"))
        return i + c
    if n and weak_place(toks, i, n, lex):
        return i + n
    if n and _not_a_place(toks, i, n, lex):
        return i + n  # the whole name is something else's: no shorter place inside it
    if n:
        out.append(_mention(text, toks, i, i, i + n, sentence, lex, ""))
        return i + n
    n = name_run(toks, i, lex) if _prep_before(toks, i, lex) else 0
    nxt = toks[i + n] if n and i + n < len(toks) else None
    if n and toks[i].key not in lex.surnames and not toks[i].text.isupper() and not (
            nxt is not None and nxt.is_word and not nxt.cap) and not _place_inside(toks, i + 1, i + n, lex):
        # not 'tại Trường THPT Ba Đình'
        # not 'tại Hội nghị', 'ở Trung ương', 'tại BV', 'ở Nam Thái Lan'
        # 'tại Mỹ Đình', 'ở Gwangju': a name after a preposition of place
        m = _mention(text, toks, i, i, i + n, sentence, lex, "")
        m.attrs["cue"] = "prep"
        out.append(m)
        return i + n
    return i + 1


_PAIR_SEPARATORS = {"-", "–"}


def _country_pair(toks: list[Token], i: int, lex: Lexicon) -> list[tuple[int, int]]:
    """'Việt – Trung', 'Trung - Mỹ', 'Mỹ - Đức': countries joined by a dash, one of them in its
    one-syllable form ('Trung' for Trung Quốc). [(token, length)] of each, or [] if none;
    checked before the gazetteer, which would read 'Trung - Mỹ' as Central America."""
    shorts = lex.words["country_short"]
    if i >= len(toks) or toks[i].text not in shorts or (i and toks[i - 1].is_word and toks[i - 1].cap):
        return []
    out, k = [(i, 1)], i + 1
    while k + 1 < len(toks) and toks[k].text in _PAIR_SEPARATORS:
        g = _pair_country(toks, k + 1, lex, shorts)
        if not g:
            break
        out.append((k + 1, g))
        k += 1 + g
    if len(out) < 2:
        return []
    end = out[-1][0] + out[-1][1]
    if end < len(toks) and toks[end].is_word and toks[end].cap and not toks[end].text.isupper():
        return []  # the last name goes on: not a pair of countries
    return out


def _pair_country(toks: list[Token], k: int, lex: Lexicon, shorts) -> int:
    """The length of a country of a pair at k, or 1 for a one-syllable form; 0 if neither.
    A function of the module, not of _country_pair's body: made there at every call."""
    if k >= len(toks) or not toks[k].cap:
        return 0
    g = gazetteer_match(toks, k, lex)
    while g > 1 and any(t.text in _PAIR_SEPARATORS for t in toks[k:k + g]):
        g -= 1  # the dash is the pair's, not part of a name
    entry = lex.places.get(span_key(toks[k:k + g])) if g else None
    if entry is not None and entry.kind in ("country", "territory") and not (
            g > 1 and toks[k].text in shorts and toks[k + 1].text in _PAIR_SEPARATORS):
        return g
    return 1 if toks[k].text in shorts else 0


def _pair_member(text: str, toks: list[Token], start: int, size: int, sentence: int, lex: Lexicon) -> Mention:
    """A country of a pair; 'Trung' is Trung Quốc, under the name as written too."""
    m = _mention(text, toks, start, start, start + size, sentence, lex, "")
    full = lex.words["country_short"].get(toks[start].text) if size == 1 else None
    entry = lex.places.get(name_key(full)) if full else None
    if entry is not None and not lex.places.get(toks[start].key):
        m.name, m.key = entry.name, "place:" + name_key(entry.name)
        m.attrs.update(kind=entry.kind, parent=entry.parent, known=True)
    return m


def _place_inside(toks: list[Token], start: int, end: int, lex: Lexicon) -> bool:
    """Whether a gazetteer name starts at a token from start to end (exclusive)."""
    for k in range(start, end):  # a loop: a generator here made cells of its caller's variables
        if gazetteer_match(toks, k, lex):
            return True
    return False


def _prep_before(toks: list[Token], i: int, lex: Lexicon) -> bool:
    """A preposition of place right before i: 'tại', 'phía đông', 'thủ phủ'."""
    words = _words(lex)
    if not i or toks[i - 1].key not in words.prep_last:
        return False
    # the two words before i, then the one: asked at most capitalized words, so without a
    # generator (whose variables would be cells of every call)
    return (i >= 2 and f"{toks[i - 2].key} {toks[i - 1].key}" in words.preps) or toks[i - 1].key in words.preps


def _prefix_text(toks: list[Token], i: int, n: int) -> str:
    # 'Q. Bắc Từ Liêm', 'TP. Huế': the abbreviation's period is a token of its own. One word or
    # two (place_prefix asks for nothing longer) are read without a list comprehension, whose
    # frame cost more than the join (asked at ~60 words an article)
    if n == 1:
        return toks[i].text
    if n == 2 and i + 1 < len(toks):
        first, second = toks[i], toks[i + 1]
        glued = second.text == "." and second.start == first.end
        return first.text + second.text if glued else f"{first.text} {second.text}"
    return " ".join([t.text for t in toks[i:i + n]])


def _lowercase_head(toks: list[Token], i: int, lex: Lexicon) -> int:
    """'châu Âu', 'miền Trung', 'phương Tây', 'đồng bằng sông Cửu Long': a lowercase head word,
    then a capitalized name, that the gazetteer knows together."""
    if toks[i].cap or toks[i].key not in _lower_heads(lex):
        return 0
    n = longest_place(toks, i, lex, MAX_NAME)
    if n < 2:
        return 0
    # 'miền bắc Ba Lan': all in lowercase, but before a capitalized name, which it places
    after = i + n < len(toks) and toks[i + n].is_word and toks[i + n].cap
    return n if any(t.cap for t in toks[i + 1:i + n]) or after else 0


@dataclass(frozen=True)
class _Words:
    """The word lists of words.yaml the place rules try at every token, as sets, with the first
    (or last) words of their phrases, so that most tokens are rejected in one lookup."""
    lower_heads: frozenset[str]  # lowercase_place_heads and the first words of feature_prefixes
    features: frozenset[str]
    feature_first: frozenset[str]
    sites: frozenset[str]  # site_prefixes in both cases, as written
    site_first: frozenset[str]
    states: frozenset[str]
    state_first: frozenset[str]
    preps: frozenset[str]
    prep_last: frozenset[str]
    commune_last: frozenset[str]  # the last words of commune_named_after


def _build_words(lex: Lexicon) -> _Words:
    w = lex.words
    sites = frozenset(w["site_prefixes"]) | frozenset(w["site_prefixes_capitalized"])
    words = _Words(
        lower_heads=frozenset(w["lowercase_place_heads"]) | frozenset(f.split()[0] for f in w["feature_prefixes"]),
        features=frozenset(w["feature_prefixes"]), feature_first=frozenset(f.split()[0] for f in w["feature_prefixes"]),
        sites=sites, site_first=frozenset(x.split()[0] for x in sites),
        states=frozenset(w["state_forms"]), state_first=frozenset(x.split()[0] for x in w["state_forms"]),
        preps=frozenset(w["place_preps"]), prep_last=frozenset(x.split()[-1] for x in w["place_preps"]),
        commune_last=frozenset(x.rsplit(" ", 1)[-1] for x in w["commune_named_after"]))
    return words


# _words(lex) -> _Words: the place rules ask for it at most capitalized words
_words = per_lexicon(_build_words)


def _lower_heads(lex: Lexicon) -> frozenset[str]:
    return _words(lex).lower_heads


def _state_form(toks: list[Token], i: int, lex: Lexicon) -> tuple[int, int]:
    """'Liên bang Đức', 'Cộng hòa Czech': (words of the form, words of the country) at i, or (0, 0)."""
    words = _words(lex)
    if not toks[i].cap or toks[i].text not in words.state_first:
        return 0, 0
    for n in (2, 1):
        if i + n < len(toks) and " ".join([t.text for t in toks[i:i + n]]) in words.states:
            g = gazetteer_match(toks, i + n, lex)
            entry = lex.places.get(span_key(toks[i + n:i + n + g])) if g else None
            if entry is not None and entry.kind in ("country", "territory"):
                return n, g
    return 0, 0


_LIST_SEPARATORS = {",", "và", ";"}
_LIST_ENDS = {",", "và", ";", ".", ")", "(", ":", "-", "–", "…"}
# kinds a place kind word gives: 'các tỉnh Yala, Pattani và Songkhla' are all provinces
_LISTING_KINDS = {"province", "city", "district", "town", "commune", "ward", "township", "village", "state"}


def _list_members(text: str, toks: list[Token], found: list[Mention], sentence: int,
                  lex: Lexicon) -> list[Mention]:
    """'Hồng Kông, Trung Quốc, Phillipines, Thái Lan và Việt Nam', 'các xã Phú Định, Hoàn Trạch':
    a capitalized name listed among places (two the gazetteer knows, or after a kind word) is
    a place too."""
    if not found:
        return []
    starts = {m.start: m for m in found}
    out: list[Mention] = []
    done: set[int] = set()
    for m in sorted(found, key=_START):
        if m.start in done:
            continue
        listed, new = [m], []
        k = token_ending(toks, m.end)
        while k is not None and k + 2 < len(toks) and toks[k + 1].text in _LIST_SEPARATORS:
            j = k + 2
            nxt = starts.get(toks[j].start)
            if nxt is not None:
                listed.append(nxt)
                k = token_ending(toks, nxt.end)
                continue
            run = name_run(toks, j, lex)
            if not run or toks[j].text.isupper() or (j + run < len(toks) and toks[j + run].text not in _LIST_ENDS):
                break
            new.append((j, run))
            k = j + run - 1
        done.update(x.start for x in listed)
        kinded = m.attrs.get("kind") in _LISTING_KINDS and m.surface != m.attrs.get("bare")
        known = sum(1 for x in listed if x.attrs.get("known"))
        if not new or not (kinded or known >= 2):
            continue
        for j, run in new:
            item = _mention(text, toks, j, j, j + run, sentence, lex, m.attrs["kind"] if kinded else "")
            item.attrs["cue"] = "prep"  # read from its neighbours, as after a preposition: an organization's name wins
            out.append(item)
    return out


def _feature_prefix(toks: list[Token], i: int, lex: Lexicon) -> int:
    """How many tokens of a natural feature's kind word start at i ('Bán đảo', 'sông')."""
    words = _words(lex)
    if toks[i].key not in words.feature_first:
        return 0
    for n in (2, 1):
        if i + n <= len(toks) and " ".join([t.key for t in toks[i:i + n]]) in words.features:
            return n
    return 0


def site_prefix(toks: list[Token], i: int, lex: Lexicon) -> int:
    """How many tokens of a street's or a site's kind word start at i ('đường', 'sân bay'), when
    a name follows that is not a country's ('sân bay Syria' are Syria's airports)."""
    words = _words(lex)
    if toks[i].text not in words.site_first or (i and toks[i - 1].key in lex.words["not_site_before"]):
        return 0
    for n in (3, 2, 1):
        if i + n >= len(toks):
            continue
        # one word or two read without a list comprehension (see _prefix_text)
        written = toks[i].text if n == 1 else f"{toks[i].text} {toks[i + 1].text}" if n == 2 else \
            " ".join([t.text for t in toks[i:i + n]])
        if written in words.sites:
            g = gazetteer_match(toks, i + n, lex)
            entry = lex.places.get(span_key(toks[i + n:i + n + g])) if g else None
            if entry is not None and entry.kind in ("country", "territory", "continent"):
                return 0
            return n
    return 0


def _commune_after_school(toks: list[Token], i: int, lex: Lexicon) -> int:
    """'THCS Đại Mỗ', 'Tiểu học Uy Nỗ': the commune a school or a works is named after, when
    communes.tsv knows it; not a person's name ('THPT Lê Viết Thuật')."""
    t = toks[i]
    if not (t.is_word and t.cap) or t.text in lex.surnames or t.text.isupper():
        return 0
    keys, most = communes()
    limit = most.get(t.key, 0)
    if not limit:
        return 0
    # the words before i end on the last word of one of the school's words, or are none of them
    if not i or toks[i - 1].key.rsplit(" ", 1)[-1] not in _words(lex).commune_last:
        return 0
    if not _school_word_before(toks, i, lex.words["commune_named_after"]):
        return 0
    for n in range(min(limit, len(toks) - i), 0, -1):
        span = toks[i:i + n]
        if _capitalized_words(span) and span_key(span) in keys:
            nxt = toks[i + n] if i + n < len(toks) else None
            if nxt is None or not (nxt.is_word and nxt.cap):
                return n
    return 0


def _school_word_before(toks: list[Token], i: int, words) -> bool:
    """One of `words` (of one to three words) right before token i."""
    for k in (3, 2, 1):  # a loop, not any() over a generator: its variables were cells of every call
        if i - k >= 0 and " ".join([x.key for x in toks[i - k:i]]) in words:
            return True
    return False


def _capitalized_words(span: list[Token]) -> bool:
    for x in span:
        if not (x.is_word and x.cap):
            return False
    return True


def _site_run(toks: list[Token], i: int, lex: Lexicon) -> int:
    """A site's name: capitalized words, and the lowercase syllable of a known compound
    between two of them ('Cảng hàng không Quốc tế Damascus', 'Sân vận động Quốc gia Mỹ Đình')."""
    n = name_run(toks, i, lex)
    while n and i + n + 1 < len(toks) and not toks[i + n].cap and toks[i + n].is_word \
            and (toks[i + n - 1].key, toks[i + n].key) in lex.compounds:
        more = name_run(toks, i + n + 1, lex)
        if not more:
            break
        n += 1 + more
    return n


def _direction(toks: list[Token], i: int, n: int, lex: Lexicon) -> bool:
    """'phía Tây Bắc Syria', 'ở Tây Bắc nước này': compass words before a place are a direction,
    not the region Tây Bắc."""
    return all(t.key in lex.words["directions"] for t in toks[i:i + n]) and i + n < len(toks) and (
        gazetteer_match(toks, i + n, lex) > 0 or toks[i + n].key == "nước")


def _not_a_place(toks: list[Token], i: int, n: int, lex: Lexicon) -> bool:
    """'tiếng Anh' is a language; 'Anh' opening a sentence is a pronoun ('Anh nghĩ...'), and so
    is 'Anh ấy'; a one-word country next to another capitalized word is part of a person's
    name ('Nguyễn Xuân Anh', 'Đức Phúc'), unless a title or a nationality word comes first
    ('Thủ tướng Anh Theresa May', 'người Anh William Harvey')."""
    if i and toks[i - 1].key in lex.words["language_before"]:
        return True
    if _direction(toks, i, n, lex):
        return True
    if n != 1:
        return False
    if i == 0 and toks[i].key in lex.words["pronoun_places"]:
        return True
    entry = lex.places.get(toks[i].key)
    if entry is None or entry.kind not in ("country", "territory"):
        return False
    nxt = toks[i + 1] if i + 1 < len(toks) else None
    if nxt is not None and nxt.key in lex.words["not_place_after"]:
        return True
    if not _syllable(toks[i]):
        return False  # 'Lebanon', 'Syria': no one's given name
    prev = toks[i - 1] if i else None
    if (prev is not None and prev.is_word and prev.cap and _syllable(prev) and prev.key not in lex.words["directions"]
            and prev.key not in lex_index(lex).stop and prev.key not in lex.words["place_preps"]):
        return True  # 'Xuân Anh', not 'miền Đông Ukraine'
    if nxt is None or not (nxt.is_word and nxt.cap and _syllable(nxt)):
        return False  # 'Pháp Le Monde'
    before = " ".join([t.key for t in toks[max(0, i - 2):i]])
    if prev is not None and (prev.key in lex.words["nationality_before"] or before in lex.words["nationality_before"]):
        return False
    return not any((hit := match_title(toks, k, lex)) is not None and hit.end == i for k in range(max(0, i - 6), i))


def _mention(text: str, toks: list[Token], start: int, name_start: int, end: int, sentence: int,
             lex: Lexicon, kind: str) -> Mention:
    name_toks = toks[name_start:end]
    key = span_key(name_toks)
    # 'TP.HCM' as one token after splitting 'TP.' keeps its full form in the gazetteer
    entry = lex.places.get(key) or lex.places.get(span_key(toks[start:end]))
    raw = text[name_toks[0].start:name_toks[-1].end]
    prefix = text[toks[start].start:toks[name_start].start].strip() if start < name_start else ""
    if kind in ("district", "ward") and raw.isdigit():
        raw = f"{prefix.rstrip('.').capitalize()} {raw}".replace("Q ", "Quận ").replace("P ", "Phường ")
        entry = lex.places.get(span_key(toks[start:end])) or entry
    name = entry.name if entry else fold_tones(raw)
    return Mention(
        type=PLACE, name=name, surface=text[toks[start].start:toks[end - 1].end],
        start=toks[start].start, end=toks[end - 1].end, sentence=sentence,
        rule="place:gazetteer" if entry else f"place:{kind}",
        key="place:" + (span_key(toks[start:end]) if not entry and kind in ("district", "ward") and raw[-1:].isdigit() else
                        " ".join(fold_tones(name).casefold().split())),
        attrs={"kind": entry.kind if entry else kind, "parent": entry.parent if entry else "", "known": bool(entry),
               "bare": raw},
    )
