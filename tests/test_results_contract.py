"""The results contract (parser/rules/vector/columns.py `schema`): the result columns of a
plan — names, order, types — derived from the plan alone, and given exactly by every path
that writes results: the streamed query, the eager chunks, the interpreter's rows and the
command line, on every corpus ruleset (Kazakh and Russian editions alike), whatever the
data (a wide number, empty cells, no row at all)."""

from __future__ import annotations

import sys
from decimal import Decimal
from pathlib import Path

import polars as pl
import pytest

from parser.cli import main
from parser.rules import batchfile
from parser.rules.cases import load_ruleset
from parser.rules.plan import Band, Grade, Scale
from parser.rules.vector import columns, schema

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
import people  # noqa: E402  (benchmarks/people.py: tables drawn from the sample cases)
from bench_rules import rulesets  # noqa: E402
from conftest import entries_for  # noqa: E402

NARROW, WIDE = pl.Decimal(18, 10), pl.Decimal(38, 10)


def _results(frame: pl.DataFrame, contract: pl.Schema) -> pl.Schema:
    """The result columns of a results frame (the passed-through ones before them)."""
    names = frame.columns[frame.width - len(contract):]
    return pl.Schema({name: frame.schema[name] for name in names})


@pytest.mark.parametrize("ruleset_id", [  # a new decree tests/ratchet.yaml lists: strict xfail
    pytest.param(p.values[0], marks=p.marks, id=p.id)
    for p in entries_for("results_contract", [(i, None) for i in rulesets()])])
def test_every_path_gives_the_contracts_columns(ruleset_id, tmp_path, monkeypatch):
    table = people.from_cases(ruleset_id, 300)
    if table.width == 0:
        pytest.skip("no grading case")
    ruleset = load_ruleset(ruleset_id)
    contract = schema(ruleset.plan)
    table = people.with_empty_cells(table.with_columns(pl.Series("id", range(table.height))),
                                    0.05)
    source = tmp_path / "people.parquet"
    table.write_parquet(source)
    streamed = tmp_path / "streamed.parquet"
    if batchfile.stream(ruleset, source, streamed) is not None:
        assert _results(pl.read_parquet(streamed), contract) == contract
    eager = batchfile.evaluate_table(ruleset, table)
    assert _results(eager, contract) == contract
    assert eager.columns[0] == "id"
    cli = tmp_path / "cli.parquet"
    assert main(["evaluate", str(ROOT / "generated" / f"{ruleset_id}.json"), "--batch",
                 str(source), "--out", str(cli)]) == 0
    assert _results(pl.read_parquet(cli), contract) == contract
    monkeypatch.setattr(batchfile, "stream", lambda *args, **kwargs: None)  # the eager way
    assert batchfile.evaluate_file(ruleset, source, tmp_path / "eager.parquet") == table.height
    assert _results(pl.read_parquet(tmp_path / "eager.parquet"), contract) == contract
    single = batchfile._single_rows(ruleset, table.head(20), contract)  # the interpreter's
    assert single.schema == contract


@pytest.mark.parametrize("ruleset_id", ["zhanakorgan-akimat-2026-10",  # ru, closed scale
                                        "karasu-akimat-2025-139",  # kk, closed scale
                                        "almaty-oblast-akimat-2017-97",  # kk, 130 and above
                                        "temirtau-akimat-2024-9-2"])  # ru, 4.5 and above
def test_the_score_is_64_bit_where_the_plans_scales_bound_it(ruleset_id):
    """A score lies in a band of its scale: scales closed at both ends bound it from the
    plan alone (Decimal(18, 10), INT64 in a parquet file); a band open at an end bounds
    nothing the plan knows (Decimal(38, 10))."""
    plan = load_ruleset(ruleset_id).plan
    bands = [b for s in plan.decision if isinstance(s, Grade) for sc in s.scales
             for b in sc.bands]
    closed = all(b.low is not None and b.high is not None for b in bands)
    assert schema(plan)["score"] == (NARROW if closed else WIDE)
    assert list(schema(plan))[:6] == ["evaluated", "reason", "score", "grade", "error",
                                      "error_message"]


def _band(low, high) -> Band:
    return Band(grade="g", low=None if low is None else Decimal(low),
                high=None if high is None else Decimal(high), low_inclusive=True,
                high_inclusive=True, sources=[])


@pytest.mark.parametrize("ends, dtype", [
    ([("0", "2.99"), ("3", "5")], NARROW),
    ([("-99999999.5", "0"), ("0", "99999999.9999999999")], NARROW),  # 8 whole digits
    ([("0", "100000000")], WIDE),  # a ninth whole digit
    ([(None, "3"), ("3", "5")], WIDE),  # "below 3": no end the plan knows
    ([("0", "3"), ("3", None)], WIDE),  # "130 and above"
])
def test_the_bound_of_a_score_is_the_farthest_end_of_its_bands(ends, dtype):
    grade = Grade(candidates=[], scales=[Scale(key="s", chapters=[],
                                               bands=[_band(lo, hi) for lo, hi in ends])])
    plan = load_ruleset("zhanakorgan-akimat-2026-10").plan
    plan = plan.model_copy(update={"decision": [s for s in plan.decision
                                                if not isinstance(s, Grade)] + [grade]})
    assert columns.number_type(columns.score_bound(plan)) == dtype


@pytest.mark.parametrize("ruleset_id", ["zhanakorgan-akimat-2026-10", "karasu-akimat-2025-139"])
def test_a_wide_number_for_the_interpreter_does_not_widen_the_column(ruleset_id):
    """A row the interpreter computes (a 27-digit number) keeps the contract's types: the
    data never widen or narrow a results column."""
    ruleset = load_ruleset(ruleset_id)
    table = people.from_cases(ruleset_id, 40)
    column = next(c for c in table.columns if table[c].dtype.is_numeric()
                  and not table[c].dtype.is_integer() and not c.startswith("id"))
    wide = table.with_columns(pl.col(column).cast(pl.String)).with_columns(
        pl.when(pl.int_range(pl.len()) == 0).then(pl.lit("1" * 27))
        .otherwise(pl.col(column)).alias(column))
    assert batchfile.evaluate_table(ruleset, wide).schema["score"] == \
        schema(ruleset.plan)["score"] == NARROW


def test_an_empty_table_has_the_contracts_columns():
    ruleset = load_ruleset("temirtau-akimat-2024-9-2-kk")
    contract = schema(ruleset.plan)
    empty = people.from_cases("temirtau-akimat-2024-9-2-kk", 10).head(0)
    assert _results(batchfile.evaluate_table(ruleset, empty), contract) == contract


def test_a_score_wider_than_its_column_is_the_rows_error_never_a_crash_or_a_cut():
    """The interpreter computes a row the backend cannot (a 20- or 40-digit number): a
    score of 20 whole digits is kept exactly in Decimal(38, 10); one of 40 cannot be held
    by the contract's column, and its row is an invalid_input error naming it."""
    ruleset = load_ruleset("almaty-oblast-akimat-2017-97")  # 100 + a - b, "130 and above"
    assert schema(ruleset.plan)["score"] == WIDE
    frame = pl.DataFrame({"method": ["quarterly"] * 3, "bonus_points": ["5", "1" * 20, "1" * 40],
                          "violations": ["0"] * 3, "tenure_days": ["200"] * 3,
                          "on_probation": ["false"] * 3})
    got = batchfile.evaluate_table(ruleset, frame)
    assert got.schema["score"] == WIDE
    assert got["score"].to_list()[:2] == [Decimal(105), Decimal("1" * 17 + "211")]
    assert got["error"].cast(pl.String).to_list() == [None, None, "invalid_input"]
    assert "more than 28 whole digits" in got["error_message"][2]
