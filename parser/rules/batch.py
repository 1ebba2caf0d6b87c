"""Execute a ruleset on a whole table of people at once, with the results of the single-case
evaluator (parser/rules/evaluate.py) for every row.

`evaluate_frame(ruleset, frame)` takes a polars DataFrame whose columns are canonical inputs
(grammar/rules.yaml; other columns are ignored) and returns one row of results per person:

    evaluated  Boolean       null when the row is an error
    reason     Enum (text)   why a person is not evaluated (the eligibility subject), or null
    score      Decimal(38,10) the graded value (after the cap), or null
    grade      Enum (text)   the band's grade, or null
    error      Enum (text)   the error kind (invalid_input, ambiguous_tenure, missing_rule,
                             no_band, overlap), or null
    score_range_low, score_range_high   Decimal(38,10), only when the ruleset has a
                             `score_range` lookup (a KPI percent -> the allowed score range)

A null cell is an input that is not given. A list input (scores, quarterly_points,
plan_scores, quarterly_scores) is a polars List column or columns `<name>_1 … <name>_n`
(the list ends at its last non-null cell; a null before it is `invalid_input`).

How it is exact. Every number is a fixed-point value: an int64 numerator per row over a
denominator common to the column (a Python int). An input column gets the scale of its most
precise cell (hundredths for 3.99), constants their own (0.4 = 2/5). Sums align the
denominators, products multiply them, and a division is by a value that is the same on every
row of a group (a literal, or count() of a list: rows are grouped by which inputs they give
and by their lists' lengths, so the average of 5 scores in hundredths is sum / 500). A
comparison with a band bound b = p/q is a cross-multiplication (num * q against p * den), so
3.995 is never "rounded into" 3.99 or 4. Numerators carry a bound of their magnitude; an
operation that could pass 2**62 raises BatchError instead of wrapping around. `score` is
the exact value rounded half-even to 10 decimal places (exact for every average of up to
2**a * 5**b values; the single path's Decimal quantized the same way is equal).

The steps are evaluate.py's, in its order, on boolean masks of the rows still undecided.
A ruleset feature this module does not vectorize (a division by a per-person value, a text
expression, a lookup giving text) raises BatchUnsupported naming it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from math import gcd, lcm

import numpy as np
import polars as pl
import pyarrow as pa
from lark import Tree

from ..data import number
from ..errors import InputError
from . import expr, kernel
from .build import FORM_PURPOSE, vocabulary
from .lower import chapter_of, covers, grade_order, month_span, rounding_rules
from .model import Ruleset

SCALE = 10  # decimal places of the score columns
LIMIT = 2 ** 62  # the largest numerator magnitude allowed in int64 arithmetic
ERRORS = ("invalid_input", "ambiguous_tenure", "missing_rule", "no_band", "overlap")
LISTS = ("decimals",)


class BatchError(Exception):
    """A table the batch path cannot compute exactly (a number beyond the int64 range)."""


class BatchUnsupported(BatchError):
    """A ruleset feature the batch path does not vectorize (use the single-case path)."""


# ---------------------------------------------------------------- values

@dataclass
class Num:
    """Fixed-point numbers: num / den, num an int64 array (or a Python int for a constant),
    den a positive Python int; mag bounds |num|."""

    num: np.ndarray | int
    den: int
    mag: int

    @staticmethod
    def const(value) -> Num:
        frac = Fraction(value)
        return Num(frac.numerator, frac.denominator, abs(frac.numerator))


@dataclass
class Lst:
    """A list input: its items as columns (every row of a group has the same length)."""

    items: list[Num]


@dataclass
class Flag:
    """Booleans (on_probation, a comparison)."""

    values: np.ndarray


@dataclass
class Text:
    """An enum input: codes into its vocabulary values (-1: a value outside them)."""

    codes: np.ndarray
    values: list[str]


def _checked(num, den: int, mag: int) -> Num:
    if mag > LIMIT or den > LIMIT:
        raise BatchError("fixed-point overflow: a value needs more than 62 bits")
    return Num(num, den, mag)


def _align(*values: Num) -> tuple[list, int, int]:
    """The numerators over a common denominator, the denominator, and their bound."""
    den = lcm(*(v.den for v in values))
    nums = [v.num * (den // v.den) if den != v.den else v.num for v in values]
    mag = max(v.mag * (den // v.den) for v in values)
    _checked(0, den, mag)
    return nums, den, mag


def _add(a: Num, b: Num, sign: int = 1) -> Num:
    (x, y), den, mag = _align(a, b)
    return _checked(x + y if sign > 0 else x - y, den, 2 * mag)


def _mul(a: Num, b: Num) -> Num:
    return _checked(a.num * b.num, a.den * b.den, a.mag * b.mag)


def _div(a: Num, b: Num, column) -> Num:
    if not isinstance(b.num, int):
        raise BatchUnsupported("division by a per-person value (only by a constant or a "
                               "list's count)")
    if b.num == 0:
        raise expr.ExprError("division by zero", column)
    p, q = (b.den, b.num) if b.num > 0 else (-b.den, -b.num)
    g = gcd(p, a.den * q)
    return _checked(a.num * (p // g), a.den * q // g, a.mag * abs(p // g))


def _compare(a: Num, op: str, b: Num) -> np.ndarray:
    (x, y), _, _ = _align(a, b)
    return {"<": np.less, "<=": np.less_equal, ">": np.greater, ">=": np.greater_equal,
            "==": np.equal, "!=": np.not_equal}[op](x, y)


def _merge(mask: np.ndarray, a: Num, b: Num) -> Num:
    """a where mask, else b."""
    (x, y), den, mag = _align(a, b)
    return Num(np.where(mask, x, y), den, mag)


def _quantize(v: Num, n: int) -> np.ndarray:
    """num/den rounded half-even to SCALE places, as int64 (units of 10**-SCALE)."""
    unit = 10 ** SCALE
    num = np.broadcast_to(np.asarray(v.num, dtype=np.int64), (n,))
    if unit % v.den == 0:
        _checked(0, 1, v.mag * (unit // v.den))
        return num * (unit // v.den)
    _checked(0, 1, v.mag * unit)
    scaled = num * unit
    q, r = np.divmod(scaled, v.den)
    up = (2 * r > v.den) | ((2 * r == v.den) & (q % 2 == 1))
    return q + up


# ---------------------------------------------------------------- expressions

def _eval(node, env: dict):
    """The vector value of an expression tree (grammar/expression.lark) over `env`."""
    kind, children, column = node.data, node.children, node.meta.column
    if kind == "number":
        return Num.const(Decimal(str(children[0]).replace(",", ".")))
    if kind == "string":
        raise BatchUnsupported("text values in expressions")
    if kind == "name":
        name = str(children[0])
        if name not in env:
            raise expr.ExprError(f"missing input: {name}", column)
        if isinstance(env[name], Text):
            raise BatchUnsupported(f"text input {name} in an expression")
        return env[name]
    if kind == "call":
        return _call(str(children[0]), [_eval(c, env) for c in children[1:]], column)
    if kind in ("and_", "or_", "not_"):
        values = [_eval(c, env) for c in children]
        if not all(isinstance(v, Flag) for v in values):
            raise BatchUnsupported("and/or/not over non-boolean values")
        arrays = [v.values for v in values]
        if kind == "not_":
            return Flag(~arrays[0])
        return Flag(arrays[0] & arrays[1] if kind == "and_" else arrays[0] | arrays[1])
    if kind == "neg":
        value = _number(_eval(children[0], env), "-", column)
        return Num(-value.num, value.den, value.mag)
    if kind == "compare":
        left, right = _eval(children[0], env), _eval(children[2], env)
        sign = str(children[1])
        if isinstance(left, Flag) and isinstance(right, Flag) and sign in ("==", "!="):
            same = left.values == right.values
            return Flag(same if sign == "==" else ~same)
        if sign in ("==", "!=") and type(left) is not type(right):
            raise expr.ExprTypeError(f"{sign} compares values of two kinds", column)
        return Flag(_compare(_number(left, sign, column), sign, _number(right, sign, column)))
    left, right = (_number(_eval(c, env), kind, column) for c in children)
    if kind == "div":
        return _div(left, right, column)
    return _mul(left, right) if kind == "mul" else _add(left, right, 1 if kind == "add" else -1)


def _number(value, what: str, column) -> Num:
    if not isinstance(value, Num):
        raise expr.ExprTypeError(f"{what} needs a number, not a {type(value).__name__}", column)
    return value


def _items(value, name: str, column, empty_ok: bool = False) -> list[Num]:
    if not isinstance(value, Lst):
        raise expr.ExprTypeError(f"{name} needs a list", column)
    if not value.items and not empty_ok:
        raise expr.ExprError(f"{name} of an empty list", column)
    return value.items


def _total(items: list[Num]) -> Num:
    total = Num.const(0)
    for item in items:
        total = _add(total, item)
    return total


def _call(name: str, args: list, column):
    """sum, count, avg, min, max, round over vector values (expr.FUNCTIONS' semantics)."""
    if name not in expr.FUNCTIONS:
        raise expr.ExprError(f"unknown function: {name}", column)
    if name == "sum":
        return _total(_items(args[0], name, column, empty_ok=True))
    if name == "count":
        return Num.const(len(_items(args[0], name, column)))
    if name == "avg":
        items = _items(args[0], name, column)
        return _div(_total(items), Num.const(len(items)), column)
    if name in ("min", "max"):
        if len(args) == 1 and not isinstance(args[0], Lst):
            raise expr.ExprError(f"{name} of a single number", column)
        values = _items(args[0], name, column) if len(args) == 1 else \
            [_number(a, name, column) for a in args]
        nums, den, mag = _align(*values)
        pick = np.minimum if name == "min" else np.maximum
        return Num(pick.reduce(np.broadcast_arrays(*nums)), den, mag)
    value, places = _number(args[0], name, column), _number(args[1], name, column)
    if not isinstance(places.num, int) or places.den != 1 or places.num < 0:
        raise BatchUnsupported("round() to a per-person or non-whole number of places")
    unit = 10 ** places.num
    scaled = _checked(value.num * unit, 1, value.mag * unit).num
    half = (2 * np.abs(scaled) + value.den) // (2 * value.den)  # ROUND_HALF_UP
    return _checked(np.sign(scaled) * half, unit, value.mag * unit // value.den + 1)


def _tree(text: str) -> Tree:
    """The parse tree of an expression (validated by expr.parse first)."""
    return expr.tree(text)


# ---------------------------------------------------------------- inputs

@dataclass
class Column:
    """One canonical input read from the frame: its value, which rows give it, which rows
    give a bad value (invalid_input), and for lists each row's length."""

    value: object
    given: np.ndarray
    bad: np.ndarray
    lengths: np.ndarray | None = None


def _numbers(series: pl.Series) -> tuple[np.ndarray, int, np.ndarray]:
    """A column of numbers -> (int64 numerators, decimal places, bad cells)."""
    n = len(series)
    given = _given(series)
    dtype = series.dtype
    if dtype.is_integer():
        return series.fill_null(0).cast(pl.Int64).to_numpy(), 0, np.zeros(n, bool)
    if isinstance(dtype, pl.Decimal):
        places = dtype.scale
        physical = series.fill_null(0) if series.null_count() else series
    else:
        if dtype.is_float():
            series = series.cast(pl.String)  # the shortest repr, as the single path reads it
        elif dtype != pl.String:
            return np.zeros(n, np.int64), 0, given
        text = series.str.strip_chars()
        fraction = text.str.extract(r"^[+-]?\d*\.(\d+)$", 1).str.len_chars().max() or 0
        odd = (given & text.str.contains(r"^[+-]?(\d+\.?\d*|\.\d+)$").not_()
               .fill_null(False).to_numpy())
        rare = {int(i): _decimal(text[int(i)]) for i in np.flatnonzero(odd)}
        places = max([fraction] + [-d.as_tuple().exponent for d in rare.values() if d is not None])
        num = _int64(text.str.to_decimal(scale=places).fill_null(0))
        bad = np.zeros(n, bool)
        for i, d in rare.items():
            bad[i] = d is None
            num[i] = 0 if d is None else _checked(int(d.scaleb(places)), 1,
                                                  abs(int(d.scaleb(places)))).num
        return num, places, bad
    return _int64(physical), places, np.zeros(n, bool)


def _given(series: pl.Series) -> np.ndarray:
    """Which cells are not null."""
    if not series.null_count():
        return np.ones(len(series), bool)
    return series.is_not_null().to_numpy()


def _decimal(text: str) -> Decimal | None:
    """A number the fast path does not read (1e-7, ' 4 ', '3,99'): as the single path reads
    it (parser/data.py), or None."""
    try:
        return number(text)
    except ValueError:
        return None


def _int64(decimals: pl.Series) -> np.ndarray:
    """A Decimal column without nulls -> its int64 numerators (the low words of the int128s,
    once every high word is their sign)."""
    array = decimals.rechunk().to_arrow()
    words = np.frombuffer(array.buffers()[1], np.int64, 2 * len(array), array.offset * 16)
    low, high = words[0::2], words[1::2]
    if not np.array_equal(high, low >> 63) or (len(low) and np.abs(low).max() >= LIMIT):
        raise BatchError("an input number is beyond the int64 fixed-point range")
    return low.copy()


def _read_number(series: pl.Series, integer: bool) -> Column:
    num, places, bad = _numbers(series)
    given = _given(series)
    den = 10 ** places
    if integer and places:
        bad = bad | (given & (num % den != 0))
        num, den = num // den, 1
    mag = int(np.abs(num).max()) if len(num) else 0
    return Column(Num(num, den, mag), given, bad & given)


def _read_list(parts: list[pl.Series], given: np.ndarray, lengths: np.ndarray) -> Column:
    """List items (one column each) -> a Lst over one common denominator; a missing or bad
    item within a row's length makes the row bad."""
    items = [_read_number(part, False) for part in parts]
    den = lcm(*(i.value.den for i in items)) if items else 1
    bad = np.zeros(len(given), bool)
    nums = []
    for k, item in enumerate(items):
        bad |= (lengths > k) & (item.bad | ~item.given)
        factor = den // item.value.den
        nums.append(_checked(item.value.num * factor, den, item.value.mag * factor))
    return Column(Lst(nums), given, bad & given, lengths)


def _list_column(frame: pl.DataFrame, name: str) -> Column | None:
    """A list input from a List column or from <name>_1 … <name>_n columns."""
    numbered = sorted((int(m.group(1)), c) for c in frame.columns
                      if (m := re.fullmatch(re.escape(name) + r"_(\d+)", c)))
    if name in frame.columns and numbered:
        raise InputError(name, f"both a {name} column and {name}_N columns")
    if name in frame.columns:
        series = frame[name]
        if not isinstance(series.dtype, pl.List):
            raise InputError(name, f"{name} must be a list column or {name}_1 … {name}_n")
        lengths = series.list.len().fill_null(0).to_numpy().astype(np.int64)
        width = int(lengths.max()) if len(lengths) else 0
        parts = [series.list.get(k, null_on_oob=True) for k in range(width)]
        return _read_list(parts, series.is_not_null().to_numpy(), lengths)
    if not numbered:
        return None
    if [k for k, _ in numbered] != list(range(1, len(numbered) + 1)):
        raise InputError(name, f"the {name}_N columns must be numbered 1 … n without gaps")
    parts = [frame[c] for _, c in numbered]
    present = np.stack([_given(p) for p in parts])
    last = np.full(len(frame), len(parts)) if present.all() else \
        np.where(present.any(axis=0), len(parts) - np.argmax(present[::-1], axis=0), 0)
    return _read_list(parts, last > 0, last.astype(np.int64))


def _read_enum(series: pl.Series, values: list[str]) -> Column:
    given = _given(series)
    text = series.cast(pl.String)
    if values:
        codes = text.replace_strict(values, list(range(len(values))), default=-1,
                                    return_dtype=pl.Int32).fill_null(-1).to_numpy()
        bad = given & (codes < 0)
    else:
        codes, bad = np.full(len(series), -1, np.int32), np.zeros(len(series), bool)
    return Column(Text(codes, values), given, bad)


def _read_bool(series: pl.Series) -> Column:
    given = series.is_not_null().to_numpy()
    if series.dtype == pl.Boolean:
        return Column(Flag(series.fill_null(False).to_numpy()), given, np.zeros_like(given))
    if series.dtype == pl.String:  # a CSV cell: true / false
        low = series.str.strip_chars().str.to_lowercase()
        values = (low == "true").fill_null(False).to_numpy()
        bad = given & ~low.is_in(["true", "false"]).fill_null(False).to_numpy()
        return Column(Flag(values), given, bad)
    return Column(Flag(np.zeros(len(series), bool)), given, given)


def read_inputs(frame: pl.DataFrame) -> dict[str, Column]:
    """The canonical inputs the frame gives, read into fixed-point columns."""
    spec = vocabulary()["inputs"]
    columns: dict[str, Column] = {}
    for name, info in spec.items():
        kind = info["type"]
        if kind in LISTS:
            column = _list_column(frame, name)
        elif name not in frame.columns:
            column = None
        elif kind in ("decimal", "integer"):
            column = _read_number(frame[name], kind == "integer")
        elif kind == "boolean":
            column = _read_bool(frame[name])
        elif kind == "enum":
            column = _read_enum(frame[name], info.get("values") or [])
        else:
            raise BatchUnsupported(f"input {name} of type {kind}")
        if column is not None:
            columns[name] = column
    if not columns and frame.width:
        raise InputError("frame", "no column is a canonical input (grammar/rules.yaml)")
    return columns


# ---------------------------------------------------------------- one group of rows

class Group:
    """The rows that give the same inputs (and lists of the same lengths): the steps of
    evaluate._run over their values, deciding rows as it goes."""

    def __init__(self, ruleset: Ruleset, names: Names, inputs: dict[str, object], n: int):
        self.ruleset, self.names, self.inputs, self.n = ruleset, names, inputs, n
        self.alive = np.ones(n, bool)
        self.evaluated = np.full(n, -1, np.int8)
        self.reason = np.full(n, -1, np.int16)
        self.error = np.full(n, -1, np.int8)
        self.grade = np.full(n, -1, np.int16)
        self.score: np.ndarray | None = None
        self.score_range: tuple[np.ndarray, np.ndarray] | None = None

    def fail(self, mask, kind: str) -> None:
        rows = self.alive & mask
        self.error[rows] = ERRORS.index(kind)
        self.alive &= ~rows

    def run(self, bad: np.ndarray) -> None:
        if rounding_rules(self.ruleset):
            raise BatchUnsupported("a stated rounding rule (round(x, n) of a graded value)")
        self.fail(bad, "invalid_input")
        for step in (self.eligibility, self.constraints, self.derive, self.grade_rows):
            if not self.alive.any():
                return
            step()

    def eligibility(self) -> None:
        """evaluate._eligibility: a rule that excludes decides even where an earlier one
        could not (ambiguous tenure), which is the error only if nothing excludes."""
        undecided = np.zeros(self.n, bool)
        for rule in self.ruleset.eligibility:
            short = self._short(rule, undecided)
            if short is None:
                continue
            rows = self.alive & short
            self.evaluated[rows] = 0
            self.reason[rows] = self.names.reasons.index(rule.subject)
            self.alive &= ~rows
        self.fail(undecided, "ambiguous_tenure")

    def _short(self, rule, undecided: np.ndarray) -> np.ndarray | None:
        given = self.inputs
        if rule.subject == "tenure_in_position":
            months = int(rule.value)
            if "tenure_months" in given:
                return _compare(given["tenure_months"], "<", Num.const(months))
            if "tenure_days" not in given:
                return None
            days = given["tenure_days"]
            shortest, longest = month_span(months)
            undecided |= (_compare(days, ">=", Num.const(shortest))
                          & _compare(days, "<", Num.const(longest)))
            return _compare(days, "<", Num.const(shortest))
        if isinstance(rule.value, bool):  # on_probation, on_childcare_leave_whole_period
            if rule.subject not in given:
                return None
            return given[rule.subject].values & (rule.value is True)
        if rule.subject == "worked_days" and "worked_days" in given:
            holds = _holds(given["worked_days"], rule.op, rule.value, self.n)
            return holds if rule.op in ("<", "<=") else ~holds  # evaluate.excludes
        return None

    def constraints(self, chapters: set[str] | None = None) -> None:
        """evaluate._constraints: position-scoped rules for those positions; with no position,
        for the chapter of the scale that grades (`chapters`, the second call)."""
        position = self.inputs.get("position")
        for rule in self.ruleset.constraints:
            if rule.input not in self.inputs:
                continue
            rows = np.ones(self.n, bool)
            if rule.applies_to:
                if position is not None:
                    rows = np.isin(position.codes, [position.values.index(v)
                                                    for v in rule.applies_to
                                                    if v in position.values])
                elif chapters is None or chapter_of(rule) not in chapters:
                    continue
            elif chapters is not None:
                continue
            given = self.inputs[rule.input]
            if rule.measure == "count":
                measured = [Num.const(len(given.items))]
            elif rule.measure == "each":
                measured = given.items
            else:
                measured = [given]
            ok = np.ones(self.n, bool)
            for value in measured:
                ok &= _holds(value, rule.op, rule.value, self.n)
            self.fail(rows & ~ok, "invalid_input")

    def derive(self) -> None:
        names = vocabulary()["names"]
        env = {names.get(k, k): v for k, v in self.inputs.items()}
        if "scores" in self.inputs:
            self.form(env)
        if self.alive.any():
            self.pending(env)
        self.env = env

    def form(self, env: dict) -> None:
        """evaluate._form per position: the form's checks and aggregation."""
        scores: Lst = self.inputs["scores"]
        position = self.inputs.get("position")
        choices = [(position.codes == i, v) for i, v in enumerate(position.values)] \
            if position is not None else [(np.ones(self.n, bool), None)]
        result, targets = None, set()
        for mask, value in choices:
            if not (mask & self.alive).any():
                continue
            forms = [f for f in self.ruleset.forms if value in f.applies_to] if value else \
                (self.ruleset.forms if len(self.ruleset.forms) == 1 else [])
            scored = [f for f in forms if f.aggregation and any(p.high is not None
                                                                for p in f.parameters)]
            if not scored:
                borrowed = [r for r in self.ruleset.references if FORM_PURPOSE.match(r.purpose)]
                self.fail(mask, "missing_rule" if borrowed else "invalid_input")
                continue
            form = scored[0]
            numbered = [p for p in form.parameters if p.number is not None]
            if numbered and len(scores.items) != len(form.parameters):
                self.fail(mask, "invalid_input")
                continue
            for i, item in enumerate(scores.items):
                p = form.parameters[min(i, len(form.parameters) - 1)]
                if p.low is not None:
                    self.fail(mask & _compare(item, "<", Num.const(p.low)), "invalid_input")
                if p.high is not None:
                    self.fail(mask & _compare(item, ">", Num.const(p.high)), "invalid_input")
            tree = _tree(form.aggregation)
            try:
                value = _eval(tree, {name: scores for name in expr.parse(form.aggregation)
                                     .names()})
            except expr.ExprError:  # the single path lets this escape (see the report)
                self.fail(mask, "invalid_input")
                continue
            targets.add(form.target)
            result = value if result is None else _merge(mask, value, result)
        if len(targets) > 1:
            raise BatchUnsupported("forms of one group aggregating into different targets")
        if targets:
            env[targets.pop()] = result

    def pending(self, env: dict) -> None:
        """evaluate._derive: formulas and lookups, each as soon as its inputs are known."""
        pending = list(self.ruleset.computations) + list(self.ruleset.lookups)
        progress = True
        while progress:
            progress = False
            for item in list(pending):
                if hasattr(item, "expression"):
                    if item.target in env:
                        pending.remove(item)
                        continue
                    if not expr.parse(item.expression).names() <= env.keys():
                        continue
                    try:
                        value = _eval(_tree(item.expression), env)
                        if isinstance(value, Lst):
                            raise expr.ExprTypeError("the value is a list")
                    except expr.ExprTypeError:
                        continue  # the same for every row of the group: evaluate.py skips it
                    except expr.ExprError:
                        self.fail(self.alive, "invalid_input")
                        return
                    env[item.target] = value
                else:
                    if item.output in env or not isinstance(env.get(item.input), Num):
                        if item.output in env:
                            pending.remove(item)
                        continue
                    env[item.output] = self.lookup(item, env[item.input])
                pending.remove(item)
                progress = True

    def lookup(self, table, value: Num):
        rows = [r for r in table.rows if r.key is None]
        inside = [_inside(value, r, self.n) for r in rows]
        count = np.sum(inside, axis=0) if inside else np.zeros(self.n, int)
        self.fail(count == 0, "no_band")
        self.fail(count > 1, "overlap")
        if all(isinstance(r.value, list) for r in rows) and rows:
            width = {len(r.value) for r in rows}
            if len(width) != 1:
                raise BatchUnsupported(f"lookup {table.name}: lists of different lengths")
            return Lst([_select(inside, [Num.const(r.value[k]) for r in rows])
                        for k in range(width.pop())])
        if not all(isinstance(r.value, Decimal) for r in rows):
            raise BatchUnsupported(f"lookup {table.name} gives text values")
        return _select(inside, [Num.const(r.value) for r in rows])

    def grade_rows(self) -> None:
        env = self.env
        has_range = any(t.output == "score_range" and t.output in env
                        for t in self.ruleset.lookups)
        if has_range:
            low, high = env["score_range"].items[:2]
            self.score_range = (_quantize(low, self.n), _quantize(high, self.n))
        scale, variable = _graded(self.ruleset, env)
        if scale is None:
            if has_range:
                self.evaluated[self.alive] = 1
            else:
                self.fail(self.alive, "missing_rule")
            return
        if "position" not in self.inputs:
            self.constraints({chapter_of(b) for b in scale.bands})
        value = self.cap(scale, env[variable])
        inside = [_inside(value, band, self.n) for band in scale.bands]
        count = np.sum(inside, axis=0)
        self.fail(count == 0, "no_band")
        self.fail(count > 1, "overlap")
        grade = np.zeros(self.n, np.int16)  # the one band of each row still alive
        for mask, band in zip(inside, scale.bands):
            grade += mask * np.int16(self.names.grades.index(band.grade))
        self.grade[self.alive] = grade[self.alive]
        self.evaluated[self.alive] = 1
        self.score = _quantize(value, self.n)

    def cap(self, scale, value: Num) -> Num:
        """evaluate._cap per sanction value."""
        sanction = self.inputs.get("sanction")
        if sanction is None:
            return value
        for i, name in enumerate(sanction.values):
            mask = sanction.codes == i
            if name == "none" or not (mask & self.alive).any():
                continue
            caps = [c for c in self.ruleset.caps
                    if covers(c.condition, name) and c.scale == scale.key]
            if not caps:
                borrowed = [r for r in self.ruleset.references if FORM_PURPOSE.match(r.purpose)]
                if borrowed and not self.ruleset.caps:
                    self.fail(mask, "missing_rule")
                continue
            top = Num.const(min(caps, key=lambda c: c.max).max)
            (x, y), den, mag = _align(value, top)
            value = Num(np.where(mask, np.minimum(x, y), x), den, mag)
        return value


def _graded(ruleset: Ruleset, env: dict):
    """evaluate._graded over the kinds of the group's values."""
    scales = sorted(ruleset.scales, key=lambda s: grade_order().index(s.key)
                    if s.key in grade_order() else len(grade_order()))
    for scale in scales:
        for name in scale.variables:
            if isinstance(env.get(name), Num):
                return scale, name
    return None, None


def _select(inside: list[np.ndarray], values: list[Num]) -> Num:
    """The value of the first row whose mask holds (0 where none does)."""
    nums, den, mag = _align(*values)
    return Num(np.select(inside, nums, 0), den, mag)


def _inside(value: Num, band, n: int) -> np.ndarray:
    """evaluate._inside: an open end is None, an inclusivity of None counts as inclusive."""
    ok = np.ones(n, bool)
    if band.low is not None:
        op = ">" if band.low_inclusive is False else ">="
        ok = ok & _compare(value, op, Num.const(band.low))
    if band.high is not None:
        op = "<" if band.high_inclusive is False else "<="
        ok = ok & _compare(value, op, Num.const(band.high))
    return ok


def _holds(value, op: str, bound, n: int) -> np.ndarray:
    """evaluate._compare over a column: an unknown operator holds."""
    if op == "between":
        return np.broadcast_to(_compare(value, ">=", Num.const(bound[0]))
                               & _compare(value, "<=", Num.const(bound[1])), (n,))
    if op in ("<", "<=", ">", ">=", "=="):
        if not isinstance(value, Num) or isinstance(bound, (str, bool)) or bound is None:
            raise BatchUnsupported(f"a {op} condition on a non-numeric value")
        return np.broadcast_to(_compare(value, op, Num.const(bound)), (n,))
    return np.ones(n, bool)


# ---------------------------------------------------------------- the table

@dataclass
class Names:
    """The texts of the enum output columns."""

    reasons: list[str]
    grades: list[str]


def _names(ruleset: Ruleset) -> Names:
    grades = list(dict.fromkeys(b.grade for s in ruleset.scales for b in s.bands))
    return Names(list(dict.fromkeys(r.subject for r in ruleset.eligibility)), grades)


def _take(column: Column, rows: np.ndarray | None, name: str):
    """A column's value restricted to a group's rows (lists cut to the group's length)."""
    value = column.value
    pick = (lambda a: a) if rows is None else (lambda a: a if isinstance(a, int) else a[rows])
    if isinstance(value, Num):
        return Num(pick(value.num), value.den, value.mag)
    if isinstance(value, Lst):
        length = int(column.lengths[0 if rows is None else rows[0]])
        return Lst([Num(pick(i.num), i.den, i.mag) for i in value.items[:length]])
    if isinstance(value, Flag):
        return Flag(pick(value.values))
    return Text(pick(value.codes), value.values)


def evaluate_frame(ruleset: Ruleset, frame: pl.DataFrame, fast: bool = True) -> pl.DataFrame:
    """The results of every row of `frame` (see the module's docstring). A ruleset and frame
    of the common shape go through the compiled kernel (parser/rules/kernel.py) unless
    `fast` is False; this generic path is the fallback and the reference."""
    if fast and (result := kernel.evaluate_frame(ruleset, frame)) is not None:
        return result
    columns = read_inputs(frame)
    n = frame.height
    names = _names(ruleset)
    bad = np.zeros(n, bool)
    for column in columns.values():
        bad |= column.bad
    out = _Outputs(n, any(t.output == "score_range" for t in ruleset.lookups))
    if n and all(_uniform(c) for c in columns.values()):
        groups = [None]
    else:
        key = np.stack([c.given for c in columns.values()]
                       + [c.lengths for c in columns.values() if c.lengths is not None]
                       ).astype(np.int64) if columns else np.zeros((1, n), np.int64)
        _, inverse = np.unique(key, axis=1, return_inverse=True)
        order = np.argsort(inverse.ravel(), kind="stable")
        bounds = np.flatnonzero(np.diff(inverse.ravel()[order])) + 1
        groups = np.split(order, bounds) if n else []
    for rows in groups:
        first = 0 if rows is None else rows[0]
        given = {name: _take(c, rows, name) for name, c in columns.items() if c.given[first]}
        group = Group(ruleset, names, given, n if rows is None else len(rows))
        group.run(bad if rows is None else bad[rows])
        out.put(rows, group)
    return out.frame(names)


def _uniform(column: Column) -> bool:
    """Whether every row gives the column or none does (and lists are of one length)."""
    given = column.given
    if not (given.all() or not given.any()):
        return False
    lengths = column.lengths
    return lengths is None or lengths.min() == lengths.max()


class _Outputs:
    """The result arrays of the whole table, filled group by group."""

    def __init__(self, n: int, ranged: bool):
        self.evaluated = np.full(n, -1, np.int8)
        self.reason = np.full(n, -1, np.int16)
        self.error = np.full(n, -1, np.int8)
        self.grade = np.full(n, -1, np.int16)
        self.score = np.zeros(n, np.int64)
        self.scored = np.zeros(n, bool)
        self.ranged = ranged
        self.low, self.high = np.zeros(n, np.int64), np.zeros(n, np.int64)
        self.has_range = np.zeros(n, bool)

    def put(self, rows, group: Group) -> None:
        at = slice(None) if rows is None else rows
        graded = group.grade >= 0
        for name in ("evaluated", "reason", "error", "grade"):
            getattr(self, name)[at] = getattr(group, name)
        if group.score is not None:
            self.score[at] = np.where(graded, group.score, 0)
            self.scored[at] = graded
        if group.score_range is not None:
            ok = group.evaluated == 1
            self.low[at] = np.where(ok, group.score_range[0], 0)
            self.high[at] = np.where(ok, group.score_range[1], 0)
            self.has_range[at] = ok

    def frame(self, names: Names) -> pl.DataFrame:
        data = {
            "evaluated": pl.from_arrow(pa.array(self.evaluated == 1, mask=self.evaluated < 0)),
            "reason": _enum(self.reason, names.reasons),
            "score": _decimals(self.score, self.scored),
            "grade": _enum(self.grade, names.grades),
            "error": _enum(self.error, list(ERRORS)),
        }
        if self.ranged:
            data["score_range_low"] = _decimals(self.low, self.has_range)
            data["score_range_high"] = _decimals(self.high, self.has_range)
        return pl.DataFrame({k: v.alias(k) for k, v in data.items()})


def _enum(codes: np.ndarray, values: list[str]) -> pl.Series:
    """Codes (-1: null) -> an Enum column of `values`."""
    indices = pa.array(codes.astype(np.int32), mask=codes < 0)
    array = pa.DictionaryArray.from_arrays(indices, pa.array(values, pa.string()))
    return pl.from_arrow(array).cast(pl.Enum(values))


def _decimals(units: np.ndarray, valid: np.ndarray) -> pl.Series:
    """int64 units of 10**-SCALE -> a Decimal(38, SCALE) column (null where not valid)."""
    words = np.empty(2 * len(units), np.int64)
    words[0::2], words[1::2] = units, units >> 63
    validity = pa.array(valid).buffers()[1] if not valid.all() else None
    array = pa.Array.from_buffers(pa.decimal128(38, SCALE), len(units),
                                  [validity, pa.py_buffer(words)])
    return pl.from_arrow(array)
