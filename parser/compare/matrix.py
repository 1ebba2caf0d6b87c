"""The comparison matrix: one row per concept, one cell per decree (its facts of that concept),
rows where the decrees differ first."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from ..facts.model import plain
from .align import CONCEPT, concept, value
from .plain import concept_words, fact_value

KIND_ORDER = tuple(CONCEPT)


@dataclass(frozen=True)
class Decree:
    """A compiled decree as the comparison reads it: id, language, title, facts (each the
    compiled fact: kind, address, span, quote, lang, fields) and clause texts by address."""

    id: str
    lang: str | None
    title: str
    facts: tuple[dict, ...]
    texts: dict[str, str] = field(default_factory=dict)
    order: tuple[str, ...] = ()  # addresses in document order

    @classmethod
    def from_data(cls, data: dict) -> "Decree":
        """A decree from its compiled JSON (`ereje compile`, export.document_data)."""
        texts: dict[str, str] = {}
        for root in data.get("roots") or []:
            _gather(root, texts)
        title = next((t for a, t in texts.items() if a.endswith("title")), data["id"])
        return cls(data["id"], data.get("lang"), title, tuple(data.get("facts") or ()),
                   texts, tuple(texts))


def _gather(node: dict, texts: dict[str, str]) -> str:
    """Each node's whole text (own text, then its children's, one a line) into `texts`."""
    own = node.get("heading") or node.get("text") or ""
    texts[node["address"]] = own  # document order: a node before its children
    parts = [own] if own else []
    parts += [_gather(c, texts) for c in node.get("children") or []]
    texts[node["address"]] = text = "\n".join(p for p in parts if p)
    return text


def record(fact: dict) -> dict:
    """A compiled fact as one flat record (kind, address, quote, fields)."""
    return {"kind": fact["kind"], "address": fact["address"], "quote": fact.get("quote", ""),
            **(fact.get("fields") or {})}


@dataclass(frozen=True)
class Row:
    """One concept: its keys, each decree's facts of it, and whether they all agree."""

    concept: dict
    cells: dict[str, list[dict]]
    same: bool

    @property
    def kind(self) -> str:
        """The fact kind of the row."""
        return self.concept["kind"]

    @property
    def stated(self) -> int:
        """How many of the decrees state the concept."""
        return sum(1 for facts in self.cells.values() if facts)

    @property
    def label(self) -> str:
        """The concept in plain words."""
        return concept_words(self.concept)

    def words(self, doc_id: str) -> list[str]:
        """Each fact of a cell in plain words with its clause address."""
        return [f"{fact_value(record(f))} ({f['address']})" for f in self.cells.get(doc_id, [])]


def matrix(decrees: list[Decree], only_differences: bool = False) -> list[Row]:
    """The rows of the comparison: differing rows first, then by kind and first appearance."""
    found: dict[tuple, dict[str, list[dict]]] = {}
    for decree in decrees:
        for fact in decree.facts:
            found.setdefault(concept(record(fact)), {}).setdefault(decree.id, []).append(fact)
    rows = [Row(_concept_data(key), {d.id: cells.get(d.id, []) for d in decrees},
                _same(cells, decrees)) for key, cells in found.items()]
    rows = [r for r in rows if not (only_differences and r.same)]
    kinds = {k: i for i, k in enumerate(KIND_ORDER)}
    return sorted(rows, key=lambda r: (r.same, kinds.get(r.kind, len(kinds))))


def _same(cells: dict[str, list[dict]], decrees: list[Decree]) -> bool:
    """Every decree states the concept, with the same values as often."""
    values = [Counter(value(record(f)) for f in cells.get(d.id, [])) for d in decrees]
    return all(values) and all(v == values[0] for v in values)


def _concept_data(key: tuple) -> dict:
    """A concept key as JSON-ready data: {"kind": ..., key: value}."""
    data = {"kind": key[0]}
    for name, val in key[1:]:
        data[name] = _plain_key(val)
    return data


def _plain_key(val):
    """A canonical key value back to plain data (sets as lists, numbers as numbers)."""
    if isinstance(val, tuple) and len(val) == 2 and val[0] == "num":
        return plain(val[1])
    if isinstance(val, tuple):
        return [_plain_key(v) for v in val]
    return val


def data(decrees: list[Decree], rows: list[Row]) -> dict:
    """The matrix as `ereje compare --json` prints it."""
    return {"documents": [{"id": d.id, "lang": d.lang, "title": d.title} for d in decrees],
            "rows": [{"concept": r.concept, "label": r.label,
                      "cells": {i: [dict(f, words=fact_value(record(f))) for f in facts]
                                for i, facts in r.cells.items()},
                      "same": r.same} for r in rows]}
