"""The optional C accelerators: built where a compiler is, switched off by KG_PURE_PYTHON.

What each one computes is tested beside the pure-Python code it stands in for (same bytes);
here only that the install built them, so that a machine with a compiler never runs the slow
path without saying so.
"""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kg.native import PURE_ENV, native

SRC = Path(__file__).resolve().parents[1] / "src"
MODULES = sorted(".".join(p.relative_to(SRC).with_suffix("").parts) for p in SRC.glob("kg/**/_*.c"))


@pytest.mark.parametrize("module", MODULES)
def test_built_where_a_compiler_is(module, monkeypatch):
    if not (shutil.which("cc") or shutil.which("gcc")):
        pytest.skip("no C compiler on this machine: kg runs its pure-Python code")
    monkeypatch.delenv(PURE_ENV, raising=False)
    assert native(module) is not None, f"{module} was not built: run `pip install -e .` again"


@pytest.mark.parametrize("module", MODULES)
def test_switched_off_by_the_environment(module, monkeypatch):
    monkeypatch.setenv(PURE_ENV, "1")
    assert native(module) is None


def test_absent_module_is_none():
    assert native("kg.export._no_such_module") is None
