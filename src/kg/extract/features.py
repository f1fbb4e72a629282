"""What each token of a sentence can open, read once per distinct word and shared by the
extractors: each scans every position of the sentence, and most words open none of their
rules. A bit only lets a scanner skip a rule where the rule itself would find nothing there:
every answer stays the one the rule gives."""
from __future__ import annotations

from kg.extract.index import communes, head_candidates, lex_index, memo_of, _body_most
from kg.extract.lexicon import Lexicon
from kg.extract.titles import title_opens

GAZ = 1  # gazetteer_match() may be more than 0: a capitalized word that opens a gazetteer name
ORG = 2  # parse_org() may find a body: a word with a head that can start at it, or a body key's first word
ORG_LOWER = 4  # find_orgs may read a lowercase word: a head's first word, a lowercase body word, a shared head
PLACE_OPEN = 8  # a rule of find_places other than the gazetteer's, the commune's and the preposition's
TITLE = 16  # match_title() may find a title: a 'former' word or a title's first word
COMMUNE = 32  # _commune_after_school() may find a commune: a capitalized word that opens a commune's name


def token_bits(toks: list, lex: Lexicon) -> list[int]:
    """The bits of each token of this list (a sentence's tokens, never changed once made)."""
    memo = memo_of(toks, lex)
    bits = memo.get("bits")
    if bits is None:
        table = lex_index(lex).word_bits
        bits = []
        for t in toks:
            hit = table.get(t.text)
            if hit is None or hit[0] != t.key:  # by the text, whose key nearly always goes with it
                hit = table[t.text] = (t.key, _bits(t, lex))
            bits.append(hit[1])
        memo["bits"] = bits
    return bits


def _bits(t, lex: Lexicon) -> int:
    index = lex_index(lex)
    key, text = t.key, t.text
    bits = 0
    if t.cap and t.is_word:
        # as index._longest_place reads the first word of the key
        if index.place_words.get(key.split(" ", 1)[0], 0):
            bits |= GAZ
        # as places._commune_after_school rejects a word before it reads the sentence
        if text not in lex.surnames and not text.isupper() and communes()[1].get(key, 0):
            bits |= COMMUNE
    # as orgs.parse_org: no head at the word (orgs._match_head) and no body key opening with
    # it (index.longest_body) is no organization
    if t.is_word and (head_candidates(t, index) or _body_most(key, index)[0]):
        bits |= ORG
    if key in index.org_lower_keys or text in lex.abbreviations:
        bits |= ORG_LOWER
    if text in index.place_opens_text or key in index.place_opens_key:
        bits |= PLACE_OPEN
    former, most = title_opens(t, lex)
    if former or most:
        bits |= TITLE
    return bits
