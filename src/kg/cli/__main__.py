"""`python -m kg.cli` runs the kg command."""
from kg.cli import run

run()
