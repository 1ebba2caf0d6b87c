"""The reference interpreter: a compiled ruleset's plan run on one case, exactly.

It reads the plan (parser/rules/plan.py) and nothing else: no grammar, no vocabulary file.
Arithmetic is exact (`Fraction`): `a / 3 * 3` is `a`. Nothing is rounded that the plan does
not round. Every step is recorded with its value and its clauses (`--explain`), and so is
every step skipped, with the reason. The decision list is run in its order: the guards (who
is not evaluated, which inputs are invalid), the form of the position, the formulas and
tables (each once what it reads is known), then the grade: the candidate, its cap, its
rounding, its band. An input the decision needs that the case lacks is `missing_input`,
naming the input and the clause that needs it.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, replace
from datetime import date
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from ..data import number, plain
from .plan import (METHOD, TABLES, Band, Choice, Define, Form, Grade, Guard, InputSpec,
                   KeyedLookup, Lookup, Plan, Source, Unsupported, chosen_on, given_reads,
                   aggregated_by_formula, grouped_in, left_to_formulas, names)
from .values import EvalFailed, Missing, WrongType, decimal, evaluate_expr, round_half_up, show

if TYPE_CHECKING:  # a compiled ruleset's plan is read without the model (read.py)
    from .model import Ruleset
    from .read import Compiled


class EvaluationError(Exception):
    """A case the ruleset cannot decide: `kind` is the case files' `error:` value."""

    def __init__(self, kind: str, message: str, sources: list[Source] | None = None):
        super().__init__(message)
        self.kind = kind
        self.message = message
        self.sources = sources or []


@dataclass
class Step:
    """One step of an evaluation: what was decided (or skipped), its value, and why."""

    name: str
    value: Any
    rule: str
    sources: list[Source] = field(default_factory=list)


@dataclass
class Result:
    outputs: dict[str, Any]
    trace: list[Step]
    error: EvaluationError | None = None


def evaluate(ruleset: Ruleset | Compiled, given: dict[str, Any]) -> Result:
    """The outputs of a case (or its error), with the trace of every step."""
    trace: list[Step] = []
    try:
        run = Run(ruleset.plan, _check_inputs(ruleset.plan, given), trace)
        outputs = run.decide()
    except EvaluationError as exc:
        trace.append(Step("error", exc.kind, exc.message, exc.sources))
        return Result({}, trace, exc)
    return Result(outputs, trace)


def explain(result: Result) -> list[dict]:
    """The trace as plain data."""
    return [{"step": s.name, "value": plain(s.value), "rule": s.rule,
             "sources": [asdict(src) for src in s.sources]} for s in result.trace]


# ---------------------------------------------------------------- inputs

def _check_inputs(plan: Plan, given: dict[str, Any]) -> dict[str, Any]:
    """Inputs converted to their types (numbers to Fraction, exactly); an unknown name, a
    wrong type or a value outside an enum is `invalid_input`."""
    if not isinstance(given, dict):
        raise EvaluationError("invalid_input", "the inputs (given:) are a mapping of names "
                              f"to values, not {_kind_of(given)}")
    spec = {i.name: i for i in plan.inputs}
    out: dict[str, Any] = {}
    for name, value in given.items():
        if name not in spec:
            raise EvaluationError("invalid_input", f"unknown input {name!r}")
        try:
            out[name] = _convert(spec[name], value)
        except (TypeError, ValueError, ArithmeticError) as exc:
            raise EvaluationError("invalid_input", f"input {name}: {exc}") from None
    return out


def _convert(spec: InputSpec, value: Any):
    """One input's value in the interpreter's types."""
    if spec.type == "decimals":
        if not isinstance(value, (list, tuple)):
            raise TypeError("a list of numbers is needed")
        return [Fraction(number(v)) for v in value]
    if spec.type == "enums":
        if not isinstance(value, (list, tuple)):
            raise TypeError("a list of texts is needed")
        return [_convert(replace(spec, type="enum"), v) for v in value]
    if spec.type in ("decimal", "integer"):
        exact = number(value)
        if spec.type == "integer" and exact != exact.to_integral_value():
            raise ValueError(f"{value} is not a whole number")
        return Fraction(exact)
    if spec.type == "boolean":
        if not isinstance(value, bool):
            raise TypeError("true or false is needed")
        return value
    if spec.type == "date":
        return value if isinstance(value, date) else date.fromisoformat(str(value))
    text = str(value)
    if spec.values and text not in spec.values:
        raise ValueError(f"{text!r} is not one of {', '.join(spec.values)}")
    return text


def _kind_of(value) -> str:
    """What a value is, in the words of a case file."""
    if value is None:
        return "empty"
    return "a list" if isinstance(value, list) else f"a {type(value).__name__}"


# ---------------------------------------------------------------- the run

class Run:
    """One case through one plan: the inputs, the values known so far, the trace."""

    def __init__(self, plan: Plan, inputs: dict[str, Any], trace: list[Step]):
        self.plan, self.inputs, self.trace = plan, inputs, trace
        self.on = chosen_on(plan)  # the input the position scopes of checks read
        self.env: dict[str, Any] = dict(inputs)
        self.pending: EvaluationError | None = None
        self.unchosen: EvaluationError | None = None  # a formula its condition's input chooses

    def decide(self) -> dict[str, Any]:
        """The decision list in its order; the outputs of the case."""
        steps = self.plan.decision
        reason = self.eligibility([s for s in steps if _is_guard(s, "not_evaluated")
                                   and not s.graded])
        if reason is not None:
            return {"evaluated": False, "reason": reason}
        checks = [s for s in steps if _is_guard(s, "invalid_input")]
        self.checks(checks, None)
        for step in steps:
            if isinstance(step, Choice):
                self.choose(step)
            elif isinstance(step, Unsupported):
                self.skip(step.target, f"cannot be computed: {step.reason}", step.sources)
        self.derive([s for s in steps if isinstance(s, (Define, *TABLES))])
        outputs: dict[str, Any] = {"evaluated": True}
        for step in steps:
            if isinstance(step, TABLES) and step.output and step.target in self.env:
                outputs[step.target] = _plain(self.env[step.target])
        grade = next((s for s in steps if isinstance(s, Grade)), None)
        return self.grade(grade, checks, outputs)

    def skip(self, name: str, why: str, sources: list[Source] | None = None) -> None:
        """Record a step not taken and why."""
        self.trace.append(Step(f"skipped {name}", None, why, sources or []))

    def missing(self, names: list[str], why: str, sources: list[Source]) -> EvaluationError:
        """`missing_input` naming the inputs and the clause that needs them."""
        where = ", ".join(dict.fromkeys(s.address for s in sources)) or "the plan"
        return EvaluationError("missing_input", f"{' or '.join(names)} is needed ({why}, "
                               f"{where})", sources)

    # ------------------------------------------------------------ guards

    def eligibility(self, guards: list[Guard]) -> str | None:
        """The reason a servant is not evaluated, or None. A guard that fires decides even
        when another cannot be decided (a missing input, an ambiguous tenure)."""
        reason, pending = self.first_fired(guards)
        if reason is not None:
            return reason
        if pending is not None and pending.kind != "missing_input":
            raise pending
        self.pending = pending  # raised when a grade is given (a table alone needs none)
        return None

    def first_fired(self, guards: list[Guard]) -> tuple[str | None,
                                                        EvaluationError | None]:
        """The reason of the first guard that fires (None: none fires), and the first error
        a guard raised before it."""
        pending: EvaluationError | None = None
        for guard in guards:
            try:
                fired = self.test(guard)
            except EvaluationError as exc:
                pending = pending or exc
                continue
            if fired:
                return guard.reason, pending
        return None, pending

    def test(self, guard: Guard) -> bool | None:
        """Whether a guard fires (None: skipped for want of its inputs)."""
        test = next((t for t in guard.tests if all(n in self.inputs for n in t.needs)), None)
        if test is None:
            needed = list(dict.fromkeys(n for t in guard.tests for n in t.needs))
            if guard.absent == "skip":
                self.skip(guard.text, f"{' or '.join(needed)} not given", guard.sources)
                return None
            raise self.missing(needed, guard.text, guard.sources)
        fires = self.value(test.fires, guard)
        if not fires and test.passes is not None and not self.value(test.passes, guard):
            raise EvaluationError(test.undecided or "missing_rule", _undecided(guard, test,
                                  self.inputs), guard.sources)
        verdict = {"not_evaluated": ("not evaluated: ", "evaluated: "),
                   "invalid_input": ("fails: ", "holds: ")}[guard.outcome]
        self.trace.append(Step(f"{'eligibility' if guard.outcome == 'not_evaluated' else 'check'}"
                               f" {guard.reason}", not fires,
                               verdict[0 if fires else 1] + guard.text, guard.sources))
        return bool(fires)

    def checks(self, guards: list[Guard], chapters: set[str] | None) -> None:
        """The numeric rules on inputs. One scoped to some positions applies to those; with no
        position given (`chapters`), to a case graded by a scale of its chapter, or to every
        case where it has none (checked before the form)."""
        position = self.inputs.get(self.on)
        for guard in guards:
            if guard.positions:
                if position is not None and position not in guard.positions:
                    continue
                if position is None and guard.chapter is None:
                    if chapters is not None:
                        continue  # checked before, with no chapter to wait for
                elif position is None and (chapters is None or guard.chapter not in chapters):
                    continue
            elif chapters is not None:
                continue  # checked before, with the position
            if self.test(guard):
                given = ", ".join(f"{n} = {show(self.inputs[n])}" for t in guard.tests
                                  for n in t.needs if n in self.inputs)
                raise EvaluationError("invalid_input", f"{given} breaks {guard.reason}: "
                                      f"{guard.text}", guard.sources)

    # ------------------------------------------------------------ the form

    def choose(self, choice: Choice) -> None:
        """The form of the servant's position: its scores checked and aggregated."""
        if choice.over not in self.inputs:
            self.skip("form", f"no {choice.over} given", [s for f in choice.forms
                                                          for s in f.sources])
            return
        if left_to_formulas(self.plan, choice):
            self.within(choice)
            self.skip("form", f"no form that scores read: a formula computes {choice.target} from "
                      f"{choice.over}")
            return
        form = self.form(choice)
        if form is None:
            self.within(choice)
            self.skip("form", f"no sheet of the position is for method "
                      f"{self.inputs.get(METHOD)!r}: a formula computes {choice.target} from "
                      f"{choice.over}", [s for f in choice.forms for s in f.sources])
            return
        scores = self.inputs[choice.over]
        if form.fixed and not form.least <= len(scores) <= len(form.parameters):
            raise EvaluationError("invalid_input", f"{len(scores)} scores for the "
                                  f"{len(form.parameters)} parameters{form.needed} of form "
                                  f"{form.number}", form.sources)
        for i, score in enumerate(scores):
            p = form.parameters[min(i, len(form.parameters) - 1)]
            if (p.low is not None and score < p.low) or (p.high is not None and score > p.high):
                raise EvaluationError("invalid_input", f"score {show(score)} of {p.name!r} is "
                                      f"outside {show(p.low)}–{show(p.high)}", form.sources)
            if p.whole and score.denominator != 1:
                raise EvaluationError("invalid_input", f"score {show(score)} of {p.name!r} is "
                                      "not a whole number", [*p.whole, *form.sources])
        if form.aggregate is None:
            raise EvaluationError("missing_rule", f"form {form.number}: the aggregation is not"
                                  f" an expression ({form.prose})", form.sources)
        env = {choice.over: scores}
        for node in (g for g in grouped_in(form.aggregate) if g.excluded and g.roles):
            if node.roles not in self.inputs:
                raise self.missing([node.roles], f"the answers of {', '.join(node.excluded)} "
                                   "are left out", node.excluded_by or form.sources)
            env[node.roles] = self.inputs[node.roles]
        bound = {g.each for g in grouped_in(form.aggregate)}  # a group's own items
        for name in sorted(names(form.aggregate) - env.keys() - bound):
            # a list given beside the scores ("sum(scores * task_weights) / sum(task_weights)")
            if name not in self.inputs and name not in self.env:
                raise self.missing([name], f"form {form.number} reads it beside the scores",
                                   form.sources)
            env[name] = self.inputs[name] if name in self.inputs else self.env[name]
        try:
            value = evaluate_expr(form.aggregate, env)
        except EvalFailed as exc:  # an empty list of scores, say
            raise EvaluationError("invalid_input", f"form {form.number}: {form.text}: {exc}",
                                  form.sources) from None
        for name in (choice.target, *[n for n in form.names if n != choice.target]):
            self.env[name] = value
            self.trace.append(Step(name, _plain(value), f"form {form.number} "
                                   f"({form.title}): {form.text} over {show(scores)}",
                                   form.sources))

    def within(self, choice: Choice) -> None:
        """The scores a formula aggregates, each in the range the decree's text gives them
        (`Choice.domain`; none given: any)."""
        domain = choice.domain
        for i, score in enumerate(self.inputs[choice.over] if domain is not None else ()):
            if not domain.low <= score <= domain.high:
                raise EvaluationError("invalid_input", f"score {show(score)} (item {i + 1}) is "
                                      f"outside {show(domain.low)}–{show(domain.high)} of "
                                      f"{domain.subject}", domain.sources)
            if domain.whole and score.denominator != 1:
                raise EvaluationError("invalid_input", f"score {show(score)} (item {i + 1}) is "
                                      f"not a whole number of {domain.subject}", domain.whole)

    def form(self, choice: Choice) -> Form | None:
        """The form for the case's position (the only one when the decree has one), among
        those the case's `method` is for where their titles name it (`Choice.by_method`);
        None where the position's sheets are all for other methods and a formula computes
        the choice's target (the case is scored by it)."""
        position, method = self.inputs.get(choice.on), self.inputs.get(METHOD)
        sheets = [f for f in choice.forms if f.scored]
        scored = choice.besides_items(choice.by_method(sheets, position, method), self.inputs)
        if scored:
            return scored[0]
        if method is not None and choice.by_method(sheets, position, None) \
                and aggregated_by_formula(self.plan, choice):
            return None
        if choice.borrowed is not None:
            b = choice.borrowed
            raise EvaluationError("missing_rule", f"{b.what} is not in this decree: it takes it"
                                  f" from {', '.join(b.targets)}", b.sources)
        if position is None and choice.needs_on:
            raise self.missing([choice.on], "the form to use", [s for f in choice.forms
                                                                 for s in f.sources])
        raise EvaluationError("invalid_input", f"no evaluation form for {choice.on} "
                              f"{position!r}")

    # ------------------------------------------------------------ formulas and tables

    def derive(self, items: list) -> None:
        """Formulas and lookup tables, each as soon as everything it reads is known."""
        pending = list(items)
        progress = True
        while progress:
            progress = False
            for item in list(pending):
                target = item.target
                if target in self.env:
                    pending.remove(item)
                    self.skip(target, "already known (given or computed)", item.sources)
                    continue
                done = self.define(item) if isinstance(item, Define) else \
                    self.keyed(item) if isinstance(item, KeyedLookup) else self.lookup(item)
                if done:
                    pending.remove(item)
                    progress = True
        for item in pending:
            self.skip(item.target, self.wanting(item), item.sources)
            self.unchosen = self.unchosen or self.unchoosable(item)

    def unchoosable(self, item) -> EvaluationError | None:
        """`missing_input` for a formula whose condition (`when`) reads an input not given,
        where the case gives what the formula itself reads (else choosing it would not help)."""
        if not isinstance(item, Define) or item.when is None:
            return None
        if any(n not in self.inputs for n in given_reads(self.plan, item)):
            return None
        inputs = {spec.name for spec in self.plan.inputs}
        lacking = sorted(n for n in names(item.when) & inputs if n not in self.env)
        return self.missing(lacking, f"the formula to use: {item.text}", item.sources) \
            if lacking else None

    def wanting(self, item) -> str:
        """Why a formula or table was not computed."""
        reads = sorted(_reads(item) - self.env.keys())
        if reads:
            return f"needs {', '.join(reads)}"
        return "its inputs are not of the kind it reads"

    def define(self, item: Define) -> bool:
        """A formula, when what it reads is known and of its kind; False otherwise. A formula
        chosen by a condition (`when`) that does not hold is done without a value."""
        if item.when is not None:
            try:
                holds = evaluate_expr(item.when, self.env)
            except (Missing, WrongType):
                return False
            except EvalFailed as exc:
                raise EvaluationError("invalid_input", f"{item.text}: {exc}",
                                      item.sources) from None
            if holds is not True:
                self.skip(item.target, f"not this formula: {item.text}", item.sources)
                return True
        try:
            value = evaluate_expr(item.expr, self.env)
        except (Missing, WrongType):
            return False  # "avg(quarterly_points)" when the case gives one quarter's points
        except EvalFailed as exc:
            raise EvaluationError("invalid_input", f"{item.text}: {exc}", item.sources) from None
        self.env[item.target] = value
        self.trace.append(Step(item.target, _plain(value), item.text, item.sources))
        return True

    def lookup(self, table: Lookup) -> bool:
        """A table's row for its input's value (rounded where a rule says so); a table read
        item by item (`each`), the row of every item of its input's list."""
        value = self.env.get(table.input)
        if table.each:
            if not isinstance(value, list) or not all(isinstance(v, Fraction) for v in value):
                return False
            found = []
            for k, item in enumerate(value, 1):
                item = self.rounded(table.rounding, item)
                self.row(table, [r for r in table.rows if _inside(item, r)],
                         f"{show(item)} (item {k})")
                found.append(self.env.pop(table.target))
            self.env[table.target] = found
            return True
        if not isinstance(value, Fraction):
            return False
        value = self.rounded(table.rounding, value)
        return self.row(table, [r for r in table.rows if _inside(value, r)], show(value))

    def keyed(self, table: KeyedLookup) -> bool:
        """A keyed table's row for its input's key (a text)."""
        key = self.env.get(table.input)
        if not isinstance(key, str):
            return False
        return self.row(table, [r for r in table.rows if r.key == key], repr(key))

    def row(self, table: Lookup | KeyedLookup, rows: list, shown: str) -> bool:
        """The value of the one row a table holds its input's value (`shown`) in; none is
        `no_band`, two `overlap`."""
        if not rows:
            raise EvaluationError("no_band", f"{table.input} = {shown} is in no row of "
                                  f"{table.name}", table.sources)
        if len(rows) > 1:
            raise EvaluationError("overlap", f"{table.input} = {shown} is in {len(rows)} "
                                  f"rows of {table.name}", table.sources)
        result = rows[0].value
        self.env[table.target] = _exact(result)
        self.trace.append(Step(table.target, result, f"{table.name}: {table.input} = {shown}",
                               table.sources))
        return True

    def rounded(self, rule, value: Fraction) -> Fraction:
        """The value rounded by a stated rule (None: as it is)."""
        if rule is None:
            return value
        result = round_half_up(value, rule.digits)
        self.trace.append(Step(rule.target, _plain(result), f"{rule.text} with {rule.name} = "
                               f"{show(value)}", rule.sources))
        return result

    # ------------------------------------------------------------ the grade

    def grade(self, grade: Grade | None, checks: list[Guard], outputs: dict) -> dict:
        """The graded value capped, rounded and placed in a band of its scale."""
        candidate = None if grade is None else next(
            (c for c in grade.candidates if isinstance(self.env.get(c.variable), Fraction)), None)
        if candidate is None:
            if len(outputs) > 1:
                if self.pending is not None:
                    self.skip("eligibility", f"not known ({self.pending.message}): the "
                              "outputs are a table's, not a grade", self.pending.sources)
                return outputs
            if self.unchosen is not None:
                raise self.unchosen
            raise EvaluationError("missing_rule", _nothing_to_grade(grade))
        reason, own = self.graded_eligibility(candidate.variable)
        if reason is not None:
            return {"evaluated": False, "reason": reason}
        if self.pending is not None and not candidate.over_evaluated:
            raise self.pending
        if self.pending is not None:
            self.skip("eligibility", f"not asked again ({self.pending.message}): "
                      f"{candidate.variable} is computed from periods each evaluated",
                      self.pending.sources)
        if own is not None:
            raise own
        scale = next(s for s in grade.scales if s.key == candidate.scale)
        if self.on not in self.inputs:
            self.checks(checks, set(scale.chapters))
        value = self.env[candidate.variable]
        if candidate.variable in grade.capped:
            value = self.cap(grade, scale, value)
        elif scale.caps:
            self.skip("cap", f"{candidate.variable} is not a sheet's score: no cap applies",
                      [s for c in scale.caps for s in c.sources])
        value = self.rounded(candidate.rounding, value)
        band = self.band(scale, value)
        self.trace.append(Step("grade", band.grade, f"{show(value)} is in {_interval(band)} "
                               f"of the {scale.key} scale", band.sources))
        outputs.update(score=_plain(value), grade=band.grade)
        label = self.plan.labels.get(band.grade)
        if label is not None:
            outputs["grade_label"] = {"kk": label.kk, "ru": label.ru}
        return outputs

    def graded_eligibility(self, variable: str) -> tuple[str | None, EvaluationError | None]:
        """The guards of the graded value (`Guard.graded`: the year's own, asked even of a
        value over periods each evaluated): the reason of the first that fires, else the
        first error one of them raised (a missing input: `missing_input`)."""
        return self.first_fired([g for g in self.plan.decision if _is_guard(g, "not_evaluated")
                                 and variable in g.graded])

    def cap(self, grade: Grade, scale, value: Fraction) -> Fraction:
        """The ceiling the sanction imposes (choice by sanction)."""
        if not scale.caps and scale.caps_borrowed is None:
            return value
        sanction = self.inputs.get(grade.on)
        optional = next((i.optional_by for i in self.plan.inputs if i.name == grade.on), [])
        if sanction is None and optional:
            self.skip("cap", f"no {grade.on} given, which this decree makes optional: it "
                      "states no cap (its forms, another act's, do)", optional)
            return value
        if sanction is None:
            raise self.missing([grade.on], "a cap may apply", [s for c in scale.caps
                                                               for s in c.sources]
                               or scale.caps_borrowed.sources)
        if sanction == grade.none:
            self.trace.append(Step("cap", _plain(value), f"no {grade.on}: no cap",
                                   [s for c in scale.caps for s in c.sources]))
            return value
        if not scale.caps:
            b = scale.caps_borrowed
            raise EvaluationError("missing_rule", f"{b.what} are in " + ", ".join(b.targets),
                                  b.sources)
        position = self.inputs.get(self.on)
        caps = [c for c in scale.caps if sanction in c.covers
                and (not c.positions or position is None or position in c.positions)]
        if not caps:
            self.skip("cap", f"no cap for {sanction} on the {scale.key} scale in this decree"
                      + (f" for {self.on} {position}" if position is not None else ""),
                      [s for c in scale.caps for s in c.sources])
            return value
        cap = min(caps, key=lambda c: c.max)
        capped = min(value, Fraction(cap.max))
        self.trace.append(Step("cap", _plain(capped), f"{sanction} ({cap.condition}): at most "
                               f"{show(cap.max)}", cap.sources))
        return capped

    def band(self, scale, value: Fraction) -> Band:
        """The one band holding the value; none is `no_band`, two are `overlap`."""
        found = [b for b in scale.bands if _inside(value, b)]
        if len(found) == 1:
            return found[0]
        if found:
            raise EvaluationError("overlap", f"{show(value)} is in {len(found)} bands of the "
                                  f"{scale.key} scale", [s for b in found for s in b.sources])
        below = [b for b in scale.bands if b.high is not None and b.high < value]
        above = [b for b in scale.bands if b.low is not None and b.low > value]
        near = ([max(below, key=lambda b: b.high)] if below else []) + \
            ([min(above, key=lambda b: b.low)] if above else [])
        raise EvaluationError("no_band", f"{show(value)} is in no band of the {scale.key} "
                              "scale" + (": between " + " and ".join(_interval(b) for b in near)
                                         if near else ""), [s for b in near for s in b.sources])

    def value(self, node, guard: Guard):
        """An expression of a guard over the inputs."""
        try:
            return evaluate_expr(node, self.inputs)
        except (Missing, WrongType, EvalFailed) as exc:
            raise EvaluationError("invalid_input", f"{guard.text}: {exc}", guard.sources) \
                from None


# ---------------------------------------------------------------- helpers

def _is_guard(step, outcome: str) -> bool:
    return isinstance(step, Guard) and step.outcome == outcome


def _reads(item) -> set[str]:
    """The names a formula or table reads."""
    if isinstance(item, Define):
        return names(item.expr) | (names(item.when) if item.when is not None else set())
    return {item.input}


def _exact(value):
    """A table's value in the interpreter's types: a number (or each of a list's) a Fraction."""
    if isinstance(value, Decimal):
        return Fraction(value)
    return [Fraction(v) for v in value] if isinstance(value, list) else value


def _undecided(guard: Guard, test, inputs: dict) -> str:
    """Why neither side of a test held: a tenure in days that may or may not be N months."""
    given = ", ".join(f"{n} = {show(inputs[n])}" for n in test.needs)
    others = sorted({n for t in guard.tests for n in t.needs} - set(test.needs))
    return f"{given} may or may not meet {guard.text}" + (
        f": give {' or '.join(others)}" if others else "")


def _inside(value: Fraction, band) -> bool:
    """Whether a value is in a band or row (an inclusivity of None counts as inclusive)."""
    if band.low is not None and (value < band.low or (value == band.low
                                                      and band.low_inclusive is False)):
        return False
    if band.high is not None and (value > band.high or (value == band.high
                                                        and band.high_inclusive is False)):
        return False
    return True


def _nothing_to_grade(grade: Grade | None) -> str:
    if grade is None:
        return "this decree states no grading scale"
    wanted = sorted({c.variable for c in grade.candidates})
    return f"no graded value could be computed from the inputs (a scale grades one of: " \
           f"{', '.join(wanted)})"


def _interval(band) -> str:
    low = "(−∞" if band.low is None else ("[" if band.low_inclusive else "(") + show(band.low)
    high = "+∞)" if band.high is None else show(band.high) + ("]" if band.high_inclusive else ")")
    return f"{low}, {high}"


def _plain(value):
    """A value for the outputs and trace: a number as Decimal (exact when it can be)."""
    if isinstance(value, Fraction):
        return decimal(value)
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value
