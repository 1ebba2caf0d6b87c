"""Tables of generated people for the rules benchmark (benchmarks/bench_rules.py).

`from_cases(id, n)`: people shaped like a ruleset's own sample cases (tests/cases/<id>.yaml):
each person copies the inputs of one case drawn at random (which inputs are given together,
the enum values, the lengths of the lists) and moves every number a little (a decimal by up
to ±0.25, an integer by up to ±2, never below zero), so the values cluster around the band
edges the cases were written for. Numbers are Decimal(38, 2) columns (integers Int32), a list
input is columns `<name>_1 … <name>_k`, an input a case does not give is an empty cell.

`with_empty_cells(table, share)`: the same table with a share of each input column's cells
emptied at random.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import numpy as np
import polars as pl
import pyarrow as pa

ROOT = Path(__file__).resolve().parent.parent
CASES = ROOT / "tests" / "cases"
DECIMAL_JITTER = 25  # hundredths
INTEGER_JITTER = 2


def decimal_column(name: str, hundredths: np.ndarray, given: np.ndarray) -> pl.Series:
    """A Decimal(38, 2) column from int64 hundredths (>= 0), empty where not `given`."""
    n = len(hundredths)
    words = np.zeros(2 * n, np.int64)
    words[0::2] = hundredths
    validity = pa.py_buffer(np.packbits(given, bitorder="little"))
    array = pa.Array.from_buffers(pa.decimal128(38, 2), n, [validity, pa.py_buffer(words)])
    return pl.Series(name, pl.from_arrow(array))


def _givens(ruleset_id: str) -> list[dict]:
    """The `given:` inputs of the ruleset's grading cases."""
    from parser.data import read_data

    data = read_data(CASES / f"{ruleset_id}.yaml")
    return [c["given"] for c in data.get("cases") or []
            if isinstance(c.get("given"), dict) and not c.get("as_of")]


def _split(givens: list[dict]) -> dict[str, list]:
    """One list of template values per table column (lists spread over `<name>_k`)."""
    columns: dict[str, list] = {}
    for k, given in enumerate(givens):
        for name, value in given.items():
            parts = {f"{name}_{j + 1}": v for j, v in enumerate(value)} \
                if isinstance(value, list) else {name: value}
            for column, v in parts.items():
                columns.setdefault(column, [None] * len(givens))[k] = v
    return columns


def from_cases(ruleset_id: str, n: int, seed: int = 11) -> pl.DataFrame:
    """n people drawn from the ruleset's sample cases, their numbers moved a little."""
    from parser.rules.build import vocabulary

    spec = vocabulary()["inputs"]
    givens = _givens(ruleset_id)
    if not givens:
        return pl.DataFrame()
    rng = np.random.default_rng(seed)
    pick = rng.integers(0, len(givens), n)
    series = []
    for column, template in _split(givens).items():
        base = column if column in spec else column.rpartition("_")[0]
        kind = spec.get(base, {}).get("type", "enum")
        series.append(_column(column, kind, template, pick, rng))
    return pl.DataFrame(series)


def _column(name: str, kind: str, template: list, pick: np.ndarray,
            rng: np.random.Generator) -> pl.Series:
    """One column: the picked cases' values, numbers moved by a random step."""
    given = np.array([v is not None for v in template])[pick]
    if kind in ("decimal", "decimals", "integer"):
        integer = kind == "integer"
        unit = 1 if integer else 100
        values = np.array([0 if v is None else int(Decimal(str(v)) * unit) for v in template],
                          np.int64)[pick]
        step = INTEGER_JITTER if integer else DECIMAL_JITTER
        values = np.maximum(values + rng.integers(-step, step + 1, len(pick)), 0)
        if integer:
            return pl.Series(name, values, pl.Int32).set(pl.Series(~given), None)
        return decimal_column(name, values, given)
    if kind == "boolean":
        return pl.Series(name, [template[i] for i in pick], pl.Boolean)
    return pl.Series(name, [None if template[i] is None else str(template[i]) for i in pick],
                     pl.String)


def with_empty_cells(table: pl.DataFrame, share: float, seed: int = 12) -> pl.DataFrame:
    """The table with `share` of each column's cells emptied at random."""
    rng = np.random.default_rng(seed)
    return table.with_columns(
        pl.when(pl.Series(rng.random(table.height) < share)).then(None).otherwise(pl.col(c))
        .alias(c) for c in table.columns)
