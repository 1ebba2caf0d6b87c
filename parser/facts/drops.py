"""No silent drops: a sentence that signals a rule yields a fact or an UNEXTRACTED diagnostic.

Run after the readers, over every sentence of every text node (clause, sub-point, paragraph,
note, table cell, formula): a sentence that holds a number with a unit, a day of a month, a
deadline word, a formula (a sign, or averaging in words) or points per violation or activity
(grammar/drops.yaml, Kazakh and Russian), and that no fact and no diagnostic covers, is
reported as UNEXTRACTED with the signal it holds. The editor's notes of another act's change
are not the decree's rules (docs/facts.md) and are not checked.
"""

from __future__ import annotations

import bisect
import itertools
import re
from functools import cache


from ..model import Diagnostic, Document, Node, Span
from .. import regexes
from ..resources import GRAMMAR, load_table
from . import leadins
from .lexicon import entry
from .model import Fact, fold

WORDS = GRAMMAR / "drops.yaml"
READ = {"clause", "subpoint", "paragraph", "note", "cell", "formula", "preamble"}
# a sentence ends at . ; ! ? or a line break before a capital, a digit or a quotation mark
SENTENCE_END = re.compile(r"(?<=[.;!?])\s+(?=[«\"A-ZА-ЯЁӘІҢҒҮҰҚӨҺ0-9])|[\n\u2028]+")
DIGITS = r"(?<![\d.,/\-№])(?!(?:19|20)\d\d\b)\d+(?:[.,]\d+)?(?:\s*\([^)]{1,40}\))?"


@cache
def words() -> dict:
    """grammar/drops.yaml as loaded."""
    return load_table(WORDS)


def _both(entry) -> str:
    """The fragments of both languages of an entry as one alternation."""
    items = entry if isinstance(entry, list) else [f for lang in entry.values() for f in lang]
    return "|".join(f"(?:{f})" for f in items)


@cache
def signals() -> dict[str, re.Pattern]:
    """Signal name -> its pattern, in the order they are tried."""
    w = words()
    flags = re.IGNORECASE
    return {
        "formula": regexes.compile(rf"(?:{_both(w['formula_signs'])})|\b(?:{_both(w['formula_words'])})",
                              flags),
        "per_item": regexes.compile(rf"\b(?:{_both(w['per_item'])})", flags),
        "date": regexes.compile(rf"(?:(?<![\d.])\d{{1,2}}(?:-?\w{{0,4}})?\s+(?:{_both(w['months'])})\b"
                           rf"|\b(?:{_both(w['months'])})\s+\d{{1,2}}\b(?:-?\w{{0,5}})?)"
                           rf"(?!\s+(?:19|20)\d\d)", flags),
        "quantity": regexes.compile(rf"{_number()}\s*(?:-\w{{1,4}}\s*)?(?:{_both(w['units'])})", flags),
        "deadline": regexes.compile(rf"\b(?:{_both(w['deadline_words'])})\b", flags),
    }


@cache
def _number() -> str:
    """A quantity in digits ("10", "3,5", "10 (десяти)") or in words."""
    return rf"(?:{DIGITS}|\b(?:{_both(words()['number_words'])})\b)"


@cache
def _year_before() -> re.Pattern:
    return re.compile(_both(words()["year_before"]), re.IGNORECASE)


def signal(text: str) -> str | None:
    """The first signal a sentence holds, or None."""
    folded = fold(text)
    for name, pattern in signals().items():
        if any(_stands(name, folded, m) for m in pattern.finditer(folded)):
            return name
    return None


def _stands(name: str, text: str, m: re.Match) -> bool:
    """Whether a match is a signal: points per item need a number in the sentence; a day of a
    month with its year before it is an act's date."""
    if name == "per_item":
        return re.search(_number(), text, re.IGNORECASE) is not None
    if name == "date":
        return not _year_before().search(text[:m.start()])
    return True


# signals that name a rule's value each: in a decree's own rule (not an editor's note on
# another act), every one written in digits stands in a fact or a diagnostic ("не менее 5
# членов, число членов нечетное" with only the odd number read is not covered)
EACH = ("quantity", "date")


def _uncovered(text: str, base: int, covered: "_Covered", each: bool) -> str | None:
    """The signal a sentence at `base` holds that nothing covers: the sentence's first signal
    when nothing overlaps the sentence, else (with `each`) a number in digits with a unit or a
    day of a month that nothing overlaps."""
    kind = signal(text)
    if kind is None:
        return None
    if not covered.overlaps(base, base + len(text)):
        return kind
    folded = fold(text)
    if not each or len(folded) != len(text):
        return None
    for name in EACH:
        for m in signals()[name].finditer(folded):
            if folded[m.start()].isdigit() and _stands(name, folded, m) \
                    and not covered.overlaps(base + m.start(), base + m.end()):
                return name
    return None


def sentences(text: str, base: int) -> list[tuple[int, int]]:
    """(start, end) offsets of the sentences of a node's own text."""
    spans, start = [], 0
    for m in SENTENCE_END.finditer(text):
        spans.append((base + start, base + m.start()))
        start = m.end()
    spans.append((base + start, base + len(text)))
    return [(a, b) for a, b in spans if text[a - base:b - base].strip()]


ROW_READ = ("lookup_table", "grade_band")  # a form's address is its appendix, no table


def accounted(doc: Document, facts, diagnostics) -> list[tuple[int, int]]:
    """The spans the facts and diagnostics account for: their own, and the whole table of a
    fact read from every row of it (a lookup table, a table of bands: the fact quotes the
    header, its rows are the table's)."""
    tables = {n.address: n for n in doc.nodes() if n.kind == "table"}
    return [(f.span.start, f.span.end) for f in facts] + \
        [(d.span.start, d.span.end) for d in diagnostics if d.span is not None] + \
        [(tables[f.address].span.start, tables[f.address].span.end) for f in facts
         if f.kind in ROW_READ and f.address in tables]


def check(doc: Document, facts: list[Fact], diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    """UNEXTRACTED for every sentence that signals a rule and that nothing covers."""
    covered = _Covered(accounted(doc, facts, diagnostics))
    nodes = {n.address: n for n in doc.nodes()}
    items = leadins.items(doc)  # a lead-in's bulleted items own their facts (text.py)
    found, cells = [], {}
    for node in _text_nodes(doc):
        for start, end in sentences(doc.text[node.head.start:node.head.end], node.head.start):
            kind = _uncovered(doc.text[start:end], start, covered, node.kind != "note")
            if kind is None:
                continue
            owner = node.address if node.address in items else _owner(nodes, node)
            if node.kind == "cell":  # a table is reported once, at its first such cell
                cells.setdefault(owner, []).append((start, end))
            else:
                found.append(_report(doc, owner, start, end, words()["messages"][kind]))
    for owner, spans in cells.items():  # spans the table, quoting its first such cell
        start, end = spans[0]
        table = nodes.get(owner)
        whole = (table.span.start, table.span.end) if table is not None else (start, end)
        found.append(_report(doc, owner, start, end,
                             f"{len(spans)} {words()['messages']['cells']}", whole))
    return sorted(found, key=lambda d: d.span.start)


def _text_nodes(doc: Document):
    """The nodes whose own text is read, less the editor's notes of another act's change."""
    for node in doc.nodes():
        if node.kind not in READ or node.head is None:
            continue
        text = doc.text[node.head.start:node.head.end]
        lang = node.lang or doc.lang or "kk"
        if node.kind == "note" and entry("editorial", lang, text.lower()) is not None:
            continue
        yield node


class _Covered:
    """Spans of text already covered by a fact or a diagnostic, asked whether one overlaps a
    sentence in O(log n): sorted by start, with the furthest end among each prefix."""

    def __init__(self, spans: list[tuple[int, int]]):
        spans = sorted(spans)
        self.starts = [a for a, _ in spans]
        self.reach = list(itertools.accumulate((b for _, b in spans), max))

    def overlaps(self, start: int, end: int) -> bool:
        """Whether any span overlaps [start, end): of those starting before `end`, one ends
        after `start`."""
        k = bisect.bisect_left(self.starts, end)
        return k > 0 and self.reach[k - 1] > start


def _report(doc: Document, address: str, start: int, end: int, message: str,
            span: tuple[int, int] | None = None) -> Diagnostic:
    """An UNEXTRACTED warning quoting [start, end), spanning `span` (default the same)."""
    quote = fold(doc.text[start:end])
    short = quote if len(quote) <= 90 else quote[:87] + "…"
    lo, hi = span or (start, end)
    return Diagnostic(code="UNEXTRACTED", severity="warning", address=address,
                      span=Span(start=lo, end=hi),
                      message=f"{message}: “{short}”",
                      location=doc.location(start))


OWNERS = {"clause", "subpoint", "note", "table", "appendix", "main", "preamble"}


def _owner(nodes: dict[str, Node], node: Node) -> str:
    """The address a sentence's fact would carry: a paragraph's or cell's nearest clause,
    sub-point, note, table or appendix."""
    owners = OWNERS
    address = node.address
    while address and nodes.get(address) is not None and nodes[address].kind not in owners:
        address = address.rpartition("/")[0]
    return address or node.address
