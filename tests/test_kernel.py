"""The compiled kernel (parser/rules/kernel.py) gives, row by row, what the generic batch path
gives (and so the single path): 20,000 generated people of seed 003 that dwell on the band
edges, the score-only path, frames read from text, and rulesets or frames it does not cover
falling back to the generic path."""

from __future__ import annotations

from decimal import ROUND_HALF_EVEN, Decimal

import numpy as np
import polars as pl
import pytest

from parser.rules import batch, kernel
from parser.rules.batch import SCALE, evaluate_frame
from parser.rules.cases import load_ruleset
from parser.rules.interpret import evaluate

SEED_003 = "zhanakorgan-akimat-2026-10"
SEED_000 = "karasu-akimat-2025-139"
EDGES = [0, 199, 200, 299, 300, 399, 400, 500, 501, -1, 198, 401, 298]  # hundredths
POSITIONS = ["manager", "non_manager", "structural_head", "chief"]
SANCTIONS = ["none", "remark", "reprimand", "strict_reprimand", "other"]


def _decimals(values: np.ndarray) -> pl.Series:
    return pl.Series([Decimal(int(v)).scaleb(-2) for v in values], dtype=pl.Decimal(38, 2))


def people(rng, n: int, width: int = 5) -> pl.DataFrame:
    """Seed 003 people without empty cells: a third of the score sheets at an edge (all equal
    to it, or four at it and one just under: 3.992 … 3.998), positions with and without a
    form or outside the vocabulary, every sanction, tenures around one month (28-30 days:
    ambiguous), worked days around 15."""
    scores = rng.integers(0, 501, (width, n))
    edge = rng.random((width, n)) < 0.2
    scores[edge] = rng.choice(EDGES, int(edge.sum()))
    kind = rng.choice(["same", "gap", "free"], n, p=[.2, .2, .6])
    same = rng.choice(EDGES, n)
    scores[:, kind == "same"] = same[kind == "same"]
    top = rng.choice([400, 300, 200], n)
    gap = kind == "gap"
    scores[:, gap] = top[gap]
    scores[-1, gap] -= rng.integers(1, 5, int(gap.sum()))
    tenure = np.where(rng.random(n) < 0.8, rng.integers(31, 400, n), rng.integers(20, 35, n))
    worked = np.where(rng.random(n) < 0.8, rng.integers(15, 60, n), rng.integers(12, 19, n))
    return pl.DataFrame({
        **{f"scores_{k + 1}": _decimals(scores[k]) for k in range(width)},
        "position": rng.choice(POSITIONS, n, p=[.45, .45, .05, .05]),
        "sanction": rng.choice(SANCTIONS, n, p=[.6, .1, .1, .1, .1]),
        "tenure_days": tenure, "worked_days": worked})


def _outcomes(result: pl.DataFrame) -> set[str]:
    return {row["error"] or row["grade"] or row["reason"] for row in result.iter_rows(named=True)}


def test_kernel_equals_generic_on_20000_people():
    ruleset = load_ruleset(SEED_003)
    frame = people(np.random.default_rng(2026), 20_000)
    fast = kernel.evaluate_frame(ruleset, frame)
    assert fast is not None  # the frame qualifies: the kernel ran
    generic = evaluate_frame(ruleset, frame, fast=False)
    assert fast.equals(generic)
    assert evaluate_frame(ruleset, frame).equals(generic)
    assert _outcomes(fast) >= {"unsatisfactory", "satisfactory", "proper", "effective",
                               "no_band", "invalid_input", "ambiguous_tenure",
                               "tenure_in_position", "worked_days"}


def test_kernel_equals_single_path():
    ruleset = load_ruleset(SEED_003)
    frame = people(np.random.default_rng(11), 600)
    for row, got in zip(frame.iter_rows(named=True), kernel.evaluate_frame(ruleset, frame)
                        .iter_rows(named=True)):
        given = {k: v for k, v in row.items() if not k.startswith("scores_")}
        given["scores"] = [row[f"scores_{k}"] for k in range(1, 6)]
        result = evaluate(ruleset, given)
        if result.error is not None:
            assert got["error"] == result.error.kind, row
            continue
        out = result.outputs
        score = out.get("score")
        assert (got["evaluated"], got["reason"], got["grade"], got["score"]) == (
            out["evaluated"], out.get("reason"), out.get("grade"),
            None if score is None else score.quantize(Decimal(1).scaleb(-SCALE),
                                                      ROUND_HALF_EVEN)), row


# Read from the decree (seed 003): bands [0, 1.99] [2, 2.99] [3, 3.99] [4, 5]; a remark,
# reprimand or strict reprimand caps at 2.99, another sanction at 1.99; under a month (under
# 28 days) or under 15 worked days: not evaluated; scores 0-5 on the position's sheet.
CASES = [
    # scores (hundredths), position, sanction, tenure, worked -> outcome, score
    ([399] * 5, "manager", "none", 40, 20, "proper", "3.99"),
    ([400, 400, 400, 400, 399], "manager", "none", 40, 20, "no_band", None),
    ([300, 300, 300, 300, 299], "non_manager", "none", 40, 20, "no_band", None),
    ([400] * 5, "non_manager", "none", 40, 20, "effective", "4"),
    ([450] * 5, "manager", "remark", 40, 20, "satisfactory", "2.99"),
    ([450] * 5, "manager", "other", 40, 20, "unsatisfactory", "1.99"),
    ([150] * 5, "manager", "other", 40, 20, "unsatisfactory", "1.5"),
    ([500, 0, 500, 0, 500], "non_manager", "none", 40, 20, "proper", "3"),
    ([500, 0, 500, 0, 499], "non_manager", "none", 40, 20, "no_band", None),
    ([450] * 5, "manager", "none", 29, 20, "ambiguous_tenure", None),
    ([450] * 5, "manager", "none", 29, 14, "worked_days", None),
    ([450] * 5, "manager", "none", 20, 20, "tenure_in_position", None),
    ([450] * 5, "structural_head", "none", 40, 20, "invalid_input", None),
    ([450] * 5, "chief", "none", 40, 20, "invalid_input", None),
    ([450, 450, 450, 450, 501], "manager", "none", 40, 20, "invalid_input", None),
    ([450, 450, -1, 450, 450], "manager", "none", 40, 20, "invalid_input", None),
]


def test_cases_read_from_the_decree():
    ruleset = load_ruleset(SEED_003)
    columns = list(zip(*CASES))
    frame = pl.DataFrame({
        **{f"scores_{k + 1}": _decimals(np.array([s[k] for s in columns[0]])) for k in range(5)},
        "position": list(columns[1]), "sanction": list(columns[2]),
        "tenure_days": list(columns[3]), "worked_days": list(columns[4])})
    result = kernel.evaluate_frame(ruleset, frame)
    assert [r["error"] or r["grade"] or r["reason"] for r in
            result.iter_rows(named=True)] == list(columns[5])
    assert [None if s is None else s.normalize() for s in result["score"]] == \
        [None if s is None else Decimal(s) for s in columns[6]]


def test_pre_encoded_int16_columns():
    """The benchmark's input: int16 hundredths and int8 codes, straight into the kernel."""
    ruleset = load_ruleset(SEED_003)
    frame = people(np.random.default_rng(5), 5000)
    plan = kernel.compile_plan(ruleset, {"position", "sanction", "tenure_days", "worked_days",
                                         "scores"}, 5, 2)
    scores = np.stack([(frame[f"scores_{k}"] * 100).cast(pl.Int16).to_numpy()
                       for k in range(1, 6)])
    codes = {name: np.array([values.index(v) if v in values else -1 for v in frame[name]],
                            np.int8) for name, values in (("position", plan.positions),
                                                          ("sanction", plan.sanctions))}
    got = kernel.run(plan, kernel.Inputs(
        scores, codes["position"], codes["sanction"],
        frame["tenure_days"].cast(pl.Int16).to_numpy(),
        frame["worked_days"].cast(pl.Int16).to_numpy(), np.empty(0, np.int32)))
    expected = evaluate_frame(ruleset, frame, fast=False)
    names = batch._names(ruleset)
    assert plan.grades == names.grades and plan.reasons == names.reasons
    assert kernel.ERRORS == batch.ERRORS
    decode = (lambda codes, values: [values[c] if c >= 0 else None for c in codes])
    assert decode(got.grade, plan.grades) == expected["grade"].to_list()
    assert decode(got.error, kernel.ERRORS) == expected["error"].to_list()
    assert decode(got.reason, plan.reasons) == expected["reason"].to_list()
    exact = [Decimal(int(v)) / plan.den if g >= 0 else None for v, g in zip(got.value, got.grade)]
    assert exact == expected["score"].to_list()


def test_text_cells_and_list_column():
    """A CSV's text cells and a List column take the kernel too, with the same results."""
    ruleset = load_ruleset(SEED_003)
    frame = people(np.random.default_rng(8), 3000)
    text = frame.with_columns(pl.all().cast(pl.String))
    listed = frame.with_columns(pl.concat_list([f"scores_{k}" for k in range(1, 6)])
                                .alias("scores")).drop([f"scores_{k}" for k in range(1, 6)])
    expected = evaluate_frame(ruleset, frame, fast=False)
    for other in (text, listed):
        assert kernel.evaluate_frame(ruleset, other) is not None
        assert evaluate_frame(ruleset, other).equals(expected)


def test_other_lengths_and_score_only():
    """Four or six scores (the sheets have five: invalid_input), and a score given directly
    (seed 000, whose sheets are in another act, and seed 003)."""
    rng = np.random.default_rng(9)
    ruleset = load_ruleset(SEED_003)
    for width in (4, 6):
        frame = people(rng, 500, width)
        assert kernel.evaluate_frame(ruleset, frame).equals(
            evaluate_frame(ruleset, frame, fast=False))
    base = people(rng, 4000)
    direct = base.select(pl.col("scores_1").alias("score"), "sanction", "tenure_days",
                         "worked_days")
    for corpus_id in (SEED_000, SEED_003):
        ruleset = load_ruleset(corpus_id)
        fast = kernel.evaluate_frame(ruleset, direct)
        assert fast is not None and fast.equals(evaluate_frame(ruleset, direct, fast=False))
    assert "missing_rule" in _outcomes(kernel.evaluate_frame(load_ruleset(SEED_000), direct))


def test_fallback():
    """A ruleset of another shape (seed 004: lookups, constraints, probation) or a frame with
    empty cells or other inputs goes through the generic path, which still works."""
    assert kernel.supports(load_ruleset(SEED_003)) and kernel.supports(load_ruleset(SEED_000))
    seed_004 = load_ruleset("almaty-oblast-akimat-2017-97")
    assert not kernel.supports(seed_004)
    frame = pl.DataFrame({"method": ["quarterly", "quarterly", "annual"],
                          "bonus_points": [Decimal("5"), Decimal("0"), None],
                          "violations": [1, 0, None], "tenure_days": [200, 200, 200],
                          "quarterly_points": [None, None, [Decimal(100)] * 4]},
                         schema_overrides={"bonus_points": pl.Decimal(38, 2),
                                           "quarterly_points": pl.List(pl.Decimal(38, 2))})
    assert kernel.evaluate_frame(seed_004, frame) is None
    result = evaluate_frame(seed_004, frame)
    assert result.height == 3 and result["grade"].null_count() < 3
    ruleset = load_ruleset(SEED_003)
    holes = people(np.random.default_rng(1), 100).with_columns(
        pl.when(pl.int_range(100) == 7).then(None).otherwise(pl.col("worked_days"))
        .alias("worked_days"))
    quarters = people(np.random.default_rng(1), 100).with_columns(
        pl.col("scores_1").alias("quarterly_scores_1"))
    for frame in (holes, quarters):
        assert kernel.evaluate_frame(ruleset, frame) is None
        assert evaluate_frame(ruleset, frame).equals(evaluate_frame(ruleset, frame, fast=False))


@pytest.mark.parametrize("bad", ["4.5x", "five"])
def test_bad_text_falls_back(bad):
    ruleset = load_ruleset(SEED_003)
    frame = people(np.random.default_rng(4), 50).with_columns(pl.all().cast(pl.String))
    frame = frame.with_columns(pl.when(pl.int_range(50) == 3).then(pl.lit(bad))
                               .otherwise(pl.col("scores_2")).alias("scores_2"))
    assert kernel.evaluate_frame(ruleset, frame) is None
    assert evaluate_frame(ruleset, frame)["error"][3] == "invalid_input"
