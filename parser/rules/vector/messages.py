"""The error messages of the vectorised backend: one per place an error can arise in a plan
(a site: an input, a guard's test, a form's parameter, a table, a scale), written once when
the plan is lowered and given to a row by its site's code, never built row by row.

A site's message says what the interpreter's message says (parser/rules/interpret.py) with
the names in place of the row's values (which are the row's own cells) and the clauses
that state the rule.
"""

from __future__ import annotations

import polars as pl

from ..plan import Guard, InputSpec, Source
from ..values import show

# The error kinds every plan can end in (a guard's test may add its own `undecided` kind).
KINDS = ("invalid_input", "missing_input", "missing_rule", "no_band", "overlap")


class Sites:
    """The sites of one plan, numbered as they are met: code -> (kind, message)."""

    def __init__(self) -> None:
        self.kinds: list[str] = []
        self.messages: list[str] = []
        self._codes: dict[tuple[str, str], int] = {}

    def code(self, kind: str, message: str) -> int:
        """The code of a (kind, message) site, numbered when first met."""
        key = (kind, message)
        if key not in self._codes:
            self._codes[key] = len(self.kinds)
            self.kinds.append(kind)
            self.messages.append(message)
        return self._codes[key]

    def of_kind(self, kind: str) -> list[int]:
        """The codes of every site of a kind met so far."""
        return [code for code, k in enumerate(self.kinds) if k == kind]

    def column(self, codes: pl.Expr, what: str, dtype: pl.DataType) -> pl.Expr:
        """The kind ("kinds") or message ("messages") of each row's site code."""
        values = self.kinds if what == "kinds" else self.messages
        table = pl.Series(values or [None], dtype=dtype)
        return pl.lit(table).gather(codes) if values else pl.lit(None, dtype)


def where(sources: list[Source]) -> str:
    """The clause addresses of a rule, once each."""
    return ", ".join(dict.fromkeys(s.address for s in sources)) or "the plan"


def bad_input(spec: InputSpec) -> str:
    """A cell of an input that is not of its type."""
    need = {"decimal": "a number", "integer": "a whole number", "boolean": "true or false",
            "decimals": "numbers, with no empty cell before the last one",
            "enums": "one of " + ", ".join(spec.values or []) + " each, with no empty cell "
                     "before the last one"}.get(spec.type)
    if spec.type == "enum":
        need = "one of " + ", ".join(spec.values) if spec.values else "a text"
    return f"input {spec.name}: not {need or spec.type}"


def missing(names: list[str], why: str, sources: list[Source]) -> str:
    """Inputs a rule needs that the row lacks."""
    return f"{' or '.join(names)} is needed ({why}, {where(sources)})"


def guard_needs(guard: Guard) -> list[str]:
    """The inputs any test of a guard reads, once each."""
    return list(dict.fromkeys(n for t in guard.tests for n in t.needs))


def not_computed(guard: Guard) -> str:
    """A guard's condition that cannot be computed from the row's values."""
    return f"{guard.text}: cannot be computed from the given " + \
        " and ".join(guard_needs(guard)) + f" ({where(guard.sources)})"


def undecided(guard: Guard, needs: list[str]) -> str:
    """A test whose values neither meet nor fail the guard (a tenure of 29 days for a month)."""
    others = [n for n in guard_needs(guard) if n not in needs]
    return f"{' and '.join(needs)} may or may not meet {guard.text}" + (
        f": give {' or '.join(others)}" if others else "") + f" ({where(guard.sources)})"


def breaks(guard: Guard, needs: list[str]) -> str:
    """A check the row's values break."""
    return f"{', '.join(needs)} breaks {guard.reason}: {guard.text} ({where(guard.sources)})"


def count(form, over: str) -> str:
    return f"the number of {over} is not the {len(form.parameters)} parameters{form.needed} " \
        f"of form {form.number} ({where(form.sources)})"


def fraction(form, k: int, parameter) -> str:
    return f"the score of {parameter.name!r} (item {k + 1}) is not a whole number " \
        f"(form {form.number}, {where([*parameter.whole, *form.sources])})"


def beyond(domain, k: int) -> str:
    return f"score (item {k + 1}) is outside {show(domain.low)}–{show(domain.high)} of " \
        f"{domain.subject} ({where(domain.sources)})"


def unwhole(domain, k: int) -> str:
    return f"score (item {k + 1}) is not a whole number of {domain.subject} " \
        f"({where(domain.whole)})"


def outside(form, k: int, parameter) -> str:
    return f"the score of {parameter.name!r} (item {k + 1}) is outside {show(parameter.low)}–" \
        f"{show(parameter.high)} (form {form.number}, {where(form.sources)})"


def prose(form) -> str:
    return f"form {form.number}: the aggregation is not an expression ({form.prose})"


def aggregation(form) -> str:
    return f"form {form.number}: {form.text}: cannot be computed from these scores " \
        f"({where(form.sources)})"


def no_form(on: str) -> str:
    return f"no evaluation form for this {on}"


def borrowed(rule) -> str:
    return f"{rule.what} is not in this decree: it takes it from {', '.join(rule.targets)}"


def formula(item) -> str:
    return f"{item.text}: cannot be computed from these values ({where(item.sources)})"


def no_row(table) -> str:
    return f"{table.input} is in no row of {table.name} ({where(table.sources)})"


def rows(table) -> str:
    return f"{table.input} is in more than one row of {table.name} ({where(table.sources)})"


def nothing_to_grade(grade) -> str:
    if grade is None:
        return "this decree states no grading scale"
    wanted = sorted({c.variable for c in grade.candidates})
    return "no graded value could be computed from the inputs (a scale grades one of: " \
        f"{', '.join(wanted)})"


def caps_borrowed(rule) -> str:
    return f"{rule.what} are in " + ", ".join(rule.targets)


def no_band(variable: str, scale) -> str:
    return f"{variable} is in no band of the {scale.key} scale " \
        f"({where([s for b in scale.bands for s in b.sources])})"


def bands(variable: str, scale) -> str:
    return f"{variable} is in more than one band of the {scale.key} scale " \
        f"({where([s for b in scale.bands for s in b.sources])})"
