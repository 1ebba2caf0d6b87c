"""Publication dates the texts do not state: meta.yaml `published:`, `ereje compile --published
ID=DATE`, a case file's `publications:`; and `--as-of` on a decree whose start is unknown.
Expected days are counted by hand from the decrees' entry-into-force clauses."""

from __future__ import annotations

import datetime as dt
import json
import shutil

import pytest

from parser.amend.works import NoVersion
from parser.pipeline import load
from parser.cli import main

from conftest import CORPUS

ZHANAKORGAN = "zhanakorgan-akimat-2026-10"  # ru: "вводится в действие со дня первого официального опубликования"
BESKARAGAY = "beskaragay-maslikhat-2020-57-14"  # kk: "… күнінен кейін күнтізбелік он күн өткен соң"


def _entry(folder, doc_id: str, published: str | None = None):
    """A copy of a corpus entry whose meta.yaml states `published` (a YAML value)."""
    shutil.copytree(CORPUS / doc_id, folder / doc_id)
    if published is not None:
        with (folder / doc_id / "meta.yaml").open("a", encoding="utf-8") as meta:
            meta.write(f"published: {published}\n")
    return folder / doc_id


def test_meta_yaml_published_starts_the_version(tmp_path):
    works = load([_entry(tmp_path, ZHANAKORGAN, "2026-02-05")])
    (version,) = works.timeline(ZHANAKORGAN)
    assert version.valid_from == dt.date(2026, 2, 5)  # in force on the day of publication
    assert works.version_as_of(ZHANAKORGAN, dt.date(2026, 2, 5)).assumption is None
    with pytest.raises(NoVersion, match="no version in force"):
        works.version_as_of(ZHANAKORGAN, dt.date(2026, 2, 4))
    act = works.by_id[ZHANAKORGAN].meta
    assert (act.published.date, act.published.source) == (dt.date(2026, 2, 5), "meta.yaml")


def test_meta_yaml_published_with_its_source(tmp_path):
    works = load([_entry(tmp_path, BESKARAGAY,
                         '{date: 2020-11-10, source: "Эталонный контрольный банк НПА"}')])
    meta = works.by_id[BESKARAGAY].meta
    assert meta.published.source == "meta.yaml: Эталонный контрольный банк НПА"
    # ten calendar days after 10 November are 11-20 November: in force from the 21st
    assert meta.entry_into_force.date == dt.date(2020, 11, 21)
    assert [r.date for r in meta.relations if r.type == "amends"] == [dt.date(2020, 11, 21)]


def test_compile_published_option(tmp_path):
    out = tmp_path / "out"
    assert main(["compile", str(CORPUS / BESKARAGAY), "--out", str(out),
                 "--published", f"{BESKARAGAY}=2020-11-10"]) == 0
    meta = json.loads((out / f"{BESKARAGAY}.json").read_text("utf-8"))["act"]["meta"]
    assert meta["published"] == {"date": "2020-11-10", "source": "--published"}
    assert meta["entry_into_force"]["date"] == "2020-11-21"
    assert [t["date"] for t in meta["entry_into_force"]["terms"]] == ["2020-11-21"]


def test_compile_published_option_malformed(tmp_path, capsys):
    code = main(["compile", str(CORPUS / BESKARAGAY), "--out", str(tmp_path),
                 "--published", f"{BESKARAGAY}:2020-11-10"])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 2 and len(err) == 1 and "expected ID=YYYY-MM-DD" in err[0]


def test_as_of_with_an_unknown_start_says_its_assumption(tmp_path, capsys):
    case = tmp_path / "case.yaml"
    case.write_text("{position: non_manager, scores: [5, 5, 5, 5, 5], sanction: none, "
                    "tenure_days: 200, worked_days: 55}\n",
                    encoding="utf-8")
    assert main(["evaluate", ZHANAKORGAN, "--case", str(case), "--as-of", "2026-03-01"]) == 0
    data = json.loads(capsys.readouterr().out)
    (assumption,) = data["assumptions"]
    assert assumption.startswith("assumed in force on 2026-03-01")
    assert "first_official_publication" in assumption and "not before 2026-01-28" in assumption


def test_as_of_on_the_acts_own_date_is_not_assumed(capsys):
    code = main(["deadline", ZHANAKORGAN, "calibration_session", "--from", "2026-01-28",
                 "--as-of", "2026-01-28"])
    assert code == 2 and "depends on an entry into force" in capsys.readouterr().err


@pytest.mark.parametrize("by_id", [False, True])
def test_case_file_publications(tmp_path, capsys, by_id):
    """A decree file beside the case file, or a corpus id (the acts of corpus/), dated by the
    case file's `publications:` for its `as_of:` cases."""
    name = ZHANAKORGAN if by_id else "zhanakorgan.txt"
    if not by_id:
        shutil.copy(CORPUS / ZHANAKORGAN / "source.txt", tmp_path / name)
    cases = tmp_path / "cases.yaml"
    cases.write_text(
        f"ruleset: {name}\npublications:\n  {name}: 2026-02-05\ncases:\n"
        "  - name: in force from the day of publication\n    as_of: 2026-02-05\n"
        "    deadline: entry_into_force\n    from: 2026-02-05\n    expect: 2026-02-05\n",
        encoding="utf-8")
    assert main(["check", str(cases)]) == 0
    early = cases.read_text("utf-8").replace("as_of: 2026-02-05", "as_of: 2026-02-04")
    cases.write_text(early, encoding="utf-8")
    assert main(["check", str(cases)]) == 2
    assert "no version in force" in capsys.readouterr().err


def test_as_of_with_published_option(capsys):
    """The same publication given on the command line to the as-of commands."""
    assert main(["deadline", ZHANAKORGAN, "entry_into_force", "--from", "2026-02-05",
                 "--as-of", "2026-02-05", "--published", f"{ZHANAKORGAN}=2026-02-05"]) == 0
    captured = capsys.readouterr()
    assert captured.out.startswith("2026-02-05") and "assumption" not in captured.err
    assert main(["deadline", ZHANAKORGAN, "entry_into_force", "--from", "2026-02-05",
                 "--as-of", "2026-02-04", "--published", f"{ZHANAKORGAN}=2026-02-05"]) == 2
    assert "no version in force" in capsys.readouterr().err
    assert main(["deadline", ZHANAKORGAN, "entry_into_force", "--from", "2026-02-05",
                 "--as-of", "2026-02-05", "--published", "2026-02-05"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "expected ID=YYYY-MM-DD" in err[0]


def test_meta_yaml_published_malformed(tmp_path, capsys):
    entry = _entry(tmp_path, ZHANAKORGAN, "soon")
    assert main(["compile", str(entry), "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err[0] == f"{entry / 'meta.yaml'}: error: published: is a date (YYYY-MM-DD) or " \
                     "{date, source}"
