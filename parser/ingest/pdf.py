"""PDF: text lines in reading order with their first-line indentation, ruled tables as rows."""

from __future__ import annotations

import io
from collections import Counter
from dataclasses import dataclass

from .. import limits
from ..errors import InputError
from ..model import RawText
from .html import CELL_BREAK, table_blocks

INDENT = " " * 6  # what the normalizer reads as "this line opens a paragraph"
INDENT_CHARS = 1.5  # how many average character widths right of the margin is an indent


@dataclass(frozen=True)
class Line:
    """One text line of a page: where it starts and what it says."""

    top: float
    x0: float
    char_width: float
    text: str


@dataclass(frozen=True)
class Table:
    """One ruled table of a page: its top, its left edge and its rows of cells."""

    top: float
    x0: float
    rows: tuple[tuple[str, ...], ...]


def _inside(obj: dict, boxes: list[tuple]) -> bool:
    """Is the object's centre inside one of the boxes (x0, top, x1, bottom)?"""
    x = (obj["x0"] + obj["x1"]) / 2
    y = (obj["top"] + obj["bottom"]) / 2
    return any(x0 <= x <= x1 and top <= y <= bottom for x0, top, x1, bottom in boxes)


def _line(item: dict) -> Line | None:
    """A pdfplumber text line -> Line, measured from its first visible character."""
    chars = [c for c in item.get("chars", ()) if c["text"].strip()]
    text = " ".join(item["text"].replace("\t", " ").split())
    if not chars or not text:
        return None
    width = sum(c["x1"] - c["x0"] for c in chars) / len(chars)
    return Line(item["top"], chars[0]["x0"], width, text)


def _cell(text: str | None) -> str | None:
    """A table cell's text: line breaks as U+2028, tabs as spaces; None for a merged cell."""
    if text is None:
        return None
    lines = (" ".join(line.split()) for line in text.replace("\t", " ").split("\n"))
    return CELL_BREAK.join(line for line in lines if line)


def page_items(page) -> list[Line | Table]:
    """One page -> its text lines and tables, top to bottom."""
    found = page.find_tables()
    boxes = [t.bbox for t in found]
    tables = [Table(t.bbox[1], t.bbox[0], tuple(tuple(c for c in map(_cell, row) if c is not None)
                                     for row in t.extract())) for t in found]
    text_page = page.filter(lambda obj: obj.get("object_type") != "char"
                            or not _inside(obj, boxes)) if boxes else page
    lines = [ln for ln in map(_line, text_page.extract_text_lines()) if ln is not None]
    return sorted([*lines, *tables], key=lambda item: item.top)


def left_margin(pages: list[list[Line | Table]]) -> float:
    """The document's left text margin: the leftmost start shared by two lines. When all
    shared starts are one (every line a first line), a table's left edge may be the margin."""
    starts = Counter(round(item.x0) for items in pages for item in items
                     if isinstance(item, Line))
    shared = [x for x, n in starts.items() if n >= 2]
    if len(shared) < 2:
        shared += [item.x0 for items in pages for item in items if isinstance(item, Table)]
    return min(shared or starts or [0.0])


def _continues(before: list[Line | Table], after: list[Line | Table]) -> bool:
    """Does the table opening a page continue the one closing the page before?"""
    if not before or not after:
        return False
    last, first = before[-1], after[0]
    return (isinstance(last, Table) and isinstance(first, Table) and bool(last.rows)
            and bool(first.rows) and len(last.rows[-1]) == len(first.rows[0]))


def render_page(items: list[Line | Table], margin: float, joined_above: bool = False,
                joined_below: bool = False) -> str:
    """A page's items -> text: indented first lines, blank lines around each table, none
    where a table runs on from the page before or onto the next."""
    out: list[str] = []
    for k, item in enumerate(items):
        if isinstance(item, Table):
            rows = table_blocks([list(r) for r in item.rows])
            above = [] if joined_above and k == 0 else [""]
            below = [] if joined_below and k == len(items) - 1 else [""]
            lines = ("\t".join(v) if kind == "row" else v for kind, v in rows if kind != "end")
            out += [*above, *lines, *below]
        else:
            indented = item.x0 - margin >= INDENT_CHARS * item.char_width
            out.append(INDENT + item.text if indented else item.text)
    return "\n".join(out)


def _open(data: bytes, name: str):
    """Bytes -> an open pdfplumber PDF, or InputError saying why not."""
    import pdfplumber  # lazy: a heavy library, loaded when a PDF is opened

    if b"%PDF-" not in data[:1024]:
        raise InputError(name, "not a PDF / damaged: no %PDF header")
    try:
        pdf = pdfplumber.open(io.BytesIO(data))
        limits.check_pages(name, _page_count(pdf))
        pdf.pages  # noqa: B018 - reading the page tree is where damage shows
        return pdf
    except InputError:
        raise
    except Exception as exc:  # pdfminer raises many kinds; none may escape
        raise _pdf_error(name, exc) from None


def _page_count(pdf) -> int:
    """The page count the page tree's root declares (read before any page object is made)."""
    from pdfminer.pdftypes import resolve1  # lazy: with pdfplumber

    return int(resolve1(resolve1(pdf.doc.catalog["Pages"])["Count"]))


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
            pages = [page_items(page) for page in pdf.pages]
    except Exception as exc:
        raise _pdf_error(name, exc) from None
    if not any(pages):
        raise InputError(name, "PDF has no text layer (scanned?)")
    margin = left_margin(pages)
    text, starts = "", []
    for k, items in enumerate(pages):
        starts.append(len(text))
        above = k > 0 and _continues(pages[k - 1], items)
        below = k + 1 < len(pages) and _continues(items, pages[k + 1])
        text += render_page(items, margin, above, below) + "\n"
    if not text.strip():
        raise InputError(name, "PDF has no text layer (scanned?)")
    return RawText(path=name, format="pdf", text=text, pages=tuple(starts))
