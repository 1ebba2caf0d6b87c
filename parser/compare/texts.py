"""Clause texts side by side: the clauses of two decrees that carry aligned facts, and those
with the same address when both number their clauses alike; a word diff when both are in one
language."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from .align import align
from .matrix import Decree, record
from .plain import concept_words, fact_value

CLAUSE = re.compile(r"(^|/)(p|sub)\d+(~\d+)?$")


@dataclass(frozen=True)
class ClausePair:
    """Two clauses shown side by side, and the word diff when they share a language."""

    a: str  # address in the first decree
    b: str  # address in the second
    text_a: str
    text_b: str
    diff: tuple[tuple[str, str, str], ...] = ()  # (op, words of a, words of b); op: = - + ~
    facts: tuple[str, ...] = ()  # the aligned facts the two clauses share, in plain words


def clause_pairs(a: Decree, b: Decree) -> list[ClausePair]:
    """The clause pairs of two decrees in the first one's document order."""
    result = align([record(f) for f in a.facts], [record(f) for f in b.facts])
    shared: dict[tuple[str, str], list[str]] = {}
    for x, y in result.pairs:
        shared.setdefault((x["address"], y["address"]), []).append(
            f"{concept_words(x)}: {fact_value(x)}")
    found = set(shared)
    if numbered_alike(result.pairs):
        found |= {(addr, addr) for addr in a.texts if addr in b.texts and CLAUSE.search(addr)}
    order = {addr: i for i, addr in enumerate(a.order)}
    shown = sorted(found, key=lambda p: (order.get(p[0], len(order)), p[1]))
    same_language = a.lang == b.lang
    return [ClausePair(x, y, a.texts.get(x, ""), b.texts.get(y, ""),
                       word_diff(a.texts.get(x, ""), b.texts.get(y, "")) if same_language
                       else (), tuple(shared.get((x, y), ()))) for x, y in shown]


def numbered_alike(pairs) -> bool:
    """Most aligned facts sit at the same address in both decrees."""
    return bool(pairs) and 2 * sum(x["address"] == y["address"] for x, y in pairs) >= len(pairs)


def word_diff(a: str, b: str) -> tuple[tuple[str, str, str], ...]:
    """The word diff of two texts: runs of equal (=), removed (-), added (+), replaced (~)."""
    wa, wb = a.split(), b.split()
    ops = {"equal": "=", "delete": "-", "insert": "+", "replace": "~"}
    return tuple((ops[tag], " ".join(wa[i1:i2]), " ".join(wb[j1:j2])) for tag, i1, i2, j1, j2
                 in difflib.SequenceMatcher(None, wa, wb, autojunk=False).get_opcodes())
