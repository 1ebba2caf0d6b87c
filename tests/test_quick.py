"""Quick commands (issue 11 item 7): each command imports only what it runs, and a grammar's
parser kept between runs is never stale."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from parser import resources

from conftest import CORPUS, ROOT

RULESET = "zhanakorgan-akimat-2026-10"  # seed 003 (ru), compiled into generated/
KK_DECREE = CORPUS / "karasu-akimat-2025-139" / "source.txt"  # seed 000 (kk)
RU_DECREE = CORPUS / RULESET / "source.txt"
HEAVY = ("spacy", "numba", "polars", "pdfplumber", "docx", "jinja2", "openpyxl", "holidays")


def _modules_after(args: list[str], tmp_path) -> set[str]:
    """The modules loaded once `ereje ARGS` has run, in a new process."""
    script = ("import sys, json\nfrom parser.cli import main\ncode = main(sys.argv[1:])\n"
              "print(json.dumps(sorted(sys.modules)))\nsys.exit(code)\n")
    proc = subprocess.run([sys.executable, "-c", script, *args], cwd=ROOT, capture_output=True,
                          text=True, timeout=600, env=_env(tmp_path))
    assert proc.returncode == 0, proc.stderr
    return set(json.loads(proc.stdout.strip().splitlines()[-1]))


def _env(tmp_path) -> dict:
    import os
    return {**os.environ, "EREJE_CACHE": str(tmp_path / "cache")}


def _top(modules: set[str]) -> set[str]:
    return {m.split(".")[0] for m in modules}


def test_evaluate_of_a_compiled_ruleset_loads_no_compiler_and_no_language_model(tmp_path):
    case = tmp_path / "case.yaml"
    case.write_text("{position: non_manager, scores: [5, 4, 4, 5, 3], sanction: none, "
                    "tenure_days: 200, worked_days: 55}\n", encoding="utf-8")
    loaded = _modules_after(["evaluate", RULESET, "--case", str(case)], tmp_path)
    assert _top(loaded) & set(HEAVY) == set()
    for module in ("parser.compile", "parser.pipeline", "parser.facts.nlp", "parser.structure",
                   "parser.amend.works", "parser.ingest.pdf", "parser.rules.batch"):
        assert module not in loaded, module


@pytest.mark.parametrize("decree", [KK_DECREE, RU_DECREE], ids=["kk", "ru"])
def test_facts_loads_no_evaluator_and_no_other_format(decree, tmp_path):
    loaded = _modules_after(["facts", str(decree), "--json"], tmp_path)
    assert _top(loaded) & {"numba", "polars", "pdfplumber", "docx", "openpyxl", "spacy"} == set()
    for module in ("parser.pipeline", "parser.amend.works", "parser.rules.interpret",
                   "parser.rules.cases", "parser.report"):
        assert module not in loaded, module


@pytest.mark.parametrize("output", [[], ["--json"]], ids=["text", "json"])
@pytest.mark.parametrize("decree", [KK_DECREE, RU_DECREE], ids=["kk", "ru"])
def test_facts_loads_no_validation_library_and_no_rich(decree, output, tmp_path):
    """The fact models are pydantic's only at the schema and I/O boundary (a fact's fields
    are checked by parser/facts/shapes.py); rich only prints to a terminal."""
    loaded = _modules_after(["facts", str(decree), *output], tmp_path)
    assert _top(loaded) & {"pydantic", "pydantic_core", "annotated_types", "rich"} == set()
    assert "parser.facts.kinds" not in loaded


@pytest.mark.parametrize("decree", [KK_DECREE, RU_DECREE], ids=["kk", "ru"])
def test_facts_reads_no_yaml_once_its_tables_are_kept(decree, tmp_path):
    """The word tables and the entry's meta.yaml are read back from the cache folder on a
    second run: PyYAML (~8% of the instructions of `ereje facts` on a small decree) is not
    imported."""
    first = _modules_after(["facts", str(decree)], tmp_path)
    assert "yaml" in first  # the first run reads the YAML and keeps it
    assert "yaml" not in _modules_after(["facts", str(decree)], tmp_path)


def test_a_damaged_meta_yaml_is_an_input_error(tmp_path):
    from parser.errors import InputError
    from parser.sources import discover

    entry = tmp_path / "x-2026-1"
    entry.mkdir()
    (entry / "source.txt").write_text("1. Бағалау.\n", encoding="utf-8")
    (entry / "meta.yaml").write_text("id: [unclosed\n", encoding="utf-8")
    with pytest.raises(InputError, match="cannot read"):
        discover([entry])
    (entry / "meta.yaml").write_text("id: x-2026-1\nsource: source.txt\n", encoding="utf-8")
    assert [i for i, _, _ in discover([entry])] == ["x-2026-1"]
    (entry / "meta.yaml").write_text("id: x-2026-2\nsource: source.txt\n", encoding="utf-8")
    assert [i for i, _, _ in discover([entry])] == ["x-2026-2"]  # read anew, never stale


def _grammar(folder, start_word: str):
    """A grammar file importing a terminal from a second file beside it."""
    (folder / "words.lark").write_text('WORD: "a".."z"+\n', encoding="utf-8")
    path = folder / "g.lark"
    path.write_text(f'start: "{start_word}" WORD\n%import .words (WORD)\n%ignore " "\n',
                    encoding="utf-8")
    return path


def test_a_kept_parser_is_rebuilt_when_its_grammar_or_an_imported_file_changes(tmp_path,
                                                                              monkeypatch):
    monkeypatch.setenv("EREJE_CACHE", str(tmp_path / "cache"))
    path = _grammar(tmp_path, "бағала")
    assert resources.lark(path, parser="lalr").parse("бағала x")
    assert len(list((tmp_path / "cache").iterdir())) == 1  # kept
    assert resources.lark(path, parser="lalr").parse("бағала x")  # read back
    _grammar(tmp_path, "оценить")  # the grammar changed: a new file, the new language
    parser = resources.lark(path, parser="lalr")
    assert parser.parse("оценить x")
    with pytest.raises(Exception):
        parser.parse("бағала x")
    (tmp_path / "words.lark").write_text('WORD: "0".."9"+\n', encoding="utf-8")
    parser = resources.lark(path, parser="lalr")  # only the imported file changed
    assert parser.parse("оценить 42")
    with pytest.raises(Exception):
        parser.parse("оценить x")


def test_no_cache_folder_builds_the_parser_every_run(tmp_path, monkeypatch):
    monkeypatch.setenv("EREJE_CACHE", "")
    path = _grammar(tmp_path, "x")
    assert resources.lark(path, parser="lalr").parse("x y")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["g.lark", "words.lark"]


@pytest.mark.parametrize("decree", [KK_DECREE, RU_DECREE], ids=["kk", "ru"])
def test_a_compile_leaves_almost_no_reference_cycles(decree):
    """The `ereje` command runs with the cyclic collector off (cli.collecting_less): a
    decree's compile must leave its garbage to reference counting, not to the collector."""
    import gc

    from parser.cli import collecting_less
    from parser.pipeline import compile_file

    compile_file(decree)  # word tables, grammars, caches: loaded before counting
    gc.collect()
    with collecting_less():
        assert not gc.isenabled()
        compile_file(decree)
        left = gc.collect()
    assert gc.isenabled()
    size = len(decree.read_text(encoding="utf-8"))  # ~400 (kk) and ~800 (ru) objects today
    assert left < size / 10, f"{left} objects in reference cycles after one compile"
