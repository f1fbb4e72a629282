"""What each token of a sentence can open, read once per distinct word and shared by the
extractors: each scans every position of the sentence, and most words open none of their
rules. A bit only lets a scanner skip a rule where the rule itself would find nothing there:
every answer stays the one the rule gives."""
from __future__ import annotations

from itertools import compress, repeat
from operator import and_

from kg.extract.index import SHARED_HEADS, _body_most, communes, head_candidates, lex_index, memo_of
from kg.extract.lexicon import Lexicon
from kg.extract.titles import title_opens

GAZ = 1  # gazetteer_match() may be more than 0: a capitalized word that opens a gazetteer name
ORG = 2  # parse_org() may find a body: a word with a head that can start at it, or a body key's first word
ORG_LOWER = 4  # parse_org() may find a body at a lowercase word: a head written in lowercase, a lowercase body word
PLACE_OPEN = 8  # a rule of find_places other than the gazetteer's, the commune's and the preposition's
TITLE = 16  # match_title() may find a title: a 'former' word or a title's first word
COMMUNE = 32  # _commune_after_school() may find a commune: a capitalized word that opens a commune's name
SHARED_HEAD = 64  # a head a title's last word may share with the body after it (orgs.SHARED_HEADS, 'văn' of 'văn phòng')
LATIN = 128  # a word _foreign_org_run() takes: plain Latin letters, capitalized or an Arabic article
ACRONYM = 256  # acronym_org() finds an acronym or a brand
CAP = 512  # a capitalized token (Token.cap)
TRUONG = 1024  # 'trưởng': a ministry's short name may follow ('Bộ trưởng Công an')


def positions(bits: list[int], mask: int) -> list[int]:
    """The positions, in order, whose bits share one with `mask`: where a scanner that
    does nothing elsewhere has to look."""
    return list(compress(range(len(bits)), map(and_, bits, repeat(mask))))


def token_bits(toks: list, lex: Lexicon) -> list[int]:
    """The bits of each token of this list (a sentence's tokens, never changed once made)."""
    memo = memo_of(toks, lex)
    bits = memo.get("bits")
    if bits is None:
        table = lex_index(lex).word_bits
        get = table.get
        # by the text, whose key nearly always goes with it
        bits = memo["bits"] = [hit[1] if (hit := get(t.text)) is not None and hit[0] == t.key else _word(t, lex)
                               for t in toks]
    return bits


def _word(t, lex: Lexicon) -> int:
    found = _bits(t, lex)
    lex_index(lex).word_bits[t.text] = (t.key, found)
    return found


def _bits(t, lex: Lexicon) -> int:
    from kg.extract import orgs  # orgs imports this module
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
        if text not in lex.surnames and not text.isupper() and communes()[1].get(key, 0):
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
    return bits
