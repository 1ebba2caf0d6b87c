"""Facts: the rules of a decree in the language-independent vocabulary, with provenance.

Numbers in `fields` are `decimal.Decimal` (2.99 stays 2.99); a share that has no exact
decimal ("үштен екісі", two thirds) stays the fraction string "2/3". The keys of each kind,
their types and meanings are the models of parser/facts/kinds.py: a Fact's fields are
validated by its kind's model when it is made (`fact.typed` is that model), and a fact whose
fields do not fit is left out at the extraction's boundary with a `FACT_INVALID` diagnostic.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from pydantic import Field, PrivateAttr, ValidationError, model_validator

from ..data import plain  # noqa: F401  (re-exported: the fact readers' JSON values)
from ..model import Diagnostic, Frozen, Span
from .kinds import FactKind, Fields, parse_fields


class InvalidFact(ValueError):
    """A fact's fields do not fit its kind's model."""


class Fact(Frozen):
    """One rule: its kind, its kind's fields, and where it was read."""

    kind: FactKind
    address: str  # the clause (or table, note, appendix) it was read from
    span: Span  # in the document's normalized text
    quote: str  # the text of `span`, white space folded
    lang: str | None = None
    fields: dict[str, Any] = Field(default_factory=dict)
    _typed: Fields | None = PrivateAttr(default=None)
    _problem: str | None = PrivateAttr(default=None)

    @model_validator(mode="after")
    def _check_fields(self) -> Fact:
        """Fields validated by the kind's model: the typed fields, or what does not fit."""
        try:
            self._typed, self._problem = parse_fields(self.kind, self.fields), None
        except ValidationError as e:
            self._typed, self._problem = None, _reason(e)
        return self

    def model_copy(self, *, update: dict[str, Any] | None = None, deep: bool = False) -> Fact:
        """A copy with `update` applied, its fields validated again like a new fact's."""
        return super().model_copy(update=update, deep=deep)._check_fields()

    @property
    def typed(self) -> Fields:
        """The fields as the kind's model (parser/facts/kinds.py); InvalidFact if they don't fit."""
        if self._typed is None:
            raise InvalidFact(f"{self.kind} at {self.address}: {self._problem}")
        return self._typed

    @property
    def problem(self) -> str | None:
        """Why the fields do not fit the kind's model, or None when they do."""
        return self._problem


class FactSet(Frozen):
    """A document's facts in document order, and what extraction reported."""

    facts: tuple[Fact, ...] = ()
    diagnostics: tuple[Diagnostic, ...] = ()


def screen(facts: list[Fact]) -> tuple[list[Fact], list[Diagnostic]]:
    """Facts -> those whose fields fit their kind, and a FACT_INVALID error for each other one
    (a reader's bug, reported with its clause instead of failing the document)."""
    kept = [f for f in facts if f.problem is None]
    refused = [Diagnostic(code="FACT_INVALID", severity="error", span=f.span, address=f.address,
                          message=f"a {f.kind} fact whose fields do not fit its kind, left out: "
                                  f"{f.problem}")
               for f in facts if f.problem is not None]
    return kept, refused


def _reason(error: ValidationError) -> str:
    """A validation error on one line: each failing field's path and message."""
    return "; ".join(f"{'.'.join(map(str, e['loc'])) or 'fields'}: {e['msg']}"
                     for e in error.errors())


def fold(text: str) -> str:
    """White space folded to single spaces, ends stripped (quotes and compared names)."""
    return " ".join(text.split())
