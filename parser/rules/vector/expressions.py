"""Plan expressions (parser/rules/plan.py) lowered to polars expressions, with the meaning the
interpreter gives them (parser/rules/values.py), row by row.

A value is held by kind: a number (Number), a list (Items), a condition or a text,
each an expression that is null on the rows where the value is not of that kind. A name can
be of two kinds on different rows (`quarterly_points`: a list where a case gives the
quarters, a number where the formula `100 + a - b` computed it). Besides its kinds, a
lowered expression knows where it `fails` (EvalFailed in the interpreter: division by zero,
the average of an empty list); a row with no kind and no failure is one where the
interpreter raises Missing or WrongType (a name not known, a list where a number is needed).
Operands are taken in the interpreter's order, so the first problem met is the one reported.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from functools import reduce
from typing import Callable

import polars as pl

from ..plan import (Aggregate, Arith, Compare, Grouped, Logic, Neg, Not, Num, Ref, Round, Text,
                    walk)
from .masks import FALSE, TRUE
from .numbers import (NO_NUMBER, Number, Unsupported, add, column, compare, constant, div,
                      extreme, mul, neg, pick, round_half_up, scale_down)


@dataclass(frozen=True)
class Items:
    """A list on every row: its items (null past the row's length), its length, and the
    length every row that has the list has, when they all have one (`fixed`)."""

    items: list[Number]
    length: pl.Expr
    fixed: int | None = None


@dataclass(frozen=True)
class Texts:
    """A list of texts on every row (an input: the respondents' roles), its items (null past
    the row's length) and its length; only a grouped node's exclusion reads it."""

    items: list[pl.Expr]
    length: pl.Expr


@dataclass(frozen=True)
class Value:
    """A lowered value by kind (None: never of that kind), and where evaluating it fails."""

    number: Number | None = None
    items: Items | None = None
    flag: pl.Expr | None = None
    text: pl.Expr | None = None
    fail: pl.Expr | None = None
    kinds: tuple = field(default=(), compare=False)
    texts: Texts | None = None

    def ok(self, kind: str) -> pl.Expr:
        """Where the value is of this kind."""
        if kind == "number":
            return _present(self.number and self.number.num)
        if kind == "items":
            return _present(self.items and self.items.length)
        return _present(getattr(self, kind))

    def given(self) -> pl.Expr:
        """Where evaluating it gave a value of some kind (raised nothing)."""
        return any_of(self.ok(k) for k in ("number", "items", "flag", "text"))

    def failed(self) -> pl.Expr:
        return FALSE if self.fail is None else self.fail




def _present(expr) -> pl.Expr:
    return FALSE if expr is None else expr.is_not_null()


def any_of(masks) -> pl.Expr:
    masks = [m for m in masks if m is not FALSE]
    return reduce(lambda a, b: a | b, masks) if masks else FALSE


def _fail(*parts) -> pl.Expr | None:
    parts = [p for p in parts if p is not None and p is not False and p is not FALSE]
    return reduce(lambda a, b: a | b, parts) if parts else None


Keep = Callable[[Value], Value]


def lower(node, env: dict[str, Value], keep: Keep | None = None) -> Value:
    """The value of an expression node over the names of `env`; a node over other compound
    nodes is computed into columns by `keep` (when given), so no expression grows past a
    few levels of the plan's."""
    value = LOWERERS[type(node)](node, env, keep)
    return keep(value) if keep is not None and nested(node) else value


def nested(node) -> bool:
    """Whether a node's expressions repeat those of a compound operand: a lowered operand
    is read several times (a division reads its divisor three times, a rounding its value
    four), so unbounded nesting would grow the polars expression exponentially."""
    return isinstance(node, Grouped) or any(not isinstance(child, LEAVES)
                                            for child in walk(node)[1:])


def _num(node: Num, env, keep) -> Value:
    return Value(number=constant(node.value))


def _text(node: Text, env, keep) -> Value:
    return Value(text=pl.lit(node.value, pl.String))


def _ref(node: Ref, env, keep) -> Value:
    return env.get(node.name, Value())


def _number_first(node, env, keep) -> tuple[Value, pl.Expr]:
    """An operand that must be a number: its value and where it is one."""
    value = lower(node, env, keep)
    return value, value.ok("number")


def _arith(node: Arith, env, keep) -> Value:
    """+ - * / of two numbers; of a list and a number, or of two lists of one length, item
    by item (lists of two lengths fail, as a division by zero in any item does)."""
    left = lower(node.left, env, keep)
    right = lower(node.right, env, keep)
    left_ok = left.ok("number") | left.ok("items")
    fail = _fail(left.fail, right.fail is not None and left_ok & right.failed())
    number = None
    if left.number is not None and right.number is not None:
        number, zero = _apply(node.op, left.number, right.number)
        if zero is not FALSE:
            fail = _fail(fail, left.ok("number") & right.ok("number") & zero)
    lists = []
    if left.items is not None and right.items is not None:
        lists.append(_pairwise(node.op, left.items, right.items))
    if left.items is not None and right.number is not None:
        lists.append(_each(node.op, left.items, right.number, True))
    if left.number is not None and right.items is not None:
        lists.append(_each(node.op, right.items, left.number, False))
    for _, broken in lists:
        fail = _fail(fail, broken)
    return Value(number=number, items=_either([items for items, _ in lists]), fail=fail)


def _apply(op: str, a: Number, b: Number) -> tuple[Number, pl.Expr]:
    """a op b, and where it divides by zero."""
    if op == "div":
        result, zero = div(a, b)
        return result, zero if zero is FALSE else zero.fill_null(False)
    return {"add": lambda: add(a, b), "sub": lambda: add(a, b, -1),
            "mul": lambda: mul(a, b)}[op](), FALSE


def _pairwise(op: str, a: Items, b: Items) -> tuple[Items, pl.Expr]:
    """Two lists item by item, where their lengths are one; where they differ, or an item
    divides by zero, it fails."""
    same = (a.length == b.length).fill_null(False)
    parts, zeros = [], [(a.length != b.length).fill_null(False)]
    for k, (x, y) in enumerate(zip(a.items, b.items)):
        result, zero = _apply(op, x, y)
        parts.append(Number(pl.when(same).then(result.num), result.den, result.bound,
                            result.dbound))
        if zero is not FALSE:
            zeros.append(same & (a.length > k) & zero)
    fixed = a.fixed if a.fixed == b.fixed else None
    return Items(parts, pl.when(same).then(a.length), fixed), any_of(zeros)


def _each(op: str, items: Items, number: Number, list_first: bool) -> tuple[Items, pl.Expr]:
    """Each item of a list with one number (the list the left operand or the right)."""
    given = number.num.is_not_null()
    parts, zeros = [], []
    for k, item in enumerate(items.items):
        result, zero = _apply(op, item, number) if list_first else _apply(op, number, item)
        parts.append(result)
        if zero is not FALSE:
            zeros.append((items.length > k).fill_null(False) & zero)
    return Items(parts, pl.when(given).then(items.length), items.fixed), any_of(zeros)


def _either(lists: list[Items]) -> Items | None:
    """One list of those computed on different rows (a name a list on some, a number on
    others): on each row, the one that has a length."""
    if len(lists) < 2:
        return lists[0] if lists else None
    width = max(len(i.items) for i in lists)
    merged = lists[0]
    for other in lists[1:]:
        here = other.length.is_not_null()
        pad = lambda x: x.items + [NO_NUMBER] * (width - len(x.items))  # noqa: E731
        merged = Items([pick(here, p, q) for p, q in zip(pad(other), pad(merged))],
                       pl.coalesce(other.length, merged.length),
                       merged.fixed if merged.fixed == other.fixed else None)
    return merged


def _neg(node: Neg, env, keep) -> Value:
    value = lower(node.arg, env, keep)
    items = value.items and Items([neg(i) for i in value.items.items], value.items.length,
                                  value.items.fixed)
    return Value(number=value.number and neg(value.number), items=items, fail=value.fail)


def _round(node: Round, env, keep) -> Value:
    value = lower(node.arg, env, keep)
    return Value(number=value.number and round_half_up(value.number, node.digits),
                 fail=value.fail)


def _aggregate(node: Aggregate, env, keep) -> Value:
    """sum, count, avg of one list; min, max of one list or of two or more numbers."""
    if not node.args:
        raise Unsupported(f"{node.op}() of nothing")
    values = [lower(a, env, keep) for a in node.args]
    if len(values) == 1:
        return _over_list(node.op, values[0])
    fail, clear = None, TRUE
    for value in values:  # every argument is evaluated before the types are checked
        fail = _fail(fail, value.fail is not None and clear & value.failed())
        clear = clear & value.given()
    if node.op not in ("min", "max") or any(v.number is None for v in values):
        return Value(fail=fail)
    best = extreme(node.op, [v.number for v in values])
    every = reduce(lambda a, b: a & b, [v.number.num.is_not_null() for v in values])
    return Value(number=Number(pl.when(every).then(best.num), best.den, best.bound,
                                       best.dbound), fail=fail)


def _over_list(op: str, value: Value) -> Value:
    """An aggregation over one list (a row whose value is not a list: WrongType)."""
    if value.items is None:
        return Value(fail=value.fail)
    items, length = value.items.items, value.items.length
    empty = length == 0
    fail = _fail(value.fail, None if op in ("sum", "count") else empty)
    if op == "count":  # 0 for an empty list, as the interpreter counts
        counted = column(length, 1, len(items))
        if value.items.fixed:  # one length: a constant where the list is given
            counted = Number(counted.num, 1, counted.bound, 1, Fraction(value.items.fixed))
        return Value(number=counted, fail=fail)
    total = reduce(add, [Number(i.num.fill_null(0), i.den, i.bound, i.dbound)
                                 for i in items]) if items else constant(0)
    total = Number(pl.when(length.is_not_null()).then(total.num), total.den,
                           total.bound, total.dbound)
    if op == "sum":
        return Value(number=total, fail=fail)
    if op == "avg" and value.items.fixed:  # one length: one denominator
        return Value(number=Number(pl.when(~empty).then(total.num), total.den * value.items.fixed,
                                   total.bound, total.dbound * value.items.fixed), fail=fail)
    if op == "avg":
        most = max(len(items), 1)
        average = scale_down(total, pl.when(~empty).then(length), most)
        return Value(number=Number(pl.when(~empty).then(average.num), average.den,
                                           average.bound, average.dbound), fail=fail)
    best = extreme(op, items)
    return Value(number=Number(pl.when(~empty).then(best.num), best.den, best.bound,
                                       best.dbound), fail=fail)


def _grouped(node: Grouped, env, keep) -> Value:
    """Per group, then across: each group's items (item i in group i mod n, less the answers
    of the roles the node excludes), the formula within each group over them, then the groups'
    values aggregated (or their list); a list that is not whole rows of n groups, or whose
    roles are not one per answer, fails; a row without the roles an exclusion reads has none."""
    value = lower(node.arg, env, keep)
    if value.items is None:
        return Value(fail=value.fail)
    n, items, length = node.groups, value.items.items, value.items.length
    ragged = (length % n != 0).fill_null(False)
    if node.excluded and node.roles is not None:
        roles = env.get(node.roles, Value()).texts
        if roles is None:  # no row gives the roles: Missing wherever it is not ragged
            return Value(fail=_fail(value.fail, ragged))
        absent = roles.length.is_null()
        bad = ragged | (~absent & (roles.length != length)).fill_null(False)
        kept = [~item.is_in(node.excluded).fill_null(False) if k < len(roles.items)
                else FALSE for k, item in enumerate(roles.items)]
        kept += [FALSE] * (len(items) - len(kept))
        groups = [_kept_group(items, kept, length, range(g, len(items), n)) for g in range(n)]
    else:
        absent, bad = FALSE, ragged
        fixed = value.items.fixed
        groups = [Items(items[g::n], (length - g + n - 1) // n,
                        (None if fixed is None else len(range(g, fixed, n))) or None)
                  for g in range(n)]
    results = [lower(node.within, {**env, node.each: Value(items=group)}, keep)
               for group in groups]
    fail = _fail(value.fail, ragged, ~ragged & ~absent & bad,
                 *[~bad & ~absent & r.failed() for r in results])
    if any(r.number is None for r in results):
        return Value(fail=fail)
    ok = reduce(lambda a, b: a & b, [r.ok("number") for r in results]) & ~bad & ~absent
    values = Items([Number(pl.when(ok).then(r.number.num), r.number.den, r.number.bound,
                           r.number.dbound) for r in results],
                   pl.when(ok).then(pl.lit(n, pl.Int64)), n)
    if node.across is None:
        return Value(items=values, fail=fail)
    across = _over_list(node.across, Value(items=values))
    return Value(number=across.number, fail=_fail(fail, across.fail))


def _kept_group(items: list[Number], kept: list[pl.Expr], length: pl.Expr,
                places: range) -> Items:
    """One group's items at `places`, null where the answer is left out, and their count."""
    parts = [Number(pl.when(kept[i]).then(items[i].num), items[i].den, items[i].bound,
                    items[i].dbound) for i in places]
    count = pl.sum_horizontal([(kept[i] & (length > i)).fill_null(False).cast(pl.Int64)
                               for i in places]) if places else pl.lit(0, pl.Int64)
    return Items(parts, pl.when(length.is_not_null()).then(count))


def _compare(node: Compare, env, keep) -> Value:
    left, right = lower(node.left, env, keep), lower(node.right, env, keep)
    fail = _fail(left.fail, right.fail is not None and left.given() & right.failed())
    if left.items is not None and right.items is not None and node.cmp in ("==", "!="):
        raise Unsupported("a comparison of two lists")
    parts = []
    if left.number is not None and right.number is not None:
        parts.append(compare(left.number, right.number, node.cmp))
    if node.cmp in ("==", "!="):
        for kind in ("flag", "text"):
            a, b = getattr(left, kind), getattr(right, kind)
            if a is None or b is None:
                continue
            if kind == "text" and not isinstance(node.left, Text) and \
                    not isinstance(node.right, Text):
                a, b = a.cast(pl.String), b.cast(pl.String)  # two columns of other values
            parts.append(a == b if node.cmp == "==" else a != b)
    if not parts:
        return Value(fail=fail)
    return Value(flag=pl.coalesce(parts) if len(parts) > 1 else parts[0], fail=fail)


def _logic(node: Logic, env, keep) -> Value:
    """and / or, short-circuit: a row decided by an argument does not read the next ones
    (Kleene's and/or, except that a first argument with no value has none)."""
    short = node.op == "or"
    result, fail = None, None
    for arg in node.args:
        value = lower(arg, env, keep)
        flag = value.flag if value.flag is not None else pl.lit(None, pl.Boolean)
        if result is None:
            result, fail = flag, value.fail
            continue
        open_ = (result == (not short)).fill_null(False)
        fail = _fail(fail, value.fail is not None and open_ & value.failed())
        joined = result | flag if short else result & flag
        result = pl.when(result.is_not_null()).then(joined)
    return Value(flag=result, fail=fail)


def _not(node: Not, env, keep) -> Value:
    value = lower(node.arg, env, keep)
    return Value(flag=None if value.flag is None else ~value.flag, fail=value.fail)


LEAVES = (Num, Text, Ref)
LOWERERS = {Num: _num, Text: _text, Ref: _ref, Arith: _arith, Neg: _neg,
            Aggregate: _aggregate, Grouped: _grouped, Round: _round, Compare: _compare,
            Logic: _logic, Not: _not}
