"""Exact values of plan expressions (parser/rules/plan.py): numbers are `Fraction`s, so
`a / 3 * 3` is `a`; a list is a list of numbers (arithmetic on lists goes item by item);
conditions are booleans; enum values texts.

`evaluate_expr` is the one meaning of an expression node, shared by the interpreter and the
checker's constant folding; `decimal` turns an exact number back into a `Decimal` (exact
when its denominator divides a power of ten, else to 28 significant digits).
"""

from __future__ import annotations

from decimal import ROUND_HALF_EVEN, Context, Decimal
from fractions import Fraction
from typing import Any

from .plan import Aggregate, Arith, Compare, Grouped, Logic, Neg, Not, Num, Ref, Round, Text

DIGITS = Context(prec=28, rounding=ROUND_HALF_EVEN)


class EvalFailed(Exception):
    """An expression that cannot give a value for these inputs (division by zero…)."""


class Missing(EvalFailed):
    """A name the environment does not hold."""


class WrongType(EvalFailed):
    """A value of the wrong kind: a list where a number is needed, or the reverse."""


def evaluate_expr(node, env: dict[str, Any]):
    """The exact value of an expression node over `env` (numbers as Fraction)."""
    return EVALUATORS[type(node)](node, env)


def _num(node: Num, env) -> Fraction:
    return Fraction(node.value)


def _text(node: Text, env) -> str:
    return node.value


def _ref(node: Ref, env):
    if node.name not in env:
        raise Missing(f"missing input: {node.name}")
    return env[node.name]


def _arith(node: Arith, env):
    """+ - * / of two numbers; of a list and a number, or of two lists of one length, item by
    item (each KPI's score times its weight: `sum(kpi_scores * kpi_weights)`)."""
    left = _operand(node.left, env, node.op)
    right = _operand(node.right, env, node.op)
    if not isinstance(left, list) and not isinstance(right, list):
        return _apply(node.op, left, right)
    if isinstance(left, list) and isinstance(right, list) and len(left) != len(right):
        raise EvalFailed(f"{node.op} of two lists of {len(left)} and {len(right)} items")
    lefts = left if isinstance(left, list) else [left] * len(right)
    rights = right if isinstance(right, list) else [right] * len(left)
    return [_apply(node.op, a, b) for a, b in zip(lefts, rights)]


def _apply(op: str, left: Fraction, right: Fraction) -> Fraction:
    if op == "div":
        if right == 0:
            raise EvalFailed("division by zero")
        return left / right
    return {"add": left + right, "sub": left - right, "mul": left * right}[op]


def _neg(node: Neg, env):
    value = _operand(node.arg, env, "-")
    return [-v for v in value] if isinstance(value, list) else -value


def _aggregate(node: Aggregate, env) -> Fraction:
    """sum, count, avg of one list; min, max of one list or of two or more numbers."""
    values = [evaluate_expr(a, env) for a in node.args]
    if len(values) == 1:
        items = values[0]
        if not isinstance(items, list) or not all(isinstance(i, Fraction) for i in items):
            raise WrongType(f"{node.op} needs a list of numbers, not {_kind(items)}")
    else:
        if node.op not in ("min", "max") or any(not isinstance(v, Fraction) for v in values):
            raise WrongType(f"{node.op} needs one list or numbers")
        items = values
    if node.op == "sum":
        return sum(items, Fraction(0))
    if node.op == "count":
        return Fraction(len(items))  # 0 for an empty list: a list's emptiness is a test
    if not items:
        raise EvalFailed(f"{node.op} of an empty list")
    if node.op == "avg":
        return sum(items, Fraction(0)) / len(items)
    return min(items) if node.op == "min" else max(items)


def _grouped(node: Grouped, env):
    """Per group, then across: the list split into its groups (item i in group i mod n), the
    formula within each group, then the groups' values aggregated (or their list)."""
    items = evaluate_expr(node.arg, env)
    if not isinstance(items, list):
        raise WrongType(f"per group needs a list, not {_kind(items)}")
    if len(items) % node.groups:
        raise EvalFailed(f"{len(items)} answers are not whole rows of {node.groups} groups")
    kept = _kept(node, env, len(items))
    values = [_number(node.within, {**env, node.each: [items[i] for i in kept[g::node.groups]
                                                      if i is not None]}, "per group")
              for g in range(node.groups)]
    if node.across is None:
        return values
    return _aggregate(Aggregate(op=node.across, args=[Ref(name=node.each)]),
                      {node.each: values})


def _kept(node: Grouped, env, count: int) -> list[int | None]:
    """The answers' places, None where the answer's respondent's role is excluded."""
    if not node.excluded or node.roles is None:
        return list(range(count))
    roles = evaluate_expr(Ref(name=node.roles), env)
    if not isinstance(roles, list) or len(roles) != count:
        raise EvalFailed(f"{len(roles) if isinstance(roles, list) else 'no'} roles "
                         f"({node.roles}) for {count} answers")
    return [None if role in node.excluded else i for i, role in enumerate(roles)]


def _round(node: Round, env) -> Fraction:
    return round_half_up(_number(node.arg, env, "round"), node.digits)


def _compare(node: Compare, env) -> bool:
    left, right = evaluate_expr(node.left, env), evaluate_expr(node.right, env)
    if node.cmp in ("==", "!="):
        if type(left) is not type(right):
            raise WrongType(f"{node.cmp} compares {_kind(left)} with {_kind(right)}")
        return (left == right) == (node.cmp == "==")
    if not isinstance(left, Fraction) or not isinstance(right, Fraction):
        raise WrongType(f"{node.cmp} needs numbers")
    return {"<": left < right, "<=": left <= right, ">": left > right,
            ">=": left >= right}[node.cmp]


def _logic(node: Logic, env) -> bool:
    for arg in node.args:  # short-circuit
        value = _boolean(arg, env, node.op)
        if value is (node.op == "or"):
            return value
    return node.op == "and"


def _not(node: Not, env) -> bool:
    return not _boolean(node.arg, env, "not")


EVALUATORS = {Num: _num, Text: _text, Ref: _ref, Arith: _arith, Neg: _neg,
              Aggregate: _aggregate, Grouped: _grouped, Round: _round, Compare: _compare,
              Logic: _logic, Not: _not}


def _number(node, env, what: str) -> Fraction:
    value = evaluate_expr(node, env)
    if not isinstance(value, Fraction):
        raise WrongType(f"{what} needs a number, not {_kind(value)}")
    return value


def _operand(node, env, what: str):
    """A number, or a list of numbers (arithmetic goes item by item)."""
    value = evaluate_expr(node, env)
    if isinstance(value, Fraction) or (isinstance(value, list) and
                                       all(isinstance(v, Fraction) for v in value)):
        return value
    raise WrongType(f"{what} needs a number or a list of numbers, not {_kind(value)}")


def _boolean(node, env, what: str) -> bool:
    value = evaluate_expr(node, env)
    if not isinstance(value, bool):
        raise WrongType(f"{what} needs true or false, not {_kind(value)}")
    return value


def _kind(value) -> str:
    if isinstance(value, list):
        return "a list"
    if isinstance(value, bool):
        return "a boolean"
    return "a number" if isinstance(value, Fraction) else "a text"


def round_half_up(value: Fraction, digits: int) -> Fraction:
    """Half up (away from zero) to `digits` decimals, exactly."""
    scale = 10 ** digits
    scaled = abs(value) * scale
    whole = int(scaled)
    if scaled - whole >= Fraction(1, 2):
        whole += 1
    return Fraction(whole if value >= 0 else -whole, scale)


def decimal(value: Fraction) -> Decimal:
    """An exact number as a Decimal: exact when it is a finite decimal, else 28 digits."""
    den, twos, fives = value.denominator, 0, 0
    while den % 2 == 0:
        den, twos = den // 2, twos + 1
    while den % 5 == 0:
        den, fives = den // 5, fives + 1
    if den == 1:
        digits = max(twos, fives)
        return Decimal(value.numerator * (10 ** digits // value.denominator)).scaleb(-digits)
    return DIGITS.divide(Decimal(value.numerator), Decimal(value.denominator))


def show(value) -> str:
    """A value as a person reads it: 4.2, [5, 4], manager."""
    if isinstance(value, Fraction):
        value = decimal(value)
    if isinstance(value, Decimal):
        return format(value.normalize(), "f") if value == value.to_integral_value() else \
            format(value, "f")
    if isinstance(value, list):
        return "[" + ", ".join(show(v) for v in value) + "]"
    return str(value)
