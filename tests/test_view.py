"""`kg view`: the page's data read from real graphs, its escaping, determinism and errors; then
the page itself in headless Chromium (tests/chromium.py): it loads offline without errors,
draws the nodes, finds "Sơn La" with and without marks, shows a node's facts with their source
sentences, filters by type, shows a neighbourhood, and never runs text from the graph."""
from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest
from rdflib import RDF, XSD, Graph, Literal, Namespace, URIRef
from rdflib.namespace import ORG, PROV, SDO

from chromium import Browser, chromium_path, chromium_version, png_pixels
from conftest import EXAMPLES, build, run_kg, shared
from kg.view import render_page, view_data
from kg.view.page import json_for_html

KG = Namespace("https://w3id.org/kg-vn/ontology#")
ID = Namespace("https://w3id.org/kg-vn/id/")
WIDTH, HEIGHT = 1280, 800

# Names that would run code or break out of the page if they ever reached it as markup.
HOSTILE = {
    "script": "<script>window.__pwned='script';alert(1)</script>",
    "img": '"><img src=x onerror="window.__pwned=\'img\';alert(2)">',
    "cdata": "]]></script><script>window.__pwned='cdata'</script><!--",
    "quotes": "Nguyễn \"Văn\" O'Brien \\ \\u003c \\\"",
    "rtl": "Tr\u202eần\u202c \u200fما\u200e Ann\u2028line\u2029end",
    "control": "Ban\x01 \x07Ki\x1bểm\x7f tra \ufeff{{DATA}} {{VIS_JS}} </style><style>*{display:none}</style>",
}


# ---- the page's data and bytes, without a browser -----------------------------------------
def test_json_for_html_is_inert_and_round_trips():
    values = list(HOSTILE.values()) + ["\ud800 lone", "a\u2028b\u2029c & <b> >"]
    text = json_for_html({"names": values})
    assert not set("<>&\u2028\u2029") & set(text)
    assert not re.search("[\ud800-\udfff]", text)
    assert json.loads(text) == {"names": values}
    text.encode("utf-8")  # no lone surrogate left to fail on


@pytest.fixture(scope="module")
def corpus_graph(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The dev corpus built once for this module: ../shared/corpus to graph.ttl."""
    return build([shared("corpus")], tmp_path_factory.mktemp("corpus"))


@pytest.fixture(scope="module")
def corpus_page(corpus_graph: Path) -> Path:
    out = corpus_graph.parent / "graph.html"
    res = run_kg("view", corpus_graph, "--out", out)
    assert res.returncode == 0, res.stderr
    assert res.stdout.startswith(f"wrote {out} ("), res.stdout
    return out


@pytest.fixture(scope="module")
def corpus_data(corpus_graph: Path) -> dict:
    return view_data(Graph().parse(corpus_graph))


def _node(data: dict, name: str) -> tuple[int, dict]:
    found = [(i, n) for i, n in enumerate(data["nodes"]) if n["name"] == name]
    assert len(found) == 1, f"{name}: {len(found)} nodes"
    return found[0]


def test_corpus_data_has_every_entity_and_event(corpus_graph: Path, corpus_data: dict):
    g = Graph().parse(corpus_graph)
    by_type = {t["key"]: t["count"] for t in corpus_data["types"]}
    for key, cls in [("Person", SDO.Person), ("Organization", SDO.Organization), ("Place", SDO.Place),
                     ("Legislation", SDO.Legislation), ("Event", SDO.Event)]:
        assert by_type[key] == len(set(g.subjects(RDF.type, cls))), key
    assert corpus_data["meta"]["nodes"] == corpus_data["meta"]["shown"] == len(corpus_data["nodes"])
    i, son_la = _node(corpus_data, "Sơn La")
    assert corpus_data["types"][son_la["type"]]["key"] == "Place"
    assert all(e["l"] for e in corpus_data["edges"])


def test_posts_carry_the_sentence_they_were_read_from(corpus_graph: Path, corpus_data: dict):
    """Every membership in the RDF shows up as a post on its person, with the text of each
    sentence it prov:wasDerivedFrom and that sentence's article headline."""
    g = Graph().parse(corpus_graph)
    memberships = sorted(g.subjects(RDF.type, ORG.Membership))
    assert len(memberships) > 20
    index = {n["id"]: n for n in corpus_data["nodes"]}
    for m in memberships:
        person = index[str(g.value(m, ORG.member))]
        role = str(g.value(g.value(m, ORG.role), SDO.name))
        posts = [f for f in person["facts"] if f["g"] == "Posts held" and f["t"][0].startswith(role)]
        assert posts, (person["name"], role)
        texts = {corpus_data["sentences"][s]["text"] for f in posts for s in f["s"]}
        headlines = {corpus_data["articles"][corpus_data["sentences"][s]["a"]]["headline"] for f in posts for s in f["s"]}
        for sentence in g.objects(m, PROV.wasDerivedFrom):
            assert str(g.value(sentence, SDO.text)) in texts
            assert str(g.value(g.value(sentence, SDO.isPartOf), SDO.headline)) in headlines


def test_relations_and_events_link_both_ends(corpus_data: dict):
    _, son_la = _node(corpus_data, "Sơn La")
    groups = {f["g"] for f in son_la["facts"]}
    assert {"Relations", "Events", "Mentioned in"} <= groups, groups
    refs = [seg["n"] for f in son_la["facts"] for seg in f["t"] if isinstance(seg, dict)]
    assert refs and all(0 <= r < len(corpus_data["nodes"]) for r in refs)


def test_figures_show_their_phrase_and_sentence(corpus_graph: Path, corpus_data: dict):
    g = Graph().parse(corpus_graph)
    index = {n["id"]: n for n in corpus_data["nodes"]}
    pairs = sorted(g.subject_objects(KG.figure))
    assert pairs
    for entity, figure in pairs:
        facts = [f for f in index[str(entity)]["facts"] if f["g"] == "Figures"]
        assert [str(g.value(figure, SDO.description))] in [f["t"] for f in facts]
        texts = {corpus_data["sentences"][s]["text"] for f in facts for s in f["s"]}
        assert {str(g.value(s, SDO.text)) for s in g.objects(figure, PROV.wasDerivedFrom)} <= texts


def test_max_nodes_keeps_the_best_connected(corpus_graph: Path):
    g = Graph().parse(corpus_graph)
    full, capped = view_data(g), view_data(g, max_nodes=25)
    assert capped["meta"] == {"nodes": full["meta"]["nodes"], "shown": 25, "max_nodes": 25}
    degree = {i: 0 for i in range(len(full["nodes"]))}
    for e in full["edges"]:
        degree[e["f"]] += 1
        degree[e["t"]] += 1
    kept = {full["nodes"][i]["id"]: d for i, d in degree.items()}
    lowest_kept = min(kept[n["id"]] for n in capped["nodes"])
    assert lowest_kept >= sorted(degree.values(), reverse=True)[24]
    assert all(e["f"] < 25 and e["t"] < 25 for e in capped["edges"])


def test_page_is_self_contained(corpus_page: Path):
    html = corpus_page.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>")
    assert "default-src 'none'" in html
    assert not re.search(r"<(script|img|iframe|link)[^>]*\s(src|href)=", html, re.I)
    assert len(re.findall("</script", html, re.I)) == 3  # only the three elements' own ends
    assert "{{" not in html.split('id="kg-data">')[0]  # every template marker filled


def test_same_graph_gives_the_same_bytes(corpus_graph: Path, corpus_page: Path, tmp_path: Path):
    again = tmp_path / "again.html"
    res = run_kg("view", corpus_graph, "--out", again, env={"PYTHONHASHSEED": "12345"})
    assert res.returncode == 0, res.stderr
    assert again.read_bytes() == corpus_page.read_bytes()


def test_example_page_from_the_default_path(tmp_path: Path):
    graph = build([EXAMPLES], tmp_path)
    res = run_kg("view", graph)
    assert res.returncode == 0, res.stderr
    assert (tmp_path / "graph.html").stat().st_size > 100_000


@pytest.mark.parametrize("case", ["missing", "unparseable", "bad extension", "unwritable"])
def test_errors_are_one_line_and_leave_no_file(case: str, tmp_path: Path, corpus_graph: Path):
    out = tmp_path / "page.html"
    out.write_text("old page", encoding="utf-8")
    graph = {"missing": tmp_path / "missing.ttl", "unparseable": tmp_path / "bad.ttl",
             "bad extension": tmp_path / "graph.xyz", "unwritable": corpus_graph}[case]
    (tmp_path / "bad.ttl").write_text("@prefix schema: <https://schema.org/> .\n<a> schema:name \n", encoding="utf-8")
    (tmp_path / "graph.xyz").write_text("x", encoding="utf-8")
    if case == "unwritable":
        (tmp_path / "file").write_text("", encoding="utf-8")
        out = tmp_path / "file" / "page.html"  # its parent is a file
    res = run_kg("view", graph, "--out", out)
    assert res.returncode == 2, res.stdout + res.stderr
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), res.stderr
    assert "Traceback" not in res.stderr
    if case != "unwritable":
        assert out.read_text(encoding="utf-8") == "old page"
    assert not list(tmp_path.glob(".page.html.*"))  # no temporary file left behind


# ---- the page in headless Chromium ----------------------------------------------------------
@pytest.fixture(scope="module")
def browser():
    path = chromium_path()
    if path is None:
        message = "chromium not on PATH: .ci/run installs Debian's chromium package"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    with Browser(path, WIDTH, HEIGHT) as b:
        print(chromium_version(path))
        yield b


def _open(browser: Browser, page_file: Path):
    page = browser.page()
    page.goto(page_file.resolve().as_uri())
    try:
        page.wait_for("window.kgView && kgView.state.ready", timeout=60)
    except Exception as exc:
        raise AssertionError(f"{page_file.name} did not get ready: {page.errors()}") from exc
    return page


@pytest.fixture(scope="module")
def corpus_module_tab(browser: Browser, corpus_page: Path):
    """One tab on the corpus page for the module: laying out 400 nodes takes seconds."""
    page = _open(browser, corpus_page)
    yield page
    page.close()


RESET = """(() => { const s = document.getElementById('search'); s.value = ''; s.blur();
  document.querySelectorAll('#types input').forEach(b => { if (!b.checked) b.click(); });
  if (!document.getElementById('ego-bar').hidden) kgView.exitEgo();
  document.getElementById('panel-close').click(); return true; })()"""


@pytest.fixture
def corpus_tab(corpus_module_tab):
    """The corpus tab as a person would find it: no search, every type shown, no panel."""
    corpus_module_tab.eval(RESET)
    return corpus_module_tab


RENDERED = "Object.keys(kgView.network.getPositions()).map(Number)"
CENTRE_OFFSET = """(() => { const id = kgView.selected(); const p = kgView.network.canvasToDOM(kgView.network.getPosition(id));
  const r = document.getElementById('graph').getBoundingClientRect(); return Math.hypot(p.x - r.width / 2, p.y - r.height / 2); })()"""


def _clean(page) -> None:
    """Nothing went wrong and nothing left the page."""
    assert page.errors() == []
    assert page.eval("window.__kgCsp") == []
    assert page.eval("window.__pwned === undefined")
    assert all(url.startswith("file://") for url in page.requests), page.requests


@pytest.mark.slow
def test_corpus_page_loads_and_draws_every_node(corpus_tab, corpus_page: Path):
    page = corpus_tab
    total = page.eval("kgView.data.nodes.length")
    assert total > 300
    assert len(page.eval(RENDERED)) == total
    assert page.eval("document.getElementById('status').textContent").startswith(f"{total} of {total} nodes shown")
    legend = page.eval("Array.from(document.querySelectorAll('#types label')).map(l => l.textContent)")
    assert legend == page.eval("kgView.data.types.map(t => t.label + t.count)")
    assert page.eval("kgView.data.types.map(t => t.key)") == ["Person", "Organization", "Place", "Legislation", "Event"]
    # the canvas really has drawn something: many pixels that are not the white background
    painted = page.eval("""(() => { const c = document.querySelector('#graph canvas');
      const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data; let n = 0;
      for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++; return n; })()""")
    assert painted > 5000
    assert page.requests == [corpus_page.resolve().as_uri()]
    _clean(page)


@pytest.mark.slow
@pytest.mark.parametrize("query", ["Sơn La", "Son La", "son la", "SƠN LA"])
def test_search_finds_son_la_with_or_without_marks(corpus_tab, query: str):
    page = corpus_tab
    page.eval("document.getElementById('search').focus()")
    page.type_text(query)
    first = page.wait_for("document.querySelector('#results li .name')?.textContent")
    assert first == "Sơn La"
    page.press("Enter", 13)
    page.wait_for("!document.getElementById('panel').hidden")
    son_la = page.eval("kgView.data.nodes.findIndex(n => n.name === 'Sơn La')")
    assert page.eval("kgView.selected()") == son_la
    assert page.eval("kgView.network.getSelectedNodes()") == [son_la]
    assert page.eval("document.querySelector('#panel h2').textContent") == "Sơn La"
    # focused: once the 400 ms animation is over, the node sits in the middle of the canvas
    page.wait_for(f"{CENTRE_OFFSET} < 30", timeout=10)
    _clean(page)


@pytest.mark.slow
def test_search_matches_aliases(corpus_tab, corpus_data: dict):
    i, node = next((i, n) for i, n in enumerate(corpus_data["nodes"])
                   if n["alt"] and all(n["alt"][0] not in m["name"] for m in corpus_data["nodes"]))
    hits = corpus_tab.eval(f"kgView.search({json.dumps(node['alt'][0])})")
    assert i in hits


@pytest.mark.slow
def test_clicking_a_node_shows_its_facts_and_sources(corpus_tab, corpus_data: dict):
    page = corpus_tab
    # a person with a post read from a sentence
    i, person = next((i, n) for i, n in enumerate(corpus_data["nodes"])
                     if any(f["g"] == "Posts held" and f["s"] for f in n["facts"]))
    page.eval(f"kgView.network.focus({i}, {{scale: 2.5}})")
    x, y = page.eval(f"""(() => {{ const p = kgView.network.canvasToDOM(kgView.network.getPosition({i}));
      const r = document.getElementById('graph').getBoundingClientRect(); return [r.left + p.x, r.top + p.y]; }})()""")
    page.click(x, y)
    page.wait_for("!document.getElementById('panel').hidden")
    assert page.eval("kgView.selected()") == i
    assert page.eval("document.querySelector('#panel h2').textContent") == person["name"]
    post = next(f for f in person["facts"] if f["g"] == "Posts held" and f["s"])
    sentence = corpus_data["sentences"][post["s"][0]]
    headline = corpus_data["articles"][sentence["a"]]["headline"]
    shown = page.eval("Array.from(document.querySelectorAll('#panel .source')).map(s => s.textContent)")
    assert any(sentence["text"] in s and headline in s for s in shown), shown
    headings = page.eval("Array.from(document.querySelectorAll('#panel h3')).map(h => h.textContent)")
    assert "Posts held" in headings
    _clean(page)


@pytest.mark.slow
def test_type_filter_hides_nodes(corpus_tab, corpus_data: dict):
    page = corpus_tab
    persons = {i for i, n in enumerate(corpus_data["nodes"]) if corpus_data["types"][n["type"]]["key"] == "Person"}
    total = len(corpus_data["nodes"])
    page.eval("document.querySelector('#types input[data-type=Person]').click()")
    rendered = set(page.eval(RENDERED))
    assert len(rendered) == total - len(persons) and not rendered & persons
    assert page.eval("document.getElementById('status').textContent").startswith(f"{total - len(persons)} of {total}")
    page.eval("document.querySelector('#types input[data-type=Person]').click()")
    assert len(page.eval(RENDERED)) == total
    _clean(page)


@pytest.mark.slow
def test_neighbourhood_view_and_back(corpus_tab, corpus_data: dict):
    page = corpus_tab
    i, _ = _node(corpus_data, "Sơn La")
    one = {i} | {e["t"] for e in corpus_data["edges"] if e["f"] == i} | {e["f"] for e in corpus_data["edges"] if e["t"] == i}
    two = set(one)
    for e in corpus_data["edges"]:
        if e["f"] in one:
            two.add(e["t"])
        if e["t"] in one:
            two.add(e["f"])
    page.eval(f"kgView.select({i})")
    page.eval("Array.from(document.querySelectorAll('#panel .actions button')).find(b => b.textContent.includes('1 hop')).click()")
    assert set(page.eval(RENDERED)) == one
    assert not page.eval("document.getElementById('ego-bar').hidden")
    page.eval(f"kgView.ego({i}, 2)")
    assert set(page.eval(RENDERED)) == two and len(two) > len(one)
    page.eval("document.getElementById('ego-exit').click()")
    assert len(page.eval(RENDERED)) == len(corpus_data["nodes"])
    assert page.eval("document.getElementById('ego-bar').hidden")
    _clean(page)


@pytest.mark.slow
def test_screenshot_is_a_picture_of_the_graph(corpus_tab, tmp_path: Path):
    png = corpus_tab.screenshot()
    (tmp_path / "view.png").write_bytes(png)
    width, height, pixels = png_pixels((tmp_path / "view.png").read_bytes())
    assert (width, height) == (WIDTH, HEIGHT)
    colours = {p[:3] for p in pixels}
    background = sum(1 for p in pixels if p[:3] == (255, 255, 255))
    assert len(colours) > 50  # nodes in five colours, antialiased edges and text
    assert 0.02 < 1 - background / len(pixels) < 0.9


def test_an_empty_graph_gives_a_page_that_says_so(browser: Browser, tmp_path: Path):
    (tmp_path / "empty.ttl").write_text("@prefix schema: <https://schema.org/> .\n", encoding="utf-8")
    res = run_kg("view", tmp_path / "empty.ttl")
    assert res.returncode == 0, res.stderr
    page = _open(browser, tmp_path / "empty.html")
    try:
        assert page.eval("document.getElementById('status').textContent").startswith("This graph has no persons")
        assert page.eval(RENDERED) == []
        _clean(page)
    finally:
        page.close()


# ---- hostile names: text from the graph never becomes markup or code ------------------------
def _hostile_graph(path: Path) -> Path:
    """A tiny graph made by hand whose names, role, sentence and headline are all hostile."""
    g = Graph()
    article, sentence = ID["article/evil"], ID["article/evil/s0"]
    g.add((article, RDF.type, SDO.NewsArticle))
    g.add((article, SDO.headline, Literal(HOSTILE["img"] + " headline")))
    g.add((article, SDO.url, Literal("javascript:window.__pwned='url'")))
    g.add((sentence, RDF.type, KG.Sentence))
    g.add((sentence, SDO.text, Literal("Câu: " + HOSTILE["script"] + HOSTILE["cdata"])))
    g.add((sentence, SDO.isPartOf, article))
    people = []
    for key, name in HOSTILE.items():
        node = ID[f"person/{key}"]
        people.append(node)
        g.add((node, RDF.type, SDO.Person))
        g.add((node, SDO.name, Literal(name)))
        g.add((node, SDO.alternateName, Literal(HOSTILE["script"] + key)))
        g.add((sentence, KG.mentions, node))
    org = ID["organization/evil"]
    g.add((org, RDF.type, SDO.Organization))
    g.add((org, SDO.name, Literal(HOSTILE["cdata"])))
    g.add((org, SDO.foundingDate, Literal("2020-01-02", datatype=XSD.date)))
    member, role = ID["membership/evil"], ID["role/evil"]
    g.add((member, ORG.member, people[0]))
    g.add((member, ORG.organization, org))
    g.add((member, ORG.role, role))
    g.add((role, SDO.name, Literal(HOSTILE["img"])))
    g.add((member, PROV.wasDerivedFrom, sentence))
    g.add((people[1], KG.relatedTo, URIRef(org)))
    out = path / "hostile.ttl"
    g.serialize(out, format="turtle", encoding="utf-8")
    return out


def test_hostile_names_survive_the_round_trip(tmp_path: Path):
    graph = _hostile_graph(tmp_path)
    res = run_kg("view", graph, "--out", tmp_path / "hostile.html")
    assert res.returncode == 0, res.stderr
    html = (tmp_path / "hostile.html").read_text(encoding="utf-8")
    assert len(re.findall("</script", html, re.I)) == 3 and "<!--" not in html
    assert "<img" not in html
    data = json.loads(html.split('<script type="application/json" id="kg-data">')[1].split("</script>")[0])
    assert sorted(n["name"] for n in data["nodes"]) == sorted([*HOSTILE.values(), HOSTILE["cdata"]])
    assert data["articles"][0]["url"] == ""  # a javascript: URL is never kept as a link
    assert render_page(data) == render_page(json.loads(json.dumps(data)))


def test_hostile_names_are_shown_as_text_and_never_run(browser: Browser, tmp_path: Path):
    graph = _hostile_graph(tmp_path)
    assert run_kg("view", graph, "--out", tmp_path / "hostile.html").returncode == 0
    page = _open(browser, tmp_path / "hostile.html")
    try:
        assert page.eval("document.scripts.length") == 3
        assert page.eval("document.querySelectorAll('img, iframe, object, embed').length") == 0
        for key, name in HOSTILE.items():
            i = page.eval(f"kgView.data.nodes.findIndex(n => n.id.endsWith('/person/{key}'))")
            assert i >= 0, key
            assert i in page.eval(f"kgView.search({json.dumps(name)})"), key
            page.eval(f"kgView.select({i})")
            assert page.eval("document.querySelector('#panel h2').textContent") == name, key
        # the panel of the person with the hostile post, organization and source sentence
        page.eval("kgView.select(kgView.data.nodes.findIndex(n => n.id.endsWith('/person/script')))")
        panel = page.eval("document.getElementById('panel').textContent")
        assert HOSTILE["img"] in panel and HOSTILE["cdata"] in panel and HOSTILE["script"] in panel
        assert page.eval("document.querySelectorAll('#panel a').length") == 0
        page.eval("document.getElementById('search').focus()")
        page.type_text("<script>")
        assert page.wait_for("document.querySelectorAll('#results li').length") >= 1
        assert page.eval("document.querySelectorAll('img, iframe, object, embed').length") == 0
        assert page.dialogs == []
        _clean(page)
    finally:
        page.close()
