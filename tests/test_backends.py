"""Every backend equals the reference interpreter (issue 11, item 4): hypothesis draws random
rule plans — guards (with undecided tests and absent inputs), a choice of form by position
with parameter ranges and an aggregation (whole, or per group: a list of the groups' values or
their aggregate), formulas over inputs and one another (arithmetic
with division, aggregation, min/max, rounding; on the lists `items` and `weights`, of one
length or not, item by item), a lookup table by interval and one by key, and
a grade with caps by
sanction, rounding and bands with gaps, overlaps and either inclusivity — and random people
(inputs missing, out of range, as text cells); the vectorised backend's row must be the
interpreter's, kind of error included; so must the streaming path's (batchfile.stream, a
parquet or CSV file to a parquet file), on the cells typed as a parquet file types them and
on the cells as a CSV's text. `a / 3 * 3` is an explicit example; so are a formula
nested 12 deep and `make fuzz`'s 24 GB blow-up, shrunk. Each example runs in a child under
tests/ceiling.py's memory and time ceilings: one that blows up fails, named by hypothesis.

The default run draws PLANS plans (about a second each); `make fuzz` (HYPOTHESIS_PROFILE=fuzz)
draws FUZZ_PLANS.
"""

from __future__ import annotations

import os
from functools import cache
from dataclasses import replace
from decimal import ROUND_HALF_EVEN, Decimal

import polars as pl
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from parser.rules import plan as p
from parser.rules import read
from parser.rules import vector
from parser.rules.batchfile import given_of
from parser.rules.interpret import evaluate
from parser.rules.model import Ruleset

from ceiling import Ceiling

PLANS, FUZZ_PLANS = 120, 3000
FUZZ = os.environ.get("HYPOTHESIS_PROFILE") == "fuzz"
QUANTUM = Decimal(1).scaleb(-vector.PLACES)
SOURCE = [p.Source(address="t/p1", quote="random rule")]
NUMBERS = ["x", "y", "n"]  # decimal, decimal, integer inputs
POSITIONS = ["a", "b", "c"]
SANCTIONS = ["none", "minor", "major"]
KEYS = ["k1", "k2", "k3"]  # the values of the enum input a keyed table reads
ROLES = ["self", "peer"]  # the respondents' roles a per-group sheet may exclude
METHODS = ["kpi", "360"]  # the methods a sheet's title may name (one more given: no sheet's)
INPUTS = [p.InputSpec(name="x", type="decimal", sources=SOURCE),
          p.InputSpec(name="y", type="decimal", sources=SOURCE),
          p.InputSpec(name="n", type="integer", sources=SOURCE),
          p.InputSpec(name="flag", type="boolean", sources=SOURCE),
          p.InputSpec(name="position", type="enum", values=POSITIONS, sources=SOURCE),
          p.InputSpec(name="sanction", type="enum", values=SANCTIONS, sources=SOURCE),
          p.InputSpec(name="items", type="decimals", sources=SOURCE),
          p.InputSpec(name="weights", type="decimals", sources=SOURCE),
          p.InputSpec(name="key", type="enum", values=KEYS, sources=SOURCE),
          p.InputSpec(name="roles", type="enums", values=ROLES, sources=SOURCE),
          p.InputSpec(name="method", type="enum", values=[*METHODS, "other"], sources=SOURCE)]

# ---------------------------------------------------------------- plans

decimals = st.sampled_from(["0", "1", "2", "3", "0.5", "2.99", "3.995", "-1", "4", "0.01"]) \
    .map(Decimal)


GROUP = p.Ref(name="group")
WITHIN = st.one_of(
    st.sampled_from(["sum", "count", "avg", "min", "max"]).map(
        lambda op: p.Aggregate(op=op, args=[GROUP])),
    st.just(p.Arith(op="div", left=p.Aggregate(op="sum", args=[GROUP]),
                    right=p.Aggregate(op="count", args=[GROUP]))),
    st.just(p.Arith(op="sub", left=p.Num(value=Decimal(5)),
                    right=p.Aggregate(op="max", args=[GROUP]))))


def grouped(across):
    """Per group of `items` (1 to 3 groups), a formula within each, then `across`; maybe
    the answers of the respondents `roles` names `self` left out."""
    return st.builds(lambda n, within, op, excluded: p.Grouped(
        arg=p.Ref(name="items"), groups=n, within=within, across=op, excluded=excluded,
        roles="roles" if excluded else None, excluded_by=SOURCE if excluded else []),
        st.integers(1, 3), WITHIN, across, st.sampled_from([[], ["self"]]))


GROUPED = grouped(st.sampled_from(["sum", "avg", "min", "max"]))
LISTS = grouped(st.none())  # per group, the groups' values as a list


ARITH = st.sampled_from(["add", "sub", "mul", "div"])


@cache
def list_expr(names: tuple[str, ...]):
    """Arithmetic on the lists `items` and `weights` item by item: two lists (of one length
    or not), a list and a number (a constant or a name of `names`, which may be a list or a
    number by row), a negated list."""
    lists = st.sampled_from(["items", "weights"]).map(lambda n: p.Ref(name=n))
    numbers = st.one_of(decimals.map(lambda v: p.Num(value=v)),
                        st.sampled_from(names).map(lambda n: p.Ref(name=n)))
    return st.recursive(lists, lambda inner: st.one_of(
        st.builds(lambda op, a, b: p.Arith(op=op, left=a, right=b), ARITH, inner,
                  st.one_of(inner, numbers)),
        st.builds(lambda op, a, b: p.Arith(op=op, left=a, right=b), ARITH, numbers, inner),
        inner.map(lambda a: p.Neg(arg=a))), max_leaves=3)


@cache  # one strategy per tuple of names: hypothesis builds and validates it once
def number_expr(names: tuple[str, ...]):
    """Number expressions over `names` (inputs and earlier formulas) and the list `items`,
    aggregated whole or per group; lists computed item by item, aggregated."""
    leaves = st.one_of(decimals.map(lambda v: p.Num(value=v)),
                       st.sampled_from(names).map(lambda n: p.Ref(name=n)),
                       st.sampled_from(["sum", "count", "avg", "min", "max"]).map(
                           lambda op: p.Aggregate(op=op, args=[p.Ref(name="items")])),
                       GROUPED,
                       st.builds(lambda op, e: p.Aggregate(op=op, args=[e]),
                                 st.sampled_from(["sum", "count", "avg", "min", "max"]),
                                 list_expr(names)))

    def grow(inner):
        return st.one_of(
            st.builds(lambda op, a, b: p.Arith(op=op, left=a, right=b), ARITH, inner, inner),
            inner.map(lambda a: p.Neg(arg=a)),
            st.builds(lambda a, d: p.Round(arg=a, digits=d), inner, st.integers(0, 2)),
            st.builds(lambda op, args: p.Aggregate(op=op, args=args),
                      st.sampled_from(["min", "max"]), st.lists(inner, min_size=2, max_size=3)))
    return st.recursive(leaves, grow, max_leaves=5)


@cache
def condition(names: tuple[str, ...]):
    """Conditions: comparisons of numbers, the flag, the position; and, or, not."""
    compare = st.builds(lambda c, a, b: p.Compare(cmp=c, left=a, right=b),
                        st.sampled_from(["<", "<=", ">", ">=", "==", "!="]),
                        number_expr(names), number_expr(names))
    leaves = st.one_of(
        compare,
        st.booleans().map(lambda b: p.Compare(cmp="==", left=p.Ref(name="flag"),
                                              right=p.Compare(cmp="==" if b else "!=",
                                                              left=p.Num(value=0),
                                                              right=p.Num(value=0)))),
        st.sampled_from(POSITIONS).map(lambda v: p.Compare(cmp="==", left=p.Ref(name="position"),
                                                           right=p.Text(value=v))))
    return st.recursive(leaves, lambda inner: st.one_of(
        st.builds(lambda op, args: p.Logic(op=op, args=args), st.sampled_from(["and", "or"]),
                  st.lists(inner, min_size=2, max_size=3)),
        inner.map(lambda a: p.Not(arg=a))), max_leaves=3)


# a sheet's aggregation: none (prose), a list per group (the form's value is a list), or an
# expression over the scores
SHEET = st.one_of(st.none(), LISTS, number_expr(("items",)).filter(lambda e: "items" in str(e)))


@st.composite
def guards(draw, outcome: str):
    """A guard: one or two tests (the second maybe undecided between two thresholds)."""
    tests = []
    for name in draw(st.lists(st.sampled_from(NUMBERS + ["flag"]), min_size=1, max_size=2,
                              unique=True)):
        fires = draw(condition((name,))) if name == "flag" else p.Compare(
            cmp=draw(st.sampled_from(["<", ">="])), left=p.Ref(name=name),
            right=p.Num(value=draw(decimals)))
        passes = None
        if name != "flag" and draw(st.booleans()):
            passes = p.Compare(cmp=">=", left=p.Ref(name=name), right=p.Num(value=draw(decimals)))
        tests.append(p.Test(needs=[name], fires=fires, passes=passes,
                            undecided=draw(st.sampled_from([None, "ambiguous_tenure"]))))
    positions = draw(st.sampled_from([[], ["a"], ["b", "c"]])) if outcome == "invalid_input" \
        else []
    # an exclusion of some graded values only (the year's), asked when one of them is graded
    graded = draw(st.sampled_from([[], [], ["x"], ["t0", "average_score"]])) \
        if outcome == "not_evaluated" else []
    return p.Guard(reason=draw(st.sampled_from(["r1", "r2"])), outcome=outcome, text="guard",
                   tests=tests, absent=draw(st.sampled_from(["missing_input", "skip"])),
                   positions=positions, chapter=draw(st.sampled_from(["t", "u"])),
                   graded=graded, sources=SOURCE)


@st.composite
def choices(draw):
    """Forms by position: parameter ranges (some in whole numbers) and an aggregation over
    the scores (or prose); no form at all (a decree whose sheet was not read), or one for
    no position named; each for the methods its title names, or none; the scores' range
    stated in the text, or none."""
    forms = []
    for positions in draw(st.sampled_from([[["a"]], [["a"], ["b", "c"]], [["a", "b"]], [],
                                           [[]], [[], ["a"]]])):
        width = draw(st.integers(1, 3))
        numbered = draw(st.booleans())
        parameters = [p.Parameter(name=f"p{k}", number=k + 1 if numbered else None,
                                  low=Decimal(0), high=draw(st.sampled_from([Decimal(5), None])),
                                  whole=draw(st.sampled_from([[], SOURCE])))  # whole scores only
                      for k in range(width)]
        aggregate = draw(SHEET)
        forms.append(p.Form(positions=positions, parameters=parameters, aggregate=aggregate,
                            text="aggregate", prose=None if aggregate else "prose",
                            sources=SOURCE, methods=draw(st.sampled_from(
                                [[], ["kpi"], ["360"], METHODS])),
                            items=draw(st.sampled_from([None, None, "weights"]))))
    # the range the text gives the scores where no sheet scores them (a formula does)
    domain = draw(st.sampled_from([None, p.Domain(subject="s", low=Decimal(1), high=Decimal(5),
                                                  whole=SOURCE, sources=SOURCE),
                                   p.Domain(subject="s", low=Decimal(0), high=Decimal(3),
                                            sources=SOURCE)]))
    return p.Choice(on="position", over="items", target="average_score", forms=forms,
                    domain=domain)


def bands(draw, grades=("g1", "g2", "g3")):
    """Bands with gaps, overlaps, open ends and either inclusivity."""
    out = []
    for grade in grades:
        low, high = sorted(draw(st.lists(decimals, min_size=2, max_size=2)))
        out.append(p.Band(grade=grade, low=draw(st.sampled_from([low, None])), high=high,
                          low_inclusive=draw(st.sampled_from([True, False, None])),
                          high_inclusive=draw(st.sampled_from([True, False, None])),
                          sources=SOURCE))
    return out


@st.composite
def lookups(draw, names: tuple[str, ...]):
    """A table from a number to a number, a range (an output) or a text."""
    kind = draw(st.sampled_from(["number", "range", "text"]))
    rows = []
    for band in bands(draw, grades=[str(k) for k in range(draw(st.integers(1, 3)))]):
        value = {"number": draw(decimals), "range": sorted(draw(st.lists(
            decimals, min_size=2, max_size=2))), "text": draw(st.sampled_from(["u", "v"]))}[kind]
        rows.append(p.Row(low=band.low, high=band.high, low_inclusive=band.low_inclusive,
                          high_inclusive=band.high_inclusive, value=value))
    rounding = draw(st.sampled_from([None, 0, 1]))
    return p.Lookup(name="table", input=draw(st.sampled_from(names)),
                    target="looked" if kind == "number" else "range",
                    rows=rows, output=kind == "range", sources=SOURCE,
                    rounding=None if rounding is None else p.Rounding(
                        target="r", name="looked", digits=rounding, text="round",
                        sources=SOURCE))


@st.composite
def keyed(draw):
    """A table by key from the enum input `key` to a number or a range (an output), some
    keys in no row, one key maybe in two."""
    kind = draw(st.sampled_from(["number", "range"]))
    keys = draw(st.lists(st.sampled_from(KEYS), min_size=1, max_size=4))
    rows = [p.KeyRow(key=k, value=draw(decimals) if kind == "number" else sorted(
        draw(st.lists(decimals, min_size=2, max_size=2)))) for k in keys]
    return p.KeyedLookup(name="by key", input="key", rows=rows, output=kind == "range",
                         target="keyed" if kind == "number" else "keyed_range",
                         sources=SOURCE)


# the parts of a plan, each strategy built once (hypothesis validates a strategy when it is
# built, which took most of an example's time when every draw built its own)
ELIGIBILITY = st.lists(guards("not_evaluated"), max_size=2)
CHECKS = st.lists(guards("invalid_input"), max_size=2)
FORMS, BY_KEY = choices(), keyed()
lookup_over = cache(lookups)


@st.composite
def plans(draw):
    """A random plan over INPUTS."""
    steps = draw(ELIGIBILITY) + draw(CHECKS)
    if draw(st.booleans()):
        steps.append(draw(FORMS))
    names = NUMBERS + ["average_score"]
    targets = []
    for k in range(draw(st.integers(0, 3))):
        target = f"t{k}"
        expr = draw(number_expr(tuple(names + targets[-1:])))
        steps.append(p.Define(target=target, expr=expr, text=target, sources=SOURCE))
        targets.append(target)
    if draw(st.booleans()):
        steps.append(draw(lookup_over(tuple(names + targets))))
    if draw(st.booleans()):
        steps.append(draw(BY_KEY))
    candidates = draw(st.lists(st.sampled_from(targets + ["average_score", "looked", "keyed"]),
                               max_size=2, unique=True)) + ["x"]
    borrowed = p.MissingRule(what="the caps", targets=["another act"], sources=SOURCE)
    scales = [p.Scale(key=f"s{k}", chapters=[draw(st.sampled_from(["t", "u"]))],
                      bands=bands(draw), caps=[p.CapRule(
                          condition="c", covers=draw(st.lists(st.sampled_from(SANCTIONS[1:]),
                                                              min_size=1, unique=True)),
                          max=draw(decimals), sources=SOURCE)
                          for _ in range(draw(st.integers(0, 2)))],
                      caps_borrowed=draw(st.sampled_from([None, borrowed])))
              for k in range(len(candidates))]
    steps.append(p.Grade(candidates=[
        p.Candidate(variable=c, scale=f"s{k}", rounding=draw(st.sampled_from(
            [None, p.Rounding(target="r", name=c, digits=1, text="round", sources=SOURCE)])),
            over_evaluated=draw(st.booleans()))
        for k, c in enumerate(candidates)],
        capped=draw(st.lists(st.sampled_from(candidates), unique=True)), scales=scales))
    optional = draw(st.sampled_from([[], SOURCE]))  # a sanction the plan makes optional
    inputs = [replace(i, optional_by=optional) if i.name == "sanction" else i
              for i in INPUTS]
    return p.Plan(vocabulary_version="test", inputs=inputs, decision=steps)


# ---------------------------------------------------------------- people

cells = st.one_of(decimals.map(str), decimals.map(str), st.sampled_from([None, "3,5", "6",
                                                                         "0.125"]))


@st.composite
def people(draw):
    """Rows of text cells, as from a CSV: numbers (some missing, some out of range); the
    lists of one length on every row, or of any."""
    rows = []
    width = draw(st.sampled_from([None, 2, 3]))
    for _ in range(draw(st.integers(1, 12))):
        items = draw(st.lists(st.one_of(decimals.map(str), st.just("5")), max_size=4)
                     if width is None else st.one_of(st.just([]), st.lists(
                         decimals.map(str), min_size=width, max_size=width)))
        row = {"x": draw(cells), "y": draw(cells), "n": draw(st.sampled_from(
            [None, "0", "1", "2", "3", "4", "2.5"])),
               "flag": draw(st.sampled_from([None, "true", "false"])),
               "position": draw(st.sampled_from([None, *POSITIONS])),
               "sanction": draw(st.sampled_from([None, *SANCTIONS])),
               "key": draw(st.sampled_from([None, *KEYS, "k4"])),
               "method": draw(st.sampled_from([None, *METHODS, "other"]))}
        row.update({f"items_{k + 1}": items[k] if k < len(items) else None for k in range(4)})
        weights = draw(st.one_of(st.just(items), st.lists(decimals.map(str), max_size=4)))
        row.update({f"weights_{k + 1}": weights[k] if k < len(weights) else None
                    for k in range(4)})
        roles = draw(st.one_of(st.lists(st.sampled_from(ROLES), min_size=len(items),
                                        max_size=len(items)),
                               st.lists(st.sampled_from([None, *ROLES, "boss"]), max_size=4)))
        row.update({f"roles_{k + 1}": roles[k] if k < len(roles) else None for k in range(4)})
        rows.append(row)
    return pl.DataFrame(rows, schema={c: pl.String for c in rows[0]})


# ---------------------------------------------------------------- the property

def interpreted(ruleset: Ruleset, row: dict) -> dict:
    """The interpreter's result of one row, in the backend's columns."""
    spec = {i.name: {"type": i.type} for i in ruleset.plan.inputs}
    result = evaluate(ruleset, given_of(row, spec))
    if result.error is not None:
        return {"evaluated": None, "reason": None, "score": None, "grade": None,
                "error": result.error.kind}
    out = result.outputs
    score = out.get("score")
    got = {"evaluated": out["evaluated"], "reason": out.get("reason"),
           "score": None if score is None else score.quantize(QUANTUM, ROUND_HALF_EVEN),
           "grade": out.get("grade"), "error": None}
    for key, value in out.items():  # a table's output range (a score range)
        if isinstance(value, list):
            got[key] = [v.quantize(QUANTUM, ROUND_HALF_EVEN) for v in value]
    return got


def vectorised(row: dict) -> dict:
    got = {k: row[k] for k in ("evaluated", "reason", "score", "grade", "error")}
    for name in row:
        if name.endswith("_low") and row[name] is not None:
            got[name.removesuffix("_low")] = [row[name], row[name[:-4] + "_high"]]
    return got


def ruleset_of(plan: p.Plan) -> Ruleset:
    return Ruleset(id="random", lang=None, plan=plan)


A = p.Ref(name="x")
def graded_in_two_bands(variable: str) -> p.Grade:
    """A grade of one variable on one scale: g1 below 3, g2 from 3 to 5."""
    return p.Grade(candidates=[p.Candidate(variable=variable, scale="s0")], scales=[p.Scale(
        key="s0", chapters=["t"], bands=[
            p.Band(grade="g1", low=Decimal(0), high=Decimal(3), low_inclusive=True,
                   high_inclusive=False, sources=SOURCE),
            p.Band(grade="g2", low=Decimal(3), high=Decimal(5), low_inclusive=True,
                   high_inclusive=True, sources=SOURCE)])])


THIRD = p.Plan(vocabulary_version="test", inputs=INPUTS, decision=[
    p.Define(target="t0", text="t0 = x / 3 * 3", sources=SOURCE,
             expr=p.Arith(op="mul", left=p.Arith(op="div", left=A, right=p.Num(value=3)),
                          right=p.Num(value=3))),
    p.Grade(candidates=[p.Candidate(variable="t0", scale="s0")], scales=[p.Scale(
        key="s0", chapters=["t"], bands=[
            p.Band(grade="g1", low=Decimal(0), high=Decimal("0.99"), low_inclusive=True,
                   high_inclusive=True, sources=SOURCE),
            p.Band(grade="g2", low=Decimal(1), high=Decimal(2), low_inclusive=True,
                   high_inclusive=True, sources=SOURCE)])])])
ONE = pl.DataFrame({"x": ["1", "0.99", "2.5", None]})


def nest(levels: int) -> p.Expr:
    """x / y rounded `levels` times over, each time to 0, 2 or 1 places (half up)."""
    expr = p.Arith(op="div", left=A, right=p.Ref(name="y"))
    for k in range(levels):
        expr = p.Round(arg=expr, digits=(levels - k) % 3)
    return expr


# a formula nested 12 deep: each level reads its operand several times, so its polars
# expression, were it not computed level by level into columns, would have some 4**12 nodes
DEEP = replace(THIRD, decision=[replace(THIRD.decision[0], expr=nest(12), text="t0 = nested"),
                                THIRD.decision[1]])
QUOTIENTS = pl.DataFrame({"x": ["1", "2.5", "1", None], "y": ["3", "2", "0", "1"]})

# `make fuzz`'s 24 GB blow-up, as hypothesis shrank it, down to its formula: the mean of
# three groups' means whose sizes vary by row (the self's answers left out) has a
# denominator per row, so max() compares and picks pairwise and the division reads its
# divisor thrice: 1.4 GB at once in polars' common-subexpression pass before the fix
PER_ROW = p.Grouped(arg=p.Ref(name="items"), groups=3, within=p.Arith(
    op="div", left=p.Aggregate(op="sum", args=[GROUP]), right=p.Aggregate(
        op="count", args=[GROUP])), across="avg", excluded=["self"], roles="roles",
    excluded_by=SOURCE)
MEAN = p.Aggregate(op="avg", args=[p.Ref(name="items")])
SHRUNK = replace(THIRD, decision=[replace(
    THIRD.decision[0], text="t0 = -max(per group, 2, avg(items)) / (min(items) - avg(items))",
    expr=p.Arith(op="div", left=p.Neg(arg=p.Aggregate(op="max", args=[
        PER_ROW, p.Num(value=Decimal(2)), MEAN])), right=p.Arith(
            op="sub", left=p.Aggregate(op="min", args=[p.Ref(name="items")]), right=MEAN))),
    THIRD.decision[1]])
RESPONDENTS = pl.DataFrame({"items_1": ["1", "5", "4", None], "items_2": ["2", "4", "4", None],
                            "items_3": ["3", "1", "4", None],
                            "roles_1": ["self", "peer", "peer", None],
                            "roles_2": ["peer", "peer", "peer", None],
                            "roles_3": ["peer", "self", "self", None]})


# a choice of no form (ecology-order-2024-88-kk, whose KPI sheet was not read): no position
# would give a form, so a case with scores and without a position is invalid_input as one with
# a position is, never missing_input naming the position; without scores nothing is graded
NO_SHEET = replace(THIRD, decision=[
    p.Choice(on="position", over="items", target="average_score", forms=[]),
    graded_in_two_bands("average_score")])
SCORED = pl.DataFrame({"position": [None, "a", None], "items_1": ["4", "4", None]})

# each KPI's score times its weight, summed, over a hundred: (5*40 + 4*30 + 3*30) / 100 =
# 4.1; (2*50 + 3*50) / 100 = 2.5; three scores and two weights are no pairs; a weight per
# score divided by a weight of zero fails; no weights, nothing to grade (missing_rule)
KPI = p.Arith(op="div", left=p.Aggregate(op="sum", args=[p.Arith(
    op="mul", left=p.Ref(name="items"), right=p.Ref(name="weights"))]), right=p.Num(value=100))
WEIGHTED = p.Plan(vocabulary_version="test", inputs=INPUTS, decision=[
    p.Define(target="t0", text="t0 = sum(items * weights) / 100", sources=SOURCE, expr=KPI),
    p.Define(target="t1", text="t1 = max(items / weights)", sources=SOURCE, expr=p.Aggregate(
        op="max", args=[p.Arith(op="div", left=p.Ref(name="items"),
                                right=p.Ref(name="weights"))])),
    graded_in_two_bands("t0")])
WEIGHTS = pl.DataFrame({"items_1": ["5", "2", "5", "5", "4"],
                        "items_2": ["4", "3", "4", "4", None],
                        "items_3": ["3", None, "3", "3", None],
                        "weights_1": ["40", "50", "50", "40", None],
                        "weights_2": ["30", "50", "50", "0", None],
                        "weights_3": ["30", None, None, "30", None]})


@pytest.fixture(scope="module")
def ceiling():
    """The examples' server (tests/ceiling.py), ended with the module."""
    server = Ceiling()
    yield server
    server.close()


@settings(max_examples=FUZZ_PLANS if FUZZ else PLANS, deadline=None, derandomize=not FUZZ,
          suppress_health_check=list(HealthCheck))
@given(plan=plans(), frame=people())
@example(plan=THIRD, frame=ONE)
@example(plan=DEEP, frame=QUOTIENTS)
@example(plan=SHRUNK, frame=RESPONDENTS)
@example(plan=NO_SHEET, frame=SCORED)
@example(plan=WEIGHTED, frame=WEIGHTS)
def test_vectorised_backend_equals_interpreter(ceiling, plan, frame):
    """Each example in a child under tests/ceiling.py's limits: one that blows up fails,
    named by hypothesis, with its peak memory."""
    outcome = ceiling.run("test_backends", "check", plan=plan_data(plan),
                          columns=frame.columns, rows=frame.rows())
    blown = outcome.blown()
    assert blown is None, f"the backends passed a ceiling on this plan: {blown}"
    assert outcome.failure is None, outcome.failure


def plan_data(plan: p.Plan) -> dict:
    """A plan as the JSON a compiled ruleset stores (read back by parser/rules/read.py)."""
    return ruleset_of(plan).model_dump(mode="json")["plan"]


def check(plan: dict, columns: list[str], rows: list[list]) -> None:
    """The property on one example (in the child): every row the vectorised backend
    computes is the interpreter's, error kind included."""
    plan = read.plan(plan)
    frame = pl.DataFrame(rows, schema={c: pl.String for c in columns}, orient="row")
    ruleset = ruleset_of(plan)
    try:
        results, single = vector.evaluate_frame(plan, frame)
    except vector.Unsupported:
        return  # the caller runs the interpreter: nothing to compare
    for i, (row, got) in enumerate(zip(frame.iter_rows(named=True),
                                       results.iter_rows(named=True))):
        if not single[i]:
            assert vectorised(got) == interpreted(ruleset, row), (i, row)
            assert (got["error_message"] is None) == (got["error"] is None), (i, row)
    streamed(ruleset, frame)


NUMBER_TEXT = r"^-?\d{1,13}(\.\d{1,4})?$"


def typed(frame: pl.DataFrame) -> pl.DataFrame:
    """The cells as a parquet file of people types them: a number input's column as a
    Decimal (its places the most any cell has; a cell that is no plain number empty), the
    others as text."""
    columns = []
    for name in frame.columns:
        cells = frame[name]
        if name in ("x", "y", "n") or name.startswith(("items_", "weights_")):
            cells = cells.zip_with(cells.str.contains(NUMBER_TEXT).fill_null(False),
                                   pl.Series([None] * len(cells), dtype=pl.String))
            places = int(cells.str.extract(r"\.(\d*)$").str.len_chars().max() or 0)
            cells = cells.str.to_decimal(scale=places).alias(name)
        columns.append(cells)
    return pl.DataFrame(columns)


def streamed(ruleset: Ruleset, frame: pl.DataFrame) -> None:
    """The streaming path (batchfile.stream: a parquet or CSV file to a parquet file) on
    the typed cells (parquet) and on the cells as text (a CSV: text numbers read in the
    query): every row the interpreter's, when the stream takes the table."""
    import tempfile
    from pathlib import Path

    from parser.rules.batchfile import read_table, stream

    with tempfile.TemporaryDirectory() as folder:
        for name in ("people.parquet", "people.csv"):
            source, out = Path(folder) / name, Path(folder) / "results.parquet"
            if name.endswith(".csv"):
                frame.write_csv(source, separator=";")
            else:
                typed(frame).write_parquet(source)
            if stream(ruleset, source, out) is None:
                continue
            people, results = read_table(source), pl.read_parquet(out)
            for i, (row, got) in enumerate(zip(people.iter_rows(named=True),
                                               results.iter_rows(named=True))):
                assert vectorised(got) == interpreted(ruleset, row), (name, i, row)
                assert (got["error_message"] is None) == (got["error"] is None), \
                    (name, i, row)


def test_a_choice_of_no_form_needs_no_position():
    """Scores and no form for them: invalid_input with or without a position, in both
    backends; no scores, nothing to grade (missing_rule)."""
    results, _ = vector.evaluate_frame(NO_SHEET, SCORED)
    assert results["error"].to_list() == ["invalid_input", "invalid_input", "missing_rule"]
    assert [interpreted(ruleset_of(NO_SHEET), row) for row in SCORED.iter_rows(named=True)] \
        == [vectorised(row) for row in results.iter_rows(named=True)]


def test_a_third_times_three():
    """1 / 3 * 3 is 1, in the band [1, 2]; 0.99 in [0, 0.99]; 2.5 in none."""
    results, _ = vector.evaluate_frame(THIRD, ONE)
    assert results["grade"].to_list() == ["g2", "g1", None, None]
    assert results["error"].to_list() == [None, None, "no_band", "missing_rule"]
    assert [interpreted(ruleset_of(THIRD), row)["grade"] for row in
            ONE.iter_rows(named=True)] == ["g2", "g1", None, None]


def test_kpi_scores_times_their_weights():
    """sum(items * weights) / 100 item by item: the same scores and errors in both
    backends, the lists' lengths and a zero weight (a divisor) checked."""
    results, _ = vector.evaluate_frame(WEIGHTED, WEIGHTS)
    assert results["score"].cast(pl.String).to_list()[:2] == ["4.1000000000", "2.5000000000"]
    assert results["grade"].to_list()[:2] == ["g2", "g1"]
    assert results["error"].to_list()[2:] == ["invalid_input", "invalid_input", "missing_rule"]
    assert [interpreted(ruleset_of(WEIGHTED), row) for row in WEIGHTS.iter_rows(named=True)] \
        == [vectorised(row) for row in results.iter_rows(named=True)]
    assert check(plan_data(WEIGHTED), WEIGHTS.columns, WEIGHTS.rows()) is None


PER_GROUP = p.Plan(vocabulary_version="test", inputs=INPUTS, decision=[
    p.Choice(on="position", over="items", target="average_score", forms=[p.Form(
        positions=["a"], parameters=[p.Parameter(name=f"c{k}", low=Decimal(1),
                                                 high=Decimal(5)) for k in (1, 2)],
        aggregate=p.Grouped(arg=p.Ref(name="items"), groups=2, across="avg", within=p.Arith(
            op="div", left=p.Aggregate(op="sum", args=[GROUP]),
            right=p.Aggregate(op="count", args=[GROUP]))),
        text="per competency: sum / count, then the mean", sources=SOURCE)]),
    graded_in_two_bands("average_score")])
# two respondents' answers on two competencies, respondent by respondent: (5+3)/2 and
# (4+2)/2 are 4 and 3, their mean 3.5; three answers are not whole rows of two; the groups
# (5, 1) and (2, 1): 3 and 1.5, mean 2.25
ANSWERS = pl.DataFrame({"position": ["a", "a", "a"], "items_1": ["5", "5", "5"],
                        "items_2": ["4", "4", "2"], "items_3": ["3", "3", "1"],
                        "items_4": ["2", None, "1"]})


def test_a_sheet_scored_per_group():
    """Per competency, then across: both backends give the same scores and errors."""
    results, _ = vector.evaluate_frame(PER_GROUP, ANSWERS)
    assert results["score"].cast(pl.String).to_list()[::2] == ["3.5000000000", "2.2500000000"]
    assert results["grade"].to_list() == ["g2", None, "g1"]
    assert results["error"].to_list() == [None, "invalid_input", None]
    assert [interpreted(ruleset_of(PER_GROUP), row) for row in ANSWERS.iter_rows(named=True)] \
        == [vectorised(row) for row in results.iter_rows(named=True)]


# a sheet chosen by another input than the position: a check scoped to category "a" binds
# the servants of that category, whatever the input is called
BY_CATEGORY = p.Plan(
    vocabulary_version="test",
    inputs=INPUTS + [p.InputSpec(name="category", type="enum", values=["a", "b"],
                                 sources=SOURCE)],
    decision=[
        p.Guard(reason="x_at_most_3", outcome="invalid_input", text="x ≤ 3 in category a",
                positions=["a"], chapter="t", sources=SOURCE, tests=[p.Test(
                    needs=["x"], fires=p.Compare(cmp=">", left=A, right=p.Num(value=3)))]),
        p.Choice(on="category", over="items", target="average_score", forms=[p.Form(
            positions=[c], parameters=[p.Parameter(name="c1", low=Decimal(1),
                                                   high=Decimal(5))],
            aggregate=p.Aggregate(op="avg", args=[p.Ref(name="items")]), text="the mean",
            sources=SOURCE) for c in ("a", "b")]),
        p.Grade(candidates=[p.Candidate(variable="average_score", scale="s0")], scales=[
            p.Scale(key="s0", chapters=["t"], bands=[
                p.Band(grade="g1", low=Decimal(1), high=Decimal(5), low_inclusive=True,
                       high_inclusive=True, sources=SOURCE)])])])
CATEGORIES = pl.DataFrame({"category": ["a", "b", "a"], "x": ["4", "4", "2"],
                           "items_1": ["3", "3", "3"]})


def test_a_check_scoped_by_the_input_that_chooses_the_sheet():
    """A check scoped to some sheets reads the input the plan's choice is on (`category`),
    never a `position` the plan does not have: both backends alike."""
    results, _ = vector.evaluate_frame(BY_CATEGORY, CATEGORIES)
    assert results["error"].to_list() == ["invalid_input", None, None]
    assert [interpreted(ruleset_of(BY_CATEGORY), row)["error"]
            for row in CATEGORIES.iter_rows(named=True)] == ["invalid_input", None, None]


# a table keyed by a category: k1 gives 2, k2 gives 4 (graded), k3 is in no row, k4 is no
# value of the input, and a case without the key has nothing to grade
KEYED = p.Plan(vocabulary_version="test", inputs=INPUTS, decision=[
    p.KeyedLookup(name="by key", input="key", target="keyed", sources=SOURCE,
                  rows=[p.KeyRow(key="k1", value=Decimal(2)), p.KeyRow(key="k2",
                                                                       value=Decimal(4))]),
    graded_in_two_bands("keyed")])
KEYS_GIVEN = pl.DataFrame({"key": ["k1", "k2", "k3", "k4", None]})


def test_a_table_by_key():
    """A key's row gives its value, graded; a key in no row is no_band; both backends."""
    results, _ = vector.evaluate_frame(KEYED, KEYS_GIVEN)
    assert results["grade"].to_list() == ["g1", "g2", None, None, None]
    assert results["error"].to_list() == [None, None, "no_band", "invalid_input",
                                          "missing_rule"]
    assert [interpreted(ruleset_of(KEYED), row) for row in KEYS_GIVEN.iter_rows(named=True)] \
        == [vectorised(row) for row in results.iter_rows(named=True)]


# a 360 sheet of two competencies, the self-evaluation excluded: the answers respondent by
# respondent (self 5, 5; a peer 3, 1; another 1, 3), the self's left out: (3+1)/2 and (1+3)/2
# are 2 and 2, mean 2 (with the self's, 3); without the roles, or with one role too few, no score
SELF_EXCLUDED = replace(PER_GROUP, decision=[
    replace(PER_GROUP.decision[0], forms=[replace(
        PER_GROUP.decision[0].forms[0],
        aggregate=replace(PER_GROUP.decision[0].forms[0].aggregate, excluded=["self"],
                          roles="roles", excluded_by=SOURCE))]),
    PER_GROUP.decision[1]])
ANSWERS_BY_ROLE = pl.DataFrame(
    {"position": ["a"] * 4,
     **{f"items_{k + 1}": [v] * 4 for k, v in enumerate(["5", "5", "3", "1", "1", "3"])},
     **{f"roles_{k + 1}": [v, None, v if k < 5 else None, "peer"]
        for k, v in enumerate(["self", "self", "peer", "peer", "peer", "peer"])}})


def test_the_answers_of_an_excluded_role_are_left_out():
    """Self-evaluation excluded: each answer's role is an input; the self's answers leave
    their groups; roles missing are missing_input, roles not one per answer invalid_input;
    every answer given by a peer counts. Both backends alike."""
    results, _ = vector.evaluate_frame(SELF_EXCLUDED, ANSWERS_BY_ROLE)
    assert results["score"].cast(pl.String).to_list() == ["2.0000000000", None, None,
                                                          "3.0000000000"]
    assert results["error"].to_list() == [None, "missing_input", "invalid_input", None]
    assert [interpreted(ruleset_of(SELF_EXCLUDED), row)
            for row in ANSWERS_BY_ROLE.iter_rows(named=True)] == \
        [vectorised(row) for row in results.iter_rows(named=True)]


# one target by two formulas its condition chooses (as a KPI's direction chooses the percent's):
# key k1 takes x, any other key y; without the key neither is chosen: missing_input naming the
# key and the formula, not missing_rule (nothing to grade)
K1 = p.Compare(cmp="==", left=p.Ref(name="key"), right=p.Text(value="k1"))
CHOSEN = replace(THIRD, decision=[
    p.Define(target="t0", text="t0 = x when key == k1", sources=SOURCE, expr=A, when=K1),
    p.Define(target="t0", text="t0 = y when not (key == k1)", sources=SOURCE,
             expr=p.Ref(name="y"), when=p.Not(arg=K1)),
    THIRD.decision[1]])
CHOOSING = pl.DataFrame({"key": ["k1", "k2", None], "x": ["0.5", "0.5", "0.5"],
                         "y": ["1.5", "1.5", "1.5"]})


def test_a_formula_whose_condition_lacks_its_input_is_missing_input():
    """A case without the input a formula's `when` reads is missing_input naming that input
    and the formula, in both backends."""
    results, _ = vector.evaluate_frame(CHOSEN, CHOOSING)
    assert results["grade"].to_list() == ["g1", "g2", None]
    assert results["error"].to_list() == [None, None, "missing_input"]
    assert "key is needed (the formula to use: t0 = x when key == k1" in results[
        "error_message"][2]
    assert [interpreted(ruleset_of(CHOSEN), row) for row in CHOOSING.iter_rows(named=True)] \
        == [vectorised(row) for row in results.iter_rows(named=True)]
    error = evaluate(ruleset_of(CHOSEN), {"x": Decimal("0.5"), "y": Decimal("1.5")}).error
    assert (error.kind, error.message) == ("missing_input", results["error_message"][2])


# the year's own exclusion beside a quarter's: `year` (at least two quarters evaluated) guards
# the mean of the quarters' values `t0` only, and is asked of it although t0 is over periods
# each evaluated (whose own exclusion, y under 10 worked days, is not asked again); a value
# given outright (x) asks the quarter's exclusion and not the year's
YEAR_BAND = p.Band(grade="g1", low=Decimal(0), high=Decimal(5), low_inclusive=True,
                   high_inclusive=True, sources=SOURCE)
YEAR = p.Plan(vocabulary_version="test", inputs=INPUTS, decision=[
    p.Guard(reason="quarter", outcome="not_evaluated", text="y < 10", sources=SOURCE,
            tests=[p.Test(needs=["y"], fires=p.Compare(cmp="<", left=p.Ref(name="y"),
                                                       right=p.Num(value=Decimal(10))))]),
    p.Guard(reason="year", outcome="not_evaluated", text="n >= 2", sources=SOURCE,
            graded=["t0"], tests=[p.Test(needs=["n"], fires=p.Not(arg=p.Compare(
                cmp=">=", left=p.Ref(name="n"), right=p.Num(value=Decimal(2)))))]),
    p.Define(target="t0", text="t0 = avg(items)", sources=SOURCE,
             expr=p.Aggregate(op="avg", args=[p.Ref(name="items")])),
    p.Grade(candidates=[p.Candidate(variable="t0", scale="s0", over_evaluated=True),
                        p.Candidate(variable="x", scale="s0")],
            scales=[p.Scale(key="s0", chapters=["t"], bands=[YEAR_BAND])])])
YEARS = pl.DataFrame({"items_1": ["4", "4", "4", None, None],
                      "items_2": ["3", "3", "3", None, None],
                      "n": ["2", "1", None, "1", "1"],
                      "x": [None, None, None, "3", "3"],
                      "y": [None, None, None, "20", None]})


def test_the_years_own_exclusion_is_asked_of_the_year_alone():
    """A guard of some graded values (`Guard.graded`) is asked when one of them is graded,
    over evaluated periods or not: it excludes, and its input missing is missing_input; the
    periods' own guards are not asked again of the year's value; neither backend asks the
    year's guard of another value."""
    results, _ = vector.evaluate_frame(YEAR, YEARS)
    assert results["reason"].to_list() == [None, "year", None, None, None]
    assert results["error"].to_list() == [None, None, "missing_input", None, "missing_input"]
    assert results["score"].cast(pl.String).to_list()[::3] == ["3.5000000000", "3.0000000000"]
    assert [interpreted(ruleset_of(YEAR), row) for row in YEARS.iter_rows(named=True)] \
        == [vectorised(row) for row in results.iter_rows(named=True)]


# scores no sheet reads, a formula averages (mangystau-oblast-maslikhat-2023-2-21: "тек бүтін
# санмен" with no sheet read): each in the text's range 1-5 and whole; 4 and 5 average 4.5,
# 4.5 and 6 are no scores, no scores at all leave nothing to grade
BY_FORMULA = p.Plan(vocabulary_version="test", inputs=INPUTS, decision=[
    p.Choice(on="position", over="items", target="average_score", forms=[],
             domain=p.Domain(subject="parameter_score", low=Decimal(1), high=Decimal(5),
                             whole=SOURCE, sources=SOURCE)),
    p.Define(target="average_score", text="average_score = avg(items)", sources=SOURCE,
             expr=p.Aggregate(op="avg", args=[p.Ref(name="items")])),
    graded_in_two_bands("average_score")])
DOMAIN = pl.DataFrame({"items_1": ["4", "4.5", "6", None], "items_2": ["5", "4", None, None]})


def test_scores_a_formula_reads_keep_the_texts_range():
    """The range the text gives each score, whole numbers included, binds the scores a
    formula averages where no sheet scores them: both backends alike."""
    results, _ = vector.evaluate_frame(BY_FORMULA, DOMAIN)
    assert results["grade"].to_list()[0] == "g2"
    assert results["error"].to_list()[1:3] == ["invalid_input", "invalid_input"]
    assert [interpreted(ruleset_of(BY_FORMULA), row) for row in DOMAIN.iter_rows(named=True)] \
        == [vectorised(row) for row in results.iter_rows(named=True)]


# a check its chapter states for every servant (the individual plan's 3-6 targets,
# makhambet-akimat-2021-230): scoped to the positions it stands for, but with no position
# given it binds whatever scale grades the case (`chapter` None); position c is not bound
EVERYONE = p.Plan(vocabulary_version="test", inputs=INPUTS, decision=[
    p.Guard(reason="x_at_most_3", outcome="invalid_input", text="x ≤ 3", positions=["a", "b"],
            chapter=None, sources=SOURCE, tests=[p.Test(
                needs=["x"], fires=p.Compare(cmp=">", left=A, right=p.Num(value=3)))]),
    p.Define(target="t0", text="t0 = y", sources=SOURCE, expr=p.Ref(name="y")),
    p.Grade(candidates=[p.Candidate(variable="t0", scale="s0")], scales=[p.Scale(
        key="s0", chapters=["u"], bands=[p.Band(grade="g1", low=Decimal(0), high=Decimal(5),
                                                low_inclusive=True, high_inclusive=True,
                                                sources=SOURCE)])])])
PLACED = pl.DataFrame({"position": [None, "a", "c", None], "x": ["4", "4", "4", "2"],
                       "y": ["1", "1", "1", "1"]})


def test_a_check_for_every_servant_binds_a_case_with_no_position():
    """No position given: a check with no chapter applies whatever the graded scale's
    chapter; a position it does not stand for is not bound. Both backends alike."""
    results, _ = vector.evaluate_frame(EVERYONE, PLACED)
    assert results["error"].to_list() == ["invalid_input", "invalid_input", None, None]
    assert [interpreted(ruleset_of(EVERYONE), row) for row in PLACED.iter_rows(named=True)] \
        == [vectorised(row) for row in results.iter_rows(named=True)]


# two sheets of one position: a KPI sheet whose items a case may give one by one (`weights`
# here) and a 360 sheet over every answer at once, the self-evaluation excluded, whose value
# a formula names t9; t0 = 0.5 * avg(weights) + 0.5 * t9. Weights [4, 4] and answers self 5,
# peers 3 and 1: the 360 sheet is the case's, t9 = 2, t0 = 3 (g2); without the weights the
# answers are the KPI sheet's (the first), t9 is no sheet's value and t0 cannot be computed
BOTH_SHEETS = p.Plan(vocabulary_version="test", inputs=INPUTS, decision=[
    p.Choice(on="position", over="items", target="average_score", forms=[
        p.Form(positions=["a"], parameters=[p.Parameter(name="kpi", low=Decimal(0),
                                                        high=Decimal(5))],
               aggregate=p.Aggregate(op="avg", args=[p.Ref(name="items")]), text="the mean",
               sources=SOURCE, items="weights"),
        p.Form(positions=["a"], parameters=[p.Parameter(name=f"c{k}", low=Decimal(1),
                                                        high=Decimal(5)) for k in (1, 2)],
               aggregate=p.Grouped(arg=p.Ref(name="items"), groups=1, across="avg",
                                   within=p.Arith(op="div",
                                                  left=p.Aggregate(op="sum", args=[GROUP]),
                                                  right=p.Aggregate(op="count", args=[GROUP])),
                                   excluded=["self"], roles="roles", excluded_by=SOURCE),
               text="sum / count, self excluded", sources=SOURCE, names=["t9"])]),
    p.Define(target="t0", text="t0 = 0.5 * avg(weights) + 0.5 * t9", sources=SOURCE,
             expr=p.Arith(op="add", left=p.Arith(
                 op="mul", left=p.Num(value=Decimal("0.5")),
                 right=p.Aggregate(op="avg", args=[p.Ref(name="weights")])),
                 right=p.Arith(op="mul", left=p.Num(value=Decimal("0.5")),
                               right=p.Ref(name="t9")))),
    graded_in_two_bands("t0")])
BOTH_GIVEN = pl.DataFrame({"position": ["a", "a"], "weights_1": ["4", None],
                           "weights_2": ["4", None], "items_1": ["5", "5"],
                           "items_2": ["3", "3"], "items_3": ["1", "1"],
                           "roles_1": ["self", "self"], "roles_2": ["peer", "peer"],
                           "roles_3": ["peer", "peer"]})


def test_a_sheet_whose_items_are_given_leaves_the_scores_to_the_other_named_by_a_formula():
    """A case giving a sheet's items by their own input is scored on them by a formula; its
    scores are the other sheet's, whose value the name a formula gives it holds (one group,
    every answer at once, the self's left out). Both backends alike."""
    results, _ = vector.evaluate_frame(BOTH_SHEETS, BOTH_GIVEN)
    assert results["score"].cast(pl.String).to_list()[0] == "3.0000000000"
    assert results["grade"].to_list()[0] == "g2"
    assert results["error"].to_list()[1] is not None
    assert [interpreted(ruleset_of(BOTH_SHEETS), row) for row in BOTH_GIVEN.iter_rows(named=True)] \
        == [vectorised(row) for row in results.iter_rows(named=True)]
