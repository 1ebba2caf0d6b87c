"""`ereje compare`: facts aligned by concept, the matrix, its plain words, CSV/xlsx/JSON, and
clause texts side by side. Expectations are data in tests/compare/ (written by reading the
decrees)."""

from __future__ import annotations

import csv
import json

import pytest
import yaml
from openpyxl import load_workbook

from parser.cli import main
from parser.compare import Decree, align, matrix
from parser.compare.matrix import record
from parser.compare.plain import fact_value
from parser.compare.texts import clause_pairs, word_diff
from parser.compile import parse_file
from parser.data import load_yaml
from parser.export import document_data
from parser.facts import extract

from conftest import FIXTURES, ROOT, corpus_entries

DATA = ROOT / "tests" / "compare"
WORDS = load_yaml((DATA / "words.yaml").read_text(encoding="utf-8"))
REGIONS = yaml.safe_load((DATA / "regions.yaml").read_text(encoding="utf-8"))
SOURCES = dict(corpus_entries())


def decree(doc_id, path) -> Decree:
    """A decree compiled in memory."""
    doc = parse_file(path, doc_id)
    return Decree.from_data(document_data(doc, extract(doc)))


@pytest.fixture(scope="module")
def decrees():
    """The corpus decrees and the kk/ru parity fixtures, compiled once."""
    found = {i: decree(i, p) for i, p in SOURCES.items()}
    found.update({n: decree(n, FIXTURES / f"{n}.txt") for n in ("parity_kk", "parity_ru")})
    return found


@pytest.mark.parametrize("case", WORDS, ids=lambda c: c["words"])
def test_plain_words(case):
    assert fact_value(case["fact"]) == case["words"]


def test_editions_align_fact_for_fact(decrees):
    kk, ru = decrees["parity_kk"], decrees["parity_ru"]
    assert kk.lang == "kk" and ru.lang == "ru"
    result = align([record(f) for f in kk.facts], [record(f) for f in ru.facts])
    assert len(result.pairs) >= 5
    assert not result.only_a and not result.only_b, (result.only_a, result.only_b)
    rows = matrix([kk, ru])
    assert rows and all(r.same for r in rows)


def test_alignment_is_by_concept_not_address(decrees):
    kk, ru = decrees["parity_kk"], decrees["parity_ru"]
    moved = [dict(record(f), address="app1/ch9/p99") for f in ru.facts]
    result = align([record(f) for f in kk.facts], moved)
    assert not result.only_a and not result.only_b


def test_a_changed_value_is_a_difference(decrees):
    kk, ru = decrees["parity_kk"], decrees["parity_ru"]
    band = next(f for f in ru.facts if f["kind"] in ("grade_band", "score_range"))
    changed = [dict(f, fields=dict(f["fields"], high=4)) if f is band else f for f in ru.facts]
    other = Decree(ru.id, ru.lang, ru.title, tuple(changed))
    rows = matrix([kk, other], only_differences=True)
    assert [r.concept["kind"] for r in rows] == [band["kind"]]


@pytest.mark.parametrize("spec", REGIONS, ids=lambda s: f"{s['a']}-vs-{s['b']}")
def test_regions_show_their_real_differences(spec, decrees):
    a, b = decrees[spec["a"]], decrees[spec["b"]]
    rows = {json.dumps(r.concept, sort_keys=True): r for r in matrix([a, b])}
    for expected in spec["differ"] + spec["agree"]:
        row = rows.get(json.dumps(expected["concept"], sort_keys=True))
        assert row is not None, expected["concept"]
        assert row.same == (expected in spec["agree"]), expected["concept"]
        for side, doc in (("a", a), ("b", b)):
            assert [fact_value(record(f)) for f in row.cells[doc.id]] == expected[side]


def test_differing_rows_come_first(decrees):
    rows = matrix([decrees["karasu-akimat-2025-139"], decrees["zhanakorgan-akimat-2026-10"]])
    flags = [r.same for r in rows]
    assert flags == sorted(flags) and False in flags and True in flags


def test_json_csv_and_xlsx(tmp_path, capsys):
    kk, ru = str(FIXTURES / "parity_kk.txt"), "zhanakorgan-akimat-2026-10"
    csv_path, xlsx_path = tmp_path / "m.csv", tmp_path / "m.xlsx"
    assert main(["compare", kk, ru, "--json", "--csv", str(csv_path),
                 "--xlsx", str(xlsx_path)]) == 0
    data = json.loads(capsys.readouterr().out)
    ids = [d["id"] for d in data["documents"]]
    assert ids == ["parity_kk", "zhanakorgan-akimat-2026-10"]
    assert data["rows"] and all(set(r) >= {"concept", "cells", "same"} for r in data["rows"])
    assert all(set(r["cells"]) == set(ids) for r in data["rows"])
    differing = [r for r in data["rows"] if not r["same"]]
    with csv_path.open(encoding="utf-8", newline="") as handle:
        table = list(csv.reader(handle))
    assert table[0] == ["kind", "concept", "same", *ids]
    assert len(table) == len(data["rows"]) + 1
    assert [r[2] for r in table[1:]].count("no") == len(differing)
    book = load_workbook(xlsx_path)
    sheets = [book[name] for name in book.sheetnames]
    assert sum(s.max_row - 1 for s in sheets) == len(data["rows"])
    for sheet in sheets:
        assert sheet.freeze_panes == "A2"
        for row in sheet.iter_rows(min_row=2):
            filled = row[0].fill.fgColor.rgb not in (None, "00000000")
            assert filled == (row[2].value == "no")


def test_only_differences(capsys):
    assert main(["compare", "karasu-akimat-2025-139", "zhanakorgan-akimat-2026-10",
                 "--json", "--only-differences"]) == 0
    rows = json.loads(capsys.readouterr().out)["rows"]
    assert rows and not any(r["same"] for r in rows)


def test_a_folder_means_every_decree_in_it(capsys):
    assert main(["compare", str(ROOT / "generated"), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [d["id"] for d in data["documents"]] == sorted(SOURCES)


def test_text_side_by_side(decrees):
    a, b = decrees["karasu-akimat-2025-139"], decrees["zhanakorgan-akimat-2026-10"]
    pairs = clause_pairs(a, b)
    assert ("app1/ch1/p7", "app1/ch1/p7") in {(p.a, p.b) for p in pairs}
    assert all(not p.diff for p in pairs)  # two languages: no word diff
    same = clause_pairs(a, a)
    assert same and all(all(op == "=" for op, _, _ in p.diff) for p in same)


def test_word_diff():
    assert word_diff("не позднее 20 числа", "не позднее 25 числа") == (
        ("=", "не позднее", "не позднее"), ("~", "20", "25"), ("=", "числа", "числа"))


def test_text_option_prints_both_texts(capsys):
    assert main(["compare", str(FIXTURES / "parity_kk.txt"), str(FIXTURES / "parity_ru.txt"),
                 "--text"]) == 0
    shown = capsys.readouterr().out
    assert "двадцатого" in shown and "жиырмасыншы" in shown


def test_text_marks_the_words_only_one_text_has(tmp_path, capsys):
    changed = tmp_path / "parity_ru_25.txt"
    changed.write_text((FIXTURES / "parity_ru.txt").read_text(encoding="utf-8")
                       .replace("двадцатого", "двадцать пятого"), encoding="utf-8")
    assert main(["compare", str(FIXTURES / "parity_ru.txt"), str(changed), "--text"]) == 0
    shown = capsys.readouterr().out
    assert "[-двадцатого-]" in shown and "{+двадцать пятого+}" in shown


@pytest.mark.parametrize("args", [["no-such-decree"], ["karasu-akimat-2025-139", "--text"]])
def test_bad_input_is_one_line_and_exit_2(args, capsys):
    assert main(["compare", *args]) == 2
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 1 and ": error: " in lines[0]
