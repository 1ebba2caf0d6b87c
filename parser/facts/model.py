"""Facts: the rules of a decree in the language-independent vocabulary, with provenance.

Numbers in `fields` are `decimal.Decimal` (2.99 stays 2.99); a share that has no exact
decimal ("үштен екісі", two thirds) stays the fraction string "2/3". The keys of each kind,
their types and meanings are the models of parser/facts/kinds.py: a Fact's fields are
checked against its kind when it is made (the shapes of parser/facts/shapes.py, the model for
what they do not accept; `fact.typed` is the model), and a fact whose fields do not fit is left
out at the extraction's boundary with a `FACT_INVALID` diagnostic.
"""

from __future__ import annotations

from dataclasses import field
from typing import TYPE_CHECKING, Any

from ..data import plain  # noqa: F401  (re-exported: the fact readers' JSON values)
from ..model import Diagnostic, Span, Value, as_tuples, value
from .shapes import accepts

if TYPE_CHECKING:
    from .kinds import FactKind, Fields


UNCHECKED = ...  # a fact's fields not yet checked (a singleton: a pickled fact keeps it)


class InvalidFact(ValueError):
    """A fact's fields do not fit its kind's model."""


@value
class Fact(Value):
    """One rule: its kind, its kind's fields, and where it was read."""

    kind: FactKind
    address: str  # the clause (or table, note, appendix) it was read from
    span: Span  # in the document's normalized text
    quote: str  # the text of `span`, white space folded
    lang: str | None = None
    fields: dict[str, Any] = field(default_factory=dict)
    # why the fields do not fit the kind's model (None: they do), found when first asked
    # (`problem`): a reader's draft that a later step rewrites is never checked
    _problem: str | None | object = field(default=UNCHECKED, init=False, repr=False,
                                          compare=False)

    def __post_init__(self) -> None:
        """The fields kept as a dict of their own."""
        object.__setattr__(self, "fields", dict(self.fields))

    @property
    def problem(self) -> str | None:
        """Why the fields do not fit the kind's model, or None when they do."""
        if self._problem is UNCHECKED:
            object.__setattr__(self, "_problem", _check(self.kind, self.fields))
        return self._problem

    @property
    def typed(self) -> Fields:
        """The fields as the kind's model (parser/facts/kinds.py); InvalidFact if they don't fit."""
        if self.problem is not None:
            raise InvalidFact(f"{self.kind} at {self.address}: {self.problem}")
        from .kinds import parse_fields

        return parse_fields(self.kind, self.fields)


@value
class FactSet(Value):
    """A document's facts in document order, and what extraction reported."""

    facts: tuple[Fact, ...] = ()
    diagnostics: tuple[Diagnostic, ...] = ()

    def __post_init__(self) -> None:
        as_tuples(self, "facts", "diagnostics")


def _check(kind: str, fields: dict[str, Any]) -> str | None:
    """Why fields do not fit their kind's model, or None: the shapes' fast path
    (parser/facts/shapes.py), the models (pydantic) only for what the shapes do not accept."""
    if accepts(kind, fields):
        return None
    from .kinds import check_fields

    return check_fields(kind, fields)


def screen(facts: list[Fact]) -> tuple[list[Fact], list[Diagnostic]]:
    """Facts -> those whose fields fit their kind, and a FACT_INVALID error for each other one
    (a reader's bug, reported with its clause instead of failing the document)."""
    kept = [f for f in facts if f.problem is None]
    refused = [Diagnostic(code="FACT_INVALID", severity="error", span=f.span, address=f.address,
                          message=f"a {f.kind} fact whose fields do not fit its kind, left out: "
                                  f"{f.problem}")
               for f in facts if f.problem is not None]
    return kept, refused


def fold(text: str) -> str:
    """White space folded to single spaces, ends stripped (quotes and compared names)."""
    return " ".join(text.split())
