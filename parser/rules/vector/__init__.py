"""The vectorised backend: a rule plan (parser/rules/plan.py) lowered to polars expressions
and run on a whole table of people at once, with the reference interpreter's results
(parser/rules/interpret.py) on every row.

    masks.py        conditions known before any row (FALSE, TRUE), folded by & | ~
    numbers.py      exact fractions as integer expressions (no float anywhere)
    expressions.py  plan expressions -> polars expressions, by kind, with their failures
    inputs.py       a table's cells -> the plan's inputs (bad cells: invalid_input); the cells
                    read as expressions, the one reading scan.py shares
    scan.py         the same readers in a lazy query (a parquet or CSV scan), streamed
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
from .scan import Claims, NotStreamed, encode_lazy, parquet_claims

__all__ = ["PLACES", "Claims", "Clock", "NotStreamed", "Unsupported", "silent", "evaluate_frame",
           "evaluate_lazy", "output_names", "parquet_claims", "schema"]

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


def evaluate_lazy(plan: Plan, frame: pl.LazyFrame, passed: list[pl.Expr],
                  clock: Clock = silent, claims: Claims | None = None) -> pl.LazyFrame:
    """The query of every row's results over a lazy frame (a scan), the `passed` columns
    first: the encoding, the rules, the result columns and the messages as one query, for
    the caller to stream to a file (`claims`: what the file's statistics say, checked by
    the query: scan.checked). Raises NotStreamed when a row needs the interpreter or a
    column the eager encoding (evaluate_frame) reads, Unsupported as evaluate_frame does."""
    why = unsupported(plan)
    if why is not None:
        raise Unsupported(why)
    encoded = encode_lazy(frame, plan.inputs, claims)
    clock("encode")
    table = Table(plan, encoded)
    table.decide()
    outputs = [s for s in plan.decision if isinstance(s, TABLES) and s.output]
    query = table.query(outputs, schema(plan), passed)
    clock("plan")
    return query
