"""Typed values passed between the stages: raw text, spans, diagnostics, nodes, documents."""

from __future__ import annotations

import bisect
import re
from array import array
from functools import lru_cache
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Span(Frozen):
    """Half-open character range [start, end) in a document's normalized text."""

    start: int
    end: int


class Location(Frozen):
    """A place in the source file: page (PDF only, 1-based), line and column (1-based)."""

    page: int | None = None
    line: int
    column: int


Severity = Literal["error", "warning", "info"]


class Diagnostic(Frozen):
    """A problem or a notable fact found by a stage, with where it is."""

    code: str
    severity: Severity
    message: str
    span: Span | None = None
    address: str | None = None
    location: Location | None = None

    def render(self, path: str) -> str:
        """`file:page:line:col: CODE message`, the one format every stage reports in."""
        where = path
        if self.location is not None:
            loc = self.location
            page = f"{loc.page}:" if loc.page is not None else ""
            where = f"{path}:{page}{loc.line}:{loc.column}"
        return f"{where}: {self.code} {self.message}"


class Removed(Frozen):
    """Source characters that normalization dropped on purpose (markup), with the reason."""

    start: int  # raw offsets
    end: int
    reason: str
    page: int | None = None  # a running head's or page number's page (PDF)


class RawText(Frozen):
    """What ingest hands on: the text of a file and where each line came from.

    `text` uses "\\n" line ends. A table read from a structured format (DOCX, HTML, a ruled
    PDF table) is written one row a line, cells separated by "\\t", a line break inside a
    cell written as U+2028. `pages` holds the offset at which each page starts (PDF only);
    `removed` lists lines of `text` that normalization drops (running heads, page numbers).
    """

    path: str
    format: Literal["text", "markdown", "html", "docx", "pdf"]
    text: str
    pages: tuple[int, ...] = ()
    removed: tuple[Removed, ...] = ()  # what the reader recognised as not the text (running heads)
    diagnostics: tuple[Diagnostic, ...] = ()


NodeKind = Literal[
    "document", "main", "appendix", "title", "issuing", "status", "note", "preamble",
    "formula", "signature", "addressee", "chapter", "section", "clause", "subpoint",
    "paragraph", "table", "row", "cell",
]


class Node(Frozen):
    """One element of a decree's structure.

    `text` is the node's own text (for a heading node, its heading line), `span` covers the
    node and all its children in the normalized text.
    """

    kind: NodeKind
    address: str
    number: str | None = None
    heading: str | None = None
    text: str = ""
    span: Span
    head: Span | None = None  # the node's own text, children excluded (None: no own text)
    lang: str | None = None
    attrs: dict[str, str] = Field(default_factory=dict)  # e.g. an issuing line's date, number
    children: tuple[Node, ...] = ()

    def walk(self):
        """Yield this node and every descendant, in document order."""
        yield self
        for child in self.children:
            yield from child.walk()


class Document(Frozen):
    """A parsed decree: normalized text, its map back to the source, and the node tree."""

    id: str
    path: str
    format: str
    lang: str | None
    text: str
    model_config = ConfigDict(frozen=True, extra="forbid", arbitrary_types_allowed=True)

    offsets: array = Field(repr=False)  # normalized offset -> raw offset (textmap.Offsets)
    raw_text: str = Field(repr=False)
    pages: tuple[int, ...] = ()
    roots: tuple[Node, ...]
    removed: tuple[Removed, ...] = ()
    diagnostics: tuple[Diagnostic, ...] = ()

    def location(self, offset: int) -> Location:
        """Source location (page, line, column) of a normalized offset."""
        raw = self.offsets[offset] if offset < len(self.offsets) else len(self.raw_text)
        return locate(self.raw_text, self.pages, raw)

    def nodes(self):
        """Every node of every root, in document order."""
        for root in self.roots:
            yield from root.walk()


@lru_cache(maxsize=16)
def _newlines(raw: str) -> tuple[int, ...]:
    """Offsets of every line break of a text, found once (every node asks for its line)."""
    return tuple(m.start() for m in re.finditer("\n", raw))


def locate(raw: str, pages: tuple[int, ...], offset: int) -> Location:
    """Page, line and column (1-based) of a raw offset; lines count within the page."""
    page = None
    base = 0
    if pages:
        i = max(bisect.bisect_right(pages, offset) - 1, 0)
        page, base = i + 1, pages[i]
    breaks = _newlines(raw)
    before = bisect.bisect_left(breaks, offset)
    line = before - bisect.bisect_left(breaks, base) + 1
    line_start = max(breaks[before - 1] + 1 if before else 0, base)
    return Location(page=page, line=line, column=offset - line_start + 1)
