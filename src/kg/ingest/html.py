"""HTML articles, parsed with selectolax (lexbor).

Title from og:title, else <h1>, else <title>. Body from <article>, else <main>, else
<body>, with page furniture (scripts, navigation, headers, forms...) dropped and each block
element on its own line. url from the canonical link or og:url; published from
article:published_time or <time datetime>, date part only.
"""
from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from selectolax.lexbor import LexborHTMLParser, LexborNode

from kg.errors import InputError
from kg.ingest.decode import decode, read_bytes
from kg.ingest.text import one_line, tidy_body
from kg.model import Article
from kg.normalize.text import clean_text

_DROP = "script, style, noscript, template, nav, header, footer, aside, form, iframe, svg, h1"
_BLOCKS = frozenset(
    "p div h1 h2 h3 h4 h5 h6 li ul ol dl dt dd blockquote pre section article main figure "
    "figcaption table thead tbody tfoot tr caption address hr details summary center".split()
)
_CELLS = frozenset({"td", "th"})
_HTML_SPACE = re.compile(r"[ \t\n\r\f]+")
_SPACES = re.compile(r" {2,}")
_CHARSET = re.compile(rb"<meta[^>]*?charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:-]+)", re.IGNORECASE)
_ISO_DATE = re.compile(r"\s*(\d{4}-\d{2}-\d{2})")


def read_html(path: Path, name: str) -> list[Article]:
    """One article from an .html/.htm file; its id is the file stem."""
    data = read_bytes(path, name)
    declared = _CHARSET.search(data[:4096])
    text = decode(data, name, declared.group(1).decode("ascii") if declared else None)
    tree = LexborHTMLParser(text)
    title = _title(tree)
    if not title:
        raise InputError(f"{name}: no title (looked for og:title, <h1> and <title>)")
    url = (_attr(tree, "link[rel~=canonical]", "href")
           or _attr(tree, 'meta[property="og:url"]', "content"))
    published = _date(_attr(tree, 'meta[property="article:published_time"]', "content")
                      or _attr(tree, "time[datetime]", "datetime"))
    for node in tree.css(_DROP):
        node.decompose()
    body = ""
    for selector in ("article", "main", "body"):
        container = tree.css_first(selector)
        if container is not None:
            body = tidy_body(_block_text(container))
            if body:
                break
    if not body:
        raise InputError(f"{name}: no body text")
    return [Article(id=path.stem, title=title, text=body, source=name, url=url, published=published)]


def _title(tree: LexborHTMLParser) -> str:
    for selector in ('meta[property="og:title"]', 'meta[name="og:title"]'):
        value = _attr(tree, selector, "content")
        if value and one_line(value):
            return one_line(value)
    for selector in ("h1", "title"):
        node = tree.css_first(selector)
        if node is not None and one_line(node.text()):
            return one_line(node.text())
    return ""


def _attr(tree: LexborHTMLParser, selector: str, attribute: str) -> str | None:
    node = tree.css_first(selector)
    value = node.attributes.get(attribute) if node is not None else None
    return (value.strip() or None) if value else None


def _date(value: str | None) -> date | None:
    match = _ISO_DATE.match(value or "")
    if not match:
        return None
    try:
        return date.fromisoformat(match.group(1))
    except ValueError:
        return None


def _block_text(root: LexborNode) -> str:
    """The text under root, one line per block element, inline whitespace collapsed."""
    out: list[str] = []
    stack: list[str | tuple[LexborNode, bool]] = [(root, False)]
    while stack:  # iterative: deeply nested pages must not hit the recursion limit
        item = stack.pop()
        if isinstance(item, str):
            out.append(item)
            continue
        node, pre = item
        if node.is_text_node:
            text = node.text(deep=False) or ""
            out.append(text if pre else _HTML_SPACE.sub(" ", text))
            continue
        if not node.is_element_node and node is not root:
            continue
        tag = node.tag
        if tag == "br":
            out.append("\n")
            continue
        pre = pre or tag == "pre"
        edge = "\n" if tag in _BLOCKS else " " if tag in _CELLS else ""
        out.append(edge)
        stack.append(edge)
        stack.extend((child, pre) for child in reversed(list(node.iter(include_text=True))))
    lines = (_SPACES.sub(" ", line).strip() for line in clean_text("".join(out)).split("\n"))
    return "\n".join(line for line in lines if line)
