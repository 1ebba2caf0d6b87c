"""A compiled fast path for the batch evaluator: rulesets of the common shape run in one pass
per person over small pre-encoded integer columns, with the results of parser/rules/batch.py
(and so of the single-case evaluator) for every row.

The shape (`supports(ruleset)`): eligibility on tenure (days against the shortest and longest
N months) and worked days; forms chosen by position whose aggregation is the average of the
scores (`sum(scores) / count(scores)` or `avg(scores)`) with parameter ranges; caps by
sanction; bands of the scale that grades the form's average (or a `score` given directly, the
score-only path of seed 000); no constraints and no lookup tables. A frame qualifies when it
gives only position, sanction, tenure_days, worked_days and either scores (all of one length)
or score, with no null cell (`evaluate_frame` returns None otherwise and batch.py keeps its
generic path, which stays the reference).

`compile_plan` turns the ruleset into integer tables. Every value is an integer count of
1/L, L = lcm(n × 10**places, the denominators of the band bounds and caps): the average of n
scores in hundredths is their integer sum times L / (n × 100), so "avg ≤ 2.99" is a
comparison of integers (the cross-multiplication), exact like the Decimal path. `run`
calls one @njit kernel (numba) that makes a single pass over the people, BLOCK at a time:
each step is a loop without branches over the block, which LLVM vectorizes, and whose
intermediates stay in the L1 cache. The outcome follows evaluate.py's order: a bad enum code ->
invalid_input; eligibility rules in order (the first that excludes gives the reason; an
ambiguous tenure is the error only if none excludes); the position's form (or its error), the
parameter ranges and the sum; the sanction's cap (or missing_rule); the band (no_band,
overlap). Outputs are int8 codes (grade into `plan.grades`, error into ERRORS, reason into
`plan.reasons`, -1 for none) and the graded value as an integer numerator over `plan.den`.

Inputs (`Inputs`): scores as a (n_scores, people) int16 or int32 array of units of
10**-places, position and sanction as int8 codes into the vocabulary's values (-1: a value
outside them, i.e. invalid_input), tenure_days and worked_days as int16/int32. An absent
input is an empty array.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from math import ceil, floor, lcm

import numpy as np
from numba import njit

from . import expr
from .build import FORM_PURPOSE, vocabulary
from .lower import grade_order, month_span
from .model import Ruleset

ERRORS = ("invalid_input", "ambiguous_tenure", "missing_rule", "no_band", "overlap")
INVALID, AMBIGUOUS, MISSING, NO_BAND, OVERLAP = range(len(ERRORS))
AVERAGES = {expr.parse("sum(scores) / count(scores)").text, expr.parse("avg(scores)").text}
COLUMNS = ("position", "sanction", "tenure_days", "worked_days", "scores", "score")
BIG = 2 ** 62  # an open band end, and the bound on every numerator
TENURE, WORKED = 0, 1  # kinds of eligibility rules
NO_CAP, CAP, CAP_MISSING = 0, 1, 2  # what a sanction does
BLOCK = 2048  # people per step of the kernel (its intermediates stay in the L1 cache)


class Unsupported(Exception):
    """A ruleset or a frame the kernel does not cover (the generic batch path does)."""


@dataclass
class Plan:
    """A ruleset compiled for given inputs: integer tables the kernel reads."""

    positions: list[str]
    sanctions: list[str]
    grades: list[str]
    reasons: list[str]
    n_scores: int  # 0: the score-only path
    places: int  # the inputs' decimal places (scores or score)
    den: int  # L: values are numerators over it
    multiplier: int  # input units (a sum of scores, or a score) -> numerators over den
    pos_form: np.ndarray  # int64 per position code (+1 slot: no position): ranges, or -1-error
    low: np.ndarray  # int64 (distinct forms' ranges, n_scores): in input units
    high: np.ndarray
    rules: np.ndarray  # int64 (rules, 4): kind, low, high, reason code
    caps: np.ndarray  # int64 (sanctions, 2): what, cap numerator
    bands: np.ndarray  # int64 (bands, 3): lowest and highest numerator inside, grade code


@dataclass
class Inputs:
    """Pre-encoded columns (an absent one is empty)."""

    scores: np.ndarray
    position: np.ndarray
    sanction: np.ndarray
    tenure_days: np.ndarray
    worked_days: np.ndarray
    score: np.ndarray

    @property
    def n(self) -> int:
        return max(self.scores.shape[1], *(len(getattr(self, c)) for c in COLUMNS[:4]),
                   len(self.score))


@dataclass
class Outputs:
    """Codes (-1: none) and the graded value's numerator over plan.den (0 where no grade)."""

    grade: np.ndarray
    error: np.ndarray
    reason: np.ndarray
    value: np.ndarray


# ---------------------------------------------------------------- the ruleset

def supports(ruleset: Ruleset) -> bool:
    """Whether the kernel covers the ruleset with scores or with a direct score."""
    for given in ({"position", "sanction", "tenure_days", "worked_days", "scores"},
                  {"sanction", "tenure_days", "worked_days", "score"}):
        try:
            compile_plan(ruleset, given, 5 if "scores" in given else 0, 2)
            return True
        except Unsupported:
            continue
    return False


def compile_plan(ruleset: Ruleset, given: set[str], n_scores: int, places: int) -> Plan:
    """The plan of `ruleset` for rows giving the inputs `given` (names of COLUMNS), with
    n_scores scores (0: a direct score) in units of 10**-places; Unsupported if not covered."""
    if not given <= set(COLUMNS) or ("scores" in given) == ("score" in given):
        raise Unsupported("inputs other than " + ", ".join(COLUMNS) + " (scores or score)")
    if ruleset.constraints or ruleset.lookups:
        raise Unsupported("constraints or lookup tables")
    if "scores" in given and n_scores < 1:
        raise Unsupported("an empty list of scores")
    spec = vocabulary()["inputs"]
    positions, sanctions = spec["position"]["values"], spec["sanction"]["values"]
    grades = list(dict.fromkeys(b.grade for s in ruleset.scales for b in s.bands))
    reasons = list(dict.fromkeys(r.subject for r in ruleset.eligibility))
    unit = 10 ** places
    if "scores" in given:
        pos_form, forms, target = _forms(ruleset, given, positions, n_scores)
        base = n_scores * unit
    else:
        pos_form, forms, target, base = np.zeros(len(positions) + 1, np.int64), [], "score", unit
    if target:  # else no row has a form: every row stops at the form step
        _computations(ruleset, given, {target})
    scale = _scale(ruleset, given, target) if target else None
    caps = _caps(ruleset, scale, sanctions) if scale else [(NO_CAP, None)] * len(sanctions)
    bands = scale.bands if scale else []
    den = lcm(base, *(Fraction(b).denominator for band in bands
                      for b in (band.low, band.high) if b is not None),
              *(Fraction(c).denominator for _, c in caps if c is not None))
    top = (max(n_scores, 1) * 2 ** 31) * (den // base)
    if top >= BIG:
        raise Unsupported("values beyond the int64 fixed-point range")
    low = np.array([[_param(f, j, "low", unit) for j in range(n_scores)] for f in forms],
                   np.int64).reshape(len(forms), n_scores)
    high = np.array([[_param(f, j, "high", unit) for j in range(n_scores)] for f in forms],
                    np.int64).reshape(len(forms), n_scores)
    if len(forms):  # forms with the same ranges are one row (the kernel checks each row)
        rows, which = np.unique(np.concatenate([low, high], axis=1), axis=0, return_inverse=True)
        pos_form = np.where(pos_form >= 0, which.ravel()[np.maximum(pos_form, 0)], pos_form)
        low, high = rows[:, :n_scores], rows[:, n_scores:]
    return Plan(positions, sanctions, grades, reasons, n_scores, places, den, den // base,
                pos_form, np.ascontiguousarray(low), np.ascontiguousarray(high), _rules(ruleset, given, reasons),
                np.array([[what, 0 if c is None else _units(c, den)] for what, c in caps],
                         np.int64).reshape(len(caps), 2),
                np.array([_band(b, den, grades) for b in bands], np.int64).reshape(-1, 3))


def _forms(ruleset: Ruleset, given: set[str], positions: list[str], n_scores: int):
    """Per position code (and a last slot: no position) its form index or -1-error, the forms
    used and their common target (evaluate._form)."""
    borrowed = any(FORM_PURPOSE.match(r.purpose) for r in ruleset.references)
    slots, used = [], []
    for value in positions + [None]:
        if value is not None and "position" not in given:
            slots.append(-1 - INVALID)  # never read: no row has a position code
            continue
        forms = [f for f in ruleset.forms if value in f.applies_to] if value else \
            (ruleset.forms if len(ruleset.forms) == 1 else [])
        scored = [f for f in forms if f.aggregation and any(p.high is not None
                                                            for p in f.parameters)]
        if not scored:
            slots.append(-1 - (MISSING if borrowed else INVALID))
            continue
        form = scored[0]
        if expr.parse(form.aggregation).text not in AVERAGES:
            raise Unsupported(f"form {form.number}: aggregation {form.aggregation}")
        numbered = [p for p in form.parameters if p.number is not None]
        if numbered and n_scores != len(form.parameters):
            slots.append(-1 - INVALID)
            continue
        if form not in used:
            used.append(form)
        slots.append(used.index(form))
    targets = {f.target for f in used}
    if len(targets) > 1:
        raise Unsupported("forms aggregating into different targets")
    return np.array(slots, np.int64), used, (targets.pop() if targets else None)


def _computations(ruleset: Ruleset, given: set[str], targets: set[str]) -> None:
    """The formulas must all be skipped for the rows that reach them (evaluate._derive): each
    reads an input not given, or gives a value already known (the form's)."""
    names = vocabulary()["names"]
    known = {names.get(k, k) for k in given} | targets
    for item in ruleset.computations:
        if item.target not in known and expr.parse(item.expression).names() <= known:
            raise Unsupported(f"formula {item.target} = {item.expression}")


def _scale(ruleset: Ruleset, given: set[str], target: str | None):
    """evaluate._graded: the scale grading the first numeric value known, which must be the
    form's average (or the direct score)."""
    numbers = {"tenure_days", "worked_days", "score"} & given
    numbers |= {target} if target else set()
    scales = sorted(ruleset.scales, key=lambda s: grade_order().index(s.key)
                    if s.key in grade_order() else len(grade_order()))
    for scale in scales:
        for name in scale.variables:
            if name in numbers:
                if name != (target or "score"):
                    raise Unsupported(f"the scale grades {name}")
                for band in scale.bands:
                    if band.low is not None and band.high is not None and band.low > band.high:
                        raise Unsupported("a band with low above high")
                return scale
    raise Unsupported("no scale grades the value")


def _caps(ruleset: Ruleset, scale, sanctions: list[str]) -> list[tuple[int, Decimal | None]]:
    """evaluate._cap per sanction code: no cap, a cap, or missing_rule."""
    conditions = vocabulary()["sanctions"]
    borrowed = any(FORM_PURPOSE.match(r.purpose) for r in ruleset.references)
    out = []
    for name in sanctions:
        caps = [c for c in ruleset.caps if name != "none"
                and c.condition == conditions.get(name) and c.scale == scale.key]
        if caps:
            out.append((CAP, min(c.max for c in caps)))
        elif name != "none" and borrowed and not ruleset.caps:
            out.append((CAP_MISSING, None))
        else:
            out.append((NO_CAP, None))
    return out


def _rules(ruleset: Ruleset, given: set[str], reasons: list[str]) -> np.ndarray:
    """Eligibility rules as (kind, low, high, reason): tenure excludes under `low` days and is
    ambiguous under `high`; worked days exclude outside [low, high]."""
    rows = []
    for rule in ruleset.eligibility:
        code = reasons.index(rule.subject)
        if rule.subject == "tenure_in_position" and "tenure_days" in given:
            if not isinstance(rule.value, Decimal) or rule.value != int(rule.value):
                raise Unsupported("a tenure rule that is not whole months")
            rows.append((TENURE, *month_span(int(rule.value)), code))
        elif rule.subject == "worked_days" and "worked_days" in given:
            interval = _interval(rule.op, rule.value)
            if interval is not None:
                rows.append((WORKED, *interval, code))
    return np.array(rows, np.int64).reshape(len(rows), 4)


def _interval(op: str, bound) -> tuple[int, int] | None:
    """The whole numbers x with `x op bound`, as [low, high]; None: the rule always holds."""
    if op not in ("<", "<=", ">", ">=", "=="):
        if op == "between":
            raise Unsupported("a between rule on worked days")
        return None
    if not isinstance(bound, Decimal):
        raise Unsupported(f"a {op} rule on worked days without a number")
    b = Fraction(bound)
    return {"<": (-BIG, ceil(b) - 1), "<=": (-BIG, floor(b)), ">": (floor(b) + 1, BIG),
            ">=": (ceil(b), BIG),
            "==": (int(b), int(b)) if b.denominator == 1 else (1, 0)}[op]


def _param(form, j: int, end: str, unit: int) -> int:
    """A parameter's range end in input units, rounded inward (an open end: the widest)."""
    p = form.parameters[min(j, len(form.parameters) - 1)]
    value = getattr(p, end)
    if value is None:
        return -BIG if end == "low" else BIG
    scaled = Fraction(value) * unit
    return ceil(scaled) if end == "low" else floor(scaled)


def _units(value: Decimal, den: int) -> int:
    scaled = Fraction(value) * den
    if scaled.denominator != 1 or abs(scaled) >= BIG:
        raise Unsupported(f"{value} is not a whole number of 1/{den}")
    return int(scaled)


def _band(band, den: int, grades: list[str]) -> tuple[int, int, int]:
    """The band as the closed range of numerators inside it (evaluate._inside)."""
    low = -BIG if band.low is None else _units(band.low, den) + (band.low_inclusive is False)
    high = BIG if band.high is None else _units(band.high, den) - (band.high_inclusive is False)
    return low, high, grades.index(band.grade)


# ---------------------------------------------------------------- the kernel

def run(plan: Plan, inputs: Inputs) -> Outputs:
    """The results of every person (see the module's docstring)."""
    n = inputs.n
    out = Outputs(np.empty(n, np.int8), np.empty(n, np.int8), np.empty(n, np.int8),
                  np.empty(n, np.int64))
    _kernel(inputs.scores, inputs.position, inputs.sanction, inputs.tenure_days,
            inputs.worked_days, inputs.score, plan.pos_form, plan.low, plan.high,
            plan.multiplier, plan.rules, plan.caps, plan.bands,
            out.grade, out.error, out.reason, out.value)
    return out


@njit(cache=True, nogil=True)
def _kernel(scores, position, sanction, tenure, worked, score, pos_form, low, high,
            multiplier, rules, caps, bands, grade, error, reason, value):  # pragma: no cover
    """One pass over the people, BLOCK at a time: each step is a loop without branches over
    the block (vectorized by LLVM) whose intermediates stay in the cache."""
    n, k = grade.shape[0], scores.shape[0]
    fail = np.empty(BLOCK, np.int8)  # the form's error (-1: none)
    ranges = np.empty(BLOCK, np.int8)  # which parameter ranges apply
    outside = np.empty(BLOCK, np.bool_)  # a score outside them
    excluded = np.empty(BLOCK, np.int8)  # the first eligibility rule excluding (-1: none)
    undecided = np.empty(BLOCK, np.bool_)
    missing = np.empty(BLOCK, np.bool_)  # a sanction whose cap is in another act
    inside = np.empty(BLOCK, np.int8)  # how many bands hold the value
    found = np.empty(BLOCK, np.int8)
    v = np.empty(BLOCK, np.int64)
    slot = pos_form.shape[0] - 1  # the last slot: no position given
    for a in range(0, n, BLOCK):
        m = min(BLOCK, n - a)
        for i in range(m):
            v[i], excluded[i], inside[i], found[i] = 0, -1, 0, -1
            outside[i], undecided[i], missing[i] = False, False, False
            fail[i] = -1 - pos_form[slot] if pos_form[slot] < 0 else -1
            ranges[i] = max(pos_form[slot], 0)
        # the position's form: its error or its ranges
        if position.shape[0]:
            held = position[a:a + m]
            for q in range(slot):
                f = pos_form[q]
                error_q, ranges_q = (-1 - f if f < 0 else -1), max(f, 0)
                for i in range(m):
                    hit = held[i] == q
                    fail[i] = error_q if hit else fail[i]
                    ranges[i] = ranges_q if hit else ranges[i]
        # the scores: their sum, and whether one is outside its parameter's range
        for j in range(k):
            row = scores[j, a:a + m]
            for r in range(low.shape[0]):
                lo, hi = low[r, j], high[r, j]
                for i in range(m):
                    outside[i] |= ((row[i] < lo) | (row[i] > hi)) & (ranges[i] == r)
            for i in range(m):
                v[i] += row[i]
        if not k:
            direct = score[a:a + m]
            for i in range(m):
                v[i] = direct[i]
        for i in range(m):
            v[i] *= multiplier
        # eligibility, rule by rule: the first that excludes gives the reason
        for r in range(rules.shape[0]):
            lo, hi, code = rules[r, 1], rules[r, 2], rules[r, 3]
            if rules[r, 0] == TENURE:
                days = tenure[a:a + m]
                for i in range(m):
                    excluded[i] = code if (excluded[i] < 0) & (days[i] < lo) else excluded[i]
                    undecided[i] |= (days[i] >= lo) & (days[i] < hi)
            else:
                days = worked[a:a + m]
                for i in range(m):
                    short = (days[i] < lo) | (days[i] > hi)
                    excluded[i] = code if (excluded[i] < 0) & short else excluded[i]
        # the sanction's cap
        if sanction.shape[0]:
            given = sanction[a:a + m]
            for c in range(caps.shape[0]):
                top = caps[c, 1]
                if caps[c, 0] == CAP:
                    for i in range(m):
                        v[i] = min(v[i], top) if given[i] == c else v[i]
                elif caps[c, 0] == CAP_MISSING:
                    for i in range(m):
                        missing[i] |= given[i] == c
        # the bands
        for b in range(bands.shape[0]):
            lo, hi, g = bands[b, 0], bands[b, 1], bands[b, 2]
            for i in range(m):
                hold = (v[i] >= lo) & (v[i] <= hi)
                inside[i] += hold
                found[i] = g if hold else found[i]
        # the outcome, the first step that decides in evaluate.py's order winning
        grade_out, error_out = grade[a:a + m], error[a:a + m]
        reason_out, value_out = reason[a:a + m], value[a:a + m]
        for i in range(m):
            e = -1 if inside[i] == 1 else (NO_BAND if inside[i] == 0 else OVERLAP)
            e = MISSING if missing[i] else e
            e = INVALID if outside[i] else e  # a score outside its range
            e = fail[i] if fail[i] >= 0 else e
            e = AMBIGUOUS if undecided[i] else e
            out = excluded[i] >= 0
            e = -1 if out else e
            error_out[i] = e
            reason_out[i] = excluded[i]
            ok = (e < 0) & ~out
            grade_out[i] = found[i] if ok else -1
            value_out[i] = v[i] if ok else 0
        # an enum value outside the vocabulary is invalid_input before anything else
        if position.shape[0] or sanction.shape[0]:
            for i in range(m):
                bad = (position.shape[0] > 0) and position[a + i] < 0
                bad = bad or ((sanction.shape[0] > 0) and sanction[a + i] < 0)
                if bad:
                    error_out[i], reason_out[i], grade_out[i], value_out[i] = INVALID, -1, -1, 0


@njit(cache=True, nogil=True)
def _narrow(words, factor, limit, out):  # pragma: no cover
    """Decimal128 words (low, high pairs) times `factor` into `out`; False when a value is
    beyond ±limit (the caller falls back)."""
    for i in range(out.shape[0]):
        low = words[2 * i]
        if words[2 * i + 1] != (low >> 63) or low > limit or low < -limit:
            return False
        low *= factor
        if low > limit or low < -limit:
            return False
        out[i] = low
    return True


# ---------------------------------------------------------------- frames (batch.py's path)

def evaluate_frame(ruleset: Ruleset, frame):
    """batch.evaluate_frame's result through the kernel, or None when the ruleset or the
    frame does not qualify (see the module's docstring)."""
    from . import batch  # polars is loaded only on this path; batch imports this module

    try:
        plan, inputs = encode_frame(ruleset, frame)
    except Unsupported:
        return None
    result = run(plan, inputs)
    n = frame.height
    out = batch._Outputs(n, False)
    out.evaluated = np.where(result.error >= 0, -1, result.reason < 0).astype(np.int8)
    out.reason, out.error, out.grade = result.reason, result.error, result.grade
    out.scored = result.grade >= 0
    mag = int(np.abs(result.value).max()) if n else 0
    out.score = batch._quantize(batch.Num(result.value, plan.den, mag), n)
    return out.frame(batch._names(ruleset))


def encode_frame(ruleset: Ruleset, frame) -> tuple[Plan, Inputs]:
    """The plan and the kernel's columns for a polars frame; Unsupported when a column is
    missing cells, is of another kind, or holds a value the generic path must judge."""
    import polars as pl

    from . import batch

    spec = vocabulary()["inputs"]
    given, parts = set(), None
    for name, info in spec.items():
        numbered = [c for c in frame.columns if c.startswith(name + "_")
                    and c[len(name) + 1:].isdigit()]
        if info["type"] in batch.LISTS and (numbered or name in frame.columns):
            if name != "scores" or (numbered and name in frame.columns):
                raise Unsupported(f"list input {name}")
            parts = _list_parts(frame, name, numbered, pl)
            given.add(name)
        elif name in frame.columns:
            given.add(name)
    if not given <= set(COLUMNS):
        raise Unsupported("inputs other than " + ", ".join(COLUMNS))
    for name in given - {"scores"}:
        if frame[name].null_count():
            raise Unsupported(f"empty cells in {name}")
    values = {"position": spec["position"]["values"], "sanction": spec["sanction"]["values"]}
    enums = {name: _codes(frame[name], values[name], batch) if name in given else
             np.empty(0, np.int8) for name in values}
    days = {name: _whole(frame[name], batch) if name in given else np.empty(0, np.int32)
            for name in ("tenure_days", "worked_days")}
    scores, places = _numbers(parts or [], batch, pl)
    score, score_places = _numbers([frame["score"]] if "score" in given else [], batch, pl)
    plan = compile_plan(ruleset, given, len(parts or []), places if parts else score_places)
    return plan, Inputs(scores, enums["position"], enums["sanction"], days["tenure_days"],
                        days["worked_days"], score[0] if len(score) else np.empty(0, np.int32))


def _list_parts(frame, name: str, numbered: list[str], pl) -> list:
    """The columns of a list input: <name>_1 … <name>_n, or a List column of one length."""
    if numbered:
        order = sorted(numbered, key=lambda c: int(c[len(name) + 1:]))
        if [int(c[len(name) + 1:]) for c in order] != list(range(1, len(order) + 1)):
            raise Unsupported(f"{name}_N columns with gaps")
        parts = [frame[c] for c in order]
    else:
        series = frame[name]
        if not isinstance(series.dtype, pl.List) or series.null_count():
            raise Unsupported(f"{name} is not a full list column")
        lengths = series.list.len()
        if lengths.min() != lengths.max():
            raise Unsupported(f"lists of {name} of different lengths")
        parts = [series.list.get(k) for k in range(lengths.max() or 0)]
    if any(p.null_count() for p in parts):
        raise Unsupported(f"empty cells in {name}")
    return parts


def _codes(series, values: list[str], batch) -> np.ndarray:
    """An enum column -> int8 codes into `values` (-1: another value: invalid_input)."""
    return batch._read_enum(series, values).value.codes.astype(np.int8)


def _whole(series, batch) -> np.ndarray:
    """An integer input -> int32 (batch's reading for text or decimal cells)."""
    if series.dtype.is_integer():
        values = series.to_numpy()
    else:
        column = batch._read_number(series, True)
        if column.bad.any():
            raise Unsupported(f"a bad value in {series.name}")
        values = column.value.num
    if len(values) and (values.min() < -2 ** 31 or values.max() >= 2 ** 31):
        raise Unsupported(f"{series.name} beyond int32")
    return values.astype(np.int32)


def _numbers(parts: list, batch, pl) -> tuple[np.ndarray, int]:
    """Number columns -> a (columns, rows) int16 array (int32 if needed) of units of
    10**-places, places the largest of the columns'."""
    read = []
    for part in parts:
        if isinstance(part.dtype, pl.Decimal):
            array = part.rechunk().to_arrow()
            words = np.frombuffer(array.buffers()[1], np.int64, 2 * len(array),
                                  array.offset * 16)
            read.append((words, part.dtype.scale, True))
        else:
            column = batch._read_number(part, False)
            if column.bad.any():
                raise Unsupported(f"a bad value in {part.name}")
            read.append((column.value.num, len(str(column.value.den))- 1, False))
    places = max((p for _, p, _ in read), default=0)
    n = len(parts[0]) if parts else 0
    for dtype in (np.int16, np.int32):
        out = np.empty((len(parts), n), dtype)
        limit = np.iinfo(dtype).max
        if all(_fill(out[j], values, 10 ** (places - p), limit, packed)
               for j, (values, p, packed) in enumerate(read)):
            return out, places
    raise Unsupported("numbers beyond int32")


def _fill(row: np.ndarray, values: np.ndarray, factor: int, limit: int, packed: bool) -> bool:
    """One column into its row of the scores array; False if a value does not fit."""
    if packed:
        return _narrow(values, factor, limit, row)
    scaled = values * factor
    if len(scaled) and (scaled.min() < -limit or scaled.max() > limit):
        return False
    row[:] = scaled
    return True
