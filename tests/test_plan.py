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
    assert skipped["skipped penalty_total"] == "needs violations"
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
    # every entry states its reason and nothing else than its fields (an unquoted comma in
    # a flow mapping would cut the reason short and make the rest of it a key)
    assert all(entry.get("reason") and set(entry) <= {"code", "address", "between", "target",
                                                      "reason"}
               for entry in ALLOWED.get(corpus_id) or [])


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
    return Draft(**{"id": "t", "lang": "ru", **empty, **parts})


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


# ---------------------------------------------------------------- points per violation, covers

PENALTY = FIXTURES / "penalty"


@pytest.mark.parametrize("lang", ["ru", "kk"])
def test_points_per_violation_are_a_list_the_plan_declares_with_its_clause(lang):
    """"Штрафные баллы за все нарушения … их сумма составляет показатель «Ш»", "айыппұл
    балдарының қосындысы … «ш» көрсеткішін құрайды": b is the sum of `penalty_points`, one item
    a violation (docs/vocabulary.md, "Points per violation"), the input citing the clause; the
    cap on the encouraged points under no sanction bounds their sum, a, in the plan."""
    plan = compile_file(PENALTY / f"penalty_{lang}.txt").ruleset.plan
    spec = next(i for i in plan.inputs if i.name == "penalty_points")
    assert spec.type == "decimals" and "app1/ch1/p5" in [s.address for s in spec.sources]
    defines = {s.target: s for s in plan.decision if isinstance(s, Define)}
    assert defines["penalty_total"].text == "b = sum(penalty_points)"
    assert defines["bonus_points"].text.endswith("at most 20 (always)")
    assert "app1/ch1/p3" in [s.address for s in defines["bonus_points"].sources]
    assert not [d for d in plan.diagnostics if d.severity == "error"]


@pytest.mark.parametrize("lang", ["ru", "kk"])
def test_the_vectorised_backend_reads_points_per_violation_as_the_interpreter(lang):
    """The list convention is the plan's: the batch backend, reading `penalty_points_<k>`
    columns, gives each row the interpreter's result."""
    import polars as pl
    from parser.rules import vector
    from test_backends import interpreted, vectorised
    ruleset = compile_file(PENALTY / f"penalty_{lang}.txt").ruleset
    columns = ["activity_points_1", "activity_points_2", "penalty_points_1",
               "penalty_points_2", "tenure_days"]
    rows = [["5", "5", "2", "6", "400"], ["5", "4", "6", None, "400"],
            ["5", "5", None, None, "400"], ["5", "4", "6", None, "91"],
            ["5", "5", "2", "2", "89"]]
    frame = pl.DataFrame(rows, schema={c: pl.String for c in columns}, orient="row")
    results, _ = vector.evaluate_frame(ruleset.plan, frame)
    got = [vectorised(r) for r in results.iter_rows(named=True)]
    assert got == [interpreted(ruleset, r) for r in frame.iter_rows(named=True)]
    assert [g["score"] for g in got[:2]] == [Decimal(102), Decimal(103)]
    assert [g["error"] for g in got[3:]] == ["ambiguous_tenure", None]
    assert got[4]["reason"] == "tenure_in_position"


def _sheet(title: str, applies_to: list[str], where: str):
    from parser.rules.draft import Form as DraftForm
    from parser.rules.plan import Parameter
    return DraftForm(title=title, applies_to=applies_to, aggregation="sum(scores) / count(scores)",
                     parameters=[Parameter(name="п", low=Decimal(1), high=Decimal(5))],
                     sources=[Source(address=where, quote="")])


def _graded(*forms, scale: str = "average_score") -> Draft:
    return _draft(forms=list(forms), scales=[Scale(key=scale, variables=[scale], bands=[
        _band("satisfactory", "0", "3.99"), _band("effective", "4", "5")])])


def test_a_sheet_for_every_servant_is_each_positions_unless_one_names_it():
    """A sheet for every servant of corps B (`corps_b_employee`) is a manager's and a
    non-manager's (grammar/rules.yaml `covers`); where another sheet names the position
    itself, or covers it more narrowly (a manager's sheet a structural head's), that sheet is
    the position's."""
    general = _sheet("Оценочный лист", ["corps_b_employee"], "app1/app1")
    managers = _sheet("Оценочный лист руководителя", ["manager"], "app1/app2")
    alone = compiled(_graded(general))
    for position in ("manager", "non_manager", "structural_head"):
        result = evaluate(alone, {"position": position, "scores": [4, 5]})
        assert result.error is None and result.outputs["grade"] == "effective", position
    both = compiled(_graded(general, managers))
    forms = next(s for s in both.plan.decision if isinstance(s, Choice)).forms
    assert [f.positions for f in forms] == [
        ["corps_b_employee", "non_manager"], ["manager", "structural_head"]]
    heads = compiled(_graded(_sheet("Лист руководителя подразделения", ["structural_head"],
                                    "app1/app1")))
    assert evaluate(heads, {"position": "manager", "scores": [3, 3]}).outputs["grade"] == \
        "satisfactory"
    assert evaluate(heads, {"position": "non_manager", "scores": [3]}).error.kind == \
        "invalid_input"


def test_bands_named_for_the_quarter_grade_the_sheets_average_where_nothing_else_is():
    """Bands read on the quarter's scale ("тоқсандық баға 4,2-ден жоғары") in a decree whose
    quarter is its sheet's average and which computes no quarter's points grade that average;
    a decree computing the points (100 + a − b) grades the points."""
    sheet = _sheet("Оценочный лист", ["corps_b_employee"], "app1/app1")
    quarter = compiled(_graded(sheet, scale="quarterly_points"))
    result = evaluate(quarter, {"scores": [4, 5]})
    assert result.error is None and result.outputs["score"] == Decimal("4.5")
    points = Computation(target="quarterly_points", expression="100 + a - b", sources=HERE)
    plan = compiled(_draft(forms=[sheet], computations=[points], scales=[
        Scale(key="quarterly_points", variables=["quarterly_points"],
              bands=[_band("effective", "100", "130")])])).plan
    grade = next(s for s in plan.decision if s.node == "grade")
    assert [c.variable for c in grade.candidates] == ["quarterly_points"]


def test_a_cap_under_no_sanction_no_formula_computes_is_an_error_with_its_clause():
    """"Сумма поощрительных баллов не может превышать 25 баллов" where no formula sums them
    (a = bonus_points given) bounds nothing the plan computes: a finding at its clause, never
    a cap silently dropped."""
    from parser.rules.draft import Cap
    cap = Cap(scale="bonus_points", condition="always", max=Decimal(25),
              sources=[Source(address="app1/ch2/p10", quote="")])
    plan = compiled(_draft(caps=[cap])).plan
    assert [(d.code, d.address) for d in plan.diagnostics] == [
        ("PLAN_UNAPPLIED_CAP", "app1/ch2/p10")]


def test_a_cap_on_the_total_deduction_bounds_the_formula_of_b():
    """"Общее уменьшение не может превышать 0,5 балла за квартал" (a cap on the scale
    `penalty_points`, the period's total deduction b) bounds the formula of b, which the plan
    names `penalty_total`: seven late facts at 0.1 take off 0.5, not 0.7."""
    from parser.rules.draft import Cap
    cap = Cap(scale="penalty_points", condition="always", max=Decimal("0.5"),
              sources=[Source(address="app1/ch3/p19", quote="")])
    b = Computation(target="b", expression="0.1 * violations", sources=HERE)
    plan = compiled(_draft(caps=[cap], computations=[b])).plan
    define = next(s for s in plan.decision if isinstance(s, Define))
    assert (define.target, define.text) == ("penalty_total",
                                            "b = 0.1 * violations, at most 0.5 (always)")
    assert "app1/ch3/p19" in [s.address for s in define.sources]
    assert not [d for d in plan.diagnostics if d.code == "PLAN_UNAPPLIED_CAP"]


# ---------------------------------------------------------------- the case inputs' vocabulary

@pytest.mark.parametrize("lang", ["ru", "kk"])
def test_the_case_inputs_of_a_year_and_a_quarter_are_declared_once_for_every_plan(lang):
    """The inputs sample cases give beyond the sheet (tests/cases/README.md, "Inputs"), named
    once in grammar/rules.yaml: the competency sheet's average given directly where the
    year's formula reads it ("0,7 × … + 0,3 × ОК"), each KPI's percent and weight, the plan's
    execution percent, the late documents; `method: competency`. Every plan declares them,
    whatever its language; a name the vocabulary does not hold stays `invalid_input`."""
    year = [Computation(target="quarterly_avg", expression="avg(quarterly_scores)",
                        sources=HERE),
            Computation(target="annual_score",
                        expression="0.7 * quarterly_avg + 0.3 * competency_average",
                        sources=HERE)]
    draft = _draft(lang=lang, computations=year, scales=[Scale(
        key="annual_score", variables=["annual_score"], bands=[
            _band("satisfactory", "0", "3.99"), _band("effective", "4", "5")])])
    ruleset = compiled(draft)
    declared = {i.name: i for i in ruleset.plan.inputs}
    assert {n: declared[n].type for n in ("competency_average", "kpi_percents", "kpi_weights",
                                          "plan_execution_percent", "late_documents")} == {
        "competency_average": "decimal", "kpi_percents": "decimals", "kpi_weights": "decimals",
        "plan_execution_percent": "decimal", "late_documents": "integer"}
    assert "competency" in declared["method"].values
    assert [s.address for s in declared["competency_average"].sources] == ["app1/ch1/p7"]
    result = evaluate(ruleset, {"method": "annual", "quarterly_scores": [4, 5],
                                "competency_average": Decimal("3.5")})
    assert result.error is None and result.outputs["score"] == Decimal("4.2")
    assert result.outputs["grade"] == "effective"
    unknown = evaluate(ruleset, {"quarterly_scores": [4, 5], "competency_avg": 3})
    assert unknown.error.kind == "invalid_input"
    assert unknown.error.message == "unknown input 'competency_avg'"


@pytest.mark.parametrize("lang", ["ru", "kk"])
def test_the_kpi_weights_are_checked_each_and_in_sum(lang):
    """"Вес одного КЦИ – от 10 до 50 %, сумма весов всех КЦИ равна 100 %" / "бір ҚНК салмағы
    10-нан 50 %-ға дейін, барлық ҚНК салмақтарының қосындысы 100 %": the thresholds
    `kpi_weight` (each weight) and `kpi_weights_total` (their sum) are checks of the list
    `kpi_weights` (grammar/rules.yaml `constraints`); a plan breaking one is `invalid_input`
    citing its clause, an empty list breaks no weight's bounds."""
    from parser.rules.build import _conditions
    from parser.facts.model import Fact

    def threshold(subject, op, value, where):
        return Fact(kind="threshold", address=where, span=(0, 0), quote="", lang=lang,
                    fields={"subject": subject, "op": op, "value": value, "unit": "percent"})

    _, constraints, _ = _conditions([threshold("kpi_weight", "between",
                                            [Decimal(10), Decimal(50)], "app1/ch2/p9"),
                                  threshold("kpi_weights_total", "==", Decimal(100),
                                            "app1/ch2/p9/sub2")], [])
    assert [(c.input, c.measure) for c in constraints] == [("kpi_weights", "each"),
                                                           ("kpi_weights", "sum")]
    ruleset = compiled(_draft(lang=lang, constraints=constraints))
    assert evaluate(ruleset, {"kpi_weights": [40, 30, 30]}).error.kind == "missing_rule"
    short = evaluate(ruleset, {"kpi_weights": [40, 30, 20]}).error
    assert short.kind == "invalid_input" and "sum(kpi_weights) == 100" in short.message
    assert [s.address for s in short.sources] == ["app1/ch2/p9/sub2"]
    heavy = evaluate(ruleset, {"kpi_weights": [60, 20, 20]}).error
    assert heavy.kind == "invalid_input" and "each of kpi_weights" in heavy.message
    _, each, _ = _conditions([threshold("kpi_weight", "between", [Decimal(10), Decimal(50)],
                                        "app1/ch2/p9")], [])
    alone = compiled(_draft(lang=lang, constraints=each))
    assert evaluate(alone, {"kpi_weights": []}).error.kind == "missing_rule"  # no bound broken
    assert evaluate(alone, {"kpi_weights": [5]}).error.kind == "invalid_input"


@pytest.mark.parametrize("lang", ["ru", "kk"])
def test_a_formula_its_direction_chooses_asks_the_direction_only_where_it_could_compute(lang):
    """Д = Ф / П × 100, or П / Ф × 100 for a falling KPI (tests/fixtures/kpi): a case giving
    the actual and planned values but no `kpi_direction` lacks the direction; one that gives
    neither value (the sheet's percents given another way) lacks no direction — choosing a
    formula it could not compute would not help — and both backends say the same."""
    import polars as pl
    from parser.rules import vector
    from test_backends import interpreted, vectorised
    ruleset = compile_file(FIXTURES / "kpi" / f"kpi_{lang}.txt").ruleset
    both = evaluate(ruleset, {"kpi_actual": 47, "kpi_planned": 50}).error
    assert both.kind == "missing_input" and "kpi_direction" in both.message
    half = evaluate(ruleset, {"kpi_planned": 50}).error
    assert half is not None and "kpi_direction" not in half.message
    columns = ["kpi_actual", "kpi_planned", "kpi_direction"]
    rows = [["47", "50", None], [None, "50", None], ["47", "50", "increasing"], [None, None, None]]
    frame = pl.DataFrame(rows, schema={c: pl.String for c in columns}, orient="row")
    results, _ = vector.evaluate_frame(ruleset.plan, frame)
    got = [vectorised(r) for r in results.iter_rows(named=True)]
    assert got == [interpreted(ruleset, r) for r in frame.iter_rows(named=True)]
    assert [g["error"] for g in got] == ["missing_input", half.kind, None, half.kind]


@pytest.mark.parametrize("lang", ["ru", "kk"])
def test_the_kpis_number_is_counted_from_their_scores_given_one_by_one(lang):
    """"Количество КЦИ – от трех до пяти" / "ҚНК саны үштен беске дейін" (`kpi_count`): a
    check of `kpis_total` given outright, or of the count of `kpi_scores` (each KPI's score,
    the items a KPI sheet aggregates), `kpi_percents` or `kpi_weights` where the case gives
    them one by one (grammar/rules.yaml `constraints`, `counts`)."""
    from parser.rules.build import _conditions
    from parser.facts.model import Fact

    count = Fact(kind="threshold", address="app1/ch2/p9", span=(0, 0), quote="", lang=lang,
                 fields={"subject": "kpi_count", "op": "between",
                         "value": [Decimal(3), Decimal(5)], "unit": None})
    _, constraints, _ = _conditions([count], [])
    ruleset = compiled(_draft(lang=lang, constraints=constraints))
    two = evaluate(ruleset, {"kpi_scores": [5, 5]}).error
    assert two.kind == "invalid_input" and "kpis_total between [3, 5]" in two.message
    assert evaluate(ruleset, {"kpis_total": 2}).error.kind == "invalid_input"
    assert evaluate(ruleset, {"kpi_scores": [5, 4, 4]}).error.kind == "missing_rule"
    # … or of any list given one item per KPI: their percents, their weights (round 43)
    six = evaluate(ruleset, {"kpi_percents": [100] * 6, "kpi_weights": [20] * 4 + [10] * 2})
    assert six.error.kind == "invalid_input" and "kpis_total between [3, 5]" in six.error.message
    assert evaluate(ruleset, {"kpi_weights": [40, 30, 30]}).error.kind == "missing_rule"
    import polars as pl
    from parser.rules import vector
    from test_backends import interpreted, vectorised
    people = pl.DataFrame({"kpi_scores_1": ["5", "5", None], "kpi_scores_2": ["5", "4", None],
                           "kpi_scores_3": [None, "4", None], "kpis_total": [None, None, "2"]})
    results, _ = vector.evaluate_frame(ruleset.plan, people)
    assert results["error"].to_list() == ["invalid_input", "missing_rule", "invalid_input"]
    assert [interpreted(ruleset, row) for row in people.iter_rows(named=True)] == \
        [vectorised(row) for row in results.iter_rows(named=True)]


# ---------------------------------------------------------------- arithmetic on lists

def test_the_checker_types_arithmetic_on_lists_item_by_item():
    """`sum(kpi_scores * kpi_weights) / 100` is a number (the product of two lists is a list,
    item by item); a list where a number is needed, a text in arithmetic, a number where a
    list is needed are type errors, each at its formula's clause."""
    from parser.rules.check import check
    from parser.rules.lower import expression
    from parser.rules.plan import InputSpec

    def define(target: str, text: str) -> Define:
        return Define(target=target, expr=expression(text), text=f"{target} = {text}",
                      sources=HERE)

    inputs = [InputSpec(name="kpi_scores", type="decimals"),
              InputSpec(name="kpi_weights", type="decimals"),
              InputSpec(name="x", type="decimal"),
              InputSpec(name="position", type="enum", values=["a"])]
    steps = [define("weighted", "sum(kpi_scores * kpi_weights) / 100"),
             define("shares", "-kpi_weights / 100"),  # a list, and so a name of a list
             define("spread", "max(shares) - min(shares * x)"),
             define("rounded", "round(kpi_scores * 2, 1)"),
             define("texts", "position * 2"),
             define("summed", "sum(x * 2)")]
    found = check(Plan(vocabulary_version="test", inputs=inputs, decision=steps)).diagnostics
    assert [(d.code, d.message, d.address) for d in found] == [
        ("PLAN_TYPE", "rounded = round(kpi_scores * 2, 1): round takes a number, not a list",
         "app1/ch1/p7"),
        ("PLAN_TYPE", "texts = position * 2: mul takes numbers or lists of numbers, not a text",
         "app1/ch1/p7"),
        ("PLAN_TYPE", "summed = sum(x * 2): sum takes a list, not a number", "app1/ch1/p7")]


# a KPI sheet of one blank item and a 360 questionnaire, both for every servant, with the
# range the decree gives each KPI's score in its own clause (both languages)
SHEETS = {
    "ru": ("Оценочный лист по ключевым показателям эффективности", "КПЭ",
           "Анкета оценки компетенций методом 360", "Каждый КПЭ оценивается целым числом баллов "
           "от 0 до 5."),
    "kk": ("Негізгі тиімділік көрсеткіштері бойынша бағалау парағы", "НТК",
           "Құзыреттерді 360 әдісімен бағалау сауалнамасы", "Әрбір НТК 0-ден 5-ке дейінгі бүтін "
           "балдармен бағаланады."),
}


PLACE = Decimal("0.0001")


@pytest.mark.parametrize("lang", ["ru", "kk"])
def test_a_case_s_method_chooses_among_the_sheets_of_its_position(lang):
    """A sheet's title names the methods it is for (grammar/facts_meaning.yaml `form_methods`):
    a case's `method` takes the KPI sheet or the 360 questionnaire of the same servants, with
    no position given too; a blank KPI row is scored on the range the decree gives each KPI
    (whole, 0-5, its clause cited); and the batch backend chooses as the interpreter does."""
    import polars as pl
    from parser.facts.model import Fact, FactSet
    from parser.rules import vector
    from parser.facts.tables import methods
    from parser.rules.build import draft
    from test_backends import interpreted, vectorised
    kpi_title, item, title_360, ranged = SHEETS[lang]

    def fact(kind, address, quote, **fields):
        return Fact(kind=kind, address=address, span=(0, 0), quote=quote, lang=lang,
                    fields=fields)

    facts = FactSet(facts=(
        fact("grade_band", "app1/ch3/p20", "", scale="average_score", grade="effective",
             low=Decimal(0), high=Decimal(5), low_inclusive=True, high_inclusive=True),
        fact("score_range", "app1/ch3/p17", ranged, subject="kpi_score", low=Decimal(0),
             high=Decimal(5), low_inclusive=True, high_inclusive=True, whole=True),
        fact("form", "app1/app2", kpi_title, number=2, title=kpi_title,
             applies_to=["corps_b_employee"], aggregation="sum(kpi_scores) / count(kpi_scores)",
             parameters=[{"number": None, "name": item, "low": None, "high": None}],
             methods=methods(kpi_title, lang)),
        fact("form", "app1/app4", title_360, number=4, title=title_360,
             applies_to=["corps_b_employee"], aggregation="sum(scores) / count(scores)",
             methods=methods(title_360, lang),
             parameters=[{"number": 1, "name": "1", "low": Decimal(1), "high": Decimal(3)},
                         {"number": 2, "name": "2", "low": Decimal(1), "high": Decimal(3)}])))
    plan = compiled(draft("t", lang, facts)).plan
    forms = next(s for s in plan.decision if isinstance(s, Choice)).forms
    assert [f.methods for f in forms] == [["kpi"], ["360", "competency"]]
    assert [(p.low, p.high, [s.address for s in p.whole]) for p in forms[0].parameters] == [
        (0, 5, ["app1/ch3/p17"])]
    assert "app1/ch3/p17" in [s.address for s in forms[0].sources]
    ruleset = compiled(draft("t", lang, facts))
    kpi = {"method": "kpi", "position": "non_manager", "scores": [5, 5, 4]}
    assert evaluate(ruleset, kpi).outputs["score"].quantize(PLACE) == Decimal("4.6667")
    unplaced = {"method": "kpi", "scores": [5, 5, 4]}  # no position: the method chooses
    assert evaluate(ruleset, unplaced).outputs["score"].quantize(PLACE) == Decimal("4.6667")
    assert evaluate(ruleset, {**kpi, "scores": [5, 4.5]}).error.kind == "invalid_input"
    # the questionnaire's items top at 3: a 5 is out of its range
    assert evaluate(ruleset, {**kpi, "method": "360"}).error.kind == "invalid_input"
    assert evaluate(ruleset, {"method": "360", "scores": [3, 2]}).outputs["score"] == \
        Decimal("2.5")
    columns = ["method", "position", "scores_1", "scores_2", "scores_3"]
    rows = [["kpi", "manager", "5", "5", "4"], ["360", None, "3", "2", None],
            ["360", "manager", "5", "5", "4"], [None, "manager", "5", "4", None],
            ["quarterly", None, "5", "4", None], ["kpi", None, "4", "4.5", None]]
    frame = pl.DataFrame(rows, schema={c: pl.String for c in columns}, orient="row")
    results, _ = vector.evaluate_frame(ruleset.plan, frame)
    got = [vectorised(r) for r in results.iter_rows(named=True)]
    assert got == [interpreted(ruleset, r) for r in frame.iter_rows(named=True)]


@pytest.mark.parametrize("lang", ["ru", "kk"])
def test_a_method_no_sheet_is_for_is_scored_by_the_decree_s_formula(lang):
    """A decree whose one printed sheet is the competency questionnaire and whose quarter is
    the mean its formula states ("Средний балл определяется делением суммы баллов … на их
    количество"): a quarterly case is scored by the formula, not held to the questionnaire's
    items; a competency case takes the questionnaire; with no formula, a method no sheet is
    for has no form. The batch backend decides alike."""
    import polars as pl
    from parser.facts.model import Fact, FactSet
    from parser.rules import vector
    from parser.facts.tables import methods
    from parser.rules.build import draft
    from test_backends import interpreted, vectorised
    title_360 = SHEETS[lang][2]

    def fact(kind, address, quote, **fields):
        return Fact(kind=kind, address=address, span=(0, 0), quote=quote, lang=lang,
                    fields=fields)

    sheet = (
        fact("grade_band", "app1/ch3/p20", "", scale="average_score", grade="effective",
             low=Decimal(0), high=Decimal(5), low_inclusive=True, high_inclusive=True),
        fact("form", "app1/app3", title_360, number=3, title=title_360,
             applies_to=["corps_b_employee"], aggregation="sum(scores) / count(scores)",
             methods=methods(title_360, lang),
             parameters=[{"number": k, "name": str(k), "low": Decimal(1), "high": Decimal(3)}
                         for k in (1, 2)]))
    mean = fact("formula", "app1/ch3/p15", "", target="average_score",
                expression="sum(scores) / count(scores)",
                variables={"average_score": "", "scores": ""})
    ruleset = compiled(draft("t", lang, FactSet(facts=(*sheet, mean))))
    quarter = {"method": "quarterly", "position": "non_manager", "scores": [5, 4, 4, 5]}
    assert evaluate(ruleset, quarter).outputs["score"] == Decimal("4.5")
    assert evaluate(ruleset, {**quarter, "method": "competency"}).error.kind == "invalid_input"
    assert evaluate(ruleset, {"method": "competency", "scores": [3, 2]}).outputs["score"] == \
        Decimal("2.5")
    bare = compiled(draft("t", lang, FactSet(facts=sheet)))
    assert evaluate(bare, quarter).error.kind == "invalid_input"
    columns = ["method", "position", "scores_1", "scores_2", "scores_3"]
    rows = [["quarterly", "non_manager", "5", "4", "4"], ["competency", None, "3", "2", None],
            ["competency", "manager", "5", "4", None], [None, None, "3", "3", None],
            ["quarterly", None, "4", "4", "5"], ["kpi", "manager", "1", "2", None]]
    frame = pl.DataFrame(rows, schema={c: pl.String for c in columns}, orient="row")
    for plan in (ruleset, bare):
        results, _ = vector.evaluate_frame(plan.plan, frame)
        got = [vectorised(r) for r in results.iter_rows(named=True)]
        assert got == [interpreted(plan, r) for r in frame.iter_rows(named=True)]


def _kpi_draft() -> Draft:
    """A weighted KPI score: each KPI's percent (rounded to tenths) scored by a table, the
    scores weighted ("О = Σ(балл × вес) / 100", "sum(kpi_score * kpi_weight) / 100")."""
    rows = [{"low": Decimal(100), "low_inclusive": True, "value": Decimal(5)},
            {"low": Decimal(90), "high": Decimal("99.9"), "low_inclusive": True,
             "high_inclusive": True, "value": Decimal(4)},
            {"low": Decimal(0), "high": Decimal(90), "low_inclusive": True,
             "high_inclusive": False, "value": Decimal(3)}]
    table = Lookup(name="kpi_percent_to_score", input="kpi_percent", output="kpi_score",
                   rows=[Row(**r) for r in rows], sources=[Source(address="app1/ch3/p16",
                                                                  quote="")])
    return _draft(lookups=[table], computations=[
        Computation(target="kpi_rounded", expression="round(kpi_percent, 1)", sources=HERE),
        Computation(target="weighted", expression="sum(kpi_score * kpi_weight) / 100",
                    sources=HERE)])


def test_a_sum_over_items_reads_their_lists_and_a_table_scores_each_item():
    """An aggregation of a formula over items reads their lists (`kpi_weight` of
    `kpi_weights`), and a table from one item to another is also looked up item by item: the
    percents of the KPIs give their scores, each rounded as the rule says; the table still
    scores one percent given alone, and an item in no row is `no_band` naming the item."""
    plan = compiled(_kpi_draft()).plan
    each = next(s for s in plan.decision if s.node == "lookup" and s.each)
    assert (each.input, each.target, each.rounding.digits) == ("kpi_percents", "kpi_scores", 1)
    weighted = next(s for s in plan.decision if s.node == "define")
    assert show_names(weighted.expr) == {"kpi_scores", "kpi_weights"}
    ruleset = load_ruleset("zhanakorgan-akimat-2026-10").model_copy(update={"plan": plan})
    # 99.96 rounds to 100.0 (5), 99.94 to 99.9 (4), 80 scores 3: (5*40 + 4*30 + 3*30) / 100
    result = evaluate(ruleset, {"kpi_percents": [Decimal("99.96"), Decimal("99.94"), 80],
                                "kpi_weights": [40, 30, 30]})
    assert [s.value for s in result.trace if s.name == "weighted"] == [Decimal("4.1")]
    assert [s.value for s in result.trace if s.name == "kpi_scores"] == [5, 4, 3]
    alone = evaluate(ruleset, {"kpi_percent": Decimal("99.94")})
    assert [s.value for s in alone.trace if s.name == "score_range"] == [[4, 4]]
    beyond = evaluate(ruleset, {"kpi_percents": [100, -1], "kpi_weights": [50, 50]})
    assert beyond.error.kind == "no_band" and "(item 2)" in beyond.error.message


def show_names(expr) -> set[str]:
    from parser.rules.plan import names
    return names(expr)
