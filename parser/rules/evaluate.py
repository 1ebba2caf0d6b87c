"""Execute a ruleset on one case: who is evaluated, the score, the cap, the grade — each step
with its value and the clauses it came from (the trace `--explain` prints).

The order is the decrees': first whether the servant is evaluated at all, then the checks
on the inputs, the form's aggregation, the formulas and lookup tables (as soon as their
inputs are known), the cap a sanction imposes, and last the band of the scale. Arithmetic
is exact (Decimal) and nothing is rounded that the decree does not round: a value between
two bands is the error `no_band`, citing both.
"""

from __future__ import annotations

import calendar as months
import re
from dataclasses import dataclass, field
from functools import cache
from datetime import date
from decimal import Decimal
from typing import Any

from ..data import number
from . import expr
from .build import FORM_PURPOSE, vocabulary
from .model import Band, Ruleset, Scale, Source

GRADE_ORDER = ("annual_score", "quarterly_points", "kpi_achieved", "average_score")


class EvaluationError(Exception):
    """A case the ruleset cannot decide: `kind` is the case files' `error:` value."""

    def __init__(self, kind: str, message: str, sources: list[Source] | None = None):
        super().__init__(message)
        self.kind = kind
        self.message = message
        self.sources = sources or []


@dataclass
class Step:
    """One step of an evaluation: what was decided, its value, and why."""

    name: str
    value: Any
    rule: str
    sources: list[Source] = field(default_factory=list)


@dataclass
class Result:
    outputs: dict[str, Any]
    trace: list[Step]
    error: EvaluationError | None = None


def evaluate(ruleset: Ruleset, given: dict[str, Any]) -> Result:
    """The outputs of a case (or its error), with the trace of every step."""
    trace: list[Step] = []
    try:
        inputs = _check_inputs(ruleset, given)
        outputs = _run(ruleset, inputs, trace)
    except EvaluationError as exc:
        trace.append(Step("error", exc.kind, exc.message, exc.sources))
        return Result({}, trace, exc)
    return Result(outputs, trace)


# ---------------------------------------------------------------- inputs

def _check_inputs(ruleset: Ruleset, given: dict[str, Any]) -> dict[str, Any]:
    """Inputs converted to their types (numbers to Decimal); an unknown name, a wrong type or
    a value outside an enum is `invalid_input`."""
    spec = vocabulary()["inputs"]
    if not isinstance(given, dict):
        raise EvaluationError("invalid_input", "the inputs (given:) are a mapping of names "
                              f"to values, not {_kind_of(given)}")
    out: dict[str, Any] = {}
    for name, value in given.items():
        if name not in spec:
            raise EvaluationError("invalid_input", f"unknown input {name!r}")
        kind = spec[name]["type"]
        try:
            out[name] = _convert(kind, value, spec[name].get("values"))
        except (TypeError, ValueError, ArithmeticError) as exc:
            raise EvaluationError("invalid_input", f"input {name}: {exc}") from None
    return out


def _convert(kind: str, value: Any, values: list | None):
    if kind == "decimals":
        if not isinstance(value, (list, tuple)):
            raise TypeError("a list of numbers is needed")
        return [_number(v) for v in value]
    if kind in ("decimal", "integer"):
        number = _number(value)
        if kind == "integer" and number != number.to_integral_value():
            raise ValueError(f"{value} is not a whole number")
        return number
    if kind == "boolean":
        if not isinstance(value, bool):
            raise TypeError("true or false is needed")
        return value
    if kind == "date":
        return value if isinstance(value, date) else date.fromisoformat(str(value))
    text = str(value)
    if values and text not in values:
        raise ValueError(f"{text!r} is not one of {', '.join(values)}")
    return text


def _number(value) -> Decimal:
    """A finite Decimal from a number or a text a person typed ("3,99")."""
    return number(value)


def _kind_of(value) -> str:
    """What a value is, in the words of a case file."""
    if value is None:
        return "empty"
    return "a list" if isinstance(value, list) else f"a {type(value).__name__}"


# ---------------------------------------------------------------- the steps

def _run(ruleset: Ruleset, inputs: dict[str, Any], trace: list[Step]) -> dict[str, Any]:
    reason = _eligibility(ruleset, inputs, trace)
    if reason is not None:
        return {"evaluated": False, "reason": reason}
    _constraints(ruleset, inputs, trace)
    names = vocabulary()["names"]
    env: dict[str, Any] = {names.get(k, k): v for k, v in inputs.items()}
    if "scores" in inputs:
        _form(ruleset, inputs, env, trace)
    _derive(ruleset, env, trace)
    outputs: dict[str, Any] = {"evaluated": True}
    for lookup in ruleset.lookups:
        if lookup.output == "score_range" and lookup.output in env:
            outputs["score_range"] = env[lookup.output]
    scale, variable = _graded(ruleset, env)
    if scale is None:
        if "score_range" in outputs:
            return outputs
        raise EvaluationError("missing_rule", _nothing_to_grade(ruleset, env))
    if "position" not in inputs:
        _constraints(ruleset, inputs, trace, {chapter_of(b) for b in scale.bands})
    value = _cap(ruleset, scale, inputs, env[variable], trace)
    value = _rounded(ruleset, (variable, scale.key, "score"), value, trace)
    band = _band(scale, value)
    trace.append(Step("grade", band.grade, f"{_show(value)} is in {_interval(band)} "
                      f"of the {scale.key} scale", band.sources))
    label = ruleset.labels.get(band.grade)
    outputs.update(score=value, grade=band.grade)
    if label is not None:
        outputs["grade_label"] = {"kk": label.kk, "ru": label.ru}
    return outputs


def _eligibility(ruleset: Ruleset, inputs: dict, trace: list[Step]) -> str | None:
    """The reason a servant is not evaluated, or None. A condition that surely excludes
    decides even when another cannot be decided (a tenure of 29 days with 12 worked days)."""
    undecided: EvaluationError | None = None
    for rule in ruleset.eligibility:
        try:
            short = _short(rule, inputs)
        except EvaluationError as exc:
            undecided = undecided or exc
            continue
        if short is None:
            continue
        text = f"{rule.subject} {rule.op} {_show(rule.value)} {rule.unit or ''}".strip()
        trace.append(Step(f"eligibility {rule.subject}", not short,
                          ("not evaluated: " if short else "evaluated: ") + text, rule.sources))
        if short:
            return rule.subject
    if undecided is not None:
        raise undecided
    return None


def _short(rule, inputs: dict) -> bool | None:
    """Whether a condition excludes the servant; None when its input is not given."""
    if rule.subject == "tenure_in_position":
        return _short_tenure(rule, inputs)
    if isinstance(rule.value, bool):  # on_probation, on_childcare_leave_whole_period
        given = inputs.get(rule.subject)
        return None if given is None else given is True and rule.value is True
    if rule.subject == "worked_days" and "worked_days" in inputs:
        return excludes(rule.op, inputs["worked_days"], rule.value)
    return None


def excludes(op: str, value, bound) -> bool:
    """Whether a servant is excluded by an eligibility threshold: an exclusion (`<`, `<=`:
    "менее 10 рабочих дней … не проводится") excludes when the comparison holds, a
    requirement (`>=`, `>`: "кемінде он бес жұмыс күні") when it fails."""
    holds = _compare(value, op, bound)
    return holds if op in ("<", "<=") else not holds


def _short_tenure(rule, inputs: dict) -> bool | None:
    """Whether the tenure is under the rule's months (the rule: "not evaluated when under N
    months"). Days are compared with the shortest and longest N consecutive months; between
    them only the dates can tell (`ambiguous_tenure`)."""
    n = int(rule.value)
    if "tenure_months" in inputs:
        return inputs["tenure_months"] < n
    if "tenure_days" not in inputs:
        return None
    days = inputs["tenure_days"]
    shortest, longest = month_span(n)
    if days < shortest:
        return True
    if days >= longest:
        return False
    raise EvaluationError("ambiguous_tenure",
                          f"{days} days may or may not be {n} month(s) ({shortest}–{longest} "
                          f"days): give tenure_months", rule.sources)


@cache  # a pure function of n, asked for every case
def month_span(n: int) -> tuple[int, int]:
    """Days in the shortest and the longest run of n consecutive calendar months."""
    lengths = [months.monthrange(2023 + (m // 12), m % 12 + 1)[1] for m in range(48)]
    leap = [months.monthrange(2024 + (m // 12), m % 12 + 1)[1] for m in range(48)]
    runs = [sum(lengths[i:i + n]) for i in range(36)] + [sum(leap[i:i + n]) for i in range(36)]
    return min(runs), max(runs)


def _constraints(ruleset: Ruleset, inputs: dict, trace: list[Step],
                 chapters: set[str] | None = None) -> None:
    """Check the numeric rules on inputs. A rule scoped to some positions applies to those
    positions; with no position given (`chapters`), to a case graded by its chapter's scale."""
    for rule in ruleset.constraints:
        if rule.input not in inputs:
            continue
        if rule.applies_to:
            position = inputs.get("position")
            if position is not None and position not in rule.applies_to:
                continue
            if position is None and (chapters is None or chapter_of(rule) not in chapters):
                continue
        elif chapters is not None:
            continue  # checked before, with the position
        given = inputs[rule.input]
        if rule.measure == "count":
            measured, what = [Decimal(len(given))], f"count({rule.input})"
        elif rule.measure == "each":
            measured, what = list(given), f"each of {rule.input}"
        else:
            measured, what = [given], rule.input
        ok = all(_compare(v, rule.op, rule.value) for v in measured)
        trace.append(Step(f"check {what}", ok, f"{what} {rule.op} {_show(rule.value)}",
                          rule.sources))
        if not ok:
            raise EvaluationError("invalid_input", f"{what} = {_show(given)} breaks "
                                  f"{rule.subject} {rule.op} {_show(rule.value)}", rule.sources)


def chapter_of(rule) -> str:
    return "/".join(rule.sources[0].address.split("/")[:2])


def _form(ruleset: Ruleset, inputs: dict, env: dict, trace: list[Step]) -> None:
    """The form of the servant's position: its scores checked and aggregated."""
    position = inputs.get("position")
    forms = [f for f in ruleset.forms if position in f.applies_to] if position else \
        (ruleset.forms if len(ruleset.forms) == 1 else [])
    scored = [f for f in forms if f.aggregation and any(p.high is not None
                                                        for p in f.parameters)]
    if not scored:
        borrowed = [r for r in ruleset.references if FORM_PURPOSE.match(r.purpose)]
        if borrowed:
            names = ", ".join(sorted({f"{r.target} ({r.purpose})" for r in borrowed}))
            raise EvaluationError("missing_rule", f"the evaluation form is not in this decree: "
                                  f"it takes it from {names}",
                                  [s for r in borrowed for s in r.sources])
        raise EvaluationError("invalid_input", f"no evaluation form for position {position!r}")
    form = scored[0]
    scores = inputs["scores"]
    numbered = [p for p in form.parameters if p.number is not None]
    if numbered and len(scores) != len(form.parameters):
        raise EvaluationError("invalid_input", f"{len(scores)} scores for the "
                              f"{len(form.parameters)} parameters of form {form.number}",
                              form.sources)
    for i, score in enumerate(scores):
        p = form.parameters[min(i, len(form.parameters) - 1)]
        if (p.low is not None and score < p.low) or (p.high is not None and score > p.high):
            raise EvaluationError("invalid_input", f"score {_show(score)} of {p.name!r} is "
                                  f"outside {_show(p.low)}–{_show(p.high)}", form.sources)
    aggregation = expr.parse(form.aggregation)
    local = {name: scores for name in aggregation.names()}
    try:
        value = expr.evaluate(aggregation, local)
    except expr.ExprError as exc:  # an empty list of scores, say
        raise EvaluationError("invalid_input", f"form {form.number}: {form.aggregation}: {exc}",
                              form.sources) from None
    env[form.target] = value
    trace.append(Step(form.target, value, f"form {form.number} ({form.title}): "
                      f"{form.aggregation} over {[_show(s) for s in scores]}", form.sources))


def _derive(ruleset: Ruleset, env: dict, trace: list[Step]) -> None:
    """Formulas and lookup tables, each as soon as everything it reads is known."""
    rounding = {id(comp) for _, comp in rounding_rules(ruleset).values()}
    pending = [c for c in ruleset.computations if id(c) not in rounding] + list(ruleset.lookups)
    progress = True
    while progress:
        progress = False
        for item in list(pending):
            if hasattr(item, "expression"):
                if item.target in env:
                    pending.remove(item)
                    continue
                parsed = expr.parse(item.expression)
                if not parsed.names() <= env.keys():
                    continue
                try:
                    value = expr.evaluate(parsed, env)
                except expr.ExprTypeError:
                    continue  # "avg(quarterly_points)" when the case gives one quarter's points
                except expr.ExprError as exc:
                    raise EvaluationError("invalid_input", f"{item.target} = {item.expression}:"
                                          f" {exc}", item.sources) from None
                env[item.target] = value
                trace.append(Step(item.target, value, f"{item.target} = {item.expression}",
                                  item.sources))
            else:
                if item.output in env or not _scalar(env.get(item.input)):
                    if item.output in env:
                        pending.remove(item)
                    continue
                value = _lookup(item, _rounded(ruleset, (item.input,), env[item.input], trace))
                env[item.output] = value
                trace.append(Step(item.output, value, f"{item.name}: {item.input} = "
                                  f"{_show(env[item.input])}", item.sources))
            pending.remove(item)
            progress = True


def _lookup(table, value: Decimal):
    rows = [r for r in table.rows if r.key is None and _inside(value, r)]
    if len(rows) == 1:
        return rows[0].value
    if not rows:
        raise EvaluationError("no_band", f"{table.input} = {_show(value)} is in no row of "
                              f"{table.name}", table.sources)
    raise EvaluationError("overlap", f"{table.input} = {_show(value)} is in {len(rows)} rows of "
                          f"{table.name}", table.sources)


def _graded(ruleset: Ruleset, env: dict) -> tuple[Scale | None, str | None]:
    """The scale to grade with and the variable it grades: the most derived one known."""
    scales = sorted(ruleset.scales, key=lambda s: GRADE_ORDER.index(s.key)
                    if s.key in GRADE_ORDER else len(GRADE_ORDER))
    for scale in scales:
        for name in scale.variables:
            if _scalar(env.get(name)):
                return scale, name
    return None, None


def _cap(ruleset: Ruleset, scale: Scale, inputs: dict, value: Decimal,
         trace: list[Step]) -> Decimal:
    sanction = inputs.get("sanction", "none")
    if sanction == "none":
        return value
    condition = vocabulary()["sanctions"][sanction]
    caps = [c for c in ruleset.caps if covers(c.condition, sanction) and c.scale == scale.key]
    if not caps:
        borrowed = [r for r in ruleset.references if FORM_PURPOSE.match(r.purpose)]
        if borrowed and not ruleset.caps:
            raise EvaluationError("missing_rule", "the caps for a sanction are on the evaluation "
                                  "forms, which this decree takes from " + ", ".join(
                                      sorted({r.target for r in borrowed})),
                                  [s for r in borrowed for s in r.sources])
        trace.append(Step("cap", value, f"no cap for {sanction} ({condition}) on the "
                          f"{scale.key} scale in this decree"))
        return value
    cap = min(caps, key=lambda c: c.max)
    capped = min(value, cap.max)
    trace.append(Step("cap", capped, f"{sanction} ({condition}): at most {_show(cap.max)}",
                      cap.sources))
    return capped


def covers(condition: str, sanction: str) -> bool:
    """Whether a cap's condition covers a sanction: `sanction_<part>_or_<part>…`, each part a
    canonical sanction or a group of grammar/rules.yaml (`minor`, `major`, `any`)."""
    if not condition.startswith("sanction_"):
        return False
    groups = vocabulary()["sanction_groups"]
    parts = condition.removeprefix("sanction_").split("_or_")
    return any(sanction == part or sanction in groups.get(part, ()) for part in parts)


def rounding_rules(ruleset: Ruleset) -> dict[str, tuple]:
    """A stated rounding rule, `T = round(X, n)`, by the name it rounds: X -> (parsed, rule)."""
    rules = {}
    for comp in ruleset.computations:
        parsed = expr.parse(comp.expression)
        match = ROUNDING.fullmatch(parsed.text)
        if match:
            rules[match.group(1)] = (parsed, comp)
    return rules


ROUNDING = re.compile(r"round\((\w+), \d+\)")


def _rounded(ruleset: Ruleset, names: tuple[str, ...], value: Decimal,
             trace: list[Step]) -> Decimal:
    """The value rounded by the first rounding rule that names it (or `score`, the graded
    value), else the value itself."""
    rules = rounding_rules(ruleset)
    for name in names:
        if name in rules:
            parsed, comp = rules[name]
            (arg,) = parsed.names()
            rounded = expr.evaluate(parsed, {arg: value})
            trace.append(Step(comp.target, rounded, f"{comp.target} = {comp.expression} "
                              f"with {arg} = {_show(value)}", comp.sources))
            return rounded
    return value


def _band(scale: Scale, value: Decimal) -> Band:
    found = [b for b in scale.bands if _inside(value, b)]
    if len(found) == 1:
        return found[0]
    if found:
        raise EvaluationError("overlap", f"{_show(value)} is in {len(found)} bands of the "
                              f"{scale.key} scale", [s for b in found for s in b.sources])
    below = [b for b in scale.bands if b.high is not None and b.high < value]
    above = [b for b in scale.bands if b.low is not None and b.low > value]
    near = ([max(below, key=lambda b: b.high)] if below else []) + \
        ([min(above, key=lambda b: b.low)] if above else [])
    raise EvaluationError("no_band", f"{_show(value)} is in no band of the {scale.key} scale"
                          + (": between " + " and ".join(_interval(b) for b in near)
                             if near else ""), [s for b in near for s in b.sources])


def _inside(value: Decimal, band) -> bool:
    if band.low is not None and (value < band.low or (value == band.low
                                                      and band.low_inclusive is False)):
        return False
    if band.high is not None and (value > band.high or (value == band.high
                                                        and band.high_inclusive is False)):
        return False
    return True


def _nothing_to_grade(ruleset: Ruleset, env: dict) -> str:
    wanted = sorted({v for s in ruleset.scales for v in s.variables})
    return f"no graded value could be computed from the inputs (a scale grades one of: " \
           f"{', '.join(wanted)})" if wanted else "this decree states no grading scale"


# ---------------------------------------------------------------- helpers

def _scalar(value) -> bool:
    return isinstance(value, Decimal)


def _compare(value, op: str, bound) -> bool:
    if op == "between":
        return bound[0] <= value <= bound[1]
    return {"<": value < bound, "<=": value <= bound, ">": value > bound,
            ">=": value >= bound, "==": value == bound}[op] if op in ("<", "<=", ">", ">=", "==") \
        else True


def _interval(band) -> str:
    low = "(−∞" if band.low is None else ("[" if band.low_inclusive else "(") + _show(band.low)
    high = "+∞)" if band.high is None else _show(band.high) + ("]" if band.high_inclusive else ")")
    return f"{low}, {high}"


def _show(value) -> str:
    if isinstance(value, Decimal):
        return format(value.normalize(), "f") if value == value.to_integral_value() else \
            format(value, "f")
    if isinstance(value, list):
        return "[" + ", ".join(_show(v) for v in value) + "]"
    return str(value)
