"""Legal and Party documents: a type word and a number (Quy định 67-QĐ/TW, Kết luận số 292,
Nghị định 59/2019/NĐ-CP), or a named law (Luật Xây dựng năm 2003), with the date and the
issuer ('của Ban Bí thư') written after them."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from kg.extract.index import holds_any, per_lexicon
from kg.extract.lexicon import Lexicon
from kg.model import LEGISLATION, Mention
from kg.normalize.text import fold_tones, name_key

NUMBER = r"(?P<num>\d+[A-Za-zĐđ]?(?:[/\-][0-9A-ZĐa-zđ]+)*)"


@dataclass
class DocHit:
    mention: Mention
    type: str
    number: str  # as printed: '67-QĐ/TW', '292'
    date_end: int  # where the text after the document continues (for 'ngày ...', 'của ...')


_DIGIT = re.compile(r"\d")


@cache
def _law_words(laws: tuple[str, ...]) -> tuple[str, ...]:
    """What a sentence holds wherever the named-law pattern matches in it: 'uật' (of 'Luật',
    'Bộ luật') or a named law written whole (each matches as written)."""
    return ("uật", *(t for t in laws if "uật" not in t))


@cache
def _patterns(types: tuple[str, ...], laws: tuple[str, ...]) -> tuple[re.Pattern, re.Pattern]:
    # the type word is capitalized as written ('thông báo Kết luận số 292' is Kết luận 292)
    alts = _after_word([(t[0].upper(), "(?i:" + re.escape(t[1:]) + ")") for t in types])
    numbered = re.compile(rf"(?P<type>{alts})(?:\s+số)?\s+{NUMBER}(?![\w])")
    named_law = r" (?:[A-ZĐÀ-Ỹ][\wÀ-ỹ]*(?: [a-zà-ỹđ]+)?)(?: (?:và|,) [A-ZĐÀ-Ỹa-zà-ỹđ][\wÀ-ỹ]*)*"
    law_alts = _after_word([(t[0], re.escape(t[1:])) for t in laws] + [("B", "ộ luật" + named_law), ("L", "uật" + named_law)])
    named = re.compile(rf"(?P<law>{law_alts})(?:\s+năm\s+(?P<year>(?:19|20)\d{{2}}))?(?![\w])")
    return numbered, named


def _made_for(lex: Lexicon) -> tuple[re.Pattern, re.Pattern, tuple[str, ...]]:
    laws = tuple(lex.named_laws)
    return (*_patterns(tuple(lex.doc_types), laws), _law_words(laws))


# the lexicon's two patterns and its law words, by one dict lookup: asked at every sentence,
# where making the lexicon's two tuples and hashing them for the caches took longer than the
# scan for the law words
_lexicon_patterns = per_lexicon(_made_for)


def _after_word(alternatives: list[tuple[str, str]]) -> str:
    """Alternatives (a first character, the pattern of the rest), each where no word character
    comes before it: 'L(?<!\\wL)uật'. Every alternative then opens on a plain character, and re
    skips to the next of those characters instead of trying the look-behind at every position."""
    return "|".join(rf"{re.escape(c)}(?<!\w{re.escape(c)}){rest}" for c, rest in alternatives)


# patterns compiled once, not looked up in re's cache at each document found
_YEAR = re.compile(r"(19|20)\d{2}")
_DAY_MONTH = re.compile(r"\d{1,2}/\d{1,2}(/\d{4})?")
_LEADING_NUMBER = re.compile(r"\d+")
_SYMBOL_PARTS = re.compile(r"[/\-]")


def find_documents(text: str, sent_start: int, sentence_text: str, sentence: int, lex: Lexicon,
                   digits: bool | None = None) -> list[DocHit]:
    """`digits`: whether the sentence holds a decimal digit, when the caller knows
    (features.first_digit), else None."""
    numbered, named, law_words = _lexicon_patterns(lex)
    hits: list[DocHit] = []
    # each pattern only on a sentence that holds what it cannot match without: a number (a
    # digit) for the numbered, 'uật' or a named law for the named; a search for those is much
    # cheaper than the pattern's, which tries its type words at every capital (7 sentences in
    # 10 have no digit)
    if digits is None:
        digits = _DIGIT.search(sentence_text) is not None
    for m in numbered.finditer(sentence_text) if digits else ():
        typ = m.group("type")
        canon_type = next(t for t in lex.doc_types if t.lower() == typ.lower())
        num = m.group("num").rstrip("/-")
        if _YEAR.fullmatch(num) or "/" in num and _DAY_MONTH.fullmatch(num):
            continue  # a year or a date, not a number
        bare = _LEADING_NUMBER.match(num).group()
        start, end = sent_start + m.start(), sent_start + m.end()
        men = Mention(LEGISLATION, f"{canon_type} {num}", text[start:end], start, end, sentence, "doc:numbered",
                      key=f"doc:{name_key(canon_type)}|{bare.lstrip('0') or '0'}",
                      attrs={"type": canon_type, "number": num, "bare": bare})
        hits.append(DocHit(men, canon_type, num, end))
    for m in named.finditer(sentence_text) if holds_any(sentence_text, law_words) else ():
        start, end = sent_start + m.start(), sent_start + m.end()
        if any(h.mention.start <= start < h.mention.end for h in hits):
            continue
        law = fold_tones(m.group("law"))
        name = law + (f" năm {m.group('year')}" if m.group("year") else "")
        men = Mention(LEGISLATION, name, text[start:end], start, end, sentence, "doc:named",
                      key=f"doc:{name_key(law)}|{m.group('year') or ''}",
                      attrs={"type": "Luật" if "luật" in law.lower() else law.split()[0], "number": "", "year": m.group("year")})
        hits.append(DocHit(men, men.attrs["type"], "", end))
    return hits


def symbol_issuer(number: str, lex: Lexicon) -> str | None:
    """'67-QĐ/TW' -> the Central Committee; '59/2019/NĐ-CP' -> the Government."""
    code = _SYMBOL_PARTS.split(number)[-1]
    return lex.doc_issuers.get(code)
