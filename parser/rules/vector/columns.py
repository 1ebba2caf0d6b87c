"""The results contract: the result columns of a plan, named, ordered and typed from the
plan alone, before any row is read (`schema`): evaluated, reason, score, grade, error,
error_message and the looked-up outputs. Every path that writes results (the eager chunks,
the interpreter's rows, the streamed query, the CLI) gives exactly these types, whatever
the data. The values a text column can take are the plan's (its guards' reasons, its
scales' grades, its error kinds), so they are Enum columns. A number column has PLACES
decimal places: Decimal(18, PLACES) (a 64-bit fixed-point column, INT64 in a parquet file)
where the plan proves every value it can hold is below 10**(18 - PLACES) — a score lies in
a band of its scale (else it is no score: `no_band`), so a grade whose every scale is closed
at both ends bounds it; a looked-up output is one of its tables' constants — else
Decimal(38, PLACES) (WIDE). The data never widen or narrow a column.
"""

from __future__ import annotations

from decimal import Decimal

import polars as pl

from ..plan import TABLES, Grade, Guard, Lookup, Plan
from .messages import KINDS
from .numbers import NARROW

PLACES = 10  # decimal places of the number columns of the results
WIDE = pl.Decimal(38, PLACES)
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


def number_type(bound: Decimal | None) -> pl.Decimal:
    """The type of a number column whose values the plan proves are at most `bound` in
    magnitude (None: nothing proves a bound)."""
    if bound is not None and bound < Decimal(10) ** (NARROW - PLACES):
        return pl.Decimal(NARROW, PLACES)
    return WIDE


def score_bound(plan: Plan) -> Decimal | None:
    """The greatest magnitude a score can have, from the plan alone: the farthest end of
    the bands of the grade's scales (a score is in one of them), None when a band is open
    at an end. A plan without a grade gives no score."""
    ends = [end for s in plan.decision if isinstance(s, Grade) for scale in s.scales
            for b in scale.bands for end in (b.low, b.high)]
    if any(end is None for end in ends):
        return None
    return max((abs(end) for end in ends), default=Decimal(0))


def output_bound(plan: Plan, target: str) -> Decimal | None:
    """The greatest magnitude a looked-up output's numbers can have: its tables'
    constants."""
    values = [v for s in plan.decision if isinstance(s, TABLES) and s.output
              and s.target == target for row in s.rows
              for v in (row.value if isinstance(row.value, list) else [row.value])
              if isinstance(v, Decimal)]
    return max((abs(v) for v in values), default=Decimal(0))


def schema(plan: Plan) -> pl.Schema:
    """The results contract of a plan: its result columns, in order, with their types."""
    columns = {"evaluated": pl.Boolean, "reason": pl.Enum(reasons(plan)),
               "score": number_type(score_bound(plan)),
               "grade": pl.Enum(grade_names(plan)), "error": pl.Enum(error_kinds(plan)),
               "error_message": MESSAGE}
    for target, kinds in outputs(plan.decision).items():
        number = number_type(output_bound(plan, target))
        if "number" in kinds:
            columns[target] = number
        for name in output_names(target, kinds.get("items", 0)):
            columns[name] = number
        if "text" in kinds:
            columns[target] = pl.String
    return pl.Schema(columns)
