"""The `ereje` command: outlines, JSON, batch compile, bad input, generated/ freshness."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from parser.cli import main

from conftest import CORPUS, ROOT, corpus_entries

SEED = CORPUS / "karasu-akimat-2025-139" / "source.txt"


def test_parse_prints_the_outline(capsys):
    assert main(["parse", str(SEED)]) == 0
    shown = capsys.readouterr().out
    assert "app1/ch2/p16" in shown and "Жалпы ережелер" in shown


def test_parse_and_facts_take_a_corpus_entrys_folder(capsys):
    """A corpus entry's folder names its source (meta.yaml): the same outline and facts as
    the file, under the entry's id; a folder of entries or a missing path is one error."""
    entry = CORPUS / "zhanakorgan-akimat-2026-10"
    for command in ("parse", "facts"):
        assert main([command, str(entry)]) == 0
        by_folder = capsys.readouterr().out
        assert main([command, str(entry / "source.txt")]) == 0
        assert capsys.readouterr().out == by_folder
        assert "zhanakorgan-akimat-2026-10" in by_folder
    assert main(["parse", str(CORPUS)]) == 2
    assert "a folder with no meta.yaml" in capsys.readouterr().err
    assert main(["facts", str(CORPUS / "no-such-entry")]) == 2
    assert "no such file or folder" in capsys.readouterr().err


def test_parse_json_carries_addresses_and_source_lines(capsys):
    assert main(["parse", "--json", str(SEED)]) == 0
    data = json.loads(capsys.readouterr().out)
    clause = next(c for c in data["roots"][1]["children"] if c["address"] == "app1/ch1")
    first = clause["children"][0]
    assert first["address"] == "app1/ch1/p1"
    assert first["source"]["line"] == 35  # "      1. Осы Қарасу ауданы …" in the seed


@pytest.mark.parametrize("name, content, reason", [
    ("empty.txt", b"", "file is empty"),
    ("blank.txt", b"  \n\n ", "only white space"),
    ("binary.txt", b"\x00\x01\x02abc" * 50, "binary data"),
    ("bad.txt", b"\xff\xfe\xfd\x81\x8d" * 3 + b"\x00", ""),
    ("scan.xyz", "1. Мәтін".encode(), "unknown format"),
    ("broken.pdf", b"%PDF-1.4 garbage", "pdf"),
    ("broken.docx", b"PK\x03\x04 not really a zip", "docx"),
    ("notes.txt", "Сәлем, бұл жай ғана хат.\nЕшқандай тармақ жоқ.".encode(), "not a decree"),
    ("recipe.md", "Плов\n\n1. Нарежьте мясо.\n\n2. Добавьте рис.\n".encode(), "not a decree"),
])
def test_bad_input_is_one_clear_line_and_exit_2(tmp_path, name, content, reason):
    path = tmp_path / name
    path.write_bytes(content)
    proc = subprocess.run([sys.executable, "-m", "parser.cli", "parse", str(path)],
                          capture_output=True, text=True, timeout=60, cwd=ROOT)
    assert proc.returncode == 2, proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in proc.stderr
    assert name in lines[0] and reason.lower() in lines[0].lower()


def test_missing_file(tmp_path):
    assert main(["parse", str(tmp_path / "absent.txt")]) == 2


def test_one_bad_file_does_not_stop_a_batch(tmp_path, capsys):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "in" / "b.pdf").write_bytes(b"not a pdf")
    (tmp_path / "in" / "c.md").write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    assert main(["compile", str(tmp_path / "in"), "--out", str(tmp_path / "out")]) == 2
    assert sorted(p.name for p in (tmp_path / "out").glob("*.json")) == ["a.json", "c.json"]
    assert (tmp_path / "out" / "schema" / "ruleset.schema.json").is_file()
    assert (tmp_path / "out" / "schema" / "facts.schema.json").is_file()
    assert "b.pdf" in capsys.readouterr().err


def test_a_bug_on_one_decree_does_not_stop_a_batch(tmp_path, capsys, monkeypatch):
    """A compiler bug on one decree is that decree's one line; the others are written and
    the run exits 3 (a bug, not bad input)."""
    from parser import pipeline

    real = pipeline.compile_file

    def failing(source, *args, **kwargs):
        if source.name == "b.md":
            raise ValueError("a bug")
        return real(source, *args, **kwargs)

    monkeypatch.setattr(pipeline, "compile_file", failing)
    monkeypatch.delenv("EREJE_DEBUG", raising=False)
    (tmp_path / "in").mkdir()
    for name in ("a.txt", "b.md", "c.md"):
        (tmp_path / "in" / name).write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    assert main(["compile", str(tmp_path / "in"), "--out", str(tmp_path / "out"),
                 "--jobs", "1"]) == 3
    assert sorted(p.name for p in (tmp_path / "out").glob("*.json")) == ["a.json", "c.json"]
    assert "b.md: internal error: ValueError: a bug" in capsys.readouterr().err


def test_generated_is_fresh_against_corpus(tmp_path):
    assert main(["compile", str(CORPUS), "--out", str(tmp_path)]) == 0
    assert sorted(p.name for p in tmp_path.glob("*.json")) == \
        sorted(f"{doc_id}.json" for doc_id, _ in corpus_entries())
    # every file: the decrees, the schemas (ruleset, fact), the consolidated versions
    fresh = sorted(str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*.json"))
    committed = sorted(str(p.relative_to(ROOT / "generated"))
                       for p in (ROOT / "generated").rglob("*.json"))
    assert fresh == committed
    for name in fresh:
        assert (tmp_path / name).read_text(encoding="utf-8") == \
            (ROOT / "generated" / name).read_text(encoding="utf-8"), \
            f"generated/{name} is stale: run `make compile` and commit"


def test_output_is_deterministic_and_has_no_absolute_paths(tmp_path):
    main(["compile", str(CORPUS / "karasu-akimat-2025-139"), "--out", str(tmp_path / "a")])
    main(["compile", str(CORPUS / "karasu-akimat-2025-139"), "--out", str(tmp_path / "b")])
    a = (tmp_path / "a" / "karasu-akimat-2025-139.json").read_text(encoding="utf-8")
    assert a == (tmp_path / "b" / "karasu-akimat-2025-139.json").read_text(encoding="utf-8")
    assert str(ROOT) not in a and str(tmp_path) not in a


def test_a_huge_file_is_refused_without_reading_it(tmp_path):
    path = tmp_path / "huge.txt"
    with path.open("wb") as f:
        f.truncate(60 * 1024 * 1024)  # sparse: costs no disk
    proc = subprocess.run([sys.executable, "-m", "parser.cli", "parse", str(path)],
                          capture_output=True, text=True, timeout=60, cwd=ROOT)
    assert proc.returncode == 2
    assert "huge.txt" in proc.stderr and "limit" in proc.stderr


def _gold_count(doc_id: str) -> int:
    from parser.facts.score import load_gold

    return len(load_gold(ROOT / "tests" / "gold" / f"{doc_id}.facts.yaml"))


def test_facts_prints_facts_by_clause_then_diagnostics(capsys):
    assert main(["facts", str(SEED)]) == 0
    shown = capsys.readouterr()
    lines = shown.out.splitlines()
    assert lines[0] == f"karasu-akimat-2025-139 (kk): {_gold_count('karasu-akimat-2025-139')} facts"
    assert lines.index("main/p2/sub1") < lines.index("app1/ch1/p4") < lines.index("app1/ch3/p22")
    p7 = lines.index("app1/ch1/p7")
    assert lines[p7 + 1].split() == ["grade_band", "average_score", "effective", "[4,", "5]"]
    assert "4-тен 5 баллға дейін" in lines[p7 + 2]
    assert "threshold tenure_in_position < 1 months" in shown.out
    assert "deadline annual_final_grade: fixed_date 01-30, year next after year_end" in shown.out
    # the scale check's three gaps of clause 7, located in the source
    gaps = [line for line in shown.err.splitlines() if "SCALE_GAP" in line]
    assert len(gaps) == 3 and all(g.startswith(f"{SEED}:") for g in gaps)
    assert "(3.99, 4) is in no band" in gaps[-1]


def test_facts_json(capsys):
    source = CORPUS / "zhanakorgan-akimat-2026-10" / "source.txt"
    assert main(["facts", "--json", str(source)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["id"] == "zhanakorgan-akimat-2026-10"
    assert len(data["facts"]) == _gold_count("zhanakorgan-akimat-2026-10")
    cap = next(f for f in data["facts"] if f["kind"] == "score_cap")
    assert cap["address"] == "app1/app1/table1" and cap["fields"]["max"] == 2.99
    assert cap["source"]["line"] > 1 and cap["span"][0] < cap["span"][1]
    assert {d["code"] for d in data["diagnostics"]} == {"SCALE_GAP", "UNEXTRACTED"}
    assert all(d["rendered"].startswith(str(source)) for d in data["diagnostics"])


def test_facts_bad_input_is_one_line_and_exit_2(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("Сәлем, бұл жай ғана хат.\nЕшқандай тармақ жоқ.", encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "parser.cli", "facts", str(path)],
                          capture_output=True, text=True, timeout=60, cwd=ROOT)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1 and "not a decree" in proc.stderr


def test_score_of_a_seed_is_perfect(capsys):
    assert main(["score", "--json", str(CORPUS / "karasu-akimat-2025-139")]) == 0
    data = json.loads(capsys.readouterr().out)
    assert list(data["documents"]) == ["karasu-akimat-2025-139"]
    assert data["total"]["tp"] == _gold_count("karasu-akimat-2025-139")
    assert data["total"]["fp"] == data["total"]["fn"] == 0
    assert data["total"]["precision"] == data["total"]["recall"] == 1.0


def test_score_table_and_misses(capsys):
    assert main(["score", "--misses", str(CORPUS / "karasu-akimat-2025-139")]) == 0
    shown = capsys.readouterr().out
    assert "karasu-akimat-2025-139" in shown and "all 1 documents" in shown
    assert "grade_band" in shown and " P " in shown
