"""Read a file's bytes and decode them to str.

UTF-8 (BOM optional), UTF-16/32 with a BOM, UTF-16 without one when every other byte is
zero, a charset an HTML page declares, else windows-1258 when the result looks like
Vietnamese. UTF-8 that was once misread as Latin-1/cp1252 ("Tiáº¿ng Viá»‡t") is repaired.
VISCII and TCVN3 have no Python codec and are refused with a message; binary files are
refused as "not a text file".
"""
from __future__ import annotations

import codecs
import re
import stat
import unicodedata
from pathlib import Path

from kg.errors import InputError

MAX_BYTES = 50 * 1024 * 1024
_LIMIT = "50 MB"

_BOMS = (  # UTF-32 before UTF-16: the UTF-32 LE BOM starts with the UTF-16 LE one
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_TONES = ("", "\u0300", "\u0301", "\u0303", "\u0309", "\u0323")
_VOWELS = "aăâeêioôơuưyAĂÂEÊIOÔƠUƯY"
_VIETNAMESE = {unicodedata.normalize("NFC", v + t) for v in _VOWELS for t in _TONES} | set("đĐ")
_PUNCTUATION = set("“”‘’–—…•°«»€₫×·")
# control characters other than \t \n \v \f \r (U+0009-U+000D)
_CONTROLS = re.compile("[\x00-\x08\x0e-\x1f]")


def read_bytes(path: Path, name: str) -> bytes:
    """The file's bytes; InputError for missing, unreadable, special or too large files."""
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            raise InputError(f"{name}: not a regular file")
        if info.st_size > MAX_BYTES:
            size = f"{info.st_size:,} bytes"
            raise InputError(f"{name}: file too large ({size}; the limit is {_LIMIT})")
        data = path.read_bytes()
    except OSError as err:
        raise InputError(f"{name}: cannot read file ({err.strerror or err})") from None
    if len(data) > MAX_BYTES:
        raise InputError(f"{name}: file too large (the limit is {_LIMIT})")
    return data


def read_text(path: Path, name: str) -> str:
    """Read and decode a file; InputError if it is empty or whitespace only."""
    return decode(read_bytes(path, name), name)


def decode(data: bytes, name: str, declared: str | None = None) -> str:
    """Decode bytes as described in the module docstring; never returns an empty text."""
    text = _decode(data, name, declared)
    if "\x00" in text or _control_share(text) > 0.1:
        raise InputError(f"{name}: not a text file")
    if not text.strip():
        raise InputError(f"{name}: empty file")
    return text


def _decode(data: bytes, name: str, declared: str | None) -> str:
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom):].decode(codec)
            except UnicodeDecodeError as err:
                where = err.start + len(bom)
                raise InputError(f"{name}: invalid {codec.upper()} at byte {where}") from None
    if b"\x00" in data:
        codec = _utf16_like(data)
        if codec:
            try:
                return data.decode(codec)
            except UnicodeDecodeError:
                raise InputError(f"{name}: not a text file (it looks like UTF-16 without a "
                                 "byte-order mark, but does not decode as such)") from None
        raise InputError(f"{name}: not a text file")
    try:
        return _unmojibake(data.decode("utf-8"))
    except UnicodeDecodeError as err:
        bad_at = err.start
    if declared:
        try:
            codec = codecs.lookup(declared).name
        except LookupError:
            raise InputError(
                f"{name}: declares charset '{declared}', which Python cannot decode; convert it to UTF-8"
            ) from None
        if not codec.startswith("utf"):
            try:
                return data.decode(codec)
            except UnicodeDecodeError:
                pass
    legacy = _as_windows_1258(data)
    if legacy is not None:
        return legacy
    if _printable_share(data) < 0.7:
        raise InputError(f"{name}: not a text file")
    raise InputError(
        f"{name}: cannot decode: not UTF-8 (bad byte at {bad_at}) and not windows-1258; "
        "VISCII and TCVN3 have no Python decoder, convert the file to UTF-8"
    )


def _as_windows_1258(data: bytes) -> str | None:
    """The text as windows-1258 if nearly all its non-ASCII characters are Vietnamese letters."""
    try:
        text = unicodedata.normalize("NFC", data.decode("cp1258"))
    except UnicodeDecodeError:
        return None
    good = bad = 0
    for char in text:
        if char.isascii():
            continue
        if char in _VIETNAMESE:
            good += 1
        elif char not in _PUNCTUATION:
            bad += 1
    return text if bad <= 0.05 * (good + bad) else None


def _control_share(text: str) -> float:
    # counted by the regex engine: a Python loop over the characters took 4 s of 4.5 for a
    # 48 MB JSON Lines file. No control character prints, so a text whose every piece prints
    # once its line ends are dropped holds none: str.isprintable() reads a piece in C several
    # times faster than the pattern's scan (the pieces bound the copy made without line ends)
    for at in range(0, len(text), _PIECE):
        if not text[at:at + _PIECE].replace("\n", "").isprintable():
            return len(_CONTROLS.findall(text)) / max(len(text), 1)
    return 0.0


_PIECE = 1 << 20


def _printable_share(data: bytes) -> float:
    printable = sum(1 for b in data if 32 <= b < 127 or b in b"\t\n\r\f")
    return printable / max(len(data), 1)


def _utf16_like(data: bytes) -> str | None:
    """'utf-16-le' or '-be' when the zeros all sit on one side of each byte pair, as ASCII
    letters, spaces and digits do in UTF-16; None otherwise."""
    sample = data[:4096]
    if len(data) % 2:
        return None
    zeros_even = sample[0::2].count(0)
    zeros_odd = sample[1::2].count(0)
    if max(zeros_even, zeros_odd) <= 0.3 * len(sample) / 2 or min(zeros_even, zeros_odd) != 0:
        return None
    return "utf-16-le" if zeros_odd else "utf-16-be"


_MOJIBAKE = re.compile("[\u00c2-\u00c6\u00e1][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178"
                       "\u017d\u017e\u0192\u02c6\u02dc\u2013-\u203a\u20ac\u2122]")


# any character but those cp1252 writes: U+0000-U+00FF and the 27 it maps from 0x80-0x9F (the
# Latin-1 range is kept whole: the loop below takes those characters as their own byte)
_NOT_CP1252 = re.compile("[^\x00-\xff" + "".join(
    sorted(c for c in bytes(range(0x80, 0xA0)).decode("cp1252", errors="ignore") if ord(c) > 0xFF)) + "]")


def _unmojibake(text: str) -> str:
    """UTF-8 text that was once decoded as Latin-1/cp1252 and saved again, decoded right.

    Only when the whole text maps back to bytes that are strict UTF-8 and the result is
    shorter: real Vietnamese text has letters (ệ, ư...) that Latin-1 cannot hold, so it is
    never touched.
    """
    # a character cp1252 cannot write (the first 'ệ' or 'ư' of Vietnamese text, found at
    # once) leaves the text as it is, as the loop below would at it: rather than the scan for
    # mojibake, which stops at every 'á' of the whole text
    if _NOT_CP1252.search(text) or not _MOJIBAKE.search(text):
        return text
    raw = bytearray()
    for char in text:
        if ord(char) < 256:
            raw.append(ord(char))
            continue
        try:
            raw += char.encode("cp1252")
        except UnicodeEncodeError:
            return text
    try:
        fixed = raw.decode("utf-8")
    except UnicodeDecodeError:
        return text
    return fixed if len(fixed) < len(text) else text
