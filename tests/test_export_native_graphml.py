"""The GraphML writer's C accelerator (kg.export._graphml) against its pure-Python reference:
the same view and the same bytes, on the dev corpus's build and on many generated tables full
of awkward cases; and the tables it hands back to the Python code are still written the same."""
from __future__ import annotations

import io
import random
import sys

import pytest

from conftest import ROOT, shared
from kg.export import graphml
from kg.export.graphml import GraphMLExporter, view
from kg.map.vocab import ENTITY_CLASSES, EVENT, EVENT_CLASSES
from kg.native import PURE_ENV, native
from kg.triples import Blank, Lit, Table

sys.path.insert(0, str(ROOT / "bench"))
from make_graph import make_graph  # noqa: E402

accel = native("kg.export._graphml")
pytestmark = pytest.mark.skipif(accel is None, reason="kg.export._graphml is not built (no C compiler)")

NODE_CLASSES = sorted(graphml._NODE_CLASSES)
OTHER_CLASSES = ["https://w3id.org/kg-vn/ontology#Article", "http://www.w3.org/ns/org#Role", graphml._MEMBERSHIP]
EX = "http://example.org/"
# texts that need XML escapes, that XML forbids, or that are not ASCII (one byte, two, four)
TEXTS = ['say "hi" & <b>', "it's", "a\x00b\x01c\x08\x0b\x0c\x0e\x1f", "tab\tnl\nret\r", "\ufffe\uffff",
         "line\u2028sep\u2029", "café ñ", "Nguyễn Thị Ánh — “ngoặc”", "emoji 🙂 𝄞", "", " ", "x" * 300,
         "&amp; already", "trailing/", "frag#", "#", "/", "plain"]
PREDICATES = [EX + "knows", EX + "vocab#knows", EX + "other/knows", EX + "p#", EX + "q/",
              "https://schema.org/location", "https://w3id.org/kg-vn/ontology#participant"]


def _write(table: Table, monkeypatch, pure: bool) -> bytes:
    if pure:
        monkeypatch.setenv(PURE_ENV, "1")
    else:
        monkeypatch.delenv(PURE_ENV, raising=False)
    out = io.BytesIO()
    GraphMLExporter().write(table, out)
    return out.getvalue()


def _both_paths_agree(table: Table, monkeypatch) -> bytes:
    native_bytes = _write(table, monkeypatch, pure=False)
    native_view = view(table)
    pure_bytes = _write(table, monkeypatch, pure=True)
    assert native_bytes == pure_bytes
    assert view(table) == native_view
    return native_bytes


def _handled_by_c(table: Table) -> bool:
    """Whether the C code computed the view itself (else it handed the table back to Python),
    checking its columns equal the Python reference's where it did."""
    found = accel.columns(table.spo, graphml._NATIVE_CONSTS)
    handled = accel.write(io.BytesIO(), table.spo, graphml._NATIVE_CONSTS, graphml._NATIVE_PIECES)
    assert handled == (found is not None)  # write() and columns() hand back the same tables
    if found is None:
        return False
    assert found == graphml._columns_py(table)
    return True


def _text(rng: random.Random) -> str:
    return rng.choice(TEXTS) if rng.random() < 0.7 else "".join(
        rng.choice("aZ09 &<>\"'\x07\t\u1ec5\U0001f642\ufffd") for _ in range(rng.randrange(12)))


def _iri(rng: random.Random, kind: str, i: int) -> str:
    """Mostly plain IRIs; some with characters XML must escape, or not ASCII."""
    tail = rng.choice(["", "", "", "&x=1", "<a>", '"q"', "é", "ễ", "🙂", "\x01"])
    return f"{EX}{kind}/{i}{tail}"


def random_table(seed: int, blanks: bool = False) -> Table:
    """A table shaped like kg's (typed nodes with names, memberships with roles, links),
    with the awkward cases the writer must get right."""
    rng = random.Random(seed)
    table = Table()
    nodes: list = []
    for i in range(rng.randrange(1, 40)):
        s = Blank(f"b{i}") if blanks and rng.random() < 0.3 else _iri(rng, "n", i)
        types = rng.sample(NODE_CLASSES + OTHER_CLASSES, rng.choice([1, 1, 1, 2, 3]))
        if rng.random() < 0.1:
            types.append(Lit(str(EVENT)))  # a literal in a type list is no class
        for c in types:
            table.add(s, graphml._TYPE, c)
        names = rng.choice([0, 1, 1, 1, 2, 3])
        for _ in range(names):
            table.add(s, graphml._NAME, Lit(_text(rng), "", rng.choice(["", "vi"])))
        if rng.random() < 0.1:
            table.add(s, graphml._NAME, EX + "not-a-literal")
        nodes.append(s)
    if blanks and rng.random() < 0.5:  # a blank node and an IRI with the same text, both nodes
        table.add(Blank(EX + "n/0"), graphml._TYPE, NODE_CLASSES[0])
        table.add(EX + "n/0", graphml._TYPE, NODE_CLASSES[1])
        nodes += [Blank(EX + "n/0"), EX + "n/0"]
    roles = []
    for i in range(rng.randrange(6)):
        role = _iri(rng, "role", i)
        for prop in rng.sample([graphml._PREF_LABEL, graphml._NAME], rng.randrange(3)):
            for _ in range(rng.randrange(1, 3)):
                table.add(role, prop, Lit(_text(rng)))
        roles.append(role)
    for i in range(rng.randrange(15)):
        m = _iri(rng, "membership", i)
        table.add(m, graphml._TYPE, graphml._MEMBERSHIP)
        for prop, count in ((graphml._MEMBER, 2), (graphml._ORGANIZATION, 3)):
            for _ in range(rng.randrange(count)):
                table.add(m, prop, rng.choice(nodes + [EX + "nowhere", Lit("x")]))
        for _ in range(rng.randrange(3)):
            table.add(m, graphml._ROLE, rng.choice(roles + [EX + "role/unnamed#", EX + "role/x/"]))
        if rng.random() < 0.6:
            table.add(m, graphml._FORMER, Lit(rng.choice(["true", "TRUE", "1", "false", "0", "True "]),
                                              rng.choice([graphml._BOOLEAN, graphml._BOOLEAN, ""])))
    for _ in range(rng.randrange(80)):
        s = rng.choice(nodes + [EX + "loose"])
        p = rng.choice(PREDICATES)
        o = rng.choice(nodes + [EX + "loose", Lit(_text(rng)), Blank("zz")])
        table.add(s, p, o)
    if nodes and rng.random() < 0.3:  # a long object list (the table keeps a set beside it)
        for i in range(50):
            table.add(nodes[0], PREDICATES[0], rng.choice(nodes + [Lit(str(i))]))
    return table


def test_the_pieces_the_c_code_writes_with() -> None:
    """The XML around an edge label and a roles text is cut where the text goes, at a character
    the escaping leaves as it is; one piece a class, in the classes' order."""
    assert graphml._text(graphml._SLOT) == graphml._SLOT
    head, tail, mids, gfxs, roles, edge = graphml._NATIVE_PIECES
    assert len(roles) == 2 and len(edge) == 3 and len(mids) == len(gfxs) == len(graphml._CLASSES)
    assert roles[0] + "a&b".encode() + roles[1] == graphml._roles_xml("a&b").encode().replace(b"&amp;", b"&")
    assert edge[0] + b"x" + edge[1] + b"x" + edge[2] == graphml._edge_tail("x").encode()


def test_the_dev_corpus_build(tmp_path, monkeypatch) -> None:
    from kg.pipeline import build

    table = build([shared("corpus")], tmp_path / "out", formats=("ttl",)).table
    assert _handled_by_c(table)
    written = _both_paths_agree(table, monkeypatch)
    assert written.count(b"<node ") > 100 and written.count(b"<edge ") > 100


def test_a_generated_kg_graph(monkeypatch) -> None:
    table = Table.from_graph(make_graph(3000, seed=5))
    assert _handled_by_c(table)
    assert b"&quot;" in _both_paths_agree(table, monkeypatch)


@pytest.mark.parametrize("seed", range(150))
def test_generated_tables(seed: int, monkeypatch) -> None:
    table = random_table(seed)
    assert _handled_by_c(table)
    _both_paths_agree(table, monkeypatch)


@pytest.mark.parametrize("seed", range(40))
def test_generated_tables_with_blank_nodes(seed: int, monkeypatch) -> None:
    """Blank-node nodes are left to the Python view (str() order, ties); C still writes it."""
    table = random_table(seed, blanks=True)
    nodes = [s for s, po in table.spo.items() if set(po.get(graphml._TYPE, ())) & set(NODE_CLASSES)]
    assert _handled_by_c(table) == all(type(s) is str for s in nodes)
    _both_paths_agree(table, monkeypatch)


def test_nodes_that_are_not_iris_are_handed_back() -> None:
    table = Table()
    table.add(Blank("b"), graphml._TYPE, NODE_CLASSES[0])
    table.add(EX + "a", graphml._TYPE, NODE_CLASSES[0])
    assert not _handled_by_c(table)
    table = Table()
    table.add(Lit("a literal subject"), graphml._TYPE, str(EVENT))
    assert not _handled_by_c(table)


def test_the_choice_of_class() -> None:
    """The smallest node class but kg:Event; kg:Event alone; not a node without one."""
    person, event = str(ENTITY_CLASSES["Person"]), str(EVENT)
    sub_event = sorted(map(str, EVENT_CLASSES))[0]
    table = Table()
    for s, types in {"a": [event, sub_event], "b": [event], "c": [person, OTHER_CLASSES[0]],
                     "d": [OTHER_CLASSES[0]]}.items():
        for c in types:
            table.add(EX + s, graphml._TYPE, c)
    assert _handled_by_c(table)
    v = view(table)
    assert [a["type"] for a in v.nodes.values()] == [graphml._local(sub_event), "Event", "Person"]


def test_an_empty_table(monkeypatch) -> None:
    assert _handled_by_c(Table())
    assert _both_paths_agree(Table(), monkeypatch).endswith(b"</graphml>\n")


@pytest.mark.parametrize("where", ["label", "id"])
def test_lone_surrogates_fail_on_both_paths(where: str, monkeypatch) -> None:
    table = Table()
    s = EX + ("a\ud800" if where == "id" else "a")
    table.add(s, graphml._TYPE, NODE_CLASSES[0])
    table.add(s, graphml._NAME, Lit("bad \udc00" if where == "label" else "ok"))
    for pure in (False, True):
        with pytest.raises(UnicodeEncodeError):
            _write(table, monkeypatch, pure)


def test_written_in_chunks_of_about_a_megabyte(monkeypatch) -> None:
    table = Table.from_graph(make_graph(60000, seed=2))
    monkeypatch.delenv(PURE_ENV, raising=False)
    sizes = []

    class Out:
        def write(self, data: bytes) -> None:
            sizes.append(len(data))

    GraphMLExporter().write(table, Out())
    assert len(sizes) > 1 and max(sizes) < 1.5 * 2**20 and min(sizes[:-1]) >= 2**20


def test_errors_of_the_output_stream_propagate(monkeypatch) -> None:
    monkeypatch.delenv(PURE_ENV, raising=False)

    class Full:
        def write(self, data: bytes) -> None:
            raise OSError("disk full")

    with pytest.raises(OSError, match="disk full"):
        GraphMLExporter().write(random_table(1), Full())


def test_bad_arguments_raise_not_crash() -> None:
    consts, pieces, kinds = graphml._NATIVE_CONSTS, graphml._NATIVE_PIECES, graphml._KIND_INDEX
    spo = {EX + "a": "not a dict"}
    assert accel.columns(spo, consts) is None  # left to Python
    out = io.BytesIO()
    assert accel.write(out, spo, consts, pieces) is False and out.getvalue() == b""
    with pytest.raises(TypeError):
        accel.columns([], consts)
    with pytest.raises(TypeError):
        accel.columns({}, consts[:-1])
    with pytest.raises(TypeError):
        accel.write(out, {}, consts, pieces[:-1])
    with pytest.raises(TypeError):
        accel.write(out, {}, consts, (b"", b"", (), (), (b"", b""), (b"", b"", b"")))
    with pytest.raises(AttributeError):
        accel.write(object(), {}, consts, pieces)
    with pytest.raises(TypeError):
        accel.render(io.BytesIO(), [1], ["x"], ["Person"], {}, [], kinds, pieces)
    with pytest.raises(KeyError):
        accel.render(io.BytesIO(), ["a"], ["x"], ["k"], {}, [], kinds, pieces)
    with pytest.raises(TypeError):
        accel.render(io.BytesIO(), [], [], [], {}, [("a", "b")], kinds, pieces)
    with pytest.raises(TypeError):
        accel.render(io.BytesIO(), [], [], [], {}, [("a", 1, "c")], kinds, pieces)
    with pytest.raises(ValueError):
        accel.render(io.BytesIO(), ["a"], [], [], {}, [], kinds, pieces)


@pytest.mark.parametrize("ids", [["a", "b"], ["a&", "b"]])
def test_rendering_any_columns(ids: list[str]) -> None:
    """_render escapes an edge's ends only where they are ids and some id needed escaping
    (in kg's view every end is an id); the C code writes the same for any columns."""
    columns = (ids, ["x<y", "ễ\x01"], ["Person", "Event"], {ids[0]: "r&d", "elsewhere": "z"},
               [(ids[0], "not<an id", "knows"), (ids[0], ids[1], "nguyên chủ tịch"), ("c&", ids[0], "p")])
    out = io.BytesIO()
    graphml._render_native(accel, out, *columns)
    assert out.getvalue() == "".join(graphml._render(*columns)).encode("utf-8")


@pytest.mark.parametrize("order", ["sorted", "reversed", "shuffled", "runs"])
def test_ids_in_any_order(order: str, monkeypatch) -> None:
    """The C code sorts the ids by merging the runs already in order: a table in order, in
    reverse, shuffled or in runs (as the mapper adds each article's nodes) is written the same."""
    rng = random.Random(7)
    ids = sorted(f"{EX}{kind}/{rng.randrange(10**6):06d}{tail}" for kind in ("person", "org", "event")
                 for tail in ("", "-a", "é", "ễ-b") for _ in range(60))
    ids = list(dict.fromkeys(ids))
    if order == "reversed":
        ids.reverse()
    elif order == "shuffled":
        rng.shuffle(ids)
    elif order == "runs":
        ids = [i for start in range(0, len(ids), 7) for i in reversed(ids[start:start + 7])]
    table = Table()
    for n, s in enumerate(ids):
        table.add(s, graphml._TYPE, NODE_CLASSES[n % len(NODE_CLASSES)])
        table.add(s, graphml._NAME, Lit(f"name {n % 17}"))
        table.add(s, PREDICATES[n % len(PREDICATES)], ids[(n * 31) % len(ids)])
    assert _handled_by_c(table)
    _both_paths_agree(table, monkeypatch)


def test_keys_that_are_other_objects_than_ours(monkeypatch) -> None:
    """The table's predicates are equal to the writer's but other objects (the C code looks
    some up by identity first), in some subjects only."""
    table = random_table(3)
    copy = Table()
    for n, (s, p, o) in enumerate(table):
        copy.add(s, "".join(p) if n % 2 else p, o)  # "".join(): an equal str, another object
    assert any(p is not graphml._NAME and p == graphml._NAME for po in copy.spo.values() for p in po)
    assert _handled_by_c(copy)
    _both_paths_agree(copy, monkeypatch)


def test_terms_of_other_kinds_are_handed_back(monkeypatch) -> None:
    """An object, class or name of a kind kg's tables do not hold: the C code leaves the table
    to the Python code, which writes it (a str subclass compares as Python code says)."""

    class Other(str):
        pass

    for s, p, o in [(EX + "n/0", EX + "fresh", Other(EX + "n/1")),
                    (EX + "n/0", graphml._TYPE, Other(NODE_CLASSES[1])),
                    (EX + "n/0", graphml._NAME, Lit(Other("a name of its own")))]:
        table = random_table(5)
        table.add(EX + "n/0", graphml._TYPE, NODE_CLASSES[0])
        table.add(EX + "n/1", graphml._TYPE, NODE_CLASSES[0])
        table.add(s, p, o)
        assert not _handled_by_c(table)
        _both_paths_agree(table, monkeypatch)
