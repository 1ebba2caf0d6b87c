"""Typed values passed between the stages: raw text, spans, diagnostics, nodes, documents.

They are frozen dataclasses with slots (`value`), not pydantic models: a decree's parse makes
thousands of nodes and spans, and a command that only reads a decree (`ereje facts`) should
not pay for importing and building a validation library. They keep the names of pydantic's
methods the stages call (`model_copy`, `model_dump`, `model_fields`), so a pydantic model can
hold them and the code reads the same on both; they are made only by the stages themselves,
never from outside data, which the boundaries validate (parser/data.py, parser/rules/load.py).
"""

from __future__ import annotations

import bisect
import re
from array import array
from dataclasses import dataclass, field, fields, replace
from functools import lru_cache
from typing import Literal


def value(cls):
    """A stage value: a frozen, slotted dataclass built by field names, its fields listed as a
    pydantic model's are (`model_fields`)."""
    cls = dataclass(frozen=True, kw_only=True, slots=True)(cls)
    cls.model_fields = {f.name: f for f in fields(cls) if f.init}
    return cls


class Value:
    """The base of the stage values: copied, dumped and printed as pydantic models are."""

    __slots__ = ()

    def model_copy(self, *, update: dict | None = None):
        """A copy with the fields of `update` replaced."""
        return replace(self, **(update or {}))

    def model_dump(self, *, mode: str = "python", exclude_none: bool = False,
                   exclude: set[str] | None = None) -> dict:
        """The value as plain data, nested values as dicts (pydantic's `model_dump`: in "json"
        mode tuples are lists; `exclude_none` drops None fields at every level)."""
        return {f: _dump(getattr(self, f), mode, exclude_none) for f in self.model_fields
                if f not in (exclude or ()) and not (exclude_none and getattr(self, f) is None)}

    def __str__(self) -> str:
        """`start=1 end=4`, as pydantic prints a model."""
        return " ".join(f"{name}={getattr(self, name)!r}" for name in self.model_fields)


def _dump(item, mode: str, exclude_none: bool):
    """One field's value as plain data (see Value.model_dump)."""
    if isinstance(item, Value):
        return item.model_dump(mode=mode, exclude_none=exclude_none)
    if isinstance(item, (tuple, list)):
        items = [_dump(i, mode, exclude_none) for i in item]
        return items if mode == "json" or isinstance(item, list) else tuple(items)
    if isinstance(item, dict):
        return {k: _dump(v, mode, exclude_none) for k, v in item.items()}
    return item


def as_tuples(item: Value, *names: str) -> None:
    """Fields given as lists stored as tuples (what pydantic did with `tuple[…]` fields)."""
    for name in names:
        if isinstance(getattr(item, name), list):
            object.__setattr__(item, name, tuple(getattr(item, name)))


@value
class Span(Value):
    """Half-open character range [start, end) in a document's normalized text."""

    start: int
    end: int


@value
class Location(Value):
    """A place in the source file: page (PDF only, 1-based), line and column (1-based)."""

    page: int | None = None
    line: int
    column: int


Severity = Literal["error", "warning", "info"]


@value
class Diagnostic(Value):
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


@value
class Removed(Value):
    """Source characters that normalization dropped on purpose (markup), with the reason."""

    start: int  # raw offsets
    end: int
    reason: str
    page: int | None = None  # a running head's or page number's page (PDF)


@value
class RawText(Value):
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
    # its lines are a printed page's, each a paragraph of the file (a PDF-to-Word converter's
    # .docx): normalization joins them, and decides their hyphens, as a page's text
    printed: bool = False

    def __post_init__(self) -> None:
        as_tuples(self, "pages", "removed", "diagnostics")


NodeKind = Literal[
    "document", "main", "appendix", "title", "issuing", "status", "note", "preamble",
    "formula", "signature", "addressee", "chapter", "section", "clause", "subpoint",
    "paragraph", "table", "row", "cell",
]


@value
class Node(Value):
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
    attrs: dict[str, str] = field(default_factory=dict)  # e.g. an issuing line's date, number
    children: tuple[Node, ...] = ()

    def __post_init__(self) -> None:
        as_tuples(self, "children")

    def walk(self):
        """Yield this node and every descendant, in document order."""
        yield self
        for child in self.children:
            yield from child.walk()


@value
class Document(Value):
    """A parsed decree: normalized text, its map back to the source, and the node tree."""

    id: str
    path: str
    format: str
    lang: str | None
    text: str
    offsets: array = field(repr=False)  # normalized offset -> raw offset (textmap.Offsets)
    raw_text: str = field(repr=False)
    pages: tuple[int, ...] = ()
    roots: tuple[Node, ...]
    removed: tuple[Removed, ...] = ()
    diagnostics: tuple[Diagnostic, ...] = ()

    def __post_init__(self) -> None:
        as_tuples(self, "pages", "roots", "removed", "diagnostics")

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
