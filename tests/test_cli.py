"""The `kg` command line, run as a real process on the bundled example: outputs, exit codes
(0 ok, 1 violations, 2 error), one-line error messages, no partial output, determinism."""
from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from rdflib import RDF, Graph, Namespace

from conftest import EXAMPLES, run_kg
from kg.cli import main

SCHEMA = Namespace("https://schema.org/")
KG = Namespace("https://w3id.org/kg-vn/ontology#")
PERSON_NAMES = "SELECT ?name WHERE { ?p a kg:Person ; schema:name ?name } ORDER BY ?name"


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory):
    """One full build of examples/ (both formats, with the summary), shared by this module."""
    out = tmp_path_factory.mktemp("example")
    res = run_kg("build", EXAMPLES, "--out", out, "--format", "ttl", "--format", "graphml")
    return res, out


@pytest.fixture(scope="module")
def person_names(example) -> list[str]:
    g = Graph().parse(example[1] / "graph.ttl")
    return sorted(str(n) for p in g.subjects(RDF.type, KG.Person) for n in g.objects(p, SCHEMA.name))


def test_build_writes_both_formats_and_a_summary(example):
    res, out = example
    assert res.returncode == 0, res.stderr
    assert (out / "graph.ttl").stat().st_size > 0
    assert (out / "graph.graphml").stat().st_size > 0
    assert f"articles: {len(list(EXAMPLES.glob('*.txt')))}" in res.stdout
    assert "SHACL: conforms" in res.stdout
    assert "Traceback" not in res.stderr


def test_validate_accepts_the_built_graph(example):
    res = run_kg("validate", example[1] / "graph.ttl")
    assert (res.returncode, res.stdout.strip()) == (0, "conforms"), res.stderr


def test_validate_reports_a_person_without_name(example, tmp_path: Path):
    g = Graph().parse(example[1] / "graph.ttl")
    person = sorted(g.subjects(RDF.type, KG.Person))[0]
    g.remove((person, SCHEMA.name, None))
    broken = tmp_path / "graph.ttl"
    g.serialize(broken, format="turtle")
    res = run_kg("validate", broken)
    assert res.returncode == 1, res.stdout + res.stderr
    assert "schema:name" in res.stdout
    assert str(person) in res.stdout


# case -> (kg arguments, "{d}" standing for the test's folder; what the message must name)
BAD_INPUTS = {
    "missing file": (["build", "{d}/missing.txt", "--out", "{d}/out"], "missing.txt"),
    "empty file": (["build", "{d}/empty.txt", "--out", "{d}/out"], "empty.txt"),
    "malformed JSON line": (["build", "{d}/bad.jsonl", "--out", "{d}/out"], "bad.jsonl:2"),
    "unknown extension": (["build", "{d}/notes.docx", "--out", "{d}/out"], ".docx"),
    "unparseable Turtle (validate)": (["validate", "{d}/bad.ttl"], "bad.ttl"),
    "unparseable Turtle (query)": (["query", "{d}/bad.ttl", PERSON_NAMES], "bad.ttl"),
    "unparseable Turtle (stats)": (["stats", "{d}/bad.ttl"], "bad.ttl"),
    "missing graph": (["stats", "{d}/missing.ttl"], "missing.ttl"),
}


def _write_bad_files(d: Path) -> None:
    (d / "empty.txt").write_text("", encoding="utf-8")
    (d / "bad.jsonl").write_text('{"id": "a", "title": "Tin", "text": "Ông Nguyễn Văn An phát biểu."}\n'
                                 '{"id": "b", "title": \n', encoding="utf-8")
    (d / "notes.docx").write_text("Tin\n\nNội dung.\n", encoding="utf-8")
    (d / "bad.ttl").write_text("@prefix schema: <https://schema.org/> .\n<a> schema:name \n", encoding="utf-8")


@pytest.mark.parametrize("case", BAD_INPUTS)
def test_bad_input_is_one_error_line_and_exit_2(case: str, tmp_path: Path):
    _write_bad_files(tmp_path)
    args, names = BAD_INPUTS[case]
    res = run_kg(*(arg.replace("{d}", str(tmp_path)) for arg in args))
    assert res.returncode == 2, res.stdout + res.stderr
    assert "Traceback" not in res.stderr
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 1, f"expected one line on stderr, got:\n{res.stderr}"
    assert lines[0].startswith("error: ") and names in lines[0]
    assert not (tmp_path / "out" / "graph.ttl").exists()


def test_failed_build_leaves_no_partial_output(tmp_path: Path):
    """A good article and a bad record together: strict mode fails the whole build."""
    (tmp_path / "good.txt").write_text((EXAMPLES / "bao-cao-kiem-tra.txt").read_text(encoding="utf-8"),
                                       encoding="utf-8")
    (tmp_path / "z.jsonl").write_text("not json\n", encoding="utf-8")
    res = run_kg("build", tmp_path / "good.txt", tmp_path / "z.jsonl", "--out", tmp_path / "out")
    assert res.returncode == 2
    assert "z.jsonl:1" in res.stderr
    assert not (tmp_path / "out" / "graph.ttl").exists()
    assert not (tmp_path / "out" / "graph.graphml").exists()


def test_unknown_output_format_is_a_user_error_before_any_output(tmp_path: Path):
    res = run_kg("build", EXAMPLES, "--out", tmp_path / "out", "--format", "ttl", "--format", "docx")
    assert res.returncode == 2
    assert res.stderr.startswith("error") and "docx" in res.stderr and "internal error" not in res.stderr
    assert not (tmp_path / "out" / "graph.ttl").exists()


def test_lenient_build_skips_a_bad_record_with_a_warning(tmp_path: Path):
    (tmp_path / "news.jsonl").write_text(
        '{"id": "a", "title": "Tin", "text": "Ông Nguyễn Văn An, Bí thư Tỉnh ủy Hà Tĩnh, phát biểu."}\n'
        "{broken\n", encoding="utf-8")
    res = run_kg("build", tmp_path / "news.jsonl", "--out", tmp_path / "out", "--lenient")
    assert res.returncode == 0, res.stderr
    assert "warning:" in res.stderr and "news.jsonl:2" in res.stderr
    assert "articles: 1" in res.stdout


def test_headline_ending_in_an_organization_builds(tmp_path: Path):
    """Headlines have no final stop, so a name can end the text (this once raised IndexError)."""
    (tmp_path / "a.txt").write_text("Công bố kết luận kiểm tra tại Sở Tài chính\n\n"
                                    "Sáng 12/3/2024, bà Lê Thị Mai Hương, Phó Giám đốc Sở Tài chính, báo cáo.\n",
                                    encoding="utf-8")
    res = run_kg("build", tmp_path / "a.txt", "--out", tmp_path / "out", "--quiet")
    assert res.returncode == 0, res.stderr
    assert (tmp_path / "out" / "graph.ttl").exists()


def test_query_table(example, person_names):
    res = run_kg("query", example[1] / "graph.ttl", PERSON_NAMES)
    assert res.returncode == 0, res.stderr
    lines = res.stdout.splitlines()
    assert lines[0].split() == ["name"]
    assert [line.strip() for line in lines[2:-1]] == person_names
    assert lines[-1] == f"({len(person_names)} rows)"
    assert "Trần Minh Khang" in person_names


def test_query_csv_from_file(example, person_names, tmp_path: Path):
    q = tmp_path / "q.rq"
    q.write_text(PERSON_NAMES, encoding="utf-8")
    res = run_kg("query", example[1] / "graph.ttl", "--file", q, "--format", "csv")
    assert res.returncode == 0, res.stderr
    rows = list(csv.reader(io.StringIO(res.stdout)))
    assert rows == [["name"]] + [[n] for n in person_names]


def test_query_json(example, person_names):
    res = run_kg("query", example[1] / "graph.ttl", PERSON_NAMES, "--format", "json")
    assert res.returncode == 0, res.stderr
    data = json.loads(res.stdout)
    assert data["head"]["vars"] == ["name"]
    assert [b["name"]["value"] for b in data["results"]["bindings"]] == person_names


def test_query_syntax_error_is_exit_2(example):
    res = run_kg("query", example[1] / "graph.ttl", "SELEC ?x WHERE {")
    assert res.returncode == 2
    assert res.stderr.startswith("error: ") and len(res.stderr.strip().splitlines()) == 1


def test_stats_json(example):
    graph = example[1] / "graph.ttl"
    res = run_kg("stats", graph, "--json")
    assert res.returncode == 0, res.stderr
    data = json.loads(res.stdout)
    g = Graph().parse(graph)
    assert data["triples"] == len(g)
    assert data["classes"]["kg:Person"] == len(set(g.subjects(RDF.type, KG.Person)))
    assert data["classes"]["kg:Article"] == len(list(EXAMPLES.glob("*.txt")))
    assert data["properties"]["schema:name"] == len(list(g.triples((None, SCHEMA.name, None))))


def test_two_builds_are_byte_identical(example, tmp_path: Path):
    """Same input, another process with another hash seed: the same bytes."""
    res = run_kg("build", EXAMPLES, "--out", tmp_path, "--quiet", env={"PYTHONHASHSEED": "12345"})
    assert res.returncode == 0, res.stderr
    for name in ("graph.ttl", "graph.graphml"):
        assert (tmp_path / name).read_bytes() == (example[1] / name).read_bytes(), name


@pytest.mark.parametrize("name", sorted(main.commands))
def test_every_command_documents_an_example(name: str):
    help_text = main.commands[name].help or ""
    assert "Example:" in help_text and f"kg {name}" in help_text


def test_commands_found():
    assert {"build", "validate", "query", "stats"} <= set(main.commands)


def test_a_reader_that_leaves_early_gets_no_error(example):
    """'kg stats G | head -0': the reader has gone before kg writes a line; kg stops quietly."""
    import subprocess

    from conftest import kg_command

    proc = subprocess.Popen([*kg_command(), "stats", str(example[1] / "graph.ttl")],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    proc.stdout.close()  # gone before kg has read the graph, so its first write fails
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=120) in (0, 141)
    assert err == "", err


def test_leave_exits_in_process_with_its_code_and_at_once_when_it_owns_the_process():
    """kg build ends through leave(): in-process (tests, other programs) a plain SystemExit
    with the code; as the `kg` program, its buffered output flushed, then the process gone
    with the same code (without freeing the build object by object)."""
    import subprocess
    import sys

    from kg.cli.app import leave

    with pytest.raises(SystemExit) as ended:
        leave(1)
    assert ended.value.code == 1
    script = ("import sys; from kg.cli import app; app._whole_process = True; "
              "sys.stdout.write('no newline yet'); sys.stderr.write('warned'); app.leave(3)")
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert (proc.returncode, proc.stdout, proc.stderr) == (3, "no newline yet", "warned")
