"""Alignment of facts by meaning: a fact's concept is its kind and the language-independent
keys that say what rule it states (a deadline's event and anchor, a threshold's subject and
operator, a band's scale and grade, a cap's scale and condition, a form's position, a lookup
table's name); its value is the rest of its compared fields in a language-free shape.

Two facts align when concept and value agree. The clause address is only a hint: among equal
candidates the one at the same address (after an optional map from one decree's numbering to
the other's) is taken first, then the first in document order.
"""

from __future__ import annotations

from typing import Iterable, NamedTuple

from ..facts.kinds import KINDS
from ..facts.model import Fact
from ..facts.score import COMPARED, as_record, canon, compared_value

# The keys that name what a fact is about (its concept), and the fields written in the
# decree's language (compared by their shape, not their words): stated by the kinds' models.
CONCEPT: dict[str, tuple[str, ...]] = {kind: model.concept for kind, model in KINDS.items()}
WORDED = {kind: set(model.worded) for kind, model in KINDS.items() if model.worded}


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
        return tuple(tuple((k, canon(v)) for k, v in sorted(r.items()) if k != "key"
                           or not isinstance(v, str) or v.isascii())
                     for r in value or [])
    return compared_value(kind, name, value)


def concept(fact: Fact | dict) -> tuple:
    """(kind, (key, canonical value)...): what rule a fact states, in any language."""
    rec = as_record(fact)
    kind = rec["kind"]
    return (kind, *((k, compared_value(kind, k, rec.get(k))) for k in CONCEPT.get(kind, ())))


def value(fact: Fact | dict) -> tuple:
    """The language-free shape of a fact's compared fields beyond its concept."""
    rec = as_record(fact)
    kind = rec["kind"]
    skip = set(CONCEPT.get(kind, ())) | WORDED.get(kind, set())
    return tuple(_shape(kind, f, rec.get(f)) for f in COMPARED.get(kind, ()) if f not in skip)


def align(a: Iterable[Fact | dict], b: Iterable[Fact | dict],
          addresses: dict[str, str] | None = None) -> Alignment:
    """One-to-one alignment of facts `a` with facts `b` by concept and value (multisets, in
    order); `addresses` maps an address of `a` to the one of `b` that should be tried first."""
    a = [as_record(f) for f in a]
    b = [as_record(f) for f in b]
    waiting: dict[tuple, list[dict]] = {}
    for rec in b:
        waiting.setdefault((concept(rec), value(rec)), []).append(rec)
    partner: dict[int, dict] = {}
    for exact in (True, False):
        for i, rec in enumerate(a):
            if i in partner:
                continue
            where = (addresses or {}).get(rec["address"], rec["address"])
            found = _take(waiting.get((concept(rec), value(rec)), []), where, exact)
            if found is not None:
                partner[i] = found
    pairs = [(rec, partner[i]) for i, rec in enumerate(a) if i in partner]
    taken = {id(p) for p in partner.values()}
    return Alignment(pairs, [rec for i, rec in enumerate(a) if i not in partner],
                     [rec for rec in b if id(rec) not in taken])


def _take(candidates: list[dict], address: str, exact: bool) -> dict | None:
    """Remove and return the first candidate at `address` (or any, when not `exact`)."""
    for i, rec in enumerate(candidates):
        if not exact or rec["address"] == address:
            return candidates.pop(i)
    return None


def selects(selector: dict, fact: Fact | dict) -> bool:
    """True when a fact has the selector's kind and address and every other field it names."""
    rec = as_record(fact)
    return all(canon(rec.get(k)) == canon(v) for k, v in selector.items())
