"""A people table's cells as the plan's inputs, as expressions of one lazy query (a parquet
or CSV scan), so that the encoding, the rules and the result columns run in one streaming
query from the people file to the results file, and no column is materialised twice.

It reads a cell with inputs.py's readers (the cells as expressions: the interpreter's
reading, parser/rules/interpret.py), for the column types a table of people has: integers,
Decimals, numbers written as text ("4,5": a CSV's cells), Booleans, texts (enums, booleans
as true/false), a list input as `<name>_k` columns. What the eager encoding learns from the
data (a number column's bound and places, whether a list has one length, whether a mask of
bad cells holds anywhere) is taken from the file's statistics or asked of the table first,
in one query of aggregates over the scan, before the plan is lowered. A table the eager
path must read instead raises NotStreamed: a cell for the interpreter (a number of more
than WIDE_DIGITS digits, a float, a number in text that is not plain, a value of a type an
enum is not read from), a List column, an empty table. The caller then reads the table
whole (inputs.encode) and nothing is lost but the statistics query.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from math import lcm
from typing import Callable

import polars as pl

from ..plan import InputSpec
from .expressions import FALSE, Items, Texts, Value
from .inputs import (TEXT_SCALE, WIDE_DIGITS, Encoded, boolean_cells, enum_cells, enum_read,
                     extent, list_columns, listed_text, plain_text, text_decimal,
                     text_number)
from .numbers import column as fraction_column

LISTS = ("decimals", "enums")


class NotStreamed(Exception):
    """The table needs the eager encoding (a row for the interpreter, a column type this
    module does not read)."""


class Facts:
    """Aggregates of the table asked while the inputs are read, answered by one query (of
    the columns they read: numbers, mostly; a row-wise part several aggregates read, a
    list's length, computed once before them)."""

    def __init__(self) -> None:
        self.asked: dict[str, pl.Expr] = {}
        self.rows: dict[str, pl.Expr] = {}
        self.answers: dict = {}
        self.wrong: list[pl.Expr] = []  # rows where a claim of the file's is broken

    def row(self, expr: pl.Expr) -> pl.Expr:
        """A row-wise expression computed once for the aggregates that read it."""
        name = f"r{len(self.rows)}"
        self.rows[name] = expr.alias(name)
        return pl.col(name)

    def answer(self, frame: pl.LazyFrame) -> None:
        for expr in self.rows.values():  # in order: a row may read the ones before it
            frame = frame.with_columns(expr)
        got = frame.select(list(self.asked.values())).collect(engine="streaming")
        self.answers = got.row(0, named=True)

    def ask(self, expr: pl.Expr) -> str:
        name = f"f{len(self.asked)}"
        self.asked[name] = expr.alias(name)
        return name

    def any(self, mask: pl.Expr) -> str:
        return self.ask(mask.fill_null(False).any())

    def __getitem__(self, name: str):
        return self.answers[name]


class Work:
    """The encoded columns, computed into the query by name (as inputs.py stores them)."""

    def __init__(self) -> None:
        self.columns: dict[str, pl.Expr] = {}

    def store(self, hint: str, expr: pl.Expr) -> pl.Expr:
        name = f"in{len(self.columns)}:{hint}"
        self.columns[name] = expr.alias(name)
        return pl.col(name)

    def mask(self, hint: str, mask: pl.Expr, holds: bool) -> pl.Expr:
        """A mask of rows as a column (FALSE when the facts say it holds on none)."""
        return self.store(hint, mask) if holds else FALSE


Finish = Callable[[Facts, Work], tuple[Value, pl.Expr]]


def encode_lazy(frame: pl.LazyFrame, specs: list[InputSpec],
                claims: Claims | None = None) -> Encoded:
    """The plan's inputs as expressions over the lazy frame (its columns kept): what they
    need to know of the table taken from `claims` (the file's statistics, checked by the
    query itself: `stop`) or asked of the table in one query first. Raises
    NotStreamed."""
    schema = frame.collect_schema()
    facts, finishes = Facts(), []
    claims = claims or Claims(None, {})
    rows = facts.ask(pl.len()) if claims.rows is None else None
    for spec in specs:
        if spec.type in LISTS:
            if spec.name in schema:
                raise NotStreamed(f"a List column ({spec.name})")
            parts = list_columns(schema.names(), spec.name)
            if not parts:
                continue
            if spec.type == "decimals":
                finishes.append((spec, _numbers(spec, parts, schema, facts, claims)))
            else:
                finishes.append((spec, _texts(spec, parts, schema, facts)))
        elif spec.name not in schema:
            continue
        elif spec.type in ("decimal", "integer"):
            finishes.append((spec, _number(spec, spec.name, schema[spec.name], facts,
                                           claims)))
        else:
            read = _READERS.get(spec.type)
            if read is None:
                raise NotStreamed(f"an input of type {spec.type} ({spec.name})")
            finishes.append((spec, read(spec, spec.name, schema[spec.name], facts)))
    if len(facts.asked) > (rows is not None):
        facts.answer(frame)
    elif rows is not None:
        facts.answers = {rows: frame.select(pl.len()).collect().item()}
    if not (claims.rows if rows is None else facts[rows]):
        raise NotStreamed("an empty table")
    work, values, invalid = Work(), {}, []
    for spec, finish in finishes:
        value, bad = finish(facts, work)
        values[spec.name] = value
        invalid.append((spec, bad))
    # the claims checked beside the columns they read (shared subexpressions once: a
    # Decimal's 64-bit numerators cast once for both)
    guard = work.store("claims", stop(pl.any_horizontal(facts.wrong))) if facts.wrong \
        else None
    encoded = frame.with_columns(list(work.columns.values())) if work.columns else frame
    return Encoded(encoded, values, invalid, FALSE, guard)


# ---------------------------------------------------------------- numbers

@dataclass(frozen=True)
class Claim:
    """What a file's statistics say of a number column: its least and greatest value as
    the integers it holds (a Decimal's unscaled; None: no value), its count of empty
    cells."""

    least: int | None
    most: int | None
    nulls: int


@dataclass(frozen=True)
class Claims:
    """A file's statistics: its rows, and a claim per number column they cover."""

    rows: int | None
    columns: dict[str, Claim]


def parquet_claims(path) -> Claims:
    """What a parquet file's footer says of its integer and Decimal columns (min, max as the
    integers they hold, a Decimal's unscaled; null_count), read by pyarrow from the footer
    alone. A column some row group of which says nothing is not claimed; an unreadable
    footer claims nothing (the scan then says what is wrong)."""
    import pyarrow.parquet as pq  # here only: the batch file's other paths never need it

    try:
        meta = pq.read_metadata(path)
    except (OSError, ValueError):
        return Claims(None, {})
    found: dict[str, list | None] = {}
    for g in range(meta.num_row_groups):
        group = meta.row_group(g)
        for k in range(group.num_columns):
            chunk, column = group.column(k), meta.schema.column(k)
            name, stats = chunk.path_in_schema, chunk.statistics
            if name in found and found[name] is None:
                continue
            scale = column.scale if column.logical_type.type == "DECIMAL" else None
            if stats is None or not stats.has_null_count or \
                    (scale is None and chunk.physical_type not in ("INT32", "INT64")):
                found[name] = None
                continue
            if stats.has_min_max:
                low, high = (int(v) if scale is None else int(Decimal(v).scaleb(scale))
                             for v in (stats.min, stats.max))
            elif stats.null_count == group.num_rows:
                low = high = None
            else:
                found[name] = None
                continue
            found.setdefault(name, []).append((low, high, stats.null_count))
    return claimed(meta.num_rows, found)


def claimed(rows: int, found: dict[str, list | None]) -> Claims:
    """The claims of the columns whose every row group said (least, greatest, empty cells)
    (None: some group said nothing)."""
    columns = {}
    for name, groups in found.items():
        if groups:
            lows = [g[0] for g in groups if g[0] is not None]
            highs = [g[1] for g in groups if g[1] is not None]
            columns[name] = Claim(min(lows) if lows else None, max(highs) if highs else None,
                                  sum(g[2] for g in groups))
    return Claims(rows, columns)


def stop(wrong: pl.Expr) -> pl.Expr:
    """An empty column of error site codes that stops the query (an error: the caller takes
    the eager path) on a row where the file's statistics are wrong: they are believed
    before the query and checked by it on every row, all claims in one expression that
    the first error column of the rules (run.Table) reads, so it is never pruned."""
    return pl.when(wrong).then(pl.lit("the file's statistics are wrong")) \
        .cast(pl.UInt32, strict=True)


@dataclass
class Exact:
    """A number column as 64-bit numerators over 10**places, what only the table's answers
    say taken when the plan is lowered (`finish`): the numerators and their places, the
    largest magnitude of a numerator; the bad cells (None: none can be) and the cells of a
    non-integer value (None: none can be), known before."""

    numerators: Callable[[], pl.Expr]
    places: Callable[[], int]
    bound: Callable[[], int]
    bad: pl.Expr | None = None
    fractional: pl.Expr | None = None


def _exact(name: str, dtype: pl.DataType, facts: Facts, claim: Claim | None = None,
           full: bool = False) -> Exact:
    """A numeric column as 64-bit numerators over 10**places (Exact). The bounds come from
    the file's claim when there is one (`full`: it says no cell is empty), the numerators
    then checked against it; else from the table. Raises NotStreamed for a type left to
    the interpreter (a float)."""
    col = pl.col(name)
    if dtype == pl.Boolean:  # not a number: every given cell is bad
        return Exact(lambda: pl.lit(None, pl.Int64), lambda: 0, lambda: 0, col.is_not_null())
    if dtype == pl.String:
        return _text(name, facts)
    if dtype.is_integer():
        digits, places, fractional = col, 0, None
    elif isinstance(dtype, pl.Decimal):  # its integers are the numerators
        digits, places = col.to_physical(), dtype.scale or 0
        fractional = (digits % 10 ** places != 0).fill_null(False) if places else None
    else:
        raise NotStreamed(f"a number column of type {dtype} ({name})")
    num = digits.cast(pl.Int64)
    if claim is not None and not dtype.is_unsigned_integer():
        least, most = claim.least, claim.most
        high = _magnitude(name, least, most)
        # checked, and a Decimal's fraction found, on the 64-bit numerators, not on its
        # 128-bit integers (a cell past 64 bits fails the cast, so the query: the eager path)
        if places:
            fractional = (num % 10 ** places != 0).fill_null(False)
        if least is None:
            wrong = digits.is_not_null()
        else:
            wrong = ((num < least) | (num > most)).fill_null(full)
        facts.wrong.append(wrong)
        return Exact(lambda: num, lambda: places, lambda: high, None, fractional)
    asked = [facts.ask(digits.min()), facts.ask(digits.max())]
    return Exact(lambda: num, lambda: places,
                 lambda: _magnitude(name, *(facts[a] for a in asked)), None, fractional)


def _magnitude(name: str, least, most) -> int:
    """As inputs._narrow: the least and greatest say whether a number has more than
    WIDE_DIGITS digits (its row is the interpreter's: the eager path's) and, when none has,
    that the 64-bit cast loses nothing."""
    if least is None:
        return 0
    limit = 10 ** WIDE_DIGITS
    if not (-limit < least and most < limit):
        raise NotStreamed(f"a number of more than {WIDE_DIGITS} digits ({name})")
    return max(-int(least), int(most), 0)


def _text(name: str, facts: Facts) -> Exact:
    """Numbers written as text (a CSV's cells: inputs.text_number). Asked of the table, by
    row-wise columns computed once (each step of the reading too): a cell the interpreter reads (NotStreamed when there
    is one), the most places a cell has, and the least and greatest value at TEXT_SCALE
    places (no cell has more digits than WIDE_DIGITS + TEXT_SCALE: 38 hold them), the
    numerators' bounds once the places are known. The query then reads every cell as a
    plain number (inputs.plain_text), which the answers say they all are."""
    read, odd, places = text_number(pl.col(name), facts.row)
    unread, most_places = facts.any(facts.row(odd)), facts.ask(facts.row(places).max())
    scaled = facts.row(text_decimal(read, TEXT_SCALE))
    asked = [facts.ask(scaled.min()), facts.ask(scaled.max())]

    def known() -> int:
        if facts[unread]:
            raise NotStreamed(f"a cell the interpreter reads ({name})")
        got = int(facts[most_places] or 0)
        if got > TEXT_SCALE:
            raise NotStreamed(f"a number with more than {TEXT_SCALE} decimal places ({name})")
        return got

    def bound() -> int:
        shift = 10 ** (TEXT_SCALE - known())
        least, most = (facts[a] for a in asked)
        return 0 if least is None else _magnitude(name, int(least) // shift,
                                                  int(most) // shift)
    cells = plain_text(pl.col(name))
    fractional = cells.str.extract(r"\.(\d*)$").str.contains("[1-9]").fill_null(False)
    return Exact(lambda: text_decimal(cells, known()).cast(pl.Int64), known, bound, None,
                 fractional)


def _number(spec: InputSpec, name: str, dtype: pl.DataType, facts: Facts,
            claims: Claims) -> Finish:
    claim = claims.columns.get(name)
    exact = _exact(name, dtype, facts, claim)
    bad = exact.bad
    if spec.type == "integer" and exact.fractional is not None:
        bad = exact.fractional
    # with the file's claims, a mask of bad cells is always a column (no query before)
    holds = facts.any(bad) if bad is not None and claim is None else None

    def finish(facts: Facts, work: Work) -> tuple[Value, pl.Expr]:
        high, num, den = exact.bound(), exact.numerators(), 10 ** exact.places()
        some = bad is not None and (holds is None or facts[holds])
        value = pl.when(~bad).then(num) if some else num
        return (Value(number=fraction_column(work.store(spec.name, value), den, high)),
                work.mask(spec.name + "!", bad, some) if some else FALSE)
    return finish


def _numbers(spec: InputSpec, parts: list[str], schema: pl.Schema, facts: Facts,
             claims: Claims) -> Finish:
    """A list of numbers in `<name>_k` columns, up to the last given one (an empty cell
    before it is invalid). With the file's claims of every part: its one length, when it
    has one, from their counts of empty cells (the k-th always given, none after it)."""
    length, holes = _extent(parts)
    claimed = [claims.columns.get(p) for p in parts]
    if all(c is not None for c in claimed) and claims.rows is not None:
        given = [c.nulls == 0 for c in claimed]
        empty = [c.nulls == claims.rows for c in claimed]
        last = max((k for k in range(len(parts)) if given[k] and all(empty[k + 1:])),
                   default=None)
        exact = [_exact(p, schema[p], facts, c, full=last is not None and k <= last
                        and given[k])
                 for k, (p, c) in enumerate(zip(parts, claimed))]
        cell_bad = [(None, e.bad) for e in exact if e.bad is not None]
        full = all(given)
        stats = (full, None if last is None else last + 1)
    else:
        exact = [_exact(p, schema[p], facts) for p in parts]
        nulls = [facts.ask(pl.col(p).null_count()) for p in parts]
        counted = facts.row(length)
        shortest, longest = facts.ask(counted.min()), facts.ask(counted.max())
        holed = facts.any(counted.fill_null(0) != pl.sum_horizontal(
            [pl.col(p).is_not_null() for p in parts]))
        cell_bad = [(facts.any(e.bad), e.bad) for e in exact if e.bad is not None]
        stats = None

    def finish(facts: Facts, work: Work) -> tuple[Value, pl.Expr]:
        den = lcm(1, *(10 ** e.places() for e in exact))
        if stats is None:
            full = not any(facts[n] for n in nulls)  # every cell given: one length
            low, high = facts[shortest], facts[longest]
            fixed = len(parts) if full else high if low == high and high else None
            some_holes = not full and facts[holed]
        else:
            full, fixed = stats
            some_holes = not full
        items = []
        for e in exact:
            num, high, factor = e.numerators(), e.bound(), den // 10 ** e.places()
            if factor != 1:
                num, high = num * factor, high * factor
            items.append(fraction_column(work.store(f"{spec.name}[{len(items)}]", num), den,
                                         high))
        masks = [holes] if some_holes else []
        masks += [bad for asked, bad in cell_bad if asked is None or facts[asked]]
        size = pl.lit(len(parts), pl.Int64) if full else length
        if stats is not None and fixed is not None:  # the claimed length, checked
            facts.wrong.append(pl.any_horizontal(
                [pl.col(p).is_null() for p, c in zip(parts[:fixed], claimed) if c.nulls == 0]
                + [pl.col(p).is_not_null() for p in parts[fixed:]]))
        length_expr = work.store(spec.name + "#", size)
        bad = work.mask(spec.name + "!", _either(masks), True) if masks else FALSE
        return Value(items=Items(items, length_expr, fixed)), bad
    return finish


def _either(masks: list[pl.Expr]) -> pl.Expr:
    out = masks[0]
    for mask in masks[1:]:
        out = out | mask
    return out


def _extent(parts: list[str]) -> tuple[pl.Expr, pl.Expr]:
    return extent([pl.col(p) for p in parts])


# ---------------------------------------------------------------- the others

def _boolean(spec: InputSpec, name: str, dtype: pl.DataType, facts: Facts) -> Finish:
    """A Boolean cell, or the text true/false (inputs.boolean_cells); a mask of bad cells is
    always a column: asking whether it holds would read the texts twice."""
    flag, bad = boolean_cells(pl.col(name), dtype)

    def finish(facts: Facts, work: Work) -> tuple[Value, pl.Expr]:
        return (Value(flag=work.store(spec.name, flag)),
                FALSE if bad is None else work.store(spec.name + "!", bad))
    return finish


def _enum(spec: InputSpec, name: str, dtype: pl.DataType, facts: Facts) -> Finish:
    """An enum's text (inputs.enum_cells); a column of a type it is not read from is the
    interpreter's, should a cell of it be given."""
    col = pl.col(name)
    if not enum_read(dtype):
        given = facts.any(col.is_not_null())

        def unread(facts: Facts, work: Work) -> tuple[Value, pl.Expr]:
            if facts[given]:
                raise NotStreamed(f"an enum column of type {dtype} ({name})")
            return Value(), FALSE
        return unread
    text, bad = enum_cells(col, dtype, spec.values)

    def finish(facts: Facts, work: Work) -> tuple[Value, pl.Expr]:
        return (Value(text=work.store(spec.name, text)),
                FALSE if bad is None else work.store(spec.name + "!", bad))
    return finish


def _texts(spec: InputSpec, parts: list[str], schema: pl.Schema, facts: Facts) -> Finish:
    """A list of enum values (the respondents' roles) in `<name>_k` columns, up to the last
    given one; an empty cell before the last, or a value not listed, is invalid."""
    length, holes = _extent(parts)

    def finish(facts: Facts, work: Work) -> tuple[Value, pl.Expr]:
        bad, items = [holes], []  # always a column, as a text column's masks above
        for part in parts:
            text, unlisted = listed_text(pl.col(part), spec.values)
            if unlisted is not None:
                bad.append(unlisted)
            items.append(work.store(f"{spec.name}[{len(items)}]", text))
        value = Value(texts=Texts(items, work.store(spec.name + "#", length)))
        return value, work.store(spec.name + "!", _either(bad))
    return finish


_READERS = {"boolean": _boolean, "enum": _enum}  # numbers: _number, with the claims
