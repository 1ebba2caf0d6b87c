"""The seed 003 rule (zhanakorgan-akimat-2026-10) written for OpenFisca 46, for the benchmark
benchmarks/bench_rules.py: a Person entity, the inputs (five scores, position, sanction,
tenure, worked days) and formulas for the average, the cap of a sanction, and the grade.

Written by hand from the decree, as an OpenFisca modeller would: scores are floats, the
average is sum / 5, a remark, reprimand or strict reprimand caps it at 2.99, another
sanction at 1.99; under one month (28 days and more counted as a month here: OpenFisca has
no "ambiguous" outcome) or under 15 worked days the person is not evaluated; the bands are
[0, 1.99], [2, 2.99], [3, 3.99], [4, 5] and a value between them is NO_BAND.

Float comparisons take a tolerance EPSILON, as a careful OpenFisca author would write them:
OpenFisca stores a float variable as float32, so the average of five scores whose sum is
9.95 is 1.9900000 plus or minus a few units of the 7th digit, which a bare `value <= 1.99`
may put in no band. The averages of five hundredths are multiples of 0.002, so a tolerance
of 1e-5 (about twenty float32 steps at 5) never merges a true gap (1.992) into a band.
"""

from __future__ import annotations

import numpy as np
from openfisca_core.entities import build_entity
from openfisca_core.indexed_enums import Enum
from openfisca_core.periods import DateUnit
from openfisca_core.simulation_builder import SimulationBuilder
from openfisca_core.taxbenefitsystems import TaxBenefitSystem
from openfisca_core.variables import Variable

EPSILON = 1e-5

Person = build_entity(key="person", plural="persons", label="A civil servant", is_person=True)


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


def _variable(name: str, value_type, **attributes) -> type:
    """A yearly Person variable (OpenFisca reads a variable's own attributes, not a base's)."""
    return type(name, (Variable,), {"entity": Person, "definition_period": DateUnit.YEAR,
                                    "value_type": value_type, **attributes})


def _score(number: int) -> type:
    return _variable(f"score_{number}", float, label=f"Score of parameter {number}")


SCORES = [_score(k) for k in range(1, 6)]


class position(Variable):
    entity = Person
    definition_period = DateUnit.YEAR
    value_type = Enum
    possible_values = Position
    default_value = Position.non_manager


class sanction(Variable):
    entity = Person
    definition_period = DateUnit.YEAR
    value_type = Enum
    possible_values = Sanction
    default_value = Sanction.none


class tenure_days(Variable):
    entity = Person
    definition_period = DateUnit.YEAR
    value_type = int


class worked_days(Variable):
    entity = Person
    definition_period = DateUnit.YEAR
    value_type = int


class average_score(Variable):
    entity = Person
    definition_period = DateUnit.YEAR
    value_type = float

    def formula(person, period):
        return sum(person(f"score_{k}", period) for k in range(1, 6)) / 5


class capped_score(Variable):
    entity = Person
    definition_period = DateUnit.YEAR
    value_type = float

    def formula(person, period):
        value = person("average_score", period)
        given = person("sanction", period)
        minor = (given == Sanction.remark) + (given == Sanction.reprimand) + \
            (given == Sanction.strict_reprimand)
        value = np.where(minor, np.minimum(value, 2.99), value)
        return np.where(given == Sanction.other, np.minimum(value, 1.99), value)


class grade(Variable):
    entity = Person
    definition_period = DateUnit.YEAR
    value_type = Enum
    possible_values = Grade
    default_value = Grade.no_band

    def formula(person, period):
        value = person("capped_score", period)
        evaluated = (person("tenure_days", period) >= 28) * (person("worked_days", period) >= 15)
        low, high = value + EPSILON, value - EPSILON
        return np.select(
            [~evaluated, (low >= 0) * (high <= 1.99), (low >= 2) * (high <= 2.99),
             (low >= 3) * (high <= 3.99), (low >= 4) * (high <= 5)],
            [Grade.not_evaluated, Grade.unsatisfactory, Grade.satisfactory, Grade.proper,
             Grade.effective], Grade.no_band)


class EvaluationSystem(TaxBenefitSystem):
    def __init__(self):
        super().__init__([Person])
        for variable in [*SCORES, position, sanction, tenure_days, worked_days, average_score,
                         capped_score, grade]:
            self.add_variable(variable)


def simulate(system: TaxBenefitSystem, inputs: dict[str, np.ndarray], year: str = "2026"):
    """The grades (Grade enum array) of the people in `inputs` (one array per variable)."""
    builder = SimulationBuilder()
    builder.create_entities(system)
    builder.declare_person_entity("person", np.arange(len(inputs["tenure_days"])))
    simulation = builder.build(system)
    for name, values in inputs.items():
        simulation.set_input(name, year, values)
    return simulation.calculate("grade", year)
