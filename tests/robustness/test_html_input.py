"""HTML as it comes from the web: scripts and styles never become article text, broken
markup still yields the article, entities are decoded, and a page with nothing to read is
refused by name."""
from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Namespace

from rhelpers import BODY, HEADLINE, assert_built, assert_refused, build, write

SCHEMA = Namespace("https://schema.org/")
SECRET = "MALICIOUS_PAYLOAD"  # must never reach the graph


def page(body: str, head: str = f"<title>{HEADLINE}</title>") -> str:
    return f"<!DOCTYPE html><html><head>{head}</head><body>{body}</body></html>"


# name -> a page whose article text must be BODY and nothing of SECRET
FURNITURE = {
    "script": f"<script>var x = '{SECRET}';</script><p>{BODY}</p>",
    "script-with-tags-inside": f"<p>{BODY}</p><script>document.write('<p>{SECRET}</p>')</script>",
    "script-unclosed": f"<p>{BODY}</p><script>{SECRET}",
    "style": f"<style>p::after {{ content: '{SECRET}' }}</style><p>{BODY}</p>",
    "noscript": f"<noscript>{SECRET}</noscript><p>{BODY}</p>",
    "template": f"<template><p>{SECRET}</p></template><p>{BODY}</p>",
    "comment": f"<!-- {SECRET} --><p>{BODY}</p>",
    "comment-unclosed-at-end": f"<p>{BODY}</p><!-- {SECRET}",
    "conditional-comment": f"<!--[if IE]><p>{SECRET}</p><![endif]--><p>{BODY}</p>",
    "cdata": f"<p>{BODY}</p><![CDATA[{SECRET}]]>",
    "nav-footer": f"<nav>{SECRET}</nav><article><p>{BODY}</p></article><footer>{SECRET}</footer>",
    "svg": f"<svg><text>{SECRET}</text></svg><p>{BODY}</p>",
    "iframe": f"<iframe srcdoc='<p>{SECRET}</p>'>{SECRET}</iframe><p>{BODY}</p>",
    "form": f"<form><input value='{SECRET}'><label>{SECRET}</label></form><p>{BODY}</p>",
    "attribute-only": f"<p title='{SECRET}' data-x=\"{SECRET}\">{BODY}</p>",
    "event-handler": f"<p onclick=\"alert('{SECRET}')\">{BODY}</p>",
}

BROKEN = {
    "unclosed-tags": f"<div><p>{BODY}<p><b>",
    "misnested": f"<p><b><i>{BODY}</b></i></p>",
    "stray-closers": f"</div></p></span><p>{BODY}</p></body></html></html>",
    "no-html-wrapper": f"<h1>{HEADLINE}</h1><p>{BODY}</p>",
    "upper-case-tags": f"<P>{BODY}</P>",
    "attributes-unquoted": f"<p class=a id=b>{BODY}</p>",
    "lt-in-text": f"<p>{BODY} 3 < 5 && 7 > 2</p>",
    "deep-nesting": "<div>" * 5000 + f"<p>{BODY}</p>" + "</div>" * 5000,
    "table-layout": f"<table><tr><td>{BODY}</td></tr></table>",
    "null-bytes-as-entity": f"<p>{BODY}&#0;</p>",
}

ENTITIES = {
    "amp": ("Bộ Tài chính &amp; Bộ Công an", "Bộ Tài chính & Bộ Công an"),
    "numeric-decimal": ("Ph&#7841;m", "Phạm"),
    "numeric-hex": ("Ph&#x1EA1;m", "Phạm"),
    "named": ("&ldquo;trích&rdquo;", "“trích”"),
    "nbsp": ("Hà&nbsp;Tĩnh", "Hà Tĩnh"),
    "lt-gt": ("&lt;script&gt;", "<script>"),
    "ớ": ("l&#7899;n", "lớn"),
}


def _texts(graph) -> str:
    return "\n".join(str(o) for o in graph.objects())


@pytest.mark.parametrize("case", sorted(FURNITURE))
def test_page_furniture_never_becomes_text(tmp_path: Path, case: str) -> None:
    src = write(tmp_path / "page.html", page(FURNITURE[case]))
    parsed = assert_built(build(src, tmp_path / "out"), tmp_path / "out")
    assert SECRET not in _texts(parsed["ttl"])
    assert SECRET not in (tmp_path / "out" / "graph.graphml").read_text(encoding="utf-8")
    assert BODY.split(",")[0] in _texts(parsed["ttl"])


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_broken_markup_still_reads(tmp_path: Path, case: str) -> None:
    src = write(tmp_path / "page.html", page(BROKEN[case]))
    parsed = assert_built(build(src, tmp_path / "out"), tmp_path / "out")
    assert "Nguyễn Văn An" in {str(o) for o in parsed["ttl"].objects(None, SCHEMA.name)}


@pytest.mark.parametrize("case", sorted(ENTITIES))
def test_entities_are_decoded(tmp_path: Path, case: str) -> None:
    raw, decoded = ENTITIES[case]
    # in the headline (always in the graph) and in a person's name in the body
    person = BODY.replace("Nguyễn Văn An", f"Ph&#7841;m Văn {raw}").replace("Nguyễn", "Ph&#x1EA1;m")
    src = write(tmp_path / "page.html", page(f"<p>{person}</p>", head=f"<title>{HEADLINE} {raw}</title>"))
    parsed = assert_built(build(src, tmp_path / "out"), tmp_path / "out")
    assert f"{HEADLINE} {decoded}" in {str(o) for o in parsed["ttl"].objects(None, SCHEMA.headline)}
    assert "Phạm" in _texts(parsed["ttl"]) and "&#" not in _texts(parsed["ttl"])


@pytest.mark.parametrize("html,what", [
    (page("", head=""), "no title"),
    (page(f"<p>{BODY}</p>", head=""), "no title"),
    (page("<script>x()</script>"), "no body"),
    (page("<nav>menu</nav><footer>chân trang</footer>"), "no body"),
    (page("<!-- only a comment -->"), "no body"),
    (f"<html><head><title>{HEADLINE}</title></head></html>", "no body"),
    ("<html>", "no title"),
    ("just words, no tags at all", "no title"),
])
def test_nothing_to_read_is_refused(tmp_path: Path, html: str, what: str) -> None:
    src = write(tmp_path / "page.html", html)
    line = assert_refused(build(src, tmp_path / "out"), src.name, out=tmp_path / "out", before={})
    assert what in line


def test_title_from_og_title_with_markup_inside(tmp_path: Path) -> None:
    head = f'<meta property="og:title" content="{HEADLINE} &lt;b&gt;"><title>other</title>'
    src = write(tmp_path / "page.htm", page(f"<p>{BODY}</p>", head=head))
    parsed = assert_built(build(src, tmp_path / "out"), tmp_path / "out")
    assert f"{HEADLINE} <b>" in {str(o) for o in parsed["ttl"].objects(None, SCHEMA.headline)}
