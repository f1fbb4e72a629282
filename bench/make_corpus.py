"""A benchmark corpus of N articles, made at run time from the real articles of ../shared/corpus.

    python bench/make_corpus.py 10000 /tmp/c10k.jsonl [--seed 1] [--source ../shared/corpus]

Each generated article is one real article (taken in turn) with its people, places, dates
and numbers varied, so that a corpus of 100k articles has many distinct entities instead of
100k copies of the same few: persons get new names (surnames from src/kg/data/surnames.txt,
middle and given names drawn from the names the real articles use), places named in the
text (also inside body names, 'Tỉnh ủy Sơn La') become other places of the same kind from
src/kg/data/places.tsv, dates move, other numbers (document numbers, figures) change. The
sentences, titles and bodies stay those of the real articles, so the extractors see real
Vietnamese. No article text is stored in the repository: it is read here, at run time.
Same N, seed and source: byte-identical output.
"""
from __future__ import annotations

import argparse
import json
import random
import re
import sys
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from kg.extract import extract  # noqa: E402
from kg.extract.lexicon import lexicon  # noqa: E402
from kg.ingest import read_articles  # noqa: E402
from kg.model import ORGANIZATION, PERSON, PLACE, Article  # noqa: E402

DEFAULT_SOURCE = ROOT.parent / "shared" / "corpus"
_NUMBERS = re.compile(r"(?<![\w/.\-])(?:(\d{1,2})/(\d{1,2})/((?:19|20)\d{2})|(\d{1,2})/(\d{1,2})|((?:19|20)\d{2})|(\d+))(?![\w/])")


@dataclass
class Template:
    """A real article and the spans to vary in its full text (headline + '\\n' + body)."""

    article: Article
    persons: list[tuple[int, int, str, int]]  # start, end, person key, number of words written
    places: dict[str, str]  # place name as written -> kind


@dataclass
class Pools:
    surnames: list[str]
    middles: list[str]
    givens: list[str]
    places: dict[str, list[str]]  # kind -> canonical names


def templates(source: list[Path]) -> tuple[list[Template], Pools]:
    lex = lexicon()
    out, middles, givens = [], set(), set()
    for art in read_articles(source):
        ex = extract(art)
        persons, places = [], {}
        for ent in ex.entities:
            for _, m in ent.mentions:
                if m.type == PERSON and m.end > m.start:
                    words = m.surface.split()
                    persons.append((m.start, m.end, ent.id, len(words)))
                    if len(words) >= 3:
                        middles.update(words[1:-1])
                    if len(words) >= 2:
                        givens.add(words[-1])
                elif m.type == PLACE:
                    for form in (m.attrs.get("bare"), m.name):
                        entry = lex.places.get(_key(form)) if form else None
                        if entry and entry.kind in ("province", "city", "district"):
                            places[form] = entry.kind
                elif m.type == ORGANIZATION:
                    place = m.attrs.get("place", "")
                    entry = lex.places.get(_key(place)) if place else None
                    if entry and entry.kind in ("province", "city", "district"):
                        places[place] = entry.kind
        persons = _no_overlaps(sorted(set(persons)))
        out.append(Template(art, persons, places))
    kinds: dict[str, set[str]] = {}
    for entry in lex.places.values():
        kinds.setdefault(entry.kind, set()).add(entry.name)
    pools = Pools(sorted(lex.surnames), sorted(middles), sorted(givens), {k: sorted(v) for k, v in kinds.items()})
    return out, pools


def _key(text: str) -> str:
    from kg.normalize.text import name_key
    return name_key(text)


def _no_overlaps(spans: list[tuple[int, int, str, int]]) -> list[tuple[int, int, str, int]]:
    out: list[tuple[int, int, str, int]] = []
    for s in spans:
        if not out or s[0] >= out[-1][1]:
            out.append(s)
    return out


def vary(t: Template, pools: Pools, rng: random.Random, ident: str) -> dict:
    text = t.article.full_text
    edits: list[tuple[int, int, str]] = []
    names: dict[str, list[str]] = {}
    for start, end, key, nwords in t.persons:
        if key not in names:
            names[key] = [rng.choice(pools.surnames), rng.choice(pools.middles), rng.choice(pools.givens)]
        full = names[key]
        # a one-word reference ('ông Sơn') takes the new given name; a longer one the full name
        edits.append((start, end, full[-1] if nwords == 1 else " ".join(full if nwords >= 3 else [full[0], full[-1]])))
    taken = [(s, e) for s, e, _ in edits]
    moved = {form: rng.choice(pools.places[kind]) for form, kind in sorted(t.places.items())}
    if moved:
        forms = re.compile(r"(?<!\w)(?:" + "|".join(re.escape(f) for f in sorted(moved, key=len, reverse=True)) + r")(?!\w)")
        for m in forms.finditer(text):
            if not _overlaps(m.start(), m.end(), taken):
                edits.append((m.start(), m.end(), moved[m.group()]))
    taken = [(s, e) for s, e, _ in edits]
    shift = rng.randint(-2000, 2000)
    for m in _NUMBERS.finditer(text):
        if _overlaps(m.start(), m.end(), taken):
            continue
        edits.append((m.start(), m.end(), _number(m, shift, rng)))
    parts, pos = [], 0
    for s, e, new in sorted(edits):
        parts.append(text[pos:s] + new)
        pos = e
    parts.append(text[pos:])
    title, _, body = "".join(parts).partition("\n")
    published = t.article.published or date(2023, 6, 15)
    rec = {"id": ident, "title": title, "text": body, "published": (published + timedelta(days=shift)).isoformat()}
    if t.article.url:
        rec["url"] = f"{t.article.url}#{ident}"
    return rec


def _overlaps(s: int, e: int, spans: list[tuple[int, int]]) -> bool:
    return any(s < b and a < e for a, b in spans)


def _number(m: re.Match, shift: int, rng: random.Random) -> str:
    if m.group(1):  # a full date: moved by the article's shift
        try:
            d = date(int(m.group(3)), int(m.group(2)), int(m.group(1))) + timedelta(days=shift)
            return f"{d.day}/{d.month}/{d.year}"
        except ValueError:
            return m.group()
    if m.group(4):  # day/month
        d = date(2000, 1, 1) + timedelta(days=rng.randrange(365))
        return f"{d.day}/{d.month}"
    if m.group(6):  # a year
        return str(min(2025, max(1990, int(m.group(6)) + round(shift / 365))))
    digits = m.group(7)
    if len(digits) > 6:
        return digits
    return str(rng.randrange(10 ** (len(digits) - 1) if len(digits) > 1 else 1, 10 ** len(digits)))


def generate(n: int, out: Path, seed: int = 1, source: list[Path] | None = None) -> int:
    temps, pools = templates(source or [DEFAULT_SOURCE])
    rng = random.Random(seed)
    tmp = out.with_name(out.name + ".tmp")
    with tmp.open("w", encoding="utf-8") as f:
        for i in range(n):
            t = temps[i % len(temps)]
            f.write(json.dumps(vary(t, pools, rng, f"gen-{seed}-{i:06d}"), ensure_ascii=False) + "\n")
    tmp.replace(out)
    return n


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("n", type=int, help="number of articles")
    ap.add_argument("out", type=Path, help="JSON Lines file to write")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--source", type=Path, action="append", help="real articles to vary (default ../shared/corpus)")
    args = ap.parse_args()
    generate(args.n, args.out, args.seed, args.source)
    print(f"wrote {args.n} articles to {args.out}")


if __name__ == "__main__":
    main()
