"""Curation: a user's corrections of entity resolution, kept in a YAML file and applied on
every build between resolve and map (merge, split, rename, retype, drop, drop-fact, alias),
with PROV-O provenance in the graph. See README.md, section Curation."""
from __future__ import annotations

from typing import Callable

from kg.curate.apply import CurationLog, apply_curation
from kg.curate.prov import add_provenance
from kg.curate.rules import Curation, CurationError, load_curation
from kg.model import Corpus

__all__ = ["Curation", "CurationError", "CurationLog", "apply_curation", "add_provenance", "load_curation",
           "curate"]


def curate(corpus: Corpus, curation: Curation, *, strict: bool = False,
           warn: Callable[[str], None] | None = None) -> CurationLog:
    """Apply the rules; a rule that matched nothing is a warning, or with `strict` an error."""
    log = apply_curation(corpus, curation)
    if log.unmatched and strict:
        raise CurationError(f"{curation.path}: {len(log.unmatched_rules)} rule(s) name what is not in the "
                            f"graph (--strict-curation); first: {log.unmatched[0]}")
    for msg in log.unmatched:
        if warn:
            warn(f"{curation.path}: {msg}")
    return log
