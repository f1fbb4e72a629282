"""Content negotiation for `kg serve`: from an Accept header to the formats of kg.query.formats."""
from __future__ import annotations

# media type -> (format for SELECT/ASK answers, format for CONSTRUCT/DESCRIBE answers)
_MEDIA = {
    "application/sparql-results+json": ("json", None),
    "application/json": ("json", None),
    "application/sparql-results+xml": ("xml", None),
    "application/xml": ("xml", None),
    "text/xml": ("xml", None),
    "text/csv": ("csv", None),
    "text/tab-separated-values": ("tsv", None),
    "text/turtle": (None, "ttl"),
    "application/x-turtle": (None, "ttl"),
    "application/n-triples": (None, "nt"),
    "text/plain": ("table", "nt"),
}
DEFAULT_RESULT, DEFAULT_GRAPH = "json", "ttl"


def negotiate(accept: str | None) -> tuple[str, str]:
    """The (SELECT/ASK format, CONSTRUCT/DESCRIBE format) the client prefers, by q-value then
    order; what the header does not settle falls back to SPARQL JSON and Turtle."""
    ranked = []
    for i, part in enumerate((accept or "").split(",")):
        fields = [f.strip() for f in part.split(";")]
        q = 1.0
        for f in fields[1:]:
            if f.startswith("q="):
                try:
                    q = float(f[2:])
                except ValueError:
                    q = 0.0
        if fields[0] and q > 0:
            ranked.append((-q, i, fields[0].lower()))
    result = graph = None
    for _, _, media in sorted(ranked):
        r, g = _MEDIA.get(media, (None, None))
        result = result or r
        graph = graph or g
    return result or DEFAULT_RESULT, graph or DEFAULT_GRAPH
