"""A table's columns as the plan's inputs, exactly, for the vectorised backend.

Each input of the plan (parser/rules/plan.py, `Plan.inputs`) is read from the column of its
name (a list input from `<name>_1 … <name>_k`, or a polars List column) as the interpreter
reads a case's value (parser/rules/interpret.py): a number from an integer, Decimal or text
cell ("3,99"), a list up to its last given cell, a boolean from a Boolean cell or the text
true/false, an enum's text. A cell the interpreter would refuse is `invalid_input` on its
row; a cell it might read otherwise (an exponent, a float) or a number of more than
WIDE_DIGITS digits sends its row to the interpreter (so a 27-digit number widens no bound of
the others' arithmetic).
An empty cell is an input not given.
"""

from __future__ import annotations

from dataclasses import dataclass
from math import lcm
from typing import Callable

import polars as pl

from ..plan import InputSpec
from .expressions import FALSE, Items, Texts, Value, any_of
from .numbers import Unsupported
from .numbers import column as fraction_column

DECIMAL_TEXT = r"^[+-]?(\d+([.,]\d*)?|[.,]\d+)$"
WIDE_DIGITS = 15  # digits of a number the backend reads; a wider one is its row's interpreter's
TEXT_SCALE = 18  # decimal places a number written as text may have (more: the interpreter's)
MATCHED = 8  # an enum of at most this many values is read by comparisons (enum_cells)


# ---------------------------------------------------------------- the cells, as expressions
# One reading of each kind of cell, as polars expressions over a column: this module
# evaluates them on a frame's columns (eagerly), scan.py puts them into its lazy query.

def text_number(col: pl.Expr, keep: Callable[[pl.Expr], pl.Expr] = lambda e: e
                ) -> tuple[pl.Expr, pl.Expr, pl.Expr]:
    """A column of numbers written as text ("3,99", " 4.", "+.5"): (the cells as the text
    polars reads as a decimal (a plain number's, else empty), the cells the interpreter
    must read (not a plain number: an exponent, a word; or more than WIDE_DIGITS digits),
    each cell's places after its point). `keep` makes a step's cells a column the later
    steps read (scan.py's query of aggregates: each step computed once)."""
    text = keep(col.cast(pl.String).str.strip_chars())
    plain = keep(text.str.contains(DECIMAL_TEXT).fill_null(False))
    wide = keep((text.str.len_bytes() > WIDE_DIGITS).fill_null(False) &
                (text.str.count_matches(r"\d").fill_null(0) > WIDE_DIGITS))
    odd = (text.is_not_null() & ~plain) | wide
    read = keep(pl.when(plain & ~wide).then(plain_text(text)))
    places = read.str.extract(r"\.(\d*)$").str.len_chars().fill_null(0)
    return read, odd, places


def plain_text(col: pl.Expr) -> pl.Expr:
    """Cells known to be plain numbers ("3,99", "4."), as the text polars reads as a
    decimal ("3.99", "4")."""
    return col.cast(pl.String).str.strip_chars().str.replace(",", ".") \
        .str.replace(r"\.$", "")


def text_decimal(read: pl.Expr, places: int) -> pl.Expr:
    """text_number's cells as integer numerators over 10**places."""
    return read.str.to_decimal(scale=places).to_physical()


def boolean_cells(col: pl.Expr, dtype: pl.DataType) -> tuple[pl.Expr, pl.Expr | None]:
    """A Boolean cell, or the text true/false (any case, spaces around): (the flag, the bad
    cells: any other given cell; None: none can be)."""
    if dtype == pl.Boolean:
        return col, None
    if dtype == pl.String:
        text = col.str.strip_chars().str.to_lowercase()
        known = text.is_in(["true", "false"]).fill_null(False)
        return pl.when(known).then(text == "true"), col.is_not_null() & ~known
    return pl.lit(None, pl.Boolean), col.is_not_null()


def enum_read(dtype: pl.DataType) -> bool:
    """Whether an enum's value is read from a column of this type (else the interpreter
    reads it)."""
    return dtype == pl.String or dtype.is_integer() or \
        isinstance(dtype, (pl.Categorical, pl.Enum))


def enum_cells(col: pl.Expr, dtype: pl.DataType,
               values: list[str] | None) -> tuple[pl.Expr, pl.Expr | None]:
    """An enum's text (a polars Enum of its values when the plan lists them: a value not
    listed is no value and a bad cell): (the text, the bad cells; None: none can be)."""
    text = col if dtype == pl.String else col.cast(pl.String)
    if not values:
        return text, None
    if len(values) <= MATCHED:
        return _matched(col, text, pl.Enum(values))
    text = text.cast(pl.Enum(values), strict=False)
    return text, col.is_not_null() & text.is_null()


def _matched(col: pl.Expr, text: pl.Expr, enum: pl.Enum) -> tuple[pl.Expr, pl.Expr]:
    """A text column as the Enum of a few values, by comparing each cell with each value
    (the cast's result: null where no value matches), and the cells no value matches: a
    string comparison mostly reads a cell's length and first bytes, where the cast hashes
    every cell (about ten comparisons' cost)."""
    values = enum.categories.to_list()
    equal = [text == value for value in values]
    chain = pl.when(equal[0]).then(pl.lit(values[0], enum))
    for value, same in zip(values[1:], equal[1:]):
        chain = chain.when(same).then(pl.lit(value, enum))
    # not `~any(equal)`: polars rewrites it as inequalities, comparing every cell again
    bad = pl.when(any_of(equal)).then(False).otherwise(col.is_not_null())
    return chain.otherwise(pl.lit(None, enum)), bad


def listed_text(part: pl.Expr, values: list[str] | None) -> tuple[pl.Expr, pl.Expr | None]:
    """One cell of a list of enum values, as text: a value not listed is no value and a bad
    cell (None: none can be)."""
    text = part.cast(pl.String)
    if not values:
        return text, None
    listed = (any_of(text == value for value in values) if len(values) <= MATCHED else
              text.is_in(values)).fill_null(True)  # compared as enum_cells compares
    return pl.when(listed).then(text), ~listed


def extent(parts: list[pl.Expr]) -> tuple[pl.Expr, pl.Expr]:
    """Each row's length of a list given as `<name>_k` cells (the number of its last given
    cell; null: none given) and whether a cell before that one is empty: a when-chain from
    the last cell (a fifth of a max_horizontal's cost)."""
    given = [p.is_not_null() for p in parts]
    last = pl.when(given[-1]).then(len(parts))
    for k in range(len(parts) - 2, -1, -1):
        last = last.when(given[k]).then(k + 1)
    length = last.otherwise(None).cast(pl.Int64)
    return length, length.fill_null(0) != pl.sum_horizontal(given)


def _cells(columns: list[pl.Series], *exprs: pl.Expr) -> list[pl.Series]:
    """Expressions of the cells evaluated on the columns (named by their names)."""
    return pl.DataFrame(columns).select(e.alias(str(k)) for k, e in enumerate(exprs)) \
        .get_columns()


@dataclass
class Encoded:
    """The inputs as columns of `frame`, their values, the rows with a bad cell of each input
    (in the plan's order), the rows only the interpreter reads, and (a lazy frame's,
    scan.py) a column of no value that stops the query where the data break a claim the
    encoding believed."""

    frame: pl.DataFrame | pl.LazyFrame
    values: dict[str, Value]
    invalid: list[tuple[InputSpec, pl.Expr]]
    single: pl.Expr
    guard: pl.Expr | None = None


def list_columns(frame: pl.DataFrame | list[str], name: str) -> list[str]:
    """The `<name>_k` columns of a list input (of a frame, or among names), by k."""
    found = []
    for column in frame.columns if isinstance(frame, pl.DataFrame) else frame:
        base, _, k = column.rpartition("_")
        if base == name and k.isdigit():
            found.append((int(k), column))
    return [c for _, c in sorted(found)]


def encode(frame: pl.DataFrame, specs: list[InputSpec]) -> Encoded:
    """The plan's inputs read from the frame's columns."""
    work: dict[str, pl.Series] = {}
    values: dict[str, Value] = {}
    invalid, single = [], []
    for spec in specs:
        read = _READERS.get(spec.type)
        if spec.type in ("decimals", "enums"):
            parts = [frame[c] for c in list_columns(frame, spec.name)] if spec.name not in \
                frame.columns else None
            if parts == []:
                continue
            source = frame[spec.name] if parts is None else parts
            value, bad, odd = _list(spec.name, source, work) if spec.type == "decimals" \
                else _texts(spec, source, work)
        elif spec.name not in frame.columns:
            continue
        elif read is None:
            raise Unsupported(f"an input of type {spec.type} ({spec.name})")
        else:
            value, bad, odd = read(spec, frame[spec.name], work)
        values[spec.name] = value
        invalid.append((spec, bad))
        single.append(odd)
    return Encoded(pl.DataFrame(list(work.values())) if work else
                   pl.DataFrame([_false(frame.height).alias("_")]),
                   values, invalid, any_of(single))


def _name(work: dict, hint: str) -> str:
    return f"in{len(work)}:{hint}"


def _store(work: dict, hint: str, series: pl.Series) -> pl.Expr:
    name = _name(work, hint)
    work[name] = series.alias(name)
    return pl.col(name)


def _mask(work: dict, hint: str, mask: pl.Series | None) -> pl.Expr:
    """A mask of rows as a column (FALSE when it holds on none)."""
    return _store(work, hint, mask) if mask is not None and mask.any() else FALSE


def _where(mask: pl.Series, values: pl.Series) -> pl.Series:
    """The values where the mask holds, empty elsewhere."""
    return values.zip_with(mask, filled(None, len(values), values.dtype))


def filled(value, n: int, dtype: pl.DataType) -> pl.Series:
    """n cells of one value (a copy of one cell: no query run)."""
    return pl.Series("", [value], dtype).new_from_index(0, n)


def _nulls(n: int, dtype: pl.DataType) -> pl.Series:
    return filled(None, n, dtype)


def _false(n: int) -> pl.Series:
    return filled(False, n, pl.Boolean)


def _exact(column: pl.Series) -> tuple[pl.Series, int, pl.Series | None, pl.Series | None,
                                       int]:
    """A numeric column as integer numerators over 10**places: (numerators, places, cells
    that are not numbers, cells the interpreter must read (None: no cell), the largest
    magnitude of a numerator). A number of more than WIDE_DIGITS digits is the
    interpreter's (its row only: no bound of the backend's widens for it)."""
    if column.dtype.is_integer():
        return _narrow(column, 0, None, None)
    if isinstance(column.dtype, pl.Decimal):  # its integers are the numerators
        return _narrow(column.to_physical(), column.dtype.scale or 0, None, None)
    if column.dtype == pl.Boolean:
        return _nulls(len(column), pl.Int64), 0, column.is_not_null(), None, 0
    if column.dtype.is_float():  # repr(float) is what the interpreter reads: let it
        return _nulls(len(column), pl.Int64), 0, None, column.is_not_null(), 0
    read, odd, places = text_number(pl.col(column.name))
    text, odd, places = _cells([column], read, odd, places.max())
    places = int(places[0] or 0)
    if places > TEXT_SCALE:
        raise Unsupported(f"a number with more than {TEXT_SCALE} decimal places")
    exact = _cells([text], text_decimal(pl.col(text.name), places))[0]
    return _narrow(exact, places, None, odd)


def _narrow(digits: pl.Series, places: int, bad, odd) -> tuple:
    """Integer digits as 64-bit numerators: a number of more than WIDE_DIGITS digits left
    to the interpreter (odd), and the largest magnitude of the others. The 64-bit cast
    comes first: equal counts of empty cells say no cell was past 64 bits, and the cast's
    least and greatest whether any is wide and the magnitude (the usual answer: none, for
    the cost of one cast and two passes over 64-bit integers)."""
    bound = 10 ** WIDE_DIGITS
    narrow = digits if digits.dtype == pl.Int64 else digits.cast(pl.Int64, strict=False)
    if narrow.null_count() != digits.null_count():  # past 64 bits: wide for sure
        wide = ((digits >= bound) | (digits <= -bound)).fill_null(False)
    elif narrow.null_count() == len(narrow):
        return narrow, places, bad, odd, 0
    else:
        least, most = int(narrow.min()), int(narrow.max())
        if -bound < least and most < bound:
            return narrow, places, bad, odd, max(-least, most, 0)
        wide = ((narrow >= bound) | (narrow <= -bound)).fill_null(False)
    odd = wide if odd is None else odd | wide
    narrow = _where(~wide, digits).cast(pl.Int64)
    return narrow, places, bad, odd, _bound(narrow)


def _or(a: pl.Series | None, b: pl.Series | None) -> pl.Series | None:
    """Rows of either mask (None: no row)."""
    a, b = (m if m is not None and m.any() else None for m in (a, b))
    return b if a is None else a if b is None else a | b


def _bound(num: pl.Series) -> int:
    """The largest magnitude of a column of numerators."""
    return max(abs(int(num.min() or 0)), abs(int(num.max() or 0)))


def _number(spec: InputSpec, column: pl.Series, work: dict) -> tuple[Value, pl.Expr, pl.Expr]:
    num, places, bad, odd, bound = _exact(column)  # masking cells below keeps it a bound
    den = 10 ** places
    if spec.type == "integer" and den != 1:
        bad = _or(bad, (num % den != 0).fill_null(False))
    unread = _or(bad, odd)
    if unread is not None:
        num = _where(~unread, num)
    return (Value(number=fraction_column(_store(work, spec.name, num), den, bound)),
            _mask(work, spec.name + "!", bad), _mask(work, spec.name + "?", odd))


def _boolean(spec: InputSpec, column: pl.Series, work: dict) -> tuple[Value, pl.Expr, pl.Expr]:
    flag, bad = boolean_cells(pl.col(column.name), column.dtype)
    flag, *bad = _cells([column], flag, *([] if bad is None else [bad]))
    return (Value(flag=_store(work, spec.name, flag)),
            _mask(work, spec.name + "!", bad[0] if bad else None), FALSE)


def _enum(spec: InputSpec, column: pl.Series, work: dict) -> tuple[Value, pl.Expr, pl.Expr]:
    """An enum's text (enum_cells), or the interpreter's cell for a column of another type."""
    if not enum_read(column.dtype):
        return Value(), FALSE, _store(work, spec.name + "?", column.is_not_null())
    text, bad = enum_cells(pl.col(column.name), column.dtype, spec.values)
    text, *bad = _cells([column], text, *([] if bad is None else [bad]))
    return (Value(text=_store(work, spec.name, text)),
            _mask(work, spec.name + "!", bad[0] if bad else None), FALSE)


def _extent(parts: list[pl.Series]) -> tuple[pl.Series, pl.Series]:
    """Each row's length of a list given as `<name>_k` cells and whether a cell before its
    last given one is empty (extent), by one query."""
    named = [p.alias(str(k)) for k, p in enumerate(parts)]
    length, holes = _cells(named, *extent([pl.col(p.name) for p in named]))
    return length.alias("length"), holes.alias("holes")


def _list(name: str, source, work: dict) -> tuple[Value, pl.Expr, pl.Expr]:
    """A list input: `<name>_k` columns up to the last given one (an empty cell before it is
    invalid), or a List column (any empty item invalid)."""
    if isinstance(source, pl.Series):
        if not isinstance(source.dtype, pl.List):
            return Value(), FALSE, _store(work, name + "?", source.is_not_null())
        width = int(source.list.len().max() or 0)
        parts = [source.list.get(k, null_on_oob=True).alias(f"{name}_{k + 1}")
                 for k in range(width)]
        length = source.list.len()
        holes = source.list.eval(pl.element().is_null()).list.any().fill_null(False)
    elif not any(p.null_count() for p in source):  # every cell given: one length
        parts = source
        length = filled(len(parts), len(parts[0]), pl.Int64)
        holes = None
    else:
        parts = source
        length, holes = _extent(parts)
    exact = [_exact(p) for p in parts]
    den = lcm(1, *(10 ** places for _, places, _, _, _ in exact))
    items, bad, odd = [], holes, None
    for num, places, cell_bad, cell_odd, bound in exact:
        if den != 10 ** places:
            num, bound = num * (den // 10 ** places), bound * (den // 10 ** places)
        items.append(fraction_column(_store(work, f"{name}[{len(items)}]", num), den, bound))
        bad, odd = _or(bad, cell_bad), _or(odd, cell_odd)
    length_expr = _store(work, name + "#", length)
    shortest, longest = length.min(), length.max()
    fixed = longest if shortest == longest and longest else None
    return (Value(items=Items(items, length_expr, fixed)), _mask(work, name + "!", bad),
            _mask(work, name + "?", odd))


def _texts(spec: InputSpec, source, work: dict) -> tuple[Value, pl.Expr, pl.Expr]:
    """A list of enum values (the respondents' roles): `<name>_k` columns up to the last
    given one, or a List column; an empty cell before the last, or a value not listed, is
    invalid."""
    if isinstance(source, pl.Series):
        if not isinstance(source.dtype, pl.List):
            return Value(), FALSE, _store(work, spec.name + "?", source.is_not_null())
        width = int(source.list.len().max() or 0)
        source = [source.list.get(k, null_on_oob=True) for k in range(width)]
    if not source:
        return Value(), FALSE, FALSE
    length, bad = _extent(source)
    items = []
    for k, part in enumerate(source):
        text, unlisted = listed_text(pl.col(part.name), spec.values)
        text, *unlisted = _cells([part], text, *([] if unlisted is None else [unlisted]))
        if unlisted and unlisted[0].any():  # a value not listed: invalid, and no value
            bad = bad | unlisted[0]
        items.append(_store(work, f"{spec.name}[{k}]", text))
    value = Value(texts=Texts(items, _store(work, spec.name + "#", length)))
    return value, _mask(work, spec.name + "!", bad), FALSE


_READERS = {"decimal": _number, "integer": _number, "boolean": _boolean, "enum": _enum}
