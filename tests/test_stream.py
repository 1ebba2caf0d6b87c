"""A parquet people table evaluated into a parquet results file by one streaming query
(batchfile.stream, parser/rules/vector/scan.py): the same file, cell for cell and type for
type, as the eager path (read_table, evaluate_table, write_results), on every corpus
ruleset's people and on cells of every kind the encoding reads; the file's statistics
believed only as far as the query checks them; tables the stream cannot take left to the
eager path."""

from __future__ import annotations

import sys
from decimal import Decimal
from pathlib import Path

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from parser.rules import batchfile
from parser.rules.cases import load_ruleset
from parser.rules.vector import scan

from conftest import entries_for

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
import people  # noqa: E402  (benchmarks/people.py: tables drawn from the sample cases)
from bench_rules import rulesets  # noqa: E402

SEED3 = "zhanakorgan-akimat-2026-10"


def _eager(ruleset, path: Path) -> pl.DataFrame:
    return batchfile.evaluate_table(ruleset, batchfile.read_table(path))


def _streamed(ruleset, frame: pl.DataFrame, tmp_path: Path, expect: bool = True,
              statistics: bool = True):
    """The table through the stream and through the eager path: equal (and streamed, when
    `expect`; else left to the eager path)."""
    source = tmp_path / "people.parquet"
    frame.write_parquet(source, statistics=statistics)
    return _through_both(ruleset, source, frame.height, tmp_path, expect)


def _through_both(ruleset, source: Path, height: int, tmp_path: Path, expect: bool):
    """The table file through the stream and through the eager path: equal."""
    out = tmp_path / "results.parquet"
    rows = batchfile.stream(ruleset, source, out)
    assert (rows is not None) == expect
    if rows is None:
        assert batchfile.evaluate_file(ruleset, source, out) == height
    else:
        assert rows == height
    got = pl.read_parquet(out)
    batchfile.write_results(_eager(ruleset, source), tmp_path / "eager.parquet")
    assert_frame_equal(got, pl.read_parquet(tmp_path / "eager.parquet"))
    return got


# A ruleset whose streamed results differ from the eager path's is a strict xfail
# `stream_eager` of tests/ratchet.yaml, with its reason.
STREAMED = [pytest.param(i, marks=q.marks, id=i) for i in rulesets()
            for q in entries_for("stream_eager", [(i, ROOT / "generated" / f"{i}.json")])]


@pytest.mark.parametrize("ruleset_id", STREAMED)
def test_every_rulesets_people_stream_to_the_eager_paths_file(ruleset_id, tmp_path):
    table = people.from_cases(ruleset_id, 1500)
    if table.width == 0:
        pytest.skip("no grading case")
    ruleset = load_ruleset(ruleset_id)
    _streamed(ruleset, table.with_columns(pl.Series("id", range(table.height))), tmp_path)
    _streamed(ruleset, people.with_empty_cells(table, 0.05), tmp_path)


def _messy() -> pl.DataFrame:
    """Seed 003's inputs with bad and odd cells of every kind the stream reads."""
    scores = [[4, 4, 4, 4, 3.95], [4, None, 4, 4, 4], [4, 4, 4, None, None], [None] * 5,
              [5, 5, 5, 5, 5], [6, 4, 4, 4, 4], [4, 4, 4, 4, 4]]
    n = len(scores)
    columns = {f"scores_{k + 1}": pl.Series([None if s[k] is None else Decimal(str(s[k]))
                                             for s in scores], dtype=pl.Decimal(38, 3))
               for k in range(5)}
    return pl.DataFrame({
        "id": [f"p{k}" for k in range(n)],
        "grade": ["passed through"] * n,  # named like a result: input_grade
        "position": ["non_manager", "manager", "chief", None, "non_manager", "manager",
                     "non_manager"],
        **columns,
        "sanction": ["none", "none", "reprimand", "none", "bogus", None, "none"],
        "tenure_days": pl.Series([200, 200, None, 5, 200, 200, 200], dtype=pl.Int16),
        "worked_days": pl.Series([Decimal("55"), Decimal("55.5"), None, Decimal("1"),
                                  Decimal("60"), Decimal("55"), Decimal("55")],
                                 dtype=pl.Decimal(10, 1)),
    })


def test_bad_and_odd_cells_stream_as_the_eager_path_reads_them(tmp_path):
    got = _streamed(load_ruleset(SEED3), _messy(), tmp_path)
    assert got.columns[:2] == ["id", "input_grade"]
    assert got["error"].drop_nulls().len() > 0


@pytest.mark.parametrize("ruleset_id", [SEED3, "education-order-2023-233"])
def test_a_file_without_statistics_is_asked_first(tmp_path, ruleset_id):
    """No statistics in the footer: what the encoding must know is asked of the table by
    one query of aggregates before the stream."""
    assert scan.parquet_claims(_write_bare(tmp_path)).columns == {}
    ruleset = load_ruleset(ruleset_id)
    table = people.from_cases(ruleset_id, 800) if ruleset_id != SEED3 else _messy()
    _streamed(ruleset, table, tmp_path, statistics=False)
    _streamed(ruleset, people.with_empty_cells(table, 0.2), tmp_path, statistics=False)


def _write_bare(tmp_path: Path) -> Path:
    path = tmp_path / "bare.parquet"
    _messy().write_parquet(path, statistics=False)
    return path


def test_a_list_of_one_length_with_holes_streams(tmp_path):
    """Every row's list has five cells given, the fifth always, some before it empty: the
    file's statistics say one length, which the query checks."""
    frame = _messy().filter(pl.col("scores_5").is_not_null())
    _streamed(load_ruleset(SEED3), frame, tmp_path)


@pytest.mark.parametrize("column, values, dtype", [
    ("tenure_days", [200, 10 ** 20, 200], pl.Decimal(38, 0)),  # wide: the interpreter's
    ("tenure_days", ["200", "2e2", "202"], pl.String),  # text no plain number: the interpreter's
    ("worked_days", ["55", "1," + "0" * 19, "55"], pl.String),  # more places than TEXT_SCALE
    ("scores_1", [4.0, 4.0, 4.0], pl.Float64),  # a float: the interpreter reads its repr
])
def test_a_table_the_stream_cannot_take_goes_the_eager_way(tmp_path, column, values, dtype):
    frame = _messy().head(3).with_columns(pl.Series(column, values, dtype=dtype, strict=False))
    _streamed(load_ruleset(SEED3), frame, tmp_path, expect=False)


def test_an_empty_table_goes_the_eager_way(tmp_path):
    _streamed(load_ruleset(SEED3), _messy().head(0), tmp_path, expect=False)


@pytest.mark.parametrize("wrong", ["narrow", "full", "empty"])
def test_wrong_statistics_stop_the_query_and_the_eager_path_answers(tmp_path, monkeypatch,
                                                                   wrong):
    """The file's statistics are believed before the query and checked on every row: a
    claim the data breaks stops the query (no file is left), and the eager path writes
    the right one."""
    frame = _messy()
    honest = scan.parquet_claims

    def lying(path):
        claims = honest(path)
        columns = dict(claims.columns)
        for name, claim in claims.columns.items():
            if name.startswith("scores_") or name == "tenure_days":
                if wrong == "narrow":
                    columns[name] = scan.Claim(claim.least, claim.least, claim.nulls)
                elif wrong == "full":
                    columns[name] = scan.Claim(claim.least, claim.most, 0)
                else:
                    columns[name] = scan.Claim(None, None, claims.rows)
        return scan.Claims(claims.rows, columns)

    monkeypatch.setattr("parser.rules.vector.parquet_claims", lying)
    _streamed(load_ruleset(SEED3), frame, tmp_path, expect=False)
    assert not list(tmp_path.glob(".results.parquet.*"))  # the stopped query's file removed


def test_the_footer_claims_each_number_column_s_least_greatest_and_empty_cells(tmp_path):
    path = tmp_path / "p.parquet"
    frame = pl.concat([_messy()] * 3).with_columns(
        pl.Series("big", [-(10 ** 30), 10 ** 30, None] * 7, dtype=pl.Decimal(38, 0), strict=False),
        pl.Series("small", [-5, 7, None] * 7, dtype=pl.Int64))
    frame.write_parquet(path, row_group_size=5)
    claims = scan.parquet_claims(path)
    assert claims.rows == frame.height
    for name in ("scores_1", "tenure_days", "worked_days", "big", "small"):
        column = frame[name]
        scale = column.dtype.scale if isinstance(column.dtype, pl.Decimal) else 0
        low, high = (int(Decimal(str(v)).scaleb(scale)) for v in (column.min(), column.max()))
        assert claims.columns[name] == scan.Claim(low, high, column.null_count()), name
    assert scan.parquet_claims(tmp_path / "absent.parquet") == scan.Claims(None, {})
    (tmp_path / "junk.parquet").write_bytes(b"PAR1" + b"\xff" * 40 + b"\x20\0\0\0PAR1")
    assert scan.parquet_claims(tmp_path / "junk.parquet").columns == {}


# ---------------------------------------------------------------- CSV tables, text numbers

def _as_text(frame: pl.DataFrame) -> pl.DataFrame:
    """Every cell as a CSV holds it: numbers as text, every other row's point a comma
    ("4,82"), Booleans as true/false."""
    comma = pl.int_range(pl.len()) % 2 == 0
    return frame.select(
        pl.when(comma).then(pl.col(c).cast(pl.String).str.replace(".", ",", literal=True))
        .otherwise(pl.col(c).cast(pl.String)) if frame[c].dtype.is_numeric()
        else pl.col(c).cast(pl.String) for c in frame.columns)


def _csv_streamed(ruleset, frame: pl.DataFrame, tmp_path: Path, separator: str = ";",
                  bom: bool = False, expect: bool = True) -> pl.DataFrame:
    """The table as a CSV through the stream and through the eager path: equal."""
    source = tmp_path / "people.csv"
    text = _as_text(frame).write_csv(separator=separator)
    source.write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8"))
    return _through_both(ruleset, source, frame.height, tmp_path, expect)


@pytest.mark.parametrize("ruleset_id", [SEED3, "education-order-2023-233",
                                        "education-order-2023-233-kk"])
@pytest.mark.parametrize("separator, bom", [(";", False), (",", True), ("\t", False)])
def test_a_csv_table_streams_to_the_eager_paths_file(tmp_path, ruleset_id, separator, bom):
    """A UTF-8 CSV (every cell text, numbers with a point or a comma) is one streaming query
    too, what the encoding must know asked of the table first; Kazakh and Russian editions'
    people alike."""
    table = people.from_cases(ruleset_id, 600)
    ruleset = load_ruleset(ruleset_id)
    _csv_streamed(ruleset, table, tmp_path, separator, bom)
    _csv_streamed(ruleset, people.with_empty_cells(table, 0.1), tmp_path, separator, bom)


def test_bad_and_odd_text_cells_stream_as_the_eager_path_reads_them(tmp_path):
    """Text numbers that are bad for an integer input (a fraction), booleans and enums not
    listed: the stream's reading is the eager path's, cell for cell."""
    frame = _messy().with_columns(pl.Series("tenure_days", ["200", " 200,5 ", None, "5.",
                                                            "+200", "200", ".0"]))
    _streamed(load_ruleset(SEED3), frame, tmp_path)
    _csv_streamed(load_ruleset(SEED3), frame, tmp_path)


@pytest.mark.parametrize("cell", ["2e2", "двести", "екі жүз", "1" * 16])
def test_a_csv_cell_for_the_interpreter_goes_the_eager_way(tmp_path, cell):
    """A cell the interpreter reads (an exponent, a number in words in either language,
    more than 15 digits): the eager path, whose interpreter names it."""
    frame = _messy().with_columns(pl.Series("tenure_days", ["200", cell] + ["200"] * 5))
    _csv_streamed(load_ruleset(SEED3), frame, tmp_path, expect=False)


@pytest.mark.parametrize("stream", [True, False])
def test_a_csv_byte_that_is_not_utf8_is_one_error_naming_row_and_column(tmp_path, stream):
    """Past the sniffed first 64 KB a byte that is not UTF-8 (a cp1251 letter): one error
    naming the file, the row and the column, from the stream and from the eager read."""
    good = "position;tenure_days;sanction\n" + "non_manager;200;none\n" * 4000
    source = tmp_path / "people.csv"
    source.write_bytes(good.encode() + "manager;200;".encode() + "выговор".encode("cp1251")
                       + b"\n")
    with pytest.raises(batchfile.InputError) as caught:
        if stream:
            batchfile.stream(load_ruleset(SEED3), source, tmp_path / "out.parquet")
        else:
            batchfile.read_table(source)
    assert caught.value.path == str(source)
    assert "row 4001, column sanction" in caught.value.reason
    assert not (tmp_path / "out.parquet").exists()


# ---------------------------------------------------------------- writing

def test_a_results_file_is_written_whole_beside_nothing(tmp_path):
    """The stream's sink is output.write_atomic_with's, in a folder of its own: nothing of
    it left beside the results."""
    _streamed(load_ruleset(SEED3), _messy(), tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["eager.parquet", "people.parquet",
                                                          "results.parquet"]


def test_a_temporary_folder_that_stays_is_an_error_never_silence(tmp_path, monkeypatch):
    """A late file that keeps the temporary folder from being removed: after the retries an
    OSError (the command's exit 2: `cannot write`), not a folder silently left."""
    from parser import output

    def stuck(folder):
        raise OSError(39, "Directory not empty")

    monkeypatch.setattr(output.shutil, "rmtree", stuck)
    monkeypatch.setattr(output.time, "sleep", lambda seconds: None)
    with pytest.raises(OSError, match="cannot remove the temporary folder"):
        output.write_atomic_with(tmp_path / "r.parquet",
                                 lambda temp: temp.write_bytes(b"x"), alone=True)
    assert (tmp_path / "r.parquet").read_bytes() == b"x"


def test_a_results_file_that_cannot_be_written_is_exit_2(tmp_path, monkeypatch, capsys):
    """The stream's sink failing (a full disk): one error, exit 2, no file left."""
    from parser.cli import main

    def full(self, path, **options):
        Path(path).write_bytes(b"part")
        raise OSError(28, "No space left on device")

    source = tmp_path / "people.parquet"
    _messy().write_parquet(source)
    monkeypatch.setattr(pl.LazyFrame, "sink_parquet", full)
    out = tmp_path / "out" / "r.parquet"
    assert main(["evaluate", SEED3, "--batch", str(source), "--out", str(out)]) == 2
    assert "No space left on device" in capsys.readouterr().err
    assert list(out.parent.iterdir()) == []


@pytest.mark.parametrize("threshold, streamed", [(None, False), (0, True)])
def test_a_csv_streams_from_its_size_threshold(tmp_path, monkeypatch, threshold, streamed):
    """evaluate_file streams a CSV only from limits.CSV_STREAM_BYTES (below it the eager
    read is quicker and its memory small); either way the results are the same file."""
    if threshold is not None:
        monkeypatch.setattr(batchfile.limits, "CSV_STREAM_BYTES", threshold)
    ran = []
    real = batchfile.stream
    monkeypatch.setattr(batchfile, "stream", lambda *a, **k: ran.append(1) or real(*a, **k))
    table = people.from_cases(SEED3, 200)
    source = tmp_path / "people.csv"
    source.write_text(_as_text(table).write_csv(separator=";"), encoding="utf-8")
    out = tmp_path / "results.parquet"
    assert batchfile.evaluate_file(load_ruleset(SEED3), source, out) == table.height
    assert bool(ran) == streamed
    batchfile.write_results(_eager(load_ruleset(SEED3), source), tmp_path / "eager.parquet")
    assert_frame_equal(pl.read_parquet(out), pl.read_parquet(tmp_path / "eager.parquet"))


# ---------------------------------------------------------------- the footer

def test_a_footer_that_is_not_one_claims_nothing(tmp_path):
    """A truncated file, a text file, an empty one: no claims (the scan then says what is
    wrong), never an exception from the footer."""
    good = tmp_path / "good.parquet"
    _messy().write_parquet(good)
    data = good.read_bytes()
    for name, content in [("cut", data[:-20] + data[-8:]), ("text", b"a;b\n1;2\n"),
                          ("empty", b""), ("tail", data[-8:]), ("noise", data[:-8] + b"\0" * 8)]:
        path = tmp_path / f"{name}.parquet"
        path.write_bytes(content)
        assert scan.parquet_claims(path) == scan.Claims(None, {}), name
