"""Seed 004's quarterly evaluation (almaty-oblast-akimat-2017-97) written for OpenFisca 46.

Written by hand from the decree: quarterly points = 100 + a - b, a the encouraged-activity
points (`bonus_points`), b two points per violation (`violations`); under three months in the
position (89 days or more counted as three months here: OpenFisca has no "ambiguous"
outcome, so the people's tenures avoid 89-91 days) or on probation the servant is not
evaluated; the bands are under 80 unsatisfactory, 80 to 105 satisfactory, 106 to 130
effective, over 130 excellent, and a value between 105 and 106 is NO_BAND.

Points are floats, as an OpenFisca modeller would write them; the bands take a tolerance
EPSILON (points are whole or hundredths: 1e-5 never closes a true gap).
"""

from __future__ import annotations

import numpy as np
import polars as pl
from openfisca_core.indexed_enums import Enum

from people import decimal_column

from . import system_of, variable

RULESET = "almaty-oblast-akimat-2017-97"
EPSILON = 1e-5


class Grade(Enum):
    not_evaluated = "not_evaluated"
    no_band = "no_band"
    unsatisfactory = "unsatisfactory"
    satisfactory = "satisfactory"
    effective = "effective"
    excellent = "excellent"


GRADES = list(Grade.__members__)
bonus_points = variable("bonus_points", float, label="a: encouraged-activity points")
violations = variable("violations", int)
tenure_days = variable("tenure_days", int)
on_probation = variable("on_probation", bool)


def _points(person, period):
    return 100 + person("bonus_points", period) - 2 * person("violations", period)


def _grade(person, period):
    value = person("quarterly_points", period)
    evaluated = (person("tenure_days", period) >= 89) * ~person("on_probation", period)
    low, high = value + EPSILON, value - EPSILON
    return np.select(
        [~evaluated, low < 80, (low >= 80) * (high <= 105), (low >= 106) * (high <= 130),
         high > 130],
        [Grade.not_evaluated, Grade.unsatisfactory, Grade.satisfactory, Grade.effective,
         Grade.excellent], Grade.no_band)


quarterly_points = variable("quarterly_points", float, formula=_points)
grade = variable("grade", Enum, possible_values=Grade, default_value=Grade.no_band,
                 formula=_grade)


def EvaluationSystem():
    """The tax-benefit system of this rule."""
    return system_of([bonus_points, violations, tenure_days, on_probation, quarterly_points,
                      grade])


def people(n: int, seed: int = 4) -> pl.DataFrame:
    """Seeded people: bonus points 0-40 (whole, a fifth in hundredths), 0-12 violations,
    tenure 30-400 days (never 89-91), on probation for 5%."""
    rng = np.random.default_rng(seed)
    tenure = rng.integers(30, 400, n)
    tenure[(tenure >= 89) & (tenure <= 91)] = 92
    bonus = rng.integers(0, 41, n) * 100
    fraction = rng.random(n) < 0.2
    bonus[fraction] += rng.integers(0, 100, int(fraction.sum()))
    return pl.DataFrame([
        decimal_column("bonus_points", bonus, np.ones(n, bool)),
        pl.Series("violations", rng.integers(0, 13, n), pl.Int32),
        pl.Series("tenure_days", tenure, pl.Int32),
        pl.Series("on_probation", rng.random(n) < 0.05)])


def inputs(frame: pl.DataFrame) -> dict[str, np.ndarray]:
    """The table as OpenFisca's inputs."""
    return {"bonus_points": frame["bonus_points"].cast(pl.Float64).to_numpy(),
            "violations": frame["violations"].to_numpy(),
            "tenure_days": frame["tenure_days"].to_numpy(),
            "on_probation": frame["on_probation"].to_numpy()}
