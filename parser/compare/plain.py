"""Facts in plain English words, in one place: the matrix's cells and headers, the report's
notes and rules ("20th of the following month", "4–5", "< 1 month"); and the conditions of
a rule plan ("worked days < 15 working days", "count of plan scores ≤ 4").

Vocabulary keys are shown as words (`quarterly_evaluation` -> "quarterly evaluation"); the
decree's own wording stays in the quotes beside them.
"""

from __future__ import annotations

from ..facts.model import plain
from ..rules.plan import Aggregate, Arith, Compare, Logic, Neg, Not, Num, Ref, Round, Text
from .align import CONCEPT

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")
OPS = {"<": "<", "<=": "≤", ">": ">", ">=": "≥", "==": "=", "!=": "≠"}
UNITS = {"months": ("month", "months"), "years": ("year", "years"),
         "working_days": ("working day", "working days"),
         "calendar_days": ("calendar day", "calendar days"),
         "persons": ("person", "persons"), "copies": ("copy", "copies"),
         "per_year": ("a year", "a year"), "share_of_votes": ("of the votes", "of the votes"),
         "share_of_members": ("of the members", "of the members"),
         "share_of_targets": ("of the targets", "of the targets")}


def words(key) -> str:
    """A vocabulary key as words: `first_official_publication` -> "first official publication"."""
    if isinstance(key, (list, tuple)):
        return ", ".join(words(k) for k in key)
    return str(plain(key)).replace("_", " ") if key is not None else "—"


def number(value) -> str:
    """A number as written in the facts (exact decimal, no trailing zeros)."""
    value = plain(value)
    return str(value) if value is not None else "?"


def ordinal(n) -> str:
    """20 -> "20th", 1 -> "1st"."""
    n = int(n)
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def quantity(value, unit: str | None) -> str:
    """5, working_days -> "5 working days"."""
    if not unit:
        return number(value)
    one, many = UNITS.get(unit, (words(unit), words(unit)))
    return f"{number(value)} {one if plain(value) == 1 else many}"


def interval(f: dict) -> str:
    """A band or range: "4–5", "< 80", "≥ 95", "80 to under 90"."""
    low, high = f.get("low"), f.get("high")
    if low is None and high is None:
        return "any value"
    if low is None:
        return f"{'≤' if f.get('high_inclusive') else '<'} {number(high)}"
    if high is None:
        return f"{'≥' if f.get('low_inclusive', True) is not False else '>'} {number(low)}"
    if plain(low) == plain(high) and f.get("low_inclusive") is not False:
        return number(low)
    lo, hi = number(low), number(high)
    opens = "over " if f.get("low_inclusive") is False else ""
    if f.get("high_inclusive") is False:
        return f"{opens}{lo} to under {hi}"
    return f"over {lo} to {hi}" if opens else f"{lo}–{hi}"


def term(rule: dict, direction: str | None = None) -> str:
    """A deadline's rule: "20th of the following month", "5 working days", "30 January of
    the next year"; `before` when it counts back from its anchor."""
    parts = [_term_part(k, v, rule) for k, v in sorted(rule.items()) if k != "year"]
    text = ", ".join(p for p in parts if p)
    return f"{text} before" if direction == "before" else text


def _term_part(key: str, value, rule: dict) -> str:
    if key == "day_of_following_month":
        return f"{ordinal(value)} of the following month"
    if key == "fixed_date":
        month, day = str(value).split("-")
        year = {"next": " of the next year", "same": " of the same year"}.get(rule.get("year"), "")
        return f"{int(day)} {MONTHS[int(month) - 1]}{year}"
    if key == "month_following":
        return ("within the following month" if plain(value) == 1
                else f"within the {ordinal(value)} month after")
    if key == "calendar_days" and plain(value) == 0:
        return "the same day"
    return quantity(value, key)


def condition(f: dict) -> str:
    """A threshold: "< 1 month", "between 3 and 5 persons", "odd"."""
    op, val, unit = f.get("op"), f.get("value"), f.get("unit")
    if op == "between" and isinstance(val, (list, tuple)) and len(val) == 2:
        return f"between {number(val[0])} and {quantity(val[1], unit)}"
    if op == "odd":
        return "an odd number" + (f" of {words(unit)}" if unit else "")
    if isinstance(val, bool):
        return "yes" if (val is True) == (op == "==") else "no"
    return f"{OPS.get(op, op)} {quantity(val, unit)}"


def fact_value(fact: dict) -> str:
    """What a fact states beyond its concept, in plain words (fact: kind and fields flat)."""
    kind = fact["kind"]
    if kind in ("grade_band", "score_range"):
        return interval(fact)
    if kind == "score_cap":
        return f"at most {number(fact.get('max'))}"
    if kind == "deadline":
        return term(fact.get("rule") or {}, fact.get("direction"))
    if kind == "threshold":
        return condition(fact)
    if kind == "formula":
        return str(fact.get("expression"))
    if kind == "lookup_table":
        return "; ".join(_row(r) for r in fact.get("rows") or [])
    if kind == "form":
        return _form(fact)
    if kind == "competency":
        shown = ", ".join(f"{len(v or [])} {words(k)}" for k, v in
                          sorted((fact.get("indicators") or {}).items()))
        return f"indicators: {shown}" if shown else "no indicators"
    if kind == "reference":
        return "stated"
    return ""


def _row(row: dict) -> str:
    """One lookup row: "95–99.99 → 4.75–4.99", "achieved → 4"."""
    key = words(row["key"]) if "key" in row else interval(row)
    out = row.get("value")
    if isinstance(out, (list, tuple)):
        out = "–".join(number(v) for v in out)
    return f"{key} → {number(out) if not isinstance(out, str) else out}"


def _form(fact: dict) -> str:
    """A form: its number, how many parameters and their scale, how it is summed up."""
    params = fact.get("parameters") or []
    scales = sorted({interval(p) for p in params if p.get("low") is not None
                     or p.get("high") is not None})
    count = len(params)
    text = f"form {number(fact.get('number'))}: {count} parameter{'s' * (count != 1)}"
    if scales:
        text += f" scored {', '.join(scales)}"
    if fact.get("aggregation"):
        text += f"; {fact['aggregation']}"
    return text


def concept_words(concept: dict) -> str:
    """A row's concept: "quarterly evaluation (from quarter end)", "tenure in position"."""
    kind = concept["kind"]
    keys = {k: concept.get(k) for k in CONCEPT.get(kind, ())}
    if kind == "deadline":
        return f"{words(keys.get('event'))} (from {words(keys.get('anchor'))})"
    if kind == "threshold":
        return words(keys.get("subject"))
    if kind == "reference":
        return f"{words(keys.get('purpose'))}: {words(keys.get('target'))}"
    if kind == "form":
        return f"form for {words(keys.get('applies_to'))}"
    if kind == "competency":
        return f"competency of {words(keys.get('categories'))}"
    return ", ".join(words(v) for v in keys.values())


# ---------------------------------------------------------------- expressions in words

AGGREGATES = {"sum": "sum", "count": "count", "avg": "average", "min": "smallest",
              "max": "largest"}
INVERSE = {"<": ">=", "<=": ">", ">": "<=", ">=": "<", "==": "!=", "!=": "=="}


def negated(expr):
    """The negation of a condition, pushed into comparisons (not (a < 1) is a >= 1)."""
    if isinstance(expr, Not):
        return expr.arg
    if isinstance(expr, Compare):
        return expr.model_copy(update={"cmp": INVERSE[expr.cmp]})
    if isinstance(expr, Logic):
        return Logic(op="or" if expr.op == "and" else "and", args=[negated(a) for a in
                                                                  expr.args])
    return Not(arg=expr)


def said_of(expr, units: dict[str, str | None]) -> str:
    """A plan expression in plain words: "worked days < 15 working days", "on probation =
    yes", "count of plan scores ≤ 4"; a number compared with an input in the input's unit."""
    if isinstance(expr, Num):
        return number(expr.value)
    if isinstance(expr, Text):
        return words(expr.value)
    if isinstance(expr, Ref):
        return words(expr.name)
    if isinstance(expr, Compare):
        if isinstance(expr.left, Num) and isinstance(expr.right, Num):  # a constant truth
            held = {"==": expr.left.value == expr.right.value}.get(expr.cmp)
            return "yes" if held else "no"
        right = said_of(expr.right, units)
        if isinstance(expr.left, Ref) and isinstance(expr.right, Num):
            right = quantity(expr.right.value, units.get(expr.left.name))
        return f"{said_of(expr.left, units)} {OPS[expr.cmp]} {right}"
    if isinstance(expr, Logic):  # a = 5 and a = 5 (the smallest and the largest): once
        return f" {expr.op} ".join(dict.fromkeys(said_of(a, units) for a in expr.args))
    if isinstance(expr, Not):
        if isinstance(expr.arg, (Compare, Logic)):
            return said_of(negated(expr.arg), units)
        return f"not ({said_of(expr.arg, units)})"
    if isinstance(expr, Aggregate):
        return f"{AGGREGATES[expr.op]} of {', '.join(said_of(a, units) for a in expr.args)}"
    if isinstance(expr, Arith):
        sign = {"add": "+", "sub": "−", "mul": "×", "div": "/"}[expr.op]
        return f"({said_of(expr.left, units)} {sign} {said_of(expr.right, units)})"
    if isinstance(expr, Neg):
        return f"−{said_of(expr.arg, units)}"
    if isinstance(expr, Round):
        return f"{said_of(expr.arg, units)} rounded to {expr.digits} decimals"
    return "?"


def kind_words(kind: str) -> str:
    """A fact kind as a heading: grade_band -> "Grade bands"."""
    return KINDS.get(kind, words(kind))


KINDS = {"grade_band": "Grade bands", "score_cap": "Score caps", "score_range": "Score ranges",
         "deadline": "Deadlines", "threshold": "Thresholds", "formula": "Formulas",
         "lookup_table": "Lookup tables", "form": "Forms", "competency": "Competencies",
         "reference": "References"}

