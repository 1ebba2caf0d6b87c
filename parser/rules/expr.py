"""The small safe expression language of formulas and conditions (grammar/expression.lark).

    0.4 * quarterly_avg + 0.6 * plan_score        sum(scores) / count(scores)
    round(avg(scores), 2)                          position == 'manager' and not on_probation

`parse` reads a text once into an `Expr` (a tree of closures, reusable for every person);
`evaluate` runs it over an environment of inputs. Numbers are exact `Decimal`s; division
is Decimal division in a context of 28 significant digits (exact whenever the quotient
fits), and nothing is rounded unless the expression says `round(x, n)` (ROUND_HALF_UP).
Types are strict: arithmetic takes numbers (or lists, item by item: `sum(scores *
weights)`), ordering takes numbers, `and`/`or`/`not` take booleans,
`==`/`!=` compare two values of one kind. Nothing is ever handed to Python's eval/exec: a
name is only looked up in the environment, and only the functions of `FUNCTIONS` can be
called. Every error is an `ExprError` with the 1-based column of the offending place. The
language is described in docs/rules.md.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import (ROUND_HALF_EVEN, ROUND_HALF_UP, Context, Decimal, DivisionByZero,
                     InvalidOperation, Overflow)
from functools import cache, lru_cache

from lark import Lark, Tree
from lark.exceptions import UnexpectedCharacters, UnexpectedEOF, UnexpectedInput, UnexpectedToken

from .. import resources

GRAMMAR = resources.GRAMMAR / "expression.lark"
# The arithmetic context, independent of the caller's decimal context.
CONTEXT = Context(prec=28, rounding=ROUND_HALF_EVEN,
                  traps=[DivisionByZero, InvalidOperation, Overflow])

Value = Decimal | bool | str
Input = Decimal | int | list | bool | str
Env = Mapping[str, Input]
Code = Callable[[Env], object]

# Precedence of each construct, loosest first; an operand looser than its place is bracketed.
OR, AND, NOT, COMPARE, ADD, MUL, NEG, ATOM = range(8)


class ExprError(Exception):
    """A bad expression or a failed evaluation; `column` is 1-based (None when unknown)."""

    def __init__(self, message: str, column: int | None = None):
        self.message, self.column = message, column
        super().__init__(message if column is None else f"{message} (column {column})")


class ExprTypeError(ExprError):
    """A value of the wrong kind: a list where a number is needed, or the reverse."""


@dataclass(frozen=True, eq=False)
class Expr:
    """A parsed expression: its canonical `text`, free `names()` and compiled code."""

    text: str
    _names: frozenset[str]
    _code: Code

    def names(self) -> set[str]:
        """The free variable names (function names excluded)."""
        return set(self._names)

    def __str__(self) -> str:
        return self.text

    def __repr__(self) -> str:
        return f"Expr({self.text!r})"

    def __eq__(self, other) -> bool:
        return isinstance(other, Expr) and other.text == self.text

    def __hash__(self) -> int:
        return hash(self.text)


@dataclass(frozen=True)
class _Part:
    """A compiled sub-expression: code, canonical text, precedence, free names, column."""

    code: Code
    text: str
    prec: int
    names: frozenset[str]
    column: int | None


@cache
def _parser() -> Lark:
    """The LALR parser; its basic lexer keeps "and", "or", "not" reserved everywhere (the
    contextual lexer would read them as names where no keyword can stand)."""
    return resources.lark(GRAMMAR, parser="lalr", lexer="basic", propagate_positions=True)


@lru_cache(maxsize=4096)
def tree(text: str):
    """The Lark tree of an expression, for readers that compile it another way (the batch
    evaluator vectorizes it); `parse` first, so a bad text raises ExprError."""
    parse(text)
    return _parser().parse(text)


@lru_cache(maxsize=4096)  # an Expr is frozen; a ruleset's few expressions are parsed once
def parse(text: str) -> Expr:
    """Text -> Expr; raises ExprError(message, column) on bad syntax or an unknown function."""
    try:
        tree = _parser().parse(text)
    except UnexpectedInput as exc:
        raise _syntax_error(exc, text) from None
    part = _compile(tree)
    return Expr(part.text, part.names, part.code)


def evaluate(expr: Expr, env: Env) -> Value:
    """The value of `expr` over `env` (numbers as Decimal, int also accepted; lists of numbers;
    booleans; strings). Raises ExprError for a missing input, a division by zero, an empty
    list where values are needed, or a value of the wrong type."""
    try:
        value = expr._code(env)
    except ArithmeticError as exc:  # a decimal trap: an overflow, a number too long to round
        raise ExprError(f"arithmetic error in {expr.text}: {type(exc).__name__}") from None
    if isinstance(value, list):
        raise ExprTypeError(f"the value of {expr.text} is a list, not a number", 1)
    return value


def _syntax_error(exc: UnexpectedInput, text: str) -> ExprError:
    """A Lark error -> ExprError naming what was unexpected, and where."""
    if isinstance(exc, UnexpectedCharacters):
        return ExprError(f"unexpected character {text[exc.pos_in_stream]!r}", exc.column)
    if isinstance(exc, UnexpectedEOF) or (
            isinstance(exc, UnexpectedToken) and exc.token.type == "$END"):
        return ExprError("unexpected end of expression", len(text) + 1)
    return ExprError(f"unexpected {str(exc.token)!r}", exc.column)


def _compile(node: Tree) -> _Part:
    """A parse tree -> its compiled part (code, canonical text, precedence, names, column)."""
    kind, children, column = node.data, node.children, node.meta.column
    if kind == "number":
        value = Decimal(str(children[0]).replace(",", "."))
        return _Part(lambda env: value, str(value), ATOM, frozenset(), column)
    if kind == "string":
        text = str(children[0])
        value = text[1:-1]
        return _Part(lambda env: value, text, ATOM, frozenset(), column)
    if kind == "name":
        return _name(str(children[0]), column)
    if kind == "call":
        return _call(str(children[0]), [_compile(a) for a in children[1:]], column)
    if kind in ("and_", "or_"):
        return _logic("and" if kind == "and_" else "or", *map(_compile, children))
    if kind == "not_":
        return _not(_compile(children[0]), column)
    if kind == "neg":
        return _neg(_compile(children[0]), column)
    if kind == "compare":
        left, sign, right = children
        return _compare(_compile(left), str(sign), _compile(right), sign.column)
    return _arith(kind, _compile(children[0]), _compile(children[1]))


def _wrap(part: _Part, loosest: int) -> str:
    """The operand's text, bracketed when it binds looser than `loosest` allows."""
    return part.text if part.prec >= loosest else f"({part.text})"


def _union(parts) -> frozenset[str]:
    return frozenset().union(*(p.names for p in parts))


def _name(name: str, column: int) -> _Part:
    """A variable: its value in the environment."""
    def code(env: Env):
        try:
            value = env[name]
        except KeyError:
            raise ExprError(f"missing input: {name}", column) from None
        return _input(value, name, column)

    return _Part(code, name, ATOM, frozenset([name]), column)


def _input(value, name: str, column: int):
    """An environment value as the language sees it: int -> Decimal, tuple -> list; no floats."""
    if isinstance(value, (bool, str, Decimal, list)):
        return value
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, tuple):
        return list(value)
    raise ExprError(f"input {name} is a {type(value).__name__}, not a Decimal, list, "
                    "bool or str", column)


def _kind(value) -> str:
    """What a value is: 'number', 'boolean', 'text' or 'list' (for type checks and messages)."""
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "list"
    return "number" if isinstance(value, (Decimal, int)) else type(value).__name__


def _number(value, what: str, column: int | None) -> Decimal:
    """`value` if it is a number, else a type error about what `what` needs."""
    if isinstance(value, Decimal):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return Decimal(value)  # an element of an input list
    raise ExprTypeError(f"{what} needs a number, not a {_kind(value)}", column)


def _operand(value, what: str, column: int | None) -> Decimal | list[Decimal]:
    """An operand of arithmetic: a number, or a list of numbers (taken item by item)."""
    if isinstance(value, list):
        return [_number(v, what, column) for v in value]
    if isinstance(value, (bool, str)):
        raise ExprTypeError(f"{what} needs a number or a list of numbers, not a "
                            f"{_kind(value)}", column)
    return _number(value, what, column)


def _numbers(value, what: str, column: int | None) -> list[Decimal]:
    """`value` if it is a non-empty list of numbers, else an error."""
    if not isinstance(value, list):
        raise ExprTypeError(f"{what} needs a list, not a {_kind(value)}", column)
    if not value:
        raise ExprError(f"{what} of an empty list", column)
    return [_number(v, what, column) for v in value]


def _truth(value, what: str, column: int | None) -> bool:
    """`value` if it is a boolean, else a type error."""
    if not isinstance(value, bool):
        raise ExprTypeError(f"{what} needs a boolean, not a {_kind(value)}", column)
    return value


ARITH = {"add": ("+", ADD, CONTEXT.add), "sub": ("-", ADD, CONTEXT.subtract),
         "mul": ("*", MUL, CONTEXT.multiply), "div": ("/", MUL, CONTEXT.divide)}


def _arith(kind: str, left: _Part, right: _Part) -> _Part:
    """`left op right` for + - * / (left-associative): of two numbers; of a list and a
    number, or of two lists of one length, item by item."""
    sign, prec, op = ARITH[kind]
    lcode, rcode, lcol, rcol = left.code, right.code, left.column, right.column
    divide = kind == "div"

    def apply(a: Decimal, b: Decimal) -> Decimal:
        if divide and not b:
            raise ExprError("division by zero", rcol)
        return op(a, b)

    def code(env: Env):
        a = _operand(lcode(env), sign, lcol)
        b = _operand(rcode(env), sign, rcol)
        if not isinstance(a, list) and not isinstance(b, list):
            return apply(a, b)
        if isinstance(a, list) and isinstance(b, list) and len(a) != len(b):
            raise ExprError(f"{sign} of two lists of {len(a)} and {len(b)} items", lcol)
        lefts = a if isinstance(a, list) else [a] * len(b)
        rights = b if isinstance(b, list) else [b] * len(a)
        return [apply(x, y) for x, y in zip(lefts, rights)]

    text = f"{_wrap(left, prec)} {sign} {_wrap(right, prec + 1)}"
    return _Part(code, text, prec, left.names | right.names, left.column)


def _neg(part: _Part, column: int) -> _Part:
    """`-x` (of a list: of each item)."""
    inner, col = part.code, part.column

    def code(env: Env):
        value = _operand(inner(env), "-", col)
        return [CONTEXT.minus(v) for v in value] if isinstance(value, list) else \
            CONTEXT.minus(value)

    return _Part(code, f"-{_wrap(part, ATOM)}", NEG, part.names, column)


ORDER = {"<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge}
EQUALITY = {"==": operator.eq, "!=": operator.ne}


def _compare(left: _Part, sign: str, right: _Part, column: int) -> _Part:
    """`left sign right`: ordering of numbers, equality of two values of one kind."""
    lcode, rcode, lcol, rcol = left.code, right.code, left.column, right.column
    if sign in ORDER:
        op = ORDER[sign]

        def code(env: Env):
            return op(_number(lcode(env), sign, lcol), _number(rcode(env), sign, rcol))
    else:
        op = EQUALITY[sign]

        def code(env: Env):
            a, b = lcode(env), rcode(env)
            kind = _kind(a)
            if kind == "list" or kind != _kind(b):
                raise ExprTypeError(f"{sign} compares a {kind} with a {_kind(b)}", column)
            return op(a, b)

    text = f"{_wrap(left, ADD)} {sign} {_wrap(right, ADD)}"
    return _Part(code, text, COMPARE, left.names | right.names, left.column)


def _logic(word: str, left: _Part, right: _Part) -> _Part:
    """`left and right` / `left or right`, short-circuit."""
    lcode, rcode, lcol, rcol = left.code, right.code, left.column, right.column
    prec = AND if word == "and" else OR
    decisive = word == "or"  # the left value that decides alone

    def code(env: Env):
        if _truth(lcode(env), word, lcol) == decisive:
            return decisive
        return _truth(rcode(env), word, rcol)

    text = f"{_wrap(left, prec)} {word} {_wrap(right, prec + 1)}"
    return _Part(code, text, prec, left.names | right.names, left.column)


def _not(part: _Part, column: int) -> _Part:
    """`not x`."""
    inner, col = part.code, part.column
    return _Part(lambda env: not _truth(inner(env), "not", col),
                 f"not {_wrap(part, NOT)}", NOT, part.names, column)


def _sum(column, values):
    """The sum of a list of numbers (0 for an empty list)."""
    if not isinstance(values, list):
        raise ExprTypeError(f"sum needs a list, not a {_kind(values)}", column)
    total = Decimal(0)
    for v in values:
        total = CONTEXT.add(total, _number(v, "sum", column))
    return total


def _count(column, values):
    """How many items a list has (0 for an empty list)."""
    if not isinstance(values, list):
        raise ExprTypeError(f"count needs a list, not a {_kind(values)}", column)
    return Decimal(len(values))


def _avg(column, values):
    """The exact arithmetic mean of a non-empty list of numbers."""
    numbers = _numbers(values, "avg", column)
    return CONTEXT.divide(_sum(column, numbers), Decimal(len(numbers)))


def _extreme(pick: Callable, name: str) -> Callable:
    """min/max: of one non-empty list, or of two or more numbers."""
    def extreme(column, *values):
        if len(values) == 1:
            if not isinstance(values[0], list):
                raise ExprError(f"{name} of a single number (a decimal comma makes '1,2' "
                                f"one number: write {name}(1, 2))", column)
            return pick(_numbers(values[0], name, column))
        return pick(_number(v, name, column) for v in values)
    return extreme


def _round(column, value, places):
    """`value` rounded half up to `places` decimal places (a whole number >= 0)."""
    value = _number(value, "round", column)
    places = _number(places, "round", column)
    if places < 0 or places != places.to_integral_value():
        raise ExprError(f"round needs a whole number of places >= 0, not {places}", column)
    return value.quantize(Decimal(1).scaleb(-int(places)), rounding=ROUND_HALF_UP,
                          context=CONTEXT)


# name -> (fewest arguments, most arguments or None for any, function(column, *values))
FUNCTIONS: dict[str, tuple[int, int | None, Callable]] = {
    "sum": (1, 1, _sum),
    "count": (1, 1, _count),
    "avg": (1, 1, _avg),
    "min": (1, None, _extreme(min, "min")),
    "max": (1, None, _extreme(max, "max")),
    "round": (2, 2, _round),
}


def _call(name: str, args: list[_Part], column: int) -> _Part:
    """`f(a, ...)` for a function of FUNCTIONS with the right number of arguments."""
    if name not in FUNCTIONS:
        raise ExprError(f"unknown function: {name}", column)
    fewest, most, function = FUNCTIONS[name]
    if len(args) < fewest or (most is not None and len(args) > most):
        wanted = str(fewest) if fewest == most else f"at least {fewest}"
        raise ExprError(f"{name} takes {wanted} argument(s), not {len(args)}", column)
    codes = [a.code for a in args]

    def code(env: Env):
        return function(column, *[c(env) for c in codes])

    text = f"{name}({', '.join(a.text for a in args)})"
    return _Part(code, text, ATOM, _union(args), column)
