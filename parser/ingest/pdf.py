"""PDF: text lines in reading order, blocks told apart by the page geometry (`layout`),
ruled tables as rows, running heads and page numbers listed for removal."""

from __future__ import annotations

import io
import re
import statistics
from dataclasses import dataclass, field

from .. import limits
from ..errors import InputError
from ..model import RawText, Removed
from .html import CELL_BREAK, table_blocks
from .joins import Words, line_end
from .layout import COLUMN_CHARS, Frame, Line, frame, running_heads, starts_block

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
    word = chars[min(len(_first_word(text)), len(chars)) - 1]
    bold = sum("bold" in str(c.get("fontname", "")).lower() for c in chars) * 2 > len(chars)
    size = statistics.median(c.get("size", 0.0) for c in chars)
    gaps = (b["x0"] - a["x1"] for a, b in zip(chars, chars[1:]))
    return Line(page, item["top"], item["bottom"], chars[0]["x0"], chars[-1]["x1"], width,
                size, bold, word["x1"] - chars[0]["x0"], text,
                max(gaps, default=0.0) > COLUMN_CHARS * width)


def _first_word(text: str) -> str:
    """The line's first unbreakable unit, without spaces: a word ending in a hyphen binds
    to the next one ("1-1- қосымша" is not broken after "1-1-")."""
    words = text.split(" ")
    n = 1
    while n < len(words) and words[n - 1].endswith("-"):
        n += 1
    return "".join(words[:n])


def _cell(text: str | None) -> str | None:
    """A table cell's text: line breaks as U+2028, tabs as spaces; None for a merged cell."""
    if text is None:
        return None
    lines = (" ".join(line.split()) for line in text.replace("\t", " ").split("\n"))
    return CELL_BREAK.join(line for line in lines if line)


def _cell_text(chars: list[dict], box: tuple) -> str:
    """A ruled cell's text from its characters: a paragraph's lines joined by a space, the
    paragraphs by U+2028. A line ends its paragraph when the next line's first word would
    have fitted after it within the cell's margins (the typesetter did not wrap it there);
    a line the cell's width filled wraps into the next. Lines whose words do not line up
    with the text keep every break."""
    from pdfplumber import utils  # lazy: with pdfplumber

    if not chars:
        return ""
    text = _cell(utils.extract_text(chars)) or ""
    lines = text.split(CELL_BREAK)
    if len(lines) < 2:
        return text
    words = utils.extract_words(chars)
    placed = [sorted(group, key=lambda w: w["x0"])
              for group in utils.cluster_objects(words, lambda w: w["top"], 3)]
    if len(placed) != len(lines) or any(" ".join(w["text"] for w in group) != line
                                        for group, line in zip(placed, lines)):
        return text
    gaps = [b["x0"] - a["x1"] for group in placed for a, b in zip(group, group[1:])]
    space = statistics.median(gaps) if gaps else statistics.median(
        c["x1"] - c["x0"] for c in chars) / 2
    # the right margin mirrors the left one the lines keep from the cell's edge
    right = max(box[2] - (min(group[0]["x0"] for group in placed) - box[0]),
                max(group[-1]["x1"] for group in placed))
    out = lines[0]
    for before, after, line in zip(placed, placed[1:], lines[1:]):
        first = after[0]["x1"] - after[0]["x0"]
        fits = before[-1]["x1"] + space + first <= right - space / 2
        out += (CELL_BREAK if fits else " ") + line
    return out


def _rows(table) -> tuple[tuple[str, ...], ...]:
    """A pdfplumber table's rows of cell texts. pdfplumber gives None where a merged cell
    covers a grid cell: covered from the left (a cell spanning columns) it is no cell of its
    own, as in a DOCX or HTML row; covered from above (a cell spanning rows) it is an empty
    cell, so the cells after it keep their columns ("балл" and "обоснование" under "Оценка"
    in a two-row header)."""
    starts: dict[int, float] = {}
    for row in table.rows:
        for k, box in enumerate(row.cells):
            if box is not None:
                starts[k] = min(starts.get(k, box[0]), box[0])
    rows = []
    chars = table.page.chars
    for row in table.rows:
        row_chars = [c for c in chars if _inside(c, [row.bbox])]
        cells: list[str] = []
        left = None  # the box of the last cell written on this row
        for k, box in enumerate(row.cells):
            if box is not None:
                cells.append(_cell_text([c for c in row_chars if _inside(c, [box])], box))
                left = box
            elif left is None or (k in starts and left[2] <= starts[k] + 1):
                cells.append("")
        rows.append(tuple(cells))
    return tuple(rows)



@dataclass(frozen=True)
class Page:
    """One page's text lines and tables, top to bottom, and its ruled boxes that are no
    table's cells (pdfplumber makes no table of a lone cell)."""

    items: list[Line | Table]
    boxes: list[tuple[float, float, float, float]]
    size: tuple[int, int] = (0, 0)  # width and height, rounded (a landscape page's differ)


def page_items(page, number: int = 0) -> Page:
    """One page -> its text lines, tables and lone ruled boxes."""
    finder = page.debug_tablefinder()
    found = finder.tables
    boxes = [t.bbox for t in found]
    lone = [c for c in finder.cells
            if not _inside({"x0": c[0], "x1": c[2], "top": c[1], "bottom": c[3]}, boxes)]
    tables = [Table(t.bbox[1], t.bbox[0], t.bbox[2], _rows(t)) for t in found]
    text_page = page.filter(lambda obj: obj.get("object_type") != "char"
                            or not _inside(obj, boxes)) if boxes else page
    lines = [ln for ln in (_line(item, number) for item in text_page.extract_text_lines())
             if ln is not None]
    return Page(sorted([*lines, *tables], key=lambda item: item.top), lone,
                (round(page.width), round(page.height)))


def _boxed_row(body: list[Line | Table], boxes: list[tuple], above: list[Line | Table]) -> None:
    """Lines opening a page inside a lone ruled box as wide as the table that closed the page
    before are that table's next row (a merged cell): make them a one-cell Table, in place."""
    if not (above and isinstance(above[-1], Table) and body and isinstance(body[0], Line)):
        return
    table, first = above[-1], body[0]
    for x0, top, x1, bottom in boxes:
        if abs(x0 - table.x0) <= 2 and abs(x1 - table.x1) <= 2 and top <= first.top <= bottom:
            inside = [i for i in body if isinstance(i, Line) and top <= i.top <= bottom]
            body[:len(inside)] = [Table(top, x0, x1, ((CELL_BREAK.join(i.text for i in inside),),))]
            return


def _continues(before: list[Line | Table], after: list[Line | Table]) -> bool:
    """Does the table opening a page continue the one closing the page before? It does when
    nothing stands between them and their edges line up."""
    if not before or not after:
        return False
    last, first = before[-1], after[0]
    return (isinstance(last, Table) and isinstance(first, Table)
            and abs(last.x0 - first.x0) <= 2 and abs(last.x1 - first.x1) <= 2)


# The most rows a table's header repeated on each new page holds (a header of two levels:
# "Оценка" over "балл | обоснование").
HEADER_ROWS = 3


@dataclass
class _Writer:
    """The raw text being written: lines, blank lines between blocks and around tables, the
    running heads written but listed for removal, and so are the line ends inside a word."""

    frame: Frame
    words: Words
    text: list[str] = field(default_factory=list)
    size: int = 0
    removed: list[Removed] = field(default_factory=list)
    prev: Line | Table | None = None
    width: int = 0  # columns of the table being written, kept across a page break
    line_end: int = 0  # where the last line written ends, its line break included
    header: tuple = ()  # the first rows of the table being written (its header's candidates)

    def put(self, s: str) -> None:
        """Append text."""
        self.text.append(s)
        self.size += len(s)

    def blank(self) -> None:
        """A blank line, unless one was just written."""
        if self.text and self.text[-1] != "\n":
            self.put("\n")

    def head(self, line: Line, reason: str = "") -> None:
        """A running head or page number (or a footnote's marker): its own line, dropped by
        normalization."""
        start = self.size
        self.put(line.text + "\n")
        reason = reason or ("page number" if _DIGITS_ONLY.fullmatch(line.text)
                            else "running head")
        self.removed.append(Removed(start=start, end=self.size, reason=reason,
                                    page=line.page + 1))

    def line(self, line: Line) -> None:
        """A text line: after a blank line when it opens a block."""
        prev = self.prev
        if not isinstance(prev, Line) or starts_block(prev, line, self.frame):
            self.blank()
        elif inside := line_end(prev, line, self.frame, self.words):
            size, reason = inside
            self.removed.append(Removed(start=self.line_end - size, end=self.line_end,
                                        reason=reason, page=prev.page + 1))
        self.put(line.text + "\n")
        self.prev = line
        self.line_end = self.size

    def table(self, table: Table, joined: bool) -> None:
        """A table's rows; `joined`: it continues the table before (a page break), and its
        first rows repeating that table's first rows (a header of one row or of several) are
        its header set again on the new page: written, and listed for removal."""
        rows = [r for r in table.rows if any(r)]
        if not joined:
            self.blank()
            self.width = 0
            self.header = tuple(rows[:HEADER_ROWS])
        self.width = max([self.width, *map(len, rows)])
        repeated = 0
        while joined and repeated < min(len(self.header), len(rows) - 1) \
                and rows[repeated] == self.header[repeated]:
            repeated += 1
        empty = _empty_runs(table.rows)
        for k, (kind, value) in enumerate(table_blocks([list(r) for r in rows], self.width)):
            if kind == "row":
                self.empty_rows(empty[k])
            elif kind == "end":
                self.empty_rows(empty[-1])
                continue
            start = self.size
            self.put(("\t".join(value) if kind == "row" else value) + "\n")
            if k < repeated:
                self.removed.append(Removed(start=start, end=self.size,
                                            reason="repeated table header"))
        self.prev = table

    def empty_rows(self, count: int) -> None:
        """Rows of a ruled grid with no text in any cell (a form's rows left to fill in):
        written where they stand, as empty cells, and listed for removal."""
        for _ in range(count):
            start = self.size
            self.put("\t" * (self.width - 1) + "\n")
            self.removed.append(Removed(start=start, end=self.size, reason="empty table row"))


def _empty_runs(rows) -> list[int]:
    """How many rows with no text stand before each row with text, and after the last."""
    runs = [0]
    for row in rows:
        if any(row):
            runs.append(0)
        else:
            runs[-1] += 1
    return runs


def write(pages: list[Page]) -> tuple[str, list[int], list[Removed]]:
    """Pages -> raw text, the offset of each page's start, running heads to drop."""
    heads = running_heads([[i for i in p.items if isinstance(i, Line)] for p in pages],
                          [p.size[1] for p in pages])
    body = [[i for i in p.items if i not in heads] for p in pages]
    for k in range(1, len(pages)):
        _boxed_row(body[k], pages[k].boxes, body[k - 1])
    lines = [i for items in body for i in items if isinstance(i, Line)]
    frames = _frames(pages, body)
    writer = _Writer(frames[pages[0].size] if pages else frame(lines), Words.of(lines))
    starts = []
    for k, page in enumerate(pages):
        starts.append(writer.size)
        writer.frame = frames[page.size]
        placed, marks = footnotes(body[k], writer.frame)
        items = [i for i in page.items if i in heads] + placed
        items.sort(key=lambda i: i.top)
        if marks:  # footnotes moved: the page's order is theirs, its heads around it
            top = min(i.top for i in placed)
            items = [i for i in page.items if i in heads and i.top < top] + placed \
                + [i for i in page.items if i in heads and i.top >= top]
        for item in items:
            if item in heads or item in marks:
                writer.head(item, "footnote marker" if item in marks else "")
            elif isinstance(item, Table):
                first = item is (body[k] or [None])[0]
                writer.table(item, first and k > 0 and _continues(body[k - 1], body[k]))
            else:
                writer.line(item)
    return "".join(writer.text), starts, writer.removed


_MARK = re.compile(r"\d{1,2}|\*{1,3}")  # a footnote's marker: "1", "*"
_NOTE_LABEL = re.compile(r"(\d{1,2}|\*{1,3})\s")  # a footnote opening with its marker


def _host(mark: Line, lines: list[Line]) -> Line | None:
    """The line a superscript marker is set on (raised above it, so read as a line of its
    own): the line its box overlaps most, the marker standing at its end or inside it."""
    best, most = None, 0.0
    for line in lines:
        overlap = min(mark.bottom, line.bottom) - max(mark.top, line.top)
        if line is not mark and overlap > most \
                and line.x0 <= mark.x0 <= line.x1 + 2 * line.char_width:
            best, most = line, overlap
    return best


def footnotes(items: list[Line | Table], f: Frame) -> tuple[list[Line | Table], set[Line]]:
    """A page's items with each footnote (the lines in smaller type closing the page, each
    note opening with its marker) moved under the block that holds its marker (a digit or an
    asterisk in smaller type raised over a body line), and those markers. A note whose
    marker is not found stays where it is."""
    lines = [i for i in items if isinstance(i, Line)]
    start = len(items)
    while start and isinstance(items[start - 1], Line) and f.smaller(items[start - 1]):
        start -= 1
    marks = {}
    for line in items[:start]:
        if isinstance(line, Line) and _MARK.fullmatch(line.text) and f.smaller(line) \
                and (host := _host(line, lines)) is not None and not f.smaller(host):
            marks.setdefault(line.text, (line, host))
    notes: list[list[Line]] = []
    for line in items[start:]:
        label = _NOTE_LABEL.match(line.text)
        if label and label.group(1) in marks:
            notes.append([line])
        elif notes:
            notes[-1].append(line)
    if not notes:
        return items, set()
    moved = {id(line) for note in notes for line in note}
    out = [i for i in items if id(i) not in moved]
    found: set[Line] = set()
    for note in notes:
        mark, host = marks[_NOTE_LABEL.match(note[0].text).group(1)]
        found.add(mark)
        k = out.index(host) + 1
        prev = host
        while k < len(out) and (out[k] is mark or isinstance(out[k], Line)
                                and not starts_block(prev, out[k], f)):
            prev = out[k] if out[k] is not mark else prev
            k += 1
        out[k:k] = note
    return out, found


def _frames(pages: list[Page], body: list[list[Line | Table]]) -> dict[tuple[int, int], Frame]:
    """The text block of each page size: pages set in another orientation (a landscape
    appendix among portrait pages) have margins of their own."""
    lines: dict[tuple[int, int], list[Line]] = {}
    for page, items in zip(pages, body):
        lines.setdefault(page.size, []).extend(i for i in items if isinstance(i, Line))
    return {size: frame(group) for size, group in lines.items()}


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
            pages = [page_items(page, k) for k, page in enumerate(pdf.pages)]
    except Exception as exc:
        raise _pdf_error(name, exc) from None
    if not any(p.items for p in pages):
        raise InputError(name, "PDF has no text layer (scanned?)")
    text, starts, removed = write(pages)
    if not text.strip():
        raise InputError(name, "PDF has no text layer (scanned?)")
    return RawText(path=name, format="pdf", text=text, pages=tuple(starts),
                   removed=tuple(removed))
