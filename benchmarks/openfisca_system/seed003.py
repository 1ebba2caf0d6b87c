"""The seed 003 rule (zhanakorgan-akimat-2026-10) written for OpenFisca 46: the inputs (five
scores, position, sanction, tenure, worked days) and formulas for the average, the cap of a
sanction, and the grade.

Written by hand from the decree: scores are floats, the average is sum / 5, a remark,
reprimand or strict reprimand caps it at 2.99, another sanction at 1.99; under one month
(28 days and more counted as a month here: OpenFisca has no "ambiguous" outcome, so the
people's tenures avoid 28-30 days) or under 15 worked days the person is not evaluated; the
bands are [0, 1.99], [2, 2.99], [3, 3.99], [4, 5] and a value between them is NO_BAND.

Float comparisons take a tolerance EPSILON, as a careful OpenFisca author would write them:
OpenFisca stores a float variable as float32, so the average of five scores whose sum is
9.95 is 1.9900000 plus or minus a few units of the 7th digit, which a bare `value <= 1.99`
may put in no band. The averages of five hundredths are multiples of 0.002, so a tolerance
of 1e-5 (about twenty float32 steps at 5) never merges a true gap (1.992) into a band.
"""

from __future__ import annotations

import numpy as np
import polars as pl
from openfisca_core.indexed_enums import Enum

from . import simulate, system_of, variable  # noqa: F401 (simulate: the module's runner)
from people import decimal_column

RULESET = "zhanakorgan-akimat-2026-10"
EPSILON = 1e-5


class Position(Enum):
    manager = "manager"
    non_manager = "non_manager"


class Sanction(Enum):
    none = "none"
    remark = "remark"
    reprimand = "reprimand"
    strict_reprimand = "strict_reprimand"
    other = "other"


class Grade(Enum):
    not_evaluated = "not_evaluated"
    no_band = "no_band"
    unsatisfactory = "unsatisfactory"
    satisfactory = "satisfactory"
    proper = "proper"
    effective = "effective"


GRADES = list(Grade.__members__)
SCORES = [variable(f"score_{k}", float, label=f"Score of parameter {k}") for k in range(1, 6)]
position = variable("position", Enum, possible_values=Position,
                    default_value=Position.non_manager)
sanction = variable("sanction", Enum, possible_values=Sanction, default_value=Sanction.none)
tenure_days = variable("tenure_days", int)
worked_days = variable("worked_days", int)


def _average(person, period):
    return sum(person(f"score_{k}", period) for k in range(1, 6)) / 5


def _capped(person, period):
    value = person("average_score", period)
    given = person("sanction", period)
    minor = (given == Sanction.remark) + (given == Sanction.reprimand) + \
        (given == Sanction.strict_reprimand)
    value = np.where(minor, np.minimum(value, 2.99), value)
    return np.where(given == Sanction.other, np.minimum(value, 1.99), value)


def _grade(person, period):
    value = person("capped_score", period)
    evaluated = (person("tenure_days", period) >= 28) * (person("worked_days", period) >= 15)
    low, high = value + EPSILON, value - EPSILON
    return np.select(
        [~evaluated, (low >= 0) * (high <= 1.99), (low >= 2) * (high <= 2.99),
         (low >= 3) * (high <= 3.99), (low >= 4) * (high <= 5)],
        [Grade.not_evaluated, Grade.unsatisfactory, Grade.satisfactory, Grade.proper,
         Grade.effective], Grade.no_band)


average_score = variable("average_score", float, formula=_average)
capped_score = variable("capped_score", float, formula=_capped)
grade = variable("grade", Enum, possible_values=Grade, default_value=Grade.no_band,
                 formula=_grade)


def EvaluationSystem():
    """The tax-benefit system of this rule."""
    return system_of([*SCORES, position, sanction, tenure_days, worked_days, average_score,
                      capped_score, grade])


def people(n: int, seed: int = 3) -> pl.DataFrame:
    """Seeded people: five scores in hundredths (0-5), a position, a sanction (none for 80%),
    tenure (10-400 days, never 28-30) and worked days (10-60)."""
    rng = np.random.default_rng(seed)
    tenure = rng.integers(10, 400, n)
    tenure[(tenure >= 28) & (tenure <= 30)] = 31
    sanctions = np.array(list(Sanction.__members__))
    every = np.ones(n, bool)
    return pl.DataFrame([
        pl.Series("position", np.array(list(Position.__members__))[rng.integers(0, 2, n)]),
        *(decimal_column(f"scores_{k}", rng.integers(0, 501, n), every) for k in range(1, 6)),
        pl.Series("sanction", sanctions[np.searchsorted(np.cumsum([0.8, 0.05, 0.05, 0.05]),
                                                         rng.random(n), side="right")]),
        pl.Series("tenure_days", tenure, pl.Int32),
        pl.Series("worked_days", rng.integers(10, 60, n), pl.Int32)])


def inputs(frame: pl.DataFrame) -> dict[str, np.ndarray]:
    """The table as OpenFisca's inputs: float scores, int days, encoded enums."""
    return {**{f"score_{k}": frame[f"scores_{k}"].cast(pl.Float64).to_numpy()
               for k in range(1, 6)},
            "tenure_days": frame["tenure_days"].to_numpy(),
            "worked_days": frame["worked_days"].to_numpy(),
            "position": Position.encode(frame["position"].to_numpy().astype(str)),
            "sanction": Sanction.encode(frame["sanction"].to_numpy().astype(str))}
