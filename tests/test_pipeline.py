"""The pipeline and how the project is put together: one orchestrator (parser/pipeline.py),
no import circles, nothing below the command line importing it, the data found in a wheel,
and `ereje compile` in parallel and incremental with the same output."""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from parser.cli import main
from parser.pipeline import compile_file

from conftest import CORPUS, ROOT

PACKAGE = ROOT / "parser"
COMMANDS = {"parser.cli", "parser.cli_build", "parser.cli_read", "parser.cli_rules",
            "parser.cli_evaluate", "parser.cli_compare"}
KNOWN_CIRCLES: list[set[str]] = []
KK, RU = "karasu-akimat-2025-139", "zhanakorgan-akimat-2026-10"


def _module(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path, top_level: bool) -> set[str]:
    """The parser modules a file imports (at its top level, or anywhere)."""
    name = _module(path)
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    tree = ast.parse(path.read_text(encoding="utf-8"))
    nodes = tree.body if top_level else list(ast.walk(tree))
    found = set()
    for node in nodes:
        if isinstance(node, ast.ImportFrom):
            base = package.split(".")
            base = base[:len(base) - node.level + 1] if node.level else []
            module = ".".join(base + ([node.module] if node.module else []))
            found |= {module} | {f"{module}.{a.name}" for a in node.names}
        elif isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
    return {m for m in found if m.startswith("parser")}


def _graph(top_level: bool = True) -> dict[str, set[str]]:
    """Module -> the parser modules it imports, each with the packages above it (importing
    `parser.facts.model` runs `parser/facts/__init__.py` first)."""
    files = {_module(p): p for p in PACKAGE.rglob("*.py")}
    return {name: {m for m in _with_packages(_imports(path, top_level))
                   if m in files and m != name and not name.startswith(m + ".")}
            for name, path in files.items()}


def _with_packages(modules: set[str]) -> set[str]:
    """The modules and every package above them ("parser.a.b" -> also "parser.a")."""
    return {".".join(m.split(".")[:k]) for m in modules for k in range(2, m.count(".") + 2)}


def _circles(graph: dict[str, set[str]]) -> list[set[str]]:
    """The strongly connected groups of more than one module (Tarjan)."""
    index, low, stack, on, out = {}, {}, [], set(), []

    def visit(v):
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in graph[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = set()
            while True:
                w = stack.pop()
                on.discard(w)
                group.add(w)
                if w == v:
                    break
            if len(group) > 1:
                out.append(group)

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return out


def test_no_import_circles_but_the_known_ones():
    """Imports at the top of a module and inside functions alike: an import put inside a
    function to dodge a circle is still a circle."""
    circles = _circles(_graph(top_level=False))
    assert [c for c in circles if c not in KNOWN_CIRCLES] == []
    assert [c for c in KNOWN_CIRCLES if c not in circles] == [], "strike it from KNOWN_CIRCLES"


def test_the_circle_finder_finds_circles():
    """Through a package's __init__ too, and in-function imports counted."""
    graph = {"parser.a": {"parser.b"}, "parser.b": {"parser.c"}, "parser.c": {"parser.a"},
             "parser.d": set()}
    assert _circles(graph) == [{"parser.a", "parser.b", "parser.c"}]
    assert _with_packages({"parser.facts.model"}) == {"parser.facts", "parser.facts.model"}


def test_nothing_below_the_command_line_imports_it():
    for name, imported in _graph(top_level=False).items():
        if name not in COMMANDS:
            assert not imported & COMMANDS, f"{name} imports {imported & COMMANDS}"


def test_stages_do_not_import_the_pipeline_or_the_parser_entry():
    """amend is given documents and the function from a document to its ruleset."""
    graph = _graph(top_level=False)
    assert "parser.pipeline" not in graph["parser.amend.works"]
    assert "parser.rules.build" not in graph["parser.amend.works"]
    for name, imported in graph.items():
        if name.startswith(("parser.facts", "parser.ingest", "parser.rules.build")):
            assert "parser.pipeline" not in imported, name


def test_wheel_carries_the_grammars_and_calendar_and_compiles_from_them(tmp_path):
    source = tmp_path / "src"
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    for folder in ("parser", "grammar", "corpus/calendar"):
        shutil.copytree(ROOT / folder, source / folder,
                        ignore=shutil.ignore_patterns("__pycache__"))
    subprocess.run([sys.executable, "-m", "pip", "wheel", str(source), "--no-deps", "-q",
                    "-w", str(tmp_path / "dist")], check=True, capture_output=True, timeout=600)
    wheel = next((tmp_path / "dist").glob("ereje-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    data = {f"parser/grammar/{p.name}" for p in (ROOT / "grammar").iterdir()
            if p.suffix in (".lark", ".yaml")}
    data |= {f"parser/calendar/{p.name}" for p in (ROOT / "corpus/calendar").glob("*.yaml")}
    assert data and data <= names
    zipfile.ZipFile(wheel).extractall(tmp_path / "site")
    script = ("import sys; from pathlib import Path; from parser import resources;"
              "from parser.pipeline import compile_file;"
              "assert str(resources.GRAMMAR).startswith(sys.argv[1]), resources.GRAMMAR;"
              "assert str(resources.CALENDAR).startswith(sys.argv[1]), resources.CALENDAR;"
              "print(*(compile_file(Path(p)).ruleset.model_dump_json() for p in sys.argv[2:]),"
              " sep=chr(10))")
    sources = [CORPUS / d / "source.txt" for d in (KK, RU)]
    run = subprocess.run([sys.executable, "-c", script, str(tmp_path / "site"), *map(str, sources)],
                         capture_output=True, text=True, timeout=600, cwd=tmp_path,
                         env={"PYTHONPATH": str(tmp_path / "site"), "PATH": ""})
    assert run.returncode == 0, run.stderr
    here = [compile_file(p).ruleset.model_dump_json() for p in sources]
    assert run.stdout.splitlines() == here  # the same rulesets as from the checkout


def _outputs(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): p.read_text(encoding="utf-8")
            for p in sorted(folder.rglob("*.json"))}


def test_parallel_compile_writes_what_one_process_writes(tmp_path):
    entries = [str(CORPUS / KK), str(CORPUS / RU)]
    assert main(["compile", *entries, "--out", str(tmp_path / "one"), "--jobs", "1"]) == 0
    assert main(["compile", *entries, "--out", str(tmp_path / "two"), "--jobs", "2"]) == 0
    assert _outputs(tmp_path / "one") == _outputs(tmp_path / "two")
    assert set(_outputs(tmp_path / "one")) >= {f"{KK}.json", f"{RU}.json"}


def test_an_unchanged_decree_is_not_compiled_again(tmp_path, capsys):
    entry = tmp_path / "entry"
    shutil.copytree(CORPUS / RU, entry)
    out = tmp_path / "out"
    assert main(["compile", str(entry), "--out", str(out), "--jobs", "1"]) == 0
    first = _outputs(out)
    capsys.readouterr()
    assert main(["compile", str(entry), "--out", str(out), "--jobs", "1"]) == 0
    err = capsys.readouterr().err
    assert "up to date" in err and f"wrote: {RU}.json" not in err
    assert _outputs(out) == first
    assert not [p.name for p in out.iterdir() if p.name.startswith(".")]  # the cache is elsewhere
    source = entry / "source.txt"
    source.write_text(source.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert main(["compile", str(entry), "--out", str(out), "--jobs", "1"]) == 0
    assert f"wrote: {RU}.json" in capsys.readouterr().err


@pytest.mark.parametrize("bad", ["0", "two"])
def test_jobs_must_be_a_positive_count(tmp_path, bad, capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["compile", str(CORPUS / KK), "--out", str(tmp_path), "--jobs", bad])
    assert exit_.value.code == 2
    assert "--jobs" in capsys.readouterr().err


def test_an_act_reads_its_text_only_when_asked(tmp_path):
    """An act kept from a compile's record reads its text when an amendment first needs it,
    and once (`ereje compile` keeps every act, amends few)."""
    from parser.amend.works import Act, Texts

    compiled = compile_file(CORPUS / KK / "source.txt", KK)
    reads = []

    def reader():
        reads.append(1)
        return compiled.doc

    act = Act(reader, compiled.meta, compiled.instructions)
    texts = Texts({"key": act})
    assert reads == [] and list(texts) == ["key"] and texts.get("other") is None
    assert texts["key"] is compiled.doc and act.doc is compiled.doc and reads == [1]


def test_an_unreadable_entry_names_no_act_in_the_index(tmp_path):
    """The corpus's index of acts leaves out an entry that is no decree (its own compile says
    why) and names each act by its first edition."""
    from parser.amend import refs

    (tmp_path / "bad").mkdir()
    (tmp_path / "bad" / "meta.yaml").write_text("id: bad\nsource: source.txt\n")
    (tmp_path / "bad" / "source.txt").write_bytes(b"\x00\x01binary")
    for entry in (KK, RU):
        shutil.copytree(CORPUS / entry, tmp_path / entry)
    assert refs.readable_key(("bad", tmp_path / "bad" / "source.txt")) == ("bad", None)
    index = refs.corpus_index(tmp_path)
    assert sorted(index.values()) == sorted([KK, RU])
    assert refs.index_of([("a", "k"), ("b", "k"), ("c", None)]) == {"k": "a"}
