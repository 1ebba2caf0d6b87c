"""Batch files like a data tool (parser/rules/batchfile.py): sniffed CSVs, columns passed
through, per-row errors with their reason, wide numbers that fail (or pass) their row only,
results in the input's order — each row equal to the single-case path."""

from __future__ import annotations

from decimal import Decimal

import polars as pl
import pytest

from parser.rules import batchfile
from parser.rules.batchfile import evaluate_file, evaluate_table, read_table
from parser.rules.cases import load_ruleset
from parser.rules.interpret import evaluate

RULESET = "zhanakorgan-akimat-2026-10"
HEADER = ["id", "position", "scores_1", "scores_2", "scores_3", "scores_4", "scores_5",
          "sanction", "tenure_days", "worked_days"]
PEOPLE = [  # id, position, five scores, sanction, tenure, worked days -> grade or error
    ["Сәрсенов", "non_manager", "4", "4", "4", "4", "3.95", "none", "200", "55"],
    ["Иванов", "non_manager", "6", "4", "4", "4", "4", "none", "200", "55"],
    ["Ахметова", "manager", "4", "4", "4", "4", "4", "none", "123456789012345678901234567",
     "55"],
    ["Петрова", "non_manager", "4", "4", "4", "4", "3.975", "none", "200", "55"],
    ["Ким", "non_manager", "5", "5", "5", "5", "5", "none", "200", "55"],
]


@pytest.fixture(scope="module")
def ruleset():
    return load_ruleset(RULESET)


def _write(path, rows, separator=",", encoding="utf-8", bom=False):
    lines = [separator.join(r) for r in [HEADER, *rows]]
    data = ("\ufeff" if bom else "") + "\n".join(lines) + "\n"
    path.write_bytes(data.encode(encoding))
    return path


def _single(ruleset, row: list[str]) -> dict:
    given = dict(zip(HEADER[1:], row[1:]))
    scores = [given.pop(f"scores_{k}") for k in range(1, 6)]
    result = evaluate(ruleset, {**given, "scores": scores})
    if result.error is not None:
        return {"grade": None, "error": result.error.kind, "error_message": result.error.message}
    return {"grade": result.outputs.get("grade"), "error": None, "error_message": None}


@pytest.mark.parametrize("separator, encoding, bom", [
    (",", "utf-8", False), (";", "utf-8", True), ("\t", "utf-8", False),
    (";", "cp1251", False), ("|", "utf-16", False)])
def test_csv_dialects_are_sniffed(tmp_path, separator, encoding, bom):
    people = [r for r in PEOPLE if encoding != "cp1251" or r[0] != "Сәрсенов"]  # no ә in cp1251
    frame = read_table(_write(tmp_path / "p.csv", people, separator, encoding, bom))
    assert frame.columns == HEADER
    assert frame["id"].to_list() == [r[0] for r in people]


def test_results_keep_order_pass_columns_through_and_name_each_error(tmp_path, ruleset):
    source = _write(tmp_path / "p.csv", PEOPLE, ";", bom=True)
    out = tmp_path / "new" / "results.csv"
    assert evaluate_file(ruleset, source, out) == len(PEOPLE)
    back = pl.read_csv(out, infer_schema=False)
    assert back["id"].to_list() == [r[0] for r in PEOPLE]
    for row, got in zip(PEOPLE, back.iter_rows(named=True)):
        want = _single(ruleset, row)
        assert (got["grade"], got["error"]) == (want["grade"], want["error"]), row
        assert (got["error_message"] is None) == (want["error_message"] is None), row
    assert back["error"].to_list()[:4] == [None, "invalid_input", None, "no_band"]
    assert back["grade"][2] is not None  # the 27-digit tenure: its row, by the single path


def test_decimal_commas_read_as_the_single_path_reads_them(ruleset):
    frame = pl.DataFrame([PEOPLE[0][:6] + ["3,95"] + PEOPLE[0][7:]], schema=HEADER,
                         orient="row")
    result = evaluate_table(ruleset, frame)
    assert result["grade"].cast(pl.String).to_list() == ["proper"]
    assert result["score"].to_list() == [Decimal("3.99")]


def test_a_column_named_like_a_result_is_kept_apart(ruleset):
    frame = pl.DataFrame({"grade": ["old"], "position": ["manager"], "scores": [[4, 4]]},
                         schema_overrides={"scores": pl.List(pl.Int64)})
    result = evaluate_table(ruleset, frame)
    assert result["input_grade"].to_list() == ["old"] and "grade" in result.columns


def test_progress_is_reported_per_chunk(ruleset, monkeypatch):
    monkeypatch.setattr(batchfile, "CHUNK", 2)
    frame = pl.DataFrame([r for r in PEOPLE], schema=HEADER, orient="row")
    seen = []
    result = evaluate_table(ruleset, frame, lambda done, total: seen.append((done, total)))
    assert seen == [(2, 5), (4, 5), (5, 5)]
    assert result["id"].to_list() == [r[0] for r in PEOPLE]
    whole = evaluate_table(ruleset, frame.select(HEADER))
    assert result.equals(whole)


@pytest.mark.parametrize("corpus_id", [RULESET, "almaty-oblast-akimat-2017-97"])  # ru, kk
def test_a_score_is_a_64_bit_fixed_point_column_where_the_plan_proves_it_fits(tmp_path,
                                                                             corpus_id):
    """Scores are the contract's type (vector.schema, from the plan alone): Decimal(18, 10)
    (INT64 in the parquet file, the scale in its schema) where the plan's scales are closed
    at both ends, else Decimal(38, 10); a row the interpreter computes keeps the column's
    type; the values equal the single path's either way."""
    from parser.rules.vector import schema

    ruleset = load_ruleset(corpus_id)
    contract = schema(ruleset.plan)["score"]
    choice = next(s for s in ruleset.plan.decision if s.node == "choice")
    form = next(f for f in choice.forms if f.positions and f.parameters[0].high is not None)
    k = len(form.parameters)
    rows = {"position": [form.positions[0]] * 2,
            **{f"scores_{j + 1}": ["3.95", "4"] for j in range(k)}}
    narrow = evaluate_table(ruleset, pl.DataFrame(rows))
    assert narrow.schema["score"] == contract
    batchfile.write_results(narrow, tmp_path / "r.parquet")
    assert pl.read_parquet(tmp_path / "r.parquet")["score"].equals(narrow["score"])
    import pyarrow.parquet as pq
    meta = pq.ParquetFile(tmp_path / "r.parquet").metadata.row_group(0)
    physical = {meta.column(i).path_in_schema: meta.column(i).physical_type
                for i in range(meta.num_columns)}
    assert physical["score"] == ("INT64" if contract.precision <= 18
                                 else "FIXED_LEN_BYTE_ARRAY")
    wide = {**rows, "scores_1": ["3.95", "1234567890123456.5"]}
    widened = evaluate_table(ruleset, pl.DataFrame(wide))
    assert widened.schema["score"] == contract
    for column, result in ((rows, narrow), (wide, widened)):
        for i in range(2):
            given = {"position": column["position"][i],
                     "scores": [column[f"scores_{j + 1}"][i] for j in range(k)]}
            single = evaluate(ruleset, given)
            want = single.outputs.get("score") if single.error is None else None
            got = result["score"][i]
            assert (got is None) == (want is None) and (
                want is None or got == want.quantize(Decimal(1).scaleb(-10))), (given, got)


def test_a_score_the_bounds_do_not_keep_in_18_digits_is_a_38_digit_column():
    from parser.rules.vector.numbers import column, to_decimal

    frame = pl.DataFrame({"n": [10 ** 7, -3], "m": [10 ** 14, -3]})
    fits, wide = column(pl.col("n"), 100, 10 ** 7), column(pl.col("m"), 100, 10 ** 14)
    got = frame.select(to_decimal(fits, 10).alias("a"), to_decimal(wide, 10).alias("b"))
    assert got.schema == pl.Schema({"a": pl.Decimal(18, 10), "b": pl.Decimal(38, 10)})
    assert got["a"].to_list() == [Decimal("100000"), Decimal("-0.03")]
    assert got["b"].to_list() == [Decimal("1000000000000"), Decimal("-0.03")]
    thirds = frame.select(to_decimal(column(pl.col("n"), 3, 10 ** 7), 10).alias("a"))
    assert thirds.schema["a"] == pl.Decimal(18, 10)  # rounded half even to 10 places
    assert thirds["a"].to_list() == [Decimal("3333333.3333333333"), Decimal("-1")]
