"""Patch written outputs in place of writing them again: graph.ttl, graph.graphml and
resolution.jsonl hold their subjects (entities, nodes, edges) in sorted order, each one's
text made from it alone. A patch finds the blocks of the changed subjects by binary search
over the old file, and writes the new file as the old one's bytes between them and the new
blocks (atomically, as every output is written). kg.engine.incremental says what changed.
"""
from __future__ import annotations

import json
import mmap
import os
import re
from pathlib import Path
from typing import Callable, Iterable
from xml.sax.saxutils import unescape

from kg.export import graphml as gml
from kg.export import turtle as ttl
from kg.export.base import write_file_atomic
from kg.native import native
from kg.triples import Table

__all__ = ["turtle", "records", "graphml"]

_ID = ttl._ID
_NS = dict(ttl.PREFIXES)
_U = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")


class _Section:
    """The blocks of data[lo:hi], sorted by key: `next_start(pos)` gives the first block start
    at or after pos (or -1), `key(start)` the block's key, `write(out, view, pieces, copy)`
    writes the section's new pieces (old ranges and new blocks)."""

    def __init__(self, lo: int, hi: int, next_start: Callable[[int], int], key: Callable[[int], object],
                 write: Callable | None = None) -> None:
        self.lo, self.hi = lo, hi
        self.next_start, self.key = next_start, key
        self.write = write or _plain

    def _next(self, pos: int) -> int:
        found = self.next_start(pos)
        return self.hi if found < 0 or found > self.hi else found

    def find(self, key, lo: int) -> tuple[int, int, bool]:
        """(start, end, found): the block of `key`, or where it would go (start == end),
        searching from the block start `lo` on (every block before it has a smaller key)."""
        hi = self.hi  # a block start with a greater key, or the end
        while lo < hi:
            mid = (lo + hi) // 2
            b = self._next(mid)
            if b >= hi:  # no block starts in [mid, hi): walk the few from lo
                b = lo
                while b < hi:
                    k = self.key(b)
                    if k >= key:
                        return (b, self._next(b + 1), True) if k == key else (b, b, False)
                    b = self._next(b + 1)
                return hi, hi, False
            k = self.key(b)
            if k < key:
                lo = self._next(b + 1)
            elif k == key:
                return b, self._next(b + 1), True
            else:
                hi = b
        return hi, hi, False


def _plain(out, view, pieces, copy) -> None:
    for piece in pieces:
        if isinstance(piece, tuple):
            copy(*piece)
        else:
            out.write(piece)


def _copier(out, src_fd: int, view) -> Callable[[int, int], None]:
    """copy(a, b): the old file's bytes a to b appended to `out`, copied by the kernel
    (os.copy_file_range: a quarter faster than writing them from the map) where it can."""
    def copy(a: int, b: int) -> None:
        if b <= a:
            return
        if hasattr(os, "copy_file_range"):
            out.flush()
            try:
                while a < b:
                    done = os.copy_file_range(src_fd, out.fileno(), b - a, a)
                    if done <= 0:
                        break
                    a += done
            except OSError:
                pass  # not between these files: written from the map below
        if a < b:
            out.write(view[a:b])
    return copy


# ---- Turtle -------------------------------------------------------------------------------

def _turtle_subject(text: str) -> str:
    """The IRI a subject is written as in kg's Turtle (kg.export.turtle._iri)."""
    if text.startswith("<"):
        body = text[1:-1]
        if "\\" in body:
            body = _U.sub(lambda m: chr(int(m.group(1) or m.group(2), 16)), body)
        return body if ":" in body.split("/", 1)[0] else _ID + body
    prefix, local = text.split(":", 1)
    return _NS[prefix] + local


def turtle(path: Path, after: Table, touched: Iterable[str]) -> Path:
    """graph.ttl with the blocks of the `touched` subjects as in `after` (gone where absent)."""
    head = ttl._HEAD.encode("utf-8")
    blocks = _turtle_blocks(after)
    edits = [(s, blocks.get(s)) for s in sorted(set(touched))]

    def section(data):
        if data[:len(head)] != head:
            raise ValueError(f"{path} is not kg's Turtle")

        def next_start(pos):
            found = data.find(b"\n\n", pos - 1)
            return found + 1 if found >= 0 else -1

        def key(start):
            end = data.find(b"\n", start + 1)
            return _turtle_subject(bytes(data[start + 1:end]).decode("utf-8"))
        return [_Section(len(head), len(data), next_start, key)]
    return _patch_with(path, section, edits)


def _turtle_blocks(table: Table) -> dict[str, bytes]:
    """Subject -> its block of kg's Turtle (the blank line before it, the lines of it)."""
    text = "".join(ttl.lines(table))[len(ttl._HEAD):]
    starts = [0] + [m.start() + 1 for m in re.finditer("\n\n", text)]
    subjects = sorted(table.spo)
    if len(starts) != len(subjects) and subjects:
        raise ValueError("Turtle blocks do not match their subjects")
    ends = starts[1:] + [len(text)]
    return {s: text[a:b].encode("utf-8") for s, a, b in zip(subjects, starts, ends)}


def _patch_with(path: Path, make_sections, *edits_per_section) -> Path:
    with path.open("rb") as f, mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ) as data:
        sections = make_sections(data)
        view = memoryview(data)

        def write(out):
            copy = _copier(out, f.fileno(), view)
            pos = 0
            for section, edits in zip(sections, edits_per_section):
                lo = section.lo
                pieces = []
                for key, new in edits:
                    b, e, found = section.find(key, lo)
                    pieces.append((lo, b))
                    if new is not None:
                        pieces.append(new)
                    lo = e if found else b
                pieces.append((lo, section.hi))
                copy(pos, section.lo)
                section.write(out, view, pieces, copy)
                pos = section.hi
            copy(pos, len(data))
        try:
            return write_file_atomic(path, write)
        finally:
            view.release()


# ---- resolution.jsonl ---------------------------------------------------------------------

_IRI_FIELD = b', "iri": "'


def _records_section(data) -> list[_Section]:
    def next_start(pos):
        if pos <= 0:
            return 0
        found = data.find(b"\n", pos - 1)
        return found + 1 if found >= 0 else -1

    def key(start):
        end = data.find(b"\n", start)
        at = data.rfind(_IRI_FIELD, start, end) + len(_IRI_FIELD)
        tail = bytes(data[at - 1:min(end, at + 4096)]).decode("utf-8")
        return json.decoder.scanstring(tail, 1)[0]
    return [_Section(0, len(data), next_start, key)]


def record_lines(path: Path, iris: Iterable[str]) -> dict[str, str]:
    """IRI -> its line of resolution.jsonl (without the line break), for those it has."""
    found = {}
    with path.open("rb") as f, mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ) as data:
        section, = _records_section(data)
        lo = 0
        for i in sorted(iris):
            b, e, hit = section.find(i, lo)
            if hit:
                found[i] = bytes(data[b:e]).decode("utf-8").rstrip("\n")
            lo = e if hit else b
    return found


def records(path: Path, lines: dict[str, str | None]) -> Path:
    """resolution.jsonl with these lines (by IRI) in place of the old ones, gone where None."""
    edits = [(i, None if line is None else (line + "\n").encode("utf-8")) for i, line in sorted(lines.items())]
    return _patch_with(path, _records_section, edits)


# ---- GraphML ------------------------------------------------------------------------------

_NODE = b'\n    <node id="'
_EDGE_OPEN = b'    <edge id="e'  # an edge row opens with it, then its number
_EDGE = b"\n" + _EDGE_OPEN


def _unxml(text: str) -> str:
    """graphml._text's escapes undone."""
    return unescape(text, {"&quot;": '"'}) if "&" in text else text


def graphml(path: Path, nodes: dict[str, tuple | None], changed: dict[tuple[str, str, str], bool]) -> Path:
    """graph.graphml with the rows of these nodes made again (id -> (label, type, roles text
    or None), None: gone) and these edges added (True) or removed (False); the edges after
    the first change numbered again."""
    live = sorted(n for n, row in nodes.items() if row is not None)
    node_rows = _rows(gml._render(live, [nodes[n][0] for n in live], [nodes[n][1] for n in live],
                                  {n: nodes[n][2] for n in live if nodes[n][2]}, []), _NODE)
    new_rows = dict(zip(live, node_rows))
    added = sorted(e for e, keep in changed.items() if keep)
    edge_rows = dict(zip(added, _rows(gml._render([], [], [], {}, added), _EDGE)))
    node_edits = [(n, new_rows.get(n)) for n in sorted(nodes)]
    edge_edits = [(e, edge_rows.get(e)) for e in sorted(changed)]

    def sections(data):
        tail = data.rfind(gml._TAIL_BYTES)
        first_edge = data.find(_EDGE)
        nodes_end = first_edge + 1 if first_edge >= 0 else tail
        first_node = data.find(_NODE)
        nodes_start = first_node + 1 if 0 <= first_node < nodes_end else nodes_end

        def starts(marker, hi):
            def next_start(pos):
                found = data.find(marker, pos - 1)
                return found + 1 if 0 <= found < hi else -1
            return next_start

        def node_key(start):
            a = start + len(_NODE) - 1
            return _unxml(bytes(data[a:data.find(b'"', a)]).decode("utf-8"))

        def edge_key(start):
            line_end = data.find(b"\n", start)
            line = bytes(data[start:line_end]).decode("utf-8")
            m = _EDGE_HEAD.match(line)
            lab = data.find(b'<data key="edge_label">', line_end) + len('<data key="edge_label">')
            label = bytes(data[lab:data.find(b"</data>", lab)]).decode("utf-8")
            return (_unxml(m.group(1)), _unxml(m.group(2)), _unxml(label))
        return [_Section(nodes_start, nodes_end, starts(_NODE, nodes_end), node_key),
                _Section(nodes_end, tail, starts(_EDGE, tail), edge_key, _renumbered)]
    return _patch_with(path, sections, node_edits, edge_edits)


_EDGE_HEAD = re.compile(r'    <edge id="e\d+" source="([^"]*)" target="([^"]*)">')


def _rows(pieces, marker: bytes) -> list[bytes]:
    """The rows of a rendered GraphML text (between its head and tail), each starting where
    `marker` (a line break, then the row's opening) does."""
    text = "".join(pieces)
    body = text[len(gml._HEAD):len(text) - len(gml._TAIL)].encode("utf-8")
    if not body:
        return []
    starts = [0] + [m.start() + 1 for m in re.finditer(re.escape(marker), body)]
    return [body[a:b] for a, b in zip(starts, starts[1:] + [len(body)])]


_EDGE_ID = re.compile(re.escape(_EDGE_OPEN) + rb"[0-9]*")  # a row's start, up to its number


def _renumbered(out, view, pieces, copy) -> None:
    """The edge rows of `pieces`, numbered e0, e1... in order: the old rows before the first
    change kept as they are, every row after it given its new number. The rows are cut at
    their ids by one regex split and joined with the new ids, no Python step per row
    (440k edges at 10k articles)."""
    n = 0
    exact = True
    fast = native("kg.export._splice")
    for piece in pieces:
        if isinstance(piece, tuple):
            if piece[0] == piece[1]:
                continue
            if exact and _id_at(view, piece[0]) == n:  # still in order: the old rows kept whole,
                copy(*piece)  # numbered n up to the last one's
                n = _id_at(view, _last_row(view, piece)) + 1
                continue
            data = view[piece[0]:piece[1]]
        else:
            data = piece
        exact = False
        text, count = fast.renumber(data, n) if fast is not None else _renumber_py(data, n)
        out.write(text)
        n += count


def _renumber_py(data, n: int) -> tuple[bytes, int]:
    """The edge rows of `data` numbered n, n + 1...; how many. The reference of the C
    renumber() (kg/export/_splice.c): the rows cut at their ids by one regex split (a line
    break put in front, so that a row at the very start is cut alike) and joined with the
    new ids."""
    rest = _ROW.split(b"\n" + bytes(data))  # what is before the first row, then each row after its id
    count = len(rest) - 1
    joined = [b""] * (2 * count + 1)
    joined[0] = rest[0]
    joined[1::2] = [b"%se%d" % (_EDGE[:-1], k) for k in range(n, n + count)]
    joined[2::2] = rest[1:]
    return b"".join(joined)[1:], count


_ROW = re.compile(re.escape(_EDGE) + rb"[0-9]*")


def _id_at(view, pos: int) -> int | None:
    m = _EDGE_ID.match(bytes(view[pos:pos + 64]))
    digits = m.group()[len(_EDGE_OPEN):] if m else b""
    return int(digits) if digits else None


def _last_row(view, piece: tuple[int, int]) -> int:
    """Where the last edge row of an old range starts."""
    data = view.obj  # the mmap: rfind without copying the range
    found = data.rfind(_EDGE, piece[0], piece[1])
    return found + 1 if found >= 0 else piece[0]
