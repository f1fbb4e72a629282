"""Dates as Vietnamese news writes them: 16/6/2022, 15-11-2013, ngày 8/12, tháng 3/2020,
năm 2017, hôm nay. A day without a year takes the article's year, or the year its text gives."""
from __future__ import annotations

import re
from datetime import date

# A day and a month (and a year): each opens on a digit set, with what must come before the
# first digit read by a look-behind after it (\b before a digit is no word character before
# it): re skips to the next digit instead of trying the look-behinds at every position.
FULL = re.compile(r"(\d(?<!\w\d)\d?)\s*[/\-.]\s*(\d{1,2})\s*[/\-.]\s*((?:19|20)\d{2})\b")
_DAY_BEFORE = ("ngày ", "sáng ", "chiều ", "trưa ", "tối ", "đêm ", "hôm ", "(", "Ngày ", "Sáng ", "Chiều ", "Trưa ", "Tối ",
               "Đêm ", "Hôm ")
DAY_MONTH = re.compile(r"(\d(?:" + "|".join(rf"(?<={re.escape(w)}\d)" for w in _DAY_BEFORE) + r")\d?)\s*[/\-]\s*(\d{1,2})\b"
                       r"(?![/\-]\d)")
MONTH_YEAR = re.compile(r"\b[Tt]háng\s+(\d{1,2})\s*[/\-]\s*((?:19|20)\d{2})\b|\b[Tt]háng\s+(\d{1,2})\s+năm\s+((?:19|20)\d{2})\b")
YEAR = re.compile(r"\b[Nn]ăm\s+((?:19|20)\d{2})\b")
TODAY = re.compile(r"\b(?:[Hh]ôm nay|[Ss]áng nay|[Cc]hiều nay|[Tt]ối nay|[Tt]rưa nay)\b")
# A year anywhere (\b, then 19xx or 20xx), with the look-behind for a word after its first digit
# so that the pattern opens on a character set: re skips to the next 1 or 2 instead of trying
# each position of the whole article it reads.
ANY_YEAR = re.compile(r"((?:1(?<!\w1)9|2(?<!\w2)0)\d{2})\b")
# The same patterns, each behind a look at the one character a match can start with: re tries
# \b at every position otherwise, which made dates the slowest extractor.
MONTH_YEAR, YEAR = re.compile(rf"(?=[Tt])(?:{MONTH_YEAR.pattern})"), re.compile(rf"(?=[Nn])(?:{YEAR.pattern})")
TODAY = re.compile(rf"(?=[HhSsCcTt])(?:{TODAY.pattern})")
_DIGIT = re.compile(r"\d")


def _iso(y: int, m: int, d: int) -> str | None:
    try:
        return date(y, m, d).isoformat()
    except ValueError:
        return None


def context_year(published: date | None, text: str) -> int | None:
    """The year a day without a year belongs to."""
    if published is not None:
        return published.year
    years = [int(y) for y in ANY_YEAR.findall(text)]
    return max(years) if years else None


def find_dates(sentence: str, published: date | None, year: int | None,
               digit_from: int | None = -1) -> list[tuple[int, int, str]]:
    """(start, end, iso) for every date in the sentence, most precise first where they overlap.
    `digit_from`: where in the sentence its first digit can be (features.first_digit), None
    when it holds none, -1 when the caller does not know."""
    found: list[tuple[int, int, str]] = []
    # each pattern is tried only on a sentence holding what it cannot match without (a digit,
    # 'tháng', 'năm', 'nay'): a scan for a word is much cheaper than a pattern's
    if digit_from == -1:
        digit_from = 0 if _DIGIT.search(sentence) is not None else None
    digits = digit_from is not None
    # FULL and DAY_MONTH open on a digit: none starts before the first (their look-behinds
    # still read the text before the position a search starts from). FULL's year opens with
    # '19' or '20', DAY_MONTH's month follows a '/' or a '-' (and counts only with a year to
    # give it): a sentence without them is not scanned from its first digit on
    for m in FULL.finditer(sentence, digit_from) if digits and ("20" in sentence or "19" in sentence) else ():
        iso = _iso(int(m.group(3)), int(m.group(2)), int(m.group(1)))
        if iso:
            found.append((m.start(), m.end(), iso))
    for m in DAY_MONTH.finditer(sentence, digit_from) if digits and year and ("/" in sentence or "-" in sentence) \
            else ():
        if year and not _inside(found, m.start()):
            iso = _iso(year, int(m.group(2)), int(m.group(1)))
            if iso and published and iso > published.isoformat() and (date.fromisoformat(iso) - published).days > 7:
                iso = _iso(year - 1, int(m.group(2)), int(m.group(1)))
            if iso:
                found.append((m.start(), m.end(), iso))
    for m in MONTH_YEAR.finditer(sentence) if digits and "háng" in sentence else ():
        mo, y = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
        if 1 <= int(mo) <= 12 and not _inside(found, m.start()):
            found.append((m.start(), m.end(), f"{int(y):04d}-{int(mo):02d}"))
    for m in YEAR.finditer(sentence) if digits and "ăm" in sentence else ():
        if not _inside(found, m.start()):
            found.append((m.start(), m.end(), m.group(1)))
    if published is not None and "nay" in sentence:
        for m in TODAY.finditer(sentence):
            found.append((m.start(), m.end(), published.isoformat()))
    return sorted(found)


def _inside(found: list[tuple[int, int, str]], pos: int) -> bool:
    return any(s <= pos < e for s, e, _ in found)
