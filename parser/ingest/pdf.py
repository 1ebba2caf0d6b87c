"""PDF: text lines in reading order, blocks told apart by the page geometry (`layout`),
ruled tables as rows, running heads and page numbers listed for removal."""

from __future__ import annotations

import io
import re
import statistics
from dataclasses import dataclass, field

from ..errors import InputError
from ..model import RawText, Removed
from .html import CELL_BREAK, table_blocks
from .layout import Frame, Line, frame, running_heads, starts_block

_DIGITS_ONLY = re.compile(r"\W*\d+(?:\W+\d+)?\W*")

@dataclass(frozen=True)
class Table:
    """One ruled table of a page: its top, its left edge and its rows of cells."""

    top: float
    x0: float
    x1: float
    rows: tuple[tuple[str, ...], ...]


def _inside(obj: dict, boxes: list[tuple]) -> bool:
    """Is the object's centre inside one of the boxes (x0, top, x1, bottom)?"""
    x = (obj["x0"] + obj["x1"]) / 2
    y = (obj["top"] + obj["bottom"]) / 2
    return any(x0 <= x <= x1 and top <= y <= bottom for x0, top, x1, bottom in boxes)


def _line(item: dict, page: int) -> Line | None:
    """A pdfplumber text line -> Line, measured from its visible characters."""
    chars = [c for c in item.get("chars", ()) if c["text"].strip()]
    text = " ".join(item["text"].replace("\t", " ").split())
    if not chars or not text:
        return None
    width = sum(c["x1"] - c["x0"] for c in chars) / len(chars)
    word = chars[min(len(text.split()[0]), len(chars)) - 1]
    bold = sum("bold" in str(c.get("fontname", "")).lower() for c in chars) * 2 > len(chars)
    size = statistics.median(c.get("size", 0.0) for c in chars)
    return Line(page, item["top"], item["bottom"], chars[0]["x0"], chars[-1]["x1"], width,
                size, bold, word["x1"] - chars[0]["x0"], text)


def _cell(text: str | None) -> str | None:
    """A table cell's text: line breaks as U+2028, tabs as spaces; None for a merged cell."""
    if text is None:
        return None
    lines = (" ".join(line.split()) for line in text.replace("\t", " ").split("\n"))
    return CELL_BREAK.join(line for line in lines if line)


def page_items(page, number: int = 0) -> list[Line | Table]:
    """One page -> its text lines and tables, top to bottom."""
    found = page.find_tables()
    boxes = [t.bbox for t in found]
    tables = [Table(t.bbox[1], t.bbox[0], t.bbox[2], tuple(tuple(c for c in map(_cell, row) if c is not None)
                                     for row in t.extract())) for t in found]
    text_page = page.filter(lambda obj: obj.get("object_type") != "char"
                            or not _inside(obj, boxes)) if boxes else page
    lines = [ln for ln in (_line(item, number) for item in text_page.extract_text_lines())
             if ln is not None]
    return sorted([*lines, *tables], key=lambda item: item.top)


def _continues(before: list[Line | Table], after: list[Line | Table]) -> bool:
    """Does the table opening a page continue the one closing the page before? It does when
    nothing stands between them and their edges line up."""
    if not before or not after:
        return False
    last, first = before[-1], after[0]
    return (isinstance(last, Table) and isinstance(first, Table)
            and abs(last.x0 - first.x0) <= 2 and abs(last.x1 - first.x1) <= 2)


@dataclass
class _Writer:
    """The raw text being written: lines, blank lines between blocks and around tables, the
    running heads written but listed for removal."""

    frame: Frame
    text: list[str] = field(default_factory=list)
    size: int = 0
    removed: list[Removed] = field(default_factory=list)
    prev: Line | Table | None = None

    def put(self, s: str) -> None:
        self.text.append(s)
        self.size += len(s)

    def blank(self) -> None:
        if self.text and self.text[-1] != "\n":
            self.put("\n")

    def head(self, line: Line) -> None:
        """A running head or page number: its own line, dropped by normalization."""
        start = self.size
        self.put(line.text + "\n")
        reason = "page number" if _DIGITS_ONLY.fullmatch(line.text) else "running head"
        self.removed.append(Removed(start=start, end=self.size, reason=reason,
                                    page=line.page + 1))

    def line(self, line: Line) -> None:
        prev = self.prev
        if not isinstance(prev, Line) or starts_block(prev, line, self.frame):
            self.blank()
        self.put(line.text + "\n")
        self.prev = line

    def table(self, table: Table, joined: bool) -> None:
        if not joined:
            self.blank()
        for kind, value in table_blocks([list(r) for r in table.rows]):
            if kind != "end":
                self.put(("\t".join(value) if kind == "row" else value) + "\n")
        self.prev = table


def write(pages: list[list[Line | Table]]) -> tuple[str, list[int], list[Removed]]:
    """Pages of items -> raw text, the offset of each page's start, running heads to drop."""
    heads = running_heads([[i for i in items if isinstance(i, Line)] for items in pages])
    body = [[i for i in items if i not in heads] for items in pages]
    writer = _Writer(frame([i for items in body for i in items if isinstance(i, Line)]))
    starts = []
    for k, items in enumerate(pages):
        starts.append(writer.size)
        for item in items:
            if item in heads:
                writer.head(item)
            elif isinstance(item, Table):
                first = item is (body[k] or [None])[0]
                writer.table(item, first and k > 0 and _continues(body[k - 1], body[k]))
            else:
                writer.line(item)
    return "".join(writer.text), starts, writer.removed


def _open(data: bytes, name: str):
    """Bytes -> an open pdfplumber PDF, or InputError saying why not."""
    import pdfplumber

    if b"%PDF-" not in data[:1024]:
        raise InputError(name, "not a PDF / damaged: no %PDF header")
    try:
        pdf = pdfplumber.open(io.BytesIO(data))
        pdf.pages  # noqa: B018 - reading the page tree is where damage shows
        return pdf
    except Exception as exc:  # pdfminer raises many kinds; none may escape
        raise _pdf_error(name, exc) from None


def _pdf_error(name: str, exc: BaseException) -> InputError:
    """A pdfminer/pdfplumber exception -> InputError with a reason a user understands."""
    chain, cause = [], exc
    while cause is not None and len(chain) < 5:
        chain.append(cause)
        cause = cause.__cause__ or cause.__context__
    if any("password" in type(e).__name__.lower() or "encrypt" in str(e).lower()
           for e in chain):
        return InputError(name, "encrypted PDF (a password is needed to read it)")
    detail = str(chain[-1]) or type(chain[-1]).__name__
    return InputError(name, f"not a PDF / damaged: {detail}")


def read_pdf(data: bytes, name: str) -> RawText:
    """A .pdf file as RawText (format "pdf", `pages` = offset of each page's start)."""
    pdf = _open(data, name)
    try:
        with pdf:
            pages = [page_items(page, k) for k, page in enumerate(pdf.pages)]
    except Exception as exc:
        raise _pdf_error(name, exc) from None
    if not any(pages):
        raise InputError(name, "PDF has no text layer (scanned?)")
    text, starts, removed = write(pages)
    if not text.strip():
        raise InputError(name, "PDF has no text layer (scanned?)")
    return RawText(path=name, format="pdf", text=text, pages=tuple(starts),
                   removed=tuple(removed))
