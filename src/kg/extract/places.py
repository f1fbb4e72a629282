"""Places: a kind word and a capitalized name (tỉnh Vân Nam, huyện Đắk G’long, quận 1), or a
name the gazetteer knows (Sơn La, Trung Quốc, Tây Nguyên)."""
from __future__ import annotations

from kg.extract.index import lex_index, longest_place
from kg.extract.lexicon import Lexicon
from kg.extract.tokens import Token, span_key
from kg.model import PLACE, Mention
from kg.normalize.text import fold_tones

MAX_NAME = 6


def place_prefix(toks: list[Token], i: int, lex: Lexicon) -> tuple[str, int] | None:
    """The kind and length of a place kind word at i ('thành phố' is two tokens)."""
    if i >= len(toks) or toks[i].text not in lex_index(lex).prefix_first:
        return None
    prefixes = lex.words["place_prefixes"]
    for n in (2, 1):
        if i + n <= len(toks):
            text = " ".join(t.text for t in toks[i:i + n])
            if text in prefixes:
                return prefixes[text], n
    return None


def name_run(toks: list[Token], i: int, lex: Lexicon, digits: bool = False) -> int:
    """How many capitalized words (or one number, for quận 1) start at i."""
    if digits and i < len(toks) and toks[i].digit and toks[i].text.isdigit():
        return 1
    n = 0
    stop = lex_index(lex).not_names
    while i + n < len(toks) and toks[i + n].is_word and toks[i + n].cap and not toks[i + n].digit:
        if n == 0 and toks[i + n].text in stop:
            return 0
        n += 1
        # 'Bà Rịa - Vũng Tàu': a hyphen between two capitalized names joins them
        if (i + n + 1 < len(toks) and toks[i + n].text in "-–" and toks[i + n + 1].cap
                and span_key(toks[i:i + n + 2]) in lex.places):
            n += 1
    if n > 1 and span_key(toks[i:i + n]) not in lex.places:
        # 'tỉnh Cà Mau Nguyễn Tiến Hải': the known place ends where a name begins
        known = gazetteer_match(toks, i, lex)
        if known:
            return known
    return n


def gazetteer_match(toks: list[Token], i: int, lex: Lexicon) -> int:
    """Length of the longest gazetteer name starting at i (0 if none)."""
    if i >= len(toks) or not (toks[i].cap and toks[i].is_word):
        return 0
    return longest_place(toks, i, lex, MAX_NAME)  # the longest n whose span_key is in lex.places


def find_places(text: str, toks: list[Token], sentence: int, lex: Lexicon) -> list[Mention]:
    out: list[Mention] = []
    i = 0
    while i < len(toks):
        feat = _feature_prefix(toks, i, lex)
        run = name_run(toks, i + feat, lex) if feat else 0
        if run and not toks[i + feat].text.isupper():
            # 'Biển Đen', 'bán đảo Triều Tiên', 'sông Euphrates': the kind word is part of the name
            m = _mention(text, toks, i, i, i + feat + run, sentence, lex, "feature")
            m.name = fold_tones(text[toks[i].start:toks[i + feat + run - 1].end])
            m.name = m.name[:1].upper() + m.name[1:]
            m.key = "place:" + " ".join(fold_tones(m.name).casefold().split())
            out.append(m)
            i += feat + run
            continue
        pref = place_prefix(toks, i, lex)
        if pref:
            kind, n = pref
            run = name_run(toks, i + n, lex, digits=kind in ("district", "ward"))
            if run:
                out.append(_mention(text, toks, i, i + n, i + n + run, sentence, lex, kind))
                i += n + run
                continue
        n = gazetteer_match(toks, i, lex)
        if n and not _not_a_place(toks, i, n, lex):
            out.append(_mention(text, toks, i, i, i + n, sentence, lex, ""))
            i += n
            continue
        n = name_run(toks, i, lex) if i and toks[i - 1].key in lex.words["place_preps"] and not n else 0
        nxt = toks[i + n] if n and i + n < len(toks) else None
        if n and toks[i].key not in lex.surnames and not toks[i].text.isupper() and not (
                nxt is not None and nxt.is_word and not nxt.cap) and gazetteer_match(toks, i + 1, lex) == 0:
            # not 'tại Hội nghị', 'ở Trung ương', 'tại BV', 'ở Nam Thái Lan'
            # 'tại Mỹ Đình', 'ở Gwangju': a name after a preposition of place
            m = _mention(text, toks, i, i, i + n, sentence, lex, "")
            m.attrs["cue"] = "prep"
            out.append(m)
            i += n
            continue
        i += 1
    return out


def _feature_prefix(toks: list[Token], i: int, lex: Lexicon) -> int:
    """How many tokens of a natural feature's kind word start at i ('Bán đảo', 'sông')."""
    for n in (2, 1):
        if i + n <= len(toks) and " ".join(t.key for t in toks[i:i + n]) in lex.words["feature_prefixes"]:
            return n
    return 0


def _not_a_place(toks: list[Token], i: int, n: int, lex: Lexicon) -> bool:
    """'tiếng Anh' is a language; 'Anh' opening a sentence is a pronoun ('Anh nghĩ...')."""
    words = lex.words["language_before"]
    if i and toks[i - 1].key in words:
        return True
    return i == 0 and n == 1 and toks[i].key in lex.words["pronoun_places"]


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
