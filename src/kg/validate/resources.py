"""Where kg's ontology and shapes live.

In a checkout they are the repository's own `ontology/` and `shapes/` folders, the single
source of truth. An installed (non-editable) package has no checkout around it, so it looks
next for copies shipped as package data under `kg/resources/` (kg.ttl, kg-shapes.ttl).
"""
from __future__ import annotations

from pathlib import Path

import kg
from kg.errors import GraphLoadError

_PACKAGE = Path(kg.__file__).resolve().parent
_CHECKOUT = _PACKAGE.parents[1]  # src/kg -> repository root


def _find(folder: str, name: str) -> Path:
    candidates = [_CHECKOUT / folder / name, _PACKAGE / "resources" / name]
    for path in candidates:
        if path.is_file():
            return path
    looked = ", ".join(str(p) for p in candidates)
    raise GraphLoadError(f"kg's {name} not found; looked in {looked}")


def ontology_path() -> Path:
    """The ontology file, kg.ttl."""
    return _find("ontology", "kg.ttl")


def ontology_dir() -> Path:
    """The folder holding the ontology: what eval/score.py takes as --ontology."""
    return ontology_path().parent


def shapes_path() -> Path:
    """The SHACL shapes file, kg-shapes.ttl."""
    return _find("shapes", "kg-shapes.ttl")
