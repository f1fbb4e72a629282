"""Legal and Party documents: a type word and a number (Quy định 67-QĐ/TW, Kết luận số 292,
Nghị định 59/2019/NĐ-CP), or a named law (Luật Xây dựng năm 2003), with the date and the
issuer ('của Ban Bí thư') written after them."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

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


@cache
def _patterns(types: tuple[str, ...], laws: tuple[str, ...]) -> tuple[re.Pattern, re.Pattern]:
    # the type word is capitalized as written ('thông báo Kết luận số 292' is Kết luận 292)
    alts = "|".join(re.escape(t[0].upper()) + "(?i:" + re.escape(t[1:]) + ")" for t in types)
    # each pattern behind a look at the characters a match can start with: re tries the
    # look-behind and every alternative at each position otherwise
    numbered = re.compile(rf"{_opening(t[0].upper() for t in types)}(?<![\w])(?P<type>{alts})(?:\s+số)?\s+{NUMBER}(?![\w])")
    law_alts = "|".join(re.escape(t) for t in laws)
    named = re.compile(rf"{_opening([*(t[0] for t in laws), 'B', 'L'])}(?<![\w])(?P<law>{law_alts}|(?:Bộ luật|Luật) (?:[A-ZĐÀ-Ỹ][\wÀ-ỹ]*(?: [a-zà-ỹđ]+)?)(?: (?:và|,) [A-ZĐÀ-Ỹa-zà-ỹđ][\wÀ-ỹ]*)*)(?:\s+năm\s+(?P<year>(?:19|20)\d{{2}}))?(?![\w])")
    return numbered, named


def _opening(chars) -> str:
    """A look-ahead for one of these characters ('' for none: no look then)."""
    chars = sorted(set(chars))
    return "(?=[" + "".join(re.escape(c) for c in chars) + "])" if chars else ""


def find_documents(text: str, sent_start: int, sentence_text: str, sentence: int, lex: Lexicon) -> list[DocHit]:
    numbered, named = _patterns(tuple(lex.doc_types), tuple(lex.named_laws))
    hits: list[DocHit] = []
    for m in numbered.finditer(sentence_text):
        typ = m.group("type")
        canon_type = next(t for t in lex.doc_types if t.lower() == typ.lower())
        num = m.group("num").rstrip("/-")
        if re.fullmatch(r"(19|20)\d{2}", num) or "/" in num and re.fullmatch(r"\d{1,2}/\d{1,2}(/\d{4})?", num):
            continue  # a year or a date, not a number
        bare = re.match(r"\d+", num).group()
        start, end = sent_start + m.start(), sent_start + m.end()
        men = Mention(LEGISLATION, f"{canon_type} {num}", text[start:end], start, end, sentence, "doc:numbered",
                      key=f"doc:{name_key(canon_type)}|{bare.lstrip('0') or '0'}",
                      attrs={"type": canon_type, "number": num, "bare": bare})
        hits.append(DocHit(men, canon_type, num, end))
    for m in named.finditer(sentence_text):
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
    code = re.split(r"[/\-]", number)[-1]
    return lex.doc_issuers.get(code)
