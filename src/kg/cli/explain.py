"""`kg explain`: an entity (or one fact) with every fact and every source sentence."""
from __future__ import annotations

import json
from pathlib import Path

import click

from kg.cli.app import main


@main.command()
@click.argument("graph", type=click.Path(path_type=Path))
@click.argument("name")
@click.option("--json", "as_json", is_flag=True, help="Print the explanation as JSON.")
def explain(graph: Path, name: str, as_json: bool) -> None:
    """Show an entity by NAME or IRI (or a fact by its IRI): its forms, and every fact with
    the rule that produced it and its source sentences (headline, date, text, offsets).
    A name several entities carry lists them and exits 2.

    Example: kg explain output/graph.ttl "Ban Nội chính Tỉnh ủy Sơn La"
    """
    from rdflib import URIRef

    from kg.curate.graphview import GraphView, describe

    view = GraphView(graph)
    node = URIRef(view.find(name))
    ent = view.entities.get(str(node))
    facts = view.facts_of(node) if ent else [node]
    out = {"iri": str(node), "kind": "entity" if ent else view.kind(node)}
    if ent:
        out |= {"type": ent.type, "name": ent.name, "aliases": ent.aliases, "articles": len(ent.articles),
                "forms": (ent.record or {}).get("forms", []), "curation": (ent.record or {}).get("curation", [])}
    out["facts"] = [{"iri": str(f), "fact": describe(view, f), "rules": view.rules(f),
                     "curated_by": sorted(str(c) for c in view.graph.objects(f, _curated_by())),
                     "sources": view.sources(f)} for f in facts]
    if as_json:
        click.echo(json.dumps(out, ensure_ascii=False, indent=1))
        return
    _print(out)


def _curated_by():
    from kg.map.vocab import term

    return term("curatedBy")


def _print(out: dict) -> None:
    if out["kind"] == "entity":
        click.echo(f"{out['type']}: {out['name']}")
        click.echo(f"  {out['iri']}")
        if out["aliases"]:
            click.echo(f"  aliases: {'; '.join(out['aliases'])}")
        click.echo(f"  named in {out['articles']} article(s)")
        for c in out["curation"]:
            click.echo(f"  curated: rule {c['rule']} ({c['action']})")
        if out["forms"]:
            click.echo("  forms:")
            for f in out["forms"]:
                click.echo(f"    {f['form'] or '(implied)'!s}  [{f['join']}; {f['rule']}]  "
                           f"{f['article']} {f['start']}-{f['end']}")
    click.echo(f"facts: {len(out['facts'])}")
    for f in out["facts"]:
        click.echo(f"- {f['fact']}")
        click.echo(f"    {f['iri']}" + (f"  rule: {', '.join(f['rules'])}" if f["rules"] else ""))
        for c in f["curated_by"]:
            click.echo(f"    curated by {c}")
        for s in f["sources"]:
            click.echo(f"    [{s['article']}, {s['date'] or 'no date'}] {s['headline']}")
            click.echo(f"      {s['span']}: {s['text']}")
