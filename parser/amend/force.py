"""An act's entry into force: the terms it states and the governing one, dated where their
anchor is known (the `deadline` facts of event entry_into_force)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from ..facts.model import FactSet
from ..model import Document
from ..rules.calendar import Calendar
from ..rules.deadlines import DeadlineError, first_day_in_effect
from .model import EntryIntoForce, Term
from .refs import first_node, own_ref, words


def entry_into_force(doc: Document, facts: FactSet) -> EntryIntoForce | None:
    """Every entry-into-force term the act states (the `deadline` facts of event
    entry_into_force, in order) and the governing one: the latest anchor (then the longest
    period). A term's date is known when its anchor's is: the signing (the act's date), the
    state registration (the issuing line's), never the publication here (`publish`)."""
    found = [f for f in facts.facts
             if f.kind == "deadline" and f.fields.get("event") == "entry_into_force"]
    if not found:
        return None
    issuing = first_node(doc, "issuing")
    registered = (issuing.attrs if issuing is not None else {}).get("registration_date")
    anchors = {"signing": own_ref(doc, {}).date,
               "state_registration": dt.date.fromisoformat(registered) if registered else None}
    terms = []
    for fact in found:
        rule = {k: _count(v) for k, v in fact.fields.get("rule", {}).items()}
        term = Term(anchor=fact.fields["anchor"], rule=rule, source=fact.address,
                    date=first_day(rule, anchors.get(fact.fields["anchor"])))
        if term not in terms:
            terms.append(term)
    return governed(tuple(terms))


def governed(terms: tuple[Term, ...]) -> EntryIntoForce:
    """The terms with the governing one named: the latest anchor of `anchor_order`, then the
    longest period."""
    order = words()["anchor_order"]
    rule = max(terms, key=lambda t: (order.index(t.anchor) if t.anchor in order else -1,
                                     sum(v for v in t.rule.values() if isinstance(v, int))))
    return EntryIntoForce(**rule.model_dump(), terms=terms)


def _count(value):
    """A rule's whole number as an int (facts carry Decimals), any other value as it is."""
    if isinstance(value, (int, Decimal)) and not isinstance(value, bool) and value == int(value):
        return int(value)
    return value


def first_day(rule: dict, anchor: dt.date | None) -> dt.date | None:
    """The first day in force under `rule` counted from `anchor` (None when either is
    unknown or the rule cannot be counted)."""
    if anchor is None:
        return None
    try:  # a rule with no period ("from the day of …") is that day
        return first_day_in_effect(rule or {"calendar_days": 0}, anchor, Calendar.load()).date
    except DeadlineError:
        return None
