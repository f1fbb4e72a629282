"""One self-contained HTML page: the template with its CSS, vis-network, the page's own
script and the graph's data inlined, so that it opens offline and fetches nothing.

The data goes in a `<script type="application/json">` block that the page reads with
JSON.parse, with `<`, `>`, `&`, U+2028, U+2029 and lone surrogates written as \\u escapes:
no text from an article can close that block or become markup or code. A Content Security
Policy allows only the page's two scripts (by their sha256) and no network at all.
"""
from __future__ import annotations

import base64
import hashlib
import json
import re
from importlib import resources
from typing import Any

from kg.errors import KgError
from kg.view.vislib import vis_network_js

_MARKER = re.compile(r"\{\{([A-Z_]+)\}\}")
# Characters that could end a <script> block or start markup, and the two line separators
# older JavaScript parsers choke on; lone surrogates cannot be written as UTF-8 at all.
_UNSAFE = re.compile("[<>&\u2028\u2029\ud800-\udfff]")


def asset(name: str) -> str:
    return resources.files("kg.view").joinpath("assets", name).read_text(encoding="utf-8")


def json_for_html(data: Any) -> str:
    """JSON text that is inert inside an HTML <script> element, deterministic (sorted keys)."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return _UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def render_page(data: dict[str, Any]) -> bytes:
    """The whole page as UTF-8 bytes."""
    scripts = {"VIS_JS": vis_network_js(), "APP_JS": asset("view.js")}
    for name, code in scripts.items():
        _check_inlinable(name, code, "script")
    css = asset("view.css")
    _check_inlinable("CSS", css, "style")
    csp = "; ".join([
        "default-src 'none'",
        "script-src " + " ".join(_sha256(code) for code in scripts.values()),
        "style-src 'unsafe-inline'",  # vis-network sets element styles from script
        "img-src data:",
        "base-uri 'none'",
        "form-action 'none'",
    ])
    parts = {**scripts, "CSS": css, "CSP": csp, "DATA": json_for_html(data)}
    page = _MARKER.sub(lambda m: parts[m.group(1)], asset("page.html"))
    return page.encode("utf-8")


def _sha256(code: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(code.encode("utf-8")).digest()).decode("ascii") + "'"


def _check_inlinable(name: str, text: str, element: str) -> None:
    """Inline code must not contain what would end its element early."""
    lowered = text.lower()
    if f"</{element}" in lowered or "<!--" in lowered:
        raise KgError(f"{name} cannot be inlined in a <{element}> element: it contains '</{element}' or '<!--'")
