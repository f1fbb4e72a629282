"""The optional C accelerators (built from `src/kg/**/_*.c` by setup.py), or None.

A writer asks `native("kg.export._ntriples")` and falls back to its pure-Python code when
the answer is None: the module was not built (no compiler at install time), or the
environment sets KG_PURE_PYTHON=1 (tests compare the two paths; a user can rule out the
C code when a result looks wrong).
"""
from __future__ import annotations

import importlib
import os
from types import ModuleType

PURE_ENV = "KG_PURE_PYTHON"


def native(module: str) -> ModuleType | None:
    """The compiled module named `module`, or None where it is absent or switched off."""
    if os.environ.get(PURE_ENV, "") not in ("", "0"):
        return None
    try:
        return importlib.import_module(module)
    except ImportError:
        return None
