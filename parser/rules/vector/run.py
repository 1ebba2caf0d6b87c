"""A plan's decision list run on a whole table at once: the interpreter's steps
(parser/rules/interpret.py), in its order, on the rows still undecided.

The state is a polars frame: the inputs' columns, each value computed so far (by kind, null
where unknown), and per row the reason it is not evaluated or the error it ended in; a row
with either is decided and no later step touches it. Every step is one `with_columns`, so
the expressions stay small whatever the number of steps.
"""

from __future__ import annotations

from decimal import Decimal
from functools import reduce

import polars as pl

from ..plan import (METHOD, TABLES, Choice, Define, Domain, Form, Grade, Guard, KeyedLookup,
                    Lookup, Plan, aggregated_by_formula, chosen_on, given_reads, grouped_in,
                    left_to_formulas)
from ..plan import names as read_by
from . import messages as say
from .columns import MESSAGE, PLACES, grade_names, output_names, outputs, reasons
from .expressions import FALSE, TRUE, Items, Value, any_of, lower
from .inputs import Encoded
from .masks import known
from .messages import Sites
from .numbers import (NARROW, NO_NUMBER, Number, compare, constant, fractional, pick,
                      round_half_up, to_decimal)

ERROR, REASON, PENDING = "#error", "#reason", "#pending"  # site codes; a guard's reason
CODE = pl.UInt32
ALIVE = pl.col(ERROR).is_null() & pl.col(REASON).is_null()


def all_of(masks) -> pl.Expr:
    masks = list(masks)
    return reduce(lambda a, b: a & b, masks) if masks else TRUE


def first(pairs, dtype: pl.DataType = pl.String) -> pl.Expr:
    """The value of the first (mask, value) pair whose mask holds (else null)."""
    pairs = [(m, v) for m, v in pairs if m is not FALSE]
    if not pairs:
        return pl.lit(None, dtype)
    chain = pl.when(pairs[0][0]).then(_lit(pairs[0][1], dtype))
    for mask, value in pairs[1:]:
        chain = chain.when(mask).then(_lit(value, dtype))
    return chain.otherwise(pl.lit(None, dtype))


def _lit(value, dtype: pl.DataType) -> pl.Expr:
    return value if isinstance(value, pl.Expr) else pl.lit(value, dtype)


class Table:
    """One table through one plan."""

    def __init__(self, plan: Plan, encoded: Encoded):
        self.plan = plan
        self.sites = Sites()
        self.on = chosen_on(plan)
        self.reasons = pl.Enum(reasons(plan))
        bad = [(mask, self.sites.code("invalid_input", say.bad_input(spec)))
               for spec, mask in encoded.invalid if mask is not FALSE]
        error = first(bad, CODE)
        if encoded.guard is not None:  # read by every result: the data's claims checked
            error = pl.coalesce(encoded.guard, error)
        self.frame = encoded.frame.lazy().with_columns(
            error.alias(ERROR), pl.lit(None, self.reasons).alias(REASON),
            pl.lit(None, CODE).alias(PENDING))
        self.inputs = encoded.values
        self.env = dict(encoded.values)
        self.stored = 0
        self.unchosen: list[tuple[pl.Expr, pl.Expr]] = []  # formulas their conditions choose

    def site(self, kind: str, message: str) -> int:
        """The code of an error site (its kind and message)."""
        return self.sites.code(kind, message)

    # ------------------------------------------------------------ state

    def add(self, *exprs: pl.Expr, **named: pl.Expr) -> None:
        """Columns computed into the state (shared subexpressions once)."""
        self.frame = self.frame.with_columns(*exprs, **named)

    def fail(self, pairs) -> None:
        """Each alive row ends in the error of the first (mask, site code) pair that holds."""
        pairs = [(ALIVE & m, k) for m, k in pairs if m is not FALSE]
        if pairs:
            self.add(first(pairs, CODE).fill_null(pl.col(ERROR)).alias(ERROR))

    def store(self, value: Value, hint: str) -> Value:
        """The value's expressions computed into columns (so later steps refer to them)."""
        columns: dict[str, pl.Expr] = {}

        def keep(expr: pl.Expr, what: str) -> pl.Expr:
            self.stored += 1
            name = f"v{self.stored}:{hint}{what}"
            columns[name] = expr
            return pl.col(name)

        def number(n: Number | None, what: str) -> Number | None:
            if n is None:
                return None
            den = n.den if n.static else keep(n.den, what + "/")
            return Number(keep(n.num, what), den, n.bound, n.dbound, n.const)

        items = value.items and Items([number(i, f"[{k}]") for k, i in
                                       enumerate(value.items.items)],
                                      keep(value.items.length, "#"), value.items.fixed)
        stored = Value(number(value.number, ""), items,
                       value.flag if value.flag is None else keep(value.flag, "?"),
                       value.text if value.text is None else keep(value.text, "$"),
                       value.fail if value.fail is None else keep(value.fail, "!"),
                       texts=value.texts)
        self.add(**columns)
        return stored

    def lower(self, node, env: dict[str, Value]) -> Value:
        """An expression's value over `env`, its nested parts computed into columns."""
        return lower(node, env, lambda value: self.store(value, "expr"))

    def number(self, value: Number, hint: str) -> Number:
        """A number computed into columns."""
        return self.store(Value(number=value), hint).number

    def assign(self, name: str, mask: pl.Expr, value: Value) -> None:
        """`name` becomes the value on the masked rows (whatever it was), stays elsewhere."""
        if mask is FALSE:  # on no row
            return
        old = self.env.get(name, Value())
        self.env[name] = self.store(merge(mask, value, old), name)

    # ------------------------------------------------------------ the decision

    def decide(self) -> None:
        steps = self.plan.decision
        self.eligibility([s for s in steps if _guard(s, "not_evaluated") and not s.graded])
        checks = [s for s in steps if _guard(s, "invalid_input")]
        self.fail(self.check_pairs(checks, lambda guard: self.positioned(guard)))
        for step in steps:
            if isinstance(step, Choice):
                self.choose(step)
        self.derive([s for s in steps if isinstance(s, (Define, *TABLES))])
        grade = next((s for s in steps if isinstance(s, Grade)), None)
        self.grade(grade, checks, [s for s in steps if isinstance(s, TABLES) and s.output])

    def test(self, guard: Guard) -> tuple[pl.Expr, pl.Expr]:
        """Where a guard fires, and the site of the error its test raises (null: none), by
        the first test whose inputs are given."""
        chosen = FALSE
        fires, errors = [], []
        broken = self.site("invalid_input", say.not_computed(guard))
        for test in guard.tests:
            given = all_of(self.inputs[n].given() if n in self.inputs else FALSE
                           for n in test.needs)
            use = ~chosen & given
            chosen = chosen | given
            flag = _flag(self.lower(test.fires, self.inputs))
            fires.append((use, flag))
            errors.append((use & flag.is_null(), broken))
            if test.passes is not None:
                passes = _flag(self.lower(test.passes, self.inputs))
                errors.append((use & ~flag & passes.is_null(), broken))
                errors.append((use & ~flag & ~passes, self.site(
                    test.undecided or "missing_rule", say.undecided(guard, test.needs))))
        if guard.absent == "missing_input":
            errors.append((~chosen, self.site("missing_input", say.missing(
                say.guard_needs(guard), guard.text, guard.sources))))
        fired = first(fires, pl.Boolean)
        error = first(errors, CODE)
        return fired.fill_null(False) & error.is_null(), error

    def eligibility(self, guards: list[Guard]) -> None:
        """The reason of the first guard that fires; else the first guard's error (a missing
        input waits: it is an error only where a grade is given)."""
        reasons, errors = [], []
        for guard in guards:
            fires, error = self.test(guard)
            reasons.append((fires, guard.reason))
            errors.append(error)
        if not guards:
            return
        reason = first(reasons, self.reasons)
        pending = pl.coalesce(errors)
        open_ = ALIVE & reason.is_null()
        waits = pending.is_in(self.sites.of_kind("missing_input")).fill_null(False)
        self.add(
            pl.when(ALIVE).then(reason).otherwise(pl.col(REASON)).alias(REASON),
            pl.when(open_ & ~waits).then(pending).otherwise(pl.col(ERROR)).alias(ERROR),
            pl.when(open_ & waits).then(pending).alias(PENDING))

    def text_of(self, name: str) -> pl.Expr:
        """An input's text on each row (null where it is not given)."""
        given = self.inputs.get(name)
        return given.text if given is not None and given.text is not None else \
            pl.lit(None, pl.String)

    def positioned(self, guard: Guard) -> pl.Expr | None:
        """Where a check applies before the form: everyone, or the positions it names (and
        every row with no position where the check has no chapter)."""
        if not guard.positions:
            return TRUE
        unplaced = guard.chapter is None
        position = self.inputs.get(self.on)
        if position is None or position.text is None:
            return TRUE if unplaced else FALSE
        return position.text.is_in(guard.positions).fill_null(unplaced)

    def check_pairs(self, guards: list[Guard], applies) -> list:
        """(mask, error) of each check in order: its test's error, then its failure."""
        pairs = []
        for guard in guards:
            where = applies(guard)
            if where is FALSE:
                continue
            fires, error = self.test(guard)
            broken = self.site("invalid_input", say.breaks(guard, say.guard_needs(guard)))
            pairs += [(where & error.is_not_null(), error), (where & fires, broken)]
        return pairs

    # ------------------------------------------------------------ the form

    def choose(self, choice: Choice) -> None:
        """Each row's form (by its position): its scores checked and aggregated."""
        over = self.inputs.get(choice.over)
        if over is None or over.items is None:
            return
        if left_to_formulas(self.plan, choice):
            if choice.domain is not None:
                self.fail(self.within(choice.domain, over))
            return
        scored = [f for f in choice.forms if f.scored]
        text, method = (self.text_of(choice.on), self.text_of(METHOD))
        named = [method.is_in(f.methods).fill_null(False) if f.methods else FALSE
                 for f in scored]
        # the position's forms (with none given: the one form, else those the method names),
        # then those naming the method, else those naming none, else all (Choice.by_method)
        places = [(text.is_in(f.positions).fill_null(False) | (text.is_null() & (
            known(choice.sole) | (known(not choice.sole) & n)))) for f, n in zip(scored, named)]
        chosen = [p & n for p, n in zip(places, named)]
        bare = [p & known(not f.methods) for p, f in zip(places, scored)]
        # with no method, the sheets naming none before those for some methods only
        unnamed = method.is_null() & ~any_of(bare)
        matches = [p & ((method.is_null() & b) | unnamed | c | (~any_of(chosen) & b))
                   for p, c, b in zip(places, chosen, bare)]
        # not a sheet whose items the row gives by their own input, unless no other is left
        # (Choice.besides_items)
        itemized = [self.inputs[f.items].given() if f.items in self.inputs else FALSE
                    for f in scored]
        kept = [m & ~i for m, i in zip(matches, itemized)]
        matches = [k | (m & ~any_of(kept)) for k, m in zip(kept, matches)]
        rows = over.ok("items")
        # a method no sheet of the position is for: the formula that computes the target
        # from the scores scores the case (Interpreter.form)
        left = (method.is_not_null() & any_of(places)) \
            if aggregated_by_formula(self.plan, choice) else FALSE
        none = rows & ~any_of(matches) & ~left
        if choice.borrowed is not None:
            self.fail([(none, self.site("missing_rule", say.borrowed(choice.borrowed)))])
        else:
            lacking = self.site("missing_input", say.missing(
                [choice.on], "the form to use", [s for f in choice.forms for s in f.sources]))
            self.fail([(none & text.is_null() & known(choice.needs_on), lacking),
                       (none, self.site("invalid_input", say.no_form(choice.on)))])
        if choice.domain is not None and left is not FALSE:
            self.fail([(rows & left & ~any_of(matches) & m, k)
                       for m, k in self.within(choice.domain, over)])
        taken, value, pairs, uses = FALSE, None, [], []
        for form, match in zip(scored, matches):
            use = self.store(Value(flag=rows & match & ~taken), "use").flag
            uses.append(use)
            taken = taken | match
            result, form_pairs = self.form(form, over, choice.over)
            result = self.store(result, "form")
            pairs += [(use & m, k) for m, k in form_pairs]
            value = result if value is None else merge(use, result, value)
        self.fail(pairs)
        if value is not None:
            self.assign(choice.target, ALIVE & rows & taken, value)
        for name in sorted({n for f in scored for n in f.names} - {choice.target}):
            # the name a formula gives a sheet's value, where that sheet is the row's
            named_by = [u for f, u in zip(scored, uses) if name in f.names]
            self.assign(name, ALIVE & rows & any_of(named_by), value)

    def within(self, domain: Domain, over: Value) -> list:
        """(mask, error) of each score a formula aggregates outside the range the decree's
        text gives it, or not whole where it says so (Interpreter.within)."""
        items, length, pairs = over.items.items, over.items.length, []
        for i, item in enumerate(items):
            outside = any_of([compare(item, constant(domain.low), "<"),
                              compare(item, constant(domain.high), ">")]).fill_null(False)
            pairs.append(((length > i) & outside,
                          self.site("invalid_input", say.beyond(domain, i))))
            if domain.whole:
                pairs.append(((length > i) & fractional(item).fill_null(False),
                              self.site("invalid_input", say.unwhole(domain, i))))
        return pairs

    def form(self, form: Form, over: Value, name: str) -> tuple[Value, list]:
        """A form's aggregation over the scores, and its errors in the interpreter's order."""
        items, length = over.items.items, over.items.length
        pairs = []
        if form.fixed:
            pairs.append(((length < form.least) | (length > len(form.parameters)),
                          self.site("invalid_input", say.count(form, name))))
        for i, item in enumerate(items):
            p = form.parameters[min(i, len(form.parameters) - 1)]
            outside = [compare(item, constant(p.low), "<")] if \
                p.low is not None else []
            if p.high is not None:
                outside.append(compare(item, constant(p.high), ">"))
            pairs.append(((length > i) & any_of(outside).fill_null(False),
                          self.site("invalid_input", say.outside(form, i, p))))
            if p.whole:
                pairs.append(((length > i) & fractional(item).fill_null(False),
                              self.site("invalid_input", say.fraction(form, i, p))))
        if form.aggregate is None:
            pairs.append((TRUE, self.site("missing_rule", say.prose(form))))
            return Value(), pairs
        env = {name: over}
        for node in (g for g in grouped_in(form.aggregate) if g.excluded and g.roles):
            roles = self.inputs.get(node.roles, Value())
            env[node.roles] = roles
            absent = roles.texts.length.is_null() if roles.texts is not None else TRUE
            pairs.append((absent, self.site("missing_input", say.missing(
                [node.roles], f"the answers of {', '.join(node.excluded)} are left out",
                node.excluded_by or form.sources))))
        bound = {g.each for g in grouped_in(form.aggregate)}  # a group's own items
        for other in sorted(read_by(form.aggregate) - env.keys() - bound):
            # a list given beside the scores ("sum(scores * task_weights) / sum(task_weights)")
            value = self.inputs[other] if other in self.inputs else self.env.get(other, Value())
            env[other] = value
            pairs.append((~value.given(), self.site("missing_input", say.missing(
                [other], f"form {form.number} reads it beside the scores", form.sources))))
        result = self.lower(form.aggregate, env)  # whatever its kind, it is the value
        pairs.append((result.failed() | ~result.given(),
                      self.site("invalid_input", say.aggregation(form))))
        return Value(result.number, result.items, result.flag, result.text), pairs

    # ------------------------------------------------------------ formulas and tables

    def derive(self, items: list) -> None:
        """Formulas and tables, pass after pass as the interpreter runs them, each where what
        it reads is known (a pass lowers only the items that can change in it)."""
        for chosen in passes(items):
            for item in chosen:
                open_ = ALIVE & ~self.env.get(item.target, Value()).given()
                if isinstance(item, Define):
                    if item.when is not None:  # chosen where its condition holds
                        self.unchoosable(item, open_)
                        holds = self.lower(item.when, self.env).flag
                        open_ = open_ & (FALSE if holds is None else holds.fill_null(False))
                    value = self.lower(item.expr, self.env)
                    self.fail([(open_ & value.failed(),
                                self.site("invalid_input", say.formula(item)))])
                    done = open_ & value.given()
                elif isinstance(item, KeyedLookup):
                    value, done = self.keyed(item, open_)
                else:
                    value, done = self.lookup(item, open_)
                self.assign(item.target, done, value)

    def unchoosable(self, item: Define, open_: pl.Expr) -> None:
        """Where a formula's condition (`when`) reads an input the row lacks: its
        `missing_input`, raised where nothing is graded."""
        wanted = sorted(read_by(item.when) & {spec.name for spec in self.plan.inputs})
        if not wanted:
            return
        absent = ~all_of(self.inputs[n].given() if n in self.inputs else FALSE for n in wanted)
        # only where the row gives what the formula itself reads (plan.given_reads)
        absent = absent & all_of(self.inputs[n].given() if n in self.inputs else FALSE
                                 for n in given_reads(self.plan, item))
        self.unchosen.append((open_ & absent, self.site("missing_input", say.missing(
            wanted, f"the formula to use: {item.text}", item.sources))))

    def lookup(self, table: Lookup, open_: pl.Expr) -> tuple[Value, pl.Expr]:
        """A table's value where its input is a number: no row is no_band, two overlap; a
        table read item by item (`each`), where its input is a list."""
        if table.each:
            return self.lookup_each(table, open_)
        source = self.env.get(table.input, Value()).number
        if source is None:
            return Value(), FALSE
        if table.rounding is not None:
            source = self.number(round_half_up(source, table.rounding.digits), "round")
        ready = open_ & source.num.is_not_null()
        inside = [_inside(source, row) for row in table.rows]
        count = pl.sum_horizontal([m.cast(pl.Int32) for m in inside]) if inside else pl.lit(0)
        self.fail([(ready & (count == 0), self.site("no_band", say.no_row(table))),
                   (ready & (count > 1), self.site("overlap", say.rows(table)))])
        return _row_value(table.rows, inside), ready & (count == 1)

    def lookup_each(self, table: Lookup, open_: pl.Expr) -> tuple[Value, pl.Expr]:
        """Every item of the input's list looked up (rounded first where a rule says so), in
        the interpreter's order: the first item in no row is no_band, in two overlap."""
        listed = self.env.get(table.input, Value()).items
        if listed is None:
            return Value(), FALSE
        ready = open_ & listed.length.is_not_null()
        parts, problems, bad = [], [], FALSE
        for part in listed.items:
            if table.rounding is not None:
                part = self.number(round_half_up(part, table.rounding.digits), "round")
            inside = [_inside(part, row) for row in table.rows]
            count = pl.sum_horizontal([m.cast(pl.Int32) for m in inside]) if inside else pl.lit(0)
            here = ready & ~bad & part.num.is_not_null()
            problems += [(here & (count == 0), self.site("no_band", say.no_row(table))),
                         (here & (count > 1), self.site("overlap", say.rows(table)))]
            bad = bad | (part.num.is_not_null() & (count != 1))
            parts.append(_row_value(table.rows, inside).number or NO_NUMBER)
        self.fail(problems)
        return Value(items=Items(parts, listed.length, listed.fixed)), ready & ~bad

    def keyed(self, table: KeyedLookup, open_: pl.Expr) -> tuple[Value, pl.Expr]:
        """A keyed table's value where its input is a text: a key in no row is no_band."""
        key = self.env.get(table.input, Value()).text
        if key is None:
            return Value(), FALSE
        ready = open_ & key.is_not_null()
        text = key.cast(pl.String)  # an Enum of other values compares as its text
        inside = [(text == row.key).fill_null(False) for row in table.rows]
        count = pl.sum_horizontal([m.cast(pl.Int32) for m in inside]) if inside else pl.lit(0)
        self.fail([(ready & (count == 0), self.site("no_band", say.no_row(table))),
                   (ready & (count > 1), self.site("overlap", say.rows(table)))])
        return _row_value(table.rows, inside), ready & (count == 1)

    # ------------------------------------------------------------ the grade

    def grade(self, grade: Grade | None, checks: list[Guard], outputs: list[Lookup]) -> None:
        """The graded value capped, rounded, in a band; the score and grade columns."""
        grades = pl.Enum(grade_names(self.plan))
        self.score, self.band = NO_NUMBER, pl.lit(None, grades)
        known = any_of(self.env.get(t.target, Value()).given() for t in outputs)
        candidates = grade.candidates if grade is not None else []
        taken, uses, over = FALSE, [], FALSE
        for c in candidates:
            here = self.env.get(c.variable, Value()).ok("number")
            uses.append(~taken & here)
            over = over | (uses[-1] if c.over_evaluated else FALSE)
            taken = taken | here
        own = self.graded_eligibility(candidates, uses)
        self.fail([(~taken & ~known & mask, site) for mask, site in self.unchosen] +
                  [(~taken & ~known, self.site("missing_rule", say.nothing_to_grade(grade))),
                   (taken & ~over & pl.col(PENDING).is_not_null(), pl.col(PENDING)),
                   (own.is_not_null(), own)])
        if not candidates:
            return
        scales = {s.key: s for s in grade.scales}
        position = self.inputs.get(self.on)
        unplaced = TRUE if position is None or position.text is None else \
            position.text.is_null()
        self.fail(self.check_pairs(checks, lambda guard: self.chaptered(
            guard, unplaced, candidates, uses, scales)))
        score, band, errors = NO_NUMBER, pl.lit(None, grades), []
        for c, use in zip(candidates, uses):
            scale = scales[c.scale]
            value = self.env.get(c.variable, Value()).number
            if value is None:
                continue
            if c.variable in grade.capped:
                value, cap_errors = self.cap(grade, scale, value)
                errors += [(use & m, k) for m, k in cap_errors]
            if c.rounding is not None:
                value = self.number(round_half_up(value, c.rounding.digits), "round")
            inside = [_inside(value, b) for b in scale.bands]
            count = pl.sum_horizontal([m.cast(pl.Int32) for m in inside]) if inside else \
                pl.lit(0)
            errors += [(use & (count == 0), self.site("no_band", say.no_band(c.variable, scale))),
                       (use & (count > 1), self.site("overlap", say.bands(c.variable, scale)))]
            named = first([(m, b.grade) for m, b in zip(inside, scale.bands)], grades)
            score = pick(use, value, score)
            band = pl.when(use).then(named).otherwise(band)
        self.fail(errors)
        stored = self.store(Value(number=score, text=band), "grade")
        self.score, self.band = stored.number, stored.text

    def graded_eligibility(self, candidates, uses) -> pl.Expr:
        """The guards of the graded value (`Guard.graded`), where it is graded: the reason of
        the first that fires set; the first error one of them raised returned (a column of
        site codes, null where none), to come after the quarters' pending error."""
        reasons, errors = [], []
        for guard in self.plan.decision:
            if not (_guard(guard, "not_evaluated") and guard.graded):
                continue
            graded = any_of(use for c, use in zip(candidates, uses)
                            if c.variable in guard.graded)
            if graded is FALSE:
                continue
            fires, error = self.test(guard)
            reasons.append((graded & fires, guard.reason))
            errors.append((graded & error.is_not_null(), error))
        if not reasons:
            return pl.lit(None, CODE)
        reason = first(reasons, self.reasons)
        self.add(pl.when(ALIVE).then(reason).otherwise(pl.col(REASON)).alias(REASON))
        return first(errors, CODE)

    def chaptered(self, guard: Guard, unplaced, candidates, uses, scales) -> pl.Expr:
        """Where a position-scoped check applies after the form: no position, and a graded
        value of a scale of the check's chapter."""
        if not guard.positions or guard.chapter is None:
            return FALSE
        graded = [use for c, use in zip(candidates, uses)
                  if guard.chapter in scales[c.scale].chapters]
        return unplaced & any_of(graded) if graded else FALSE

    def cap(self, grade: Grade, scale, value: Number) -> tuple[Number, list]:
        """The ceiling of the row's sanction, and the errors of a sanction not given (unless
        the plan makes it optional) or capped by another act."""
        if not scale.caps and scale.caps_borrowed is None:
            return value, []
        given = self.inputs.get(grade.on)
        sanction = given.text if given is not None and given.text is not None else \
            pl.lit(None, pl.String)
        optional = any(i.optional_by for i in self.plan.inputs if i.name == grade.on)
        lacking = self.site("missing_input", say.missing(
            [grade.on], "a cap may apply", [s for c in scale.caps for s in c.sources]
            or scale.caps_borrowed.sources))
        errors = [] if optional else [(sanction.is_null(), lacking)]
        if not scale.caps:
            return value, errors + [(sanction.is_not_null() & (sanction != grade.none),
                                     self.site("missing_rule",
                                               say.caps_borrowed(scale.caps_borrowed)))]
        for ceiling, names, where in self.ceilings(grade, scale):
            cap = constant(ceiling)
            value = self.number(pick(sanction.is_in(names).fill_null(False) & where
                                     & compare(value, cap, ">").fill_null(False),
                                     cap, value), "cap")
        return value, errors

    def ceilings(self, grade: Grade, scale) -> list[tuple[Decimal, list[str], pl.Expr]]:
        """(ceiling, sanctions, rows) of the scale's caps: the lowest cap of each sanction
        among those for every position, then each cap of some sheets' positions (on the rows
        of those positions, or of no position)."""
        out: dict[Decimal, list[str]] = {}
        general = [c for c in scale.caps if not c.positions]
        for name in sorted({s for c in general for s in c.covers}):
            if name != grade.none:
                out.setdefault(min(c.max for c in general if name in c.covers), []).append(name)
        position = self.inputs.get(self.on)
        text = position.text if position is not None and position.text is not None else \
            pl.lit(None, pl.String)
        scoped = [(c.max, [s for s in c.covers if s != grade.none],
                   text.is_in(c.positions).fill_null(True)) for c in scale.caps if c.positions]
        return [(ceiling, names, TRUE) for ceiling, names in out.items()] + scoped

    # ------------------------------------------------------------ results

    def results(self, tables: list[Lookup], types: pl.Schema) -> pl.DataFrame:
        """evaluated, reason, score, grade, error (its kind) and error_message (each message
        written once per site, given to a row by a gather of its site code) and the outputs'
        columns, in the result types (`types`: columns.schema), computed by one query: no
        frame of results is copied to add the messages or to type it."""
        return self.query(tables, types).collect()

    def query(self, tables: list[Lookup], types: pl.Schema,
              passed: list[pl.Expr] = ()) -> pl.LazyFrame:
        """The results' query (`results`), the `passed` columns first: a lazy frame over a
        scan is streamed to the results file by its caller."""
        decided = pl.col(ERROR).is_null()
        evaluated = pl.when(pl.col(REASON).is_not_null()).then(False) \
            .when(decided).then(True).otherwise(None)
        code = pl.col(ERROR)
        columns = [evaluated.alias("evaluated"), pl.col(REASON).alias("reason"),
                   pl.when(ALIVE).then(to_decimal(self.score, PLACES, _narrow(types["score"])))
                   .alias("score"),
                   pl.when(ALIVE).then(self.band).alias("grade"),
                   self.sites.column(code, "kinds", types["error"]).alias("error"),
                   self.sites.column(code, "messages", MESSAGE).alias("error_message")]
        for target, kinds in outputs(tables).items():
            columns += _output(target, kinds, self.env.get(target, Value()), types)
        return self.frame.select(*passed,
                                 *(column.cast(types[column.meta.output_name()])
                                   for column in columns))


def _narrow(dtype: pl.DataType) -> bool:
    """Whether a number column of the contract is a 64-bit one (to_decimal may give it so
    directly; the cast to the contract's type, after the rows without a value are nulled,
    checks what the plan proved)."""
    return isinstance(dtype, pl.Decimal) and dtype.precision <= NARROW


def passes(items: list) -> list[list]:
    """The items each pass of the interpreter's derive loop may compute on some row: all in
    the first; later, an item some of whose names an item may have computed after it in the
    pass before, or before it in this one (other items would see what they saw). A row
    progresses in consecutive passes from the first, one item at least each: len(items)
    passes do all."""
    reads = [(read_by(i.expr) | (read_by(i.when) if i.when is not None else set()))
             if isinstance(i, Define) else {i.input} for i in items]
    deps = [[j for j, other in enumerate(items) if j != i and other.target in reads[i]]
            for i in range(len(items))]
    may = [True] * len(items)
    schedule = []
    while any(may) and len(schedule) < len(items):
        schedule.append([item for item, m in zip(items, may) if m])
        last, may = may, [False] * len(items)
        for i in range(len(items)):
            may[i] = any(last[j] for j in deps[i] if j > i) or \
                any(may[j] for j in deps[i] if j < i)
    return schedule


def _guard(step, outcome: str) -> bool:
    return isinstance(step, Guard) and step.outcome == outcome


def _flag(value: Value) -> pl.Expr:
    """A condition's value: null where it failed or is not a condition."""
    if value.flag is None:
        return pl.lit(None, pl.Boolean)
    return value.flag if value.fail is None else pl.when(~value.fail).then(value.flag)


def _inside(value: Number, row) -> pl.Expr:
    """Whether the value is in a band or row (an inclusivity of None counts as inclusive)."""
    parts = []
    if row.low is not None:
        parts.append(compare(value, constant(row.low),
                                     ">" if row.low_inclusive is False else ">="))
    if row.high is not None:
        parts.append(compare(value, constant(row.high),
                                     "<" if row.high_inclusive is False else "<="))
    inside = all_of(parts) if parts else value.num.is_not_null()
    return inside.fill_null(False)


def _row_value(rows, inside: list[pl.Expr]) -> Value:
    """The value of the row each value is in, by kind."""
    number, items, text = None, None, None
    numeric = [(m, r.value) for m, r in zip(inside, rows) if isinstance(r.value, Decimal)]
    if numeric:
        number = reduce(lambda acc, mv: pick(mv[0], constant(mv[1]), acc),
                        numeric, NO_NUMBER)
    lists = [(m, r.value) for m, r in zip(inside, rows) if isinstance(r.value, list)]
    if lists:
        width = max(len(v) for _, v in lists)
        parts = []
        for k in range(width):
            part = NO_NUMBER
            for mask, values in lists:
                if k < len(values):
                    part = pick(mask, constant(values[k]), part)
            parts.append(part)
        items = Items(parts, first([(m, len(v)) for m, v in lists], pl.Int64))
    words = [(m, r.value) for m, r in zip(inside, rows) if isinstance(r.value, str)]
    if words:
        text = first(words)
    return Value(number=number, items=items, text=text)


def merge(mask: pl.Expr, new: Value, old: Value) -> Value:
    """The new value on the masked rows (of whatever kind), the old one elsewhere."""
    def number(a: Number | None, b: Number | None) -> Number | None:
        if a is None and b is None:
            return None
        return pick(mask, a or NO_NUMBER, b or NO_NUMBER)

    def plain(a, b, dtype):
        if a is None and b is None:
            return None
        return pl.when(mask).then(a if a is not None else pl.lit(None, dtype)) \
            .otherwise(b if b is not None else pl.lit(None, dtype))

    items = None
    if new.items is not None or old.items is not None:
        a = new.items or Items([], pl.lit(None, pl.Int64))
        b = old.items or Items([], pl.lit(None, pl.Int64))
        width = max(len(a.items), len(b.items))
        pad = lambda x: x.items + [NO_NUMBER] * (width - len(x.items))  # noqa: E731
        items = Items([number(p, q) for p, q in zip(pad(a), pad(b))],
                      plain(a.length, b.length, pl.Int64))
    return Value(number(new.number, old.number), items,
                 plain(new.flag, old.flag, pl.Boolean), plain(new.text, old.text, pl.String))


def _output(target: str, kinds: dict, value: Value, types: pl.Schema) -> list[pl.Expr]:
    """A looked-up output's columns (as `schema` names them)."""
    columns = []
    if "number" in kinds and "text" not in kinds:
        number = value.number or NO_NUMBER
        columns.append(pl.when(ALIVE).then(to_decimal(number, PLACES, _narrow(types[target])))
                       .alias(target))
    if "items" in kinds:
        width = kinds["items"]
        items = value.items.items if value.items is not None else []
        items = items + [NO_NUMBER] * (width - len(items))
        columns += [pl.when(ALIVE).then(to_decimal(item, PLACES, _narrow(types[name])))
                    .alias(name) for name, item in zip(output_names(target, width), items)]
    if "text" in kinds:
        text = value.text if value.text is not None else pl.lit(None, pl.String)
        columns.append(pl.when(ALIVE).then(text.cast(pl.String)).alias(target))
    return columns


def unsupported(plan: Plan) -> str | None:
    """Why the backend cannot run a plan (None: it can)."""
    if sum(isinstance(s, Grade) for s in plan.decision) > 1:
        return "two grade steps"
    if any(isinstance(s, Lookup) and s.each and any(not isinstance(r.value, Decimal)
                                                    for r in s.rows) for s in plan.decision):
        return "a table read item by item whose rows give ranges or texts"
    return None

