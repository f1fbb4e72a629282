"""`kg serve`: a graph file behind the SPARQL 1.1 Protocol, pyoxigraph underneath."""
from kg.serve.negotiate import negotiate
from kg.serve.server import Limits, serve

__all__ = ["Limits", "negotiate", "serve"]
