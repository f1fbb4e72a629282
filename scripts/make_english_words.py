"""Write src/kg/data/english_words.txt: common English words that are not also people's names,
in lowercase. A capitalized run of such words in Vietnamese news ('Net Worth', 'Getty Images',
'Natural Skin Care') is a title, a firm or a product, not a foreign person, so the person
grammar does not read one without a cue (ông, bà, a title).

Sources, all from PyPI, none a dependency of kg:
- `wordfreq` (code Apache-2.0, word frequencies CC BY-SA 4.0, so this derived list is
  CC BY-SA 4.0 too): the English words at least as frequent as 10^-5 (Zipf 3), from
  wordfreq/data/small_en.msgpack.gz (cBpack: bucket i holds the words of frequency 10^(-i/100));
- `names` 0.3.0 (US Census 1990 name lists, public domain): first names and the 10,000 most
  common last names are removed, so 'Rose', 'Young' or 'Trump' stay possible names (the rarer
  last names include words such as 'people' and 'home');
- `english-words` 2.0.2 (MIT): Webster's Second International word list (web2, public domain),
  which keeps proper nouns capitalized: a frequent word must be a lowercase entry there (or
  the plural of one), so names that wordfreq lowercases ('obama') stay out.

    pip download --no-deps wordfreq==3.1.1 names==0.3.0
    unzip -o wordfreq-3.1.1-py3-none-any.whl 'wordfreq/data/small_en.msgpack.gz' -d /tmp/wf
    tar xzf names-0.3.0.tar.gz -C /tmp
    pip download --no-deps english-words==2.0.2 && unzip -o english_words-2.0.2-py3-none-any.whl -d /tmp/ew
    python scripts/make_english_words.py /tmp/wf/wordfreq/data/small_en.msgpack.gz /tmp/names-0.3.0/names \
        /tmp/ew/english_words/data/web2.pickle
"""
from __future__ import annotations

import gzip
import pickle  # the english-words package ships its lists as pickled sets; read here, never by kg
import sys
from pathlib import Path

import msgpack

OUT = Path(__file__).resolve().parents[1] / "src" / "kg" / "data" / "english_words.txt"
MAX_BUCKET = 500  # frequency >= 10^-5
LAST_NAMES = 10_000
# words of foreign names that the lists take for English ('Abu Bakr', 'San Diego')
NAME_WORDS = {"abu", "bin", "ibn", "al", "el", "van", "von", "de", "da", "del", "la", "le", "san", "saint", "mac"}


def main(freqs: str, names_dir: str, web2: str) -> None:
    _header, *buckets = msgpack.load(gzip.open(freqs), raw=False)
    names = set()
    for file, limit in (("dist.male.first", None), ("dist.female.first", None), ("dist.all.last", LAST_NAMES)):
        rows = [line.split() for line in (Path(names_dir) / file).read_text().splitlines() if line.strip()]
        names |= {row[0].lower() for row in rows[:limit]}
    with open(web2, "rb") as f:
        dictionary = pickle.load(f)
    words = {w for b in buckets[:MAX_BUCKET + 1] for w in b
             if w.isascii() and w.isalpha() and len(w) > 1 and w not in names and w not in NAME_WORDS
             and (w in dictionary or (w.endswith("s") and w[:-1] in dictionary))}
    header = ("# common English words that are no person's first or last name; CC BY-SA 4.0, from wordfreq's\n"
              "# small_en list less the US Census first names and 10,000 commonest last names; see scripts/make_english_words.py\n")
    OUT.write_text(header + "".join(f"{w}\n" for w in sorted(words)), encoding="utf-8")
    print(f"wrote {OUT} ({len(words)} words)")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3])
