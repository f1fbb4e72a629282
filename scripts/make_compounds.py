"""Write src/kg/data/compounds.txt: the two-syllable words of Vietnamese, in lowercase, from
the Viet74K word list that ships in the `underthesea` package (PyPI, Apache-2.0;
underthesea/corpus/data/Viet74K.txt). The name grammar reads a capitalized syllable and the
lowercase one after it as one word of a name when the two make a word ('Cục Quân khí',
'Viện Y học'). Run by hand when that list changes:

    pip download --no-deps underthesea && unzip -o underthesea-*.whl 'underthesea/corpus/data/*' -d /tmp/uts
    python scripts/make_compounds.py /tmp/uts/underthesea/corpus/data/Viet74K.txt
"""
from __future__ import annotations

import sys
import unicodedata
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "src" / "kg" / "data" / "compounds.txt"


def main(source: str) -> None:
    words = set()
    for line in Path(source).read_text(encoding="utf-8").splitlines():
        word = unicodedata.normalize("NFC", line.strip())
        # lowercase words only: capitalized entries are proper names, not the vocabulary
        if len(word.split()) == 2 and word == word.lower() and all(c.isalpha() or c == " " for c in word):
            words.add(word)
    header = "# two-syllable Vietnamese words, from underthesea's Viet74K.txt (Apache-2.0); see scripts/make_compounds.py\n"
    OUT.write_text(header + "".join(f"{w}\n" for w in sorted(words)), encoding="utf-8")
    print(f"wrote {OUT} ({len(words)} words)")


if __name__ == "__main__":
    main(sys.argv[1])
