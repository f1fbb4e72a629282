"""Extract: one article in, the entities it names and the facts it states out.

Stages inside: sentences and tokens -> mentions (documents, organizations, persons,
places) -> coreference within the article -> facts (posts, relations, figures, events).
"""
from __future__ import annotations

import gc
import re
from operator import attrgetter

from kg.extract import coref
from kg.extract.credits import find_credits
from kg.extract.dates import context_year
from kg.extract.facts import document_facts, events, figures, org_relations, sentence_relations
from kg.extract.features import first_digit, sentence_tokens
from kg.extract.index import _trie, forget_memos, holds_any, lex_index, media_pattern, per_lexicon
from kg.extract.lexicon import lexicon
from kg.extract.mentions import _overlaps, sentence_mentions
from kg.extract.posts import SentenceView, find_posts
from kg.extract.tokens import split_sentences
from kg.model import ORGANIZATION, PERSON, PLACE, Article, Extraction, Mention, Post, Source
from kg.normalize.text import fold_tones, name_key

__all__ = ["extract"]


def extract(article: Article) -> Extraction:
    # No cyclic garbage collection inside: an article makes thousands of short-lived objects
    # (a token a word, tuples, memos), none of them in a cycle (gc.collect() after extracting
    # the dev, NER and generated corpora with the collector off finds nothing), so each
    # collection the allocations set off scanned them for nothing (2.5 % of the instructions
    # in the workers, which run with the collector on). Refcounts free all of it, as before.
    if not gc.isenabled():
        return _extract(article)
    gc.disable()
    try:
        return _extract(article)
    finally:
        gc.enable()


def _extract(article: Article) -> Extraction:
    lex = lexicon()
    forget_memos()  # the last article's token lists: none is asked about again
    text = article.full_text
    sentences = split_sentences(text)
    toks = [sentence_tokens(s.text, s.start, lex) for s in sentences]  # tokenize's, their bits kept
    mentions, docs = [], []
    for sent, tk in zip(sentences, toks):
        ms, ds = sentence_mentions(text, sent, tk, lex)
        mentions += ms
        docs.append(ds)
    mentions = _with_credits(mentions, find_credits(text, sentences, toks, lex))
    publisher = _publisher(article, lex)
    homes = coref.home_places(mentions)
    mentions = coref.settle_places(mentions, homes)
    mentions = coref.join_bare(mentions, homes, text)
    mentions = coref.join_aliases(mentions, text)
    mentions = coref.join_given_names(mentions, toks, text)
    mentions = coref.settle_acronyms(mentions)
    mentions += _repeat_acronyms(mentions, toks)
    _fix_sentences(mentions, sentences)
    mentions += _implied_places(mentions, lex)
    if publisher is not None:
        mentions.append(publisher)
    entities = coref.build_entities(article.id, mentions, lex)
    kept = {e.id for e in entities}
    mentions = [m for m in mentions if m.key in kept]
    out = Extraction(article, sentences, entities, publisher=publisher.key if publisher else None)
    _facts(out, text, sentences, toks, mentions, docs, lex)
    return out


def _facts(out: Extraction, text: str, sentences, toks, mentions: list[Mention], docs, lex) -> None:
    article = out.article
    year = context_year(article.published, text)
    by_sentence: dict[int, list[Mention]] = {}
    for m in mentions:
        by_sentence.setdefault(m.sentence, []).append(m)
    place_keys = {name_key(m.name): m.key for m in mentions if m.type == PLACE}
    org_keys = {}
    for e in out.entities:
        if e.type == ORGANIZATION:
            org_keys[e.id] = e.id
            for n in {e.name, *e.aliases}:
                org_keys.setdefault(name_key(n), e.id)
    # each form of a lexicon body the article names, by its entity: a form keys one body only, so
    # the order the forms come in makes no difference (and no name key holds the ':' of 'org:')
    body_forms = lex_index(lex).body_forms
    for e in out.entities:
        if e.type == ORGANIZATION:
            for k in body_forms.get(e.id, ()):
                org_keys.setdefault(k, e.id)
    out.relations += org_relations(article.id, mentions, place_keys, lex)
    focus = None
    referent = None  # the first person of the last sentence that named one: who a bare 'ông' stands for
    lows = []  # each sentence lowercased once: the relations, the events and their continuations read it
    for sent, tk, ds in zip(sentences, toks, docs):
        # by start, the longest first: by (start, -end) as two stable sorts in C (by the end,
        # descending, then by the start), without a Python key function called per mention
        ms = sorted(by_sentence.get(sent.index, ()), key=_END, reverse=True)
        ms.sort(key=_START)
        low = sent.text.lower()
        lows.append(low)
        if ds:  # a sentence without documents states no fact about one
            kept = {m.key for m in ms}
            orgs_by_start = {m.start: m for m in ms if m.type == ORGANIZATION and m.end > m.start}
            rels, attrs = document_facts(article.id, text, [d for d in ds if d.mention.key in kept],
                                         orgs_by_start, article.published, year, lex, org_keys)
            out.relations += rels
            out.attributes += attrs
        rels, attrs = sentence_relations(article.id, sent.text, sent.start, sent.index, ms, article.published, year,
                                         low)
        out.relations += rels
        out.attributes += attrs
        first_org = next((m for m in ms if m.type == ORGANIZATION and m.end > m.start), None)
        view = SentenceView(tk, ms, ordered=True)  # ms: by start, the longest first
        this_focus = first_org.key if first_org is not None else focus
        for p in find_posts(view, text, lex, org_keys, this_focus, focus, referent, low):
            out.posts.append(Post(p.person, p.role, p.org, p.former, Source(article.id, sent.index, p.rule)))
        named = [m for m in ms if m.type == PERSON and m.attrs.get("tokens", 1) >= 2]
        if named:
            referent = named[0].key
        digit = first_digit(tk, lex)  # where the patterns that open on a digit start
        digit_from = digit - sent.start if digit is not None else None
        if ms:  # a figure is a mention's (figures._figure_subject): a sentence without one has none
            out.figures += figures(article.id, sent.text, sent.start, sent.index, ms, ds, digit_from)
        out.events += events(article.id, sent.text, sent.start, sent.index, ms, article.published, year, lex, low,
                             digit_from)
        if first_org is not None:
            focus = first_org.key
    _continue_events(out, sentences, by_sentence, lex, lows)


def _continue_events(out: Extraction, sentences, by_sentence, lex, lows: list[str]) -> None:
    """Join what later sentences add to an event ('Tham dự buổi lễ có ...'), and date a lead's
    event by the day the next sentences give ('... đề nghị kỷ luật ông X. Ngày 14/5, ...')."""
    by_sent: dict[int, list] = {}
    for ev in out.events:
        by_sent.setdefault(ev.source.sentence, []).append(ev)
    last_dated = None
    for sent in sentences:
        evs = by_sent.get(sent.index, [])
        dated = [e for e in evs if e.date and len(e.date) == 10]
        if dated:
            last_dated = dated[0]
        elif last_dated is not None:
            low = lows[sent.index]  # sentences are numbered in order from 0
            if holds_any(low, lex.continuations):
                people = {m.key for m in by_sentence.get(sent.index, []) if m.type in (PERSON, ORGANIZATION)}
                last_dated.participants = sorted(set(last_dated.participants) | people)
    for ev in out.events:
        if ev.date is None and ev.source.sentence <= 3:
            later = [e for e in out.events if e.date and len(e.date) == 10 and
                     0 < e.source.sentence - ev.source.sentence <= 2]
            if later:
                ev.date = later[0].date


def _with_credits(mentions: list[Mention], credits: list[Mention]) -> list[Mention]:
    """A byline's or a photo credit's name is a person's, whatever else its words could be
    ('Thái Bình' the province): it replaces the places and persons read over the same words.
    An outlet the report cites replaces a bare capitalized run read over it ('TTXVN/Vietnam'
    as one acronym, where the cue says '(TTXVN/Vietnam+)' names two outlets; the country in
    'Vietnam+')."""
    spans = [(c.start, c.end) for c in credits if c.type == PERSON]
    outlets = [(c.start, c.end) for c in credits if c.type == ORGANIZATION]
    kept = [m for m in mentions
            if not ((m.type in (PERSON, PLACE) and _overlaps(m, spans))
                    or ((m.rule == "org:acronym" or m.type == PLACE) and _overlaps(m, outlets)))]
    taken = [(m.start, m.end) for m in kept if m.end > m.start]
    return kept + [c for c in credits if c.type == PERSON or not _overlaps(c, taken)]


def _repeat_acronyms(mentions: list[Mention], toks) -> list[Mention]:
    """'Oceanbank' after 'OceanBank': a word spelled as an organization the article names, in any case."""
    # by the words' keys, without the 'org:' every entity key starts with: no key to build per token
    known = {name_key(m.surface): m for m in mentions if m.type == ORGANIZATION and m.rule == "org:acronym"}
    if not known:
        return []
    taken = [(m.start, m.end) for m in mentions if m.end > m.start]
    out = []
    for sent_toks in toks:
        for t in sent_toks:
            if t.is_word and t.key in known and not any(s <= t.start < e for s, e in taken):
                src = known[t.key]
                out.append(Mention(ORGANIZATION, src.name, t.text, t.start, t.end, -1, "org:acronym-repeat", key=src.key))
    return out


def _fix_sentences(mentions: list[Mention], sentences) -> None:
    starts = [s.start for s in sentences]
    for m in mentions:
        if m.sentence < 0:
            m.sentence = max(i for i, s in enumerate(starts) if s <= m.start)


def _implied_places(mentions: list[Mention], lex) -> list[Mention]:
    """A body's place that the text wrote only inside the body's name is still a place of the article."""
    have = {name_key(m.name) for m in mentions if m.type == PLACE}
    out = []
    for m in mentions:
        place = m.attrs.get("place", "") if m.type == ORGANIZATION else ""
        if place and not place.startswith("@") and name_key(place) not in have:
            have.add(name_key(place))
            entry = lex.places.get(name_key(place))
            out.append(Mention(PLACE, place, "", m.start, m.start, m.sentence, "place:in-org-name",
                               key="place:" + " ".join(fold_tones(place).casefold().split()),
                               attrs={"kind": entry.kind if entry else "", "known": bool(entry)}))
    return out


def _publisher(article: Article, lex) -> Mention | None:
    """The outlet the text names as its source (VOV.VN - ..., PV/VOV-Miền Trung), or its URL's."""
    lines = [ln for ln in article.text.split("\n") if ln.strip()]
    edges = lines[:2] + lines[-2:]
    # a form in some line of the edges is in them joined (no form holds a line end): one scan
    # a form, rather than one a line; the pattern still reads each line
    edge_text = "\n".join(edges)
    media, any_form, dotted_forms, by_host = _media_table(lex)
    url = article.url.lower() if article.url else None
    if any_form.search(edge_text) is not None:  # one scan of the edges for every form
        for name, forms in media:
            for form, dotted in forms:
                if form in edge_text and any(form in line and media_pattern(form).search(line) for line in edges):
                    return _media_mention(name)
                if url and dotted is not None and dotted in url:
                    return _media_mention(name)
    elif url:  # no form in the edges: only a form with a '.' in the URL, in the same order
        for name, dotted in dotted_forms:
            if dotted in url:
                return _media_mention(name)
    if article.url:
        host = _SCHEME.sub("", article.url).split("/")[0].lower()
        name = by_host.get(host.split(".")[0])
        if name is not None:
            return _media_mention(name)
    return None


_START, _END = attrgetter("start"), attrgetter("end")
_SCHEME = re.compile(r"^https?://(www\.)?")


def _media_forms(lex) -> tuple[tuple, re.Pattern, tuple, dict[str, str]]:
    """What _publisher reads for every article, made once per lexicon: each outlet in name order
    with its forms (its name, its aliases), each with its lowercase if it holds a '.' (as a
    URL may hold it); a pattern finding any form; the outlets and those lowercase forms alone,
    in the same order; and the first outlet, in that order, with a form that is a host's first
    label once its key's spaces are dropped."""
    media = lex_index(lex).media_forms
    table = tuple((name, tuple((f, f.lower() if "." in f else None) for f in forms)) for name, forms in media)
    dotted = tuple((name, low) for name, forms in table for _, low in forms if low is not None)
    by_host: dict[str, str] = {}
    for name, forms in media:
        for f in forms:
            by_host.setdefault(name_key(f).replace(" ", ""), name)
    return table, re.compile(_trie([f for _, forms in media for f in forms])), dotted, by_host


_media_table = per_lexicon(_media_forms)


def _media_mention(name: str) -> Mention:
    return Mention(ORGANIZATION, name, "", 0, 0, 0, "org:publisher", key="org:" + name_key(name),
                   attrs={"body": True})
