"""A decree's draft (its rules build.py merged from its facts) -> its rule plan (plan.py).

Everything a decree or the vocabulary names is read here, at compile time, and becomes data
in the plan: the eligibility subjects and the inputs and units each can be decided from, the
order in which graded values are preferred (`grade_order`), the names formulas give inputs,
the sanctions each cap condition covers. The interpreter and the backends know none of them.
"""

from __future__ import annotations

import calendar as months
import hashlib
import json
import re
from dataclasses import fields, replace
from decimal import Decimal
from fractions import Fraction
from functools import cache

from lark import Token

from . import expr
from .values import show
from .vocab import FORM_PURPOSE, vocabulary
from .draft import Draft
from .plan import (TABLES, Aggregate, Arith, Band, Candidate, CapRule, Choice, Compare, Define,
                   Form, Grade, Grouped, Guard, InputSpec, KeyedLookup, KeyRow, Logic, Lookup,
                   MissingRule, Neg, Not, Num, Parameter, Plan, Ref, Round, Rounding, Row, Scale,
                   Source, Test, Text, Unsupported, chosen_on, grouped_in, names, walk)


class Unlowered(Exception):
    """A text of a ruleset that is not an expression of the language (prose, bad syntax)."""


def lower(ruleset: Draft) -> Plan:
    """The plan of a ruleset: its inputs and its decision list in the decrees' order."""
    vocab = vocabulary()
    aliases = {alias: name for name, alias in vocab["names"].items()}
    roundings = rounding_rules(ruleset)
    numbers = _numbers(ruleset, vocab, aliases)
    restated = _restated(ruleset, vocab, aliases)
    choice = _choice(ruleset, vocab, aliases, numbers, restated)
    stands = _stands(ruleset, choice, vocab)
    steps = _guards(ruleset, vocab, stands)
    if choice is not None:
        steps.append(choice)
    steps += _clamped(_defines(ruleset, aliases, roundings, restated), ruleset, vocab, aliases)
    steps += _lookups(ruleset, aliases, roundings)
    grade = _grade(ruleset, vocab, choice, roundings, numbers, stands)
    if grade is not None:
        steps.append(grade)
    steps += _unapplied(ruleset, steps)
    plan = Plan(vocabulary_version=vocabulary_version(), inputs=[], decision=steps,
                labels=ruleset.labels)
    return replace(plan, inputs=_inputs(plan, ruleset, vocab))


def grade_order() -> tuple[str, ...]:
    """The scales in their order of preference: the most derived graded value first."""
    return tuple(vocabulary()["grade_order"])


def vocabulary_version() -> str:
    """A digest of the vocabulary (grammar/rules.yaml) the plan was lowered with."""
    text = json.dumps(vocabulary(), sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


# ---------------------------------------------------------------- expressions

def expression(text: str, aliases: dict[str, str] | None = None):
    """An expression's text -> plan nodes, the decree's names for inputs made canonical;
    Unlowered when the text is not an expression."""
    try:
        tree = expr.tree(text)
    except expr.ExprError as exc:
        raise Unlowered(str(exc)) from None
    return _node(tree, aliases or {})


def _node(tree, aliases: dict[str, str]):
    """One Lark node of grammar/expression.lark -> a plan expression."""
    if isinstance(tree, Token):
        raise Unlowered(f"unexpected {tree!r}")
    kids = tree.children
    rule = tree.data
    if rule == "number":
        return Num(value=Decimal(str(kids[0]).replace(",", ".")))
    if rule == "string":
        return Text(value=str(kids[0])[1:-1])
    if rule == "name":
        return Ref(name=aliases.get(str(kids[0]), str(kids[0])))
    if rule in ("add", "sub", "mul", "div"):
        return Arith(op=rule, left=_node(kids[0], aliases), right=_node(kids[1], aliases))
    if rule == "neg":
        return Neg(arg=_node(kids[0], aliases))
    if rule == "compare":
        return Compare(cmp=str(kids[1]), left=_node(kids[0], aliases),
                       right=_node(kids[2], aliases))
    if rule in ("and_", "or_"):
        return Logic(op=rule[:-1], args=[_node(k, aliases) for k in kids])
    if rule == "not_":
        return Not(arg=_node(kids[0], aliases))
    if rule == "call":
        return _call(str(kids[0]), [_node(k, aliases) for k in kids[1:]])
    raise Unlowered(f"unknown construct {rule}")


def _call(function: str, args: list):
    """A function call: an aggregation or a rounding (its places a whole constant). An
    aggregation of one formula over items reads their lists (the vocabulary's `items`)."""
    if function == "round":
        places = args[1]
        if not isinstance(places, Num) or places.value != places.value.to_integral_value():
            raise Unlowered("round(x, n) needs n a whole number")
        return Round(arg=args[0], digits=int(places.value))
    if len(args) == 1:
        args = [_of_lists(args[0], vocabulary().get("items", {}))]
    return Aggregate(op=function, args=args)


def _of_lists(node, items: dict[str, str]):
    """An expression with each name of an item (`kpi_weight`) read as its list
    (`kpi_weights`), inside an aggregation; nested aggregations are their own."""
    if isinstance(node, Ref):
        return Ref(name=items.get(node.name, node.name))
    if isinstance(node, Arith):
        return replace(node, left=_of_lists(node.left, items), right=_of_lists(node.right, items))
    if isinstance(node, Neg):
        return replace(node, arg=_of_lists(node.arg, items))
    if isinstance(node, Round):
        return replace(node, arg=_of_lists(node.arg, items))
    return node


# ---------------------------------------------------------------- guards

def _guards(ruleset: Draft, vocab: dict, stands: dict[str, list[str]]) -> list:
    """Eligibility conditions (not evaluated) then numeric constraints (invalid input)."""
    reads = _computed_from(ruleset.computations)
    guards = [_eligibility(rule, vocab, reads) for rule in ruleset.eligibility]
    return guards + [_constraint(rule, stands) for rule in ruleset.constraints]


def _eligibility(rule, vocab: dict, reads: dict[str, set[str]] | None = None):
    """A threshold on a subject -> a guard with one test per input the vocabulary decides the
    subject from, in the threshold's unit or one convertible to it; none: unsupported. A
    subject of some values only (`of`: the year's, of the values computed from the evaluated
    periods) guards those values, and is decided from the count of each periods' list they
    read too (`counts`); with no such value computed, it is unsupported."""
    spec = vocab["eligibility"][rule.subject]
    if not isinstance(rule.value, (Decimal, bool)) and _share(rule.value) is None:
        return Unsupported(target=rule.subject, reason=f"{rule.subject} {rule.op} "
                           f"{show(rule.value)}: not a comparison with one value",
                           sources=rule.sources)
    tests = [t for name in spec["inputs"]
             if (t := _test(rule, name, vocab["inputs"][name],
                            spec.get("excludes") == "above")) is not None]
    text = f"{rule.subject} {rule.op} {show(rule.value)} {rule.unit or ''}".strip()
    graded: list[str] = []
    if spec.get("of"):
        lists = set(vocab.get(spec["of"], ()))
        graded = sorted(name for name in reads or {} if _under(name, reads, set()) & lists)
        if not graded:
            return Unsupported(target=rule.subject, severity="warning", reason=f"{text}: a "
                               "condition of the values computed from "
                               f"{' or '.join(sorted(lists))}, and the plan computes none",
                               sources=rule.sources)
        counted = sorted(set().union(*(_under(g, reads, set()) for g in graded)) & lists)
        tests += [_count_test(rule, name) for name in counted
                  if rule.unit is None and rule.op in ("<", "<=", ">", ">=")]
    if not tests:
        units = ", ".join(f"{n} in {vocab['inputs'][n].get('unit') or 'no unit'}"
                          for n in spec["inputs"])
        return Unsupported(target=rule.subject, code="PLAN_UNIT_MISMATCH",
                           reason=f"{text}: no input gives it in "
                           f"{rule.unit} ({units})", sources=rule.sources)
    return Guard(reason=spec.get("reason", rule.subject), outcome="not_evaluated", text=text,
                 tests=tests, graded=graded, sources=rule.sources)



def _count_test(rule, name: str) -> Test:
    """The threshold decided from the number of a list's values (the quarters' scores
    given: the quarters evaluated)."""
    holds = _compare(rule.op, Aggregate(op="count", args=[Ref(name=name)]), rule.value)
    return Test(needs=[name], fires=holds if rule.op in ("<", "<=") else Not(arg=holds))


def _share(value) -> Fraction | None:
    """A share with no exact decimal, as the facts write it ("2/3"); None for anything else."""
    try:
        return Fraction(value) if isinstance(value, str) else None
    except ValueError:
        return None


def _compare(op: str, left, value) -> Compare:
    """`left op value`, exactly: a share n/d is compared as `left × d op n` (two thirds has
    no decimal to compare with)."""
    if (share := _share(value)) is None:
        return Compare(cmp=op, left=left, right=Num(value=value))
    return Compare(cmp=op, left=Arith(op="mul", left=left, right=Num(value=share.denominator)),
                   right=Num(value=share.numerator))


def _test(rule, name: str, spec: dict, above: bool = False) -> Test | None:
    """How `name` decides the threshold: directly in its own unit, or a count of months
    compared with days (under the shortest run of N months, at least the longest). An upper
    bound excludes when it holds, a lower one when it fails; the other way round for a
    subject that excludes when high (`above`: days of sick leave)."""
    ref = Ref(name=name)
    if isinstance(rule.value, bool):
        if spec["type"] != "boolean" or rule.op != "==":
            return None
        return Test(needs=[name], fires=Compare(cmp="==", left=ref, right=_constant(rule.value)))
    if rule.value is None or rule.op not in ("<", "<=", ">", ">="):
        return None
    unit = spec.get("unit")
    if rule.unit in (None, unit):
        holds = _compare(rule.op, ref, rule.value)
        excluding = (rule.op in ("<", "<=")) != above
        return Test(needs=[name], fires=holds if excluding else Not(arg=holds))
    if rule.unit == "months" and unit == "calendar_days":
        # "<", ">=": under the shortest run of N months, at least the longest; "<=", ">" ("не
        # превышает трех месяцев": excluded at most N months, "более N месяцев": evaluated
        # above N): no run of N months is shorter than the shortest, so a tenure within it
        # is at most N months; one past the longest is more than N in any case
        shortest, longest = month_span(int(rule.value))
        strict = rule.op in ("<", ">=")
        return Test(needs=[name], fires=Compare(cmp="<" if strict else "<=", left=ref,
                                                right=Num(value=Decimal(shortest))),
                    passes=Compare(cmp=">=" if strict else ">", left=ref,
                                   right=Num(value=Decimal(longest))),
                    undecided="ambiguous_tenure")
    return None


def _constant(value: bool):
    """A boolean constant as an expression (the language has no literal for it)."""
    return Compare(cmp="==", left=Num(value=Decimal(0)),
                   right=Num(value=Decimal(0 if value else 1)))


def _constraint(rule, stands: dict[str, list[str]]):
    """A numeric rule on an input: failing it is invalid input, an absent input skips it."""
    name = rule.input
    measured = {"value": Ref(name=name), "count": Aggregate(op="count", args=[Ref(name=name)]),
                "sum": Aggregate(op="sum", args=[Ref(name=name)])}
    if rule.measure == "each":
        low, high = (Aggregate(op="min", args=[Ref(name=name)]),
                     Aggregate(op="max", args=[Ref(name=name)]))
    else:
        low = high = measured[rule.measure]
    ok = _holds(low, high, rule.op, rule.value)
    if ok is not None and rule.measure == "each":
        # an empty list breaks no item's bounds ("each of activity_points between [1, 5]"
        # with no activity in the period)
        empty = Compare(cmp="==", left=Aggregate(op="count", args=[Ref(name=name)]),
                        right=Num(value=Decimal(0)))
        ok = Logic(op="or", args=[empty, ok])
    what = {"value": name, "count": f"count({name})", "sum": f"sum({name})",
            "each": f"each of {name}"}[rule.measure]
    if ok is None:
        return Unsupported(target=rule.subject, reason=f"{what} {rule.op} {show(rule.value)}: "
                           "not a comparison", sources=rule.sources)
    # a count given outright, or counted from the list of the items it counts (`counts`:
    # the KPIs' scores given one by one), whichever the case gives
    counted = [Test(needs=[items], fires=Not(arg=held))
               for items in vocabulary()["constraints"].get(rule.subject, {}).get("counts", ())
               if rule.measure == "value" and (held := _holds(
                   *[Aggregate(op="count", args=[Ref(name=items)])] * 2, rule.op, rule.value))]
    # a rule its chapter states for every servant (the individual plan "of each servant of
    # corps B") keeps the positions that position stands for here, but with no position given
    # it applies whatever scale grades the case: no chapter
    everyone = any(_universal(p) for p in rule.applies_to)
    return Guard(reason=rule.subject, outcome="invalid_input", absent="skip",
                 text=f"{what} {rule.op} {show(rule.value)}",
                 tests=[Test(needs=[name], fires=Not(arg=ok)), *counted],
                 positions=covering(rule.applies_to, stands),
                 chapter=None if everyone else chapter_of(rule), sources=rule.sources)


def _universal(position: str) -> bool:
    """Whether a position covers every other the vocabulary knows (grammar/rules.yaml
    `covers`: the servant of corps B)."""
    covers = vocabulary().get("covers", {})
    every = {p for wide, narrower in covers.items() for p in (wide, *narrower)}
    return every <= {position, *covers.get(position, ())}


def _holds(low, high, op: str, value):
    """The condition that every measured value satisfies `op value` (`low`: the smallest,
    `high`: the largest measured)."""
    if op == "between" and isinstance(value, list) and len(value) == 2:
        return Logic(op="and", args=[Compare(cmp=">=", left=low, right=Num(value=value[0])),
                                     Compare(cmp="<=", left=high, right=Num(value=value[1]))])
    if not isinstance(value, Decimal):
        return None
    bound = Num(value=value)
    if op in ("<", "<="):
        return Compare(cmp=op, left=high, right=bound)
    if op in (">", ">="):
        return Compare(cmp=op, left=low, right=bound)
    if op == "==":
        return Logic(op="and", args=[Compare(cmp="==", left=low, right=bound),
                                     Compare(cmp="==", left=high, right=bound)])
    return None


def joined(sources: list, more) -> list:
    """`sources` followed by those of `more` it does not hold (looked up in a set: a band
    restated in every appendix of a long decree has thousands)."""
    held = set(sources)
    return sources + [s for s in more if s not in held]


def chapter_of(rule) -> str:
    """The chapter (or appendix) of a rule's first clause: "app1/ch2" of "app1/ch2/p25"."""
    return "/".join(rule.sources[0].address.split("/")[:2])


@cache  # a pure function of n
def month_span(n: int) -> tuple[int, int]:
    """Days in the shortest and the longest run of n consecutive calendar months."""
    lengths = [months.monthrange(2023 + (m // 12), m % 12 + 1)[1] for m in range(48)]
    leap = [months.monthrange(2024 + (m // 12), m % 12 + 1)[1] for m in range(48)]
    runs = [sum(lengths[i:i + n]) for i in range(36)] + [sum(leap[i:i + n]) for i in range(36)]
    return min(runs), max(runs)


# ---------------------------------------------------------------- forms, formulas, tables

def _choice(ruleset: Draft, vocab: dict, aliases: dict, numbers: set[str],
            restated: dict) -> Choice:
    """The forms, chosen by position (none: scores given are for no form of this decree); a
    decree that takes its forms from another act says so."""
    borrowed = _borrowed(ruleset, "the evaluation form")
    forms = [_form(f, vocab, aliases, numbers, ruleset.computations, restated.get(id(f), []))
             for f in ruleset.forms]
    return Choice(forms=_covering_sheets(forms, vocab), borrowed=borrowed,
                  domain=ruleset.domain)


def _covering_sheets(forms: list[Form], vocab: dict) -> list[Form]:
    """Each sheet with the positions it covers (grammar/rules.yaml `covers`, the narrowest
    first) that no sheet of the decree names or covers more narrowly: a structural head's
    sheet is a manager's where no sheet names managers, a sheet for every servant the
    position of each servant no other sheet is for."""
    positions = [list(f.positions) for f in forms]
    taken = {p for f, ps in zip(forms, positions) if f.scored for p in ps}
    # a sheet for some methods only (the manager's 360 questionnaire) leaves the position to
    # a wide sheet naming none for the others (the plan's targets "for every servant")
    plain = {p for f, ps in zip(forms, positions) if f.scored and not f.methods for p in ps}
    for wide, narrower in vocab.get("covers", {}).items():
        added, added_plain = set(), set()
        for form, ps in zip(forms, positions):
            if wide in form.positions:
                held = taken if form.methods else plain
                new = [p for p in narrower if p not in held and p not in ps]
                ps += new
                added |= set(new) if form.scored else set()
                added_plain |= set(new) if form.scored and not form.methods else set()
        taken |= added
        plain |= added_plain
    return [replace(f, positions=ps) for f, ps in zip(forms, positions)]


def _stands(ruleset: Draft, choice: Choice | None, vocab: dict) -> dict[str, list[str]]:
    """What each position a rule may name stands for in this decree: the positions its
    sheets cover (a decree with a structural head's sheet and one "for every servant" gives
    the servants' rules to the others only); a position no sheet names, all it covers."""
    out = {wide: list(narrower) for wide, narrower in vocab.get("covers", {}).items()}
    named: dict[str, list[str]] = {}
    for form, lowered in zip(ruleset.forms, choice.forms if choice is not None else []):
        for position in form.applies_to:
            named.setdefault(position, [])
            named[position] += [p for p in lowered.positions if p not in named[position]]
    return {**out, **named}


def covering(positions: list[str], stands: dict[str, list[str]]) -> list[str]:
    """The positions a check or cap applies to: those it names, then those they stand for
    in the decree (`_stands`: a rule for every servant of corps B is a manager's too where
    no sheet of the decree is a manager's)."""
    out = list(positions)
    for position in positions:
        out += [p for p in stands.get(position, []) if p not in out]
    return out


def _form(form, vocab: dict, aliases: dict, numbers: set[str], computations: list,
          restating: list) -> Form:
    """A form; its aggregation lowered with every list it names standing for the scores but a
    list given beside them (`beside`: each task's weight), which stays itself (a number it
    names is that number: `a` of `100 + a - b`). A total that reads no score and
    is a formula of the decree is that formula's; one stated per group is a grouped node.
    The formulas that restate the aggregation give the form their clauses and their
    targets, the names of its value; a list it names that a case may give one by one
    (`sheet_items`) is its items' input."""
    sources = joined(form.sources, [s for c in restating for s in c.sources])
    targets = sorted({aliases.get(c.target, c.target) for c in restating})
    listed = set(re.findall(r"[a-z_]\w*", form.aggregation or ""))
    items = sorted(n for n in (aliases.get(x, x) for x in listed)
                   if vocab["inputs"].get(n, {}).get("sheet_items"))
    common = dict(number=form.number, title=form.title, positions=form.applies_to,
                  parameters=[_as(Parameter, p) for p in form.parameters],
                  sources=sources, methods=form.methods, names=targets,
                  items=items[0] if items else None)
    if form.aggregation is None:
        return Form(**common)
    grouped = _grouped(form, vocab)
    if grouped is not None:
        return Form(**common, aggregate=grouped, text=form.aggregation)
    try:
        node = expression(form.aggregation, aliases)
    except Unlowered:
        return Form(**common, prose=form.aggregation)
    listed = {a.name for e in walk(node) if isinstance(e, Aggregate) and len(e.args) == 1
              for a in e.args if isinstance(a, Ref)}
    scores = {name: "scores" for name in names(node)
              if (name not in numbers or name in listed)
              and not vocab["inputs"].get(name, {}).get("beside")}  # a task's weight stays
    if not scores:
        same = next((c for c in computations if _same(c.expression, form.aggregation)), None)
        if same is not None:
            return Form(**common, text=form.aggregation,
                        formula=f"{same.target} = {same.expression}")
    return Form(**common, aggregate=expression(form.aggregation, {**aliases, **scores}),
                text=form.aggregation)


def _grouped(form, vocab: dict) -> Grouped | None:
    """An aggregation stated per group ("per competency: sum(answer_points) /
    count(answers), self-evaluation excluded"): the formula within each group (every name
    it reads is the group's items), over the sheet's answers, one group per parameter; one
    over every answer at once that leaves some respondents out ("sum(answer_points) /
    count(answers), self-evaluation excluded") is one group, its value the sheet's."""
    text = form.aggregation
    per = vocab["grouped"]
    prefix = next((p for p in per["per"] if text.startswith(p)), None)
    if prefix is None and not any(suffix in text for suffix in per["excluded"]) \
            or not form.parameters:
        return None
    body, excluded = text.removeprefix(prefix or ""), []
    for suffix, role in per["excluded"].items():
        if suffix in body:
            body = body.replace(suffix, "")
            excluded.append(role)
    try:
        within = expression(body)
    except Unlowered:
        return None
    each = {name: "group" for name in names(within)}
    # no group named: every answer at once, one group whose value is the sheet's
    return Grouped(arg=Ref(name="scores"), groups=len(form.parameters) if prefix else 1,
                   across=None if prefix else "avg",
                   within=expression(body, each), excluded=excluded,
                   roles=per["roles"] if excluded else None,
                   excluded_by=form.sources if excluded else [])


def _numbers(ruleset: Draft, vocab: dict, aliases: dict) -> set[str]:
    """The names (canonical) that are numbers: the vocabulary's number inputs, the targets
    of formulas and of tables."""
    kinds = {"decimal", "integer"}
    out = {n for n, spec in vocab["inputs"].items() if spec["type"] in kinds}
    out |= {aliases.get(c.target, c.target) for c in ruleset.computations}
    return out | {aliases.get(t.output, t.output) for t in ruleset.lookups}


def _same(expression_: str, aggregation: str) -> bool:
    """Whether a formula's expression is a sheet's aggregation (or its formula per group)."""
    try:
        formula = expr.parse(expression_).text
    except expr.ExprError:
        return False
    body = aggregation
    for prefix in vocabulary()["grouped"]["per"]:
        body = body.removeprefix(prefix)
    for suffix in vocabulary()["grouped"]["excluded"]:
        body = body.replace(suffix, "")
    try:
        return expr.parse(body).text == formula
    except expr.ExprError:
        return False


def _restated(ruleset: Draft, vocab: dict, aliases: dict) -> dict[int, list]:
    """Formulas that restate a sheet's aggregation over names only the sheet gives (its
    items, an input given one by one included, `sheet_items`: `final_score =
    sum(kpi_scores) / count(kpi_scores)` of the KPI sheet), by the
    form (its id) they restate: they are the form's aggregation, not formulas of their own
    (the items a table gives from other items, a KPI's score from its percent, are bound)."""
    bound = {n for n, spec in vocab["inputs"].items() if not spec.get("sheet_items")} | {
        aliases.get(c.target, c.target) for c in ruleset.computations}
    bound |= {aliases.get(t.output, t.output) for t in ruleset.lookups}
    items = vocab.get("items", {})  # a table from item to item gives the list of its values
    bound |= {items[aliases.get(t.output, t.output)] for t in ruleset.lookups
              if aliases.get(t.output, t.output) in items and aliases.get(t.input, t.input) in items}
    out: dict[int, list] = {}
    for comp in ruleset.computations:
        try:
            read = expression(comp.expression, aliases)
        except Unlowered:
            continue
        if names(read) <= bound:
            continue
        forms = [f for f in ruleset.forms if f.aggregation and _same(comp.expression,
                                                                      f.aggregation)]
        for form in forms:
            out.setdefault(id(form), []).append(comp)
    return out


def _borrowed(ruleset: Draft, what: str) -> MissingRule | None:
    """The references to another act's evaluation forms, as a missing rule."""
    refs = [r for r in ruleset.references if FORM_PURPOSE.match(r.purpose)]
    if not refs:
        return None
    return MissingRule(what=what, targets=sorted({f"{r.target} ({r.purpose})" for r in refs}),
                       sources=[s for r in refs for s in r.sources])


def _defines(ruleset: Draft, aliases: dict, roundings: dict, restated: dict) -> list:
    """The formulas that are not rounding rules nor a sheet's aggregation restated, each
    lowered (or unsupported); a second formula for a target that nothing in the plan chooses
    between is noted, not computed."""
    rounding = {r.text for r in roundings.values()}
    folded = {id(c) for comps in restated.values() for c in comps}
    kept = [c for c in ruleset.computations
            if f"{c.target} = {c.expression}" not in rounding and id(c) not in folded]
    chosen = _chosen_by(kept, aliases)
    out, seen = [], {}
    for comp in kept:
        target = aliases.get(comp.target, comp.target)
        when, said = chosen.get(id(comp), (None, None))
        if when is None and target in seen:
            # the same value over other inputs ("среднее арифметическое итоговых баллов за
            # кварталы", then "Г = (И1 + … + Иn) / n"): computed where the first is not
            out.append(Unsupported(target=target, code="PLAN_ALTERNATIVE_FORMULA",
                                   severity="warning", reason=f"{comp.expression}: a second "
                                   f"formula for {target} (the first: {seen[target]}); what "
                                   "chooses between them is not read, the first is computed, "
                                   "this one where the inputs give only it",
                                   sources=comp.sources))
        try:
            node = expression(comp.expression, aliases)
        except Unlowered as exc:
            out.append(Unsupported(target=comp.target, code="PLAN_UNPARSED_EXPRESSION",
                                   reason=f"{comp.expression}: {exc}",
                                   sources=comp.sources))
            continue
        if when is None:
            seen.setdefault(target, comp.expression)
        text = f"{comp.target} = {comp.expression}" + (f" when {said}" if said else "")
        out.append(Define(target=target, expr=node, when=when, text=text,
                          sources=comp.sources))
    return out


def _chosen_by(computations: list, aliases: dict) -> dict[int, tuple]:
    """The formulas of a target that its formulas' stated conditions choose between (by id,
    the condition and its text): each stated one where its input has its value
    (`kpi_direction == decreasing`), the one stated with no condition where none of the
    others' holds."""
    stated = vocabulary().get("formula_conditions", {})
    by_target: dict[str, list] = {}
    for comp in computations:
        by_target.setdefault(aliases.get(comp.target, comp.target), []).append(comp)
    out: dict[int, tuple] = {}
    for comps in by_target.values():
        conditions = {id(c): stated[c.condition] for c in comps if c.condition in stated}
        if len(comps) < 2 or not conditions:
            continue
        tests = {i: Compare(cmp="==", left=Ref(name=s["input"]), right=Text(value=s["value"]))
                 for i, s in conditions.items()}
        otherwise = [c for c in comps if id(c) not in conditions]
        said = {i: f"{s['input']} == {s['value']}" for i, s in conditions.items()}
        for comp in comps:
            if id(comp) in tests:
                out[id(comp)] = tests[id(comp)], said[id(comp)]
            elif len(otherwise) == 1:
                others = list(tests.values())
                out[id(comp)] = (Not(arg=others[0] if len(others) == 1 else
                                     Logic(op="or", args=others)),
                                 "not (" + " or ".join(said.values()) + ")")
    return out


def rounding_rules(ruleset: Draft) -> dict[str, Rounding]:
    """The stated rounding rules, `T = round(X, n)`, by the name X they round."""
    rules = {}
    for comp in ruleset.computations:
        try:
            node = expression(comp.expression)
        except Unlowered:
            continue
        if isinstance(node, Round) and isinstance(node.arg, Ref) and node.arg.name not in rules:
            rules[node.arg.name] = Rounding(target=comp.target, name=node.arg.name,
                                            digits=node.digits,
                                            text=f"{comp.target} = {comp.expression}",
                                            sources=comp.sources)
    return rules


def bounds(ruleset: Draft) -> list:
    """The caps under no sanction: a cap on a total that holds always ("сумма поощрительных
    баллов … не может превышать 25 баллов"), or on a score a bonus was added to; the
    sanctions' caps are the grade's."""
    return [c for c in ruleset.caps if not c.condition.startswith("sanction_")]


def _clamped(steps: list, ruleset: Draft, vocab: dict, aliases: dict) -> list:
    """The formulas of the values a cap under no sanction bounds, each computing at most the
    cap (`min(…, max)`, the cap's clause joined to the formula's); a cap no formula of the
    plan computes the value of is unsupported, with its clause (never dropped)."""
    out, unapplied = list(steps), []
    for cap in bounds(ruleset):
        scale = aliases.get(cap.scale, cap.scale)
        # the scale's values as the plan names them ("penalty_points: [b]": b is penalty_total)
        targets = {aliases.get(t, t) for t in vocab["scales"].get(scale, [scale])}
        hits = [i for i, s in enumerate(out) if isinstance(s, Define) and s.target in targets]
        for i in hits:
            step = out[i]
            out[i] = replace(step, expr=Aggregate(op="min", args=[step.expr, Num(value=cap.max)]),
                             text=f"{step.text}, at most {show(cap.max)} ({cap.condition})",
                             sources=joined(step.sources, cap.sources))
        if not hits:
            unapplied.append(Unsupported(
                target=scale, code="PLAN_UNAPPLIED_CAP", reason=f"{scale} <= {show(cap.max)} "
                f"({cap.condition}): no formula of the plan computes {scale}",
                sources=cap.sources))
    return out + unapplied


def _unapplied(ruleset: Draft, steps: list) -> list[Unsupported]:
    """The stated rounding rules no step applies (no table's input, no graded value, or a
    second rule for a name already rounded): noted with their clause, never dropped."""
    applied = {s.rounding.text for s in steps if isinstance(s, Lookup) and s.rounding}
    applied |= {c.rounding.text for s in steps if isinstance(s, Grade)
                for c in s.candidates if c.rounding is not None}
    out = []
    for comp in ruleset.computations:
        try:
            node = expression(comp.expression)
        except Unlowered:
            continue
        text = f"{comp.target} = {comp.expression}"
        if isinstance(node, Round) and isinstance(node.arg, Ref) and text not in applied:
            out.append(Unsupported(target=comp.target, code="PLAN_UNAPPLIED_ROUNDING",
                                   severity="warning", reason=f"{text}: no table or graded "
                                   f"value of the plan reads {node.arg.name} rounded",
                                   sources=comp.sources))
    return out


def _lookups(ruleset: Draft, aliases: dict, roundings: dict) -> list:
    """The lookup tables: by intervals of a number, or by key (a category, an answer); a
    value the case asks for is an output. A table lowering cannot read is unsupported. A table
    from one item to another (the vocabulary's `items`: a KPI's percent to its score) is also
    looked up item by item, from the one list to the other."""
    vocab = vocabulary()
    outputs, points = set(vocab.get("outputs", [])), vocab.get("points_of", {})
    items = vocab.get("items", {})
    out = []
    for t in ruleset.lookups:
        key, target = aliases.get(t.input, t.input), aliases.get(t.output, t.output)
        out.append(_table(t, key, target, roundings, outputs, points))
        if isinstance(out[-1], Lookup) and key in items and target in items:
            rows = [_as(Row, r) for r in t.rows]
            out.append(Lookup(name=t.name, input=items[key], target=items[target], rows=rows,
                              rounding=roundings.get(t.input), each=True, sources=t.sources))
    return out


def _table(table, key: str, target: str, roundings: dict, outputs: set, points: dict):
    """One table: interval rows -> a lookup; keyed rows -> a keyed lookup (each key once);
    no row, rows of both kinds or a key with two values -> unsupported, saying why."""
    keyed = [r for r in table.rows if r.key is not None]
    ranged = [r for r in table.rows if r.key is None]
    why = None
    if not table.rows:
        why = "no row was read"
    elif keyed and ranged:
        why = f"{len(keyed)} rows by key and {len(ranged)} by interval in one table"
    values: dict[str, object] = {}
    for row in keyed:
        if values.setdefault(row.key, row.value) != row.value:
            why = f"the key {row.key!r} gives both {show(values[row.key])} and {show(row.value)}"
    if why is not None:
        return Unsupported(target=target, code="PLAN_UNREAD_TABLE",
                           reason=f"table {table.name}: {why}", sources=table.sources)
    if keyed:
        return KeyedLookup(name=table.name, input=key, target=target,
                           output=target in outputs or table.output in outputs,
                           rows=[KeyRow(key=k, value=v) for k, v in values.items()],
                           sources=table.sources)
    rows = [_as(Row, r) for r in ranged]
    if target in points:
        target, rows = points[target], [_one_point(r) for r in rows]
    return Lookup(name=table.name, input=key, target=target, rows=rows,
                  rounding=roundings.get(table.input),
                  output=target in outputs or table.output in outputs, sources=table.sources)


def _one_point(row: Row) -> Row:
    """A row giving one score as the range of that one point ("Д ≥ 100 – 5": [5, 5])."""
    if isinstance(row.value, (list, str)):
        return row
    return replace(row, value=[row.value, row.value])


# ---------------------------------------------------------------- the grade

def _grade(ruleset: Draft, vocab: dict, choice: Choice | None, roundings: dict,
           numbers: set[str], stands: dict[str, list[str]]):
    """The candidates in the vocabulary's order of preference, each scale with its bands and
    the caps of its sheet; None without a scale."""
    if not ruleset.scales:
        return None
    order = grade_order()
    scales = sorted(ruleset.scales, key=lambda s: order.index(s.key) if s.key in order
                    else len(order))
    reads = _computed_from(ruleset.computations)
    candidates = [Candidate(variable=v, scale=s.key,
                            rounding=_rounding_for(roundings, _rounded_as(v, s, vocab)),
                            over_evaluated=_over_evaluated(v, reads, vocab))
                  for s in scales for v in _derived_first(_graded(s, scales, choice, numbers),
                                                          ruleset.computations)]
    # the sheet's score (the target of a formula over items stating a sheet's aggregation
    # too: the KPI sheet's weighted sum of its KPIs' scores), and what the decree computes
    # from it ("КО = СБ – Ш": the caps bound the score after the penalty)
    items = set(vocab.get("items", {}))
    sheets = {choice.target} | {c.target for c in ruleset.computations if any(
        f.aggregation and _same(c.expression, f.aggregation) for f in ruleset.forms)
        and items & _computed_from([c])[c.target]} \
        if choice is not None else set()
    capped = sheets & {c.variable for c in candidates} | {
        c.variable for c in candidates if sheets & _under(c.variable, reads, set())}
    capped |= {choice.target} if choice is not None else set()
    # … and a score the decree caps by name ("годовая оценка … не может превышать: … 4,49
    # балла"): the candidate that is its scale's own value, where caps are stated for it
    named = {c.variable for c in candidates if c.variable == c.scale
             and any(cap.scale == c.scale for cap in ruleset.caps)}
    return Grade(candidates=candidates,
                 capped=sorted(capped | named | _direct(vocab, candidates)),
                 scales=[_scale(ruleset, s, vocab, stands) for s in scales])


def _graded(scale, scales: list, choice: Choice | None, numbers: set[str]) -> list[str]:
    """What a scale grades: its variables; where none of them is a number the plan has (a
    scale named for the quarter's points, "тоқсандық баға", in a decree whose quarter is
    the sheet's average) and no scale grades the sheet's total, that total too: the
    decree's bands grade the value its sheet gives."""
    variables = list(scale.variables)
    if choice is None or not choice.forms or any(v in numbers for v in variables):
        return variables
    if any(choice.target in s.variables for s in scales):
        return variables
    return variables + [choice.target]


def _derived_first(variables: list[str], computations) -> list[str]:
    """A scale's variables with each one the decree computes from another of them moved just
    before it ("КО = СБ – Ш": the final score, the sheet's average less the penalty, is
    graded where it can be computed, not the average it is computed from); the others keep
    the vocabulary's order."""
    reads = _computed_from(computations)
    order = list(variables)
    for variable in variables:
        deps = [order.index(w) for w in _under(variable, reads, set()) & set(order)
                if w != variable]
        if deps and min(deps) < order.index(variable):
            order.remove(variable)
            order.insert(min(deps), variable)
    return order


def _computed_from(computations) -> dict[str, set[str]]:
    """Each computed name -> the names its formulas read."""
    reads: dict[str, set[str]] = {}
    for c in computations:
        reads.setdefault(c.target, set()).update(re.findall(r"[^\W\d]\w*", c.expression))
    return reads


def _over_evaluated(variable: str, reads: dict[str, set[str]], vocab: dict) -> bool:
    """Whether a value is computed from the values of periods each evaluated and nothing
    else the case gives (grammar/rules.yaml `evaluated_periods`: "Годовая оценка служащего
    равна среднему арифметическому его квартальных оценок")."""
    periods = set(vocab.get("evaluated_periods", ()))
    known = vocab["inputs"].keys() | set(vocab["names"].values())
    leaves, todo, seen = set(), [variable], set()
    while todo:  # down to the periods' values, which a quarter's formula also computes
        name = todo.pop()
        for read in reads.get(name, set()) - seen:
            seen.add(read)
            if read in periods or read not in reads:
                leaves.add(read)
            else:
                todo.append(read)
    inputs = leaves & known
    return bool(inputs) and inputs <= periods


def _under(name: str, reads: dict[str, set[str]], seen: set[str]) -> set[str]:
    """Every name a computed name is computed from, however indirectly."""
    for read in reads.get(name, set()) - seen:
        seen.add(read)
        _under(read, reads, seen)
    return seen


def _rounded_as(variable: str, scale, vocab: dict) -> tuple[str, ...]:
    """The names whose stated rounding rounds a graded variable: its own, its scale's, the
    graded `score`'s; a value a case gives directly (an input: the final score) stands for
    the value the decree computes, so a rounding stated for any variable of its scale
    ("Итоговая оценка округляется до сотых" of И, `round(annual_score, 2)`) rounds it too."""
    if variable not in vocab["inputs"]:
        return (variable, scale.key, "score")
    return (variable, scale.key, *scale.variables, "score")


def _direct(vocab: dict, candidates: list[Candidate]) -> set[str]:
    """The candidates a case may give directly (an input of the vocabulary)."""
    return {c.variable for c in candidates if c.variable in vocab["inputs"]}


def _rounding_for(roundings: dict, names_: tuple[str, ...]) -> Rounding | None:
    """The first rounding rule stated for one of the names."""
    return next((roundings[n] for n in names_ if n in roundings), None)


def _scale(ruleset: Draft, scale, vocab: dict, stands: dict[str, list[str]]) -> Scale:
    """A scale's bands, the caps stated for it and the sanctions each covers."""
    bounded = bounds(ruleset)
    caps = [CapRule(condition=c.condition, covers=covered(c.condition, vocab), max=c.max,
                    sources=c.sources, positions=covering(c.applies_to, stands))
            for c in ruleset.caps if c.scale == scale.key and c not in bounded]
    borrowed = _borrowed(ruleset, "the caps for a sanction (on the evaluation forms)") \
        if len(ruleset.caps) == len(bounded) else None
    return Scale(key=scale.key, chapters=sorted({chapter_of(b) for b in scale.bands}),
                 bands=ladder([_as(Band, b) for b in scale.bands]), caps=caps,
                 caps_borrowed=borrowed)


def ladder(bands: list[Band]) -> list[Band]:
    """Open-ended bands nested in one another are the steps of a ladder: bands each stated
    "less than X" ("менее 4 баллов", "менее 3 баллов") each run from the next lower bound up
    (at least 3 and less than 4), bands each "more than X" up to the next higher one; the
    bound's clause joins the band's."""
    out = []
    for band in bands:
        if band.low is None and band.high is not None:
            below = [b for b in bands if b.low is None and b.high is not None
                     and b.high < band.high]
            if below:
                step = max(below, key=lambda b: b.high)
                band = band.model_copy(update={
                    "low": step.high, "low_inclusive": step.high_inclusive is False,
                    "sources": joined(band.sources, step.sources)})
        elif band.high is None and band.low is not None:
            above = [b for b in bands if b.high is None and b.low is not None
                     and b.low > band.low]
            if above:
                step = min(above, key=lambda b: b.low)
                band = band.model_copy(update={
                    "high": step.low, "high_inclusive": step.low_inclusive is False,
                    "sources": joined(band.sources, step.sources)})
        out.append(band)
    return out


def _as(node, rule):
    """A ruleset's rule as the plan's node of the same fields (a band, a parameter)."""
    return node(**{f.name: getattr(rule, f.name) for f in fields(node)})


def covered(condition: str, vocab: dict) -> list[str]:
    """The sanctions a cap's condition covers: `sanction_<part>_or_<part>…`, each part a
    canonical sanction or a group of the vocabulary (`minor`, `major`, `any`)."""
    if not condition.startswith("sanction_"):
        return []
    groups = vocab["sanction_groups"]
    parts = condition.removeprefix("sanction_").split("_or_")
    sanctions = [s for s in vocab["inputs"]["sanction"]["values"] if s != "none"]
    return [s for s in sanctions if any(s == p or s in groups.get(p, ()) for p in parts)]


def covers(condition: str, sanction: str) -> bool:
    """Whether a cap's condition covers a sanction."""
    return sanction in covered(condition, vocabulary())


# ---------------------------------------------------------------- inputs

def _inputs(plan: Plan, ruleset: Draft, vocab: dict) -> list[InputSpec]:
    """Every input of the vocabulary, with the clauses of this plan that read it; then the
    keys of keyed tables the vocabulary does not name, each an enum of its tables' keys."""
    used: dict[str, list[Source]] = {}
    held: dict[str, set[Source]] = {}  # the same clauses as a set, to look each one up
    on = chosen_on(plan)
    for step in plan.decision:
        for name, sources in _reads(step, on):
            seen = held.setdefault(name, set())
            new = [s for s in sources if s not in seen]
            used.setdefault(name, []).extend(new)
            seen.update(new)
    aliases = vocab["names"]
    optional = _optional(plan)
    declared = [InputSpec(name=name, type=spec["type"], unit=spec.get("unit"),
                          values=spec.get("values") or None, meaning=spec.get("meaning", ""),
                          alias=aliases.get(name) if aliases.get(name) != name else None,
                          optional_by=optional.get(name, []), sources=used.get(name, []))
                for name, spec in vocab["inputs"].items()]
    return declared + _keys(plan, vocab, used)


def _keys(plan: Plan, vocab: dict, used: dict[str, list[Source]]) -> list[InputSpec]:
    """The inputs keyed tables read that the vocabulary does not name: enums of the tables'
    keys, in the tables' order."""
    keys: dict[str, dict[str, None]] = {}
    for table in (s for s in plan.decision if isinstance(s, KeyedLookup)):
        if table.input not in vocab["inputs"]:
            keys.setdefault(table.input, {}).update(dict.fromkeys(r.key for r in table.rows))
    return [InputSpec(name=name, type="enum", values=list(values),
                      meaning="the key of a table: " + ", ".join(
                          dict.fromkeys(t.name for t in plan.decision
                                        if isinstance(t, KeyedLookup) and t.input == name)),
                      sources=used.get(name, [])) for name, values in keys.items()]


def _optional(plan: Plan) -> dict[str, list[Source]]:
    """Inputs a clause makes optional: the sanction, where the decree states no cap and
    sends its forms (and their caps) to another act — its own rules read no sanction."""
    out: dict[str, list[Source]] = {}
    for grade in (s for s in plan.decision if isinstance(s, Grade)):
        borrowed = [sc.caps_borrowed for sc in grade.scales if sc.caps_borrowed is not None]
        if borrowed and not any(sc.caps for sc in grade.scales):
            out[grade.on] = list(dict.fromkeys(s for b in borrowed for s in b.sources))
    return out


def _reads(step, on: str) -> list[tuple[str, list[Source]]]:
    """The names a step reads, each with the step's clauses (`on`: the input a position
    scope reads, the plan's choice's)."""
    out = []
    if isinstance(step, Guard):
        out = [(n, step.sources) for t in step.tests for n in t.needs]
        if step.positions:
            out.append((on, step.sources))
    elif isinstance(step, Choice):
        for form in step.forms:
            out.append((step.over, form.sources))
            out += [(g.roles, g.excluded_by) for g in grouped_in(form.aggregate) if g.roles]
            if form.items is not None:  # a case giving it is scored on it by a formula
                out.append((form.items, form.sources))
            if form.positions:
                out.append((step.on, form.sources))
        if step.borrowed is not None:
            out.append((step.over, step.borrowed.sources))
    elif isinstance(step, Define):
        out = [(n, step.sources) for n in names(step.expr)]
        out += [(n, step.sources) for n in (names(step.when) if step.when is not None else ())]
    elif isinstance(step, TABLES):
        out = [(step.input, step.sources)]
    elif isinstance(step, Grade):
        bands = [s for sc in step.scales for b in sc.bands for s in b.sources]
        out = [(c.variable, bands) for c in step.candidates]
        caps = [s for sc in step.scales for c in sc.caps for s in c.sources]
        if caps:
            out.append((step.on, caps))
    return out
