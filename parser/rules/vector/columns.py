"""The result columns of a plan, named and typed before anything is computed: evaluated,
reason, score, grade, error, error_message and the looked-up outputs. The values a text
column can take are the plan's (its guards' reasons, its scales' grades, its error kinds),
so they are Enum columns. A number column is declared Decimal(38, PLACES) (NUMBER); the
backend gives it in 18 digits (a 64-bit fixed-point column: cheaper to compute with and to
write) where the bounds of its values prove they fit (numbers.to_decimal), and rows of
another chunk or of the interpreter widen it back to 38 when they are put together.
"""

from __future__ import annotations

import polars as pl

from ..plan import TABLES, Grade, Guard, Lookup, Plan
from .messages import KINDS

PLACES = 10  # decimal places of the number columns of the results
NUMBER = pl.Decimal(38, PLACES)
MESSAGE = pl.Categorical()


def reasons(plan: Plan) -> list[str]:
    """The reasons a plan does not evaluate someone, once each."""
    return list(dict.fromkeys(s.reason for s in plan.decision
                              if isinstance(s, Guard) and s.outcome == "not_evaluated"))


def grade_names(plan: Plan) -> list[str]:
    """The grades of a plan's scales, once each."""
    return list(dict.fromkeys(b.grade for s in plan.decision if isinstance(s, Grade)
                              for scale in s.scales for b in scale.bands))


def error_kinds(plan: Plan) -> list[str]:
    """The error kinds a plan can end in: the common ones and its tests' own."""
    own = [t.undecided for s in plan.decision if isinstance(s, Guard) for t in s.tests
           if t.undecided]
    return list(dict.fromkeys([*KINDS, *own]))


def output_names(target: str, width: int) -> list[str]:
    """The columns of a looked-up list: a range's low and high, else its items by number."""
    if width == 2:
        return [f"{target}_low", f"{target}_high"]
    return [f"{target}_{k + 1}" for k in range(width)]


def output_kinds(tables: list[Lookup]) -> dict[str, object]:
    """The kinds the rows of the tables giving one output give: number, a list's width,
    text."""
    kinds: dict[str, object] = {}
    for row in (row for table in tables for row in table.rows):
        if isinstance(row.value, list):
            kinds["items"] = max(kinds.get("items", 0), len(row.value))
        else:
            kinds["text" if isinstance(row.value, str) else "number"] = True
    return kinds


def outputs(steps) -> dict[str, dict[str, object]]:
    """Each output of a decision's tables with the kinds its tables give: one output per
    target, however many tables give it (the interpreter's outputs are keyed by target)."""
    tables: dict[str, list] = {}
    for step in steps:
        if isinstance(step, TABLES) and step.output:
            tables.setdefault(step.target, []).append(step)
    return {target: output_kinds(group) for target, group in tables.items()}


def schema(plan: Plan) -> pl.Schema:
    """The result columns of a plan, with their types."""
    columns = {"evaluated": pl.Boolean, "reason": pl.Enum(reasons(plan)), "score": NUMBER,
               "grade": pl.Enum(grade_names(plan)), "error": pl.Enum(error_kinds(plan)),
               "error_message": MESSAGE}
    for target, kinds in outputs(plan.decision).items():
        if "number" in kinds:
            columns[target] = NUMBER
        for name in output_names(target, kinds.get("items", 0)):
            columns[name] = NUMBER
        if "text" in kinds:
            columns[target] = pl.String
    return pl.Schema(columns)
