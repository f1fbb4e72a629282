"""Hostile text in every place article text reaches the graph (headline, id, url, a sentence,
a person's name): every output format in EXPORTERS stays valid and inert. Each file parses
back with an independent reader, the RDF formats give the same graph as each other, the
hostile text comes back as the same literal, never as markup, a triple or an IRI; every data
IRI matches a strict pattern; nothing is written outside the output folder.
"""
from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from rdflib import Dataset, Graph, Literal, Namespace, URIRef
from rdflib.compare import isomorphic

from kg.normalize import clean_text
from rhelpers import ALL_FORMATS, BODY, HEADLINE, IRI_OK, RDF_PARSERS, assert_built, build, write

SCHEMA = Namespace("https://schema.org/")

HOSTILE = {
    "quotes": 'Nguyễn "Văn" An\'s “x” \'\'\' """',
    "backslashes": "C:\\tmp\\x \\u0041 \\n \\",
    "script": "<script>alert(1)</script>",
    "cdata-end": "]]> <![CDATA[ x ]]>",
    "xml-entities": "&amp; &lt; &#0; &xxe; &",
    "doctype": '<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>',
    "turtle-injection": '" . <http://evil.example/s> <http://evil.example/p> "x',
    "ntriples-injection": "> <http://evil.example/p> <http://evil.example/o> .\n<http://evil.example/s",
    "prefix-injection": "@prefix evil: <http://evil.example/> . evil:x evil:y evil:z .",
    "sparql": "} ; DROP ALL ; INSERT DATA { <a> <b> <c> } #",
    "controls": "a\x01b\x07c\x1bd\x7fe\x00f",
    "rtl-marks": "\u202eabc\u202c \u200fمرحبا\u200e \u2067x\u2069",
    "line-breaks": "một\nhai\rba\u2028bốn\u2029năm\x85sáu",
    "very-long": "Nguyễn Văn " * 1000,
    "emoji": "😀👍🏽 \U0001F1FB\U0001F1F3 \U0010FFFF",
    "percent": "%2e%2e%2f %00 % %zz",
    "cypher": "'}) MATCH (n) DETACH DELETE n //",
    "csv-formula": '=cmd|" /C calc"!A0,"x",\n@SUM(1)',
    "json-ld": '{"@id": "http://evil.example", "@context": null}',
    "lone-surrogate": "x\ud800y\udc00z",
    "path": "../../etc/passwd /abs/path a/b\\c",
    "nul-only-id-part": "\x00",
}
WHERE = ("title", "id", "url", "sentence", "name")


def _record(where: str, text: str) -> dict:
    rec = {"id": "bai-1", "title": HEADLINE, "text": BODY}
    if where == "title":
        rec["title"] = f"Tin {text} mới"
    elif where == "id":
        rec["id"] = f"id-{text}"
    elif where == "url":
        rec["url"] = f"https://example.org/{text}"
    elif where == "sentence":
        rec["text"] = BODY.replace("đã làm việc", f"đã làm việc ({text})")
    else:  # a person's name position: the extractor may or may not take it as a name
        rec["text"] = BODY.replace("Nguyễn Văn An", f"Nguyễn Văn {text}")
    return rec


@pytest.fixture(scope="module")
def outputs(tmp_path_factory: pytest.TempPathFactory):
    """Build every case once with every format (module cache keyed by case)."""
    cache: dict[tuple[str, str], tuple[Path, dict]] = {}

    def get(where: str, case: str) -> tuple[Path, dict]:
        if (where, case) not in cache:
            root = tmp_path_factory.mktemp(f"{where}-{case}")
            src = write(root / "in" / "news.jsonl", json.dumps(_record(where, HOSTILE[case])) + "\n")
            out = root / "out"
            args = [a for fmt in ALL_FORMATS for a in ("--format", fmt)]
            parsed = assert_built(build(src, out, *args), out, ALL_FORMATS)
            cache[(where, case)] = (root, parsed)
        return cache[(where, case)]

    return get


@pytest.mark.parametrize("case", sorted(HOSTILE))
@pytest.mark.parametrize("where", WHERE)
def test_outputs_parse_back_and_agree(outputs, where: str, case: str) -> None:
    root, parsed = outputs(where, case)
    graphs = {fmt: g for fmt, g in parsed.items() if fmt in RDF_PARSERS}
    assert "ttl" in graphs
    first = graphs["ttl"]
    for fmt, g in graphs.items():
        flat = Graph()
        for t in g.quads() if isinstance(g, Dataset) else g.triples((None, None, None)):
            flat.add(t[:3])
        assert isomorphic(first, flat), f"{fmt} differs from ttl"
    # everything under root is the input, the out folder and the formats' files: no escape
    written = {p.relative_to(root).parts[0] for p in root.rglob("*")}
    assert written <= {"in", "out"}


@pytest.mark.parametrize("case", sorted(HOSTILE))
@pytest.mark.parametrize("where", WHERE)
def test_every_data_iri_is_strict(outputs, where: str, case: str) -> None:
    _, parsed = outputs(where, case)
    g = parsed["ttl"]
    iris = {t for triple in g for t in triple if isinstance(t, URIRef)}
    data = {i for i in iris if str(i).startswith("https://w3id.org/kg-vn/id/")}
    assert data, "no data IRIs at all"
    bad = sorted(str(i) for i in data if not IRI_OK.fullmatch(str(i)))
    assert not bad, bad[:3]
    # and no IRI outside kg's own and the standard vocabularies came from the text
    assert not [i for i in iris - data if "evil" in str(i)]


@pytest.mark.parametrize("case", sorted(HOSTILE))
@pytest.mark.parametrize("where", ["title", "id", "url"])
def test_hostile_text_comes_back_as_the_same_literal(outputs, where: str, case: str) -> None:
    _, parsed = outputs(where, case)
    g = parsed["ttl"]
    rec = _record(where, HOSTILE[case])
    prop, raw = {"title": (SCHEMA.headline, rec["title"]), "id": (SCHEMA.identifier, rec["id"]),
                 "url": (SCHEMA.url, rec.get("url"))}[where]
    expected = clean_text(raw).strip()
    if where == "title":
        expected = " ".join(expected.split())
    values = [str(o) for o in g.objects(None, prop) if isinstance(o, Literal)]
    assert values == [expected]


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_graphml_is_inert_xml(outputs, case: str) -> None:
    root, _ = outputs("name", case)
    tree = ET.parse(root / "out" / "graph.graphml")
    # every element is GraphML's own or yEd's drawing markup: none came from the text
    spaces = {el.tag[1:].split("}", 1)[0] if el.tag.startswith("{") else "" for el in tree.iter()}
    assert spaces <= {"http://graphml.graphdrawing.org/xmlns", "http://www.yworks.com/xml/graphml"}, spaces
    tags = {el.tag.rsplit("}", 1)[-1] for el in tree.iter()}
    assert not tags & {"script", "x", "svg", "iframe"}, tags
    text = (root / "out" / "graph.graphml").read_text(encoding="utf-8")
    assert "<!DOCTYPE" not in text and "<script" not in text and "<![CDATA[" not in text
