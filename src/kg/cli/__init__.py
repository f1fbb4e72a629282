"""The kg command line: the group lives in app.py, each command in a module of its own.
Library code raises kg.errors; only this package turns them into messages and exit codes
(0 ok, 1 violations, 2 bad input or error)."""
from kg.cli import (  # noqa: F401  (each registers its command)
    build, cypher, diff, entities, explain, export, load, query, serve, stats, validate, view)
from kg.cli.app import main, run

__all__ = ["main", "run"]
