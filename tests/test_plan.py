"""The rule plan (docs/rules.md, "The rule plan"): lowered from facts only, checked, run by the
reference interpreter exactly, self-contained, and `missing_input` for what a case lacks."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from pydantic import TypeAdapter

from parser.pipeline import compile_file
from parser.rules.build import with_plan
from parser.rules.cases import deadline, load_ruleset
from parser.rules.interpret import evaluate
from parser.rules.model import Band, Computation, Ruleset, Scale, Source
from parser.data import plain
from parser.rules import read
from parser.rules.plan import Guard, Plan

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
CORPUS_IDS = sorted(p.stem for p in (ROOT / "generated").glob("*.json"))
HERE = [Source(address="app1/ch1/p7", quote="")]


def _band(grade: str, low: str, high: str) -> Band:
    return Band(grade=grade, low=Decimal(low), high=Decimal(high), low_inclusive=True,
                high_inclusive=True, sources=HERE)


def test_a_third_times_three_is_exact():
    """`a / 3 * 3` with a = 1 is 1, in the band [1, 2] — not 0.99… in no band."""
    ruleset = Ruleset(id="t", lang="ru", inputs=[], forms=[], lookups=[], caps=[],
                      computations=[Computation(target="average_score", expression="a / 3 * 3",
                                                sources=HERE)],
                      scales=[Scale(key="average_score", variables=["average_score"],
                                    bands=[_band("satisfactory", "0", "0.99"),
                                           _band("proper", "1", "2")])],
                      eligibility=[], constraints=[], deadlines=[], references=[], labels={})
    result = evaluate(with_plan(ruleset), {"bonus_points": 1})
    assert result.error is None, result.error
    assert result.outputs["score"] == 1 and result.outputs["grade"] == "proper"


@pytest.mark.parametrize("lang", ["ru", "kk"])
def test_a_new_exclusion_is_a_guard_over_a_declared_input(lang):
    """"Не оцениваются лица в отпуске по уходу за ребенком" needs no Python: the fact's subject
    is in the vocabulary, the plan guards on its input."""
    ruleset = compile_file(FIXTURES / f"childcare_{lang}.txt").ruleset
    guards = [s for s in ruleset.plan.decision if isinstance(s, Guard)]
    needs = {n for g in guards for t in g.tests for n in t.needs}
    assert {"on_maternity_or_childcare_leave", "on_probation"} <= needs
    base = {"on_probation": False, "score": "4.5"}
    left = evaluate(ruleset, {**base, "on_maternity_or_childcare_leave": True})
    assert left.outputs == {"evaluated": False, "reason": "on_maternity_or_childcare_leave"}
    graded = evaluate(ruleset, {**base, "on_maternity_or_childcare_leave": False})
    assert graded.outputs["grade"] == "effective"
    lacking = evaluate(ruleset, base).error
    assert lacking.kind == "missing_input"
    assert "on_maternity_or_childcare_leave" in lacking.message and "app1/ch1/p2" in lacking.message


@pytest.mark.parametrize("given, needed, clause", [
    ({"position": "manager", "scores": [5, 5, 5, 5, 5], "tenure_days": 200, "worked_days": 55},
     "sanction", "app1/app1"),
    ({"position": "manager", "scores": [5, 5, 5, 5, 5], "sanction": "none", "worked_days": 55},
     "tenure_days", "app1/ch1/p5"),
    ({"position": "manager", "scores": [5, 5, 5, 5, 5], "sanction": "none", "tenure_days": 200},
     "worked_days", "app1/ch1/p5"),
    ({"scores": [5, 5, 5, 5, 5], "sanction": "none", "tenure_days": 200, "worked_days": 55},
     "position", "app1/app1"),
])
def test_an_input_the_decision_needs_is_missing_input(given, needed, clause):
    """Seed 003: never a default — no sanction is not "no cap", no tenure not "evaluated"."""
    error = evaluate(load_ruleset("zhanakorgan-akimat-2026-10"), given).error
    assert error is not None and error.kind == "missing_input"
    assert needed in error.message and clause in error.message


def test_a_guard_that_fires_decides_without_the_others_inputs():
    """A tenure of 10 days excludes whatever the worked days (not given)."""
    result = evaluate(load_ruleset("zhanakorgan-akimat-2026-10"), {"tenure_days": 10,
                                                                    "score": 4})
    assert result.outputs == {"evaluated": False, "reason": "tenure_in_position"}


def test_explain_shows_what_was_skipped_and_why():
    result = evaluate(load_ruleset("almaty-oblast-akimat-2017-97"),
                      {"quarterly_points": [100, 112], "plan_scores": [4, 5, 3],
                       "tenure_days": 400, "on_probation": False})
    skipped = {s.name: s.rule for s in result.trace if s.name.startswith("skipped")}
    assert skipped["skipped b"] == "needs violations"
    assert all(s.sources for s in result.trace)


@pytest.mark.parametrize("corpus_id, day, expected", [
    ("almaty-oblast-akimat-2017-97", "2025-12-31", "2025-12-10"),  # "төртінші тоқсанды қоспағанда"
    ("almaty-oblast-akimat-2017-97", "2025-09-30", "2025-10-10"),
    ("rudny-maslikhat-2022-142", "2024-12-31", "2024-12-10"),  # "за исключением IV квартала"
])
def test_the_fourth_quarter_is_an_exception_of_the_quarterly_rule(corpus_id, day, expected):
    from datetime import date
    ruleset = load_ruleset(corpus_id)
    assert not [d for d in ruleset.deadlines if d.event.endswith("_q4")]
    assert deadline(ruleset, "quarterly_evaluation", date.fromisoformat(day)).date.isoformat() == \
        expected


@pytest.mark.parametrize("corpus_id", CORPUS_IDS)
def test_every_corpus_ruleset_carries_its_checked_plan(corpus_id):
    """The compiled JSON holds the plan, its inputs, its vocabulary version and the checker's
    diagnostics, each with a clause address; it reads back unchanged."""
    data = json.loads((ROOT / "generated" / f"{corpus_id}.json").read_bytes(),
                      parse_float=Decimal)
    plan = read.plan(data["ruleset"]["plan"])  # as `ereje evaluate` reads it
    assert plan == TypeAdapter(Plan).validate_python(data["ruleset"]["plan"])  # as pydantic
    assert plan.vocabulary_version and plan.inputs
    assert all(d.address for d in plan.diagnostics)
    written = json.dumps(plain(TypeAdapter(Plan).dump_python(plan)), ensure_ascii=False)
    assert read.plan(json.loads(written, parse_float=Decimal)) == plan


def test_the_checker_finds_seed_002s_prose_and_unbound_names():
    """Seed 002: four aggregations in prose, three formulas over names nothing gives."""
    plan = load_ruleset("mdai-order-2023-279").plan
    codes = [(d.code, d.address) for d in plan.diagnostics]
    assert sorted(a for c, a in codes if c == "PLAN_PROSE_AGGREGATION") == \
        ["app1/app5", "app1/app6", "app1/app7", "app1/app8"]
    unbound = {d.message.split(":")[0] for d in plan.diagnostics if d.code == "PLAN_UNBOUND_NAME"}
    assert unbound == {"final_score = sum(kpi_scores) / count(kpi_scores)",
                       "competency_average = sum(answer_points) / count(answers)",
                       "competency_final_average = sum(respondent_points) / count(respondents)"}


def test_the_checker_reports_gaps_a_rounding_does_not_close():
    """Seed 003 states no rounding: 1.99–2 is a gap; rudny rounds to hundredths: none."""
    gaps = [d for d in load_ruleset("zhanakorgan-akimat-2026-10").plan.diagnostics
            if d.code == "PLAN_SCALE_GAP"]
    assert len(gaps) == 3 and all(d.address == "app1/ch1/p7" for d in gaps)
    assert not [d for d in load_ruleset("rudny-maslikhat-2022-142").plan.diagnostics
                if d.code == "PLAN_SCALE_GAP"]


def test_evaluation_reads_nothing_but_the_compiled_ruleset(tmp_path):
    """The package without grammar/ (nor any other data) still evaluates a compiled JSON."""
    shutil.copytree(ROOT / "parser", tmp_path / "parser")
    program = (
        "import json, sys\n"
        "from parser import resources\n"
        "assert not resources.GRAMMAR.exists()\n"
        "from parser.rules.model import Ruleset\n"
        "from parser.rules.interpret import evaluate\n"
        f"data = json.load(open({str(ROOT / 'generated' / 'zhanakorgan-akimat-2026-10.json')!r}))\n"
        "ruleset = Ruleset.model_validate(data['ruleset'])\n"
        "r = evaluate(ruleset, {'position': 'manager', 'scores': [5, 4, 4, 5, 3],\n"
        "                       'sanction': 'reprimand', 'tenure_days': 200, 'worked_days': 55})\n"
        "print(r.outputs['score'], r.outputs['grade'])\n")
    proc = subprocess.run([sys.executable, "-c", program], cwd=tmp_path, capture_output=True,
                          text=True, timeout=120, env={"PYTHONPATH": str(tmp_path)})
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split() == ["2.99", "satisfactory"]
