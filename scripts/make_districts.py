"""Write src/kg/data/districts.tsv: Việt Nam's districts, towns and provincial cities as they
were before the 2025 reform, from the dataset that ships in the `vietnamadminunits` package
(PyPI, MIT; table admin_units_legacy of its dataset.db). Run by hand when that data changes:

    pip download --no-deps vietnamadminunits && unzip -o vietnamadminunits-*.whl -d /tmp/vau
    python scripts/make_districts.py /tmp/vau/vietnamadminunits/data/dataset.db
"""
from __future__ import annotations

import sqlite3
import sys
from pathlib import Path

KINDS = {"Huyện": "district", "Quận": "district", "Thị xã": "town", "Thành phố": "city"}
OUT = Path(__file__).resolve().parents[1] / "src" / "kg" / "data" / "districts.tsv"


def main(db: str) -> None:
    rows = sqlite3.connect(db).execute(
        "SELECT DISTINCT districtShort, districtType, provinceShort FROM admin_units_legacy").fetchall()
    lines = {f"{name}\t{KINDS[kind]}\t\t{province}" for name, kind, province in rows
             if name and not any(c.isdigit() for c in name) and kind in KINDS}
    header = "name\tkind\taliases\tparent\n"
    OUT.write_text(header + "".join(f"{line}\n" for line in sorted(lines)), encoding="utf-8")
    print(f"wrote {OUT} ({len(lines)} rows)")


if __name__ == "__main__":
    main(sys.argv[1])
