"""The kg command line: the group lives in app.py, each command in a module of its own.
Library code raises kg.errors; only this package turns them into messages and exit codes
(0 ok, 1 violations, 2 bad input or error)."""
from kg.cli import build, cypher, export, load, query, serve, stats, validate, view  # noqa: F401  (each registers its command)
from kg.cli.app import main

__all__ = ["main"]
