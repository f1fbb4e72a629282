"""Write src/kg/data/communes.tsv: Việt Nam's communes, wards and townships as they were before
the 2025 reform, from the dataset that ships in the `vietnamadminunits` package (PyPI, MIT;
table admin_units_legacy of its dataset.db), as scripts/make_districts.py does for districts.
Run by hand when that data changes:

    pip download --no-deps vietnamadminunits && unzip -o vietnamadminunits-*.whl -d /tmp/vau
    python scripts/make_communes.py /tmp/vau/vietnamadminunits/data/dataset.db

Numbered wards ('Phường 12') are left to the 'phường N' grammar; 'Mỹ Đình 1' is kept as 'Mỹ Đình'.
"""
from __future__ import annotations

import sqlite3
import sys
from pathlib import Path

KINDS = {"Xã": "commune", "Phường": "ward", "Thị trấn": "township"}
OUT = Path(__file__).resolve().parents[1] / "src" / "kg" / "data" / "communes.tsv"


def main(db: str) -> None:
    rows = sqlite3.connect(db).execute(
        "SELECT DISTINCT wardShort, wardType, districtShort, provinceShort FROM admin_units_legacy").fetchall()
    lines = set()
    for name, kind, district, province in rows:
        base = (name or "").rstrip("0123456789 ")  # 'Mỹ Đình 1' and 'Mỹ Đình 2' are both 'Mỹ Đình'
        if base and not any(c.isdigit() for c in base) and kind in KINDS:
            lines.add(f"{base}\t{KINDS[kind]}\t\t{district}, {province}")
    header = "name\tkind\taliases\tparent\n"
    OUT.write_text(header + "".join(f"{line}\n" for line in sorted(lines)), encoding="utf-8")
    print(f"wrote {OUT} ({len(lines)} rows)")


if __name__ == "__main__":
    main(sys.argv[1])
