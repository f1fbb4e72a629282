"""Lookup indexes over the lexicon, built once per lexicon, so that the extractors can reject
a token in one set lookup instead of trying every head, title, body or place of the lexicon
at every position. They only speed lookups up: every answer is the one the full scan gives."""
from __future__ import annotations

import csv
import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from functools import cache, lru_cache
from importlib import resources
from operator import attrgetter
from typing import Callable, TypeVar

from kg.extract.lexicon import Lexicon
from kg.normalize.text import name_key, strip_diacritics


@dataclass(frozen=True)
class LexIndex:
    # organization heads: (word count, name key) -> position of the first head in lex.heads with it
    loose_first: frozenset[str]  # first words of lex.bodies_loose keys
    body_words: dict[str, int]  # first word -> most words of a body key (exact or diacritics-free) with it
    place_words: dict[str, int]  # first word -> most words of a lex.places key with it
    place_starts: frozenset[str]  # each key of lex.places and each of its first words, joined
    cues: frozenset[str]  # honorifics and person cues
    cue_last: frozenset[str]  # last words of the cues
    not_names: frozenset[str]
    stop: frozenset[str]
    connectors: frozenset[str]
    not_org_acronyms: frozenset[str]
    level_first: frozenset[str]  # first words of the level words (Trung ương, tối cao)
    prefix_first: frozenset[str]  # first words of the place kind words (thành phố, tỉnh)
    prefix_open: frozenset[str]  # the same, and each without its final period ('TP.'): what a token's text may be
    former_first: frozenset[str]  # first words of the 'former' words, lowercase
    glued_surnames: tuple[str, ...]  # surnames longer than one character
    head_words: tuple[list[str], ...]  # the words of each head's key, in lex.heads order (as _head_len takes them)
    heads_by_first: dict[str, tuple[int, ...]]  # first word of a head key -> positions in lex.heads
    heads_by_abbr: dict[str, tuple[int, ...]]  # abbreviation -> positions of the heads its words open
    body_starts: frozenset[str]  # each key of lex.bodies and each of its first words, joined ('ban', 'ban chỉ')
    loose_starts: frozenset[str]  # the same for the keys of lex.bodies_loose
    body_forms: dict[str, tuple[str, ...]]  # 'org:' + a body's name key -> the keys of lex.bodies naming it
    body_names: frozenset[str]  # the canonical names of lex.bodies (its values)
    # the words at which a rule of find_places other than the gazetteer's, the commune's and
    # the preposition's can start (all three need a capitalized word): a state's form, a
    # country's short form, a lowercase head, a feature's, a site's or a place's kind word
    place_opens_text: frozenset[str]
    place_opens_key: frozenset[str]
    media_forms: tuple[tuple[str, tuple[str, ...]], ...]  # each of lex.media in name order: (name, (name, *aliases))
    head_cands: dict[str, tuple[str, tuple[int, ...]]] = field(default_factory=dict)  # text -> (key, candidates)
    # (text, key, next word's key) -> the candidates its second word leaves (orgs._match_head)
    head_pairs: dict[tuple[str, str, str | None], tuple[int, ...]] = field(default_factory=dict)
    glued: dict[str, bool] = field(default_factory=dict)  # word -> opens with a glued surname (memo)
    acronyms: dict[str, str] = field(default_factory=dict)  # word -> acronym_org()'s answer (memo)
    body_most: dict[str, tuple[int, bool]] = field(default_factory=dict)  # token key -> _body_most() (memo)
    place_most: dict[str, int] = field(default_factory=dict)  # token key -> most words of a place opening with it
    title_opens: dict[str, tuple] = field(default_factory=dict)  # word -> titles._opens() (memo)
    word_bits: dict[str, tuple[str, int]] = field(default_factory=dict)  # text -> (key, features._bits()) (memo)


T = TypeVar("T")


class _PerLexicon(dict):
    """Lexicon (by identity) -> what `build` makes of it, made on first use; the lexicon is
    kept alive with it."""

    def __init__(self, build: Callable[[Lexicon], T]) -> None:
        super().__init__()
        self._build = build

    def __missing__(self, lex: Lexicon) -> T:
        made = self[lex] = self._build(lex)
        return made


def per_lexicon(build: Callable[[Lexicon], T]) -> Callable[[Lexicon], T]:
    """build(lex), made once for each lexicon. The getter is a dict's own lookup rather than a
    Python function, since the extractors ask for such things thousands of times an article."""
    return _PerLexicon(build).__getitem__


def _build(lex: Lexicon) -> LexIndex:
    head_words = tuple(name_key(h.head).split() for h in lex.heads)
    by_first: dict[str, list[int]] = {}
    for pos, words in enumerate(head_words):
        if words:
            by_first.setdefault(words[0], []).append(pos)
    by_abbr: dict[str, tuple[int, ...]] = {}
    for abbr, full in lex.abbreviations.items():
        full_words = name_key(full).split()
        by_abbr[abbr] = tuple(pos for pos, words in enumerate(head_words)
                              if full_words and words[:len(full_words)] == full_words)
    w = lex.words
    cues = frozenset(w["honorifics"]) | frozenset(w["person_cues"])
    # the first words places.py tries each rule at: _state_form, _country_pair, place_prefix
    # (a word, or a word and its period), site_prefix by the text; _lowercase_head and
    # _feature_prefix by the key
    prefix_first = frozenset(_first(k) for k in w["place_prefixes"])
    sites = [*w["site_prefixes"], *w["site_prefixes_capitalized"]]
    feature_first = frozenset(f.split()[0] for f in w["feature_prefixes"])
    index = LexIndex(
        body_words=_most_words([*lex.bodies, *lex.bodies_loose]),
        loose_first=frozenset(_first(k) for k in lex.bodies_loose),
        place_words=_most_words(list(lex.places)),
        place_starts=key_starts(lex.places),
        cues=cues,
        cue_last=frozenset(c.rsplit(" ", 1)[-1] for c in cues),
        not_names=frozenset(w["not_names"]),
        stop=frozenset(w["stop"]),
        connectors=frozenset(w["name_connectors"]),
        not_org_acronyms=frozenset(w["not_org_acronyms"]),
        level_first=frozenset(_first(k) for k in w["levels"]),
        prefix_first=prefix_first,
        prefix_open=prefix_first | frozenset(x[:-1] for x in prefix_first if x.endswith(".")),
        former_first=frozenset(_first(k.lower()) for k in w["former"]),
        glued_surnames=tuple(s for s in lex.surnames if len(s) > 1),
        head_words=head_words,
        body_starts=key_starts(lex.bodies),
        loose_starts=key_starts(lex.bodies_loose),
        body_forms=_body_forms(lex),
        body_names=frozenset(lex.bodies.values()),
        heads_by_first={k: tuple(v) for k, v in by_first.items()},
        place_opens_text=frozenset(w["country_short"]) | frozenset(x.split()[0] for x in w["state_forms"])
        | prefix_first | frozenset(x[:-1] for x in prefix_first if x.endswith(".")) | frozenset(x.split()[0] for x in sites),
        place_opens_key=frozenset(w["lowercase_place_heads"]) | feature_first,
        media_forms=tuple((name, (name, *lex.body_aliases.get(name, []))) for name in sorted(lex.media)),
        heads_by_abbr=by_abbr,
    )
    return index


lex_index = per_lexicon(_build)  # lex_index(lex) -> LexIndex: the index of this lexicon


# heads a title's last word may share with the body after it ('Trưởng ban dân vận ...')
SHARED_HEADS = frozenset({"ban", "văn phòng", "vụ", "cục"})


@cache
def communes() -> tuple[frozenset[str], dict[str, int]]:
    """The name keys of communes.tsv, and for each first word the most words of a name with it."""
    rows = csv.DictReader(resources.files("kg").joinpath("data", "communes.tsv").read_text(encoding="utf-8")
                          .splitlines(), delimiter="\t")
    keys = frozenset(name_key(r["name"]) for r in rows if r.get("name"))
    most: dict[str, int] = {}
    for k in keys:
        first = k.split(" ", 1)[0]
        most[first] = max(most.get(first, 0), k.count(" ") + 1)
    return keys, most


def _body_forms(lex: Lexicon) -> dict[str, tuple[str, ...]]:
    forms: dict[str, list[str]] = {}
    for k, body in lex.bodies.items():
        forms.setdefault("org:" + name_key(body), []).append(k)
    return {key: tuple(ks) for key, ks in forms.items()}


def key_starts(keys) -> frozenset[str]:
    """Every run of first words of each key: 'a b c' gives 'a', 'a b', 'a b c'."""
    out = set()
    for k in keys:
        words = k.split(" ")
        out.update(" ".join(words[:n]) for n in range(1, len(words) + 1))
    return frozenset(out)


def _most_words(keys: list[str]) -> dict[str, int]:
    out: dict[str, int] = {}
    for k in keys:
        out[_first(k)] = max(out.get(_first(k), 0), len(k.split(" ")))
    return out


def head_candidates(tok, index: LexIndex) -> tuple[int, ...]:
    """Positions in lex.heads (in its order) of the heads that can start at this token: those
    whose first word is the token's key, and those whose words open with what the token
    abbreviates ('UBND'). Every other head fails on its first word."""
    hit = index.head_cands.get(tok.text)  # by the text, whose key nearly always goes with it
    if hit is not None and hit[0] == tok.key:
        return hit[1]
    both = index.heads_by_first.get(tok.key, ()) + index.heads_by_abbr.get(tok.text, ())
    cands = tuple(sorted(set(both)))
    index.head_cands[tok.text] = (tok.key, cands)
    return cands


def longest_body(toks: list, i: int, lex: Lexicon, limit: int) -> int:
    """Token length of the longest span at i (at most `limit` tokens, ending on a word) whose
    key is a lexicon body, exactly or without tone marks when it has 3 tokens or more; 0 if
    none. The same answer as trying every length from the longest down, without building
    the keys of spans that no body key starts with."""
    index = lex_index(lex)
    first = toks[i].key if i < len(toks) else ""
    loose_ok = True
    if first:
        bound = index.body_most.get(first)
        if bound is None:
            bound = index.body_most[first] = _body_most(first, index)
        most, loose_ok = bound
        if not most:
            return 0
    # the span's key grows a word at a time, and so does its key without tone marks (stripping
    # a key is stripping each word: the space between them blocks any reordering of marks);
    # once neither is the start of a body key, no longer span can be one
    bodies, loose = lex.bodies, lex.bodies_loose
    exact_starts, loose_starts = index.body_starts, index.loose_starts
    longest, key, plain = 0, "", ""
    for n in range(1, min(limit, len(toks) - i) + 1):
        t = toks[i + n - 1]
        if t.key:
            key = f"{key} {t.key}" if key else t.key
            if loose_ok:
                word = strip_diacritics(t.key)
                plain = f"{plain} {word}" if plain else word
            if key not in exact_starts and not (loose_ok and plain in loose_starts):
                break
        if t.is_word and (key in bodies or (n >= 3 and loose_ok and loose.get(plain))):
            longest = n
    return longest


def _body_most(first: str, index: LexIndex) -> tuple[int, bool]:
    """For a span whose key opens with this token key: the most words of a body key (exact
    or without tone marks) it can be, and whether a key without tone marks can match at all
    (its first word, stripped, opens one: stripping keeps the words apart)."""
    w = _first(first)
    plain = strip_diacritics(w)
    return max(index.body_words.get(w, 0), index.body_words.get(plain, 0)), plain in index.loose_first


# the token list and the lexicon asked about last, and the answers: changed in place only
# (longest_place and titles.match_title read it directly)
_MEMO: list = [None, None, {}]
_MEMOS: dict[int, tuple[list, Lexicon, dict]] = {}  # id(list) -> the same, for the lists asked about lately
# enough for the sentences of nearly any article and the lists asked about in between (a
# sentence's posts are read after all its article's mentions): at 64, the posts of a long
# article's first sentences found them gone, and read the sentence's bits and titles again
_MEMOS_MAX = 256


def forget_memos() -> None:
    """Drop every token list's memo: each article's lists are its own (extract calls this
    before each article, so that a memo lives no longer than its article)."""
    _MEMOS.clear()
    _MEMO[0], _MEMO[1], _MEMO[2] = None, None, {}


def memo_of(toks: list, lex: Lexicon) -> dict:
    """Answers of pure lookups about this token list (a place, a title at position i). The
    extractors of persons, organizations and places each ask them at the same positions of a
    sentence, one after the other, in between asking about a few other lists (a name's
    words, a virtual list with a capitalized head), and the posts ask again later. A token
    list is never changed once made, and each list asked about lately is held here, so its
    identity cannot pass to another list meanwhile."""
    memo = _MEMO
    if memo[0] is toks and memo[1] is lex:
        return memo[2]
    hit = _MEMOS.get(id(toks))
    if hit is None or hit[0] is not toks or hit[1] is not lex:
        if len(_MEMOS) >= _MEMOS_MAX:
            _MEMOS.clear()
        hit = _MEMOS[id(toks)] = (toks, lex, {})
    memo[0], memo[1], memo[2] = hit
    return hit[2]


def longest_place(toks: list, i: int, lex: Lexicon, limit: int) -> int:
    """Token length of the longest span at i (at most `limit` tokens, ending on a word) whose
    span key is a gazetteer name; 0 if none. Spans with more words than any name that starts
    with the first word are not tried."""
    last = _MEMO  # memo_of(toks, lex), its usual answer (the list asked about last) without the call
    memo = last[2] if last[0] is toks and last[1] is lex else memo_of(toks, lex)
    found = memo.get(("place", i, limit))
    if found is None:
        found = memo["place", i, limit] = _longest_place(toks, i, lex, limit)
    return found


def _longest_place(toks: list, i: int, lex: Lexicon, limit: int) -> int:
    first = toks[i].key
    if first:
        index = lex_index(lex)
        most = index.place_most.get(first)
        if most is None:
            most = index.place_most[first] = index.place_words.get(_first(first), 0)
        if not most:
            return 0
    else:
        most = 1 << 30
    places, starts = lex.places, lex_index(lex).place_starts
    found, key, words = 0, "", 0
    for n in range(1, min(limit, len(toks) - i) + 1):
        t = toks[i + n - 1]
        if t.key:
            key = f"{key} {t.key}" if key else t.key
            if key not in starts:
                break  # no name starts so: none is longer
            words += t.key.count(" ") + 1
        if words > most or t.text in ",;":
            break  # 'Mỹ - Đài, Trung Quốc': a comma parts two names
        if t.is_word and key in places:
            found = n
    return found


def _first(key: str) -> str:
    return key.split(" ", 1)[0]


def first_word(key: str) -> str:
    """The first word of a name key ('tp hcm' -> 'tp'); '' for an empty key."""
    return key.split(" ", 1)[0]


def holds_any(text: str, parts) -> bool:
    """Whether the text holds one of these strings (a loop: any() over a generator cost more)."""
    for part in parts:
        if part in text:
            return True
    return False


_start_of = attrgetter("start")


def uncovered(toks: list, spans: list[tuple[int, int]]) -> list[bool]:
    """For each token, whether its start lies outside every span (start inclusive, end exclusive)."""
    free = [True] * len(toks)
    if spans:
        # tokens come in text order: a search by their starts (a few spans, rather than a
        # list of the starts of every token)
        for s, e in spans:
            for k in range(bisect_left(toks, s, key=_start_of), bisect_left(toks, e, key=_start_of)):
                free[k] = False
    return free


def merged_spans(spans: list[tuple[int, int]]) -> tuple[list[int], list[int]]:
    """The union of these spans (start inclusive, end exclusive) as disjoint spans in order:
    their starts and their ends, for in_spans()."""
    starts: list[int] = []
    ends: list[int] = []
    for s, e in sorted(spans):
        if e <= s:
            continue  # holds no offset
        if ends and s <= ends[-1]:
            ends[-1] = max(ends[-1], e)
        else:
            starts.append(s)
            ends.append(e)
    return starts, ends


def in_spans(merged: tuple[list[int], list[int]], pos: int) -> bool:
    """Whether `pos` lies in one of the spans merged_spans() joined: `any(s <= pos < e ...)`
    over them, by a binary search in the last span that starts at `pos` or before it."""
    starts, ends = merged
    k = bisect_right(starts, pos) - 1
    return k >= 0 and pos < ends[k]


_TRIGGERS: dict[int, tuple[dict, dict, re.Pattern | None]] = {}


def _trigger_table(lex: Lexicon) -> tuple[dict, dict, re.Pattern | None]:
    """(lex.events, trigger -> what a sentence holding it holds, a pattern for the triggers).

    A trigger is held by a sentence where it stands after a space and before a space, a comma
    or a period. Where one is, so is each shorter trigger that starts it and that its own text
    follows with a space, a comma or a period ('bắt' in 'bắt giữ'): the table gives, for each
    trigger, those and itself as (its type's place in lex.events, its rank in the type, longest
    first, the type, the trigger). The pattern finds, after each space, the longest trigger
    there (the trie tries the longer branch first); None when a trigger is empty or has a
    space at an end, which the pattern cannot tell apart."""
    hit = _TRIGGERS.get(id(lex))
    if hit is None or hit[0] is not lex.events:
        by_trigger: dict[str, list[tuple]] = {}
        for order, (typ, trigs) in enumerate(lex.events.items()):
            for rank, t in enumerate(sorted(trigs, key=len, reverse=True)):
                by_trigger.setdefault(t, []).append((order, rank, typ, t))
        held = {t: tuple(sorted(c for s in by_trigger if t.startswith(s) and (s == t or t[len(s)] in " ,.")
                                for c in by_trigger[s])) for t in by_trigger}
        plain = by_trigger and all(t and t.strip() == t for t in by_trigger)
        # the space is the match, the trigger a look-ahead: the next search starts right after
        # the space, so triggers that overlap are all found
        pattern = re.compile(f" (?=({_trie(by_trigger)})(?=[ ,.]))") if plain else None
        hit = _TRIGGERS[id(lex)] = (lex.events, held, pattern)
    return hit


def _trie(words) -> str:
    """A pattern for these words, branching a character at a time ('b(?:ị|ắt)'): re tries the
    alternatives of a group one by one, so shared starts are tried once."""
    tree: dict = {}
    for w in words:
        node = tree
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}  # a word ends here

    def branch(node: dict) -> str:
        alts = [re.escape(ch) + branch(node[ch]) for ch in sorted(node) if ch]
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")" if alts else ""
        return f"(?:{body})?" if "" in node and body else body

    return branch(tree)


def find_triggers(low: str, lex: Lexicon) -> dict[str, str]:
    """Event type -> its longest trigger found in `low` (a lowercased sentence with single
    spaces and a space at each end) as a whole phrase: ' t ', ' t,' or ' t.'."""
    _, held, pattern = _trigger_table(lex)
    if pattern is not None:
        # the triggers found, by one scan of the sentence: rather than a scan for each trigger
        # whose first word it has
        longest = pattern.findall(low)
        if not longest:
            return {}
        cands = held[longest[0]] if len(longest) == 1 else sorted({c for t in longest for c in held[t]})
    else:
        cands = sorted(c for t, cs in held.items() if f" {t} " in low or f" {t}," in low or f" {t}." in low
                       for c in cs if c[3] == t)
    # in lex.events' order of the types, as a scan of it would fill the table, and by rank
    # within a type: the first found of a type is its longest
    found: dict[str, str] = {}
    for _, _, typ, t in cands:
        if typ not in found:
            found[typ] = t
    return found


@lru_cache(maxsize=4096)
def media_pattern(form: str) -> re.Pattern:
    """An outlet's name as a whole word ('VOV' but not 'VOV.VN's 'VOV' inside another word)."""
    return re.compile(rf"(?<![\w.]){re.escape(form)}(?![\w])")
