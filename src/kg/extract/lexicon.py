"""The language data of src/kg/data, read once and shaped for the extractors."""
from __future__ import annotations

import csv
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

import yaml

from kg.normalize.text import fold_tones, name_key, strip_diacritics


def _data(name: str) -> str:
    return resources.files("kg").joinpath("data", name).read_text(encoding="utf-8")


# libyaml's loader where PyYAML has it: the same data, six times quicker to read (the lexicon
# is read by every process that extracts, and an incremental build extracts one article)
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _yaml(name: str) -> dict:
    loader = _LOADER(_data(name))  # what yaml.safe_load does, with the C loader where there is one
    try:
        return loader.get_single_data()
    finally:
        loader.dispose()


@dataclass(frozen=True)
class PlaceEntry:
    name: str
    kind: str
    parent: str = ""


@dataclass(frozen=True)
class Head:
    head: str
    tail: str  # cap | name (a proper name: a school's, a firm's) | place | any | sub
    level: str = ""
    sub: bool = False
    topic: bool = False
    parent_place: str = ""
    # True: a one-word head also written in lowercase before the name (báo Lao Động); False: a
    # head never opens a name in lowercase ('trung tâm' is a common noun); None: heads of two
    # words or more with a proper name after them may (trường Tiểu học Hòa Bình)
    lower: bool | None = None
    not_after: tuple[str, ...] = ()  # words before the head that make it no name ('cơ quan Thường trực')
    descriptive: bool = False  # a department's name may end on lowercase words ('Cục Bảo vệ thực vật')
    members: bool = False  # 'Hiệp hội các nhà đầu tư tài chính Việt Nam': 'các' and its members, up to a place
    common: bool = False  # with a bare place alone, a common noun phrase ('Cảnh sát Thái Lan' = the Thai police)
    cased: bool = False  # its capitals as written: 'Ban Tổ chức' (the Party's), not 'Ban tổ chức' (an event's organizers)
    verb: bool = False  # also a verb ('Tổ chức Hội nghị'): opening a sentence, a name only before its acronym
    agency: bool = False  # an agency of the named body after it, its parent ('Cơ quan CSĐT Bộ Công an')


@dataclass(eq=False)  # one lexicon is one object: equal and hashed by identity (index.py keys on it)
class Lexicon:
    places: dict[str, PlaceEntry] = field(default_factory=dict)  # name key -> entry
    bodies: dict[str, str] = field(default_factory=dict)  # name key -> canonical name
    bodies_loose: dict[str, str] = field(default_factory=dict)  # diacritics-free key -> name key
    body_parent: dict[str, str] = field(default_factory=dict)  # canonical -> parent canonical
    body_aliases: dict[str, list[str]] = field(default_factory=dict)  # canonical -> aliases as written
    media: set[str] = field(default_factory=set)
    heads: list[Head] = field(default_factory=list)
    abbreviations: dict[str, str] = field(default_factory=dict)
    ministry_short: dict[str, str] = field(default_factory=dict)
    generic_orgs: set[str] = field(default_factory=set)
    titles: list[str] = field(default_factory=list)
    ranks: set[str] = field(default_factory=set)
    surnames: set[str] = field(default_factory=set)
    doc_types: list[str] = field(default_factory=list)
    doc_issuers: dict[str, str] = field(default_factory=dict)
    named_laws: list[str] = field(default_factory=list)
    events: dict[str, list[str]] = field(default_factory=dict)
    continuations: list[str] = field(default_factory=list)
    words: dict = field(default_factory=dict)  # words.yaml; its lists as ordered dicts without values
    compounds: set[tuple[str, str]] = field(default_factory=set)  # (Tài, chính): a name may end on 'chính'
    word_pairs: set[tuple[str, str]] = field(default_factory=set)  # two-syllable words of the dictionary
    exact_case: dict[str, set[str]] = field(default_factory=dict)  # canonical -> the only written forms
    english: frozenset[str] = frozenset()  # common English words that are no person's name


def _read_tsv(name: str) -> list[dict]:
    rows = csv.DictReader(_data(name).splitlines(), delimiter="\t")
    return [r for r in rows if r.get("name") and not r["name"].startswith("#")]


def _load_places(lex: Lexicon) -> None:
    for file in ("places.tsv", "countries.tsv", "districts.tsv", "world.tsv"):  # earlier files win a shared name
        for row in _read_tsv(file):
            entry = PlaceEntry(fold_tones(row["name"].strip()), row["kind"].strip(), (row.get("parent") or "").strip())
            for form in [row["name"], *(row.get("aliases") or "").split("|")]:
                if form.strip():
                    lex.places.setdefault(name_key(form), entry)


def _load_orgs(lex: Lexicon) -> None:
    orgs = _yaml("orgs.yaml")
    # orgs.yaml's bodies win a form that known_orgs.yaml also lists
    for body in [*orgs["bodies"], *_yaml("known_orgs.yaml")["bodies"]]:
        name = body["name"]
        if name in lex.body_aliases:
            raise ValueError(f"organization {name!r} is listed twice in the data")
        for form in [name, *body.get("aliases", [])]:
            lex.bodies.setdefault(name_key(form), name)
        lex.body_aliases[name] = list(body.get("aliases", []))
        if body.get("exact_case"):
            lex.exact_case[name] = {f[:1].lower() + f[1:] for f in (name, *body.get("aliases", []))}
        if body.get("parent"):
            lex.body_parent[name] = body["parent"]
        if body.get("media"):
            lex.media.add(name)
    for key in list(lex.bodies):
        if len(key.split()) >= 3:
            lex.bodies_loose.setdefault(strip_diacritics(key), key)
    lex.heads = sorted((Head(**{**h, "not_after": tuple(h.get("not_after", ()))}) for h in orgs["heads"]),
                       key=lambda h: -len(h.head))
    lex.abbreviations = orgs["abbreviations"]
    lex.ministry_short = orgs["ministry_short"]
    for full in lex.ministry_short.values():  # a ministry's full name is a body however it is cased
        lex.bodies.setdefault(name_key(full), full)
        lex.body_aliases.setdefault(full, [])
    lex.generic_orgs = {name_key(g) for g in orgs["generic"]}


def _load_titles(lex: Lexicon) -> None:
    for line in _data("titles.txt").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("rank:"):
            rank = line[5:].strip()
            lex.ranks.add(rank)
            lex.titles.append(rank)
        else:
            lex.titles.append(line)
    lex.titles.sort(key=lambda t: -len(t))


@cache
def lexicon() -> Lexicon:
    lex = Lexicon()
    _load_places(lex)
    _load_orgs(lex)
    _load_titles(lex)
    lex.surnames = {s.strip() for s in _data("surnames.txt").splitlines() if s.strip() and not s.startswith("#")}
    docs = _yaml("documents.yaml")
    lex.doc_types = sorted(docs["types"], key=lambda t: -len(t))
    lex.doc_issuers = docs["issuers"]
    lex.named_laws = sorted(docs["named_laws"], key=lambda t: -len(t))
    lex.events = _yaml("events.yaml")
    lex.continuations = lex.events.pop("continuations", [])
    lex.words = {k: _word_list(v) for k, v in _yaml("words.yaml").items()}
    lex.compounds = _compounds(lex)
    lex.english = frozenset(line for line in _data("english_words.txt").splitlines() if line and not line.startswith("#"))
    lex.word_pairs = {tuple(name_key(w) for w in line.split()) for line in _data("compounds.txt").splitlines()
                      if line and not line.startswith("#")}
    return lex


def _word_list(value):
    """A list of words.yaml as a dict without values: in the file's order when read through,
    and a membership test (the extractors make several per token) is a hash lookup instead of
    a scan. A list holding anything but strings stays a list (its tests compare by ==)."""
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return dict.fromkeys(value)
    return value


def _compounds(lex: Lexicon) -> set[tuple[str, str]]:
    """Each capitalized syllable followed by a lowercase one in the names the data knows."""
    names = [*lex.words["name_compounds"], *lex.bodies.values(), *lex.ministry_short, *lex.titles,
             *(h.head for h in lex.heads)]
    for aliases in lex.body_aliases.values():
        names += aliases
    pairs = set()
    for name in names:
        words = name.split()
        for a, b in zip(words, words[1:]):
            if a[:1].isupper() and b[:1].islower():
                pairs.add((name_key(a), name_key(b)))
    return pairs
