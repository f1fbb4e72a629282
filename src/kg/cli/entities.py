"""`kg entities`: list a graph's entities with their forms and articles."""
from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import click

from kg.cli.app import main

_TYPES = {"person": "Person", "organization": "Organization", "org": "Organization", "place": "Place",
          "legislation": "Legislation", "legaldocument": "Legislation", "document": "Legislation"}


@main.command()
@click.argument("graph", type=click.Path(path_type=Path))
@click.option("--type", "type_", help="Person, Organization, Place or Legislation.")
@click.option("--search", help="Text in the name, an alias or a surface form; without diacritics it ignores them.")
@click.option("--json", "as_json", is_flag=True, help="Print the list as JSON.")
def entities(graph: Path, type_: str | None, search: str | None, as_json: bool) -> None:
    """List entities: IRI, type, name, forms (with the rule that joined each, when
    resolution.jsonl is beside the graph) and the number of articles naming them.

    Example: kg entities output/graph.ttl --type Organization --search "noi chinh"
    """
    from kg.curate.graphview import GraphView
    from kg.errors import KgError

    if type_ is not None:
        if type_.lower() not in _TYPES:
            raise KgError(f"unknown type {type_!r}; known: Person, Organization, Place, Legislation")
        type_ = _TYPES[type_.lower()]
    found = GraphView(graph).search(type_, search)
    rows = [_row(e) for e in found]
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False, indent=1))
        return
    for r in rows:
        click.echo(f"{r['type']:<12} {r['name']}  ({r['articles']} article{'s' if r['articles'] != 1 else ''})")
        click.echo(f"    {r['iri']}")
        if r["forms"]:
            click.echo("    forms: " + "; ".join(f"{f['form']} [{', '.join(f['joins'])}] ×{f['count']}"
                                          for f in r["forms"]))
        elif r["aliases"]:
            click.echo("    aliases: " + "; ".join(r["aliases"]))
        if r["curation"]:
            click.echo("    curated: " + ", ".join(f"rule {c['rule']} ({c['action']})" for c in r["curation"]))
    click.echo(f"{len(rows)} entit{'y' if len(rows) == 1 else 'ies'}")


def _row(e) -> dict:
    forms: dict[str, Counter] = {}
    for f in (e.record or {}).get("forms", []):
        if f["form"]:
            forms.setdefault(f["form"], Counter())[f["join"]] += 1
    return {"iri": e.iri, "type": e.type, "name": e.name, "aliases": e.aliases, "articles": len(e.articles),
            "forms": [{"form": k, "count": sum(c.values()), "joins": sorted(c)} for k, c in sorted(forms.items())],
            "curation": (e.record or {}).get("curation", [])}
