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

from conftest import entries_for
from pydantic import TypeAdapter

from parser.compile import parse_raw
from parser.data import load_yaml
from parser.model import RawText
from parser.pipeline import compile_file
from parser.rules.build import _cited_numbers, compiled
from parser.rules.cases import deadline, load_ruleset
from parser.rules.interpret import evaluate
from parser.data import plain
from parser.rules import read
from parser.rules.draft import Computation, Draft, Lookup, Row, Scale
from parser.rules.plan import Band, Choice, Define, Grouped, Guard, Plan, Source
from parser.rules.values import show

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
CORPUS_IDS = sorted(p.stem for p in (ROOT / "generated").glob("*.json"))
HERE = [Source(address="app1/ch1/p7", quote="")]


def _band(grade: str, low: str, high: str) -> Band:
    return Band(grade=grade, low=Decimal(low), high=Decimal(high), low_inclusive=True,
                high_inclusive=True, sources=HERE)


def test_a_third_times_three_is_exact():
    """`a / 3 * 3` with a = 1 is 1, in the band [1, 2] — not 0.99… in no band."""
    rules = Draft(id="t", lang="ru", forms=[], lookups=[], caps=[],
                  computations=[Computation(target="average_score", expression="a / 3 * 3",
                                            sources=HERE)],
                  scales=[Scale(key="average_score", variables=["average_score"],
                                bands=[_band("satisfactory", "0", "0.99"),
                                       _band("proper", "1", "2")])],
                  eligibility=[], constraints=[], deadlines=[], references=[], labels={})
    result = evaluate(compiled(rules), {"bonus_points": 1})
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
    # b = 2 * violations: b under its own name (penalty_points is the list of each
    # violation's points, no alias of b)
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
    assert not [d for d in ruleset.plan.deadlines if d.event.endswith("_q4")]
    assert deadline(ruleset, "quarterly_evaluation", date.fromisoformat(day)).date.isoformat() == \
        expected


@pytest.mark.parametrize("corpus_id", CORPUS_IDS)
def test_every_corpus_ruleset_carries_its_checked_plan(corpus_id):
    """The compiled JSON's ruleset is its plan (under its id, language and format) and nothing
    else: the inputs, the vocabulary version and the checker's diagnostics, each with a
    clause address, are the plan's; it reads back unchanged."""
    data = json.loads((ROOT / "generated" / f"{corpus_id}.json").read_bytes(),
                      parse_float=Decimal)
    assert sorted(data["ruleset"]) == ["format_version", "id", "lang", "plan"]
    plan = read.plan(data["ruleset"]["plan"])  # as `ereje evaluate` reads it
    assert plan == TypeAdapter(Plan).validate_python(data["ruleset"]["plan"])  # as pydantic
    assert plan.vocabulary_version and plan.inputs
    assert all(d.address for d in plan.diagnostics)
    written = json.dumps(plain(TypeAdapter(Plan).dump_python(plan)), ensure_ascii=False)
    assert read.plan(json.loads(written, parse_float=Decimal)) == plan


def test_seed_002s_sheets_per_competency_are_grouped_nodes():
    """Seed 002: the four 360 sheets aggregate per competency (one group per parameter),
    the results' two leaving the self-evaluation out; the formulas restating them (and the
    KPI sheet's) are the sheets' aggregations, their clauses the sheets'."""
    plan = load_ruleset("mdai-order-2023-279").plan
    assert [d for d in plan.diagnostics if d.severity == "error"] == []
    choice = next(s for s in plan.decision if isinstance(s, Choice))
    grouped = {f.number: f for f in choice.forms if isinstance(f.aggregate, Grouped)}
    assert sorted(grouped) == [5, 6, 7, 8]
    assert [grouped[n].aggregate.excluded for n in (5, 6, 7, 8)] == [[], [], ["self"], ["self"]]
    assert all(f.aggregate.groups == len(f.parameters) and f.aggregate.across is None
               for f in grouped.values())
    assert not {s.target for s in plan.decision if isinstance(s, Define)} & {
        "final_score", "competency_average", "competency_final_average"}
    kpi = next(f for f in choice.forms if f.number == 2)
    # the sheet, and its note restating the aggregation as final_score's formula
    assert [s.address for s in kpi.sources] == ["app1/app2", "app1/app2"]


def test_a_sheet_total_that_is_a_formula_of_the_decree():
    """Seed 004's quarterly sheet totals `100 + a - b`, which reads no score of the sheet: it
    is the formula of app1/ch4/p26 (quarterly_points), not a sum over a list."""
    plan = load_ruleset("almaty-oblast-akimat-2017-97").plan
    form = next(f for s in plan.decision if isinstance(s, Choice) for f in s.forms
                if f.number == 2)
    assert form.aggregate is None and form.formula == "quarterly_points = 100 + a - b"
    assert [d for d in plan.diagnostics if d.severity == "error"] == []


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


ALLOWED = load_yaml((ROOT / "tests" / "plan_warnings.yaml").read_text(encoding="utf-8"))


def _allowed(corpus_id: str, finding) -> bool:
    """Whether a finding is one tests/plan_warnings.yaml allows the decree."""
    for entry in ALLOWED.get(corpus_id) or []:
        if (entry["code"], entry["address"]) != (finding.code, finding.address):
            continue
        if "between" in entry and all(f" {show(Decimal(str(v)))} (" in finding.message
                                      for v in entry["between"]):
            return True
        if "target" in entry and finding.message.startswith(f"{entry['target']}:"):
            return True
    return False


@pytest.mark.parametrize("corpus_id, path", entries_for(
    "plan_checker", [(i, ROOT / "generated" / f"{i}.json") for i in CORPUS_IDS]))
def test_every_corpus_plan_passes_the_checker(corpus_id, path):
    """No error in any corpus plan; each warning one tests/plan_warnings.yaml allows, with
    its reason."""
    data = json.loads((ROOT / "generated" / f"{corpus_id}.json").read_text(encoding="utf-8"))
    plan = Plan.model_validate(data["ruleset"]["plan"])
    assert [d for d in plan.diagnostics if d.severity == "error"] == []
    assert [d for d in plan.diagnostics if not _allowed(corpus_id, d)] == []
    assert all(entry.get("reason") for entry in ALLOWED.get(corpus_id) or [])


@pytest.mark.parametrize("case", load_yaml((FIXTURES / "cited_appendices.yaml").read_text(encoding="utf-8")),
                         ids=lambda c: c["lang"])
def test_a_chapter_cites_appendices_in_its_languages_words(case):
    """The appendices each chapter cites, read with the words of its language's profile."""
    doc = parse_raw(RawText(path="cited.txt", format="text", text=case["text"]), "cited")
    assert doc.lang == case["lang"]
    assert _cited_numbers(doc) == case["cited"]


def _draft(**parts) -> Draft:
    empty = dict(forms=[], computations=[], lookups=[], caps=[], scales=[], eligibility=[],
                 constraints=[], deadlines=[], references=[], labels={})
    return Draft(id="t", lang="ru", **{**empty, **parts})


def _table(name: str, rows: list[dict], where: str) -> Lookup:
    return Lookup(name=name, input="kpi_percent", output="score_range",
                  rows=[Row(**r) for r in rows], sources=[Source(address=where, quote="")])


def test_a_rounding_no_step_applies_is_a_warning_with_its_clause():
    """`T = round(X, 2)` where no table nor graded value reads X is noted, not dropped; one a
    table reads is applied there."""
    rounding = Computation(target="kpi_rounded", expression="round(kpi_percent, 2)",
                           sources=HERE)
    alone = compiled(_draft(computations=[rounding])).plan.diagnostics
    assert [(d.code, d.severity, d.address) for d in alone] == [
        ("PLAN_UNAPPLIED_ROUNDING", "warning", "app1/ch1/p7")]
    table = _table("kpi", [{"low": Decimal(0), "high": Decimal(100), "value": Decimal(5)}],
                   "app1/app3")
    used = compiled(_draft(computations=[rounding], lookups=[table])).plan
    assert used.diagnostics == []
    assert next(s for s in used.decision if s.node == "lookup").rounding.digits == 2


def test_a_table_lowering_cannot_read_is_an_error_with_its_clause():
    """A table of no rows, of rows by key and by interval, or with a key giving two values
    is a finding at its clause, never a lookup of no rows."""
    tables = [_table("empty", [], "app1/app3"),
              _table("mixed", [{"key": "achieved", "value": Decimal(4)},
                               {"low": Decimal(0), "value": Decimal(2)}], "app1/app4"),
              _table("twice", [{"key": "achieved", "value": Decimal(4)},
                               {"key": "achieved", "value": Decimal(3)}], "app1/app5")]
    plan = compiled(_draft(lookups=tables)).plan
    assert [(d.code, d.address) for d in plan.diagnostics] == [
        ("PLAN_UNREAD_TABLE", "app1/app3"), ("PLAN_UNREAD_TABLE", "app1/app4"),
        ("PLAN_UNREAD_TABLE", "app1/app5")]
    assert not [s for s in plan.decision if s.node in ("lookup", "keyed")]


def test_a_keyed_table_declares_its_key_an_enum_of_its_keys():
    """Almaty's plan targets are scored by outcome (app1/ch5/p30): the outcome is an input
    whose values are the table's keys, citing the table; its points come out of the table."""
    ruleset = load_ruleset("almaty-oblast-akimat-2017-97")
    spec = next(i for i in ruleset.plan.inputs if i.name == "plan_target_outcome")
    assert spec.type == "enum" and spec.values == ["not_achieved", "partially_achieved",
                                                   "achieved", "overachieved"]
    assert [s.address for s in spec.sources] == ["app1/ch5/p30"]
    result = evaluate(ruleset, {"plan_target_outcome": "achieved"})
    assert result.error is None and result.outputs["plan_target_score"] == 4
    wrong = evaluate(ruleset, {"plan_target_outcome": "done"})
    assert wrong.error.kind == "invalid_input"


def test_an_exclusion_read_as_a_range_is_an_unsupported_rule_with_its_clause():
    """A threshold on an eligibility subject read with two bounds (`between`) is no guard the
    plan can test: an error diagnostic citing its clause, never a failed compile."""
    from parser.rules.draft import Eligibility

    where = Source(address="app1/ch1/p4/sub1", quote="")
    rules = _draft(eligibility=[Eligibility(subject="tenure_in_position", op="between",
                                            value=[Decimal(3), Decimal(6)], unit="months",
                                            sources=[where])])
    found = [d for d in compiled(rules).plan.diagnostics if d.code == "PLAN_UNSUPPORTED"]
    assert [(d.severity, d.address) for d in found] == [("error", "app1/ch1/p4/sub1")]
    assert "tenure_in_position between [3, 6]" in found[0].message
