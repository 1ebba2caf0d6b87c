"""Pattern coverage of the meaning lexicon (issue 10 item 7): which entries fire on which
decrees, which fire on none, and which multi-word entries fire on one decree only.

Written against a small interface of the lexicon (parser/facts/lexicon.py): `entries()` maps
a table to its entries, each with an `id` and `multiword(lang)` (how many of its stems in a
language are sequences of words), and `recording()` counts the entry ids that decide a
meaning while a document is read. An entry that fires on no decree must fire on a test
sentence (tests/facts/phrasings.yaml) or be removed; a multi-word entry that fires on one
decree only is a warning: a phrase that may serve one decree's wording.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from importlib import import_module
from types import ModuleType
from typing import Iterable


def lexicon() -> ModuleType | None:
    """The lexicon module, or None where the meaning tables have no entry ids yet."""
    try:
        module = import_module("parser.facts.lexicon")
    except ImportError:
        return None
    return module if hasattr(module, "recording") and hasattr(module, "entries") else None


@dataclass
class Coverage:
    """Entry id -> the decrees it fired on (and how often), the entries firing on none, the
    multi-word entries firing on one decree only."""

    fired: dict[str, Counter] = field(default_factory=dict)  # entry id -> decree -> times
    multiword: set[str] = field(default_factory=set)
    tested: set[str] = field(default_factory=set)  # fired on a test sentence

    @property
    def unused(self) -> list[str]:
        """Entries firing on no decree."""
        return sorted(i for i, by in self.fired.items() if not by)

    @property
    def untested(self) -> list[str]:
        """Entries firing on no decree and on no test sentence: to remove or to test."""
        return [i for i in self.unused if i not in self.tested]

    @property
    def narrow(self) -> list[str]:
        """Multi-word entries firing on exactly one decree."""
        return sorted(i for i, by in self.fired.items() if len(by) == 1 and i in self.multiword)

    def summary(self) -> dict:
        """Counts of the report."""
        return {"entries": len(self.fired), "fire_on_a_decree": len(self.fired) - len(self.unused),
                "fire_on_none": len(self.unused), "only_a_test_sentence": len(self.unused) - len(self.untested),
                "untested": len(self.untested), "multiword_one_decree": len(self.narrow)}


def measure(readings: Iterable[tuple[str, object]], read, sentences: Iterable = ()) -> Coverage:
    """The coverage of the lexicon over (decree id, document) pairs read with `read`
    (document -> anything; the lexicon records what fires), and over test `sentences` (each
    a zero-argument callable reading one sentence)."""
    lex = lexicon()
    if lex is None:
        raise RuntimeError("the meaning tables have no entry ids yet (parser/facts/lexicon.py)")
    entries = [e for table in lex.entries().values() for e in table]
    cov = Coverage(fired={e.id: Counter() for e in entries},
                   multiword={e.id for e in entries if any(e.multiword(lang) for lang in e.stems)})
    for doc_id, doc in readings:
        with lex.recording() as fired:
            read(doc)
        for entry_id, times in fired.items():
            cov.fired.setdefault(entry_id, Counter())[doc_id] += times
    for run in sentences:
        with lex.recording() as fired:
            run()
        cov.tested.update(fired)
    return cov


def lines(cov: Coverage) -> list[str]:
    """The report as text: one line per entry (the decrees it fires on), then the summary."""
    out = []
    for entry_id in sorted(cov.fired):
        by = cov.fired[entry_id]
        where = ", ".join(sorted(by)) if by else ("(test sentence only)" if entry_id in cov.tested
                                                  else "NONE: remove it or give it a test sentence")
        flag = "  WARNING multi-word, one decree" if entry_id in cov.narrow else ""
        out.append(f"{entry_id:50} {len(by):2}  {where}{flag}")
    s = cov.summary()
    out.append(f"{s['entries']} entries: {s['fire_on_a_decree']} fire on a decree, "
               f"{s['only_a_test_sentence']} only on a test sentence, {s['untested']} on nothing; "
               f"{s['multiword_one_decree']} multi-word entries fire on one decree only")
    return out
