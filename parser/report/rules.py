"""A ruleset's plan as readable rules for the report: one entry per rule, each with a page id,
its meaning in plain words and the clauses it comes from; and which entry each fact feeds.

Everything here reads the rule plan (parser/rules/plan.py), the one meaning of the decree's
rules: a fact no plan node cites is shown apart, as not used by the evaluator.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..compare.plain import concept_words, fact_value, negated, said_of, words
from ..facts.model import fold, plain
from ..rules.model import Ruleset
from ..rules.plan import Choice, Define, Grade, Guard, KeyedLookup, Lookup, Plan, Unsupported

# section -> its heading, in the order of the page
HEADINGS = {
    "forms": "Evaluation forms",
    "computations": "Computations",
    "lookups": "Lookup tables",
    "caps": "Score caps",
    "scales": "Grade scales",
    "eligibility": "Who is evaluated",
    "constraints": "Checks on the inputs",
    "deadlines": "Deadlines",
    "references": "Rules taken from other acts",
    "unsupported": "Rules the plan cannot compute",
}


@dataclass
class Entry:
    """One readable rule: page id, concept and value in words, sources (address, quote)."""

    id: str
    label: str
    text: str
    sources: list[dict]


def entries(ruleset: Ruleset) -> dict[str, list[Entry]]:
    """The plan's sections (heading -> entries), in the order of HEADINGS."""
    plan = ruleset.plan
    found = {name: [] for name in HEADINGS}
    for step in plan.decision:
        for name, label, text, sources in READERS[type(step)](step, plan):
            found[name].append((label, text, sources))
    found["deadlines"] = [_fact("deadline", d) for d in plan.deadlines]
    found["references"] = [_fact("reference", r) for r in plan.references]
    return {HEADINGS[name]: [Entry(f"rule-{name}-{i}", label, text, sources)
                             for i, (label, text, sources) in enumerate(items)]
            for name, items in found.items() if items}


def _fact(kind: str, node) -> tuple[str, str, list[dict]]:
    """A node that reads like a fact of `kind` (a deadline, a reference)."""
    rec = {"kind": kind, **plain(node.model_dump())}
    return concept_words(rec), fact_value(rec), rec["sources"]


def _sources(node) -> list[dict]:
    return [s.model_dump() for s in node.sources]


def _guard(step: Guard, plan: Plan):
    """A condition of being evaluated (when each test fires), or a check on an input (what
    must hold, for some positions)."""
    units = {i.name: i.unit for i in plan.inputs}
    if step.outcome == "not_evaluated":
        said = "; ".join(said_of(t.fires, units) for t in step.tests)
        yield "eligibility", words(step.reason), f"not evaluated when {said}", _sources(step)
        return
    scope = f" (for {words(step.positions)})" if step.positions else ""
    said = "; ".join(said_of(negated(t.fires), units) for t in step.tests)
    yield "constraints", words(step.reason), said + scope, _sources(step)


def _choice(step: Choice, plan: Plan):
    """The forms of the choice by position."""
    for form in step.forms:
        rec = {"kind": "form", "number": form.number,
               "parameters": [plain(p.model_dump()) for p in form.parameters],
               "aggregation": form.text or form.prose}
        yield "forms", f"for {words(form.positions)}", fact_value(rec), _sources(form)


def _define(step: Define, plan: Plan):
    yield "computations", words(step.target), step.text, _sources(step)


def _lookup(step: Lookup | KeyedLookup, plan: Plan):
    """A table, and the rounding of its input where a rule states one."""
    if getattr(step, "rounding", None) is not None:
        yield "computations", words(step.rounding.target), step.rounding.text, \
            _sources(step.rounding)
    rec = {"kind": "lookup_table", "name": step.name, "input": step.input,
           "output": step.target, "rows": [plain(r.model_dump()) for r in step.rows]}
    yield "lookups", concept_words(rec), fact_value(rec) or "no row by an interval of "\
        f"{words(step.input)}: nothing to look up", _sources(step)


def _grade(step: Grade, plan: Plan):
    """The roundings of the graded values, the caps, the bands (with their labels)."""
    shown = set()
    for candidate in step.candidates:
        rounding = candidate.rounding
        if rounding is not None and rounding.text not in shown:
            shown.add(rounding.text)
            yield "computations", words(rounding.target), rounding.text, _sources(rounding)
    for scale in step.scales:
        for cap in scale.caps:
            rec = {"kind": "score_cap", "scale": scale.key, "condition": cap.condition,
                   "max": cap.max}
            yield "caps", concept_words(rec), fact_value(rec), _sources(cap)
    for scale in step.scales:
        for band in scale.bands:
            rec = {"kind": "grade_band", "scale": scale.key, **plain(band.model_dump())}
            label = plan.labels.get(band.grade)
            named = f"{words(scale.key)}: {words(band.grade)}"
            yield "scales", named, fact_value(rec) + (f" — «{label.kk}» / «{label.ru}»"
                                                       if label else ""), _sources(band)


def _unsupported(step: Unsupported, plan: Plan):
    yield "unsupported", words(step.target), f"{step.reason} ({step.code})", _sources(step)


READERS = {Guard: _guard, Choice: _choice, Define: _define, Lookup: _lookup,
           KeyedLookup: _lookup, Grade: _grade,
           Unsupported: _unsupported}


def fact_entries(sections: dict[str, list[Entry]]) -> dict[tuple[str, str], str]:
    """(address, folded quote) -> the id of the first entry that cites it."""
    found: dict[tuple[str, str], str] = {}
    for items in sections.values():
        for entry in items:
            for source in entry.sources:
                found.setdefault((source["address"], fold(source["quote"])), entry.id)
    return found
