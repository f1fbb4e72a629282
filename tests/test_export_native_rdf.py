"""The C writers of N-Triples and Turtle (kg/export/_rdftext.c) against the pure-Python writers
they stand in for (kg.export.ntriples.lines, kg.export.turtle.lines): the same bytes on the dev
corpus build's table and on many generated tables full of awkward terms; where the C code
hands a table back, nothing written, the Python code writes it; where the Python code fails,
the C code fails the same way; a table changed while it is written is an error, not a crash."""
from __future__ import annotations

import io
import random

import pytest

from conftest import shared
from kg.export import EXPORTERS, ntriples, turtle
from kg.native import PURE_ENV, native
from kg.pipeline import build
from kg.triples import Blank, Lit, Table

pytestmark = pytest.mark.skipif(native("kg.export._rdftext") is None,
                                reason="kg.export._rdftext not built (no C compiler): only the Python writers run")

FORMATS = {"nt": ntriples, "ttl": turtle}
ID = turtle._ID
XSD = "http://www.w3.org/2001/XMLSchema#"
TYPE = turtle._TYPE


def pure(fmt: str, table: Table) -> bytes:
    """The Python writer's bytes: the reference."""
    return "".join(FORMATS[fmt].lines(table)).encode("utf-8")


def in_c(fmt: str, table: Table) -> bytes | None:
    """The C writer's bytes, or None where it hands the table back (having written nothing)."""
    out = io.BytesIO()
    if FORMATS[fmt].write_native(table, out):
        return out.getvalue()
    assert out.getvalue() == b""
    return None


def exported(fmt: str, table: Table, monkeypatch, pure_python: bool) -> bytes:
    """What the exporter writes with the C writer switched on or off: bytes, or the type of the
    exception it raised."""
    if pure_python:
        monkeypatch.setenv(PURE_ENV, "1")
    else:
        monkeypatch.delenv(PURE_ENV, raising=False)
    out = io.BytesIO()
    try:
        EXPORTERS[fmt]().write(table, out)
    except Exception as e:  # noqa: BLE001 - compared between the two paths
        return type(e)
    finally:
        monkeypatch.delenv(PURE_ENV, raising=False)
    return out.getvalue()


@pytest.fixture(scope="module")
def corpus_table(tmp_path_factory) -> Table:
    return build([shared("corpus")], tmp_path_factory.mktemp("native-rdf"), formats=()).table


@pytest.mark.parametrize("fmt", FORMATS)
def test_dev_corpus_same_bytes(corpus_table: Table, fmt: str) -> None:
    written = in_c(fmt, corpus_table)
    assert written is not None and len(written) > 100_000
    assert written == pure(fmt, corpus_table)


# --- generated tables ----------------------------------------------------------------------

# Pieces of text: plain, escaped in strings or IRIs, multi-byte in UTF-8 (Latin-1, Vietnamese,
# U+2028, outside the BMP), and those that decide relative IRIs and prefixed names.
PIECES = ["a", "Z", "9", "_", "-", ".", "/", "~", "%", ":", "#", "?", " ", '"', "\\", "\n", "\r", "\t",
          "\b", "\f", "\x00", "\x01", "\x1f", "\x7f", "<", ">", "{", "}", "|", "^", "`", "é", "\xff",
          "\x80", "ệ", "Nguyễn", "\u2028", "😀", "𝔸", "ab", "x1", "..", "//", "event/e-1", "/."]
NAMESPACES = [ID, "https://w3id.org/kg-vn/ontology#", "https://schema.org/", "http://www.w3.org/ns/org#",
              "http://www.w3.org/ns/prov#", "http://www.w3.org/2004/02/skos/core#",
              "http://www.w3.org/1999/02/22-rdf-syntax-ns#", "http://www.w3.org/2000/01/rdf-schema#", XSD,
              "http://www.w3.org/2002/07/owl#", "http://example.org/", "https://w3id.org/kg-vn/", "urn:x:", ""]
NUMBERS = ["12", "-3", "+0", "007", "1.5", ".5", "5.", "-.25", "1e3", "+", "", "١٢", "12\n", "true", "false",
           "True", "1", " 1"]
DATATYPES = ["", "", "", XSD + "integer", XSD + "decimal", XSD + "boolean", XSD + "date", XSD + "string",
             "http://example.org/dt#my type", ID + "dt", "https://w3id.org/kg-vn/ontology#Dt"]
LANGUAGES = ["", "", "", "vi", "en-US", "x\ny"]


def text(rng: random.Random, most: int = 6) -> str:
    return "".join(rng.choice(PIECES) for _ in range(rng.randint(0, most)))


def iri(rng: random.Random) -> str:
    if rng.random() < 0.1:
        return TYPE
    return rng.choice(NAMESPACES) + (text(rng) if rng.random() < 0.6 else rng.choice(["a", "Person", "x-1", "_y"]))


def lit(rng: random.Random) -> Lit:
    dt = rng.choice(DATATYPES)
    lexical = rng.choice(NUMBERS) if dt and rng.random() < 0.7 else text(rng, 10)
    return Lit(lexical, dt, rng.choice(LANGUAGES) if not dt or rng.random() < 0.2 else "")


def blank(rng: random.Random) -> Blank:
    return Blank(rng.choice(["b", "n-1", "n_1", "é", "k"]) + text(rng, 3))


def term(rng: random.Random) -> str | Blank | Lit:
    roll = rng.random()
    return iri(rng) if roll < 0.5 else lit(rng) if roll < 0.85 else blank(rng)


def table(seed: int, subjects: str = "iri+blank") -> Table:
    """A table of a few dozen subjects; `subjects`: which terms the subjects are."""
    rng = random.Random(seed)
    t = Table()
    pool = [iri(rng) for _ in range(8)]  # IRIs that recur, as kg's do, among subjects and objects
    for _ in range(rng.randint(1, 30)):
        roll = rng.random()
        s = rng.choice(pool) if roll < 0.3 else iri(rng) if roll < 0.8 or subjects == "iri" \
            else blank(rng) if roll < 0.95 or subjects != "any" else lit(rng)
        po = t.spo.setdefault(s, {})
        for _ in range(rng.randint(1, 6)):
            p = iri(rng) if rng.random() < 0.95 else rng.choice([blank(rng), lit(rng)])
            objs = po.setdefault(p, [])
            count = rng.choice([1, 1, 1, 2, 3, 5, 40])
            for _ in range(count):
                o = rng.choice(pool) if rng.random() < 0.2 else term(rng)
                if rng.random() < 0.1:  # an equal term, another object
                    o = Lit(*o) if type(o) is Lit else type(o)((o + ".")[:-1])
                objs.append(o)
            if rng.random() < 0.05:
                objs.append(objs[0])  # a repeat: lines() writes it twice, so must the C code
    return t


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("subjects", ["iri", "iri+blank", "any"])
def test_generated_tables_same_bytes(fmt: str, subjects: str) -> None:
    handed_back = 0
    for seed in range(150):
        t = table(seed, subjects)
        written = in_c(fmt, t)
        reference = pure(fmt, t)
        if written is None:
            handed_back += 1  # N-Triples only: literal subjects, blank node texts that collide
        else:
            assert written == reference, f"seed {seed}"
    if subjects == "iri" or fmt == "ttl":
        assert handed_back == 0  # every such table is the C code's to write
    elif subjects == "any":
        assert handed_back > 0  # literal subjects: lines() writes them "as before", the C code hands back


def test_colliding_blank_node_texts_are_handed_back(monkeypatch) -> None:
    """Two blank nodes whose labels sanitize alike: lines() sorts whole lines; the C code
    leaves that to it."""
    t = Table()
    p = "https://example.org/p"
    t.add(Blank("a-b"), p, "https://example.org/z")
    t.add(Blank("a_b"), p, "https://example.org/a")
    t.add("https://example.org/s", p, Lit("x"))
    assert in_c("nt", t) is None
    assert exported("nt", t, monkeypatch, False) == exported("nt", t, monkeypatch, True) == pure("nt", t)
    assert in_c("ttl", t) == pure("ttl", t)


def test_blank_node_predicates_that_sanitize_alike_keep_their_order() -> None:
    """lines() sorts predicates by text, stably: the C code too."""
    for first, second in [("p-1", "p_1"), ("p_1", "p-1")]:
        t = Table()
        t.add("https://example.org/s", Blank(first), Lit("one"))
        t.add("https://example.org/s", Blank(second), Lit("two"))
        assert in_c("nt", t) == pure("nt", t)
        assert in_c("ttl", t) == pure("ttl", t)


ODD = {
    "an int object": lambda t: t.spo.setdefault("https://example.org/s", {}).setdefault("https://example.org/p", []).append(5),
    "a str subclass": lambda t: t.add("https://example.org/s", "https://example.org/p", type("S", (str,), {})("x")),
    "a Lit of ints": lambda t: t.add("https://example.org/s", "https://example.org/p", Lit(1, "", "")),
    "an empty list": lambda t: t.spo.setdefault("https://example.org/s", {}).setdefault(TYPE, []),
    "an empty predicate dict": lambda t: t.spo.setdefault("https://example.org/e", {}),
    "a tuple of objects": lambda t: t.spo.setdefault("https://example.org/s", {}).setdefault("https://example.org/p", ("https://example.org/o",)),
    "a literal subject": lambda t: t.add(Lit("x"), "https://example.org/p", "https://example.org/o"),
    "a lone surrogate in a literal": lambda t: t.add("https://example.org/s", "https://example.org/p", Lit("a\ud800b")),
    "a lone surrogate in an IRI": lambda t: t.add("https://example.org/s", "https://example.org/p", "https://example.org/\udfff"),
    "a lone surrogate in a subject": lambda t: t.add("https://example.org/\udfff", "https://example.org/p", Lit("x")),
    "a lone surrogate in a blank node label": lambda t: t.add(Blank("b\ud800"), "https://example.org/p", Lit("x")),
    # the C N-Triples writer meets the surrogate first and the odd term after it: the Python
    # code must still decide (it renders the odd term its own way, or fails its own way)
    "a lone surrogate, then a literal subject": lambda t: (
        t.add("https://example.org/\udfff", "https://example.org/p", Lit("x")),
        t.add(Lit("x"), "https://example.org/p", "https://example.org/o")),
    "a lone surrogate, then an int object": lambda t: (
        t.add("https://example.org/s", "https://example.org/p", Lit("a\ud800b")),
        t.spo.setdefault("https://example.org/z", {}).setdefault("https://example.org/p", []).append(5)),
}


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("case", ODD)
def test_odd_tables_as_the_python_writer(fmt: str, case: str, monkeypatch) -> None:
    """Terms and shapes kg never makes: the same bytes, or the same exception, either way."""
    t = table(3)
    ODD[case](t)
    ours, reference = exported(fmt, t, monkeypatch, False), exported(fmt, t, monkeypatch, True)
    assert ours == reference
    if "surrogate in a" in case and "blank" not in case or case == "a lone surrogate, then a literal subject":
        assert reference is UnicodeEncodeError  # UTF-8 cannot hold one: no file, either way


@pytest.mark.parametrize("fmt", FORMATS)
def test_written_in_chunks_of_about_a_megabyte(fmt: str) -> None:
    t = Table()
    for i in range(30_000):
        s = f"{ID}article/{i:06d}"
        t.add(s, TYPE, "https://w3id.org/kg-vn/ontology#Article")
        t.add(s, "https://schema.org/text", Lit(f"Câu số {i}, một câu dài vừa đủ để viết." * 2, "", "vi"))

    class Chunks(io.BytesIO):
        sizes: list[int] = []

        def write(self, data: bytes) -> int:
            self.sizes.append(len(data))
            return super().write(data)

    out = Chunks()
    assert FORMATS[fmt].write_native(t, out)
    assert out.getvalue() == pure(fmt, t) and len(out.sizes) > 2
    assert all(2**20 <= n < 2**20 + 2**16 for n in out.sizes[:-1])


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_table_changed_while_written_is_an_error_not_a_crash(fmt: str) -> None:
    """out.write() is Python code: one that swaps the table's objects for ints, or empties it,
    gets a RuntimeError or a finished write, never a crash."""
    for how in ("ints", "clear"):
        t = Table()
        for i in range(20_000):
            t.add(f"{ID}x/{i}", "https://schema.org/name", Lit(f"tên {i} " * 10))
            t.add(f"{ID}x/{i}", "https://schema.org/knows", f"{ID}x/{i + 1}")

        class Meddling(io.BytesIO):
            def write(self, data: bytes) -> int:
                for po in list(t.spo.values()):
                    if how == "clear":
                        po.clear()
                    else:
                        for objs in po.values():
                            objs[:] = [5] * len(objs)
                t.spo.clear()
                return super().write(data)

        try:
            FORMATS[fmt].write_native(t, Meddling())
        except RuntimeError:
            assert how == "ints"


def test_prefixed_names_take_the_longest_namespace_first_of_equals(monkeypatch) -> None:
    """turtle._iri() picks the longest namespace an IRI starts with (the first of those as
    long), and writes a prefixed name only when the rest is a plain local name: the C code is
    given the same namespaces and must pick the same."""
    names = (("ex", "http://example.org/"), ("exa", "http://example.org/a/"), ("twin", "http://example.org/a/"),
             ("ok", "http://example.org/ok#"))
    monkeypatch.setattr(turtle, "PREFIXES", turtle.PREFIXES + names)
    monkeypatch.setattr(turtle, "_NAMES", turtle._NAMES + names)
    monkeypatch.setattr(turtle, "_HEAD", turtle._HEAD + "".join(f"@prefix {p}: <{ns}> .\n" for p, ns in names))
    t = Table()
    for tail in ("a/b", "a/b-c", "a/", "a/1x", "ab", "a/b/c", "ok#x", "ok#", "x_y", "a/é"):
        t.add("http://example.org/s", "http://example.org/p", "http://example.org/" + tail)
    written = in_c("ttl", t)
    assert written == pure("ttl", t)
    body = written[len(turtle._HEAD.encode()):]
    assert b"exa:b-c" in body and b"twin:" not in body and b"ok:x" in body and b"<http://example.org/a/>" in body
