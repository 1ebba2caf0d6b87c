"""The draft: a decree's rules as build.py merges them from its facts, before lowering.

The draft lives only in memory, between the facts and the rule plan (lower.py turns it into
a plan.py `Plan`); it is never written, and nothing but lower.py reads it. It keeps what the
facts state, in their own terms: a form's aggregation as text, formulas as text in the
small language of parser/rules/expr.py, caps by scale, thresholds by subject. Where a part
is already a plan node (a band, a parameter, a deadline, a reference), the draft holds that
node.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from .plan import Band, Deadline, Domain, Label, Parameter, Reference, Source, node
from .plan import Row as PlanRow


class Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Form(Model):
    """An evaluation sheet: who it applies to, its parameters and how they are aggregated."""

    number: int | None = None
    title: str
    applies_to: list[str]
    parameters: list[Parameter]
    aggregation: str | None  # an expression over `scores`, or the decree's prose
    sources: list[Source]
    methods: list[str] = []  # the evaluation methods its title names (`method` chooses)


class Computation(Model):
    """`target = expression`: a formula of the decree (`condition`: the one its lead-in
    states it for, `kpi_decreasing`)."""

    target: str
    expression: str
    sources: list[Source]
    condition: str | None = None


@node
class Row(PlanRow):
    """One row of a lookup table: a numeric interval (the plan's row) or a key, and the value
    it gives."""

    key: str | None = None


class Lookup(Model):
    """A table mapping an input value to an output (percent → allowed score range …)."""

    name: str
    input: str
    output: str
    rows: list[Row]
    sources: list[Source]


class Scale(Model):
    """A grading scale: the bands in order, and the variables it grades (first present)."""

    key: str
    variables: list[str]
    bands: list[Band]


class Cap(Model):
    """A ceiling on a score under a condition (a disciplinary sanction)."""

    scale: str
    condition: str
    max: Decimal
    sources: list[Source]
    applies_to: list[str] = []  # the positions of the sheet stating it; empty: every position


class Eligibility(Model):
    """A condition under which a servant is not evaluated at all."""

    subject: str  # a subject of the vocabulary's `eligibility:`
    op: str  # the condition for being evaluated: tenure >= 1 month …
    # a list: the bounds of `between`; a string: a share with no exact decimal ("2/3")
    value: Decimal | bool | list[Decimal] | str | None
    unit: str | None
    sources: list[Source]


class Constraint(Model):
    """A numeric rule on an input (kpis_total == 5), for the positions of the forms its
    chapter cites (empty: for everyone)."""

    subject: str
    input: str
    measure: Literal["value", "count", "sum", "each"] = "value"
    op: str
    value: Decimal | list[Decimal] | str | bool | None
    applies_to: list[str] = Field(default_factory=list)
    sources: list[Source]


class Draft(Model):
    """Every rule of a decree its facts state, merged, as lower.py reads them."""

    id: str
    lang: str | None
    forms: list[Form]
    computations: list[Computation]
    lookups: list[Lookup]
    caps: list[Cap]
    scales: list[Scale]
    eligibility: list[Eligibility]
    constraints: list[Constraint]
    # bounds read as the condition of a term the same sentence sets, no exclusion (noted)
    deferred: list[Eligibility] = []
    deadlines: list[Deadline]
    references: list[Reference]
    labels: dict[str, Label]  # grade key -> its kk and ru wording
    # the range the text gives each score the forms aggregate, for a decree whose sheets
    # score none (grammar/rules.yaml `scores_domain`)
    domain: Domain | None = None
