"""Write a synthetic kg graph of about N triples, shaped like the graphs `kg build` writes.

    python bench/make_graph.py 1000000 /tmp/g1m.ttl [--seed 7] [--format ttl|nt]

Same classes, properties and IRI layout as src/kg/map/ writes: articles with headline,
identifier, date, url, publisher and mentions; sentences (prov:Entity, kg:Sentence) with
Vietnamese text, span and kg:mentions; persons, organizations, places and legal documents
with names and aliases; org:Membership posts with roles, former flag and provenance;
events of the kg:Event subclasses with dates (xsd:date, gYearMonth, gYear), location and
participants; relations and attributes reified as rdf:Statement with sources; figures
(integer and decimal values). Some descriptions carry a language tag (@vi), some names
characters that need escaping. The text is made up from a small invented word list, not
copied from any article. The same N and seed give the same file, byte for byte.

The graph conforms to shapes/kg-shapes.ttl; benchmarks plant violations themselves.
"""
from __future__ import annotations

import argparse
import hashlib
import random
import sys
import time
from pathlib import Path

from rdflib import RDF, Graph, Literal, Namespace, URIRef
from rdflib.namespace import ORG, PROV, SDO as SCHEMA, SKOS, XSD

KG = Namespace("https://w3id.org/kg-vn/ontology#")
ID = "https://w3id.org/kg-vn/id/"

SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi",
            "Đỗ", "Hồ", "Ngô", "Dương", "Lý"]
MIDDLE = ["Văn", "Thị", "Đức", "Xuân", "Minh", "Quốc", "Hữu", "Thanh", "Ngọc", "Công"]
GIVEN = ["An", "Bình", "Cường", "Dũng", "Hà", "Hải", "Hùng", "Lan", "Long", "Mai", "Nam", "Phúc",
         "Quang", "Sơn", "Thảo", "Thắng", "Trang", "Tuấn", "Việt", "Yến"]
PLACES = ["Hà Nội", "Đà Nẵng", "Hải Phòng", "Cần Thơ", "Sơn La", "Lào Cai", "Nghệ An", "Huế",
          "Quảng Ninh", "Bình Dương", "Đồng Nai", "Khánh Hòa", "Lai Châu", "Gia Lai", "Cà Mau"]
ORG_HEADS = ["Ủy ban nhân dân", "Tỉnh ủy", "Sở Tài chính", "Công an", "Tòa án nhân dân",
             "Viện kiểm sát nhân dân", "Ban Thường vụ", "Sở Giáo dục", "Hội đồng nhân dân",
             "Ủy ban Kiểm tra", "Công ty cổ phần", "Ngân hàng"]
TITLES = ["Bí thư", "Phó Bí thư", "Chủ tịch", "Phó Chủ tịch", "Giám đốc", "Phó Giám đốc",
          "Tổng giám đốc", "Ủy viên", "Trưởng ban", "Chánh án", "Viện trưởng", "Thứ trưởng",
          "Bộ trưởng", "Chủ nhiệm", "Kế toán trưởng"]
DOC_TYPES = ["Nghị định", "Quyết định", "Thông tư", "Kết luận", "Nghị quyết", "Chỉ thị"]
WORDS = ("hôm nay đã làm việc với về kết quả kiểm tra khi có dấu hiệu vi phạm đối với một số "
         "cá nhân thông báo kết luận những khuyết điểm của nhiệm kỳ nghiêm trọng ảnh hưởng uy tín "
         "tổ chức cán bộ đảng viên nhân dân thi hành kỷ luật phiên tòa xét xử bị cáo đề nghị giảm "
         "án thành lập công ty bổ nhiệm chức vụ tại buổi họp sáng chiều ngày tháng năm triệu đồng "
         "tỷ việc hồ sơ điều tra khởi tố bắt giam tạm giữ công bố quyết định").split()
EVENTS = {  # class -> trigger word
    "Inspection": "kiểm tra", "WorkingVisit": "làm việc", "Proposal": "đề nghị",
    "Discipline": "kỷ luật", "Trial": "xét xử", "Meeting": "kỳ họp", "Appointment": "bổ nhiệm",
    "Founding": "thành lập", "Verdict": "tuyên án", "Investigation": "điều tra",
    "PressRelease": "thông cáo", "ConclusionAnnounced": "thông báo kết luận",
    "Prosecution": "khởi tố", "Arrest": "bắt giam", "Dismissal": "cách chức",
}
RELATIONS = [ORG.subOrganizationOf, KG.jurisdiction, KG.accountableTo, KG.standingAgencyOf,
             SCHEMA.legislationPassedBy, SCHEMA.containedInPlace, KG.establishedUnder]
UNITS = ["việc", "triệu đồng", "tỷ đồng", "người", "cuộc họp", "hồ sơ", "%"]
ENTITY_TYPES = {
    "person": (KG.Person, SCHEMA.Person),
    "organization": (KG.Organization, SCHEMA.Organization, ORG.Organization),
    "place": (KG.Place, SCHEMA.Place),
    "legislation": (KG.LegalDocument, SCHEMA.Legislation),
}


def _digest(*parts: object, size: int = 16) -> str:
    return hashlib.sha1("\x1f".join(map(str, parts)).encode("utf-8")).hexdigest()[:size]


def _slug(text: str) -> str:
    import unicodedata
    flat = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    flat = "".join(c for c in flat if not unicodedata.combining(c)).lower()
    return "-".join("".join(c if c.isalnum() else " " for c in flat).split())[:50]


class Maker:
    """Emits triples into one rdflib Graph, article by article, until it holds `target`."""

    def __init__(self, target: int, seed: int) -> None:
        self.rng = random.Random(seed)
        self.target = target
        self.graph = Graph()
        self.entities: dict[str, list[URIRef]] = {k: [] for k in ENTITY_TYPES}
        self.roles: dict[str, URIRef] = {}
        self.publishers: list[URIRef] = []
        self.dated: set[URIRef] = set()

    def add(self, s, p, o) -> None:
        self.graph.add((s, p, o))

    def text(self, low: int, high: int) -> str:
        words = [self.rng.choice(WORDS) for _ in range(self.rng.randint(low, high))]
        return " ".join(words).capitalize()

    def entity(self, kind: str) -> URIRef:
        """A new entity a third of the time (more while the pool is small), else a known one."""
        pool = self.entities[kind]
        if pool and self.rng.random() > max(0.3, 1 / (1 + len(pool) / 20)):
            # recent entities come back more often, as names do in a news stream
            return pool[-1 - min(int(self.rng.expovariate(1 / 40)), len(pool) - 1)]
        name = self._name(kind)
        node = URIRef(f"{ID}{kind}/{_slug(name)}-{_digest(kind, len(pool), size=8)}")
        pool.append(node)
        for cls in ENTITY_TYPES[kind]:
            self.add(node, RDF.type, cls)
        self.add(node, SCHEMA.name, Literal(name))
        if self.rng.random() < 0.35:
            self.add(node, SCHEMA.alternateName, Literal(name.split()[-1]))
        if kind == "organization" and self.rng.random() < 0.1:
            self.add(node, SCHEMA.foundingDate, Literal(self._date(), datatype=XSD.date))
        if kind == "legislation":
            self.add(node, KG.documentType, Literal(name.split(" số ")[0]))
        return node

    def _name(self, kind: str) -> str:
        r = self.rng
        if kind == "person":
            return f"{r.choice(SURNAMES)} {r.choice(MIDDLE)} {r.choice(GIVEN)}"
        if kind == "place":
            return r.choice(PLACES) if r.random() < 0.5 else f"huyện {r.choice(GIVEN)} {r.choice(PLACES)}"
        if kind == "organization":
            name = f"{r.choice(ORG_HEADS)} {r.choice(PLACES)}"
            # a few names with characters a writer must escape
            return name + (' "Đổi mới"\\' if r.random() < 0.01 else "")
        return f"{r.choice(DOC_TYPES)} số {r.randint(1, 999)}/{r.randint(2010, 2024)}"

    def _date(self) -> str:
        r = self.rng
        return f"{r.randint(2010, 2024)}-{r.randint(1, 12):02d}-{r.randint(1, 28):02d}"

    def role(self) -> URIRef:
        title = self.rng.choice(TITLES) + ("" if self.rng.random() < 0.5 else f" {self.rng.choice(ORG_HEADS)}")
        if title not in self.roles:
            node = URIRef(f"{ID}role/{_slug(title)}-{_digest(title, size=6)}")
            self.roles[title] = node
            self.add(node, RDF.type, ORG.Role)
            self.add(node, RDF.type, KG.Role)
            self.add(node, SKOS.prefLabel, Literal(title))
            self.add(node, SCHEMA.name, Literal(title))
        return self.roles[title]

    def derive(self, node: URIRef, sentence: URIRef, rule: str) -> None:
        self.add(node, PROV.wasDerivedFrom, sentence)
        self.add(node, KG.rule, Literal(rule))

    def state(self, s, p, o, sentences: list[URIRef], rule: str) -> None:
        self.add(s, p, o)
        node = URIRef(f"{ID}statement/{_digest(s.n3(), p.n3(), o.n3())}")
        self.add(node, RDF.type, RDF.Statement)
        self.add(node, RDF.subject, s)
        self.add(node, RDF.predicate, p)
        self.add(node, RDF.object, o)
        self.derive(node, self.rng.choice(sentences), rule)

    def article(self, i: int) -> None:
        r = self.rng
        headline = self.text(8, 16)
        slug = f"{i:05d}-{_slug(headline)}"
        art = URIRef(f"{ID}article/{slug}-{_digest(i, size=8)}")
        for cls in (SCHEMA.NewsArticle, KG.Article):
            self.add(art, RDF.type, cls)
        self.add(art, SCHEMA.headline, Literal(headline))
        self.add(art, SCHEMA.identifier, Literal(slug))
        if r.random() < 0.85:
            self.add(art, SCHEMA.datePublished, Literal(self._date(), datatype=XSD.date))
        if r.random() < 0.4:
            self.add(art, SCHEMA.url, Literal(f"https://example.vn/tin/{slug}.html", datatype=XSD.anyURI))
        if r.random() < 0.5:
            if len(self.publishers) < 12:
                self.publishers.append(self.entity("organization"))
            self.add(art, SCHEMA.publisher, r.choice(self.publishers))
        mentioned: list[URIRef] = []
        n_sent = r.randint(10, 26)
        sentences = [URIRef(f"{art}/s{k}") for k in range(n_sent)]
        start = 0
        for sent in sentences:
            text = self.text(12, 45)
            self.add(sent, RDF.type, PROV.Entity)
            self.add(sent, RDF.type, KG.Sentence)
            self.add(sent, SCHEMA.isPartOf, art)
            self.add(sent, SCHEMA.text, Literal(text))
            self.add(sent, KG.span, Literal(f"{start}-{start + len(text)}"))
            start += len(text) + 1
            for _ in range(r.randint(1, 6)):
                ent = self.entity(r.choice(("person", "person", "organization", "organization", "place", "legislation")))
                self.add(sent, KG.mentions, ent)
                mentioned.append(ent)
        for ent in mentioned:
            self.add(art, SCHEMA.mentions, ent)
        people = [e for e in mentioned if "/person/" in e] or [self.entity("person")]
        orgs = [e for e in mentioned if "/organization/" in e] or [self.entity("organization")]
        places = [e for e in mentioned if "/place/" in e] or [self.entity("place")]
        docs = [e for e in mentioned if "/legislation/" in e]
        for _ in range(r.randint(3, 11)):  # posts
            person, role, org, former = r.choice(people), self.role(), r.choice(orgs), r.random() < 0.15
            node = URIRef(f"{ID}membership/{_digest(person, role, org, former)}")
            for cls in (ORG.Membership, KG.Membership):
                self.add(node, RDF.type, cls)
            self.add(node, ORG.member, person)
            self.add(node, ORG.role, role)
            if r.random() < 0.8:
                self.add(node, ORG.organization, org)
            self.add(node, KG.former, Literal(former))
            self.derive(node, r.choice(sentences), r.choice(("post:apposition", "post:title-name")))
        for k in range(r.randint(6, 20)):  # events
            name = r.choice(sorted(EVENTS))
            ev = URIRef(f"{ID}event/{slug[:40]}-{_digest(i, size=8)}-s{k}-{name.lower()}")
            for cls in (SCHEMA.Event, KG.Event, KG[name]):
                self.add(ev, RDF.type, cls)
            self.derive(ev, r.choice(sentences), "event:trigger")
            desc = self.text(10, 30)
            self.add(ev, SCHEMA.description, Literal(desc, lang="vi") if r.random() < 0.2 else Literal(desc))
            self.add(ev, SCHEMA.name, Literal(f"{EVENTS[name]} ({self._date()})"))
            self.add(ev, KG.trigger, Literal(EVENTS[name]))
            roll = r.random()
            if roll < 0.3:
                self.add(ev, SCHEMA.startDate, Literal(self._date(), datatype=XSD.date))
            elif roll < 0.35:
                self.add(ev, SCHEMA.startDate, Literal(self._date()[:7], datatype=XSD.gYearMonth))
            elif roll < 0.4:
                self.add(ev, SCHEMA.startDate, Literal(self._date()[:4], datatype=XSD.gYear))
            if r.random() < 0.4:
                self.add(ev, SCHEMA.location, r.choice(places))
            for who in r.sample(people + orgs, min(len(people + orgs), r.randint(1, 4))):
                self.add(ev, KG.participant, who)
            self.add(art, SCHEMA.mentions, ev)
        for _ in range(r.randint(2, 9)):  # relations, reified
            p = r.choice(RELATIONS)
            if p == SCHEMA.legislationPassedBy and docs:
                s, o = r.choice(docs), r.choice(orgs)
            elif p in (KG.jurisdiction,):
                s, o = r.choice(orgs), r.choice(places)
            elif p == SCHEMA.containedInPlace:
                s, o = r.choice(places), r.choice(places)
            else:
                p, s, o = ORG.subOrganizationOf if p != KG.accountableTo else p, r.choice(orgs), r.choice(orgs)
            self.state(s, p, o, sentences, "rel:" + r.choice(("lexicon", "nested-name", "apposition")))
        for doc in docs[:3]:  # attributes, reified, once per document
            if doc in self.dated:
                continue
            self.dated.add(doc)
            self.state(doc, SCHEMA.legislationIdentifier, Literal(f"{r.randint(1, 999)}/QĐ-TTg"),
                       sentences, "attr:doc-number")
            self.state(doc, SCHEMA.legislationDate, Literal(self._date(), datatype=XSD.date),
                       sentences, "attr:doc-date")
        for _ in range(r.randint(0, 6)):  # figures
            subject = r.choice(people + orgs)
            value = Literal(r.randint(1, 500)) if r.random() < 0.9 else Literal(f"{r.randint(1, 99)}.5", datatype=XSD.decimal)
            unit = r.choice(UNITS)
            node = URIRef(f"{ID}figure/{_digest(subject, value, unit, i, r.random())}")
            for cls in (SCHEMA.QuantitativeValue, KG.Figure):
                self.add(node, RDF.type, cls)
            self.add(node, SCHEMA.value, value)
            self.add(node, SCHEMA.unitText, Literal(unit))
            self.add(node, SCHEMA.description, Literal(f"{value} {unit}"))
            self.derive(node, r.choice(sentences), "figure:subject")
            self.add(subject, KG.figure, node)

    def run(self) -> Graph:
        i = 0
        while len(self.graph) < self.target:
            self.article(i)
            i += 1
        return self.graph


def make_graph(n_triples: int, seed: int = 7) -> Graph:
    """A graph of at least `n_triples` triples (whole articles, so a few hundred more)."""
    return Maker(n_triples, seed).run()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("n_triples", type=int)
    ap.add_argument("out", type=Path)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args(argv)
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    from kg.export import export

    t0 = time.perf_counter()
    graph = make_graph(args.n_triples, args.seed)
    fmt = "nt" if args.out.suffix == ".nt" else "ttl"
    export(graph, fmt, args.out)
    print(f"{len(graph)} triples -> {args.out} in {time.perf_counter() - t0:.1f}s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
