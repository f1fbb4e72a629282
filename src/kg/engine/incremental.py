"""Incremental builds: when few articles changed since the last build with the same cache,
patch its outputs instead of building the whole corpus again.

The graph is the union of the articles' shares, the entities' heads and the roles' labels
(kg.engine.units), and every output writes its subjects (entities, records) in sorted order,
each one's text depending on that subject alone. So a change of a few articles touches a
few subjects: their triples are counted in the build state (kg.engine.state), re-read, the
outputs' blocks of those subjects re-written in place (kg.export.splice), the SHACL shapes
run over those subjects alone (they look at a node's own triples and its objects' classes
only), and the state updated. The bytes are those a full build writes (tests compare).

Anything the patch does not follow runs the full build, which leaves a new state: another
code version, other formats, outputs changed since (their sizes and times), a curation file, many
changed articles, articles reordered, a legislation date that splits or joins a document
across articles, a role whose preferred title changes, SHACL results in the last build.
"""
from __future__ import annotations

import heapq
import json
import os
import re
from collections import Counter
from dataclasses import dataclass
from operator import itemgetter
from pathlib import Path
from typing import Callable

from kg.engine.cache import ExtractionCache, article_key, code_version
from kg.engine.state import FILE, BuildState
from kg.engine.units import Fallback, article_share, head_counts, resolved_share
from kg.map import iri, with_standard_types
from kg.map.context import TYPE, preferred_title, role_labels
from kg.map.entities import entity_head
from kg.map.vocab import ARTICLE, ENTITY_CLASSES, FIGURE, SENTENCE
from kg.resolve import dates_by_document, document_dates, kept_apart, name_entity
from kg.model import Article, Corpus, Entity, Extraction
from kg.triples import Lit, Table

__all__ = ["PATCHED_FORMATS", "Fallback", "save_state", "patch", "drop_state"]

PATCHED_FORMATS = frozenset({"ttl", "graphml"})
# a bound on a patch's work, not a measured break-even: changes to many articles touch most
# of the much-mentioned entities and most blocks of the files, where a full build is simpler
_MAX_SHARE = 0.02
_CLASS_OF_FOLDER = {f"{folder}/": str(ENTITY_CLASSES[t]) for t, folder in
                    (("Person", "person"), ("Organization", "organization"), ("Place", "place"),
                     ("Legislation", "legislation"))}


@dataclass
class Patched:
    """What an incremental build did, for kg.pipeline.build's result."""
    summary: dict
    report: object
    outputs: list[Path]
    extracted: int = 0
    cached: int = 0
    pruned: int = 0


# ---- the state a build leaves -------------------------------------------------------------

def _facts(ex: Extraction) -> tuple[int, int, int, int]:
    return len(ex.posts), len(ex.relations), len(ex.events), len(ex.figures)


def save_state(folder: Path, articles: list[Article], dates: dict[str, dict[str, str]],
               extractions: list[Extraction], corpus: Corpus, table: Table, report, formats,
               out_dir: Path, outputs: list[Path], summary: dict) -> None:
    """The state of a full build (its extractions resolved, its table and outputs written)."""
    state = BuildState.create(folder)
    dated = kept_apart(dates)
    subj: dict[str, dict[str, Counter]] = {}
    heads: dict[str, list] = {}
    roles: dict[str, Counter] = {}
    facts = {}
    for ex in extractions:
        share = resolved_share(ex, corpus.entities, dated, shared_only=True)
        _count(subj, share.triples, 1)
        for gid, parts in share.parts.items():
            _add_head(heads, gid, parts, 1)
        for role, titles in share.titles.items():
            roles.setdefault(role, Counter()).update(titles)
        facts[ex.article.id] = _facts(ex)
    edges: Counter = Counter()
    person_roles: dict[str, Counter] = {}
    if "graphml" in formats:
        view = _View(table.spo, {})
        for s in view.givers():
            view.add(s, edges, person_roles, 1)
    state.put("subj", ((s, {p: dict(c) for p, c in po.items()}) for s, po in subj.items()))
    state.put("head", heads.items())
    state.put("role", ((r, dict(c)) for r, c in roles.items()))
    state.put("edge", ((_edge_key(e), n) for e, n in edges.items()))
    state.put("roles", ((p, dict(c)) for p, c in person_roles.items()))
    results = report.results if hasattr(report, "results") else []
    state.set_meta("version", code_version())
    state.set_meta("formats", sorted(formats))
    state.set_meta("outputs", _stats(outputs))
    state.set_meta("manifest", [(a.id, article_key(a)) for a in articles])
    state.set_meta("dates", dates)
    state.set_meta("facts", facts)
    state.set_meta("summary", summary)
    state.set_meta("clean", not results)
    state.commit_new()


def _count(into: dict, triples: dict, sign: int) -> None:
    for s, po in triples.items():
        mine = into.get(s)
        if mine is None:
            mine = into[s] = {}
        for p, objs in po.items():
            c = mine.get(p)
            if c is None:
                c = mine[p] = Counter()
            for o in objs:
                c[o] += sign


def _stats(paths: list[Path]) -> dict[str, tuple[int, int]]:
    out = {}
    for p in paths:
        st = os.stat(p)
        out[p.name] = (st.st_size, st.st_mtime_ns)
    return out


def _edge_key(edge: tuple[str, str, str]) -> str:
    return "\t".join(edge)


# ---- the GraphML view, subject by subject (kg.export.graphml._columns_py's rules) ----------

class _View:
    """The edges and people's roles each subject gives the GraphML view, by the view's own
    rules (kg.export.graphml: node_class, membership_posts), counted with a sign."""

    def __init__(self, spo: dict, titles: dict[str, str]) -> None:
        self.g = _graphml()
        self.spo = spo
        self.titles = titles  # role -> title
        self._choice: dict[tuple, str | None] = {}

    def node_class(self, s) -> str | None:
        """The class the view shows `s` as, or None: not a node."""
        return self._sig_class(tuple(self.spo.get(s, {}).get(TYPE, ())))

    def givers(self) -> list:
        """The subjects that may give the view something: nodes and memberships, found by
        their type lists (a few dozen distinct ones) without a call per subject."""
        from itertools import compress, repeat

        sigs = list(map(tuple, map(dict.get, self.spo.values(), repeat(TYPE), repeat(()))))
        wanted = {sig: self.g._MEMBERSHIP in sig or bool(self._sig_class(sig)) for sig in set(sigs)}
        return list(compress(self.spo, map(wanted.__getitem__, sigs)))

    def _sig_class(self, sig: tuple) -> str | None:
        found = self._choice.get(sig, 0)
        if found == 0:
            found = self._choice[sig] = self.g.node_class(sig)
        return found

    def _title(self, role) -> str:
        title = self.titles.get(role)
        if title is None:  # read from the table, once a role
            title = self.titles[role] = self.g._title(self.spo, role)
        return title

    def add(self, s, edges: Counter, person_roles: dict[str, Counter], sign: int) -> None:
        g = self.g
        po = self.spo.get(s)
        if not po:
            return
        if g._MEMBERSHIP in po.get(TYPE, ()):
            for person, orgs, title in g.membership_posts(po, self.node_class, self._title):
                if not orgs:
                    person_roles.setdefault(str(person), Counter())[title] += sign
                for org in orgs:
                    edges[(str(person), str(org), title)] += sign
        if self.node_class(s):
            for p, objs in po.items():
                if p != TYPE:
                    label = None
                    for o in objs:
                        if type(o) is not Lit and self.node_class(o):
                            label = label or g._local(p)
                            edges[(str(s), str(o), label)] += sign


def drop_state(folder: Path) -> None:
    """Remove the state: the outputs are written by a build that leaves none."""
    (folder / FILE).unlink(missing_ok=True)


# ---- an incremental build -----------------------------------------------------------------

def patch(articles: list[Article], out_dir: Path, formats, cache_dir: Path, *, jobs: int, engine: str,
          scheduler: str | None, warn: Callable[[str], None] | None) -> Patched | None:
    """Patch the last build's outputs for what changed in `articles`; None where the full
    build must run (see the module's docstring)."""
    state = BuildState.open(cache_dir)
    if state is None:
        return None
    try:
        return _patch(state, articles, out_dir, formats, cache_dir, jobs, engine, scheduler, warn)
    except Fallback:
        state.rollback()
        return None
    finally:
        state.close()


def _patch(state: BuildState, articles: list[Article], out_dir: Path, formats, cache_dir: Path, jobs: int,
           engine: str, scheduler: str | None, warn: Callable[[str], None] | None) -> Patched | None:
    from kg.engine import extract_articles

    if not _compatible(state, out_dir, formats):
        return None
    version = code_version()
    new = [(a.id, article_key(a, version)) for a in articles]
    old = state.meta("manifest")
    ids = [i for i, _ in new]
    if len(set(ids)) != len(ids):
        return None  # the full build says which id repeats
    old_keys, new_keys = dict(old), dict(new)
    if [i for i, _ in old if i in new_keys] != [i for i in ids if i in old_keys]:
        return None  # reordered: which article an entity was first seen in may change
    gone = [i for i, k in old if new_keys.get(i) != k]  # removed or changed: their old shares go
    came = [a for a in articles if old_keys.get(a.id) != new_keys[a.id]]  # added or changed
    if len(gone) + len(came) > max(4, _MAX_SHARE * len(articles)):
        return None
    if not gone and not came:  # the outputs are those of these articles already
        return Patched(state.meta("summary"), _empty_report(), [out_dir / name for name in state.meta("outputs")],
                       cached=len(articles))
    cache = ExtractionCache(cache_dir, warn)
    olds = []
    for aid in gone:  # read before extract_articles puts the new ones
        ex = cache.get_key(old_keys[aid], aid)
        if ex is None:
            return None  # the old extraction is gone from the cache
        olds.append(ex)
    extracted, stats = extract_articles(came, jobs=jobs, engine=engine, scheduler=scheduler,
                                        cache_dir=cache_dir, warn=warn, prune=False)
    result = _apply(state, articles, new, olds, extracted, out_dir, formats)
    cache.used = set(new_keys.values())
    result.extracted = stats.extracted
    result.cached = len(articles) - stats.extracted
    result.pruned = cache.prune()
    return result


def _compatible(state: BuildState, out_dir: Path, formats) -> bool:
    if state.meta("version") != code_version() or state.meta("formats") != sorted(formats):
        return False
    if not set(formats) <= PATCHED_FORMATS:
        return False
    if not state.meta("clean"):
        return False
    recorded = state.meta("outputs") or {}
    try:
        return recorded == _stats([out_dir / name for name in recorded])
    except OSError:
        return False


def _apply(state: BuildState, articles: list[Article], manifest: list[tuple[str, str]],
           olds: list[Extraction], news: list[Extraction], out_dir: Path, formats) -> Patched:
    from kg.export import splice

    dates: dict[str, dict[str, str]] = state.meta("dates")
    facts: dict[str, tuple] = state.meta("facts")
    old_dated = kept_apart(dates)
    new_dates = dict(dates)
    for ex in olds:
        new_dates.pop(ex.article.id, None)
    for ex in news:
        found = document_dates(ex)
        if found:
            new_dates[ex.article.id] = found
        else:
            new_dates.pop(ex.article.id, None)
    new_dated = kept_apart(new_dates)
    # a document split apart (or joined) by dates moves the entities of other articles too
    was, now = dates_by_document(dates), dates_by_document(new_dates)
    for key in {k for ex in (*olds, *news) for k in document_dates(ex)}:
        if (len(set(was.get(key, {}).values())) > 1) != (len(set(now.get(key, {}).values())) > 1):
            raise Fallback(f"legislation {key!r} is split or joined by its dates")
    old_shares = [article_share(ex, old_dated) for ex in olds]
    new_shares = [article_share(ex, new_dated) for ex in news]
    for ex in olds:
        facts.pop(ex.article.id, None)
    for ex in news:
        facts[ex.article.id] = _facts(ex)

    subjects = {s for sh in (*old_shares, *new_shares) for s in sh.triples}
    gids = {g for sh in (*old_shares, *new_shares) for g in sh.parts}
    role_iris = {r for sh in (*old_shares, *new_shares) for r in sh.titles}
    entity_iris = {iri.entity_text(g): g for g in gids}
    touched = subjects | set(entity_iris) | role_iris
    # an article's own nodes are counted from its shares alone; the others have a row
    local = {s for sh in (*old_shares, *new_shares) for s in sh.local}
    shared = subjects - local

    counts = state.get("subj", touched - local)
    counts = {s: {p: Counter(c) for p, c in po.items()} for s, po in counts.items()}
    for sh in old_shares:  # an article's own nodes: what its old share gave, and nothing else
        _count(counts, {s: po for s, po in sh.triples.items() if s in sh.local}, 1)
    old_counts = {s: {p: Counter(c) for p, c in po.items()} for s, po in counts.items()}
    for sh in old_shares:
        _count(counts, sh.triples, -1)
    for sh in new_shares:
        _count(counts, sh.triples, 1)

    heads = state.get("head", gids)
    old_entities = {g: _head_entity(g, h) for g, h in heads.items()}
    for sh in old_shares:
        for g, mine in sh.parts.items():
            _add_head(heads, g, mine, -1)
    for sh in new_shares:
        for g, mine in sh.parts.items():
            _add_head(heads, g, mine, 1)
    new_entities = {g: e for g, h in heads.items() if (e := _head_entity(g, h)) is not None}
    old_entities = {g: e for g, e in old_entities.items() if e is not None}

    titles = state.get("role", role_iris)
    titles = {r: Counter(c) for r, c in titles.items()}
    old_titles = {r: Counter(c) for r, c in titles.items()}
    for sh in old_shares:
        for r, ts in sh.titles.items():
            titles.setdefault(r, Counter()).subtract(ts)
    for sh in new_shares:
        for r, ts in sh.titles.items():
            titles.setdefault(r, Counter()).update(ts)

    def final(counted, entities, role_titles) -> Table:
        t = Table()
        for s in touched:
            po = {}
            for p, c in counted.get(s, {}).items():
                objs = [o for o, n in c.items() if n > 0]
                if objs:
                    po[p] = objs
            g = entity_iris.get(s)
            if g is not None and g in entities:
                for p, objs in entity_head(entities[g]).items():
                    po.setdefault(p, []).extend(o for o in objs if o not in po.get(p, ()))
            if s in role_titles:
                live = {t for t, n in role_titles[s].items() if n > 0}
                if live:
                    for p, objs in role_labels(live).items():
                        po.setdefault(p, []).extend(objs)
            if po:
                t.add_node(s, po)
        return with_standard_types(t)

    before = final(old_counts, old_entities, old_titles)
    after = final(counts, new_entities, titles)
    if "graphml" in formats:  # GraphML labels posts by the role's preferred title: one change moves many edges
        for r in role_iris:
            was, now = _best(old_titles.get(r)), _best(titles.get(r))
            if was is not None and now is not None and was != now:
                raise Fallback(f"role {r!r} changes its preferred title")

    # the classes of the objects of touched subjects, for SHACL and the GraphML view
    objects = {o for t in (before, after) for po in t.spo.values() for objs in po.values()
               for o in objs if type(o) is str} - touched
    object_types = _types_of(state, objects)

    report = _validate(after, touched, object_types)
    outputs = []
    summary = _summary(state.meta("summary"), before, after, old_entities, new_entities, facts, len(articles),
                       report.conforms)
    ttl = out_dir / "graph.ttl"
    records = out_dir / "resolution.jsonl"
    graphml = out_dir / "graph.graphml"
    edge_rows = role_rows = None
    if "graphml" in formats:
        edge_rows, role_rows, view_change = _graphml_delta(state, before, after, object_types, old_titles, titles, touched)
    # the state says the outputs are being patched: a build killed before the end leaves
    # outputs that no longer match it, and the next build is full
    state.set_meta("clean", False)
    for fmt in formats:
        if fmt == "ttl":
            splice.turtle(ttl, after, touched)
            outputs.append(ttl)
        elif fmt == "graphml":
            splice.graphml(graphml, *view_change)
            outputs.append(graphml)
    splice.records(records, _record_lines(records, gids, new_entities, {ex.article.id for ex in olds}, news, new_shares, manifest))
    outputs.append(records)

    state.begin()
    state.put("subj", ((s, {p: {o: n for o, n in c.items() if n > 0} for p, c in counts.get(s, {}).items()
                            if any(n > 0 for n in c.values())}) for s in shared))
    state.put("head", ((g, heads.get(g) if g in new_entities else None) for g in gids))
    state.put("role", ((r, {t: n for t, n in titles.get(r, {}).items() if n > 0}) for r in role_iris))
    if edge_rows is not None:
        state.put("edge", ((_edge_key(e), n) for e, n in edge_rows.items()))
        state.put("roles", role_rows.items())
    state.set_meta("manifest", manifest)
    state.set_meta("dates", new_dates)
    state.set_meta("facts", facts)
    state.set_meta("summary", summary)
    state.set_meta("outputs", _stats(outputs))
    state.set_meta("clean", not report.results)
    state.commit()
    return Patched(summary, report, outputs)


def _empty_report():
    """The report of a graph the last build validated, unchanged since (no results: a
    state with results is not patched), made without reading the shapes again."""
    from kg.validate.shacl import fast_report
    return fast_report([])


def _best(titles) -> str | None:
    live = {t for t, n in (titles or {}).items() if n > 0}
    return preferred_title(live) if live else None


def _add_head(heads: dict[str, list], gid: str, parts: list, sign: int) -> None:
    """Count an article's parts of entity `gid` in (or, sign -1, out of) its head:
    [type, join key, name -> [mentions, parts], alias -> parts]."""
    names, aliases = head_counts(parts)
    head = heads.get(gid)
    if head is None:
        _, first = parts[0]
        head = heads[gid] = [first.type, parts[-1][0], {}, {}]
    for name, (n, k) in names.items():
        found = head[2].setdefault(name, [0, 0])
        found[0] += sign * n
        found[1] += sign * k
        if found[1] <= 0:
            del head[2][name]
    for alias, k in aliases.items():
        left = head[3].get(alias, 0) + sign * k
        if left > 0:
            head[3][alias] = left
        else:
            head[3].pop(alias, None)


def _head_entity(gid: str, head: list) -> Entity | None:
    """The entity as kg.resolve names it, from its head's counts (without its mentions,
    which only resolution.jsonl lists: see _record_lines); None where no article names it."""
    type_, key, names, aliases = head
    if not names:
        return None
    ent = Entity(gid, type_, "", aliases=set(aliases), attrs={"key": key})
    name_entity(ent, {name: n for name, (n, _) in names.items()})
    return ent


def _record_lines(path: Path, gids: set[str], entities: dict[str, Entity], gone: set[str],
                  news: list[Extraction], new_shares: list, manifest: list) -> dict[str, str | None]:
    """The resolution.jsonl lines of the touched entities: each old line's forms but those of
    the articles gone or changed, with the new articles' forms, in the records' order (by
    article first: the old and the new forms come from other articles, and each side is in
    order already). The old forms are kept as the text they are, cut out of the line."""
    from kg.export import splice
    from kg.resolve.records import form_text, join_reason, line_text

    iris = {iri.entity_text(g): g for g in gids}
    old = splice.record_lines(path, [i for i, g in iris.items() if g in entities])
    order = {aid: n for n, (aid, _) in enumerate(manifest)}
    added: dict[str, list] = {}
    for ex, sh in sorted(zip(news, new_shares), key=lambda pair: order[pair[0].article.id]):
        for g, parts in sh.parts.items():
            added.setdefault(g, []).extend((a, m) for _, e in parts for a, m in e.mentions)
    lines: dict[str, str | None] = {}
    for i, g in iris.items():
        ent = entities.get(g)
        if ent is None:
            lines[i] = None
            continue
        kept = [f for f in _forms(old[i]) if f[0] not in gone] if i in old else []
        mentions = added.get(g, [])
        # as kg.resolve.records._line sorts them: article, place, form, rule, then mention order
        ordered = sorted((a, m.start, m.end, m.surface, m.rule, n, m) for n, (a, m) in enumerate(mentions))
        new = [(a, form_text(a, start, end, surface, rule, m.sentence, join_reason(m)))
               for a, start, end, surface, rule, _, m in ordered]
        forms = list(heapq.merge(kept, new, key=_FIRST_ITEM))
        articles = sorted({a for a, _ in forms})
        lines[i] = line_text(ent, i, articles, [text for _, text in forms])
    return lines


_FORMS, _IRI_AFTER, _NEXT_FORM = ', "forms": [', '], "iri": ', ', {"article": '


def _forms(line: str) -> list[tuple[str, str]]:
    """(article, text) of each form of a resolution.jsonl line, cut out of its text: the
    keys are written in order and a string's quotes are escaped, so ', "forms": [' opens
    the forms, '], "iri": ' closes them and ', {"article": ' starts each one after the first."""
    body = line.split(_FORMS, 1)[1].rsplit(_IRI_AFTER, 1)[0]
    if not body:
        return []
    pieces = body.split(_NEXT_FORM)
    texts = [pieces[0]] + ['{"article": ' + p for p in pieces[1:]]
    start = len('{"article": ') + 1
    return [(json.decoder.scanstring(t, start)[0], t) for t in texts]


_FIRST_ITEM = itemgetter(0)


def _types_of(state: BuildState, nodes: set[str]) -> dict[str, list[str]]:
    """Each node's rdf:type objects in the graph: as recorded for the subjects articles share,
    by the form of their IRI (kg.map.iri) for entities (the folder of their id), and for the
    sentences, figures and articles of other articles, which the state does not keep (a
    statement's sources may be another article's sentences)."""
    rows = state.get("subj", nodes)
    found = {}
    for n in nodes:
        types = [o for o, c in rows.get(n, {}).get(TYPE, {}).items() if c > 0]
        if not types:
            types = [cls for prefix, cls in _CLASS_OF_PREFIX if n.startswith(prefix)]
            if n.startswith(_ARTICLE_BASE) and "/" in n[len(_ARTICLE_BASE):]:
                types = [_SENTENCE] if _SENTENCE_TAIL.fullmatch(n[len(_ARTICLE_BASE):]) else []
        if types:
            found[n] = types
    return found


_ENTITY_BASE = iri.entity_text("x/x")[:-len("x/x")]
_ARTICLE_BASE = iri.article_text("x").rsplit("/", 1)[0] + "/"
_SENTENCE, _FIGURE_CLASS, _ARTICLE_CLASS = str(SENTENCE), str(FIGURE), str(ARTICLE)
_SENTENCE_TAIL = re.compile(r"[^/]+/s[0-9]+")
_CLASS_OF_PREFIX = [*((_ENTITY_BASE + folder, cls) for folder, cls in _CLASS_OF_FOLDER.items()),
                    (iri.figure_text("x", 0, "", "x", 0).rsplit("/", 1)[0] + "/", _FIGURE_CLASS),
                    (_ARTICLE_BASE, _ARTICLE_CLASS)]


def _validate(after: Table, touched: set[str], object_types: dict[str, list[str]]):
    """SHACL over the touched subjects, as kg.validate.shacl.validate_fast reports it: each
    one's triples and the classes of its objects are what kg's shapes look at (sh:class of
    values, counts, datatypes and patterns). The objects' own results are not asked for."""
    from rdflib.namespace import SH

    from kg.validate import shacl
    from kg.validate.fast import Index, Validator
    from kg.validate.shapes import Unsupported, read_shapes

    try:
        shapes = read_shapes(shacl._shapes(), plain=True)
    except Unsupported:
        raise Fallback("the shapes need pySHACL") from None
    if any(shape.targets[SH.targetObjectsOf] for shape in shapes):
        raise Fallback("shapes that target the objects of a property, which other subjects give")
    targets = {p for shape in shapes for p in shape.targets[SH.targetSubjectsOf]}
    t = Table()
    for o, types in object_types.items():
        t.add_node(o, {TYPE: list(types)})
    for s, po in after.spo.items():
        t.add_node(s, {p: list(objs) for p, objs in po.items()})
    t = with_standard_types(t)
    found = Validator(Index(t, shacl._ontology_table(), targets)).run(shapes)
    return shacl.fast_report([r for r in found if r[0] in touched])


def _summary(old: dict, before: Table, after: Table, old_entities: dict, new_entities: dict,
             facts: dict, n: int, conforms: bool) -> dict:
    types = Counter(old["entities"])
    types.subtract(e.type for e in old_entities.values())
    types.update(e.type for e in new_entities.values())
    posts, relations, events, figures = (sum(f[i] for f in facts.values()) for i in range(4))
    return {"articles": n, "entities": {t: c for t, c in sorted(types.items()) if c > 0},
            "posts": posts, "relations": relations, "events": events, "figures": figures,
            "triples": old["triples"] - len(before) + len(after), "conforms": conforms}


def _graphml_delta(state: BuildState, before: Table, after: Table, object_types: dict, old_titles, titles,
                   touched: set[str]):
    """What changes in the GraphML view: edge -> its new count (of the subjects that give it),
    person -> roles counted, node id -> (label, type, roles text or None), or None for a node
    that goes."""
    g = _graphml()

    def spo_of(t: Table) -> dict:
        spo = {o: {TYPE: list(ts)} for o, ts in object_types.items()}
        spo.update(t.spo)
        return spo

    def title_map(counted) -> dict[str, str]:
        return {r: b for r in counted if (b := _best(counted[r])) is not None}

    old_view = _View(spo_of(before), title_map(old_titles))
    new_view = _View(spo_of(after), title_map(titles))
    edges: Counter = Counter()
    person: dict[str, Counter] = {}
    for s in before.spo:
        old_view.add(s, edges, person, -1)
    for s in after.spo:
        new_view.add(s, edges, person, 1)
    edge_keys = [e for e, n in edges.items() if n]
    stored = state.get("edge", [_edge_key(e) for e in edge_keys])
    edge_rows = {e: stored.get(_edge_key(e), 0) + edges[e] for e in edge_keys}
    changed = {e: n > 0 for e, n in edge_rows.items() if (n > 0) != (stored.get(_edge_key(e), 0) > 0)}
    node_ids = [s for s in touched if old_view.node_class(s) or (s in after.spo and new_view.node_class(s))]
    roles_now = state.get("roles", node_ids)
    role_rows = {}
    for p, c in person.items():
        merged = Counter(roles_now.get(p, {}))
        merged.update(c)
        role_rows[p] = roles_now[p] = {t: k for t, k in merged.items() if k > 0}
    nodes: dict[str, tuple | None] = {}
    for s in node_ids:
        cls = new_view.node_class(s) if s in after.spo else None
        if cls is None:
            nodes[s] = None
            continue
        live = sorted(roles_now.get(s) or ())
        nodes[s] = (g.node_label(s, after.spo[s].get(g._NAME, ())), g._local(cls), "; ".join(live) if live else None)
    return edge_rows, role_rows, (nodes, changed)


def _graphml():
    from kg.export import graphml
    return graphml
