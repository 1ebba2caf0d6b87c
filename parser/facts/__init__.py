"""Fact extraction: a parsed Document -> its rules as facts in the shared vocabulary.

Three readers share the work: `text` reads rules stated in sentences (grammars in
grammar/facts_*.lark), `tables` reads the evaluation forms and lookup tables of the
appendices, `indicators` reads competencies and their behavioural indicators, `rounding` a
stated rounding rule as a `round(x, n)` formula. A fact whose fields do not fit its kind's
model (parser/facts/kinds.py) is left out with a FACT_INVALID error. `drops` then
reports every sentence that signals a rule and yields nothing, and `scales` checks every scale
and lookup table for gaps and overlaps.
"""

from __future__ import annotations

from ..model import Document
from .model import Fact, FactSet, screen


def extract(doc: Document) -> FactSet:
    """Every fact of a document, in document order, with the readers' diagnostics; a short
    term the document defines is read as what it stands for (definitions.py)."""
    # lazy: the readers load spaCy; parser.facts.model and .references are used without it
    from . import definitions, drops, formulas, indicators, rounding, scales, tables, text

    with definitions.scope(doc):
        facts, diagnostics = _read(doc, (text, tables, indicators, rounding), tables)
    facts = formulas.alike(formulas.by_heads(facts, doc))
    facts = formulas.inline_means(formulas.deducted(formulas.aggregated(facts), doc))
    facts = formulas.rounded_subjects(formulas.of_scheme(facts), doc)
    facts, unnamed = formulas.named_symbols(facts, doc)
    diagnostics.extend(unnamed)
    facts = text.caps_on_graded(text.graded_by_legend(facts, doc))
    facts = tables.answered(facts, doc)
    facts.sort(key=lambda f: (f.span.start, f.span.end, f.kind))
    diagnostics.extend(drops.check(doc, facts, diagnostics))
    diagnostics.extend(scales.check(facts, doc))
    diagnostics.sort(key=lambda d: (d.span.start if d.span else -1, d.code))
    return FactSet(facts=tuple(facts), diagnostics=tuple(diagnostics))


def _read(doc: Document, readers, tables) -> tuple[list[Fact], list]:
    """The readers' facts (a fact a table names more narrowly superseded) and diagnostics."""
    facts: list[Fact] = []
    diagnostics = []
    for reader in readers:
        found, notes = reader.facts(doc, facts) if reader is tables else reader.facts(doc)
        if reader is tables:  # a table names the subject of its header's range more narrowly
            # by identity: superseded judges a fact by its values, so equal facts go together
            gone = {id(f) for f in tables.superseded(facts, found, doc)}
            facts = [f for f in facts if id(f) not in gone]
        kept, refused = screen(found)
        facts.extend(kept)
        diagnostics.extend([*notes, *refused])
    return facts, diagnostics
