"""A ruleset as readable rules for the report: one entry per rule, each with a page id, its
meaning in plain words and the clauses it comes from; and which entry each fact feeds."""

from __future__ import annotations

from dataclasses import dataclass

from ..compare.plain import concept_words, fact_value, words
from ..facts.model import fold, plain
from ..rules.model import Ruleset

# Ruleset section -> (heading, the fact kind its entries read like).
SECTIONS = {
    "forms": ("Evaluation forms", "form"),
    "computations": ("Computations", "formula"),
    "lookups": ("Lookup tables", "lookup_table"),
    "caps": ("Score caps", "score_cap"),
    "scales": ("Grade scales", "grade_band"),
    "eligibility": ("Who is evaluated", "threshold"),
    "constraints": ("Checks on the inputs", "threshold"),
    "deadlines": ("Deadlines", "deadline"),
    "references": ("Rules taken from other acts", "reference"),
}


@dataclass
class Entry:
    """One readable rule: page id, concept and value in words, sources (address, quote)."""

    id: str
    label: str
    text: str
    sources: list[dict]


def entries(ruleset: Ruleset) -> dict[str, list[Entry]]:
    """The ruleset's sections (heading -> entries), in the order of SECTIONS."""
    data = plain(ruleset.model_dump())
    out: dict[str, list[Entry]] = {}
    for name, (heading, kind) in SECTIONS.items():
        items = data.get(name) or []
        if name == "scales":
            found = [_band(scale, band, f"rule-scales-{i}-{j}", data.get("labels") or {})
                     for i, scale in enumerate(items) for j, band in enumerate(scale["bands"])]
        else:
            found = [_entry(kind, item, f"rule-{name}-{i}") for i, item in enumerate(items)]
        if found:
            out[heading] = found
    return out


def _entry(kind: str, item: dict, entry_id: str) -> Entry:
    """A rule read like a fact of `kind`."""
    rec = {"kind": kind, **item}
    if kind == "formula":
        return Entry(entry_id, words(item["target"]), f"{item['target']} = {item['expression']}",
                     item["sources"])
    if kind == "form":
        return Entry(entry_id, f"for {words(item.get('applies_to'))}", fact_value(rec),
                     item["sources"])
    return Entry(entry_id, concept_words(rec), fact_value(rec), item["sources"])


def _band(scale: dict, band: dict, entry_id: str, labels: dict) -> Entry:
    """One band of a scale: "average score: effective", "4–5"."""
    rec = {"kind": "grade_band", "scale": scale["key"], **band}
    label = labels.get(band["grade"]) or {}
    named = f"{words(scale['key'])}: {words(band['grade'])}"
    return Entry(entry_id, named, fact_value(rec) + (f" — «{label['kk']}» / «{label['ru']}»"
                                                     if label else ""), band["sources"])


def fact_entries(sections: dict[str, list[Entry]]) -> dict[tuple[str, str], str]:
    """(address, folded quote) -> the id of the first entry that cites it."""
    found: dict[tuple[str, str], str] = {}
    for items in sections.values():
        for entry in items:
            for source in entry.sources:
                found.setdefault((source["address"], fold(source["quote"])), entry.id)
    return found
