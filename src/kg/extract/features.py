"""What each token of a sentence can open, read once per distinct word and shared by the
extractors: each scans every position of the sentence, and most words open none of their
rules. A bit only lets a scanner skip a rule where the rule itself would find nothing there:
every answer stays the one the rule gives."""
from __future__ import annotations

import re
import sys
from array import array
from itertools import compress, repeat
from operator import and_

from kg.extract.index import _MEMO, SHARED_HEADS, _body_most, communes, head_candidates, lex_index, memo_of, per_lexicon
from kg.extract.lexicon import Lexicon
from kg.extract.titles import title_opens
from kg.extract.tokens import Entry, Marks, Token, chunk_pieces, run_entry, tokenize_marked

# The bits positions() is asked about come first, in the low byte (see _low_bytes)
CAP = 1  # a capitalized token (Token.cap)
ORG_AT = 2  # find_orgs may find something at the word (ORG_LOWER, SHARED_HEAD, or capitalized with GAZ, ORG, LATIN or ACRONYM)
PREP = 4  # the last word of a preposition of place ('tại'): a name after it may be a place (places._prep_before)
PLACE_OPEN = 8  # a rule of find_places other than the gazetteer's, the commune's and the preposition's
TITLE = 16  # match_title() may find a title: a 'former' word or a title's first word
TRUONG = 32  # 'trưởng': a ministry's short name may follow ('Bộ trưởng Công an')
PLACE_AT = 64  # GAZ or COMMUNE: _named_place may find a place at the word without a preposition before it
DIGIT = 128  # a token holding a decimal digit (re's \d): the patterns that open on one start from the first (first_digit)
GAZ = 256  # gazetteer_match() may be more than 0: a capitalized word that opens a gazetteer name
ORG = 512  # parse_org() may find a body: a word with a head that can start at it, or a body key's first word
COMMUNE = 1024  # _commune_after_school() may find a commune: a capitalized word that opens a commune's name
LATIN = 2048  # a word _foreign_org_run() takes: plain Latin letters, capitalized or an Arabic article
ACRONYM = 4096  # acronym_org() finds an acronym or a brand
ORG_LOWER = 8192  # parse_org() may find a body at a lowercase word: a head written in lowercase, a lowercase body word
SHARED_HEAD = 16384  # a head a title's last word may share with the body after it (orgs.SHARED_HEADS, 'văn' of 'văn phòng')


def positions(bits: list[int], mask: int) -> list[int]:
    """The positions, in order, whose bits share one with `mask`: where a scanner that
    does nothing elsewhere has to look.

    Each extractor asks this of a sentence's bits in turn, so the low byte of each token's bits
    is copied into a bytes once (_low_bytes), and a mask within that byte is one translation of
    it, in C, to a selector of 0 and 1 for compress: rather than a call to and_ for each token
    and mask, which was a twentieth of extraction."""
    if mask > 0xFF:
        return list(compress(range(len(bits)), map(and_, bits, repeat(mask))))
    low = _LAST_LOW[1] if _LAST_LOW[0] is bits else _low_bytes(bits)
    table = _SELECT.get(mask)
    if table is None:
        table = _SELECT[mask] = _select(mask)
    selected = low.translate(table)
    # none (the usual answer for some masks: 'trưởng' is in one sentence in thirty): found by
    # one search in C, without the compress over every position
    return list(compress(range(len(bits)), selected)) if 1 in selected else []


def _select(mask: int) -> bytes:
    """The translation table of positions() for a mask: each byte value to 1 if it shares a bit
    with mask, else 0 (apart: a generator in positions made mask a cell of every call)."""
    return bytes(1 if v & mask else 0 for v in range(256))


_LAST_LOW: list = [None, b""]  # the bits list asked about last, and its low bytes
_SELECT: dict[int, bytes] = {}  # mask -> translation table: each byte value to 1 if it shares a bit with mask, else 0
# where array('H') keeps the low byte of each number (bits stay below 1 << 16)
_LOW_AT = 0 if sys.byteorder == "little" else 1


_LOWS: dict[int, tuple[list[int], bytes]] = {}  # id(bits) -> the bits and their low bytes, as sentence_tokens made them
_LOWS_MAX = 1024


def _low_bytes(bits: list[int]) -> bytes:
    """The low byte of each number of `bits`, in order, kept for the next call (the list is
    held there, so its identity cannot pass to another list meanwhile; token_bits() lists are
    never changed once made)."""
    kept = _LOWS.get(id(bits))
    low = kept[1] if kept is not None and kept[0] is bits else array("H", bits).tobytes()[_LOW_AT::2]
    _LAST_LOW[0], _LAST_LOW[1] = bits, low
    return low


_DIGIT_AT = bytes(1 if v & DIGIT else 0 for v in range(256))  # positions()' translation table for DIGIT
_DECIMAL = re.compile(r"\d")


def first_digit(toks: list, lex: Lexicon) -> int | None:
    """Where the first decimal digit of a sentence can be: the offset of its first token holding
    one (every character but a space or '_' lies in a token), or None when it holds none. A
    pattern that opens on a digit finds nothing before it: the scans of the sentence for a
    digit, one a pattern and two thirds of them in vain, cost more than this lookup."""
    bits = token_bits(toks, lex)
    low = _LAST_LOW[1] if _LAST_LOW[0] is bits else _low_bytes(bits)
    k = low.translate(_DIGIT_AT).find(1)
    return toks[k].start if k >= 0 else None


def token_bits(toks: list, lex: Lexicon) -> list[int]:
    """The bits of each token of this list (a sentence's tokens, never changed once made)."""
    last = _MEMO  # memo_of(toks, lex), its usual answer (the list asked about last) without the call
    memo = last[2] if last[0] is toks and last[1] is lex else memo_of(toks, lex)
    bits = memo.get("bits")
    if bits is None:
        bits = memo["bits"] = _token_bits(toks, lex)
    return bits


def sentence_tokens(text: str, offset: int, lex: Lexicon) -> list[Token]:
    """tokenize(text, offset), its tokens' bits read as they are made and kept for token_bits:
    a run of characters' bits are read with its tokens, by one lookup, instead of a lookup for
    each token after (a twentieth of extraction)."""
    raw = bytearray()  # each token's bits as an array('H') keeps them: its low byte and its high one
    toks = tokenize_marked(text, offset, _bit_marks(lex), raw)
    bits = array("H", raw).tolist()
    memo_of(toks, lex)["bits"] = bits
    # and the low bytes that positions() reads, taken from them in C: array('H', bits) reads
    # each number apart (80 instructions a token), at each sentence's first positions()
    if len(_LOWS) >= _LOWS_MAX:
        _LOWS.clear()
    _LOWS[id(bits)] = (bits, bytes(raw[_LOW_AT::2]))
    return toks


_RUNS_MAX = 1 << 18


def _bit_table(lex: Lexicon) -> Marks:
    """The table of marks (tokens.tokenize_marked) of each run's tokens' bits for this lexicon."""
    table: dict[str, Entry] = {}
    get = lex_index(lex).word_bits.get

    def make(chunk: str) -> Entry:
        pieces = chunk_pieces(chunk)
        bits = []
        for _, _, word, key, _, _, _ in pieces:  # as _token_bits reads each token
            hit = get(word)
            bits.append(hit[1] if hit is not None and hit[0] == key else _word(Token(word, 0, 0, key), lex))
        if len(table) >= _RUNS_MAX:
            table.clear()
        entry = table[chunk] = run_entry(chunk, pieces, array("H", bits).tobytes())
        return entry

    return table, make


_bit_marks = per_lexicon(_bit_table)


def _token_bits(toks: list, lex: Lexicon) -> list[int]:
    """Apart from token_bits, asked mostly for the memo's answer: the comprehension's variables
    were cells of its every call."""
    get = lex_index(lex).word_bits.get
    # by the text, whose key nearly always goes with it
    return [hit[1] if (hit := get(t.text)) is not None and hit[0] == t.key else _word(t, lex) for t in toks]


def _word(t, lex: Lexicon) -> int:
    found = _bits(t, lex)
    lex_index(lex).word_bits[t.text] = (t.key, found)
    return found


def _bit_parts(lex: Lexicon) -> tuple:
    """What _bits reads besides the index, made once per lexicon: the orgs module and the last
    words of the prepositions of place (imported here, since orgs and places import this
    module; an import statement in _bits ran the import machinery for every new word)."""
    from kg.extract import orgs
    from kg.extract.places import _words
    return orgs, _words(lex).prep_last, communes()[1]


_bit_context = per_lexicon(_bit_parts)


def _bits(t, lex: Lexicon) -> int:
    orgs, prep_last, commune_most = _bit_context(lex)
    index = lex_index(lex)
    key, text = t.key, t.text
    bits = CAP if t.cap else 0
    if key == "trưởng":
        bits |= TRUONG
    if t.cap and t.is_word:
        # as index._longest_place reads the first word of the key
        if index.place_words.get(key.split(" ", 1)[0], 0):
            bits |= GAZ
        # as places._commune_after_school rejects a word before it reads the sentence
        if text not in lex.surnames and not text.isupper() and commune_most.get(key, 0):
            bits |= COMMUNE
    # as orgs.parse_org: no head at the word (orgs._match_head) and no body key opening with
    # it (index.longest_body) is no organization
    heads = head_candidates(t, index)
    body = _body_most(key, index)[0] if t.is_word else 0
    if t.is_word and (heads or body):
        bits |= ORG
    # as orgs.parse_org reads a lowercase word: a body named with a lowercase word ('đạo Phật'),
    # or a head of a proper name of two words or more, or one also written in lowercase
    if t.is_word and ((key in lex.words["lower_body_words"] and body) or any(
            (lex.heads[p].tail == "name" and lex.heads[p].lower is None) or lex.heads[p].lower for p in heads)):
        bits |= ORG_LOWER
    if key in SHARED_HEADS or key == "văn":
        bits |= SHARED_HEAD
    # as orgs._foreign_org_run reads each word of the run
    if t.is_word and orgs._LATIN_WORD.fullmatch(text) and (t.cap or orgs._ARABIC_ARTICLE.fullmatch(text)):
        bits |= LATIN
    if t.is_word and orgs.acronym_org(t, lex):
        bits |= ACRONYM
    if text in index.place_opens_text or key in index.place_opens_key:
        bits |= PLACE_OPEN
    former, most = title_opens(t, lex)
    if former or most:
        bits |= TITLE
    if key in prep_last:
        bits |= PREP
    if _DECIMAL.search(text):
        bits |= DIGIT
    if bits & (GAZ | COMMUNE):
        bits |= PLACE_AT
    if bits & (ORG_LOWER | SHARED_HEAD) or (t.cap and bits & (GAZ | ORG | LATIN | ACRONYM)):
        bits |= ORG_AT
    return bits
