"""What changed between two built graphs, in terms a reader knows: entities added, removed,
merged (several old nodes now one), split (one old node now several), renamed or retyped;
facts (posts, relations and attributes, events, figures) added and removed.

Entities are matched by IRI first; the IRIs that appear or disappear are then matched by
the mentions they share (same article and characters, from the resolution.jsonl beside
each graph), or failing that by shared forms (names, aliases, surface forms; one's name
among the other's forms): a new node matched so to an old one is taken to continue it. Facts are compared by
their readable line (names, not IRIs), so a merge that only moves facts to the surviving
node shows as the facts of the old name removed and those of the new name added.
"""
from __future__ import annotations

from rdflib import RDF, URIRef

from kg.curate.graphview import EntityView, GraphView, describe
from kg.map.vocab import EVENT_CLASSES
from kg.normalize.text import name_key

__all__ = ["diff_graphs", "format_diff"]


def _related(a: EntityView, b: EntityView) -> int:
    """How strongly two nodes look like the same thing. With resolution.jsonl beside both
    graphs: the mentions (article and offsets) they share. Otherwise, or when they share
    none: shared forms, if one's name is among the other's forms. 0 when unrelated."""
    spans = len(a.spans() & b.spans())
    if spans:
        return 1000 + spans
    fa, fb = a.forms(), b.forms()
    if name_key(a.name) in fb or name_key(b.name) in fa:
        return len(fa & fb) + (a.type == b.type)
    return 0


def _best(e: EntityView, pool: list[EntityView]) -> EntityView | None:
    scored = [(s, c.iri, c) for c in pool if (s := _related(e, c)) > 0]
    return max(scored, key=lambda t: (t[0], t[1]))[2] if scored else None


def diff_graphs(old: GraphView, new: GraphView) -> dict:
    o, n = old.entities, new.entities
    kept = sorted(set(o) & set(n))
    gone = [o[i] for i in sorted(set(o) - set(n))]
    came = [n[i] for i in sorted(set(n) - set(o))]
    # each newcomer -> the old node it came out of: two or more from one old node is a split
    outof: dict[str, list[str]] = {}
    for e in came:
        best = _best(e, gone + [o[i] for i in kept])
        if best is not None:
            outof.setdefault(best.iri, []).append(e.iri)
    split = []
    for src, parts in sorted(outof.items()):
        news = sorted(set(parts) | ({src} if src in n else set()))
        if len(news) > 1:
            split.append({"old": src, "new": news, "names": [n[i].name for i in news]})
    explained_old = {s["old"] for s in split}
    explained_new = {i for s in split for i in s["new"]}
    # each other vanished node -> the new node that continues it: two or more into one is a merge
    into: dict[str, list[str]] = {}
    for e in gone:
        if e.iri not in explained_old:
            best = _best(e, [c for c in came if c.iri not in explained_new] + [n[i] for i in kept])
            if best is not None:
                into.setdefault(best.iri, []).append(e.iri)
    merged, reidentified = [], []
    for target, srcs in sorted(into.items()):
        olds = sorted(srcs + ([target] if target in o else []))
        if len(olds) > 1:
            merged.append({"old": olds, "new": target, "name": n[target].name})
        else:
            reidentified.append({"old": olds[0], "new": target, "old_name": o[olds[0]].name,
                                 "name": n[target].name, "old_type": o[olds[0]].type, "type": n[target].type})
        explained_old |= set(olds)
        explained_new.add(target)
    renamed = [{"iri": i, "old": o[i].name, "new": n[i].name} for i in kept if o[i].name != n[i].name]
    retyped = [{"iri": i, "old": o[i].type, "new": n[i].type} for i in kept if o[i].type != n[i].type]
    added = [_brief(e) for e in came if e.iri not in explained_new]
    removed = [_brief(e) for e in gone if e.iri not in explained_old]
    old_facts, new_facts = _facts(old), _facts(new)
    return {"entities": {"added": added, "removed": removed, "merged": merged, "split": split,
                         "renamed": renamed, "retyped": retyped, "reidentified": reidentified},
            "facts": {"added": sorted(new_facts - old_facts), "removed": sorted(old_facts - new_facts)},
            "counts": {"old_entities": len(o), "new_entities": len(n),
                       "old_facts": len(old_facts), "new_facts": len(new_facts)}}


def _brief(e: EntityView) -> dict:
    return {"iri": e.iri, "type": e.type, "name": e.name}


def _facts(view: GraphView) -> set[str]:
    """Readable lines of every post, statement, event and figure in the graph."""
    nodes = set()
    for e in view.entities:
        nodes |= set(view.facts_of(URIRef(e)))
    for cls in EVENT_CLASSES:
        nodes |= set(view.graph.subjects(RDF.type, cls))
    return {describe(view, node) for node in nodes}


def _short(i: str) -> str:
    from kg.map.vocab import ID

    return "id:" + i[len(str(ID)):] if i.startswith(str(ID)) else i


def format_diff(d: dict) -> str:
    """The diff as text for people (IRIs shortened to id:...)."""
    e, f, c = d["entities"], d["facts"], d["counts"]
    lines = [f"entities: {c['old_entities']} -> {c['new_entities']}; facts: {c['old_facts']} -> {c['new_facts']}"]
    for m in e["merged"]:
        lines.append(f"merged: {', '.join(map(_short, m['old']))}\n    -> {_short(m['new'])} ({m['name']})")
    for s in e["split"]:
        lines.append(f"split: {_short(s['old'])}\n    -> " + "\n    -> ".join(
            f"{_short(i)} ({nm})" for i, nm in zip(s["new"], s["names"])))
    for r in e["renamed"]:
        lines.append(f"renamed: {_short(r['iri'])}: {r['old']!r} -> {r['new']!r}")
    for r in e["retyped"]:
        lines.append(f"retyped: {_short(r['iri'])}: {r['old']} -> {r['new']}")
    for r in e["reidentified"]:
        lines.append(f"new IRI: {_short(r['old'])} ({r['old_type']} {r['old_name']!r})\n    -> {_short(r['new'])} "
                     f"({r['type']} {r['name']!r})")
    for a in e["added"]:
        lines.append(f"added: {a['type']} {a['name']!r} {_short(a['iri'])}")
    for a in e["removed"]:
        lines.append(f"removed: {a['type']} {a['name']!r} {_short(a['iri'])}")
    for x in f["removed"]:
        lines.append(f"- {x}")
    for x in f["added"]:
        lines.append(f"+ {x}")
    if len(lines) == 1:
        lines.append("no changes")
    return "\n".join(lines) + "\n"
