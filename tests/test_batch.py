"""The batch path (parser/rules/batch.py) gives, row by row, what the single-case evaluator
gives: generated people (a seeded generator that dwells on the band edges 3.99 / 4.00 /
2.99, tenures of 28-30 days, about 15 worked days) evaluated both ways for seeds 003, 004
and 002, and the file round trips (CSV, parquet)."""

from __future__ import annotations

from decimal import ROUND_HALF_EVEN, Decimal

import numpy as np
import polars as pl
import pytest

from parser.errors import InputError
from parser.rules.batch import SCALE, evaluate_frame
from parser.rules.batchfile import evaluate_file
from parser.rules.cases import load_ruleset
from parser.rules.interpret import evaluate

ROWS = 2500
QUANTUM = Decimal(1).scaleb(-SCALE)
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


def _single(ruleset, row: dict) -> dict:
    """The single path's result of one row, in the batch's columns."""
    given = {k: v for k, v in row.items() if v is not None}
    result = evaluate(ruleset, given)
    if result.error is not None:
        return {"evaluated": None, "reason": None, "score": None, "grade": None,
                "error": result.error.kind}
    out = result.outputs
    score = out.get("score")
    return {"evaluated": out["evaluated"], "reason": out.get("reason"),
            "score": None if score is None else score.quantize(QUANTUM, ROUND_HALF_EVEN),
            "grade": out.get("grade"), "error": None,
            **({"score_range": [v.quantize(QUANTUM) for v in out["score_range"]]}
               if "score_range" in out else {})}


def _batch(row: dict) -> dict:
    got = {k: row[k] for k in ("evaluated", "reason", "score", "grade", "error")}
    if row.get("score_range_low") is not None:
        got["score_range"] = [row["score_range_low"], row["score_range_high"]]
    return got


# batch.py copies the evaluator that preceded the rule plan: it assumes an absent input (no
# sanction: no cap; no tenure: evaluated) where the plan's interpreter answers `missing_input`,
# and caps every value of a capped scale where the plan caps a sheet's score (docs/rules.md,
# "The rule plan"). The vectorised backend derived from the plan (helper `vector`, issue 11
# item 4) replaces it; until then the equality is known to fail on these random people.
STALE = pytest.mark.xfail(strict=True, reason="batch.py predates the plan's missing_input "
                          "and cap semantics (issue 11 item 4 replaces it)")


@pytest.mark.parametrize("corpus_id, people", [pytest.param(*s, marks=STALE) for s in SEEDS],
                         ids=[s[0] for s in SEEDS])
def test_batch_equals_single(corpus_id, people):
    ruleset = load_ruleset(corpus_id)
    frame = people(np.random.default_rng(20260), ROWS)
    result = evaluate_frame(ruleset, frame)
    assert result.height == frame.height
    kinds = set()
    for i, (row, got) in enumerate(zip(frame.iter_rows(named=True),
                                       result.iter_rows(named=True))):
        expected = _single(ruleset, row)
        assert _batch(got) == expected, (i, row)
        kinds.add(expected["error"] or expected["grade"] or expected["reason"] or "range")
    assert len(kinds) >= 5, kinds  # the generator reaches grades, errors and exclusions


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
                          "scores_5": ["3.975", "3.95", "3.99"]})
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
