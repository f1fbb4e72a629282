"""Facts between the entities of one sentence: a body's parent and place, who issued a
document and when, founding, standing agency, figures, and events."""
from __future__ import annotations

import hashlib
import re
from functools import lru_cache

from kg.extract.dates import find_dates
from kg.extract.documents import DocHit, symbol_issuer
from kg.extract.index import find_triggers
from kg.extract.lexicon import Lexicon
from kg.extract.tokens import Token
from kg.model import LEGISLATION, ORGANIZATION, PERSON, PLACE, Attribute, Event, Figure, Mention, Relation, Source
from kg.normalize.text import ascii_slug, name_key

# 1.299 or 1.299,5, else 12 or 12,5; the first digit before the alternatives, so that every
# match opens on a plain character set and re skips to the next digit at once
_NUM = r"(?P<num>\d(?:\d{0,2}(?:\.\d{3})+(?:,\d+)?|\d*(?:,\d+)?))"
_UNITS = ["nghìn tỷ đồng", "nghìn tỷ", "tỷ đồng", "tỷ USD", "triệu USD", "triệu đồng", "tỷ", "triệu", "đồng", "USD",
          "năm tù", "tháng tù", "thành viên", "ủy viên", "người", "bị cáo", "bị can", "cuộc họp", "phiên họp", "cuộc",
          "phiên", "vụ án", "vụ việc", "vụ", "việc", "thông báo", "báo cáo", "văn bản", "hợp đồng", "dự án", "đảng viên",
          "cán bộ", "tổ chức đảng", "Ban chỉ đạo", "huyện", "tỉnh", "xã", "hộ", "ha", "km", "%"]
FIGURE = re.compile(_NUM + r"\s*(?P<unit>" + "|".join(re.escape(u) for u in _UNITS) + r")(?![\w])")
AT_ORG = ("tại", "của", "ở")
# the patterns read at every figure, organization or document: compiled once, rather than
# each call of re.match looking its text up in re's cache
# patterns compiled once, not looked up in re's cache at each use
_LIST_GAP = re.compile(r"\s*(?:,|và)\s*")  # 'Nghị định 77 và Nghị định 133'
_DO_BEFORE = re.compile(r"do\s+$")
_THEO_BEFORE = re.compile(r"theo\s+$")
_AT_ORG = tuple((word, re.compile(rf"\s+{word}\s")) for word in AT_ORG)
_THUOC = re.compile(r"\s+(?:trực thuộc|thuộc)\s+")
_DOC_DATE = re.compile(r"\s*,?\s*(?:ban hành\s+)?(?:ngày|ngày ký)\s+(\d{1,2}\s*[/\-.]\s*\d{1,2}\s*[/\-.]\s*\d{4})")
_DOC_BY = re.compile(r"\s*,?\s*(?:của|do)\s+")


def _src(article: str, m: Mention | int, rule: str) -> Source:
    return Source(article, m if isinstance(m, int) else m.sentence, rule)


def org_relations(article: str, mentions: list[Mention], place_keys: dict[str, str], lex: Lexicon) -> list[Relation]:
    out = []
    org_keys = {m.key for m in mentions if m.type == ORGANIZATION}
    for m in mentions:
        if m.type != ORGANIZATION:
            continue
        parent = m.attrs.get("parent")
        if parent and parent in org_keys and parent != m.key:
            out.append(Relation(m.key, "subOrganizationOf", parent, _src(article, m, "rel:nested-name")))
        place = m.attrs.get("place", "")
        pkey = place_keys.get(name_key(place)) if place and not place.startswith("@") else None
        if pkey:
            out.append(Relation(m.key, "jurisdiction", pkey, _src(article, m, "rel:place-in-name")))
        body_parent = lex.body_parent.get(m.name)
        if body_parent and "org:" + name_key(body_parent) in org_keys:
            out.append(Relation(m.key, "subOrganizationOf", "org:" + name_key(body_parent), _src(article, m, "rel:lexicon")))
    return out


def document_facts(article: str, text: str, docs: list[DocHit], orgs_by_start: dict[int, Mention],
                   published, year, lex: Lexicon, org_keys: dict[str, str]):
    rels, attrs = [], []
    issuers: list[str | None] = []
    for d in docs:
        m = d.mention
        tail = text[d.date_end:d.date_end + 120]
        iso = None
        dm = _DOC_DATE.match(tail)
        pos = d.date_end
        if dm:
            found = find_dates(dm.group(1), published, year)
            iso = found[0][2] if found else None
            pos += dm.end()
        im = _DOC_BY.match(text[pos:pos + 40])
        issuer = None
        if im:
            org = orgs_by_start.get(pos + im.end())
            issuer = org.key if org is not None else None
        issuers.append(issuer)
        src = _src(article, m, "doc:after-name")
        if iso:
            attrs.append(Attribute(m.key, "legislationDate", iso, src, "date"))
        if m.attrs.get("number"):
            attrs.append(Attribute(m.key, "legislationIdentifier", m.attrs["number"], src))
        attrs.append(Attribute(m.key, "documentType", m.attrs.get("type", ""), src))
    # 'Nghị định 77 và Nghị định 133 của Chính phủ': the issuer after the last serves the list
    for k in range(len(docs) - 2, -1, -1):
        gap = text[docs[k].mention.end:docs[k + 1].mention.start]
        if issuers[k] is None and issuers[k + 1] and _LIST_GAP.fullmatch(gap):
            issuers[k] = issuers[k + 1]
    for d, issuer in zip(docs, issuers):
        m = d.mention
        if issuer is None and d.number:
            fallback = symbol_issuer(d.number, lex)
            issuer = org_keys.get(name_key(fallback)) if fallback else None
        if issuer:
            rels.append(Relation(m.key, "legislationPassedBy", issuer, _src(article, m, "doc:issuer")))
    return rels, attrs


def sentence_relations(article: str, sent_text: str, sent_start: int, sent_idx: int, mentions: list[Mention],
                       published, year, low: str | None = None) -> tuple[list[Relation], list[Attribute]]:
    """Founding (thành lập ngày ...), establishment under a document, standing agency. `low`:
    sent_text.lower(), when the caller has it."""
    rels, attrs = [], []
    orgs = [m for m in mentions if m.type == ORGANIZATION and m.end > m.start]
    if not orgs:
        return rels, attrs  # every rule below relates an organization named here
    docs = [m for m in mentions if m.type == LEGISLATION]
    if low is None:
        low = sent_text.lower()
    found = low.find("thành lập")
    if found >= 0 and orgs:
        subject = next((m for m in orgs if m.start - sent_start < found), None)
        agent = _DO_BEFORE.search(low[:found][-40:]) if subject else None
        if subject is not None:
            dates = [d for d in find_dates(sent_text[found:], published, year) if len(d[2]) == 10]
            if dates:
                attrs.append(Attribute(subject.key, "foundingDate", dates[0][2], _src(article, sent_idx, "rel:founded-on"), "date"))
            for d in docs:
                if d.start - sent_start > found and _THEO_BEFORE.search(sent_text[:d.start - sent_start][-12:]):
                    rels.append(Relation(subject.key, "establishedUnder", d.key, _src(article, sent_idx, "rel:founded-under")))
            if agent is not None:
                by = [m for m in orgs if m.start - sent_start < found and m is not subject and m.start > subject.start]
                for b in by[-1:]:
                    rels.append(Relation(subject.key, "establishedBy", b.key, _src(article, sent_idx, "rel:founded-by")))
    sa = low.find("cơ quan thường trực")
    if sa >= 0 and orgs:
        before = sorted((m for m in orgs if m.end - sent_start <= sa), key=lambda m: (m.end, -(m.end - m.start)))
        after = [m for m in orgs if m.start - sent_start > sa]
        if before and after and before[-1].key != after[0].key:
            rels.append(Relation(before[-1].key, "standingAgencyOf", after[0].key, _src(article, sent_idx, "rel:standing-agency")))
    for a in orgs if "thuộc" in sent_text else ():  # what the pattern below needs
        tail = sent_text[a.end - sent_start:a.end - sent_start + 14]
        tm = _THUOC.match(tail)
        if tm:
            b = next((o for o in orgs if o.start - sent_start == a.end - sent_start + tm.end()), None)
            if b is not None and b.key != a.key:
                rels.append(Relation(a.key, "subOrganizationOf", b.key, _src(article, sent_idx, "rel:thuoc")))
    acc = low.find("chịu trách nhiệm trước")
    if acc >= 0 and orgs:
        subject = orgs[0] if orgs[0].start - sent_start < acc else None
        if subject is not None:
            for m in orgs:
                if m.start - sent_start > acc and m.start - sent_start < acc + 80 and m.key != subject.key:
                    rels.append(Relation(subject.key, "accountableTo", m.key, _src(article, sent_idx, "rel:accountable")))
    return rels, attrs


def figures(article: str, sent_text: str, sent_start: int, sent_idx: int, mentions: list[Mention],
            docs: list[DocHit], digit_from: int | None = 0) -> list[Figure]:
    """The figures of a sentence, each with what it counts; none inside a document's name or a
    name other than a person's. `digit_from`: where in the sentence its first digit can be
    (features.first_digit; None: it holds none): a figure opens on a digit."""
    out = []
    if digit_from is None:
        return out
    taken = ents = None
    for fm in FIGURE.finditer(sent_text, digit_from):
        if taken is None:  # made at the first figure: most sentences have none
            taken = [(d.mention.start, d.mention.end) for d in docs]
            taken += [(m.start, m.end) for m in mentions if m.type != PERSON]
            ents = [m for m in mentions if m.type in (PERSON, ORGANIZATION) and m.end > m.start]
        s, e = sent_start + fm.start(), sent_start + fm.end()
        if any(a <= s < b for a, b in taken):
            continue
        raw = fm.group("num")
        value: int | float
        if "," in raw:
            value = float(raw.replace(".", "").replace(",", "."))
        else:
            value = int(raw.replace(".", ""))
        subject = _figure_subject(fm, sent_text, sent_start, ents)
        if subject is not None:
            out.append(Figure(subject.key, value, fm.group("unit"), fm.group(0), _src(article, sent_idx, "figure:subject")))
    return out


def _figure_subject(fm, sent_text: str, sent_start: int, ents: list[Mention]) -> Mention | None:
    after = sent_text[fm.end():fm.end() + 12]
    for word, pattern in _AT_ORG:
        if pattern.match(after):
            nxt = [m for m in ents if m.start - sent_start >= fm.end() and m.type == ORGANIZATION
                   and m.start - sent_start - fm.end() <= len(word) + 3]
            if nxt:
                return nxt[0]
    before = [m for m in ents if m.end - sent_start <= fm.start()]
    persons = [m for m in before if m.type == PERSON]
    if persons:
        return persons[0]
    if before:
        return before[0]
    return ents[0] if ents else None


def events(article: str, sent_text: str, sent_start: int, sent_idx: int, mentions: list[Mention],
           published, year, lex: Lexicon, low: str | None = None, digit_from: int | None = -1) -> list[Event]:
    """The events the sentence's triggers name. `low`: sent_text.lower(), when the caller has
    it; `digit_from`: as find_dates takes it."""
    if low is None:
        low = sent_text.lower()
    # single spaces between words: a sentence has no space at its ends, and one that holds no
    # two spaces and prints (every other space does not) is so already
    if "  " in low or not low.isprintable():
        low = " ".join(low.split())
    low = f" {low} "
    found: dict[str, str] = find_triggers(low, lex)
    if not found:
        return []
    if "ConclusionAnnounced" in found:
        found.pop("Inspection", None)
    dates = find_dates(sent_text, published, year, digit_from)
    day = next((d[2] for d in dates if len(d[2]) == 10), None)
    date = day or (dates[0][2] if dates else None)
    places = [m for m in mentions if m.type == PLACE]
    parts = sorted({m.key for m in mentions if m.type in (PERSON, ORGANIZATION)})
    out = []
    prefix = _event_prefix(article)
    for typ, trig in sorted(found.items()):
        eid = f"{prefix}-s{sent_idx}-{typ.lower()}"
        out.append(Event(eid, typ, trig, sent_text, _src(article, sent_idx, "event:trigger"), date,
                         places[0].key if places else None, parts))
    return out


@lru_cache(maxsize=64)  # asked for at every sentence with an event, for the same few articles
def _event_prefix(article: str) -> str:
    """The start of an article's event ids: its slug and a digest of its id."""
    return f"{ascii_slug(article, 40)}-{hashlib.sha1(article.encode()).hexdigest()[:8]}"
