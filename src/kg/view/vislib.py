"""The vis-network JavaScript library, read from the installed pyvis package.

pyvis (a PyPI dependency of kg) ships vis-network's standalone minified build under
`pyvis/lib/vis-X.Y.Z/`; kg view inlines that file into the page, so the page needs no network.
The package is located without importing it (importing pyvis pulls in IPython).
"""
from __future__ import annotations

import importlib.util
import re
from functools import lru_cache
from pathlib import Path

from kg.errors import KgError


@lru_cache(maxsize=1)
def vis_network_js() -> str:
    """The text of the newest vis-network.min.js that pyvis ships."""
    path = vis_network_path()
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise KgError(f"cannot read vis-network from {path}: {exc}") from exc


def vis_network_path() -> Path:
    spec = importlib.util.find_spec("pyvis")
    if spec is None or not spec.submodule_search_locations:
        raise KgError("the pyvis package, which ships vis-network, is not installed; "
                      "reinstall kg (pip install -e .)")
    found = [p for base in spec.submodule_search_locations
             for p in Path(base).glob("lib/vis-*/vis-network.min.js")]
    if not found:
        raise KgError(f"no lib/vis-*/vis-network.min.js in the pyvis package at "
                      f"{', '.join(spec.submodule_search_locations)}")
    return max(found, key=lambda p: (_version(p.parent.name), str(p)))


def _version(folder: str) -> tuple[int, ...]:
    return tuple(int(n) for n in re.findall(r"\d+", folder))
