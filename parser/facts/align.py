"""Parity: align the facts of two decrees that state the same rules (e.g. a Kazakh and a
Russian edition of one model methodology) clause by clause.

Two facts align when they have the same kind, the same address (after an optional map from
the first decree's addresses to the second's, for where the numbering differs) and the same
language-independent fields: the fields the scorer compares (tests/gold/README.md), less the
ones written in the decree's language (a form's title and parameter names, a competency's
name and indicator texts, a keyed lookup row's key text), which are compared by count only.
"""

from __future__ import annotations

from collections import Counter
from typing import Iterable, NamedTuple

from .model import Fact
from .score import COMPARED, as_record, canon, compared_value

# Fields written in the decree's language: compared by their shape, not their words.
WORDED = {"form": {"title"}, "competency": {"name"}}


class Alignment(NamedTuple):
    """Pairs of aligned facts, and the facts of each side left without a partner."""

    pairs: list[tuple[dict, dict]]
    only_a: list[dict]
    only_b: list[dict]


def _shape(kind: str, name: str, value):
    """A language-free form of a compared field."""
    if kind == "form" and name == "parameters":
        return tuple((canon(p.get("number")), canon(p.get("low")), canon(p.get("high")))
                     for p in value or [])
    if kind == "competency" and name == "indicators":
        return tuple(sorted((k, len(v or [])) for k, v in (value or {}).items()))
    if kind == "lookup_table" and name == "rows":
        return tuple(tuple((k, canon(v)) for k, v in sorted(r.items()) if k != "key")
                     for r in value or [])
    return compared_value(kind, name, value)


def key(fact: Fact | dict, addresses: dict[str, str] | None = None) -> tuple:
    """(kind, address in the second decree's numbering, language-free fields)."""
    rec = as_record(fact)
    kind = rec["kind"]
    address = (addresses or {}).get(rec["address"], rec["address"])
    fields = tuple(_shape(kind, f, rec.get(f)) for f in COMPARED.get(kind, ())
                   if f not in WORDED.get(kind, ()))
    return kind, address, fields


def align(a: Iterable[Fact | dict], b: Iterable[Fact | dict],
          addresses: dict[str, str] | None = None) -> Alignment:
    """One-to-one alignment of facts `a` with facts `b` (multisets, in order)."""
    a = [as_record(f) for f in a]
    b = [as_record(f) for f in b]
    waiting: dict[tuple, list[dict]] = {}
    for rec in b:
        waiting.setdefault(key(rec), []).append(rec)
    pairs, only_a = [], []
    for rec in a:
        partners = waiting.get(key(rec, addresses))
        if partners:
            pairs.append((rec, partners.pop(0)))
        else:
            only_a.append(rec)
    paired = Counter(id(p[1]) for p in pairs)
    only_b = [rec for rec in b if not paired[id(rec)]]
    return Alignment(pairs, only_a, only_b)


def selects(selector: dict, fact: Fact | dict) -> bool:
    """True when a fact has the selector's kind and address and every other field it names."""
    rec = as_record(fact)
    return all(canon(rec.get(k)) == canon(v) for k, v in selector.items())
