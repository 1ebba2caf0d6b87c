"""The rule plan: a decree's grading rules as typed nodes, the one form every evaluator runs.

A plan is lowered from a decree's facts (parser/rules/lower.py), checked (check.py) and
stored in the compiled ruleset; the reference interpreter (interpret.py) and the vectorised
backends read nothing else. It is the intermediate form of Catala's default calculus or a
query engine's logical plan: every node carries the clauses it was read from.

Expressions (tagged by `op`):

    num, text, ref            a constant number or text; a name (an input or a computed value)
    add, sub, mul, div, neg   exact arithmetic (Fraction in the interpreter); on a list, item
                              by item (a list and a number, or two lists of one length)
    sum, count, avg, min, max aggregation over a list (a form's parameters, the quarters…)
    grouped                   per group (a sheet's competency): an aggregation within each
                              group of a list, then across the groups (or the groups' values)
    round                     half up to `digits` decimals, where the decree says so
    compare, and, or, not     conditions

Steps of the decision list (tagged by `node`), run in the decree's order, once:

    guard       a condition on declared inputs -> an outcome (not evaluated, invalid input);
                alternatives (`tests`) for inputs given in other units (tenure in days/months)
    choice      the form of a position (choice by position): its parameter ranges and its
                aggregation (an expression over the scores, or the prose it could not read)
    define      `target = expression`: a formula of the decree
    lookup      a table from an input's value to an output (interval rows)
    keyed       a table from a key (a category, an answer: a value of an enum input the
                plan declares from the table's keys) to an output
    grade       the graded value (first candidate known, in the vocabulary's order), capped
                by the sanction (choice by sanction), rounded where stated, placed in a band
    unsupported a rule the decree states that the plan cannot compute, and why

Beside the decision list: the deadlines (`ereje deadline`: an event due a count of days
after or before an anchor, its exceptions per quarter kept on it) and the references (rules
the decree takes from another act).

A node never names a decree, a subject or an event in code: those come from the facts and
the vocabulary (grammar/rules.yaml) at compile time, and are data in the plan.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields, replace
from decimal import Decimal
from functools import cache
from typing import Annotated, Literal, Union

# The plan's version: what a plan of another one means is not this code's meaning of it, so
# reading one is an error (read.py), never a reinterpretation. 3: keyed tables (`keyed`),
# a formula's condition (`Define.when`), whole-number parameters (`Parameter.whole`), caps
# scoped to positions (`CapRule.positions`), a per-group sheet's respondents' roles
# (`Grouped.roles`, `excluded`). 4: the scores' range a formula reads where no sheet scores
# them (`Choice.domain`), a check for every servant with no chapter (`Guard.chapter` None),
# a table read item by item (`Lookup.each`).
PLAN_VERSION = 5


def node(cls):
    """A plan node: a frozen dataclass built by field names, its fields listed as a
    pydantic model's are (`model_fields`)."""
    cls = dataclass(frozen=True, kw_only=True)(cls)
    cls.model_fields = {f.name: f for f in fields(cls)}
    return cls


class Tagged:
    """A union's members told apart by one field (`op`, `node`): pydantic validates and
    describes it as a discriminated union, the plan's reader (read.py) dispatches on it."""

    def __init__(self, tag: str):
        self.tag = tag

    def __get_pydantic_core_schema__(self, source, handler):
        """pydantic's schema of the union, discriminated by the tag."""
        from pydantic import Discriminator  # only where a plan is validated (compile, tests)

        return Discriminator(self.tag).__get_pydantic_core_schema__(source, handler)


class Node:
    """The base of the plan's nodes: plain dataclasses, so evaluating a compiled plan needs
    no validation library (read.py); pydantic checks them where a ruleset is built or read
    whole. They copy, dump and validate by the names of the project's pydantic models."""

    __pydantic_config__ = {"extra": "forbid"}

    def model_copy(self, update: dict | None = None):
        """A copy with the fields of `update` replaced."""
        return replace(self, **(update or {}))

    def model_dump(self, **options) -> dict:
        """The node as plain data (pydantic's dump; its options: mode, exclude…)."""
        return _adapter(type(self)).dump_python(self, **options)

    def model_dump_json(self, **options) -> str:
        """The node as JSON text (pydantic's)."""
        return _adapter(type(self)).dump_json(self, **options).decode()

    @classmethod
    def model_validate(cls, data):
        """A node from plain data, validated (pydantic's ValidationError when it is not one)."""
        return _adapter(cls).validate_python(data)

    @classmethod
    def model_validate_json(cls, text: str | bytes):
        """A node from JSON text, validated."""
        return _adapter(cls).validate_json(text)


@cache
def _adapter(kind: type):
    """pydantic's validator and serializer of a node class, built when first needed."""
    from pydantic import TypeAdapter

    return TypeAdapter(kind)


@node
class Source(Node):
    """Where a rule was read: the clause address and the quoted text."""

    address: str
    quote: str


@node
class Label(Node):
    """A grade's wording in both languages."""

    kk: str
    ru: str


# ---------------------------------------------------------------- expressions

@node
class Num(Node):
    """A constant number, exact."""

    op: Literal["num"] = "num"
    value: Decimal

    def __post_init__(self):
        if not isinstance(self.value, Decimal):  # Num(value=3): the number, exactly
            object.__setattr__(self, "value", Decimal(self.value))


@node
class Text(Node):
    """A constant text (an enum value)."""

    op: Literal["text"] = "text"
    value: str


@node
class Ref(Node):
    """A name: a declared input or the target of a define, lookup or form."""

    op: Literal["ref"] = "ref"
    name: str


@node
class Arith(Node):
    """A binary arithmetic operation: of two numbers; of a list and a number, or of two lists
    of one length, item by item (a list of the same length)."""

    op: Literal["add", "sub", "mul", "div"]
    left: Expr
    right: Expr


@node
class Neg(Node):
    """The negation of a number (of a list: of each item)."""

    op: Literal["neg"] = "neg"
    arg: Expr


@node
class Aggregate(Node):
    """An aggregation: over one list, or (min, max) over two or more numbers."""

    op: Literal["sum", "count", "avg", "min", "max"]
    args: list[Expr]


@node
class Grouped(Node):
    """Per group, then across: the list `arg` (a sheet's answers, respondent by respondent,
    one per group in the sheet's order: item i is in group i mod `groups`) split into its
    groups, `within` (over the name `each`, one group's items) computed in every group, then
    `across` aggregating the groups' values (None: the list of them, one per group).
    `excluded` names the respondents' roles whose answers are left out ("self-evaluation
    excluded"), `excluded_by` the clause that excludes them, and `roles` the input giving
    each answer's respondent role (a list as long as the answers), which the exclusion reads;
    an answer keeps its group (its place i in the answers) when others are left out."""

    op: Literal["grouped"] = "grouped"
    arg: Expr
    groups: int
    each: str = "group"
    within: Expr
    across: Literal["sum", "avg", "min", "max"] | None = None
    excluded: list[str] = field(default_factory=list)
    roles: str | None = None
    excluded_by: list[Source] = field(default_factory=list)


@node
class Round(Node):
    """Half up (away from zero) to `digits` decimals."""

    op: Literal["round"] = "round"
    arg: Expr
    digits: int


@node
class Compare(Node):
    """A comparison of two values."""

    op: Literal["compare"] = "compare"
    cmp: Literal["<", "<=", ">", ">=", "==", "!="]
    left: Expr
    right: Expr


@node
class Logic(Node):
    """A conjunction or disjunction of conditions."""

    op: Literal["and", "or"]
    args: list[Expr]


@node
class Not(Node):
    """The negation of a condition."""

    op: Literal["not"] = "not"
    arg: Expr


Expr = Annotated[Union[Num, Text, Ref, Arith, Neg, Aggregate, Grouped, Round, Compare, Logic,
                       Not],
                 Tagged("op")]


# ---------------------------------------------------------------- inputs

InputType = Literal["decimal", "integer", "boolean", "enum", "decimals", "enums", "date"]


@node
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
    optional_by: list[Source] = field(default_factory=list)
    default: str | None = None
    sources: list[Source] = field(default_factory=list)


# ---------------------------------------------------------------- steps

Outcome = Literal["not_evaluated", "invalid_input"]


@node
class Test(Node):
    """One way to decide a guard from the inputs it `needs`: the guard fires when `fires`
    holds, passes when `passes` holds (None: when `fires` does not); neither is the error
    `undecided` (a tenure in days between the shortest and longest N months)."""

    needs: list[str]
    fires: Expr
    passes: Expr | None = None
    undecided: str | None = None


@node
class Guard(Node):
    """A condition -> an outcome: the first test whose inputs are given decides. `reason` is
    the outcome's reason (the eligibility subject, the constraint); `absent` what a case
    without any test's inputs gets. A guard scoped to the positions of some forms
    (`positions`) applies to those positions, or with no position to a case graded by a scale
    of its `chapter` (None: to every case, a rule its chapter states for every servant)."""

    node: Literal["guard"] = "guard"
    reason: str
    outcome: Outcome
    text: str
    tests: list[Test]
    absent: Literal["missing_input", "skip"] = "missing_input"
    positions: list[str] = field(default_factory=list)
    chapter: str | None = None
    # an eligibility guard of some graded values only (the year's "at least two quarters
    # evaluated": the values computed from the evaluated quarters): asked when the grade
    # grades one of them, and then whatever the candidate's `over_evaluated`; empty: asked
    # of every case, before anything is computed
    graded: list[str] = field(default_factory=list)
    sources: list[Source]


@node
class Parameter(Node):
    """A parameter of a sheet and its score range; `whole`: the clauses saying its score is a
    whole number (a domain of the input, like the range: another score is `invalid_input`;
    empty: any number in the range)."""

    name: str
    number: int | None = None
    low: Decimal | None = None
    high: Decimal | None = None
    whole: list[Source] = field(default_factory=list)
    optional: bool = False  # filled only where it applies ("(при наличии)"): may be left out


@node
class Domain(Node):
    """The range the decree's text gives each score a formula aggregates where no sheet scores
    them ("каждое мероприятие оценивается целым числом баллов от 1 до 5"): `subject` the
    score's name, `whole` the clauses saying it is a whole number (empty: any number in the
    range), `sources` the clauses stating the range."""

    subject: str
    low: Decimal
    high: Decimal
    whole: list[Source] = field(default_factory=list)
    sources: list[Source]


@node
class Form(Node):
    """An evaluation sheet: the positions it applies to, its parameters' ranges and its
    aggregation over the scores (`aggregate`, with every free name standing for the scores);
    `prose` keeps an aggregation that is not an expression (then it cannot be computed);
    `formula` names the decree's formula that computes the sheet's total when its total
    reads no score of the sheet (`100 + a - b`: the define `quarterly_points`)."""

    number: int | None = None
    title: str = ""
    positions: list[str]
    parameters: list[Parameter]
    aggregate: Expr | None = None
    text: str | None = None
    prose: str | None = None
    formula: str | None = None
    sources: list[Source]
    methods: list[str] = field(default_factory=list)  # what its title says it is for
    # the names the decree's formulas give the sheet's value where it is chosen (Б of
    # "Средний балл оценки методом 360 (Б) исчисляется как частное …", read by "И = 0,7 × К
    # + 0,3 × Б"), and the input giving its items one by one (`kpi_scores`, a vocabulary
    # input with `sheet_items`): a case giving that input is scored on it by a formula, and
    # the scores it gives are another sheet's (`Choice.besides_items`)
    names: list[str] = field(default_factory=list)
    items: str | None = None

    @property
    def fixed(self) -> bool:
        """Whether its parameters are a fixed list, one score each (numbered, or more than
        one); else its one unnumbered item is a blank list taking any number of scores. A
        sheet scored per group takes whole rows of answers, one per group and respondent
        (its Grouped node checks them)."""
        if isinstance(self.aggregate, Grouped):
            return False
        return len(self.parameters) > 1 or any(p.number is not None for p in self.parameters)

    @property
    def least(self) -> int:
        """How many scores a fixed sheet needs at least: its parameters up to the last one
        that is not optional (the optional ones, "(при наличии)", may be left out)."""
        return max((i + 1 for i, p in enumerate(self.parameters) if not p.optional), default=0)

    @property
    def needed(self) -> str:
        """How a message says `least` where it is not every parameter (" (3 needed)"), else
        nothing: the interpreter's and the backend's count messages say it alike."""
        return "" if self.least == len(self.parameters) else f" ({self.least} needed)"

    @property
    def scored(self) -> bool:
        """Whether it can score a case: an aggregation (an expression, or the prose that is
        `missing_rule`) and a parameter with a top to its range; a sheet of neither is no
        form a case can be scored by."""
        return (self.aggregate is not None or bool(self.prose)) and \
            any(p.high is not None for p in self.parameters)


@node
class MissingRule(Node):
    """A rule the decree takes from another act (`targets`), named when it is needed."""

    what: str
    targets: list[str]
    sources: list[Source]


METHOD = "method"  # the input naming the evaluation method, where a decree has several


@node
class Choice(Node):
    """The form for the position (choice by position) aggregating input `over` into `target`;
    `borrowed`: the forms are another act's. `domain`: the range (and whole-number clauses)
    the decree's text gives each score, checked where no form scores them and a formula does
    (`left_to_formulas`)."""

    node: Literal["choice"] = "choice"
    on: str = "position"
    over: str = "scores"
    target: str = "average_score"
    forms: list[Form]
    borrowed: MissingRule | None = None
    domain: Domain | None = None

    @property
    def sole(self) -> bool:
        """Whether a case without the input `on` takes the decree's form: it has only one."""
        return len(self.forms) == 1

    def by_method(self, forms: list[Form], position, method) -> list[Form]:
        """The forms a case may take, in order: those of its position (all, where it gives
        none and the decree has one form; else, with no position, those its `method` names);
        of these, those whose titles name the case's method, else those naming no method (a
        method that no sheet of the position names chooses none of them: the competency
        sheet is not the quarter's; `left_to_formulas`); with no method given, those naming
        none before those for some methods only."""
        if position is not None:
            forms = [f for f in forms if position in f.positions]
        elif not self.sole:
            forms = [f for f in forms if method is not None and method in f.methods]
        if method is None:
            return [f for f in forms if not f.methods] + [f for f in forms if f.methods]
        return [f for f in forms if method in f.methods] or [f for f in forms if not f.methods]

    @staticmethod
    def besides_items(forms: list[Form], given) -> list[Form]:
        """The forms a case's scores are for: not a sheet whose items the case gives by
        their own input (its value is a formula's over them: "К – средний балл по КЦИ,
        равный сумме баллов по всем КЦИ"), unless no other is left."""
        return [f for f in forms if f.items is None or f.items not in given] or forms

    @property
    def needs_on(self) -> bool:
        """Whether a case without the input `on` lacks what picks its form (`missing_input`):
        only where several forms could apply. One form applies to every case; with none,
        no value of `on` would give one, so asking for it would not help."""
        return len(self.forms) > 1


@node
class Define(Node):
    """`target = expression`, computed once everything it reads is known; with `when`, only
    where that holds (a choice between the formulas of one target: by the KPI's direction)."""

    node: Literal["define"] = "define"
    target: str
    expr: Expr
    text: str
    sources: list[Source]
    when: Expr | None = None


@node
class Rounding(Node):
    """A stated rounding rule, `target = round(name, digits)`."""

    target: str
    name: str
    digits: int
    text: str
    sources: list[Source]


@node
class Row(Node):
    """One row of a lookup table: an interval and the value it gives."""

    low: Decimal | None = None
    high: Decimal | None = None
    low_inclusive: bool | None = None
    high_inclusive: bool | None = None
    value: Decimal | list[Decimal] | str


@node
class Lookup(Node):
    """A table from `input`'s value (rounded first when a rule says so) to `target`; with
    `each`, from every item of the list `input` to the same item of the list `target`."""

    node: Literal["lookup"] = "lookup"
    name: str
    input: str
    target: str
    rows: list[Row]
    rounding: Rounding | None = None
    output: bool = False  # the value is an output of the case (a score range)
    sources: list[Source]
    each: bool = False  # `input` a list, looked up item by item into the list `target`


@node
class KeyRow(Node):
    """One row of a keyed table: a key (a value of the table's input) and the value it
    gives."""

    key: str
    value: Decimal | list[Decimal] | str


@node
class KeyedLookup(Node):
    """A table from the key `input` holds (an enum input whose values are the table's keys,
    declared by the plan with the table's clauses) to `target`."""

    node: Literal["keyed"] = "keyed"
    name: str
    input: str
    target: str
    rows: list[KeyRow]
    output: bool = False  # the value is an output of the case
    sources: list[Source]


TABLES = (Lookup, KeyedLookup)  # the steps that look a value up in a table


@node
class Band(Node):
    """One band of a scale, its ends inclusive or exclusive (None: open)."""

    grade: str
    low: Decimal | None
    high: Decimal | None
    low_inclusive: bool | None
    high_inclusive: bool | None
    sources: list[Source]


@node
class CapRule(Node):
    """A ceiling for the sanctions it `covers` (a choice by sanction); one stated on a sheet
    (its note, its table) caps the score of the `positions` that sheet is for, and with no
    position given it caps as any other."""

    condition: str
    covers: list[str]
    max: Decimal
    sources: list[Source]
    positions: list[str] = field(default_factory=list)


@node
class Scale(Node):
    """A grading scale: its bands, the chapters stating it, and its caps."""

    key: str
    chapters: list[str]
    bands: list[Band]
    caps: list[CapRule] = field(default_factory=list)
    caps_borrowed: MissingRule | None = None  # the caps are on another act's forms


@node
class Candidate(Node):
    """A value the grade may grade, with its scale and the rounding rule stated for it."""

    variable: str
    scale: str
    rounding: Rounding | None = None
    # a value over periods each already evaluated (a year's mean of its quarters' scores):
    # the period's eligibility, decided for each of them, is not asked for again (the
    # guards of the value itself, `Guard.graded`, are)
    over_evaluated: bool = False


@node
class Grade(Node):
    """The first candidate whose value is known, capped (`on` the sanction input; `none`
    caps nothing), rounded, then placed in its scale's bands."""

    node: Literal["grade"] = "grade"
    on: str = "sanction"
    none: str = "none"
    candidates: list[Candidate]
    # the candidates a cap ceilings (a sheet's score, a score given)
    capped: list[str] = field(default_factory=list)
    scales: list[Scale]


@node
class Unsupported(Node):
    """A rule the decree states that this plan cannot compute, and why."""

    node: Literal["unsupported"] = "unsupported"
    target: str
    code: str = "PLAN_UNSUPPORTED"  # the checker's diagnostic (PLAN_UNIT_MISMATCH, …)
    severity: Literal["error", "warning"] = "error"
    reason: str
    sources: list[Source]


Step = Annotated[Union[Guard, Choice, Define, Lookup, KeyedLookup, Grade, Unsupported],
                 Tagged("node")]


# ---------------------------------------------------------------- beside the decision

@node
class DeadlineException(Node):
    """Another rule for the anchor in one quarter ("за исключением IV квартала …")."""

    quarter: int
    anchor: str
    rule: dict[str, Decimal | str]
    direction: Literal["after", "before"] = "after"


@node
class Deadline(Node):
    """An event due by `rule` (a count of days, a day of a month…) after or before `anchor`;
    `exceptions` are the quarters with a rule of their own."""

    event: str
    anchor: str
    rule: dict[str, Decimal | str]
    direction: Literal["after", "before"] = "after"
    exceptions: list[DeadlineException] = field(default_factory=list)
    sources: list[Source]


@node
class Reference(Node):
    """A rule the decree takes from another act (`target`) for a `purpose`."""

    target: str
    purpose: str
    sources: list[Source]


@node
class Diagnostic(Node):
    """A finding of the checker (check.py): code, severity, message, clause."""

    code: str
    severity: Literal["error", "warning"]
    message: str
    address: str | None = None


@node
class Plan(Node):
    """Everything an evaluator needs to grade a case: the inputs, the decision list in the
    decree's order, the grade labels, the deadlines, the rules taken from other acts, and
    what the checker found."""

    version: int = PLAN_VERSION
    vocabulary_version: str
    inputs: list[InputSpec]
    decision: list[Step]
    labels: dict[str, Label] = field(default_factory=dict)
    deadlines: list[Deadline] = field(default_factory=list)
    references: list[Reference] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)


def chosen_on(plan: Plan) -> str:
    """The input that chooses the form (the plan's choice), which the position scopes of
    checks read."""
    choice = next((s for s in plan.decision if isinstance(s, Choice)), None)
    return choice.on if choice is not None else Choice.model_fields["on"].default


def left_to_formulas(plan: Plan, choice: Choice) -> bool:
    """Whether a choice with no form a case can be scored by (none printed in the decree, none
    the readers found, or only sheets without a scored parameter) and none borrowed leaves its
    target to a formula of the plan that aggregates the choice's input ("Средний балл … определяется делением суммы баллов … на количество",
    "… балдардың қосындысын олардың санына бөлу арқылы"): the formula computes it, where no
    form would ever be found for any position."""
    return not any(f.scored for f in choice.forms) and choice.borrowed is None \
        and aggregated_by_formula(plan, choice)


def aggregated_by_formula(plan: Plan, choice: Choice) -> bool:
    """Whether a formula of the plan computes the choice's target from its input ("Средний
    балл … определяется делением суммы баллов … на количество"): a case no sheet is for (its
    method named by none of its position's sheets) is scored by it."""
    return any(isinstance(s, Define) and s.target == choice.target
               and choice.over in names(s.expr) for s in plan.decision)


def given_reads(plan: Plan, item: Define) -> list[str]:
    """The inputs a formula's expression reads that no step of the plan computes: a formula
    its condition chooses (`when`) is computed once chosen only where the case gives them,
    so where one is absent the condition's input is not what the case lacks. A name that is
    no input and that nothing computes (a symbol no legend named: "д = ф / п × 100") is
    one no case can give."""
    computed = {s.target for s in plan.decision if isinstance(s, (Define, *TABLES))}
    computed |= {n for s in plan.decision if isinstance(s, Choice) for f in s.forms
                 for n in f.names}  # a sheet's value, where the sheet is chosen
    return sorted(names(item.expr) - computed)


def walk(expr) -> list:
    """Every expression node under `expr` (itself first); a grouped node's `within`, over
    its own name `each`, is not under it (see `within`)."""
    out = [expr]
    for name in ("left", "right", "arg"):
        child = getattr(expr, name, None)
        if child is not None:
            out += walk(child)
    for child in getattr(expr, "args", None) or []:
        out += walk(child)
    return out


def grouped_in(expr) -> list[Grouped]:
    """The grouped nodes of an expression (None: none)."""
    return [] if expr is None else [e for e in walk(expr) if isinstance(e, Grouped)]


def names(expr) -> set[str]:
    """The names an expression reads."""
    return {e.name for e in walk(expr) if isinstance(e, Ref)}
