"""Batch files, like a data tool reads and writes them: a table of people in (CSV with its
delimiter and encoding sniffed, or parquet), one row of results out per row in, in the
input's order, with the input's other columns passed through and each row's error named.

The rows go through the batch path (parser/rules/batch.py) in chunks; a row holding a number
the batch's int64 fixed point cannot carry (more than WIDE_DIGITS digits), or a chunk the
batch path cannot compute, goes through the single-case evaluator, the reference — so a
27-digit number is that row's business only. Every row that ends in an error gets the single
path's message in `error_message` (its kind stays in `error`).
"""

from __future__ import annotations

import codecs
from decimal import ROUND_HALF_EVEN, Decimal
from pathlib import Path
from typing import Callable

import polars as pl

from .. import limits
from ..errors import InputError
from ..output import open_file, write_atomic_with
from . import batch
from .build import vocabulary
from .interpret import evaluate
from .model import Ruleset

CHUNK = 250_000  # rows evaluated at once (and the step of the progress bar)
WIDE_DIGITS = 15  # digits of a number the batch path takes; wider ones go the single path
MESSAGES = 2_000  # error rows of a file given the single path's message
SEPARATORS = (",", ";", "\t", "|")
_QUANTUM = Decimal(1).scaleb(-batch.SCALE)

Progress = Callable[[int, int], None]


# ---------------------------------------------------------------- reading

def read_table(path: str | Path) -> pl.DataFrame:
    """A CSV (every cell read as text, so numbers stay exact; `,` `;` TAB or `|` between
    cells, UTF-8 with or without BOM, UTF-16 or cp1251) or parquet table."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > limits.TABLE_BYTES:
            raise InputError(str(path), limits.over("the table", size, limits.TABLE_BYTES))
        if path.suffix.lower() == ".parquet":
            return pl.read_parquet(path)
        with path.open("rb") as handle:
            head = handle.read(1 << 16)
        encoding = _encoding(head, str(path))
        if encoding == "utf-8":
            return pl.read_csv(path, separator=_separator(head.decode("utf-8", "ignore")),
                               infer_schema=False, encoding="utf8")
        text = path.read_bytes().decode(encoding)
        return pl.read_csv(text.encode("utf-8"), separator=_separator(text[:1 << 16]),
                           infer_schema=False)
    except OSError as exc:
        raise InputError(str(path), f"cannot read the table: {exc.strerror}") from None
    except UnicodeDecodeError as exc:
        raise InputError(str(path), f"not valid text: bad byte at offset {exc.start}") from None
    except pl.exceptions.PolarsError as exc:
        raise InputError(str(path), "cannot read the table: "
                         + str(exc).splitlines()[0][:200]) from None


def _encoding(head: bytes, name: str) -> str:
    """The encoding of a CSV from its first bytes: a BOM, else UTF-8, else cp1251."""
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8"  # polars skips the BOM
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    if b"\x00" in head:
        raise InputError(name, "binary data, not a CSV table")
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
        return "utf-8"
    except UnicodeDecodeError:
        return "cp1251"  # Excel's "CSV" in a Russian or Kazakh locale


def _separator(text: str) -> str:
    """The cell separator: the candidate found most often in the header line."""
    header = text.lstrip("\ufeff").split("\n", 1)[0]
    counts = {sep: header.count(sep) for sep in SEPARATORS}
    best = max(SEPARATORS, key=lambda sep: counts[sep])
    return best if counts[best] else ","


# ---------------------------------------------------------------- evaluating

def evaluate_file(ruleset: Ruleset, in_path: str | Path, out_path: str | Path,
                  progress: Progress | None = None) -> int:
    """Evaluate a table file into a parquet file (CSV if out ends in .csv), written whole
    or not at all; returns the number of rows. Bad input raises InputError(path, reason)."""
    frame = read_table(in_path)
    try:
        result = evaluate_table(ruleset, frame, progress)
    except InputError as exc:
        raise InputError(str(in_path), exc.reason) from None
    out = open_file(Path(out_path))
    csv = out.suffix.lower() == ".csv"
    write_atomic_with(out, result.write_csv if csv else result.write_parquet)
    return result.height


def evaluate_table(ruleset: Ruleset, frame: pl.DataFrame,
                   progress: Progress | None = None) -> pl.DataFrame:
    """The input's other columns, then one row of results per person (batch.py's columns
    and `error_message`), in the input's order."""
    inputs = input_columns(frame)
    if not inputs and frame.width:
        raise InputError("frame", "no column is a canonical input (grammar/rules.yaml)")
    n = frame.height
    parts = []
    for start in range(0, n, CHUNK):
        parts.append(_chunk(ruleset, frame.slice(start, CHUNK), inputs))
        if progress is not None:
            progress(min(start + CHUNK, n), n)
    results = pl.concat(parts, how="vertical_relaxed") if parts else \
        _chunk(ruleset, frame, inputs)
    results = _with_messages(ruleset, frame, results, inputs)
    kept = [c for c in frame.columns if c not in inputs]
    passed = frame.select(kept).rename({c: f"input_{c}" for c in kept if c in results.columns})
    return pl.concat([passed, results], how="horizontal")


def input_columns(frame: pl.DataFrame) -> list[str]:
    """The frame's columns that are canonical inputs (a list's `<name>_k` parts included)."""
    spec = vocabulary()["inputs"]
    found = []
    for column in frame.columns:
        base, _, k = column.rpartition("_")
        if column in spec or (k.isdigit() and spec.get(base, {}).get("type") in batch.LISTS):
            found.append(column)
    return found


def _chunk(ruleset: Ruleset, frame: pl.DataFrame, inputs: list[str]) -> pl.DataFrame:
    """One chunk's results: the batch path for ordinary rows, the single path for rows with
    a wide number, or for the whole chunk when the batch path cannot compute it."""
    wide = _wide(frame, inputs)
    if not wide.any():
        return _batch_or_single(ruleset, frame)
    index = pl.Series("_row", range(frame.height))
    fast = frame.filter(~wide)
    slow = frame.filter(wide)
    merged = pl.concat([
        _batch_or_single(ruleset, fast).with_columns(index.filter(~wide)),
        _single_rows(ruleset, slow, _schema(ruleset, frame)).with_columns(index.filter(wide)),
    ], how="vertical_relaxed")
    return merged.sort("_row").drop("_row")


def _batch_or_single(ruleset: Ruleset, frame: pl.DataFrame) -> pl.DataFrame:
    """The batch path's results, or the single path's when the batch path cannot."""
    try:
        return batch.evaluate_frame(ruleset, frame)
    except batch.BatchError:  # unsupported or out of range: the reference path, row by row
        return _single_rows(ruleset, frame, None)


def _wide(frame: pl.DataFrame, inputs: list[str]) -> pl.Series:
    """Rows with a number of more than WIDE_DIGITS digits in an input column."""
    mask = pl.Series([False] * frame.height)
    for name in inputs:
        mask = mask | _wide_cells(frame[name])
    return mask


def _wide_cells(column: pl.Series) -> pl.Series:
    """Which cells of a column hold a number of more than WIDE_DIGITS digits."""
    dtype = column.dtype
    if dtype.is_integer():
        if dtype not in (pl.Int64, pl.UInt64):  # 32 bits or fewer cannot be that wide
            return pl.Series([False] * len(column))
        bound = 10 ** WIDE_DIGITS
        low = (column <= -bound) if dtype == pl.Int64 else False
        return ((column >= bound) | low).fill_null(False)
    if isinstance(dtype, pl.Decimal):
        bound = Decimal(10 ** WIDE_DIGITS).scaleb(-(dtype.scale or 0))
        return (column.abs() >= bound).fill_null(False)
    if isinstance(dtype, pl.List):
        column = column.list.eval(pl.element().cast(pl.String)).list.join(" ")
    text = column.cast(pl.String)
    long = (text.str.len_bytes() > WIDE_DIGITS).fill_null(False)
    if not long.any():
        return long
    return long & (text.str.count_matches(r"\d").fill_null(0) > WIDE_DIGITS)


def _schema(ruleset: Ruleset, frame: pl.DataFrame) -> pl.Schema:
    """The result columns the batch path gives for this ruleset."""
    return batch.evaluate_frame(ruleset, frame.head(0)).schema


def _single_rows(ruleset: Ruleset, frame: pl.DataFrame, schema) -> pl.DataFrame:
    """The single path's results of every row, in the batch's columns."""
    spec = vocabulary()["inputs"]
    rows = [_single(ruleset, given_of(row, spec)) for row in frame.iter_rows(named=True)]
    ranged = any(t.output == "score_range" for t in ruleset.lookups)
    columns = ["evaluated", "reason", "score", "grade", "error"] + \
        (["score_range_low", "score_range_high"] if ranged else [])
    data = {c: [r.get(c) for r in rows] for c in columns}
    result = pl.DataFrame(data, schema_overrides={c: pl.Decimal(38, batch.SCALE)
                                                   for c in columns if "score" in c},
                          strict=False)
    if schema is None:
        schema = _schema(ruleset, frame)
    return result.select(pl.col(c).cast(schema[c]) if c in schema else pl.col(c)
                         for c in result.columns)


def given_of(row: dict, spec: dict) -> dict:
    """A table row as a case's inputs: lists from `<name>_k` cells up to the last given one,
    CSV booleans read, empty cells left out."""
    given = {}
    for name, info in spec.items():
        if info["type"] in batch.LISTS and name not in row:
            parts = sorted((int(k[len(name) + 1:]), v) for k, v in row.items()
                           if k.startswith(name + "_") and k[len(name) + 1:].isdigit())
            values = [v for _, v in parts]
            while values and values[-1] is None:
                values.pop()
            if values:
                given[name] = values
        elif row.get(name) is not None:
            value = row[name]
            if info["type"] == "boolean" and isinstance(value, str):
                value = {"true": True, "false": False}.get(value.strip().lower(), value)
            given[name] = value
    return given


def _single(ruleset: Ruleset, given: dict) -> dict:
    """One case's results in the batch's columns (evaluate.py's values)."""
    result = evaluate(ruleset, given)
    if result.error is not None:
        return {"error": result.error.kind, "error_message": result.error.message}
    out = result.outputs
    score = out.get("score")
    row = {"evaluated": out["evaluated"], "reason": out.get("reason"),
           "score": None if score is None else score.quantize(_QUANTUM, ROUND_HALF_EVEN),
           "grade": out.get("grade")}
    if "score_range" in out:
        row["score_range_low"], row["score_range_high"] = \
            (v.quantize(_QUANTUM, ROUND_HALF_EVEN) for v in out["score_range"][:2])
    return row


def _with_messages(ruleset: Ruleset, frame: pl.DataFrame, results: pl.DataFrame,
                   inputs: list[str]) -> pl.DataFrame:
    """`error_message`: the single path's reason for each row that ends in an error (the
    first MESSAGES of them; the rest name their kind only)."""
    spec = vocabulary()["inputs"]
    failed = results["error"].is_not_null().arg_true()
    kinds = results["error"].cast(pl.String)
    messages: list[str | None] = [None] * results.height
    explained = frame.select(inputs)[failed[:MESSAGES]].iter_rows(named=True)
    for i, row in zip(failed[:MESSAGES].to_list(), explained):
        found = evaluate(ruleset, given_of(row, spec)).error
        messages[i] = found.message if found is not None else kinds[i]
    for i in failed[MESSAGES:].to_list():
        messages[i] = f"{kinds[i]} (message left out past {MESSAGES} errors)"
    return results.with_columns(pl.Series("error_message", messages, pl.String))
