"""The rule plan: a decree's grading rules as typed nodes, the one form every evaluator runs.

A plan is lowered from a decree's facts (parser/rules/lower.py), checked (check.py) and
stored in the compiled ruleset; the reference interpreter (interpret.py) and the vectorised
backends read nothing else. It is the intermediate form of Catala's default calculus or a
query engine's logical plan: every node carries the clauses it was read from.

Expressions (tagged by `op`):

    num, text, ref            a constant number or text; a name (an input or a computed value)
    add, sub, mul, div, neg   exact arithmetic (Fraction in the interpreter)
    sum, count, avg, min, max aggregation over a list (a form's parameters, the quarters…)
    round                     half up to `digits` decimals, where the decree says so
    compare, and, or, not     conditions

Steps of the decision list (tagged by `node`), run in the decree's order, once:

    guard       a condition on declared inputs -> an outcome (not evaluated, invalid input);
                alternatives (`tests`) for inputs given in other units (tenure in days/months)
    choice      the form of a position (choice by position): its parameter ranges and its
                aggregation (an expression over the scores, or the prose it could not read)
    define      `target = expression`: a formula of the decree
    lookup      a table from an input's value to an output (interval rows)
    grade       the graded value (first candidate known, in the vocabulary's order), capped
                by the sanction (choice by sanction), rounded where stated, placed in a band
    unsupported a rule the decree states that the plan cannot compute, and why

A node never names a decree, a subject or an event in code: those come from the facts and
the vocabulary (grammar/rules.yaml) at compile time, and are data in the plan.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Literal, Union

from pydantic import BaseModel, ConfigDict, Field

PLAN_VERSION = 1


class Node(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Source(Node):
    """Where a rule was read: the clause address and the quoted text."""

    address: str
    quote: str


class Label(Node):
    kk: str
    ru: str


# ---------------------------------------------------------------- expressions

class Num(Node):
    """A constant number, exact."""

    op: Literal["num"] = "num"
    value: Decimal


class Text(Node):
    """A constant text (an enum value)."""

    op: Literal["text"] = "text"
    value: str


class Ref(Node):
    """A name: a declared input or the target of a define, lookup or form."""

    op: Literal["ref"] = "ref"
    name: str


class Arith(Node):
    """A binary arithmetic operation."""

    op: Literal["add", "sub", "mul", "div"]
    left: Expr
    right: Expr


class Neg(Node):
    op: Literal["neg"] = "neg"
    arg: Expr


class Aggregate(Node):
    """An aggregation: over one list, or (min, max) over two or more numbers."""

    op: Literal["sum", "count", "avg", "min", "max"]
    args: list[Expr]


class Round(Node):
    """Half up (away from zero) to `digits` decimals."""

    op: Literal["round"] = "round"
    arg: Expr
    digits: int


class Compare(Node):
    op: Literal["compare"] = "compare"
    cmp: Literal["<", "<=", ">", ">=", "==", "!="]
    left: Expr
    right: Expr


class Logic(Node):
    op: Literal["and", "or"]
    args: list[Expr]


class Not(Node):
    op: Literal["not"] = "not"
    arg: Expr


Expr = Annotated[Union[Num, Text, Ref, Arith, Neg, Aggregate, Round, Compare, Logic, Not],
                 Field(discriminator="op")]

for _model in (Arith, Neg, Aggregate, Round, Compare, Logic, Not):
    _model.model_rebuild()


# ---------------------------------------------------------------- inputs

InputType = Literal["decimal", "integer", "boolean", "enum", "decimals", "date"]


class InputSpec(Node):
    """An input a case may give: its type, unit and values; `sources` are the clauses that
    read it (empty: the vocabulary knows it, this decree does not use it). An optional input
    is one a clause makes optional (`optional_by`); the default of an absent optional input
    is `default`. Any other input the decision reaches is `missing_input` when absent."""

    name: str
    type: InputType
    unit: str | None = None
    values: list[str] | None = None
    meaning: str = ""
    alias: str | None = None  # the name the decree's formulas give it ("a")
    optional_by: list[Source] = []
    default: str | None = None
    sources: list[Source] = []


# ---------------------------------------------------------------- steps

Outcome = Literal["not_evaluated", "invalid_input"]


class Test(Node):
    """One way to decide a guard from the inputs it `needs`: the guard fires when `fires`
    holds, passes when `passes` holds (None: when `fires` does not); neither is the error
    `undecided` (a tenure in days between the shortest and longest N months)."""

    needs: list[str]
    fires: Expr
    passes: Expr | None = None
    undecided: str | None = None


class Guard(Node):
    """A condition -> an outcome: the first test whose inputs are given decides. `reason` is
    the outcome's reason (the eligibility subject, the constraint); `absent` what a case
    without any test's inputs gets. A guard scoped to the positions of some forms
    (`positions`) applies to those positions, or with no position to a case graded by a scale
    of its `chapter`."""

    node: Literal["guard"] = "guard"
    reason: str
    outcome: Outcome
    text: str
    tests: list[Test]
    absent: Literal["missing_input", "skip"] = "missing_input"
    positions: list[str] = []
    chapter: str | None = None
    sources: list[Source]


class Parameter(Node):
    name: str
    number: int | None = None
    low: Decimal | None = None
    high: Decimal | None = None


class Form(Node):
    """An evaluation sheet: the positions it applies to, its parameters' ranges and its
    aggregation over the scores (`aggregate`, with every free name standing for the scores);
    `prose` keeps an aggregation that is not an expression (then it cannot be computed)."""

    number: int | None = None
    title: str = ""
    positions: list[str]
    parameters: list[Parameter]
    aggregate: Expr | None = None
    text: str | None = None
    prose: str | None = None
    sources: list[Source]

    @property
    def fixed(self) -> bool:
        """Whether its parameters are a fixed list, one score each (numbered, or more than
        one); else its one unnumbered item is a blank list taking any number of scores."""
        return len(self.parameters) > 1 or any(p.number is not None for p in self.parameters)


class MissingRule(Node):
    """A rule the decree takes from another act (`targets`), named when it is needed."""

    what: str
    targets: list[str]
    sources: list[Source]


class Choice(Node):
    """The form for the position (choice by position) aggregating input `over` into `target`;
    `borrowed`: the forms are another act's."""

    node: Literal["choice"] = "choice"
    on: str = "position"
    over: str = "scores"
    target: str = "average_score"
    forms: list[Form]
    borrowed: MissingRule | None = None


class Define(Node):
    """`target = expression`, computed once everything it reads is known."""

    node: Literal["define"] = "define"
    target: str
    expr: Expr
    text: str
    sources: list[Source]


class Rounding(Node):
    """A stated rounding rule, `target = round(name, digits)`."""

    target: str
    name: str
    digits: int
    text: str
    sources: list[Source]


class Row(Node):
    low: Decimal | None = None
    high: Decimal | None = None
    low_inclusive: bool | None = None
    high_inclusive: bool | None = None
    value: Decimal | list[Decimal] | str


class Lookup(Node):
    """A table from `input`'s value (rounded first when a rule says so) to `target`."""

    node: Literal["lookup"] = "lookup"
    name: str
    input: str
    target: str
    rows: list[Row]
    rounding: Rounding | None = None
    output: bool = False  # the value is an output of the case (a score range)
    sources: list[Source]


class Band(Node):
    grade: str
    low: Decimal | None
    high: Decimal | None
    low_inclusive: bool | None
    high_inclusive: bool | None
    sources: list[Source]


class CapRule(Node):
    """A ceiling for the sanctions it `covers` (a choice by sanction)."""

    condition: str
    covers: list[str]
    max: Decimal
    sources: list[Source]


class Scale(Node):
    key: str
    chapters: list[str]
    bands: list[Band]
    caps: list[CapRule] = []
    caps_borrowed: MissingRule | None = None  # the caps are on another act's forms


class Candidate(Node):
    """A value the grade may grade, with its scale and the rounding rule stated for it."""

    variable: str
    scale: str
    rounding: Rounding | None = None


class Grade(Node):
    """The first candidate whose value is known, capped (`on` the sanction input; `none`
    caps nothing), rounded, then placed in its scale's bands."""

    node: Literal["grade"] = "grade"
    on: str = "sanction"
    none: str = "none"
    candidates: list[Candidate]
    capped: list[str] = []  # the candidates a cap ceilings (a sheet's score, a score given)
    scales: list[Scale]


class Unsupported(Node):
    """A rule the decree states that this plan cannot compute, and why."""

    node: Literal["unsupported"] = "unsupported"
    target: str
    code: str = "PLAN_UNSUPPORTED"  # the checker's diagnostic (PLAN_UNIT_MISMATCH, …)
    reason: str
    sources: list[Source]


Step = Annotated[Union[Guard, Choice, Define, Lookup, Grade, Unsupported],
                 Field(discriminator="node")]


class Diagnostic(Node):
    """A finding of the checker (check.py): code, severity, message, clause."""

    code: str
    severity: Literal["error", "warning"]
    message: str
    address: str | None = None


class Plan(Node):
    """Everything an evaluator needs to grade a case: the inputs, the decision list in the
    decree's order, the grade labels, and what the checker found."""

    version: int = PLAN_VERSION
    vocabulary_version: str
    inputs: list[InputSpec]
    decision: list[Step]
    labels: dict[str, Label] = {}
    diagnostics: list[Diagnostic] = []


def walk(expr) -> list:
    """Every expression node under `expr` (itself first)."""
    out = [expr]
    for name in ("left", "right", "arg"):
        child = getattr(expr, name, None)
        if child is not None:
            out += walk(child)
    for child in getattr(expr, "args", None) or []:
        out += walk(child)
    return out


def names(expr) -> set[str]:
    """The names an expression reads."""
    return {e.name for e in walk(expr) if isinstance(e, Ref)}
