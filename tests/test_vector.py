"""The vectorised backend (parser/rules/vector/) gives, row by row, what the reference
interpreter gives: generated people (a seeded generator that dwells on the band edges 3.99 /
4.00 / 2.99, tenures of 28-30 days, about 15 worked days) for seeds 003, 004 and 002, and for
every corpus ruleset people drawn from its own sample cases with their numbers moved, with
and without empty cells; and the file round trips (CSV, parquet)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import numpy as np
import polars as pl
import pytest

from conftest import entries_for

from parser.data import read_data
from parser.errors import InputError
from parser.rules import vector
from parser.rules.batchfile import evaluate_file, evaluate_table
from parser.rules.cases import load_ruleset
from test_backends import interpreted  # the interpreter's result in the backend's columns

SCALE = vector.PLACES
CASES = Path(__file__).parent / "cases"

ROWS = 2500
EDGES = [399, 400, 299, 300, 199, 200, 0, 500, 501, -1, 398, 401]  # hundredths


def _hundredths(rng, size, low=0, high=500):
    """Scores in hundredths, one in three on a band edge."""
    values = rng.integers(low, high + 1, size)
    edge = rng.random(size) < 0.33
    values[edge] = rng.choice(EDGES, int(edge.sum()))
    return values


def _maybe(rng, values, p_missing):
    return [None if rng.random() < p_missing else v for v in values]


def _dec(k):
    return None if k is None else Decimal(int(k)).scaleb(-2)


def _tenure(rng, n, months):
    """Days in the position: mostly long enough, else around `months` months."""
    return _maybe(rng, np.where(rng.random(n) < 0.7, rng.integers(31 * months, 400, n),
                                rng.integers(28 * months - 8, 31 * months + 8, n)), 0.1)


def _list(rng, n, lengths, make):
    return [None if length == 0 else [_dec(v) for v in make(length)]
            for length in rng.choice(lengths, n)]


def people_003(rng, n):
    """Seed 003: position, five 0-5 scores (an average at an edge now and then), sanction,
    tenure around one month, worked days around 15, sometimes quarterly scores."""
    kind = rng.choice(["same", "gap", "free", "free"], n)
    base = _hundredths(rng, n)
    scores = []
    for i, length in enumerate(rng.choice([5, 5, 5, 5, 4, 6, 0], n)):
        if kind[i] == "same":  # all equal: the average is the edge itself
            items = [base[i]] * length
        elif kind[i] == "gap":  # four at an edge and one just under: 3.992 … 3.998
            top = rng.choice([400, 300, 200])
            items = [top] * (length - 1) + [top - rng.integers(1, 5)] if length else []
        else:
            items = list(_hundredths(rng, length))
        scores.append(None if length == 0 else [_dec(v) for v in items])
    return pl.DataFrame({
        "position": _maybe(rng, rng.choice(["manager", "non_manager", "structural_head",
                                            "chief"], n, p=[.45, .45, .05, .05]), 0.05),
        "scores": pl.Series(scores, dtype=pl.List(pl.Decimal(38, 2))),
        "sanction": _maybe(rng, rng.choice(["none", "remark", "reprimand", "strict_reprimand",
                                            "other"], n), 0.2),
        "tenure_days": _tenure(rng, n, 1),
        "tenure_months": _maybe(rng, rng.integers(0, 3, n), 0.8),
        "worked_days": _maybe(rng, np.where(rng.random(n) < 0.7, rng.integers(15, 60, n),
                                            rng.integers(12, 19, n)), 0.1),
        "quarterly_scores": pl.Series(_list(rng, n, [0, 0, 0, 1, 2, 3, 4],
                                            lambda k: _hundredths(rng, k)),
                                      dtype=pl.List(pl.Decimal(38, 2))),
    }, strict=False)


def people_004(rng, n):
    """Seed 004: the quarter (100 + a - b) or the year (quarterly_points and plan_scores),
    tenure around three months, probation, sometimes a sheet of plan scores."""
    annual = rng.random(n) < 0.5
    points = [[_dec(v) for v in rng.choice(
        [7950, 8000, 10500, 10550, 10600, 13000, 13050, 11100, 9000], 4)] if a else None
        for a in annual]
    plans = [[_dec(v) for v in rng.choice([100, 200, 300, 400, 500, 350, 600], k)]
             if a and k else None for a, k in zip(annual, rng.choice([0, 1, 2, 3, 4, 5], n))]
    scores = _list(rng, n, [0, 0, 0, 1, 2], lambda k: _hundredths(rng, k, 100, 600))
    return pl.DataFrame({
        "method": _maybe(rng, np.where(annual, "annual", "quarterly"), 0.5),
        "position": _maybe(rng, ["corps_b_employee"] * n, 0.7),
        "bonus_points": [None if a else _dec(v) for a, v in
                         zip(annual, rng.choice([0, 500, 600, 3000, 3100, 150, 550], n))],
        "violations": [None if a else int(v) for a, v in zip(annual, rng.integers(0, 12, n))],
        "quarterly_points": pl.Series(points, dtype=pl.List(pl.Decimal(38, 2))),
        "plan_scores": pl.Series(plans, dtype=pl.List(pl.Decimal(38, 2))),
        "scores": pl.Series(scores, dtype=pl.List(pl.Decimal(38, 2))),
        "tenure_days": _tenure(rng, n, 3),
        "tenure_months": _maybe(rng, rng.integers(2, 5, n), 0.8),
        "on_probation": _maybe(rng, rng.random(n) < 0.1, 0.3),
    }, strict=False)


def people_002(rng, n):
    """Seed 002: KPI sheets (3-5 scores), kpis_total, a KPI percent near the table's rows
    and gap (44.49 / 44.7 / 94.995), KPIs achieved, quarterly scores."""
    percent = rng.integers(0, 12001, n).astype(object)
    edge = rng.random(n) < 0.3
    percent[edge] = rng.choice([4449, 4470, 4500, 9499, 9500, 9999, 10000, 0, 499], edge.sum())
    odd = rng.random(n) < 0.05
    return pl.DataFrame({
        "method": _maybe(rng, rng.choice(["kpi", "differentiation"], n), 0.5),
        "position": _maybe(rng, rng.choice(["structural_head", "corps_b_employee",
                                            "manager"], n, p=[.45, .45, .1]), 0.1),
        "scores": pl.Series(_list(rng, n, [0, 3, 4, 5, 4], lambda k: _hundredths(rng, k)),
                            dtype=pl.List(pl.Decimal(38, 2))),
        "kpis_total": _maybe(rng, rng.integers(2, 7, n), 0.3),
        "kpi_percent": pl.Series([None if rng.random() < 0.5 else
                                  (Decimal(int(p)).scaleb(-3) * 10 if not o else
                                   Decimal(int(p) * 10 + 5).scaleb(-3))
                                  for p, o in zip(percent, odd)], dtype=pl.Decimal(38, 3)),
        "kpis_achieved": _maybe(rng, rng.integers(0, 7, n), 0.6),
        "quarterly_scores": pl.Series(_list(rng, n, [0, 0, 0, 2, 4],
                                            lambda k: _hundredths(rng, k)),
                                      dtype=pl.List(pl.Decimal(38, 2))),
        "tenure_days": _tenure(rng, n, 1),
    }, strict=False)


SEEDS = [("zhanakorgan-akimat-2026-10", people_003), ("almaty-oblast-akimat-2017-97", people_004),
         ("mdai-order-2023-279", people_002)]


def evaluate_frame(ruleset, frame):
    """The backend's results, every row of the frame computed by it."""
    result, single = vector.evaluate_frame(ruleset.plan, frame)
    assert not single.any()
    return result


def _batch(row: dict) -> dict:
    got = {k: row[k] for k in ("evaluated", "reason", "score", "grade", "error")}
    if row.get("score_range_low") is not None:
        got["score_range"] = [row["score_range_low"], row["score_range_high"]]
    return got


def _same_as_interpreter(ruleset, frame) -> set[str]:
    """Assert the backend equals the interpreter on every row; the outcomes seen."""
    result = evaluate_frame(ruleset, frame)
    assert result.height == frame.height
    kinds = set()
    for i, (row, got) in enumerate(zip(frame.iter_rows(named=True),
                                       result.iter_rows(named=True))):
        expected = interpreted(ruleset, row)
        assert _batch(got) == expected, (i, row)
        kinds.add(expected["error"] or expected["grade"] or expected["reason"] or "range")
    return kinds


@pytest.mark.parametrize("corpus_id, people", SEEDS, ids=[s[0] for s in SEEDS])
def test_backend_equals_interpreter(corpus_id, people):
    kinds = _same_as_interpreter(load_ruleset(corpus_id),
                                 people(np.random.default_rng(20260), ROWS))
    assert len(kinds) >= 5, kinds  # the generator reaches grades, errors and exclusions


def from_cases(corpus_id: str, n: int, rng) -> pl.DataFrame | None:
    """n people drawn from a ruleset's sample cases, each number moved by up to ±0.25 (an
    integer by ±2): the inputs given together, near the edges the cases were written for."""
    givens = [c["given"] for c in read_data(CASES / f"{corpus_id}.yaml")["cases"]
              if isinstance(c.get("given"), dict) and not c.get("as_of")]
    if not givens:
        return None
    pick = rng.integers(0, len(givens), n)
    rows = []
    for k in pick:
        row = {}
        for name, value in givens[k].items():
            values = value if isinstance(value, list) else [value]
            moved = [_moved(v, rng) for v in values]
            if isinstance(value, list):
                row.update({f"{name}_{j + 1}": v for j, v in enumerate(moved)})
            else:
                row[name] = moved[0]
        rows.append(row)
    columns = sorted({c for row in rows for c in row})
    return pl.DataFrame({c: pl.Series([None if r.get(c) is None else str(r[c]) for r in rows],
                                      dtype=pl.String) for c in columns})


def _moved(value, rng):
    if isinstance(value, bool) or not isinstance(value, (int, Decimal)):
        return value
    if isinstance(value, int) or value == value.to_integral_value():
        return max(int(value) + int(rng.integers(-2, 3)), 0)
    return max(value + Decimal(int(rng.integers(-25, 26))).scaleb(-2), Decimal(0))


def _with_holes(frame: pl.DataFrame, share: float, rng) -> pl.DataFrame:
    return frame.with_columns(pl.when(pl.Series(rng.random(frame.height) < share))
                              .then(None).otherwise(pl.col(c)).alias(c) for c in frame.columns)


# A ruleset on which the backend answers otherwise than the interpreter is a strict xfail
# `vector_people` of tests/ratchet.yaml, with its reason (none today).
CORPUS = [pytest.param(p.stem, marks=q.marks, id=p.stem) for p in sorted(CASES.glob("*.yaml"))
          for q in entries_for("vector_people", [(p.stem, p)])]


@pytest.mark.parametrize("corpus_id", CORPUS)
def test_backend_equals_interpreter_on_sample_case_people(corpus_id):
    """Every corpus ruleset, on people like its sample cases (text cells, as from a CSV),
    full and with 5% empty cells."""
    ruleset = load_ruleset(corpus_id)
    if not any(step.node == "grade" or step.node == "lookup" for step in ruleset.plan.decision):
        pytest.skip("this decree states no grading rule")
    rng = np.random.default_rng(11)
    frame = from_cases(corpus_id, 400, rng)
    if frame is None:
        pytest.skip("no grading case is stated for the decree's own version")
    _same_as_interpreter(ruleset, frame)
    _same_as_interpreter(ruleset, _with_holes(frame, 0.05, rng))


def test_a_third_times_three_is_exact():
    """`a / 3 * 3` with bands [0, 0.99] and [1, 2]: a = 1 is 1, in the second band."""
    ruleset = exact_ruleset()
    frame = pl.DataFrame({"bonus_points": ["1", "0.99", "2.5"]})
    result = evaluate_frame(ruleset, frame)
    assert result["grade"].to_list() == ["high", "low", None]
    assert result["score"].to_list() == [Decimal(1), Decimal("0.99"), None]
    assert result["error"].to_list() == [None, None, "no_band"]
    for row, got in zip(frame.iter_rows(named=True), result.iter_rows(named=True)):
        assert _batch(got) == interpreted(ruleset, row)


def exact_ruleset():
    """A ruleset whose plan grades `a / 3 * 3` (a: bonus_points) in [0, 0.99] and [1, 2]."""
    from parser.rules import plan as p

    base = load_ruleset("zhanakorgan-akimat-2026-10")
    source = [p.Source(address="t/p1", quote="a / 3 * 3")]
    a = p.Ref(name="bonus_points")
    third = p.Arith(op="mul", left=p.Arith(op="div", left=a, right=p.Num(value=3)),
                    right=p.Num(value=3))
    bands = [p.Band(grade="low", low=Decimal(0), high=Decimal("0.99"), low_inclusive=True,
                    high_inclusive=True, sources=source),
             p.Band(grade="high", low=Decimal(1), high=Decimal(2), low_inclusive=True,
                    high_inclusive=True, sources=source)]
    plan = p.Plan(vocabulary_version="test", inputs=[
        p.InputSpec(name="bonus_points", type="decimal", sources=source)], decision=[
        p.Define(target="points", expr=third, text="points = a / 3 * 3", sources=source),
        p.Grade(candidates=[p.Candidate(variable="points", scale="points")],
                scales=[p.Scale(key="points", chapters=["t"], bands=bands)])])
    return base.model_copy(update={"plan": plan})


def test_two_tables_giving_one_output():
    """Two tables that give the same output (each where its own input is given): one column,
    the value of whichever table gave it, as the interpreter's outputs keyed by target."""
    from parser.rules import plan as p

    base = load_ruleset("zhanakorgan-akimat-2026-10")
    source = [p.Source(address="t/p1", quote="points")]
    row = lambda lo, hi, v: p.Row(low=Decimal(lo), high=Decimal(hi), low_inclusive=True,  # noqa: E731
                                  high_inclusive=True, value=Decimal(v))
    plan = p.Plan(vocabulary_version="test", inputs=[
        p.InputSpec(name="a", type="decimal", sources=source),
        p.InputSpec(name="b", type="decimal", sources=source)], decision=[
        p.Lookup(name="from_a", input="a", target="points", output=True, sources=source,
                 rows=[row(0, 1, 1), row(2, 3, 2)]),
        p.Lookup(name="from_b", input="b", target="points", output=True, sources=source,
                 rows=[row(0, 1, 3), row(2, 3, 4)])])
    ruleset = base.model_copy(update={"plan": plan})
    frame = pl.DataFrame({"a": ["0.5", None, "2", "7", None],
                          "b": [None, "2.5", None, None, None]})
    result = evaluate_frame(ruleset, frame)
    assert result.columns.count("points") == 1
    assert result["points"].to_list()[:3] == [Decimal(1), Decimal(4), Decimal(2)]
    _same_as_interpreter(ruleset, frame)


def test_numbered_columns_equal_list_column():
    ruleset = load_ruleset("zhanakorgan-akimat-2026-10")
    frame = people_003(np.random.default_rng(3), 500)
    wide = frame.with_columns([pl.col("scores").list.get(k, null_on_oob=True)
                               .alias(f"scores_{k + 1}") for k in range(6)]).drop("scores")
    assert evaluate_frame(ruleset, wide).equals(evaluate_frame(ruleset, frame))


def test_exact_edges():
    """3.995 is between 3.99 and 4: no band, never rounded into either."""
    ruleset = load_ruleset("zhanakorgan-akimat-2026-10")
    frame = pl.DataFrame({"position": ["non_manager"] * 3,
                          "scores_1": ["4", "4", "3.99"], "scores_2": ["4", "4", "3.99"],
                          "scores_3": ["4", "4", "3.99"], "scores_4": ["4", "4", "3.99"],
                          "scores_5": ["3.975", "3.95", "3.99"], "sanction": ["none"] * 3,
                          "tenure_days": ["200"] * 3, "worked_days": ["40"] * 3})
    result = evaluate_frame(ruleset, frame)
    assert result["error"].to_list() == ["no_band", None, None]
    assert result["grade"].to_list() == [None, "proper", "proper"]
    assert result["score"].to_list() == [None, Decimal("3.99"), Decimal("3.99")]


@pytest.mark.parametrize("suffix", [".csv", ".parquet"])
def test_file_round_trip(tmp_path, suffix):
    ruleset = load_ruleset("zhanakorgan-akimat-2026-10")
    frame = people_003(np.random.default_rng(7), 300)
    wide = frame.with_columns([pl.col(c).list.get(k, null_on_oob=True).alias(f"{c}_{k + 1}")
                               for c, width in (("scores", 6), ("quarterly_scores", 4))
                               for k in range(width)]).drop("scores", "quarterly_scores")
    source = tmp_path / f"people{suffix}"
    if suffix == ".csv":
        wide.write_csv(source)
    else:
        wide.write_parquet(source)
    expected = evaluate_frame(ruleset, frame)
    for out in (tmp_path / "out.parquet", tmp_path / "out.csv"):
        assert evaluate_file(ruleset, source, out) == frame.height
        back = pl.read_parquet(out) if out.suffix == ".parquet" else \
            pl.read_csv(out, schema_overrides={"score": pl.Decimal(38, SCALE)})
        for column in ("evaluated", "score"):
            assert back[column].to_list() == expected[column].to_list()
        for column in ("reason", "grade", "error"):
            assert back[column].cast(pl.String).to_list() == \
                expected[column].cast(pl.String).to_list()


def test_bad_files(tmp_path):
    ruleset = load_ruleset("zhanakorgan-akimat-2026-10")
    with pytest.raises(InputError):
        evaluate_file(ruleset, tmp_path / "absent.csv", tmp_path / "out.parquet")
    gap = tmp_path / "gap.csv"
    gap.write_text("position,scores_1,scores_3\nmanager,4,4\n")
    with pytest.raises(InputError, match="without gaps"):
        evaluate_file(ruleset, gap, tmp_path / "out.parquet")
    none = tmp_path / "none.csv"
    none.write_text("name,age\nA,3\n")
    with pytest.raises(InputError, match="canonical input"):
        evaluate_file(ruleset, none, tmp_path / "out.parquet")


def test_a_list_of_numbered_cells_ends_at_its_last_given_cell():
    """`<name>_k` cells: a row's length is the number of its last given cell (none given:
    no length), and an empty cell before it is a hole (invalid for numbers and roles)."""
    from parser.rules.vector.inputs import _extent

    parts = [pl.Series("x_1", ["a", None, "a", None, "a"]),
             pl.Series("x_2", [None, None, "b", "b", "b"]),
             pl.Series("x_3", ["c", None, None, None, "c"])]
    length, holes = _extent(parts)
    assert length.to_list() == [3, None, 2, 2, 3]
    assert holes.to_list() == [True, False, False, True, False]
    length, holes = _extent(parts[:1])
    assert length.to_list() == [1, None, 1, None, 1] and not holes.any()


# ---------------------------------------------------------------- the query's own work

ENUM_CELLS = Path(__file__).parent / "fixtures" / "enum_cells.yaml"


@pytest.mark.parametrize("lang", ["kk", "ru"])
@pytest.mark.parametrize("longer", [False, True])
def test_an_enums_cells_are_read_as_the_cast_reads_them(lang, longer):
    """A few values (compared cell by cell) or many (the cast): the cast's values, and a
    given cell that is no value bad; in Kazakh and in Russian (fixtures/enum_cells.yaml)."""
    from parser.rules.vector.inputs import MATCHED, enum_cells

    data = read_data(ENUM_CELLS)[lang]
    values = data["values"] + (data["more"] if longer else [])
    assert (len(values) > MATCHED) == longer
    frame = pl.DataFrame({"cell": data["cells"]}, schema={"cell": pl.String})
    text, bad = enum_cells(pl.col("cell"), pl.String, values)
    got = frame.select(text.alias("text"), bad.alias("bad"))
    cast = frame["cell"].cast(pl.Enum(values), strict=False)
    assert got["text"].dtype == pl.Enum(values)
    assert got["text"].to_list() == cast.to_list()
    assert got["bad"].to_list() == [c is not None and v is None
                                    for c, v in zip(data["cells"], cast.to_list())]
    assert 0 < cast.null_count() < frame.height


def test_known_conditions_fold_away():
    """FALSE and TRUE fold under &, | and ~ on either side (Kleene: `x & FALSE` is FALSE
    even where x is null), so a mask known false is no step of the query."""
    from parser.rules.vector.masks import FALSE, TRUE, known

    x = pl.col("x")
    assert (x & FALSE) is FALSE and (FALSE & x) is FALSE
    assert (x | TRUE) is TRUE and (TRUE | x) is TRUE
    assert (x & TRUE) is x and (TRUE & x) is x and (x | FALSE) is x and (FALSE | x) is x
    assert ~FALSE is TRUE and ~TRUE is FALSE and known(True) is TRUE and known(False) is FALSE
    frame = pl.DataFrame({"x": [True, False, None]})
    assert frame.select(x & ~x).to_series().to_list() == [False, False, None]  # unfolded
    assert frame.select(FALSE.alias("f"), TRUE.alias("t")).rows() == [(False, True)]


def _rulesets_people() -> list:
    import sys
    sys.path.insert(0, str(Path(__file__).parent.parent / "benchmarks"))
    from bench_rules import rulesets
    return rulesets()


@pytest.mark.parametrize("ruleset_id", _rulesets_people())
def test_no_step_of_a_rulesets_query_has_a_mask_known_false(ruleset_id):
    """A check of an input the table lacks, a formula that cannot fail, a form never
    chosen: no `x & false` is left in the query of any corpus ruleset's people table (each
    would be a step computed on every row for nothing)."""
    import re

    import people

    table = people.from_cases(ruleset_id, 40)
    if table.width == 0:
        pytest.skip("no people drawn from its cases")
    try:
        query = vector.evaluate_lazy(load_ruleset(ruleset_id).plan, table.lazy(), [])
    except (vector.NotStreamed, vector.Unsupported) as exc:
        pytest.skip(str(exc))
    plan = query.explain(optimized=False)
    assert not re.findall(r"& false\b|\bfalse &", plan)


def test_a_table_read_item_by_item_equals_the_interpreter():
    """A KPI's percent scored item by item and the scores weighted (atyrau-city's quarter:
    `kpi_percents` -> `kpi_scores`, `sum(kpi_scores * kpi_weights) / 100`), on people with
    percents at the rounding's edges, past the table's ends, and lists cut short by an empty
    cell (a list shorter than the weights': invalid input)."""
    for corpus_id in ("atyrau-city-akimat-2022-77", "atyrau-city-akimat-2022-77-kk"):
        ruleset = load_ruleset(corpus_id)
        assert any(s.node == "lookup" and s.each for s in ruleset.plan.decision)
        rng = np.random.default_rng(7)
        n = 600
        percents = [rng.choice(["99.94", "99.96", "39.96", "40", "75", "120", "-3", None],
                               n).tolist() for _ in range(3)]
        frame = pl.DataFrame({
            "method": ["quarterly"] * n, "sanction": rng.choice(["none", "remark"], n).tolist(),
            "tenure_days": ["400"] * n, "worked_days": ["60"] * n, "on_probation": ["false"] * n,
            "leave_share_of_quarter": ["0"] * n, "violations": ["0"] * n,
            "activity_points_1": ["0"] * n,
            **{f"kpi_percents_{k + 1}": percents[k] for k in range(3)},
            **{f"kpi_weights_{k + 1}": [w] * n for k, w in enumerate(["40", "30", "30"])}})
        kinds = _same_as_interpreter(ruleset, frame)
        assert {"effective", "satisfactory", "unsatisfactory", "invalid_input"} <= kinds, kinds
