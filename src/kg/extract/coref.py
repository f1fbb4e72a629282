"""Within one article: settle 'Tỉnh ủy' to the article's own province, join a bare head
('Ban chỉ đạo') to the body the article names in full, a given name ('ông Sơn') to the
full name, and gather mentions into entities."""
from __future__ import annotations

import re
from collections import Counter
from operator import attrgetter

from kg.extract.index import in_spans, lex_index, merged_spans
from kg.extract.lexicon import Lexicon
from kg.model import LEGISLATION, ORGANIZATION, PERSON, PLACE, Entity, Mention
from kg.normalize.text import fold_tones, name_key, strip_diacritics


_START, _END = attrgetter("start"), attrgetter("end")


def home_places(mentions: list[Mention]) -> dict[str, str]:
    """The article's own province, city and district: the most named of each kind."""
    counts: dict[str, Counter] = {"province": Counter(), "city": Counter(), "district": Counter()}
    first: dict[str, int] = {}
    for m in mentions:
        if m.type == PLACE and m.attrs.get("kind") in ("province", "city", "district", "town"):
            kind = {"town": "district"}.get(m.attrs["kind"], m.attrs["kind"])
            counts[kind][m.name] += 1
            first.setdefault(m.name, m.start)
            if kind == "city" and m.attrs.get("known"):
                counts["province"][m.name] += 1
        elif m.type == ORGANIZATION and m.attrs.get("place") and not m.attrs["place"].startswith("@"):
            place = m.attrs["place"]
            first.setdefault(place, m.start)
            base = name_key(m.attrs.get("base", ""))
            kind = "district" if base.startswith(("huyện", "quận", "thị")) else "province"
            counts[kind][place] += 1
    out = {}
    for kind, c in counts.items():
        if c:
            out[kind] = sorted(c.items(), key=lambda kv: (-kv[1], first[kv[0]]))[0][0]
    if "province" in out:
        out.setdefault("city", out["province"])
    return out


def settle_places(mentions: list[Mention], homes: dict[str, str]) -> list[Mention]:
    """Replace '@province' placeholders; drop what cannot be settled."""
    out = []
    for m in mentions:
        if m.type != ORGANIZATION:
            out.append(m)
            continue
        ok = True
        for field in ("place", "parent_place"):
            val = m.attrs.get(field, "")
            if val.startswith("@"):
                home = homes.get(val[1:]) or (homes.get("province") if val == "@city" else None)
                if not home:
                    ok = False
                    break
                m.attrs[field] = home
                m.attrs.setdefault("joined", "context place")  # why 'Tỉnh ủy' became this body
                m.key = m.key.replace(val, name_key(home))
                m.attrs["parent"] = m.attrs.get("parent", "").replace(val, name_key(home))
                if field == "place":
                    m.name = f"{m.name} {home}" if not m.attrs.get("parent_name") else m.name.replace(
                        m.attrs["parent_name"], "").strip() + f" {home} {m.attrs['parent_name']}".rstrip()
                else:
                    m.name = f"{m.name} {home}"
                    m.attrs["parent_name"] = f"{m.attrs['parent_name']} {home}"
        if ok:
            out.append(m)
    return out


def settle_acronyms(mentions: list[Mention]) -> list[Mention]:
    """An acronym nothing vouched for ('VJC', 'GTVT') names an organization only when the article
    uses it again, or when its letters are the initials of a body the article names ('NHNN' for
    'Ngân hàng Nhà nước'); then it is that body. A parenthesised acronym already carries its body's key: the name stays the body's."""
    bodies = [m for m in mentions if m.type == ORGANIZATION and m.attrs.get("support") is None and m.end > m.start]
    by_key = {m.key: m for m in bodies}
    seen = Counter(m.surface for m in mentions if m.type == ORGANIZATION and m.attrs.get("support") is not None)
    out = []
    for m in mentions:
        why = m.attrs.get("support") if m.type == ORGANIZATION else None
        owner = next((b for b in bodies if b.name.split()[-1] == m.surface), None) if why is not None else None
        if owner is not None and why != "paren":  # 'BSC' after 'công ty BSC'
            m.key, m.name = owner.key, owner.name
            out.append(m)
            continue
        if why is None or why in ("cue", "brand") or (why == "" and seen[m.surface] >= 2 and len(m.surface) >= 3):
            out.append(m)
            continue
        if why == "paren" and m.key in by_key:
            m.name = by_key[m.key].name
            out.append(m)
            continue
        letters = _plain(m.surface)
        body = next((b for b in bodies if _initials_match(letters, b)), None)
        if body is not None:
            m.key, m.name = body.key, body.name
            out.append(m)
    return out


def _plain(text: str) -> str:
    return strip_diacritics(text).replace("đ", "d").replace("Đ", "D").upper()


_WORD_CUT = re.compile(r"[\s\-]+")  # compiled once: read for each acronym and body of an article
_NEXT_WORD = re.compile(r" ([^\W\d]+)")  # the word after a full name (join_given_names)


def _initials_match(letters: str, body: Mention) -> bool:
    """'LHQ' ~ 'Liên Hợp Quốc'; 'NHNN' ~ 'Ngân hàng Nhà nước Việt Nam' (a leading part will do)."""
    words = [w for w in _WORD_CUT.split(_plain(body.surface or body.name)) if w]
    initials = "".join(w[0] for w in words if w[0].isalpha())
    return len(letters) >= 2 and len(initials) >= 2 and initials.startswith(letters) and \
        (len(letters) >= 3 or len(initials) == len(letters))


def join_bare(mentions: list[Mention], homes: dict[str, str], text: str = "") -> list[Mention]:
    """'Ban chỉ đạo' alone: the body of that head the article names in full, its own first."""
    full = [m for m in mentions if m.type == ORGANIZATION and not m.attrs.get("bare")]
    keyed = None  # each full name's keys (of its base and of its name), made at the first bare head
    out = []
    for m in mentions:
        if m.type != ORGANIZATION or not m.attrs.get("bare"):
            out.append(m)
            continue
        head = name_key(m.attrs.get("base", m.name))
        if keyed is None:
            keyed = [(name_key(f.attrs.get("base", f.name)), name_key(f.name), f) for f in full]
        cands = [f for base, name, f in keyed if base.startswith(head) or name.startswith(head)]
        if not cands:
            if _settle_to_committee(m, mentions, homes) or _settle_to_next_body(m, full, text):
                out.append(m)
            continue
        home = homes.get("province", "")
        cands.sort(key=lambda f: (f.attrs.get("place") != home, f.attrs.get("body", False), f.start))
        best = cands[0]
        m.key, m.name = best.key, best.name
        m.attrs = dict(best.attrs, joined="bare head")
        out.append(m)
    return out


def _head_of(m: Mention, lex: Lexicon):
    """The lexicon head an 'org:head:...' mention was read with, or None."""
    return next((h for h in lex.heads if m.rule == f"org:head:{h.head}"), None)


def _settle_to_committee(m: Mention, mentions: list[Mention], homes: dict[str, str]) -> bool:
    """'Ban Tuyên giáo' alone, in an article about a province's party committee: that
    committee's own board ('Ban Tuyên giáo Tỉnh ủy Sơn La'), when the committee is named."""
    from kg.extract.lexicon import lexicon

    lex = lexicon()
    head = _head_of(m, lex)
    home = homes.get("province")
    if head is None or not head.parent_place or not home:
        return False
    committee = "Thành ủy" if home in lex.words["city_provinces"] else head.parent_place
    parent_key = f"org:{name_key(committee)}@{name_key(home)}"
    if not any(x.type == ORGANIZATION and x.key == parent_key for x in mentions):
        return False
    base = m.attrs.get("base", m.name)
    m.key = f"org:{name_key(base)}<{parent_key}"
    m.name = f"{base} {committee} {home}"
    m.attrs = dict(m.attrs, bare=False, parent=parent_key, parent_name=f"{committee} {home}", joined="bare head")
    return True


def _settle_to_next_body(m: Mention, full: list[Mention], text: str) -> bool:
    """'Ủy viên Ban cán sự đảng, Thứ trưởng Bộ Nội vụ': a body inside an organization, named
    alone in a list of one person's titles, is inside the body the next title names."""
    from kg.extract.lexicon import lexicon
    from kg.extract.titles import match_title
    from kg.extract.tokens import tokenize

    lex = lexicon()
    head = _head_of(m, lex)
    if head is None or not head.sub or not text:
        return False
    nxt = min((f for f in full if f.sentence == m.sentence and f.start > m.end), key=lambda f: f.start, default=None)
    if nxt is None or nxt.end <= nxt.start:
        return False
    between = text[m.end:nxt.start]
    if not between.startswith(","):
        return False
    toks = tokenize(between[1:])
    hit = match_title(toks, 0, lex) if toks else None
    if hit is None or hit.end != len(toks):
        return False
    base = m.attrs.get("base", m.name)
    m.key = f"org:{name_key(base)}<{nxt.key}"
    m.name = f"{base} {nxt.name}"
    m.attrs = dict(m.attrs, bare=False, parent=nxt.key, parent_name=nxt.name, joined="next title's body")
    return True


ALIAS_BEFORE = re.compile(r"\s*[(,]?\s*(?:tức|hay|còn gọi là|bí danh)\s+(?:[^\W\d]+\s+){0,2}$")


def join_aliases(mentions: list[Mention], text: str) -> list[Mention]:
    """'Hoàng Thị Hồng Tứ (tức diễn viên Quỳnh Tứ)': the second name is the first person's."""
    people = sorted((m for m in mentions if m.type == PERSON), key=_START)
    for prev, m in zip(people, people[1:]):
        if prev.sentence == m.sentence and ALIAS_BEFORE.fullmatch(text[prev.end:m.start]):
            m.key, m.name = prev.key, prev.name
            m.attrs["joined"] = "alias (tức)"
    return mentions


def join_given_names(mentions: list[Mention], tokens_by_sentence, text: str) -> list[Mention]:
    """'ông Sơn', 'Sơn khai': a one-word name that ends exactly one full name of the article.
    'Nguyễn Xuân sơn' (a lowercase slip): a name cut short that the next word completes."""
    people = {m.key: m for m in mentions if m.type == PERSON and m.attrs.get("tokens", 1) >= 2}
    for m in list(people.values()):
        nxt = _NEXT_WORD.match(text[m.end:m.end + 20])
        if nxt and nxt.group(1).islower():
            key = m.key + " " + name_key(nxt.group(1))
            if key in people and key != m.key:
                m.key, m.name, m.attrs["joined"] = key, people[key].name, "name completed"
    people = {m.key: m for m in mentions if m.type == PERSON and m.attrs.get("tokens", 1) >= 2}
    by_given: dict[str, set[str]] = {}
    for key, m in people.items():
        by_given.setdefault(name_key(m.name.split()[-1]), set()).add(key)
    out = []
    for m in mentions:
        if m.type == PERSON and m.attrs.get("tokens", 1) == 1:
            keys = by_given.get(name_key(m.name), set())
            if len(keys) == 1:
                full = people[next(iter(keys))]
                m.key, m.name, m.rule = full.key, full.name, "person:given-name"
        out.append(m)
    if not by_given:
        return out  # no full name: no word names one
    taken = merged_spans([(m.start, m.end) for m in out])
    for toks in tokens_by_sentence:
        for t in toks:
            if not (t.is_word and t.cap) or t.key not in by_given or in_spans(taken, t.start):
                continue
            keys = by_given.get(t.key, set())
            if len(keys) == 1:
                full = people[next(iter(keys))]
                sent = full.sentence  # sentence index is fixed below by the caller
                out.append(Mention(PERSON, full.name, t.text, t.start, t.end, -1, "person:back-reference",
                                   key=full.key, attrs={"tokens": 1}))
    return out


def build_entities(article_id: str, mentions: list[Mention], lex: Lexicon) -> list[Entity]:
    groups: dict[str, list[Mention]] = {}
    for m in mentions:
        groups.setdefault(m.key, []).append(m)
    entities = []
    for key, ms in groups.items():
        ms.sort(key=_END)  # by (start, end): two stable sorts in C, no Python key function per mention
        ms.sort(key=_START)
        typ = ms[0].type
        if typ == PERSON and all(m.attrs.get("tokens", 1) == 1 for m in ms) and not any(
                "’" in m.name or "'" in m.name for m in ms):
            continue  # a lone given name that no full name explains
        if typ == ORGANIZATION and name_key(ms[0].name) in lex.generic_orgs:
            continue
        name = _canonical(ms, lex)
        aliases = {fold_tones(m.surface) for m in ms if m.surface} | {fold_tones(m.name) for m in ms}
        if typ == ORGANIZATION and name in lex_index(lex).body_names:  # a set: lex.bodies.values() is a scan
            aliases |= {fold_tones(a) for a in _body_aliases(name, lex)}
        if typ == PLACE:
            aliases |= {fold_tones(m.attrs.get("bare", "")) for m in ms if m.attrs.get("bare")}
        aliases.discard(name)
        aliases.discard("")
        ent = Entity(id=key, type=typ, name=name, aliases=aliases, mentions=[(article_id, m) for m in ms])
        ent.attrs = _merge_attrs(ms)
        ent.joined_by = {fold_tones(m.surface): m.attrs.get("joined", m.rule) for m in ms if m.surface}
        entities.append(ent)
    return entities


def _body_aliases(name: str, lex: Lexicon) -> list[str]:
    return lex.body_aliases.get(name, [])


def _canonical(ms: list[Mention], lex: Lexicon) -> str:
    typ = ms[0].type
    if typ == ORGANIZATION:
        bodies = [m.name for m in ms if m.attrs.get("body")]
        if bodies:
            return bodies[0]
    if typ == PLACE:
        return ms[0].name
    if typ == LEGISLATION:
        numbered = [m for m in ms if m.attrs.get("number")]
        if numbered:
            best = max(numbered, key=lambda m: (len(m.attrs["number"]), -m.start))
            return best.name
    names = [fold_tones(m.name) for m in ms if m.rule not in ("person:back-reference", "person:given-name")]
    names = names or [fold_tones(m.name) for m in ms]
    return max(names, key=lambda n: (len(n), -names.index(n)))


def _merge_attrs(ms: list[Mention]) -> dict:
    out: dict = {}
    for m in ms:
        for k, v in m.attrs.items():
            if v and k not in out:
                out[k] = v
    return out
