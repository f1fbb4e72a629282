"""Text cleaning and name keys.

Article text is kept as written (typos included) but made regular: Unicode NFC, ordinary
spaces for non-breaking ones, no zero-width characters, LF line ends. Names are compared
by a key that also folds case, punctuation and the two tone-mark styles (hoà/hòa, uỷ/ủy).
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_SPACES = re.compile(r"[\u00a0\u2000-\u200a\u202f\u205f\u3000\t\f\v]")
_INVISIBLE = re.compile(r"[\u200b-\u200d\u2060\ufeff\u00ad\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
# lone surrogates (JSON "\ud800") cannot be written as UTF-8: each becomes U+FFFD
_SURROGATE = re.compile("[\ud800-\udfff]")
_TONES = "\u0300\u0301\u0303\u0309\u0323"
# Old style puts the tone on the second vowel of a final oa/oe/uy (hoà, thuỷ); official
# documents put it on the first (hòa, thủy). Not after q: 'quý' is a different syllable.
_OLD_STYLE = re.compile(r"(?<![qQ])([oOuU])([aAeEyY])([" + _TONES + r"])(?![\u0300-\u036f])(?![^\W\d_])")
_PUNCT = re.compile(r"[\"'“”‘’`.,;:()\[\]\-–—/]+")


# a character that _SPACES, _INVISIBLE, _CONTROL or _SURROGATE would change: most texts hold
# none, and one search for them costs a quarter of four passes that find nothing (those
# passes were two thirds of ingest's time)
_ANY_TO_CLEAN = re.compile("[" + "".join(p.pattern[1:-1] for p in (_SPACES, _INVISIBLE, _CONTROL, _SURROGATE)) + "]")


def clean_text(text: str) -> str:
    """NFC, LF line ends, plain spaces, no invisible or control characters, no lone surrogates."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    # none of the characters cleaned prints: a text that prints once its line ends are dropped
    # holds none, told by str.isprintable() in C several times faster than the pattern's scan
    if not (text.isprintable() or text.replace("\n", "").isprintable()) and _ANY_TO_CLEAN.search(text) is not None:
        text = _INVISIBLE.sub("", text)
        text = _CONTROL.sub("", text)
        text = _SURROGATE.sub("\ufffd", text)
        text = _SPACES.sub(" ", text)
    return unicodedata.normalize("NFC", text)


@lru_cache(maxsize=1 << 16)  # names and words recur across mentions and articles
def fold_tones(text: str) -> str:
    """Put tone marks where official documents write them: hoà -> hòa, Tỉnh uỷ -> Tỉnh ủy."""
    d = unicodedata.normalize("NFD", text)
    d = _OLD_STYLE.sub(lambda m: m.group(1) + m.group(3) + m.group(2), d)
    return unicodedata.normalize("NFC", d)


@lru_cache(maxsize=1 << 17)
def name_key(text: str) -> str:
    """Matching key: tone style folded, case folded, punctuation and spaces collapsed."""
    # 'Ðồng Nai' typed with the Icelandic eth (U+00D0) for Đ: the same name
    d = fold_tones(clean_text(text)).casefold().replace("ð", "đ")
    d = _PUNCT.sub(" ", d)
    return " ".join(d.split())


# Any character but ASCII and the combining marks of U+0300-U+036F (all but U+034F, by this
# Python's Unicode data), where Vietnamese diacritics are after NFD: a text without one
# drops its combining characters by dropping all non-ASCII ones, in C
_NOT_ASCII_OR_MARK = re.compile(
    "[^\x00-\x7f" + "".join(c for c in map(chr, range(0x300, 0x370)) if unicodedata.combining(c)) + "]")
_NOT_SLUG = re.compile(r"[^a-z0-9]+")


@lru_cache(maxsize=1 << 16)
def strip_diacritics(text: str) -> str:
    """'Đắk Lắk' -> 'Dak Lak': for slugs and diacritic-free search."""
    d = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    if _NOT_ASCII_OR_MARK.search(d) is None:
        return d.encode("ascii", "ignore").decode("ascii")
    return "".join(c for c in d if not unicodedata.combining(c))


def ascii_slug(text: str, limit: int = 80) -> str:
    """A stable, IRI-safe slug: 'Ban Nội chính Tỉnh ủy Sơn La' -> 'ban-noi-chinh-tinh-uy-son-la'."""
    s = strip_diacritics(name_key(text))
    s = _NOT_SLUG.sub("-", s).strip("-")
    return s[:limit].rstrip("-") or "x"
