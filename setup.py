"""Builds kg's optional C accelerators: every `src/kg/**/_*.c` becomes the extension module of
that path (src/kg/export/_ntriples.c -> kg.export._ntriples).

They are optional: where no C compiler is found the build goes on without them and kg runs
its pure-Python code, which gives the same bytes (tests compare the two). The project's
metadata is in pyproject.toml.
"""
from pathlib import Path

from setuptools import Extension, setup

HERE = Path(__file__).parent


def extensions() -> list[Extension]:
    found = []
    for source in sorted((HERE / "src").glob("kg/**/_*.c")):
        relative = source.relative_to(HERE)
        module = ".".join(source.relative_to(HERE / "src").with_suffix("").parts)
        found.append(Extension(module, [str(relative)], optional=True,
                               extra_compile_args=["-O2"]))
    return found


setup(ext_modules=extensions())
