"""One exception hierarchy; only the CLI turns these into messages and exit codes."""
from __future__ import annotations


class KgError(Exception):
    """Base of every error kg reports to a user."""

    exit_code = 2


class InputError(KgError):
    """An input file cannot be read as articles; the message names the file (and line)."""


class ValidationFailed(KgError):
    """The graph does not conform to the shapes."""

    exit_code = 1


class GraphLoadError(KgError):
    """An RDF file cannot be parsed."""


class QueryError(KgError):
    """A SPARQL query is malformed or fails."""


class StoreError(KgError):
    """An RDF store or graph database cannot be reached, or refused what was sent to it."""
