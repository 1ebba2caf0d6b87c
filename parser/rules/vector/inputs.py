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

import polars as pl

from ..plan import InputSpec
from .expressions import FALSE, Items, Texts, Value, any_of
from .numbers import Unsupported
from .numbers import column as fraction_column

DECIMAL_TEXT = r"^[+-]?(\d+([.,]\d*)?|[.,]\d+)$"
WIDE_DIGITS = 15  # digits of a number the backend reads; a wider one is its row's interpreter's


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


def _text_cells(column: pl.Series) -> pl.Series:
    return column.cast(pl.String).str.strip_chars()


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
    text = _text_cells(column)
    plain = text.str.contains(DECIMAL_TEXT)
    wide = _wide_text(text)
    odd = (text.is_not_null() & ~plain).fill_null(False)
    if wide is not None:
        plain, odd = plain & ~wide, odd | wide
    text = _where(plain.fill_null(False), text.str.replace(",", "."))
    fraction = text.str.extract(r"\.(\d*)$").str.len_chars().fill_null(0)
    places = int(fraction.max() or 0)
    if places > 18:
        raise Unsupported("a number with more than 18 decimal places")
    exact = text.str.replace(r"\.$", "").str.to_decimal(scale=places)
    return _narrow(exact.to_physical(), places, None, odd)


def _wide_text(text: pl.Series) -> pl.Series | None:
    """Text cells holding more than WIDE_DIGITS digits (None: no cell)."""
    long = (text.str.len_bytes() > WIDE_DIGITS).fill_null(False)
    if not long.any():
        return None
    return long & (text.str.count_matches(r"\d").fill_null(0) > WIDE_DIGITS)


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
    if column.dtype == pl.Boolean:
        flag, bad = column, _false(len(column))
    else:
        text = column.cast(pl.String).str.strip_chars().str.to_lowercase() \
            if column.dtype == pl.String else None
        flag = (text == "true") if text is not None else _nulls(len(column), pl.Boolean)
        known = text.is_in(["true", "false"]) if text is not None else \
            _false(len(column))
        known = known.fill_null(False)
        flag = _where(known, flag)
        bad = column.is_not_null() & ~known
    return (Value(flag=_store(work, spec.name, flag)), _mask(work, spec.name + "!", bad),
            FALSE)


def _enum(spec: InputSpec, column: pl.Series, work: dict) -> tuple[Value, pl.Expr, pl.Expr]:
    """An enum's text (as a polars Enum of its values when the plan lists them)."""
    if column.dtype != pl.String and not column.dtype.is_integer() and \
            not isinstance(column.dtype, (pl.Categorical, pl.Enum)):
        return Value(), FALSE, _store(work, spec.name + "?", column.is_not_null())
    text = column if column.dtype == pl.String else column.cast(pl.String)
    bad = _false(len(column))
    if spec.values:
        text = text.cast(pl.Enum(spec.values), strict=False)  # a value not listed: null
        bad = column.is_not_null() & text.is_null()
    return Value(text=_store(work, spec.name, text)), _mask(work, spec.name + "!", bad), FALSE


def _extent(parts: list[pl.Series]) -> tuple[pl.Series, pl.Series]:
    """Each row's length of a list given as `<name>_k` cells (the number of its last given
    cell; null: none given) and whether a cell before that one is empty, by one query: a
    when-chain from the last cell (a fifth of a max_horizontal's cost)."""
    given = pl.DataFrame([p.is_not_null().alias(str(k)) for k, p in enumerate(parts)])
    last = pl.when(pl.col(str(len(parts) - 1))).then(len(parts))
    for k in range(len(parts) - 2, -1, -1):
        last = last.when(pl.col(str(k))).then(k + 1)
    got = given.select(last.otherwise(None).cast(pl.Int64).alias("length"),
                       pl.sum_horizontal(pl.all()).alias("count"))
    length = got["length"]
    return length, (length.fill_null(0) != got["count"]).alias("holes")


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
        text = part.cast(pl.String)
        if spec.values:
            listed = text.is_in(spec.values).fill_null(True)
            if not listed.all():  # a value not listed: invalid, and no value
                bad = bad | ~listed
                text = _where(listed, text)
        items.append(_store(work, f"{spec.name}[{k}]", text))
    value = Value(texts=Texts(items, _store(work, spec.name + "#", length)))
    return value, _mask(work, spec.name + "!", bad), FALSE


_READERS = {"decimal": _number, "integer": _number, "boolean": _boolean, "enum": _enum}
