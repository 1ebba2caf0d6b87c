"""Exact numbers as polars expressions: a fraction per row, `num / den`, with integer
numerators and positive denominators, so `a / 3 * 3` is `a` and 2.99 stays 2.99.

A denominator is a Python int when it is the same on every row (a column of hundredths, a
division by a constant) and an expression when it varies (an average of lists of different
lengths, a division by an input). Every number carries bounds of its numerator and
denominator, known before anything is computed: an operation whose result could pass 2**62
is computed in Int128, one past 2**126 is `Unsupported` (the rows go to the interpreter).
Nothing is ever rounded except by `round_half_up` (the plan's `round`) and `to_decimal`
(the results' 10 decimal places, half even, as the single path's Decimal quantized; in 18
digits, a 64-bit column, when the bounds prove the values fit, else in 38).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from math import lcm

import polars as pl

from .masks import FALSE

LIMIT64 = 2 ** 62
LIMIT128 = 2 ** 126


class Unsupported(Exception):
    """A plan or a table the vectorised backend cannot compute exactly (the interpreter can)."""


@dataclass(frozen=True)
class Number:
    """num / den on every row; |num| <= bound, 0 < den <= dbound; null num: no value;
    `const`: the value on every row that has one, when it is the same (a list's count)."""

    num: pl.Expr
    den: pl.Expr | int
    bound: int
    dbound: int
    const: Fraction | None = None

    @property
    def static(self) -> bool:
        return isinstance(self.den, int)


NO_NUMBER = Number(pl.lit(None, pl.Int64), 1, 0, 1)  # no value on any row


def dtype(bound: int) -> pl.DataType:
    """The integer type that holds values up to `bound`."""
    if bound < LIMIT64:
        return pl.Int64
    if bound < LIMIT128:
        return pl.Int128
    raise Unsupported("a value needs more than 126 bits")


def _int(expr: pl.Expr | int, bound: int) -> pl.Expr:
    """An integer expression (or constant) in the type of `bound`."""
    if isinstance(expr, int):
        return pl.lit(expr, dtype(max(bound, abs(expr))))
    return expr.cast(dtype(bound))


def constant(value) -> Number:
    """An exact constant (Decimal, int or Fraction)."""
    frac = Fraction(value)
    return Number(_int(frac.numerator, abs(frac.numerator)), frac.denominator,
                  abs(frac.numerator), frac.denominator, frac)


def column(num: pl.Expr, den: int, bound: int) -> Number:
    """A column of numerators over one denominator."""
    return Number(num, den, bound, den)


def _scaled(a: Number, factor: int, bound: int) -> pl.Expr:
    return _int(a.num, bound) * factor if factor != 1 else _int(a.num, bound)


def _den(a: Number, bound: int) -> pl.Expr | int:
    return a.den if a.static else _int(a.den, bound)


def add(a: Number, b: Number, sign: int = 1) -> Number:
    """a + b (a - b with sign -1)."""
    if a.static and b.static:
        den = lcm(a.den, b.den)
        fa, fb = den // a.den, den // b.den
        bound = a.bound * fa + b.bound * fb
        left, right = _scaled(a, fa, bound), _scaled(b, fb, bound)
        return Number(left + right if sign > 0 else left - right, den, bound, den)
    bound = a.bound * b.dbound + b.bound * a.dbound
    dbound = a.dbound * b.dbound
    left = _int(a.num, bound) * _den(b, bound)
    right = _int(b.num, bound) * _den(a, bound)
    return Number(left + right if sign > 0 else left - right, _times(a.den, b.den, dbound),
                  bound, dbound)


def _times(x: pl.Expr | int, y: pl.Expr | int, bound: int) -> pl.Expr | int:
    """The product of two denominators (constants stay constants)."""
    if isinstance(x, int) and isinstance(y, int):
        return x * y
    return _int(x, bound) * _int(y, bound)


def mul(a: Number, b: Number) -> Number:
    bound, dbound = a.bound * b.bound, a.dbound * b.dbound
    return Number(_int(a.num, bound) * _int(b.num, bound), _times(a.den, b.den, dbound), bound,
                  dbound)


def neg(a: Number) -> Number:
    return Number(a.num * -1, a.den, a.bound, a.dbound)


def div(a: Number, b: Number) -> tuple[Number, pl.Expr]:
    """a / b, and where b is zero (no value there: division by zero)."""
    if b.const:  # by one number: the denominator stays one number
        p, q = b.const.numerator, b.const.denominator
        bound, dbound = a.bound * q, a.dbound * abs(p)
        num = pl.when(b.num.is_not_null()).then(_int(a.num, bound) * (q if p > 0 else -q))
        return Number(num, _times(a.den, abs(p), dbound), bound, dbound), FALSE
    bound, dbound = a.bound * b.dbound, a.dbound * max(b.bound, 1)
    zero = b.num == 0
    sign = pl.when(b.num < 0).then(-1).otherwise(1)
    num = pl.when(~zero).then(_int(a.num, bound) * _den(b, bound) * sign)
    den = _int(a.den, dbound) * _int(b.num, dbound).abs()
    den = pl.when(~zero).then(den).otherwise(1)
    return Number(num, den, bound, dbound), zero


def scale_down(a: Number, by: pl.Expr, most: int) -> Number:
    """a / by, `by` a positive integer per row (a list's length) of at most `most`."""
    dbound = a.dbound * most
    return Number(a.num, _int(a.den, dbound) * _int(by, dbound), a.bound, dbound)


def compare(a: Number, b: Number, op: str) -> pl.Expr:
    """a op b, exactly (cross-multiplied: the denominators are positive)."""
    if a.static and b.static:
        den = lcm(a.den, b.den)
        bound = max(a.bound * (den // a.den), b.bound * (den // b.den))
        left, right = _scaled(a, den // a.den, bound), _scaled(b, den // b.den, bound)
    else:
        bound = max(a.bound * b.dbound, b.bound * a.dbound)
        left, right = _int(a.num, bound) * _den(b, bound), _int(b.num, bound) * _den(a, bound)
    return {"<": left < right, "<=": left <= right, ">": left > right, ">=": left >= right,
            "==": left == right, "!=": left != right}[op]


def pick(condition: pl.Expr, a: Number, b: Number) -> Number:
    """a where the condition holds, else b (over one denominator when both have one)."""
    if a.static and b.static:
        den = lcm(a.den, b.den)
        bound = max(a.bound * (den // a.den), b.bound * (den // b.den))
        return Number(pl.when(condition).then(_scaled(a, den // a.den, bound))
                      .otherwise(_scaled(b, den // b.den, bound)), den, bound, den)
    bound, dbound = max(a.bound, b.bound), max(a.dbound, b.dbound)
    return Number(pl.when(condition).then(_int(a.num, bound)).otherwise(_int(b.num, bound)),
                  pl.when(condition).then(_int(a.den, dbound)).otherwise(_int(b.den, dbound)),
                  bound, dbound)


def extreme(op: str, values: list[Number]) -> Number:
    """The least ("min") or greatest ("max") of the values given on each row (null: none)."""
    if all(v.static for v in values):
        den = lcm(*(v.den for v in values))
        bound = max(v.bound * (den // v.den) for v in values)
        nums = [_scaled(v, den // v.den, bound) for v in values]
        best = pl.min_horizontal(nums) if op == "min" else pl.max_horizontal(nums)
        return Number(best, den, bound, den)
    best = values[0]
    for value in values[1:]:  # per-row denominators: pairwise (rare)
        better = compare(value, best, "<" if op == "min" else ">").fill_null(False) | \
            best.num.is_null()
        best = pick(better & value.num.is_not_null(), value, best)
    return best


def round_half_up(a: Number, digits: int) -> Number:
    """Half up (away from zero) to `digits` decimals, as the interpreter rounds."""
    scale = 10 ** digits
    bound = a.bound * scale + 2 * a.dbound
    scaled = _int(a.num, bound).abs() * scale
    den = _den(a, bound)
    whole = scaled // den
    whole = whole + ((scaled - whole * den) * 2 >= den).cast(dtype(bound))
    signed = pl.when(a.num < 0).then(whole * -1).otherwise(whole)
    return Number(signed, scale, a.bound * scale + 1, scale)


def to_decimal(a: Number, places: int, narrow: bool = True) -> pl.Expr:
    """The value as a Decimal of `places` places, rounded half even (the single path's
    quantize): Decimal(NARROW, places) when `narrow` and the bounds prove every value's
    digits fit in NARROW (a 64-bit fixed-point integer in a parquet file, the scale in its
    schema), else Decimal(38, places). The results' type is the contract's
    (columns.schema), which the caller casts to where this one differs."""
    scale = 10 ** places
    if a.static and scale % a.den == 0:  # exact in `places` decimals: nothing to round
        value = _int(a.num, a.bound * scale).cast(pl.Decimal(38, 0)) * \
            pl.lit(Decimal(scale // a.den).scaleb(-places), pl.Decimal(38, places))
        return _narrowed(value, a.bound * (scale // a.den), places, narrow)
    bound = a.bound * scale * 2 + a.dbound * 2
    kind = dtype(bound)
    scaled = _int(a.num, bound).abs() * scale
    den = _den(a, bound)
    whole = scaled // den
    twice = (scaled - whole * den) * 2
    up = (twice > den) | ((twice == den) & (whole % 2 == 1))
    whole = whole + up.cast(kind)
    signed = pl.when(a.num < 0).then(whole * -1).otherwise(whole)
    value = signed.cast(pl.Decimal(38, 0)) * pl.lit(Decimal(1).scaleb(-places),
                                                    pl.Decimal(38, places))
    return _narrowed(value, a.bound * scale + 1, places, narrow)  # |num/den| <= bound


NARROW = 18  # the digits of a 64-bit fixed-point column


def _narrowed(value: pl.Expr, bound: int, places: int, narrow: bool) -> pl.Expr:
    """A Decimal(38, places) value in NARROW digits when `narrow` and `bound` (of its
    integer scaled by 10**places) proves it fits."""
    return value.cast(pl.Decimal(NARROW, places)) if narrow and bound < 10 ** NARROW \
        else value


def fractional(value: Number) -> pl.Expr:
    """Where a number is not a whole number (its numerator not a multiple of its
    denominator); null where it has no value."""
    if isinstance(value.den, int) and value.den == 1:
        return FALSE
    return _int(value.num, value.bound) % _int(value.den, value.dbound) != 0
