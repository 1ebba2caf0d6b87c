"""A decree's tree laid out for the page: each node's own text cut into segments at the
bounds of the facts it holds (a segment knows every fact that covers it), the facts and
diagnostics of each node, tables as rows of cells."""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field

from ..model import Document, Node

BREAKS = str.maketrans({"\u2028": "\n", "\t": " "})


@dataclass
class Segment:
    """A piece of a node's own text and the facts (their page ids) that cover it."""

    text: str
    facts: tuple[str, ...] = ()
    starts: tuple[str, ...] = ()  # the facts that begin here (their anchors go here)


@dataclass
class Block:
    """A node for the template: address, kind, number, text segments, children, notes."""

    address: str
    kind: str
    number: str | None
    lang: str | None
    segments: list[Segment]
    children: list["Block"] = field(default_factory=list)
    facts: list[dict] = field(default_factory=list)  # the fact views read here
    diagnostics: list[dict] = field(default_factory=list)

    def walk(self):
        """This block and every block below it, in document order."""
        yield self
        for child in self.children:
            yield from child.walk()

    @property
    def heading(self) -> bool:
        """A chapter, section, appendix title or decree title: shown as a heading."""
        return self.kind in ("chapter", "section", "title")


def blocks(doc: Document, facts: list[dict],
           diagnostics: list[dict]) -> tuple[list[Block], list[dict]]:
    """The roots of a decree as blocks; each fact view ({id, span, ...}) is highlighted in
    the nodes whose own text it covers and listed under the node where it starts; each
    diagnostic is listed under the node it names (or whose text holds its span); the
    diagnostics that name no place are returned apart."""
    heads = sorted((n.head.start, n.head.end, n.address) for n in doc.nodes() if n.head)
    starts = [h[0] for h in heads]
    home: dict[str, list[dict]] = {}
    for fact in facts:
        home.setdefault(_owner(heads, starts, fact["span"][0]), []).append(fact)
    known = {n.address for n in doc.nodes()}
    notes: dict[str, list[dict]] = {}
    for d in diagnostics:
        span = d.get("span")
        where = d.get("address") if d.get("address") in known else \
            _owner(heads, starts, span["start"]) if span else ""
        notes.setdefault(where, []).append(d)
    placed: set[str] = set()
    return [_block(doc, root, facts, home, notes, placed) for root in doc.roots], \
        notes.get("", [])


def _owner(heads, starts, offset: int) -> str:
    """The address of the node whose own text holds `offset` (or the nearest before it)."""
    i = max(bisect.bisect_right(starts, offset) - 1, 0)
    return heads[i][2]


def _block(doc: Document, node: Node, facts, home, notes, placed: set[str]) -> Block:
    """One node and its subtree (in document order, so a fact's anchor goes where it is
    first shown)."""
    segments = _segments(doc, node, facts, placed) if node.head else []
    return Block(node.address, node.kind, node.number, node.lang, segments,
                 [_block(doc, c, facts, home, notes, placed) for c in node.children],
                 home.get(node.address, []), notes.get(node.address, []))


def _segments(doc: Document, node: Node, facts: list[dict], placed: set[str]) -> list[Segment]:
    """The node's own text cut at every fact bound inside it; each fact's anchor on the first
    segment it covers."""
    start, end = node.head.start, node.head.end
    inside = [f for f in facts if f["span"][0] < end and f["span"][1] > start]
    cuts = sorted({start, end, *(max(start, min(end, b)) for f in inside for b in f["span"])})
    out = []
    for lo, hi in zip(cuts, cuts[1:]):
        covering = tuple(f["id"] for f in inside if f["span"][0] <= lo and f["span"][1] >= hi)
        first = tuple(i for i in covering if i not in placed)
        placed.update(first)
        out.append(Segment(doc.text[lo:hi].translate(BREAKS), covering, first))
    return out
