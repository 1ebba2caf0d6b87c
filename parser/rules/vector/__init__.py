"""The vectorised backend: a rule plan (parser/rules/plan.py) lowered to polars expressions
and run on a whole table of people at once, with the reference interpreter's results
(parser/rules/interpret.py) on every row.

    numbers.py      exact fractions as integer expressions (no float anywhere)
    expressions.py  plan expressions -> polars expressions, by kind, with their failures
    inputs.py       a table's cells -> the plan's inputs (bad cells: invalid_input)
    run.py          the decision list, step by step, on the rows still undecided
    messages.py     the plan's error sites: a kind and a message each
    columns.py      the result columns of a plan, named and typed

`evaluate_frame(plan, frame)` gives one row of results per row of the frame and the rows
the interpreter must take instead (a cell it reads in a way the backend does not: an
exponent, a float). A plan or table the backend cannot compute exactly raises Unsupported
before anything is computed or while encoding; the caller then runs the interpreter.
A `clock` (a callable given a phase's name when the phase ends: "encode", "evaluate": the
rules, the result columns and the error rows' kinds and messages, one query) lets a
benchmark see where the time goes.
"""

from __future__ import annotations

from typing import Callable

import polars as pl

from ..plan import TABLES, Plan
from .inputs import encode
from .numbers import Unsupported
from .columns import PLACES, output_names, schema
from .run import Table, unsupported

__all__ = ["PLACES", "Clock", "Unsupported", "silent", "evaluate_frame", "output_names", "schema"]

Clock = Callable[[str], None]


def silent(phase: str) -> None:
    """No clock: phases are not timed."""


def evaluate_frame(plan: Plan, frame: pl.DataFrame,
                   clock: Clock = silent) -> tuple[pl.DataFrame, pl.Series]:
    """The results of every row (evaluated, reason, score, grade, error, error_message and
    the looked-up outputs) and the rows the interpreter must compute instead."""
    why = unsupported(plan)
    if why is not None:
        raise Unsupported(why)
    encoded = encode(frame, plan.inputs)
    single = encoded.frame.with_columns(encoded.single.alias("#single"))["#single"] \
        .alias("single") if frame.height else pl.Series("single", [], pl.Boolean)
    clock("encode")
    table = Table(plan, encoded)
    table.decide()
    outputs = [s for s in plan.decision if isinstance(s, TABLES) and s.output]
    results = table.results(outputs, schema(plan))
    clock("evaluate")
    return results, single
