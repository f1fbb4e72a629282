"""Reading a curation file: YAML in, a checked list of rules out.

Every problem is a CurationError naming the file, the rule (1-based, with its action) and
the field, so a user can find it; nothing is applied from a file that has one.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from kg.errors import KgError
from kg.model import ENTITY_TYPES

__all__ = ["CurationError", "Ref", "Part", "Rule", "Curation", "load_curation", "ACTIONS"]

# action -> (required fields, optional fields), besides the action key itself and 'note'
ACTIONS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "merge": ((), ("into",)),
    "split": (("parts",), ()),
    "rename": (("name",), ()),
    "retype": (("type",), ()),
    "drop": ((), ()),
    "drop-fact": ((), ()),
    "alias": (("names",), ()),
}


class CurationError(KgError):
    """A curation file cannot be read, or (with --strict-curation) a rule matched nothing."""


@dataclass(frozen=True)
class Ref:
    """An entity as a curation rule names it: by id/IRI, or by type and canonical name."""

    id: str = ""
    type: str = ""
    name: str = ""

    def __str__(self) -> str:
        return self.id if self.id else f"{self.type} {self.name!r}"


@dataclass(frozen=True)
class Part:
    """One side of a split: its name, and the articles and/or surface forms that make it."""

    name: str
    articles: tuple[str, ...] = ()
    forms: tuple[str, ...] = ()


@dataclass(frozen=True)
class Rule:
    index: int  # 1-based position in the file
    action: str
    refs: tuple[Ref, ...] = ()  # the entities it acts on (merge: all of them, 'into' first)
    name: str = ""  # rename
    type: str = ""  # retype
    names: tuple[str, ...] = ()  # alias
    parts: tuple[Part, ...] = ()  # split
    facts: tuple[str, ...] = ()  # drop-fact: fact IRIs
    note: str = ""

    def describe(self) -> str:
        """One readable line: what the rule asks for."""
        what = {"merge": lambda: " + ".join(map(str, self.refs[1:])) + f" -> {self.refs[0]}" if len(self.refs) > 1
                else str(self.refs[0]),
                "split": lambda: f"{self.refs[0]} into " + ", ".join(repr(p.name) for p in self.parts),
                "rename": lambda: f"{self.refs[0]} -> {self.name!r}",
                "retype": lambda: f"{self.refs[0]} -> {self.type}",
                "drop": lambda: str(self.refs[0]),
                "drop-fact": lambda: ", ".join(self.facts),
                "alias": lambda: f"{self.refs[0]} + " + ", ".join(repr(n) for n in self.names)}[self.action]()
        return f"rule {self.index} ({self.action}): {what}"


@dataclass(frozen=True)
class Curation:
    path: Path
    digest: str  # sha1 of the file's bytes: names the file in the graph's provenance
    rules: tuple[Rule, ...] = field(default_factory=tuple)


def load_curation(path: Path) -> Curation:
    """Read and check a curation file; CurationError on any problem."""
    try:
        raw = path.read_bytes()
    except OSError as err:
        raise CurationError(f"{path}: cannot read curation file ({err.strerror or err})") from None
    try:
        doc = yaml.safe_load(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise CurationError(f"{path}: not UTF-8 text") from None
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(err, "problem", None) or str(err)
        raise CurationError(f"{path}: not valid YAML{where}: {problem}") from None
    if isinstance(doc, dict):
        unknown = sorted(set(doc) - {"version", "rules"})
        if unknown:
            raise CurationError(f"{path}: unknown top-level field {unknown[0]!r}; expected 'version' and 'rules'")
        if doc.get("version", 1) != 1:
            raise CurationError(f"{path}: unsupported version {doc['version']!r}; this kg reads version 1")
        entries = doc.get("rules")
    elif doc is None:
        raise CurationError(f"{path}: empty curation file; expected a 'rules:' list")
    else:
        entries = doc
    if not isinstance(entries, list):
        raise CurationError(f"{path}: 'rules' must be a list of rules")
    rules = tuple(_rule(path, i, e) for i, e in enumerate(entries, 1))
    return Curation(path, hashlib.sha1(raw).hexdigest(), rules)


def _rule(path: Path, index: int, entry: object) -> Rule:
    where = f"{path}: rule {index}"
    if not isinstance(entry, dict):
        raise CurationError(f"{where}: expected a mapping such as 'merge: [...]', got {type(entry).__name__}")
    actions = [k for k in entry if k in ACTIONS]
    if len(actions) != 1:
        unknown = [k for k in entry if k not in ACTIONS and k not in _ALL_FIELDS]
        if not actions and unknown:
            raise CurationError(f"{where}: unknown action {unknown[0]!r}; known: {', '.join(ACTIONS)}")
        raise CurationError(f"{where}: needs exactly one action ({', '.join(ACTIONS)}), found "
                            f"{', '.join(map(repr, actions)) or 'none'}")
    action = actions[0]
    where = f"{where} ({action})"
    required, optional = ACTIONS[action]
    for key in entry:
        if key not in (action, "note", *required, *optional):
            raise CurationError(f"{where}: unknown field {key!r}; allowed: "
                                f"{', '.join((action, *required, *optional, 'note'))}")
    for key in required:
        if entry.get(key) in (None, "", []):
            raise CurationError(f"{where}: missing field {key!r}")
    note = entry.get("note") or ""
    if not isinstance(note, str):
        raise CurationError(f"{where}: field 'note' must be text")
    value = entry[action]
    if action == "merge":
        if not isinstance(value, list) or not value:
            raise CurationError(f"{where}: field 'merge' must be a list of entities")
        refs = [_ref(where, "merge", v) for v in value]
        if "into" in entry:
            into = _ref(where, "into", entry["into"])
            refs = [into] + [r for r in refs if r != into]
        if len(refs) < 2:
            raise CurationError(f"{where}: field 'merge' needs at least two entities (or one and 'into')")
        return Rule(index, action, tuple(refs), note=note)
    if action == "drop-fact":
        facts = value if isinstance(value, list) else [value]
        if not facts or not all(isinstance(f, str) and f.startswith(("http://", "https://", "id:")) for f in facts):
            raise CurationError(f"{where}: field 'drop-fact' must be a fact IRI (or a list of them), "
                                f"as `kg explain` prints it")
        return Rule(index, action, facts=tuple(facts), note=note)
    ref = _ref(where, action, value)
    if action == "rename":
        return Rule(index, action, (ref,), name=_text(where, "name", entry["name"]), note=note)
    if action == "retype":
        typ = entry["type"]
        if typ not in ENTITY_TYPES:
            raise CurationError(f"{where}: field 'type' must be one of {', '.join(ENTITY_TYPES)}, got {typ!r}")
        return Rule(index, action, (ref,), type=typ, note=note)
    if action == "alias":
        names = entry["names"] if isinstance(entry["names"], list) else [entry["names"]]
        return Rule(index, action, (ref,), names=tuple(_text(where, "names", n) for n in names), note=note)
    if action == "split":
        parts = entry["parts"]
        if not isinstance(parts, list) or len(parts) < 1:
            raise CurationError(f"{where}: field 'parts' must be a list of parts")
        return Rule(index, action, (ref,), parts=tuple(_part(where, i, p) for i, p in enumerate(parts, 1)), note=note)
    return Rule(index, action, (ref,), note=note)  # drop


_ALL_FIELDS = {"note", "into", "parts", "name", "type", "names", "version"}


def _text(where: str, key: str, value: object) -> str:
    if not isinstance(value, str) or not value.strip():
        raise CurationError(f"{where}: field {key!r} must be non-empty text")
    return " ".join(value.split())


def _ref(where: str, key: str, value: object) -> Ref:
    """'organization/ban-...-1a2b3c4d', its full IRI or 'id:...', or {type: T, name: N}."""
    if isinstance(value, str) and value.strip():
        return Ref(id=value.strip())
    if isinstance(value, dict):
        extra = sorted(set(value) - {"type", "name"})
        if extra:
            raise CurationError(f"{where}: field {key!r}: unknown key {extra[0]!r}; an entity is "
                                f"an id/IRI or {{type: ..., name: ...}}")
        if value.get("type") not in ENTITY_TYPES:
            raise CurationError(f"{where}: field {key!r}: 'type' must be one of {', '.join(ENTITY_TYPES)}, "
                                f"got {value.get('type')!r}")
        return Ref(type=value["type"], name=_text(where, f"{key}.name", value.get("name")))
    raise CurationError(f"{where}: field {key!r} must name an entity: an id/IRI, or {{type: ..., name: ...}}")


def _part(where: str, index: int, value: object) -> Part:
    key = f"parts[{index}]"
    if not isinstance(value, dict):
        raise CurationError(f"{where}: field {key!r} must be a mapping with name, articles and/or forms")
    extra = sorted(set(value) - {"name", "articles", "forms"})
    if extra:
        raise CurationError(f"{where}: field {key!r}: unknown key {extra[0]!r}; allowed: name, articles, forms")
    name = _text(where, f"{key}.name", value.get("name"))
    lists = {}
    for k in ("articles", "forms"):
        v = value.get(k) or []
        v = v if isinstance(v, list) else [v]
        if not all(isinstance(x, str) and x.strip() for x in v):
            raise CurationError(f"{where}: field '{key}.{k}' must be a list of text")
        lists[k] = tuple(x.strip() for x in v)
    if not lists["articles"] and not lists["forms"]:
        raise CurationError(f"{where}: field {key!r} needs 'articles' or 'forms' to say what belongs to it")
    return Part(name, lists["articles"], lists["forms"])
