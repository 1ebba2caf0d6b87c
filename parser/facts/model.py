"""Facts: the rules of a decree in the language-independent vocabulary, with provenance.

Numbers in `fields` are `decimal.Decimal` (2.99 stays 2.99); a share that has no exact
decimal ("үштен екісі", two thirds) stays the fraction string "2/3". See
`docs/vocabulary.md` and docs/facts.md for the keys of each kind.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Literal

from pydantic import Field

from ..model import Diagnostic, Frozen, Span

FactKind = Literal[
    "grade_band", "score_cap", "score_range", "deadline", "threshold", "formula",
    "lookup_table", "form", "competency", "reference",
]


class Fact(Frozen):
    """One rule: its kind, its kind's fields, and where it was read."""

    kind: FactKind
    address: str  # the clause (or table, note, appendix) it was read from
    span: Span  # in the document's normalized text
    quote: str  # the text of `span`, white space folded
    lang: str | None = None
    fields: dict[str, Any] = Field(default_factory=dict)


class FactSet(Frozen):
    """A document's facts in document order, and what extraction reported."""

    facts: tuple[Fact, ...] = ()
    diagnostics: tuple[Diagnostic, ...] = ()


def plain(value: Any) -> Any:
    """Fields -> JSON-ready values; a Decimal becomes an int or a float that prints back
    exactly (JSON readers that keep decimals get 2.99, not 2.9900000000000002)."""
    if isinstance(value, Decimal):
        if value == value.to_integral_value():
            return int(value)
        as_float = float(value)
        return as_float if Decimal(repr(as_float)) == value else str(value)
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    return value


def fold(text: str) -> str:
    """White space folded to single spaces, ends stripped (quotes and compared names)."""
    return " ".join(text.split())
