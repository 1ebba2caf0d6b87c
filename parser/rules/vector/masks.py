"""Conditions known before any row is read: FALSE and TRUE, which `&`, `|` and `~` fold away,
so that a step of the query whose mask is known false is dropped rather than computed on
every row (a test of an input the table lacks, a formula that cannot fail, a form that is
never chosen)."""

from __future__ import annotations

import polars as pl


class _Constant(pl.Expr):
    """A condition known before any row is read (FALSE, TRUE), which `&`, `|` and `~` fold
    away: `x & FALSE` is FALSE and `x & TRUE` is x whatever x holds (null too; `|` the
    same way), so a step whose mask is known false is dropped (`first`, `Table.fail` skip
    FALSE) instead of computed on every row. Python asks a right operand's reflected method
    first when its type subclasses the left's, so `x & FALSE` folds as `FALSE & x` does."""

    def __and__(self, other):
        return _fold(self, other, FALSE, TRUE, pl.Expr.__and__)

    __rand__ = __and__

    def __or__(self, other):
        return _fold(self, other, TRUE, FALSE, pl.Expr.__or__)

    __ror__ = __or__

    def __invert__(self):
        if self is FALSE or self is TRUE:
            return TRUE if self is FALSE else FALSE
        return pl.Expr.__invert__(self)


def _fold(a, b, absorbing, neutral, combine) -> pl.Expr:
    """a op b, where `absorbing` decides it and `neutral` leaves the other operand."""
    if a is absorbing or b is absorbing:
        return absorbing
    if a is neutral and isinstance(b, pl.Expr):
        return b
    if b is neutral:
        return a
    return combine(a, b)


FALSE = _Constant._from_pyexpr(pl.lit(False)._pyexpr)
TRUE = _Constant._from_pyexpr(pl.lit(True)._pyexpr)


def known(flag: bool) -> pl.Expr:
    """A condition the plan decides: TRUE or FALSE."""
    return TRUE if flag else FALSE
