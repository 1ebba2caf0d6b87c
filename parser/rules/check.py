"""The checker: what a lowered plan (plan.py) cannot compute, found at compile time.

Each finding is a diagnostic with the clause it concerns, stored in the plan (and so in
generated/<id>.json under `ruleset.plan.diagnostics`):

    PLAN_UNSUPPORTED, PLAN_UNPARSED_EXPRESSION, PLAN_UNIT_MISMATCH   a rule lowering could not
                          turn into nodes (its own reason: prose, a threshold in a unit no input has)
    PLAN_PROSE_AGGREGATION  a form's aggregation that is prose, not an expression
    PLAN_UNBOUND_NAME     a name no input, formula, table or form gives
    PLAN_TYPE             a list where a number is needed, or the reverse (arithmetic takes
                          either: on a list it goes item by item)
    PLAN_SCALE_GAP        values between two bands that the graded value can take (a gap a
                          stated rounding or a whole-number input makes unreachable is not one)
    PLAN_SCALE_OVERLAP    values in two bands
    PLAN_UNDECLARED_INPUT an input a step needs that the plan does not declare
    PLAN_UNREAD_TABLE     a table lowering could not read (no row, rows by key and by
                          interval, a key with two values)
    PLAN_UNAPPLIED_ROUNDING (warning) a rounding the decree states that no table or graded
                          value reads (it is not applied)
    PLAN_EXCLUSION        respondents a sheet excludes that no declared list of roles tells
    PLAN_TABLE_KEY        a keyed table whose input is not an enum, or a key its input cannot take
    PLAN_ALTERNATIVE_FORMULA (warning) a second formula for one target, nothing choosing
"""

from __future__ import annotations

from dataclasses import replace
from fractions import Fraction

from .plan import (TABLES, Aggregate, Arith, Choice, Compare, Define, Diagnostic, Grade, Grouped,
                   Guard, KeyedLookup, Logic, Neg, Not, Num, Plan, Ref, Round, Text, Unsupported,
                   grouped_in, walk)

NUMBER, LIST, BOOLEAN, TEXT, TEXTS = "number", "list", "boolean", "text", "texts"
INPUT_KINDS = {"decimal": NUMBER, "integer": NUMBER, "decimals": LIST, "boolean": BOOLEAN,
               "enum": TEXT, "enums": TEXTS, "date": TEXT}


def check(plan: Plan) -> Plan:
    """The plan with the checker's diagnostics."""
    found = _unsupported(plan) + _bindings(plan) + _scales(plan) + _declared(plan) + \
        _keyed(plan) + _exclusions(plan)
    unique = list(dict.fromkeys(found))
    return replace(plan, diagnostics=unique)


def _diagnostic(code: str, message: str, sources, severity: str = "error") -> Diagnostic:
    address = sources[0].address if sources else None
    return Diagnostic(code=code, severity=severity, message=message, address=address)


def _unsupported(plan: Plan) -> list[Diagnostic]:
    """Rules lowering could not read, and forms whose aggregation is prose."""
    out = [_diagnostic(s.code, f"{s.target}: {s.reason}", s.sources, s.severity)
           for s in plan.decision if isinstance(s, Unsupported)]
    for step in plan.decision:
        if isinstance(step, Choice):
            out += [_diagnostic("PLAN_PROSE_AGGREGATION", f"form {f.number}: the aggregation "
                                f"is prose, not an expression: {f.prose!r}", f.sources)
                    for f in step.forms if f.prose]
    return out


def _kinds(plan: Plan) -> dict[str, set[str]]:
    """Each name's possible kinds: an input's type, a formula's or table's value."""
    kinds: dict[str, set[str]] = {i.name: {INPUT_KINDS[i.type]} for i in plan.inputs}
    for step in plan.decision:
        if isinstance(step, Choice):  # its target, and the names formulas give a sheet's value
            for form in (f for f in step.forms if f.aggregate is not None):
                for name in (step.target, *form.names):
                    kinds.setdefault(name, set()).add(_kind(form.aggregate, kinds) or NUMBER)
        elif isinstance(step, TABLES):
            kinds.setdefault(step.target, set()).update(
                LIST if isinstance(r.value, list) else TEXT if isinstance(r.value, str)
                else NUMBER for r in step.rows)
    for step in plan.decision:  # a formula's kind, once the names it reads are known
        if isinstance(step, Define):
            found = _possible(step.expr, kinds)  # a number, a list or both; a condition
            if not (found and found <= ARITHMETIC) and found != {BOOLEAN}:
                found = {NUMBER}
            kinds.setdefault(step.target, set()).update(found)
    return kinds


def _bindings(plan: Plan) -> list[Diagnostic]:
    """Every name bound; every operation given values of its kinds."""
    kinds = _kinds(plan)
    out = []
    for expr, sources, text in _expressions(plan):
        out += _bound(expr, sources, text, kinds)
    return out


def _bound(expr, sources, text: str, kinds: dict[str, set[str]]) -> list[Diagnostic]:
    """An expression's unbound names and type errors; a grouped node's formula within each
    group is checked with its group's name a list."""
    out = []
    for ref in (e for e in walk(expr) if isinstance(e, Ref)):
        if ref.name not in kinds:
            out.append(_diagnostic("PLAN_UNBOUND_NAME", f"{text}: {ref.name} is given by no"
                                   " input, formula, table or form", sources))
    for problem in _type_errors(expr, kinds):
        out.append(_diagnostic("PLAN_TYPE", f"{text}: {problem}", sources))
    for node in (e for e in walk(expr) if isinstance(e, Grouped)):
        out += _bound(node.within, sources, text, {**kinds, node.each: {LIST}})
    return out


def _expressions(plan: Plan):
    """Every expression of the plan with its clauses and a text to name it by."""
    for step in plan.decision:
        if isinstance(step, Define):
            yield step.expr, step.sources, step.text
            if step.when is not None:
                yield step.when, step.sources, step.text
        elif isinstance(step, Guard):
            for test in step.tests:
                yield test.fires, step.sources, step.text
                if test.passes is not None:
                    yield test.passes, step.sources, step.text
        elif isinstance(step, Choice):
            for form in step.forms:
                if form.aggregate is not None:
                    yield form.aggregate, form.sources, f"form {form.number}: {form.text}"


def _kind(expr, kinds: dict[str, set[str]]) -> str | None:
    """The kind of an expression's value (None: unknown or mixed)."""
    found = _possible(expr, kinds)
    return next(iter(found)) if len(found) == 1 else None


ALL = frozenset({NUMBER, LIST, BOOLEAN, TEXT, TEXTS})
ARITHMETIC = frozenset({NUMBER, LIST})


def _possible(expr, kinds: dict[str, set[str]]) -> set[str]:
    """The kinds an expression's value can be: arithmetic on a list gives a list (item by
    item), on two numbers a number; a name no step gives, any."""
    if isinstance(expr, (Num, Aggregate, Round)):
        return {NUMBER}
    if isinstance(expr, Grouped):
        return {LIST if expr.across is None else NUMBER}
    if isinstance(expr, Text):
        return {TEXT}
    if isinstance(expr, (Compare, Logic, Not)):
        return {BOOLEAN}
    if isinstance(expr, Neg):
        return _possible(expr.arg, kinds) & ARITHMETIC
    if isinstance(expr, Arith):
        left = _possible(expr.left, kinds) & ARITHMETIC
        right = _possible(expr.right, kinds) & ARITHMETIC
        return ({NUMBER} if NUMBER in left and NUMBER in right else set()) | \
            ({LIST} if left and right and LIST in left | right else set())
    return set(kinds.get(expr.name, ALL))


def _type_errors(expr, kinds: dict[str, set[str]]) -> list[str]:
    """Operations whose operands can never be of the kind they take."""
    out = []
    for node in walk(expr):
        if isinstance(node, (Arith, Neg)):
            operands = [node.left, node.right] if isinstance(node, Arith) else [node.arg]
            out += [f"{node.op} takes numbers or lists of numbers, not a {_kind(o, kinds)}"
                    for o in operands if not _possible(o, kinds) & ARITHMETIC]
        elif isinstance(node, Round) and not _can_be(node.arg, NUMBER, kinds):
            out.append(f"round takes a number, not a {_kind(node.arg, kinds)}")
        elif isinstance(node, Aggregate) and len(node.args) == 1 \
                and not _can_be(node.args[0], LIST, kinds):
            out.append(f"{node.op} takes a list, not a {_kind(node.args[0], kinds)}")
        elif isinstance(node, Grouped) and not _can_be(node.arg, LIST, kinds):
            out.append(f"per group takes a list, not a {_kind(node.arg, kinds)}")
    return out


def _can_be(expr, kind: str, kinds: dict[str, set[str]]) -> bool:
    return kind in _possible(expr, kinds)


def _scales(plan: Plan) -> list[Diagnostic]:
    """Gaps and overlaps between the bands of each scale, for the values it grades (a whole
    number input, a count of KPIs, takes no value between 3 and 4)."""
    whole = {i.name for i in plan.inputs if i.type == "integer"}
    out = []
    for grade in (s for s in plan.decision if isinstance(s, Grade)):
        for scale in grade.scales:
            digits = {c.rounding.digits if c.rounding else 0 if c.variable in whole else None
                      for c in grade.candidates if c.scale == scale.key}
            bands = sorted(scale.bands, key=lambda b: (b.low is not None, b.low or 0))
            for below, above in zip(bands, bands[1:]):
                out += _between(scale.key, below, above, digits)
    return out


def _between(key: str, below, above, digits: set) -> list[Diagnostic]:
    """A gap or an overlap between two bands next to each other."""
    if below.high is None or above.low is None:
        return [_diagnostic("PLAN_SCALE_OVERLAP", f"{key}: {below.grade} and {above.grade} "
                            "both run open-ended", below.sources + above.sources)]
    if below.high > above.low or (below.high == above.low and below.high_inclusive is not False
                                  and above.low_inclusive is not False):
        return [_diagnostic("PLAN_SCALE_OVERLAP", f"{key}: {below.grade} and {above.grade} "
                            f"overlap at {below.high}–{above.low}", below.sources + above.sources)]
    open_gap = below.high < above.low or (below.high_inclusive is False
                                          and above.low_inclusive is False)
    if not open_gap or _unreachable(below, above, digits):
        return []
    return [_diagnostic("PLAN_SCALE_GAP", f"{key}: a value between {below.high} "
                        f"({below.grade}) and {above.low} ({above.grade}) is in no band",
                        below.sources + above.sources, "warning")]


def _unreachable(below, above, digits: set) -> bool:
    """Whether every graded value is rounded to decimals none of which fall in the gap."""
    if None in digits or not digits:
        return False
    low, high = Fraction(below.high), Fraction(above.low)
    for d in digits:
        step = Fraction(1, 10 ** d)
        first = -((-low) // step) * step  # the first multiple of the step from `low` up
        if first == low and below.high_inclusive is not False:
            first += step
        if first < high or (first == high and above.low_inclusive is False):
            return False
    return True


def _declared(plan: Plan) -> list[Diagnostic]:
    """Every input a guard tests is declared by the plan."""
    declared = {i.name for i in plan.inputs}
    return [_diagnostic("PLAN_UNDECLARED_INPUT", f"{step.text}: {name} is not a declared "
                        "input", step.sources)
            for step in plan.decision if isinstance(step, Guard)
            for test in step.tests for name in test.needs if name not in declared]


def _keyed(plan: Plan) -> list[Diagnostic]:
    """Every keyed table reads a declared enum input that can take each of its keys."""
    specs = {i.name: i for i in plan.inputs}
    out = []
    for table in (s for s in plan.decision if isinstance(s, KeyedLookup)):
        spec = specs.get(table.input)
        if spec is None:
            out.append(_diagnostic("PLAN_UNDECLARED_INPUT", f"table {table.name}: "
                                   f"{table.input} is not a declared input", table.sources))
        elif spec.type != "enum":
            out.append(_diagnostic("PLAN_TABLE_KEY", f"table {table.name} is keyed by "
                                   f"{table.input}, an input of type {spec.type}, not an enum",
                                   table.sources))
        elif spec.values:
            out += [_diagnostic("PLAN_TABLE_KEY", f"table {table.name}: the key {r.key!r} is "
                                f"no value of {table.input}", table.sources)
                    for r in table.rows if r.key not in spec.values]
    return out


def _exclusions(plan: Plan) -> list[Diagnostic]:
    """Every sheet that leaves some respondents' answers out reads their roles from a
    declared list of roles that can name them."""
    specs = {i.name: i for i in plan.inputs}
    out = []
    for form in (f for s in plan.decision if isinstance(s, Choice) for f in s.forms):
        for node in (g for g in grouped_in(form.aggregate) if g.excluded):
            spec = specs.get(node.roles) if node.roles else None
            if spec is None or spec.type != "enums":
                out.append(_diagnostic("PLAN_EXCLUSION", f"form {form.number}: the answers of "
                                       f"{', '.join(node.excluded)} are left out, but no "
                                       "declared list of roles tells whose an answer is",
                                       node.excluded_by or form.sources))
            elif spec.values:
                out += [_diagnostic("PLAN_EXCLUSION", f"form {form.number}: {role!r} is no "
                                    f"value of {node.roles}", node.excluded_by or form.sources)
                        for role in node.excluded if role not in spec.values]
    return out
