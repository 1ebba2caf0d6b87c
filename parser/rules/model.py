"""The ruleset: a decree's rules as data the evaluator executes.

A ruleset is compiled from the facts of one decree (parser/rules/build.py) and never holds a
rule the text does not state: where the decree takes a rule from another act, the ruleset
keeps the reference and the evaluator names the missing piece. Numbers are exact decimals;
expressions are text in the small language of parser/rules/expr.py. Every rule carries the
clauses it came from. The JSON Schema is written to generated/schema/ruleset.schema.json.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from .plan import Label, Plan, Source

FORMAT_VERSION = 2


class Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


InputType = Literal["decimal", "integer", "boolean", "enum", "decimals", "date"]


class Input(Model):
    """An input a case gives (a canonical name of `docs/vocabulary.md`)."""

    name: str
    type: InputType
    meaning: str
    values: list[str] | None = None  # the values of an enum
    sources: list[Source] = Field(default_factory=list)  # the clauses that use it


class Parameter(Model):
    number: int | None = None
    name: str
    low: Decimal | None = None
    high: Decimal | None = None


class Form(Model):
    """An evaluation sheet: who it applies to, its parameters and how they are aggregated."""

    number: int | None = None
    title: str
    applies_to: list[str]
    parameters: list[Parameter]
    aggregation: str | None  # an expression over `scores`
    target: str = "average_score"  # the variable the aggregation gives
    sources: list[Source]


class Computation(Model):
    """`target = expression`: a formula of the decree."""

    target: str
    expression: str
    sources: list[Source]


class Row(Model):
    """One row of a lookup table: a numeric interval or a key, and the value it gives."""

    low: Decimal | None = None
    high: Decimal | None = None
    low_inclusive: bool | None = None
    high_inclusive: bool | None = None
    key: str | None = None
    value: Decimal | list[Decimal] | str


class Lookup(Model):
    """A table mapping an input value to an output (percent → allowed score range …)."""

    name: str
    input: str
    output: str
    rows: list[Row]
    sources: list[Source]


class Band(Model):
    """One grade band of a scale, with inclusive or exclusive ends (None: open)."""

    grade: str
    low: Decimal | None
    high: Decimal | None
    low_inclusive: bool | None
    high_inclusive: bool | None
    sources: list[Source]


class Scale(Model):
    """A grading scale: the bands in order, and the variables it grades (first present)."""

    key: str
    variables: list[str]  # the variables it grades, the first one computed wins
    bands: list[Band]


class Cap(Model):
    """A ceiling on a score under a condition (a disciplinary sanction)."""

    scale: str
    condition: str
    max: Decimal
    sources: list[Source]


class Eligibility(Model):
    """A condition under which a servant is not evaluated at all."""

    subject: str  # tenure_in_position, worked_days, on_probation
    op: str  # the condition for being evaluated: tenure >= 1 month …
    value: Decimal | bool | None
    unit: str | None
    sources: list[Source]


class Constraint(Model):
    """A numeric rule on an input that the evaluator checks (kpis_total == 5), for the
    positions of the forms its chapter cites (empty: for everyone)."""

    subject: str
    input: str
    measure: Literal["value", "count", "each"] = "value"
    op: str
    value: Decimal | list[Decimal] | str | bool | None
    applies_to: list[str] = Field(default_factory=list)
    sources: list[Source]


class DeadlineException(Model):
    """Another rule for an anchor in one quarter ("за исключением IV квартала …")."""

    quarter: int
    anchor: str
    rule: dict[str, Decimal | str]
    direction: Literal["after", "before"] = "after"


class DeadlineRule(Model):
    event: str
    anchor: str
    rule: dict[str, Decimal | str]
    direction: Literal["after", "before"] = "after"
    exceptions: list[DeadlineException] = []
    sources: list[Source]


class Reference(Model):
    """A rule the decree takes from another act (a missing piece when needed)."""

    target: str
    purpose: str
    sources: list[Source]


class Ruleset(Model):
    """Everything the evaluator needs to grade a person and date a deadline under a decree."""

    format_version: int = FORMAT_VERSION
    id: str
    lang: str | None
    inputs: list[Input]
    forms: list[Form]
    computations: list[Computation]
    lookups: list[Lookup]
    caps: list[Cap]
    scales: list[Scale]
    eligibility: list[Eligibility]
    constraints: list[Constraint]
    deadlines: list[DeadlineRule]
    references: list[Reference]
    labels: dict[str, Label]  # grade key -> its kk and ru wording
    # what an answer under this ruleset assumes that the texts do not state: the version in
    # force on an --as-of day whose start date is unknown (parser/amend/works.py)
    assumptions: list[str] = []
    # the rule plan every evaluator runs (parser/rules/plan.py); None in a ruleset compiled
    # before plans existed, which must be compiled again to be evaluated
    plan: Plan | None = None
