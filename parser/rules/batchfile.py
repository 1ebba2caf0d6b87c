"""Batch files, like a data tool reads and writes them: a table of people in (CSV with its
delimiter and encoding sniffed, or parquet), one row of results out per row in, in the
input's order, with the input's other columns passed through and each row's error named.

A parquet or UTF-8 CSV table into a parquet file is one streaming query (`stream`: scan,
encode, evaluate, sink; parser/rules/vector/scan.py) when the table allows it. Otherwise the rows go
through the vectorised backend (parser/rules/vector/) in chunks; a row whose cell
the backend leaves to the interpreter (a number of more than 15 digits, an exponent, a
float: parser/rules/vector/inputs.py), or a chunk the backend cannot compute goes through the
reference interpreter (parser/rules/interpret.py) — so a 27-digit number is that row's
business only. Every row that ends in an error names its kind in `error` and its reason in
`error_message`: the message of the rule it broke (parser/rules/vector/messages.py), or the
interpreter's for a row the interpreter computed. Parquet results are written with lz4 and no
column statistics (a third of zstd's cost with statistics, at 1M rows; about 4 MB a million).
"""

from __future__ import annotations

import codecs
import csv
import io
from contextlib import contextmanager
from decimal import ROUND_HALF_EVEN, Context, Decimal
from pathlib import Path
from typing import Callable, Iterator

import polars as pl

from .. import limits
from ..errors import InputError
from ..output import open_file, write_atomic_with
from . import vector
from .interpret import evaluate
from .model import Ruleset
from .plan import TABLES, Lookup, Plan

CHUNK = 1_000_000  # rows evaluated at once (the plan lowered once each; the progress step)
PARQUET = {"compression": "lz4", "statistics": False}  # how results are written
SEPARATORS = (",", ";", "\t", "|")
_QUANTUM = Decimal(1).scaleb(-vector.PLACES)
LISTS = ("decimals", "enums")

Progress = Callable[[int, int], None]


# ---------------------------------------------------------------- reading

def read_table(path: str | Path) -> pl.DataFrame:
    """A CSV (every cell read as text, so numbers stay exact; `,` `;` TAB or `|` between
    cells, UTF-8 with or without BOM, UTF-16 or cp1251) or parquet table."""
    path = Path(path)
    with _reading(path):
        if path.suffix.lower() == ".parquet":
            return pl.read_parquet(path)
        encoding, separator = _dialect(path)
        if encoding == "utf-8":
            return pl.read_csv(path, separator=separator, infer_schema=False,
                               encoding="utf8")
        text = path.read_bytes().decode(encoding)
        return pl.read_csv(text.encode("utf-8"), separator=separator, infer_schema=False)


def _scan(path: Path) -> pl.LazyFrame | None:
    """The table as a lazy scan read as read_table reads it (parquet; a UTF-8 CSV, every
    cell text), or None: a CSV in another encoding, decoded whole by read_table."""
    if path.suffix.lower() == ".parquet":
        return pl.scan_parquet(path)
    encoding, separator = _dialect(path)
    if encoding != "utf-8":
        return None
    return pl.scan_csv(path, separator=separator, infer_schema=False, encoding="utf8")


def _dialect(path: Path) -> tuple[str, str]:
    """A CSV's encoding and cell separator, from its first 64 KB."""
    with path.open("rb") as handle:
        head = handle.read(1 << 16)
    encoding = _encoding(head, str(path))
    text = head.decode("utf-8", "ignore") if encoding == "utf-8" else \
        head.decode(encoding, "ignore")
    return encoding, _separator(text)


@contextmanager
def _reading(path: Path) -> Iterator[None]:
    """The table's size within the limit, and any failure to read it one InputError naming
    the file (a CSV's bad byte by its row and column)."""
    try:
        size = path.stat().st_size
        if size > limits.TABLE_BYTES:
            raise InputError(str(path), limits.over("the table", size, limits.TABLE_BYTES))
        yield
    except OSError as exc:
        raise InputError(str(path), f"cannot read the table: {exc.strerror}") from None
    except UnicodeDecodeError as exc:
        raise InputError(str(path), f"not valid text: bad byte at offset {exc.start}") from None
    except pl.exceptions.PolarsError as exc:
        raise InputError(str(path), _unread(path, exc)) from None


def _unread(path: Path, exc: Exception) -> str:
    """Why polars could not read the table: a CSV's first byte that is not UTF-8 named by
    its row (1: the first below the header) and column, else polars' first line."""
    said = str(exc).splitlines()[0][:200]
    if path.suffix.lower() == ".parquet" or "utf-8" not in said.lower():
        return f"cannot read the table: {said}"
    data = path.read_bytes()
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as bad:
        offset = bad.start
    else:
        return f"cannot read the table: {said}"
    text = data[:offset].decode("utf-8")
    rows = list(csv.reader(io.StringIO(text), delimiter=_dialect(path)[1]))
    header = rows[0] if rows else []
    cells = rows[-1] if rows and not text.endswith(("\n", "\r")) else []
    row, column = max(len(rows) - 1, 0) + (not cells and bool(rows)), max(len(cells) - 1, 0)
    name = header[column] if column < len(header) else f"#{column + 1}"
    return f"not valid UTF-8 text: row {row}, column {name} (byte {offset}); save the " \
        "table as UTF-8"


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
                  progress: Progress | None = None, clock: vector.Clock = vector.silent) -> int:
    """Evaluate a table file into a parquet file (CSV if out ends in .csv), written whole
    or not at all; returns the number of rows. Bad input raises InputError(path, reason).
    A table into a parquet file is one streaming query when it can be (`stream`; a CSV
    from limits.CSV_STREAM_BYTES, `_streams`);
    `clock` hears the phases (stream's, or "read", evaluate_table's and "write")."""
    out = open_file(Path(out_path))
    if out.suffix.lower() != ".csv" and _streams(Path(in_path)):
        rows = stream(ruleset, Path(in_path), out, clock)
        if rows is not None:
            if progress is not None:
                progress(rows, rows)
            return rows
    frame = read_table(in_path)
    clock("read")
    try:
        result = evaluate_table(ruleset, frame, progress, clock)
    except InputError as exc:
        raise InputError(str(in_path), exc.reason) from None
    write_atomic_with(out, lambda temp: write_results(result, temp, out.suffix))
    clock("write")
    return result.height


def _streams(path: Path) -> bool:
    """Whether evaluate_file tries the stream: a parquet table always; a CSV from
    limits.CSV_STREAM_BYTES, where the eager read's memory (about seven times the file)
    outweighs the stream's cost (a CSV has no statistics: it is read twice, and its text
    parsed in both, 1.5-2.2x the eager path's processor time at 50-120 MB, README)."""
    if path.suffix.lower() == ".parquet":
        return True
    try:
        return path.stat().st_size >= limits.CSV_STREAM_BYTES
    except OSError:
        return False  # read_table names the failure


def stream(ruleset: Ruleset, in_path: Path, out: Path,
           clock: vector.Clock = vector.silent) -> int | None:
    """A parquet or UTF-8 CSV table evaluated into a parquet file by one streaming query
    (scan -> encode -> evaluate -> result columns, the passed-through columns first -> sink;
    vector/scan.py), what the encoding must know of the data taken from a parquet file's
    statistics (checked by the query) or, without them, asked of the table first: the
    number of rows, or None when the table needs the eager path (a row for the
    interpreter, a column read only eagerly, an empty table, a plan the backend cannot
    compute, statistics the data break). A table that cannot be read is an InputError
    (read_table's), a results file that cannot be written an OSError."""
    try:
        with _reading(in_path):
            scan = _scan(in_path)
            if scan is None:
                return None
            names = scan.collect_schema().names()
            try:
                inputs = input_columns(names, ruleset.plan)
            except InputError as exc:
                raise InputError(str(in_path), exc.reason) from None
            if not inputs:
                return None  # the eager path says why
            claims = vector.parquet_claims(in_path) if in_path.suffix.lower() == ".parquet" \
                else None
            query = vector.evaluate_lazy(ruleset.plan, scan,
                                         _passed(names, inputs, ruleset.plan), clock, claims)
    except (vector.NotStreamed, vector.Unsupported):
        return None
    try:
        write_atomic_with(out, lambda temp: query.sink_parquet(temp, **PARQUET), alone=True)
    except pl.exceptions.PolarsError as exc:  # the file's statistics wrong (scan.stop), or a
        reason = _unread(in_path, exc)          # cell polars cannot read: the eager path
        if reason.startswith("not valid"):     # says which; bad text, the same as it would
            raise InputError(str(in_path), reason) from None
        return None
    clock("stream")
    return pl.scan_parquet(out).select(pl.len()).collect().item()  # from its footer


def _passed(names: list[str], inputs: list[str], plan: Plan) -> list[pl.Expr]:
    """The input's columns that are not inputs, as evaluate_table passes them through (one
    named like a result column becomes `input_<name>`)."""
    results = vector.schema(plan)
    return [pl.col(c).alias(f"input_{c}" if c in results else c)
            for c in names if c not in inputs]


def write_results(result: pl.DataFrame, path: Path, suffix: str = ".parquet") -> None:
    """The results as parquet (PARQUET's options), or CSV when the suffix is .csv."""
    if suffix.lower() == ".csv":
        result.write_csv(path)
    else:
        result.write_parquet(path, **PARQUET)


def evaluate_table(ruleset: Ruleset, frame: pl.DataFrame, progress: Progress | None = None,
                   clock: vector.Clock = vector.silent) -> pl.DataFrame:
    """The input's other columns, then one row of results per person (the backend's
    columns), in the input's order; `clock` hears each phase end (vector.evaluate_frame's,
    then "assemble": rows the interpreter computes, the chunks and the passed-through
    columns put together)."""
    plan = ruleset.plan
    inputs = input_columns(frame.columns, plan)
    if not inputs and frame.width:
        raise InputError("frame", "no column is a canonical input of the ruleset's plan")
    n = frame.height
    parts = []
    for start in range(0, n, CHUNK):
        parts.append(_chunk(ruleset, frame.slice(start, CHUNK), inputs, clock))
        clock("assemble")
        if progress is not None:
            progress(min(start + CHUNK, n), n)
    results = pl.concat(parts, how="vertical") if parts else \
        _chunk(ruleset, frame, inputs, clock)
    kept = [c for c in frame.columns if c not in inputs]
    passed = frame.select(kept).rename({c: f"input_{c}" for c in kept if c in results.columns})
    joined = pl.concat([passed, results], how="horizontal") if kept else results
    clock("assemble")
    return joined


def _specs(plan: Plan) -> dict[str, dict]:
    """The plan's inputs by name, as given_of reads them."""
    return {i.name: {"type": i.type} for i in plan.inputs}


def input_columns(columns: list[str] | pl.DataFrame, plan: Plan) -> list[str]:
    """The columns (a frame's) that are inputs of the plan (a list's `<name>_k` parts
    included)."""
    spec = _specs(plan)
    found, numbers = [], {}
    names = columns.columns if isinstance(columns, pl.DataFrame) else columns
    for column in names:
        base, _, k = column.rpartition("_")
        if column in spec:
            found.append(column)
        elif k.isdigit() and spec.get(base, {}).get("type") in LISTS:
            found.append(column)
            numbers.setdefault(base, []).append(int(k))
    for name, ks in numbers.items():
        if sorted(ks) != list(range(1, len(ks) + 1)):
            raise InputError(name, f"the {name}_N columns must be numbered 1 … n without gaps")
    return found


def _chunk(ruleset: Ruleset, frame: pl.DataFrame, inputs: list[str],
           clock: vector.Clock = vector.silent) -> pl.DataFrame:
    """One chunk's results: the backend's for ordinary rows, the interpreter's for rows
    with a cell the backend leaves to it (a wide number, an exponent, a float), or for the
    whole chunk when the backend cannot compute it."""
    schema = vector.schema(ruleset.plan)
    try:
        results, single = vector.evaluate_frame(ruleset.plan, frame.select(inputs), clock)
    except vector.Unsupported:
        return _single_rows(ruleset, frame, schema)
    if not single.any():
        return results
    index = pl.Series("_row", range(frame.height))
    fast = results.with_columns(index).filter(~single)
    slow_index = index.filter(single)
    slow = _single_rows(ruleset, frame[slow_index], schema).with_columns(slow_index)
    return pl.concat([fast, slow], how="vertical").sort("_row").drop("_row")


def _single_rows(ruleset: Ruleset, frame: pl.DataFrame, schema: pl.Schema) -> pl.DataFrame:
    """The interpreter's results of every row, in the backend's columns (the contract's
    types: `schema`)."""
    spec = _specs(ruleset.plan)
    rows = [_single(ruleset, given_of(row, spec), schema)
            for row in frame.iter_rows(named=True)]
    return pl.DataFrame({c: [r.get(c) for r in rows] for c in schema}, schema=schema,
                        strict=False)


def given_of(row: dict, spec: dict) -> dict:
    """A table row as a case's inputs: lists from `<name>_k` cells up to the last given one,
    CSV booleans read, empty cells left out."""
    given = {}
    for name, info in spec.items():
        if info["type"] in LISTS and name not in row:
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


def _single(ruleset: Ruleset, given: dict, schema: pl.Schema) -> dict:
    """One case's results in the backend's columns (the interpreter's values); a number
    the contract's column cannot hold (`schema`: more whole digits than its type keeps)
    makes the row an `invalid_input` error naming it, never a value cut or lost."""
    result = evaluate(ruleset, given)
    if result.error is not None:
        return {"error": result.error.kind, "error_message": result.error.message}
    out = result.outputs
    row = {"evaluated": out["evaluated"], "reason": out.get("reason"),
           "score": _quantized(out.get("score")), "grade": out.get("grade")}
    for table in ruleset.plan.decision:
        if isinstance(table, TABLES) and table.output and table.target in out:
            row.update(_output(table, out[table.target]))
    for name, value in row.items():
        dtype = schema.get(name)
        if isinstance(value, Decimal) and isinstance(dtype, pl.Decimal) and \
                abs(value) >= Decimal(10) ** (dtype.precision - dtype.scale):
            return {"error": "invalid_input", "error_message":
                    f"the {name} {value} has more than {dtype.precision - dtype.scale} whole "
                    f"digits, more than the results' {name} column holds ({dtype})"}
    return row


def _quantized(value):
    """A number to the results' places, half even, however many digits it has."""
    if value is None:
        return None
    digits = max(value.adjusted(), 0) + vector.PLACES + 2
    return value.quantize(_QUANTUM, ROUND_HALF_EVEN, Context(prec=max(digits, 28)))


def _output(table: Lookup, value) -> dict:
    """A looked-up output in the backend's columns (vector.output_names)."""
    if isinstance(value, list):
        names = vector.output_names(table.target, len(value))
        return {name: _quantized(v) for name, v in zip(names, value)}
    return {table.target: value if isinstance(value, str) else _quantized(value)}
