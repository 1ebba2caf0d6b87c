"""Rulesets compiled from the corpus, run on the sample cases of tests/cases/, and the
commands that run them."""

from __future__ import annotations

import json
from datetime import date
from functools import cache
import subprocess
import sys

import pytest

from parser.cli import main
from parser.rules.build import schema
from parser.data import load_yaml
from parser.errors import InputError
from parser.rules.cases import check, load_ruleset, published_works, ruleset_on
from parser.rules.interpret import evaluate
from parser.rules.plan import Choice, Grade

from conftest import ROOT
from test_ratchet import known_failure

CASES = ROOT / "tests" / "cases"
FILES = sorted(CASES.glob("*.yaml"))


@cache
def case_file(path) -> dict:
    """A case file as loaded, read once (each of its cases is a test)."""
    return load_yaml(path.read_text(encoding="utf-8"))


ALL = [(path, case) for path in FILES for case in case_file(path)["cases"]]


def _param(path, case, i):
    """A case as a test; one tests/ratchet.yaml lists as failing is a strict xfail (it must
    fail, and the test says when it passes so that the list is kept true)."""
    reason = known_failure(path.stem, case["name"])
    marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
    return pytest.param(path, case, marks=marks, id=f"{path.stem[:12]}-{i}")
SCORING = ["karasu-akimat-2025-139", "mdai-order-2023-279", "zhanakorgan-akimat-2026-10",
           "almaty-oblast-akimat-2017-97"]


@pytest.fixture(scope="module")
def rulesets():
    cache = {}

    def get(ref: str):
        if ref not in cache:
            cache[ref] = load_ruleset(ref)
        return cache[ref]
    return get


@pytest.mark.parametrize("path, case", [_param(p, c, i) for i, (p, c) in enumerate(ALL)])
def test_sample_case(rulesets, path, case):
    data = case_file(path)
    day = case.get("as_of") or data.get("as_of")  # the version in force that day, as `check`
    works, ref = published_works(path, data)  # the file's `publications:`, as `check`
    ruleset = ruleset_on(ref or str(data["ruleset"]), date.fromisoformat(str(day)), works) \
        if day else rulesets(data["ruleset"])
    outcome = check(ruleset, case, str(path))
    assert outcome.passed, (case["name"], outcome.expected, outcome.actual, outcome.message)


@pytest.mark.parametrize("doc_id", SCORING)
def test_every_seed_with_rules_has_fifteen_cases(doc_id):
    data = load_yaml((CASES / f"{doc_id}.yaml").read_text(encoding="utf-8"))
    assert data["ruleset"] == doc_id and len(data["cases"]) >= 15


def test_a_value_between_bands_is_no_band_citing_both(rulesets):
    result = evaluate(rulesets("zhanakorgan-akimat-2026-10"), {"score": "3.995", "sanction": "none",
                                                                "tenure_days": 200, "worked_days": 55})
    assert result.error.kind == "no_band"
    assert {s.address for s in result.error.sources} == {"app1/ch1/p7"}
    assert "[3, 3.99]" in result.error.message and "[4, 5]" in result.error.message


def test_a_rule_the_decree_borrows_is_reported_by_name(rulesets):
    """Seed 000 takes its forms (and their caps) from the model methodology."""
    ruleset = rulesets("karasu-akimat-2025-139")
    choice = next(s for s in ruleset.plan.decision if isinstance(s, Choice))
    grade = next(s for s in ruleset.plan.decision if isinstance(s, Grade))
    assert choice.forms == [] and choice.borrowed is not None
    assert not any(scale.caps for scale in grade.scales)
    eligible = {"tenure_days": 200, "worked_days": 55}
    result = evaluate(ruleset, {"position": "manager", "scores": [5, 4, 4, 5, 3], **eligible})
    assert result.error.kind == "missing_rule"
    assert "model_methodology_appendix_1" in result.error.message
    graded = evaluate(ruleset, {"score": 4, **eligible})
    assert graded.outputs["grade"] == "effective"


def test_every_step_of_a_trace_cites_its_clauses(rulesets):
    result = evaluate(rulesets("almaty-oblast-akimat-2017-97"),
                      {"quarterly_points": [100, 112, 131, 95], "plan_scores": [4, 5, 3],
                       "tenure_days": 400, "on_probation": False})
    assert result.error is None and result.outputs["grade"]
    assert [s.name for s in result.trace][-1] == "grade"
    assert all(step.sources for step in result.trace)


def test_exact_decimals_stay_exact(rulesets):
    result = evaluate(rulesets("zhanakorgan-akimat-2026-10"),
                      {"position": "non_manager", "scores": ["3.99"] * 5, "sanction": "none",
                       "tenure_days": 200, "worked_days": 55})
    assert str(result.outputs["score"]) == "3.99" and result.outputs["grade"] == "proper"


def test_schema_is_fresh():
    committed = json.loads((ROOT / "generated" / "schema" / "ruleset.schema.json").read_text())
    assert committed == json.loads(json.dumps(schema()))


def test_evaluate_command_reads_json_from_stdin_and_explains():
    case = json.dumps({"position": "manager", "scores": [5, 4, 4, 5, 3], "sanction": "reprimand",
                       "tenure_days": 200, "worked_days": 55})
    proc = subprocess.run([sys.executable, "-m", "parser.cli", "evaluate",
                           "zhanakorgan-akimat-2026-10", "--case", "-", "--explain"],
                          input=case, capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert data["outputs"]["score"] == 2.99 and data["outputs"]["grade"] == "satisfactory"
    assert any(step["step"] == "cap" for step in data["trace"])


def test_evaluate_command_bad_case_is_one_line_and_exit_2(tmp_path):
    bad = tmp_path / "case.yaml"
    bad.write_text("given: [unclosed", encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "parser.cli", "evaluate",
                           "zhanakorgan-akimat-2026-10", "--case", str(bad)],
                          capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1 and str(bad) in proc.stderr


def test_deadline_command(capsys):
    assert main(["deadline", "zhanakorgan-akimat-2026-10", "calibration_session",
                 "--from", "2026-03-18"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "2026-04-06"  # 10 working days; 21-25 March 2026 are days off


def test_check_exits_1_on_a_mismatch(tmp_path, capsys):
    wrong = tmp_path / "wrong.yaml"
    wrong.write_text("ruleset: zhanakorgan-akimat-2026-10\ncases:\n"
                     "  - name: wrong on purpose\n    given: {score: 4}\n"
                     "    expect: {grade: proper}\n", encoding="utf-8")
    assert main(["check", str(wrong)]) == 1
    assert main(["check", str(CASES / "zhanakorgan-akimat-2026-10.yaml")]) == 0


def test_evaluate_command_batch(tmp_path):
    people = tmp_path / "people.csv"
    people.write_text("position,scores_1,scores_2,scores_3,scores_4,scores_5,sanction,tenure_days,"
                      "worked_days\nmanager,5,4,4,5,3,reprimand,200,40\nnon_manager,3.99,3.99,"
                      "3.99,3.99,3.99,none,200,40\nmanager,5,5,5,5,5,none,10,40\n",
                      encoding="utf-8")
    out = tmp_path / "results.csv"
    assert main(["evaluate", "zhanakorgan-akimat-2026-10", "--batch", str(people),
                 "--out", str(out)]) == 0
    rows = out.read_text(encoding="utf-8").splitlines()
    assert rows[1].split(",")[2:4] == ["2.9900000000", "satisfactory"]
    assert rows[2].split(",")[2:4] == ["3.9900000000", "proper"]
    assert rows[3].split(",")[:2] == ["false", "tenure_in_position"]


@pytest.mark.parametrize("ref", ["zhanakorgan-akimat-2026-10",
                                 str(ROOT / "generated" / "zhanakorgan-akimat-2026-10.json"),
                                 str(ROOT / "corpus" / "zhanakorgan-akimat-2026-10" / "source.txt")])
def test_a_case_file_names_its_ruleset_three_ways(tmp_path, ref):
    """By corpus id, by compiled JSON file, or by a decree compiled on the fly."""
    cases = tmp_path / "cases.yaml"
    given = "{score: 3.99, sanction: none, tenure_days: 200, worked_days: 55}"
    cases.write_text(f"ruleset: {ref}\ncases:\n  - name: boundary\n    given: {given}\n"
                     "    expect: {grade: proper}\n", encoding="utf-8")
    assert main(["check", str(cases)]) == 0


def test_timeline_command(capsys):
    assert main(["timeline", "almaty-oblast-akimat-2017-97"]) == 0
    out = capsys.readouterr().out
    assert "almaty_oblast_akimat_2017_97 + almaty_oblast_akimat_2017_266" in out
    assert "[text not in the corpus]" in out  # the text before No. 266 is not in the corpus


def test_as_of_a_date_no_known_version_covers_is_an_error_naming_the_versions(capsys):
    """Seed 004's versions start on first publication, a date its text does not give."""
    code = main(["deadline", "almaty-oblast-akimat-2017-97", "appeal", "--from", "2017-09-01",
                 "--as-of", "2017-09-01"])
    err = capsys.readouterr().err
    assert code == 2 and "almaty-oblast-akimat-2017-97" in err and "version" in err.lower()


@pytest.mark.parametrize("doc_id", ["karasu-akimat-2025-139", "mdai-order-2023-279",
                                    "zhanakorgan-akimat-2026-10"])
def test_grade_labels_are_the_decrees_own_wording(rulesets, doc_id):
    """The label a grade prints is how the decree names it (white space aside: seed 003
    writes "Выполняетфункциональные")."""
    ruleset = rulesets(doc_id)
    text = "".join((ROOT / "corpus" / doc_id / "source.txt").read_text("utf-8").split()).lower()
    grades = {b.grade for step in ruleset.plan.decision if isinstance(step, Grade)
              for s in step.scales if s.key == "average_score" for b in s.bands}
    assert grades == {"effective", "proper", "satisfactory", "unsatisfactory"}
    for grade in grades:
        label = getattr(ruleset.plan.labels[grade], ruleset.lang)
        assert "".join(label.split()).lower() in text, (grade, label)


@pytest.mark.parametrize("doc_id", ["zhanakorgan-akimat-2026-10", "almaty-oblast-akimat-2017-97"])
def test_the_summary_counts_the_checkers_findings_on_the_plan(tmp_path, capsys, doc_id):
    """`ereje summary` reads the plan: the checker's errors/warnings on it; a JSON of an older
    ruleset format (no plan) shows none."""
    data = json.loads((ROOT / "generated" / f"{doc_id}.json").read_text(encoding="utf-8"))
    data["ruleset"]["plan"]["diagnostics"] = [
        {"code": c, "severity": s, "message": "m", "address": "app1"}
        for c, s in [("A", "error"), ("B", "warning"), ("C", "error")]]
    (tmp_path / "new.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    data["id"], data["ruleset"] = "old", {"format_version": 2, "id": "old", "forms": []}
    (tmp_path / "old.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    assert main(["summary", str(tmp_path)]) == 0
    rows = {line.split("│")[1].strip(): line.split("│")[-2].strip()
            for line in capsys.readouterr().out.splitlines() if line.startswith("│")}
    assert rows == {doc_id: "2/1", "old": "–"}


def test_a_ruleset_of_an_older_format_is_refused_saying_so(tmp_path):
    """A compiled JSON of ruleset format 2 (the rules beside the plan) is compiled again, not
    read half."""
    data = json.loads((ROOT / "generated" / "zhanakorgan-akimat-2026-10.json").read_text("utf-8"))
    data["ruleset"]["format_version"] = 2
    path = tmp_path / "old.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(InputError, match="a ruleset of format 2, this Ereje reads format 3"):
        load_ruleset(str(path))


@pytest.mark.parametrize("path", sorted((ROOT / "tests" / "fixtures" / "kpi").glob(
    "*.cases.yaml")), ids=lambda p: p.stem)
def test_a_kpi_percent_is_rounded_then_scored_by_its_table(path):
    """A KPI scale of one score a row, in either language: the percent (given, or computed
    from the actual and planned values) rounded as the note says, then its row's score as
    the range of one point (grammar/rules.yaml `points_of`)."""
    assert main(["check", str(path)]) == 0


@pytest.mark.parametrize("path", sorted((ROOT / "tests" / "fixtures" / "penalty").glob(
    "*.cases.yaml")), ids=lambda p: p.stem)
def test_points_per_violation_are_summed_into_the_deduction(path):
    """Points per violation by kind, in either language: `penalty_points` a list whose sum is
    b where the decree sums them (docs/vocabulary.md), the encouraged points' cap under no
    sanction bounding a before b is taken off, and "not over three months" decided from days
    as any three months run."""
    assert main(["check", str(path)]) == 0


@pytest.mark.parametrize("path", sorted((ROOT / "tests" / "fixtures" / "optional").glob(
    "*.cases.yaml")), ids=lambda p: p.stem)
def test_a_sheets_rows_filled_where_they_apply_may_be_left_out(path):
    """A form's rows marked "(при наличии)" / "(бар болса)" (grammar/tables.yaml
    `optional_row`) may be left out, from the last: the case gives the rows every sheet has
    and any of the optional ones, never fewer, never more."""
    assert main(["check", str(path)]) == 0


@pytest.mark.parametrize("path", sorted((ROOT / "tests" / "fixtures" / "worded").glob(
    "*.cases.yaml")), ids=lambda p: p.stem)
def test_arithmetic_stated_in_words_is_computed(path):
    """Arithmetic in words, in either language: 100 + a - b said as adding and taking off, a
    and b each a symbol defined by a dash as the total of its items, the year's mean as a sum
    divided by the quarters' number; a bound inside the sentence that sets the evaluation's
    term is no exclusion; the year's mean over quarters each evaluated asks no quarter's
    eligibility again."""
    assert main(["check", str(path)]) == 0


@pytest.mark.parametrize("path", sorted((ROOT / "tests" / "fixtures" / "guards").glob(
    "*.cases.yaml")), ids=lambda p: p.stem)
def test_exclusions_deferrals_and_the_years_own_guard(path):
    """In either language: a bound in a sentence that also sets a term excludes when the
    sentence's words say the servant is not evaluated (build._defers), and is the term's
    condition (a PLAN_DEFERRAL warning, no guard) when they say the evaluation is held; "the
    year's score only for at least two quarters evaluated" guards the year's value alone,
    counted from the quarters' values given or given outright, and is asked of it although
    the quarters' own exclusions are not asked again (plan.Guard.graded)."""
    assert main(["check", str(path)]) == 0


@pytest.mark.parametrize("lang", ["ru", "kk"])
def test_a_deferred_bound_is_noted_not_dropped(lang):
    """The leave's bound of p2 (a term's condition) is a PLAN_DEFERRAL warning citing its
    clause; p1's bound, in a sentence with a term and the words "not evaluated", is a guard;
    p7's guards the year's value only."""
    from parser.pipeline import compile_file

    plan = compile_file(ROOT / "tests" / "fixtures" / "guards" / f"guards_{lang}.txt").ruleset.plan
    assert [(d.code, d.address) for d in plan.diagnostics if d.code == "PLAN_DEFERRAL"] == [
        ("PLAN_DEFERRAL", "app1/ch1/p2")]
    guards = {g.reason: g for g in plan.decision if getattr(g, "node", "") == "guard"}
    assert "leave_share_of_quarter" not in guards
    assert guards["worked_days"].sources[0].address == "app1/ch1/p1"
    assert guards["worked_days"].graded == []
    assert guards["evaluated_quarters"].graded == ["annual_score"]
