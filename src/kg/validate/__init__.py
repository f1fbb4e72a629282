"""Validate: SHACL checks of a built graph, and reading RDF files.

`validate(graph)` returns a ValidationReport (conforms, text, results, report graph); it
never raises for a non-conforming graph: deciding what that means is the caller's job.
`load_graph(path)` reads ttl/nt/nq/trig/jsonld and raises GraphLoadError on failure.
"""
from __future__ import annotations

from kg.validate.load import load_graph
from kg.validate.resources import ontology_dir, ontology_path, shapes_path
from kg.validate.shacl import ValidationReport, Violation, validate

__all__ = ["validate", "ValidationReport", "Violation", "load_graph", "ontology_path",
           "ontology_dir", "shapes_path"]
