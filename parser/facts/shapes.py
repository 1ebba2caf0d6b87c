"""The shapes of the fact kinds' fields, checked without a validation library: the fast path
of a fact's check.

parser/facts/kinds.py is the vocabulary: its pydantic models state every field, its type and
meaning, and generate the JSON Schema. Importing pydantic and building those models costs a
command that only reads one decree (`ereje facts`) more than reading it, so a fact is first
held against these shapes — the plain values the readers write (Decimal or int numbers, ASCII
keys, dicts and lists) — and only a fact they do not accept goes to the models, which give the
verdict and the reason (parser/facts/kinds.py, `check_fields`).

A shape accepts only what the kind's model accepts (tests/test_kinds.py mutates every corpus
fact's fields and holds the two to that); it may refuse what the model would take (a float,
a non-ASCII key), which the model then decides.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any

Check = Callable[[Any], bool]

_SHARE = re.compile(r"[1-9][0-9]*/[1-9][0-9]*")
_DATE = re.compile(r"(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])")
_NONE = object()  # an absent field


def number(v) -> bool:
    """An exact number: a finite Decimal or an int (never a bool)."""
    return (type(v) is int) or (type(v) is Decimal and v.is_finite())


def key(v) -> bool:
    """A key: printable, with no white space (`^\\S+$`; a category is kept as written, in
    either script: "Е-2" with a Cyrillic letter)."""
    return type(v) is str and v != "" and v.isprintable() and not any(c.isspace() for c in v)


def text(v) -> bool:
    """A non-empty string."""
    return type(v) is str and v != ""


def string(v) -> bool:
    """Any string."""
    return type(v) is str


def boolean(v) -> bool:
    """True or False."""
    return type(v) is bool


def share(v) -> bool:
    """A fraction string: "2/3"."""
    return type(v) is str and _SHARE.fullmatch(v) is not None


def pair(v) -> bool:
    """[low, high] of two numbers."""
    return type(v) in (list, tuple) and len(v) == 2 and number(v[0]) and number(v[1])


def month_day(v) -> bool:
    """MM-DD."""
    return type(v) is str and _DATE.fullmatch(v) is not None


def integer(v) -> bool:
    """An int (never a bool) or a Decimal written without a fraction (Decimal("3"))."""
    return type(v) is int or (type(v) is Decimal and v.is_finite()
                              and v.as_tuple().exponent == 0)


def whole(low: int | None = None, high: int | None = None) -> Check:
    """An integer (see `integer`) within [low, high] (None: unbounded)."""
    return lambda v: (integer(v) and (low is None or v >= low) and (high is None or v <= high))


def among(*values: str) -> Check:
    """One of a closed set of strings."""
    return lambda v: type(v) is str and v in values


def maybe(check: Check) -> Check:
    """None, or what `check` accepts."""
    return lambda v: v is None or check(v)


def either(*checks: Check) -> Check:
    """What one of `checks` accepts."""
    return lambda v: any(c(v) for c in checks)


def many(check: Check, at_least: int = 0) -> Check:
    """A list (or tuple) of at least `at_least` items, each accepted by `check`."""
    return lambda v: (type(v) in (list, tuple) and len(v) >= at_least
                      and all(check(i) for i in v))


def mapping(of_key: Check, of_value: Check) -> Check:
    """A dict of keys and values each accepted."""
    return lambda v: (type(v) is dict and all(of_key(k) and of_value(x) for k, x in v.items()))


def record(required: Mapping[str, Check], optional: Mapping[str, Check] | None = None,
           *rules: Callable[[Callable[[str], Any]], bool]) -> Check:
    """A dict with every required key, no key beside the optional ones, each value accepted,
    and every `rule` (given the record's reader, absent fields None) true."""
    optional = optional or {}

    def accepts(v) -> bool:
        if type(v) is not dict or any(k not in required and k not in optional for k in v):
            return False
        if any(k not in v or not c(v[k]) for k, c in required.items()):
            return False
        if any(k in v and not c(v[k]) for k, c in optional.items()):
            return False
        return all(rule(v.get) for rule in rules)
    return accepts


def ends(get) -> bool:
    """An end's inclusivity is given exactly when the end is; low <= high (kinds.Interval)."""
    low, high = get("low"), get("high")
    if (low is None) != (get("low_inclusive") is None):
        return False
    if (high is None) != (get("high_inclusive") is None):
        return False
    return low is None or high is None or low <= high


def fits_op(get) -> bool:
    """`between` takes a pair and only it does, `odd` no value (kinds.Threshold)."""
    op, value = get("op"), get("value")
    return (op == "between") == pair(value) and (op == "odd") == (value is None)


def interval(**more: Check) -> dict[str, Check]:
    """The four fields of an interval (kinds.Interval), all required."""
    return {"low": maybe(number), "high": maybe(number), "low_inclusive": maybe(boolean),
            "high_inclusive": maybe(boolean), **more}


GRADE = among("excellent", "effective", "proper", "satisfactory", "unsatisfactory")
DIRECTION = among("after", "before")
RULE = either(
    record({"day_of_following_month": whole(1, 31)}, {"months_after": maybe(whole(1))}),
    record({"working_days": whole(0)}), record({"calendar_days": whole(0)}),
    record({"months": whole(0)}), record({"years": whole(0)}),
    record({"month_following": whole(1)}),
    record({"fixed_date": month_day, "year": among("same", "next")}),
)
QUARTER_TERM = record({"quarter": whole(1, 4), "anchor": maybe(key), "rule": RULE},
                      {"direction": DIRECTION})
ROW = either(record(interval(value=either(number, pair)), None, ends),
             record({"key": text, "value": either(number, pair)}))
PARAMETER = record({"number": maybe(whole()), "name": text, "low": maybe(number),
                    "high": maybe(number)}, {"guidance": maybe(string),
                                             "optional": maybe(boolean)})
INDICATORS = record({}, {"effective": maybe(many(text)), "ineffective": maybe(many(text)),
                         "questions": maybe(many(text))})

SHAPES: dict[str, Check] = {
    "grade_band": record(interval(scale=key, grade=GRADE), None, ends),
    "score_cap": record({"scale": key, "condition": key, "max": number}),
    "score_range": record({"subject": key, "low": number, "high": number,
                           "low_inclusive": boolean, "high_inclusive": boolean},
                          {"whole": maybe(boolean)}, ends),
    "deadline": record({"event": key, "anchor": maybe(key), "rule": RULE},
                       {"direction": DIRECTION, "exceptions": maybe(many(QUARTER_TERM))}),
    "threshold": record({"subject": key, "op": among("<", "<=", ">", ">=", "==", "between", "odd"),
                         "value": either(boolean, number, share, pair, lambda v: v is None),
                         "unit": maybe(key)}, {"tie_break": maybe(key)}, fits_op),
    "formula": record({"target": key, "expression": text, "variables": mapping(key, string)},
                      {"condition": maybe(key)}),
    "lookup_table": record({"name": key, "input": key, "output": key, "rows": many(ROW)}),
    "form": record({"number": maybe(whole()), "title": string, "applies_to": many(key, 1),
                    "parameters": many(PARAMETER), "aggregation": maybe(string)},
                   {"methods": many(key)}),
    "competency": record({"name": text, "categories": many(key), "indicators": INDICATORS}),
    "reference": record({"target": key, "purpose": key}),
}


def accepts(kind: str, fields: Mapping[str, Any]) -> bool:
    """True when the fields have their kind's shape (then its model takes them too)."""
    shape = SHAPES.get(kind)
    return shape is not None and shape(dict(fields))
