"""The fact vocabulary as models: one frozen pydantic model per fact kind, the fields it holds.

This module is the one place a kind's field keys, their types and their meanings are stated;
`docs/vocabulary.md` prints its field tables from here and `generated/schema/facts.schema.json`
is generated from here (parser/facts/schema.py). Numbers are exact `Decimal`s; a share with
no exact decimal ("үштен екісі", two thirds) is the fraction string "2/3". Closed sets (grades,
comparison operators, inclusivity, direction) are enums; the lexicon's open sets (events,
anchors, subjects, conditions…) are strings whose values are documented in docs/vocabulary.md
and docs/facts.md.

A `Fact` (parser/facts/model.py) validates its `fields` with its kind's model when it is made;
`fact.typed` is that model, so a later stage reads `fact.typed.low` (a Decimal or None) or
matches `case Deadline(rule=WorkingDays(working_days=n))` instead of reading dict keys.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Annotated, Any, ClassVar, Literal

from pydantic import (BaseModel, ConfigDict, Field, NonNegativeInt, PositiveInt, StrictBool,
                      ValidationError, model_validator)
from pydantic.json_schema import WithJsonSchema

FactKind = Literal[
    "grade_band", "score_cap", "score_range", "deadline", "threshold", "formula",
    "lookup_table", "form", "competency", "reference",
]
Grade = Literal["excellent", "effective", "proper", "satisfactory", "unsatisfactory"]
Op = Literal["<", "<=", ">", ">=", "==", "between", "odd"]
Direction = Literal["after", "before"]

# exact: a JSON number, or a decimal string where a float would not print back exactly
DECIMAL_JSON = {"anyOf": [{"type": "number"},
                          {"type": "string", "pattern": r"^-?[0-9]+(\.[0-9]+)?$"}]}
Number = Annotated[Decimal, WithJsonSchema({**DECIMAL_JSON, "description": "an exact decimal"})]
Share = Annotated[str, Field(pattern=r"^[1-9][0-9]*/[1-9][0-9]*$",
                             description="a share with no exact decimal, as a fraction: 2/3")]
Pair = tuple[Number, Number]
Key = Annotated[str, Field(min_length=1, pattern=r"^\S+$")]
Text = Annotated[str, Field(min_length=1)]


class Fields(BaseModel):
    """The fields of one fact kind (frozen; an unknown key is an error)."""

    # built at first use, not at import: commands that read no fact start faster
    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)
    # the fields the scorer compares with a gold fact (tests/gold/README.md); the rest are for
    # the reader
    compared: ClassVar[tuple[str, ...]] = ()
    # the fields whose values are keys of the lexicon's open sets (events, anchors, subjects…):
    # every value a reader or a gold file uses is documented in docs/vocabulary.md or
    # docs/facts.md
    open_keys: ClassVar[tuple[str, ...]] = ()
    # the keys that name what rule a fact states, whatever the language (parser/compare: two
    # decrees' facts align on them); the other compared fields are its value
    concept: ClassVar[tuple[str, ...]] = ()
    # compared fields written in the decree's language: compared across decrees by shape
    worded: ClassVar[tuple[str, ...]] = ()


def _open_end(low, low_inclusive, high, high_inclusive) -> None:
    """An end's inclusivity is stated exactly when the end is; low <= high when both are."""
    if (low is None) != (low_inclusive is None) or (high is None) != (high_inclusive is None):
        raise ValueError("an open end (null) has null inclusivity, a stated end a boolean")
    if low is not None and high is not None and low > high:
        raise ValueError(f"low {low} is above high {high}")


class Interval(Fields):
    """A numeric interval with each end's inclusivity (null: open)."""

    low: Number | None = Field(description="the lower end; null: open below")
    high: Number | None = Field(description="the upper end; null: open above")
    low_inclusive: bool | None = Field(
        description="the lower end belongs to it (\"от 3\": true; \"свыше 3\": false)")
    high_inclusive: bool | None = Field(
        description="the upper end belongs to it (\"до 3,99\": true; \"80 балдан төмен\": "
                    "false)")

    @model_validator(mode="after")
    def _ends(self):
        _open_end(self.low, self.low_inclusive, self.high, self.high_inclusive)
        return self


class GradeBand(Interval):
    """One band of a grading scale."""

    compared = ("scale", "grade", "low", "high", "low_inclusive", "high_inclusive")
    open_keys = ("scale",)
    concept = ("scale", "grade")

    scale: Key = Field(description="what is graded: `average_score` (0-5), `quarterly_points`, "
                                   "`annual_score`, `kpi_achieved`, …")
    grade: Grade = Field(description="the grade a value in the band gets")


class ScoreCap(Fields):
    """A ceiling on a score imposed by a condition."""

    compared = ("scale", "condition", "max")
    open_keys = ("scale", "condition")
    concept = ("scale", "condition")

    scale: Key = Field(description="the score capped (a `grade_band` scale)")
    condition: Key = Field(description="when: `sanction_minor` (remark, reprimand, strict "
                                       "reprimand), `sanction_major` (any other sanction, beside a cap of the "
                                       "whole minor group), `sanction_other` (\"иное\", \"өзге\" beside "
                                       "caps naming the lighter sanctions apart), "
                                       "`sanction_any`, `sanction_<a>_or_<b>…`")
    max: Number = Field(description="the highest score allowed")


class ScoreRange(Interval):
    """The allowed range of a single score (0 to 5 per parameter)."""

    compared = ("subject", "low", "high", "low_inclusive", "high_inclusive", "whole")
    open_keys = ("subject",)
    concept = ("subject",)

    subject: Key = Field(description="the score: `parameter_score`, `kpi_score`, "
                                     "`activity_points`, `plan_target_score`, …")
    low: Number = Field(description="the lowest score")
    high: Number = Field(description="the highest score")
    low_inclusive: bool = Field(description="the lowest score is allowed")
    high_inclusive: bool = Field(description="the highest score is allowed")
    whole: bool | None = Field(default=None, description="true: only whole numbers are "
                               "scores (\"целым числом\", \"бүтін санмен\"); absent: not said")


class DayOfFollowingMonth(Fields):
    """By day N of the month after the anchor's (or of the `months_after`th month)."""

    day_of_following_month: int = Field(ge=1, le=31, description="the day of the month")
    months_after: PositiveInt | None = Field(
        default=None, description="which month after the anchor's (absent: 1)")


class WorkingDays(Fields):
    """Within N working days (the Kazakhstan calendar)."""

    working_days: NonNegativeInt = Field(description="the number of working days")


class CalendarDays(Fields):
    """Within N calendar days (0: on the anchor's day)."""

    calendar_days: NonNegativeInt = Field(description="the number of calendar days")


class Months(Fields):
    """Within N months."""

    months: NonNegativeInt = Field(description="the number of months")


class Years(Fields):
    """Within N years."""

    years: NonNegativeInt = Field(description="the number of years")


class MonthFollowing(Fields):
    """To the end of the Nth calendar month after the anchor's month."""

    month_following: PositiveInt = Field(description="which month after the anchor's month")


class FixedDate(Fields):
    """On a fixed day of the anchor's year or the next."""

    fixed_date: str = Field(pattern=r"^(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$",
                            description="the day, MM-DD")
    year: Literal["same", "next"] = Field(description="the anchor's year or the next")


Rule = (DayOfFollowingMonth | WorkingDays | CalendarDays | Months | Years | MonthFollowing
        | FixedDate)


class QuarterTerm(Fields):
    """A deadline's own term for one quarter (an exception: "за исключением …")."""

    quarter: int = Field(ge=1, le=4, description="the quarter the anchor falls in")
    anchor: Key | None = Field(description="the exception's anchor")
    rule: Rule = Field(description="the exception's term")
    direction: Direction = Field(default="after", description="after or before the anchor")


class Deadline(Fields):
    """Something must happen within a time relative to an anchor."""

    compared = ("event", "anchor", "rule", "direction")
    open_keys = ("event", "anchor")
    concept = ("event", "anchor")

    event: Key = Field(description="what must happen: `quarterly_evaluation`, `appeal`, … "
                                   "(docs/vocabulary.md, docs/facts.md)")
    anchor: Key | None = Field(description="from when: `quarter_end`, `request_received`, …; "
                                           "null when the text names none")
    rule: Rule = Field(description="the term: `{working_days: N}`, `{calendar_days: N}`, "
                                   "`{months: N}`, `{years: N}`, `{day_of_following_month: N"
                                   "[, months_after: M]}`, `{month_following: N}`, "
                                   "`{fixed_date: MM-DD, year: same|next}`")
    direction: Direction = Field(default="after", description="after the anchor, or before it")
    exceptions: tuple[QuarterTerm, ...] | None = Field(
        default=None, description="another term for a quarter, applied when the anchor "
                                  "falls in it")


class Threshold(Fields):
    """A numeric (or boolean) condition on a subject."""

    compared = ("subject", "op", "value", "unit")
    open_keys = ("subject", "unit", "tie_break")
    concept = ("subject", "op")

    subject: Key = Field(description="what is compared: `tenure_in_position`, `worked_days`, "
                                     "`on_probation`, `kpi_count`, `commission_quorum`, …")
    op: Op = Field(description="the comparison; `between` takes [low, high], `odd` no value")
    value: StrictBool | Number | Share | Pair | None = Field(
        description="the number, a fraction string (\"2/3\"), a boolean, [low, high] for "
                    "`between`, null for `odd`")
    unit: Key | None = Field(description="`months`, `years`, `working_days`, `persons`, "
                                         "`share_of_members`, …; null for a bare count")
    tie_break: Key | None = Field(default=None,
                                  description="who decides a tie of a vote (`chair`)")

    @model_validator(mode="after")
    def _value_fits_op(self):
        if (self.op == "between") != isinstance(self.value, tuple):
            raise ValueError("`between` takes [low, high], and only `between` does")
        if (self.op == "odd") != (self.value is None):
            raise ValueError("`odd` takes no value, and every other op takes one")
        return self


class Formula(Fields):
    """An arithmetic definition in the safe expression language (docs/rules.md)."""

    compared = ("target", "expression")
    open_keys = ("target", "condition")
    concept = ("target",)

    target: Key = Field(description="the name defined: `average_score`, `quarterly_points`, …")
    expression: Text = Field(description="`+ - * /`, parentheses, `sum(x)`, `count(x)`, "
                                         "`avg(x)`, `round(x, n)`, names")
    variables: dict[Key, str] = Field(description="name -> its meaning (for the reader)")
    condition: Key | None = Field(None, description="what its lead-in says it is for "
                                  "(`kpi_decreasing`): it, not another formula of the target, "
                                  "computes the target then")


class IntervalRow(Interval):
    """A lookup row over a numeric interval."""

    value: Number | Pair = Field(description="the output: a number or a [low, high] range")


class KeyRow(Fields):
    """A lookup row over a named value (an outcome, an activity)."""

    key: Text = Field(description="the input value as the decree words it")
    value: Number | Pair = Field(description="the output: a number or a [low, high] range")


class LookupTable(Fields):
    """A table mapping a value to another."""

    compared = ("name", "input", "output", "rows")
    open_keys = ("name", "input", "output")
    concept = ("name",)

    name: Key = Field(description="`kpi_percent_to_score_range`, `plan_target_points`, "
                                  "`quarterly_avg_to_5pt`, `encouraged_activity_points`, …")
    input: Key = Field(description="the value looked up")
    output: Key = Field(description="the value given")
    rows: tuple[IntervalRow | KeyRow, ...] = Field(description="in table order")


class Parameter(Fields):
    """One parameter of an evaluation sheet."""

    compared = ("number", "name", "low", "high")

    number: int | None = Field(description="its number on the sheet; null when unnumbered")
    name: Text = Field(description="its name as written")
    low: Number | None = Field(description="the lowest score; null when none is stated")
    high: Number | None = Field(description="the highest score; null when none is stated")
    guidance: str | None = Field(default=None, description="the sheet's guidance for scoring it")
    optional: bool | None = Field(default=None, description="true: a row filled only where it "
                                  "applies (\"(при наличии)\", \"(бар болса)\"), which a case may "
                                  "leave out; not compared")


class Form(Fields):
    """An evaluation sheet of an appendix."""

    compared = ("number", "title", "applies_to", "parameters", "aggregation")
    open_keys = ("applies_to",)
    concept = ("applies_to",)
    worded = ("title",)

    number: int | None = Field(description="its appendix number")
    title: str = Field(description="its title as written (\"\" when the sheet has none above it)")
    applies_to: tuple[Key, ...] = Field(min_length=1,
                                        description="who: `manager`, `non_manager`, "
                                                    "`structural_head`, `corps_b_employee`")
    parameters: tuple[Parameter, ...] = Field(description="in sheet order")
    aggregation: str | None = Field(description="how the total is aggregated: an expression "
                                                "over `scores`; null when not stated")
    methods: tuple[Key, ...] = Field((), description="the evaluation methods its title names "
                                     "(`kpi`, `360`, `competency`, `quarterly`, "
                                     "`differentiation`): a case's `method` chooses among the "
                                     "sheets of its position")


class Indicators(Fields):
    """A competency's behavioural indicators or its 360 questions, as written."""

    effective: tuple[Text, ...] | None = Field(default=None, description="effective behaviour")
    ineffective: tuple[Text, ...] | None = Field(default=None,
                                                 description="ineffective behaviour")
    questions: tuple[Text, ...] | None = Field(default=None, description="a 360 questionnaire")


class Competency(Fields):
    """A competency of the 360 method with its indicators, per category."""

    compared = ("name", "categories", "indicators")
    concept = ("categories",)
    worded = ("name",)

    name: Text = Field(description="its name as written")
    categories: tuple[Key, ...] = Field(description="position categories as written "
                                                    "(`E-2`) or an applies_to key")
    indicators: Indicators = Field(description="`effective`, `ineffective`, or `questions`")


class Reference(Fields):
    """A rule taken from, or a relation to, another act."""

    compared = ("target", "purpose")
    open_keys = ("purpose",)
    concept = ("purpose", "target")

    target: Key = Field(description="the act or part referenced: `<issuer>_<year>_<number>`, "
                                    "`model_methodology_appendix_N`, "
                                    "`administrative_procedural_code`, …")
    purpose: Key = Field(description="`amends`, `repeals`, `repealed_by`, "
                                     "`appeal_of_calibration_decision`, …")


KINDS: dict[str, type[Fields]] = {
    "grade_band": GradeBand, "score_cap": ScoreCap, "score_range": ScoreRange,
    "deadline": Deadline, "threshold": Threshold, "formula": Formula,
    "lookup_table": LookupTable, "form": Form, "competency": Competency,
    "reference": Reference,
}


def parse_fields(kind: str, fields: Mapping[str, Any]) -> Fields:
    """A kind's fields -> its model (pydantic.ValidationError when they do not fit)."""
    return KINDS[kind].model_validate(dict(fields))


def check_fields(kind: str, fields: Mapping[str, Any]) -> str | None:
    """Why a kind's fields do not fit its model, on one line (each failing field's path and
    message), or None when they fit."""
    try:
        parse_fields(kind, fields)
    except ValidationError as e:
        return "; ".join(f"{'.'.join(map(str, x['loc'])) or 'fields'}: {x['msg']}"
                         for x in e.errors())
    return None
