"""Two corpus rules written for OpenFisca 46, for the benchmark benchmarks/bench_rules.py:
seed 003 (seed003.py) and seed 004's quarterly points (seed004.py).

Each module is written by hand from its decree, as an OpenFisca modeller would, and gives:
`RULESET` (the corpus id of the same rule), `GRADES` (its Grade enum, in order), `people(n)`
(a seeded table of people in the canonical columns, which both sides of the benchmark read),
`inputs(frame)` (the table as OpenFisca's input arrays: floats, ints, encoded enums) and
`EvaluationSystem`. `simulate` is what an OpenFisca user runs: one Person per row, ids
range(n), the inputs set, the grade calculated.
"""

from __future__ import annotations

import numpy as np
from openfisca_core.entities import build_entity
from openfisca_core.periods import DateUnit
from openfisca_core.simulation_builder import SimulationBuilder
from openfisca_core.taxbenefitsystems import TaxBenefitSystem
from openfisca_core.variables import Variable

Person = build_entity(key="person", plural="persons", label="A civil servant", is_person=True)


def variable(name: str, value_type, **attributes) -> type:
    """A yearly Person variable (OpenFisca reads a variable's own attributes, not a base's)."""
    return type(name, (Variable,), {"entity": Person, "definition_period": DateUnit.YEAR,
                                    "value_type": value_type, **attributes})


def system_of(variables: list[type]) -> TaxBenefitSystem:
    """A tax-benefit system of one Person entity and these variables."""
    system = TaxBenefitSystem([Person])
    for item in variables:
        system.add_variable(item)
    return system


def simulate(system: TaxBenefitSystem, inputs: dict[str, np.ndarray], year: str = "2026"):
    """The grades (an EnumArray, integer codes) of the people in `inputs`."""
    builder = SimulationBuilder()
    builder.create_entities(system)
    builder.declare_person_entity("person", range(len(next(iter(inputs.values())))))
    simulation = builder.build(system)
    for name, values in inputs.items():
        simulation.set_input(name, year, values)
    return simulation.calculate("grade", year)
