"""Gap and overlap checks over grading scales and numeric lookup tables.

A scale is a set of bands: the `grade_band` facts of one `scale` key read from one clause or
from clauses that follow each other in the same chapter (app1/ch1/p7, or p27 and p28; a
sub-point counts as its clause; a band read from a table or a note belongs to that table or
note), and each `lookup_table` whose rows have numeric bounds. Bands are sorted by their low
end and swept once: a value range that no band covers between two bands is a `SCALE_GAP`, a
value in two bands a `SCALE_OVERLAP`. Below the first band and above the last nothing is
reported (a scale's domain is not stated in its bands).

A gap that is exactly one unit of the last written digit wide, between two included ends
("3-тен 3,99 баллға дейін" / "4-тен 5 баллға дейін": the open interval (3.99, 4)), closes
when scores are kept to that many decimals: if the decree states a rounding rule (word list
in grammar/scales.yaml) the gap is `info` citing that clause, otherwise a `warning` (a value
in the gap has no grade; the evaluator raises no_band).
"""

from __future__ import annotations

import re
from decimal import Decimal
from functools import lru_cache
from typing import NamedTuple

from ..model import Diagnostic, Document, Span
from .. import regexes
from ..resources import GRAMMAR, load_table
from .model import Fact

WORDS = GRAMMAR / "scales.yaml"
_CLAUSE = re.compile(r"^p(\d+)")


class Band(NamedTuple):
    """One band or table row: its bounds (None = open), where it was read, its scale key."""

    low: Decimal | None
    high: Decimal | None
    low_inclusive: bool
    high_inclusive: bool
    address: str
    span: Span
    scale: str | None = None


class Rounding(NamedTuple):
    """A rounding rule found in a decree: decimals kept (None: not said) and its clause."""

    digits: int | None
    address: str
    quote: str


# ---------------------------------------------------------------------------- formatting

def number(value: Decimal) -> str:
    """A Decimal as written, without exponent or trailing zeros: 3.99, 4, 105."""
    return format(value.normalize(), "f")


def interval(low, high, low_inclusive, high_inclusive) -> str:
    """`[3, 3.99]`, `(3.99, 4)`, `(-inf, 80)`, `(130, +inf)` in exact decimals."""
    left = "(-inf" if low is None else ("[" if low_inclusive else "(") + number(Decimal(low))
    right = "+inf)" if high is None else number(Decimal(high)) + ("]" if high_inclusive else ")")
    return f"{left}, {right}"


def label(band: Band) -> str:
    """`app1/ch1/p7 [3, 3.99]`."""
    return f"{band.address} {interval(band.low, band.high, band.low_inclusive, band.high_inclusive)}"


# ---------------------------------------------------------------------------- grouping

def _decimal(value) -> Decimal | None:
    return None if value is None else Decimal(str(value)) if isinstance(value, float) else Decimal(value)


def _band(fields: dict, address: str, span: Span, scale: str | None = None) -> Band | None:
    """A band from fields with low/high/inclusivity; None when both ends are open or a bound
    is not a number (a fraction string)."""
    try:
        low, high = _decimal(fields.get("low")), _decimal(fields.get("high"))
    except (TypeError, ArithmeticError, ValueError):
        return None
    if low is None and high is None:
        return None
    return Band(low, high, bool(fields.get("low_inclusive")), bool(fields.get("high_inclusive")),
                address, span, scale)


def _clause(address: str) -> tuple[str, int | None]:
    """(the address above the clause, the clause number) or (address, None) off clauses."""
    parts = address.split("/")
    for i, part in enumerate(parts):
        m = _CLAUSE.match(part)
        if m:
            return "/".join(parts[:i]), int(m.group(1))
    return address, None


def scales(facts: list[Fact]) -> list[list[Band]]:
    """The scales among the facts, each a list of bands (unsorted)."""
    found: list[list[Band]] = []
    by_scope: dict[tuple, list[tuple[int | None, Band]]] = {}
    for fact in facts:
        if fact.kind == "grade_band":
            band = _band(fact.fields, fact.address, fact.span, fact.fields.get("scale"))
            if band:
                parent, clause = _clause(fact.address)
                scope = (fact.fields.get("scale"), parent if clause is not None else fact.address)
                by_scope.setdefault(scope, []).append((clause, band))
        elif fact.kind == "lookup_table":
            rows = [_band(r, fact.address, fact.span) for r in fact.fields.get("rows") or []
                    if isinstance(r, dict) and ("low" in r or "high" in r)]
            if len([r for r in rows if r]) > 1:
                found.append([r for r in rows if r])
    for members in by_scope.values():
        found += _runs(members)
    return found


def _runs(members: list[tuple[int | None, Band]]) -> list[list[Band]]:
    """Bands of one scale key under one parent, split where clause numbers jump by more
    than one (the same scale restated further on is a scale of its own)."""
    members = sorted(members, key=lambda m: (m[0] or 0, m[1].span.start))
    runs: list[list[Band]] = []
    last = None
    for clause, band in members:
        if runs and (clause is None or last is None or clause - last <= 1):
            runs[-1].append(band)
        else:
            runs.append([band])
        last = clause
    return [r for r in runs if len(r) > 1]


# ---------------------------------------------------------------------------- the sweep

def _low_key(band: Band):
    """Sort key: open low ends first, then by low, an included low before an excluded one."""
    return (band.low is not None, band.low or 0, not band.low_inclusive, band.span.start)


def _above(a: Band, b: Band) -> bool:
    """True when band a's high end reaches above band b's."""
    if a.high is None or b.high is None:
        return a.high is None and b.high is not None
    return a.high > b.high or (a.high == b.high and a.high_inclusive and not b.high_inclusive)


def sweep(bands: list[Band]) -> list[tuple[str, Band, Band, tuple]]:
    """(code, earlier band, later band, interval) for every gap and overlap of a scale."""
    found = []
    ordered = sorted(bands, key=_low_key)
    reach = ordered[0]
    for band in ordered[1:]:
        r, r_inc = reach.high, reach.high_inclusive
        if r is None or band.low is None or band.low < r or (band.low == r and band.low_inclusive and r_inc):
            top = band if not _above(band, reach) else reach
            found.append(("SCALE_OVERLAP", reach, band,
                          (band.low, top.high, band.low_inclusive, top.high_inclusive)))
        elif band.low > r or not (band.low_inclusive or r_inc):
            found.append(("SCALE_GAP", reach, band, (r, band.low, not r_inc, not band.low_inclusive)))
        if _above(band, reach):
            reach = band
    return found


# ---------------------------------------------------------------------------- rounding rules

@lru_cache(maxsize=1)
def _words() -> dict:
    return load_table(WORDS)


@lru_cache(maxsize=1)
def _patterns() -> tuple[tuple[re.Pattern, int | None], ...]:
    """The rounding wording compiled once (a sentence's check asks for it each time)."""
    return tuple((regexes.compile(e["pattern"], re.IGNORECASE), e["digits"]) for e in _words()["rounding"])


def words() -> dict:
    """grammar/scales.yaml as loaded (rounding wording, rounded values, count scales)."""
    return _words()


def rounding_patterns() -> tuple[tuple[re.Pattern, int | None], ...]:
    """(pattern, digits kept or None) of the rounding wording, most specific first."""
    return _patterns()


def counts() -> frozenset[str]:
    """Scale keys whose values are whole numbers by nature (grammar/scales.yaml)."""
    return frozenset(_words().get("counts") or ())


def rounding(doc: Document) -> Rounding | None:
    """The first rounding rule the decree states (most specific wording first)."""
    for pattern, digits in _patterns():
        m = pattern.search(doc.text)
        if m:
            return Rounding(digits, _address_at(doc, m.start()), m.group(0))
    return None


def _address_at(doc: Document, offset: int) -> str:
    """The address of the node whose own text holds `offset` (the innermost one)."""
    found = ""
    for node in doc.nodes():
        if node.span.start <= offset < node.span.end:
            found = node.address
    return found


def _unit(gap: tuple) -> Decimal | None:
    """One unit of the last written digit of the gap's ends, when the gap is exactly that
    wide and open at both ends (the two bands include their ends); else None."""
    low, high, low_closed, high_closed = gap
    if low_closed or high_closed:
        return None
    unit = Decimal(1).scaleb(min(low.as_tuple().exponent, high.as_tuple().exponent, 0))
    return unit if high - low == unit else None


# ---------------------------------------------------------------------------- diagnostics

def check(facts, doc: Document) -> list[Diagnostic]:
    """SCALE_GAP / SCALE_OVERLAP diagnostics of every scale and numeric lookup table."""
    out = []
    rule, searched = None, False
    for bands in scales(list(facts)):
        for code, earlier, later, span in sweep(bands):
            where = interval(*span)
            both = f"{label(earlier)}, {label(later)}"
            severity = "warning"
            if code == "SCALE_OVERLAP":
                message = f"{where} is in two bands: {both}"
            else:
                message = f"{where} is in no band: {both}"
                unit = _unit(span)
                if unit == 1 and later.scale in counts():
                    severity = "info"
                    message += f"; {later.scale} counts whole units, so no value falls in it"
                elif unit is not None:
                    if not searched:
                        rule, searched = rounding(doc), True
                    severity, note = _resolution(unit, rule)
                    message += note
            out.append(Diagnostic(code=code, severity=severity, message=message,
                                  span=later.span, address=later.address))
    return out


def _resolution(unit: Decimal, rule: Rounding | None) -> tuple[str, str]:
    """(severity, message tail) for a one-unit gap, given the decree's rounding rule."""
    decimals = max(0, -unit.as_tuple().exponent)
    kept = f"kept to {decimals} decimals" if decimals else "kept to whole numbers"
    if rule is None:
        return "warning", (f"; closed only if scores are {kept}, and the decree states no "
                           f"rounding rule: a value in it has no grade (no_band)")
    if rule.digits is None or rule.digits <= decimals:
        said = "" if rule.digits is None else f" to {rule.digits} decimals"
        return "info", (f"; closed if scores are {kept}: the decree rounds{said} in "
                        f"{rule.address} \"{rule.quote}\"")
    return "warning", (f"; closed only if scores are {kept}, but {rule.address} rounds to "
                       f"{rule.digits} decimals: a value in it has no grade (no_band)")
