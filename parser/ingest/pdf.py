"""PDF: text lines in reading order (a page set in two columns read a column at a time),
blocks told apart by the page geometry (`layout`), ruled tables as rows, running heads and
page numbers listed for removal."""

from __future__ import annotations

import io
import re
import statistics
from collections import Counter
from dataclasses import dataclass, field, replace

from .. import columns, limits
from ..errors import InputError
from ..model import RawText, Removed
from .html import CELL_BREAK, table_blocks
from .joins import Words, line_end, reads_on, typeset
from .layout import (CELL_GAP_CHARS, COLUMN_CHARS, Frame, Line, cells, frame, running_heads,
                     starts_block)

_DIGITS_ONLY = re.compile(r"\W*\d+(?:\W+\d+)?\W*")

@dataclass(frozen=True)
class Table:
    """One ruled table of a page: its top, its left edge and its rows of cells."""

    top: float
    x0: float
    x1: float
    rows: tuple[tuple[str, ...], ...]
    # (row, cell, offset) of each hyphen a cell's line ended in before the next line went on
    # with the word: the writer decides whether it is the typesetter's
    hyphens: tuple[tuple[int, int, int], ...] = ()


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
                max(gaps, default=0.0) > COLUMN_CHARS * width, words=_words(text, chars))


def _words(text: str, chars: list[dict]) -> tuple[tuple[float, float, str], ...]:
    """The line's words, each with the x of its first and last character (the text's words
    laid over its visible characters in order; none when they do not tally)."""
    words = text.split(" ")
    if sum(map(len, words)) != len(chars):
        return ()
    out, k = [], 0
    for w in words:
        out.append((chars[k]["x0"], chars[k + len(w) - 1]["x1"], w))
        k += len(w)
    return tuple(out)


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


def _cell_text(chars: list[dict], box: tuple) -> tuple[str, tuple[int, ...]]:
    """A ruled cell's text from its characters, and the offsets of the hyphens its lines
    ended in inside a word: a paragraph's lines joined by a space (none after a word's
    hyphen, "3-қосым-" / "шасы"), the paragraphs by U+2028. A line ends its paragraph when
    the next line's first word would have fitted after it within the cell's margins (the
    typesetter did not wrap it there); a line the cell's width filled wraps into the next.
    Lines whose words do not line up with the text keep every break."""
    from pdfplumber import utils  # lazy: with pdfplumber

    if not chars:
        return "", ()
    text = _cell(utils.extract_text(chars)) or ""
    lines = text.split(CELL_BREAK)
    if len(lines) < 2:
        return text, ()
    words = utils.extract_words(chars)
    placed = [sorted(group, key=lambda w: w["x0"])
              for group in utils.cluster_objects(words, lambda w: w["top"], 3)]
    if len(placed) != len(lines) or any(" ".join(w["text"] for w in group) != line
                                        for group, line in zip(placed, lines)):
        return text, ()
    gaps = [b["x0"] - a["x1"] for group in placed for a, b in zip(group, group[1:])]
    space = statistics.median(gaps) if gaps else statistics.median(
        c["x1"] - c["x0"] for c in chars) / 2
    # the right margin mirrors the left one the lines keep from the cell's edge
    right = max(box[2] - (min(group[0]["x0"] for group in placed) - box[0]),
                max(group[-1]["x1"] for group in placed))
    out, hyphens = lines[0], []
    for before, after, line in zip(placed, placed[1:], lines[1:]):
        first = after[0]["x1"] - after[0]["x0"]
        if before[-1]["x1"] + space + first <= right - space / 2:
            out += CELL_BREAK
        elif reads_on(out, line):
            hyphens.append(len(out) - 1)
        else:
            out += " "
        out += line
    return out, tuple(hyphens)


def _rows(table) -> tuple[tuple[tuple[str, ...], ...], tuple[tuple[int, int, int], ...]]:
    """A pdfplumber table's rows of cell texts, and where its cells' lines ended in a word's
    hyphen (`Table.hyphens`). pdfplumber gives None where a merged cell
    covers a grid cell: covered from the left (a cell spanning columns) it is no cell of its
    own, as in a DOCX or HTML row; covered from above (a cell spanning rows) it is an empty
    cell, so the cells after it keep their columns ("балл" and "обоснование" under "Оценка"
    in a two-row header)."""
    starts: dict[int, float] = {}
    for row in table.rows:
        for k, box in enumerate(row.cells):
            if box is not None:
                starts[k] = min(starts.get(k, box[0]), box[0])
    rows, hyphens = [], []
    chars = table.page.chars
    for row in table.rows:
        row_chars = [c for c in chars if _inside(c, [row.bbox])]
        cells: list[str] = []
        left = None  # the box of the last cell written on this row
        for k, box in enumerate(row.cells):
            if box is not None:
                text, at = _cell_text([c for c in row_chars if _inside(c, [box])], box)
                hyphens += [(len(rows), len(cells), h) for h in at]
                cells.append(text)
                left = box
            elif left is None or (k in starts and left[2] <= starts[k] + 1):
                cells.append("")
        rows.append(tuple(cells))
    return tuple(rows), tuple(hyphens)



@dataclass(frozen=True)
class Page:
    """One page's text lines and tables, top to bottom, and its ruled boxes that are no
    table's cells (pdfplumber makes no table of a lone cell)."""

    items: list[Line | Table]
    boxes: list[tuple[float, float, float, float]]
    size: tuple[int, int] = (0, 0)  # width and height, rounded (a landscape page's differ)
    gutter: tuple[float, float] | None = None  # a page in two columns: the band between them


# A box of one column whose cell holds this many lines or more, or a table, is drawn around
# the text, not a table of it
FRAME_LINES = 12


def _one_column(table, inner: list) -> bool:
    """Is the ruled grid a box of one column drawn around text, not a table? A web page's card
    printed with its border (the whole act in one box, its blocks the box's rows, a form's
    table inside): its text is the page's lines, read as the page's are. A one-column table
    of short cells stays a table."""
    if not all(sum(box is not None for box in row.cells) <= 1 for row in table.rows):
        return False
    x0, top, x1, bottom = table.bbox
    if any(t is not table and x0 <= t.bbox[0] and t.bbox[2] <= x1 and top <= t.bbox[1]
           and t.bbox[3] <= bottom for t in inner):
        return True
    return any(len(table.page.crop(box).extract_text_lines()) >= FRAME_LINES
               for row in table.rows for box in row.cells if box is not None)


# A vertical rule that passes through this many words is no cell's border: a newspaper's
# column rule drawn across a table set over both columns ("Растай|тын құжат")
CUT_WORDS = 2


def _key(obj: dict) -> tuple:
    return obj["object_type"], obj["x0"], obj["top"], obj["x1"], obj["bottom"]


def _through_words(page) -> set[tuple]:
    """The thin vertical rules (lines, or rectangles as narrow) of the page that pass through
    words (`CUT_WORDS` or more), by `_key`."""
    words = None
    cut = set()
    for obj in (*page.lines, *page.rects):
        if obj["x1"] - obj["x0"] > 2 or obj["bottom"] - obj["top"] < 2:
            continue
        words = page.extract_words() if words is None else words
        x = (obj["x0"] + obj["x1"]) / 2
        through = sum(w["x0"] < x - 1 and x + 1 < w["x1"] and w["top"] < obj["bottom"]
                      and obj["top"] < w["bottom"] for w in words)
        if through >= CUT_WORDS:
            cut.add(_key(obj))
    return cut


# A table's first or last row, one cell across the table, holding this many lines or more is
# the text of a box drawn around the table and what stands above or below it (a newspaper's
# box around an appendix: its stamp, its title and its fields, then the sheet's table)
FRAME_ROW_LINES = 5


def _across(table, row) -> bool:
    """Is the row one cell as wide as the table?"""
    cells = [box for box in row.cells if box is not None]
    return (len(cells) == 1 and abs(cells[0][0] - table.bbox[0]) <= 1
            and abs(cells[0][2] - table.bbox[2]) <= 1)


def _edges(row) -> list[float]:
    return sorted({x for box in row.cells if box is not None for x in (box[0], box[2])})


def _same_grid(a, b) -> bool:
    ea, eb = _edges(a), _edges(b)
    return len(ea) == len(eb) and all(abs(x - y) <= 2 for x, y in zip(ea, eb))


def _unframed(table) -> tuple[list, list[tuple]]:
    """The tables of a ruled grid, and the boxes of its rows that are text: the leading and
    trailing rows of a box drawn around a table and the text above and below it, one cell
    across holding `FRAME_ROW_LINES` lines or more; and, in such a box, a row of one cell
    across between two grids of other columns, a heading between two tables ("2. Тәртіп
    бұзушылықтар" between the sheet's tables), which parts them (a table's own merged row
    parts nothing)."""
    from pdfplumber.table import Table as Grid

    rows = list(table.rows)

    def text_row(row) -> bool:
        return (_across(table, row) and len(table.page.crop(
            row.bbox).extract_text_lines()) >= FRAME_ROW_LINES)

    first, last = 0, len(rows)
    while first < last and text_row(rows[first]):
        first += 1
    while last > first and text_row(rows[last - 1]):
        last -= 1
    peeled = [row.bbox for row in rows[:first] + rows[last:]]
    if not peeled:
        return [table], []
    parts: list[list] = [[]]
    for k in range(first, last):
        row = rows[k]
        if (_across(table, row) and parts[-1] and k + 1 < last
                and not _across(table, rows[k + 1]) and not _across(table, parts[-1][-1])
                and not _same_grid(parts[-1][-1], rows[k + 1])):
            peeled.append(row.bbox)
            parts.append([])
        else:
            parts[-1].append(row)
    return [Grid(table.page, [box for row in part for box in row.cells if box is not None])
            for part in parts if part], peeled


# A ruling whose ends differ by less than this (points) across it is straight: a turned
# page's (/Rotate 90) lines come out of the turn a rounding error askew ("top" 255.69689099999994,
# "bottom" 255.696891), and pdfplumber, comparing them exactly, takes a horizontal for upright
STRAIGHT = 0.01


def _table_settings(page) -> dict:
    """The table finder's settings: its own, unless a ruling is a rounding error askew, when
    the page's rulings are given it straightened (each read across or upright as its ends
    are, within `STRAIGHT`)."""
    edges = {"h": [], "v": []}
    askew = False
    for edge in page.edges:
        flat, upright = abs(edge["bottom"] - edge["top"]) < STRAIGHT, \
            abs(edge["x1"] - edge["x0"]) < STRAIGHT
        kind = "h" if flat and not upright else "v" if upright and not flat else None
        if kind is None:
            continue
        askew |= kind != edge["orientation"]
        straight = {**edge, "orientation": kind,
                    "object_type": edge["object_type"].removesuffix("_edge") + "_edge"}
        if kind == "h":
            straight.update(bottom=edge["top"], height=0)
        else:
            straight.update(x1=edge["x0"], width=0)
        edges[kind].append(straight)
    if not askew or len(edges["h"]) < 2 or len(edges["v"]) < 2:
        return {}
    return {"vertical_strategy": "explicit", "horizontal_strategy": "explicit",
            "explicit_vertical_lines": edges["v"], "explicit_horizontal_lines": edges["h"]}


def page_items(page, number: int = 0, gutters: dict | None = None) -> Page:
    """One page -> its text lines, tables and lone ruled boxes. `gutters`: the gutter most
    pages of each size show, for a page that does not show its own."""
    if cut := _through_words(page):
        page = page.filter(lambda obj: _key(obj) not in cut if obj.get("object_type") in (
            "line", "rect") else True)
    finder = page.debug_tablefinder(_table_settings(page))
    framed = [t.bbox for t in finder.tables if _one_column(t, finder.tables)]
    found = []
    for t in finder.tables:
        if t.bbox in framed:
            continue
        kept, peeled = _unframed(t)
        framed += peeled
        found += kept
    boxes = [t.bbox for t in found]
    lone = [c for c in finder.cells
            if not _inside({"x0": c[0], "x1": c[2], "top": c[1], "bottom": c[3]}, boxes + framed)]
    tables = [Table(t.bbox[1], t.bbox[0], t.bbox[2], *_rows(t)) for t in found]
    text_page = page.filter(lambda obj: obj.get("object_type") != "char"
                            or not _inside(obj, boxes)) if boxes else page
    size = (round(page.width), round(page.height))
    words = text_page.extract_words()
    gutter = _gutter(words, page.width)
    known = (gutters or {}).get(size)
    if known is not None and gutter != known and _fits(words, known, tables):
        gutter = known
    if gutter is not None:
        return Page(_in_columns(text_page, gutter, tables, number, framed), lone, size, gutter)
    lines = [ln for ln in (_line(item, number) for item in _text_lines(text_page))
             if ln is not None]
    return Page(sorted([*gridless(lines), *tables], key=lambda item: item.top), lone, size)


# A scanned page turned a little: its OCR layer's words stand as on the paper, a line's climbing
# (or falling) as it goes right. The page is levelled when the lines of TURN_CHARS characters
# or more climb alike, by more than TURN_SLOPE (points a point), before its lines are found: a
# turned line's box would stretch over its climb, and a row of a table's cells far apart would
# fall apart into lines of their own.
TURN_CHARS = 15
TURN_SLOPE = 0.0015  # about 0.09 degrees


def _slope(chars: list[dict]) -> float:
    """How far the characters' tops climb a point along (least squares)."""
    n = len(chars)
    mx = sum(c["x0"] for c in chars) / n
    my = sum(c["top"] for c in chars) / n
    var = sum((c["x0"] - mx) ** 2 for c in chars)
    return sum((c["x0"] - mx) * (c["top"] - my) for c in chars) / var if var else 0.0


def _text_lines(page) -> list[dict]:
    """The page's text lines (pdfplumber's), found on the levelled page when it is turned
    (`TURN_SLOPE`): each character moved up or down by the climb at its x, and across by as
    much at its height (a turned page's margin leans as its lines climb: the lines of a
    paragraph start at one x again, and its indents are the page's)."""
    found = [piece for item in page.extract_text_lines() for piece in _calls_apart(item)]
    slopes = [_slope(cs) for item in found
              if len(cs := [c for c in item["chars"] if c["text"].strip()]) >= TURN_CHARS]
    if not slopes or abs(slope := statistics.median(slopes)) <= TURN_SLOPE:
        return found
    from pdfplumber.utils import chars_to_textmap  # loaded with pdfplumber, on a PDF's opening

    left, middle = page.bbox[0], (page.bbox[1] + page.bbox[3]) / 2  # turned about its middle
    chars = [{**c, "top": c["top"] - (d := slope * (c["x0"] - left)), "bottom": c["bottom"] - d,
              "doctop": c["doctop"] - d, "y0": c["y0"] + d, "y1": c["y1"] + d,
              "x0": c["x0"] + (e := slope * (c["top"] - middle)), "x1": c["x1"] + e}
             for c in page.chars]
    return chars_to_textmap(chars, layout_bbox=page.bbox, layout_width=page.width,
                            layout_height=page.height).extract_text_lines()


# A footnote's call set in smaller type, raised over the line it stands in ("ЕТЕДІ:¹"): this
# much smaller than the line's type at most, its foot this share of the type's size above the
# line's
CALL_SIZE = 0.8
CALL_RAISE = 0.15


def _calls_apart(item: dict) -> list[dict]:
    """A text line whose words carry a footnote's call ("1", "2", "*" raised in small type
    right after a word, before a space or a mark, read into the line) -> the line without them, and each call a line of
    its own, as a call raised higher is read (`footnotes` finds it over its line)."""
    chars = item.get("chars") or []
    shown = [c for c in chars if c["text"].strip()]
    if len(shown) < 2:
        return [item]
    size = statistics.median(c.get("size", 0.0) for c in shown)
    foot = statistics.median(c["bottom"] for c in shown)
    raised = [c for c in shown if c["text"] in "0123456789*" and c.get("size", size) <= CALL_SIZE * size
              and c["bottom"] < foot - CALL_RAISE * size]
    if not raised or len(raised) > 3:
        return [item]
    text = item["text"]
    calls = "".join(c["text"] for c in raised)
    # after a word or its mark, before a space, the line's end or a mark ("дней3;")
    places = [m.start() for m in re.finditer(
        rf"(?<=[^\s\d]){re.escape(calls)}(?=[\s.,;:)»]|$)", text)]
    if len(places) != 1:
        return [item]  # no place, or more than one, to take it from
    at = places[0]
    taken = {id(c) for c in raised}
    rest = [c for c in chars if id(c) not in taken]
    call = {"text": calls, "chars": raised, "x0": raised[0]["x0"], "x1": raised[-1]["x1"],
            "top": min(c["top"] for c in raised), "bottom": max(c["bottom"] for c in raised)}
    return [{**item, "text": text[:at] + text[at + len(calls):], "chars": rest}, call]


# A table whose grid is not drawn in the PDF (a scan's text layer: the rules are in the picture,
# the words over it): a line parted into columns by a wide gap opens a run of lines that keep to
# its columns (`_keeps_to`), GRID_GAP_EM at most between two; a run of GRID_ROWS parted lines or
# more is set in columns of spaces as a page's text export sets it, and where such a text would
# show a table (`columns.rows_of`, as aligned.py reads one) its lines are written so, and read as such a text's tables are
GRID_ROWS = 2
GRID_GAP_EM = 1.0  # ems between two lines of a grid at most: a blank line's room parts the grid


def gridless(lines: list[Line]) -> list[Line]:
    """A page's lines (top to bottom), the runs of an undrawn grid's lines that make a table
    written in columns of spaces: each word where its x puts it, in characters from the run's
    left edge, a cell's words one space apart."""
    lines = sorted(lines, key=lambda ln: ln.top)
    out = list(lines)
    k = 0
    while k < len(lines):
        if not (lines[k].columns and lines[k].words):
            k += 1
            continue
        parted, end = [lines[k]], k + 1
        while end < len(lines) and _keeps_to(lines[end], lines[end - 1], parted):
            if lines[end].columns:
                parted.append(lines[end])
            end += 1
        table = None
        if len(parted) >= GRID_ROWS:
            unit = statistics.median(ln.char_width for ln in parted)
            left = min(ln.x0 for ln in lines[k:end])
            spaced = [_in_columns_of_spaces(ln, left, unit) for ln in lines[k:end]]
            table = columns.rows_of(spaced)  # None: no table, the lines stay as they are
        if table is None:
            k += 1
            continue
        last = max(j for row in table[1] for cell in row for j, _, _ in cell)
        for j, text in enumerate(spaced[:last + 1], k):
            out[j] = replace(lines[j], text=text, grid=True)
        k += last + 1
    return out


def _keeps_to(line: Line, above: Line, grid: list[Line]) -> bool:
    """Does the line go on in the grid of the parted lines so far: close under the line above,
    none of its cells running across a column's start (a paragraph under a table does), and,
    unless parted itself, each cell opening where a column does (a cell's wrapped line, a row
    of one cell)?"""
    if not line.words or line.top - above.bottom > GRID_GAP_EM * line.size:
        return False
    unit = statistics.median(ln.char_width for ln in grid)
    above_cells = [cells(ln, unit) for ln in grid]
    own = cells(line, unit)
    inner = [x for c in above_cells for x, _ in c[1:]]
    if any(a + unit < x < b - unit for a, b in own for x in inner):
        return False
    starts = [x for c in above_cells for x, _ in c]
    return line.columns or all(any(abs(a - x) <= unit for x in starts) for a, _ in own)


def _in_columns_of_spaces(line: Line, left: float, unit: float) -> str:
    """A line's words set where their x puts them, in characters of width `unit` from `left`:
    a word after a gap of CELL_GAP_CHARS or more at its place (two spaces at least), any other
    one space after the word before it."""
    text, end = "", None
    for x0, x1, word in line.words:
        at = max(0, round((x0 - left) / unit))
        if end is not None:
            at = max(at, len(text) + 2) if x0 - end >= CELL_GAP_CHARS * unit else len(text) + 1
        text += " " * (at - len(text)) + word
        end = x1
    return text


# A page is set in two columns when an upright band near its middle parts most of its lines:
# at least _COLUMN_ROWS rows and this share of them stand wholly on one side of it, as many on
# the other, and few words cross it (a title set across the page, a newspaper's masthead).
_COLUMN_ROWS = 8
_COLUMN_SHARE = 0.3
_ACROSS_SHARE = 0.25
_SAME_ROW = 2.0  # points: words whose tops differ by less stand on one row


def _rows_of(words: list[dict]) -> list[list[dict]]:
    """Words grouped into rows by their tops."""
    rows: list[list[dict]] = []
    for word in sorted(words, key=lambda w: w["top"]):
        if rows and word["top"] - rows[-1][0]["top"] < _SAME_ROW:
            rows[-1].append(word)
        else:
            rows.append([word])
    return rows


def _gutter(words: list[dict], width: float) -> tuple[float, float] | None:
    """The gutter of a page set in two columns, (its left edge, its right edge): the band
    between the first column's right margin and the second's left one; None for a page in one
    column. Each column keeps its margins: the band's left edge is the rightmost end three of
    the first column's lines share, its right edge the leftmost start three of the second's
    share; and each holds running text (`_AT_MARGIN`)."""
    rows = _rows_of(words)
    if len(rows) < _COLUMN_ROWS:
        return None
    best, at = 0, None
    for x in range(round(width * 0.3), round(width * 0.7) + 1, 2):
        across = left = right = 0
        for row in rows:
            if any(w["x0"] < x < w["x1"] for w in row):
                across += 1
                continue
            left += any(w["x1"] <= x for w in row)
            right += any(w["x0"] >= x for w in row)
        if across > _ACROSS_SHARE * len(rows):
            continue
        score = min(left, right)
        if score > best:
            best, at = score, x
    if at is None or best < max(_COLUMN_ROWS, _COLUMN_SHARE * len(rows)):
        return None
    parted = [row for row in rows if not any(w["x0"] < at < w["x1"] for w in row)]
    ends = [max(w["x1"] for w in row if w["x1"] <= at) for row in parted
            if any(w["x1"] <= at for w in row)]
    starts = [min(w["x0"] for w in row if w["x0"] >= at) for row in parted
              if any(w["x0"] >= at for w in row)]
    edge = max((x for x in ends if sum(abs(x - y) <= 1 for y in ends) >= 3), default=None)
    start = min((x for x in starts if sum(abs(x - y) <= 1 for y in starts) >= 3), default=None)
    if edge is None or start is None or start - edge < _GUTTER_EM * statistics.median(
            w["bottom"] - w["top"] for w in words):
        return None
    margins = (min(w["x0"] for w in words), edge), (start, max(w["x1"] for w in words))
    for side, (x0, x1) in enumerate(margins):
        pieces = [(min(w["x0"] for w in p), max(w["x1"] for w in p)) for p in (
            [w for w in row if (w["x0"] >= at if side else w["x1"] <= at)] for row in parted)
            if p]
        set_off = sum(abs(a - x0) <= 1 for a, _ in pieces)  # at the column's left margin
        filled = sum(x1 - b <= _FILLED * (x1 - x0) for _, b in pieces)  # near its right one
        if set_off < _AT_MARGIN * len(pieces) or filled < _AT_MARGIN * len(pieces):
            return None
    return edge, start


# A column of running text: this share of its lines start at its left margin, and as many
# end within _FILLED of its width from its right one (a column of centred stamps, of a
# form's short lines, of names beside posts is none)
_AT_MARGIN = 0.4
_FILLED = 0.15


_GUTTER_EM = 0.8  # the narrowest gutter, in ems: a word space or a tab stop is no gutter


def _fits(words: list[dict], gutter: tuple[float, float], tables: list[Table] = ()) -> bool:
    """Does another page's gutter part this page's lines (few across it, its running head
    and folio aside, and some on either side)? A page of a text set in columns whose own lines
    are too few to show them. A page of tables only (its folios aside: a booklet's sheet of
    two forms) fits when a table stands on either side and none across."""
    edge, start = gutter
    rows = _rows_of(words)[1:-1]  # the page's first and last lines may be a running head
    if not rows and tables:
        middle = (edge + start) / 2  # a table's rules may stand a little into the gutter
        return not any(t.x0 < middle < t.x1 for t in tables) \
            and any(t.x1 <= middle for t in tables) and any(t.x0 >= middle for t in tables)
    across = sum(any(w["x0"] < start - 1 and w["x1"] > edge + 1 for w in row) for row in rows)
    return bool(rows) and across <= _ACROSS_SHARE * len(rows) \
        and any(w["x1"] <= edge + 1 for w in words) and any(w["x0"] >= start - 1 for w in words)


def _in_columns(page, gutter: tuple[float, float], tables: list[Table], number: int,
                boxes: list[tuple] = ()) -> list[Line | Table]:
    """A page set in two columns -> its lines and tables in reading order. The page is cut
    into bands across it: a line or a table that crosses the gutter is a band of its own, and
    between two such the first column is read down, then the second. The lines inside a
    ruled box drawn across the gutter (`boxes`: a newspaper's box around an appendix) are
    read across the page."""
    edge, start = gutter
    middle = (edge + start) / 2
    across = [(t.top, t.top + 1e-3) for t in tables if t.x0 < middle < t.x1]
    spans = [box for box in boxes if box[0] < middle < box[2]]
    items = page.extract_text_lines()
    wide = [ln for ln in (_line(item, number) for item in items
                          if any(edge + 1 < (c["x0"] + c["x1"]) / 2 < start - 1
                                 for c in item["chars"] if c["text"].strip())
                          or _inside(item, spans))
            if ln is not None]
    across += [(line.top, line.bottom) for line in wide]
    out: list[tuple[tuple, Line | Table]] = [((ln.top, 0, 0.0), replace(ln, column=-1))
                                             for ln in wide]
    for table in tables:
        if table.x0 < middle < table.x1:
            out.append(((table.top, 0, 0.0), table))
        else:
            out.append(((_band(table.top, across), 1 if table.x1 <= middle else 2, table.top),
                        table))
    for side in (1, 2):
        half = page.filter(lambda obj, side=side: obj.get("object_type") != "char"
                           or ((obj["x0"] + obj["x1"]) / 2 < middle) == (side == 1))
        for item in half.extract_text_lines():
            line = _line(item, number)
            if line is None:
                continue
            if any(abs(ln.top - line.top) < _SAME_ROW for ln in wide):
                continue  # a piece of a line across the page, read whole
            band = _band(line.top, across)
            out.append(((band, side, line.top), replace(line, column=side)))
    out.sort(key=lambda pair: pair[0])
    return [item for _, item in out]


def _band(top: float, across: list[tuple[float, float]]) -> float:
    """The top of the band between two items across the page that holds a point: the bottom
    of the last such item above it (0 above the first)."""
    return max((bottom for t, bottom in across if bottom <= top), default=0.0)


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


def _continues(before: list[Line | Table], after: list[Line | Table], moved: bool = False) -> bool:
    """Does the table opening a page (or a column) continue the one closing the page (or the
    column) before? It does when nothing stands between them and their edges line up; from
    one column to the other (`moved`) their widths do."""
    if not before or not after:
        return False
    last, first = before[-1], after[0]
    return (isinstance(last, Table) and isinstance(first, Table)
            and abs((last.x1 - last.x0) - (first.x1 - first.x0)) <= 2
            and (moved or abs(last.x0 - first.x0) <= 2))


def _right(page: Page, item: Line | Table) -> bool:
    """Does the item stand in the second column of a page set in two? (A table across the
    gutter is read with the first, before the second.)"""
    if page.gutter is None:
        return False
    return item.column == 2 if isinstance(item, Line) else item.x0 > sum(page.gutter) / 2


def _flows(pages: list[Page], body: list[list[Line | Table]]) -> dict[int, tuple[list, bool]]:
    """The text read on from one page or column to the next: for the item opening each page,
    the items of the page read before it; for the item opening the second column of a page
    set in two (a booklet's right half), the items read before it on its page; each with
    whether the two stand in different columns (a table runs on from a booklet's left half to
    its right one, or from a sheet's right half to the next sheet's left one)."""
    flows: dict[int, tuple[list, bool]] = {}
    for k, (page, items) in enumerate(zip(pages, body)):
        if not items:
            continue
        if k > 0 and body[k - 1]:
            before = body[k - 1]
            flows[id(items[0])] = (before, _right(pages[k - 1], before[-1]) != _right(page, items[0]))
        opening = next((n for n, i in enumerate(items) if _right(page, i)), None)
        if opening:
            read = [i for i in items[:opening] if not _right(page, i)]
            if read:
                flows[id(items[opening])] = (read, True)
    return flows


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
        if isinstance(prev, Line) and prev.grid and line.grid:
            pass  # an undrawn grid's lines stand together, as in a page's text export
        elif not isinstance(prev, Line) or prev.grid != line.grid \
                or starts_block(prev, line, self.frame):
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
        written = [k for k, r in enumerate(table.rows) if any(r)]
        for k, (kind, value) in enumerate(table_blocks([list(r) for r in rows], self.width)):
            if kind == "row":
                self.empty_rows(empty[k])
            elif kind == "end":
                self.empty_rows(empty[-1])
                continue
            start = self.size
            if kind == "row":
                self.cell_hyphens(start, value, [(cell, at) for row, cell, at in table.hyphens
                                                 if row == written[k]])
            self.put(("\t".join(value) if kind == "row" else value) + "\n")
            if k < repeated:
                self.removed.append(Removed(start=start, end=self.size,
                                            reason="repeated table header"))
        self.prev = table

    def cell_hyphens(self, start: int, cells: list[str], hyphens: list[tuple[int, int]]
                     ) -> None:
        """List for removal the hyphens of a row written at `start` that the typesetter put
        into a word its cell's next line goes on with (`Table.hyphens`: cell, offset), told
        as in a paragraph from the words the document shows whole."""
        at = [start]
        for cell in cells:
            at.append(at[-1] + len(cell) + 1)
        for k, h in hyphens:
            cell = cells[k]
            last = cell[cell.rfind(CELL_BREAK, 0, h) + 1:h + 1]
            if typeset(last, cell[h + 1:].split(CELL_BREAK)[0], self.words):
                self.removed.append(Removed(start=at[k] + h, end=at[k] + h + 1,
                                            reason="hyphen of a word broken across lines"))

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


def _gutters(pages: list[Page]) -> dict[tuple[int, int], tuple[float, float]]:
    """The gutter most of each page size's pages set in columns show (to a point)."""
    seen: dict[tuple[int, int], Counter] = {}
    exact: dict[tuple, tuple[float, float]] = {}
    for page in pages:
        if page.gutter is not None:
            key = tuple(round(x) for x in page.gutter)
            seen.setdefault(page.size, Counter())[key] += 1
            exact.setdefault(key, page.gutter)
    return {size: exact[counts.most_common(1)[0][0]] for size, counts in seen.items()}


def _aligned(pages: list[Page]) -> list[Page]:
    """Pages whose second column's lines are measured as if they stood in the first (shifted
    left by the distance between the two columns' margins, the same on every page of a size),
    so that both columns share one text block."""
    sides: dict[tuple, list[Line]] = {}
    for page in pages:
        for item in page.items:
            if isinstance(item, Line) and item.column > 0:
                sides.setdefault((page.size, item.column), []).append(item)
    shifts = {size: frame(lines).left - frame(sides.get((size, 1), [])).left
              for (size, column), lines in sides.items() if column == 2}
    return [page if page.size not in shifts else replace(page, items=[
        replace(i, x0=i.x0 - shifts[page.size], x1=i.x1 - shifts[page.size])
        if isinstance(i, Line) and i.column == 2 else i for i in page.items]) for page in pages]


# A column's first or last line stands apart from its text when the step to the next line
# is this many times the column's usual step
APART = 1.5


def _apart(column: list[Line]) -> list[Line]:
    """A column's edge lines that stand apart from its text, as a running head or a page
    number does (a booklet's half-page); a newspaper column's first line, set at the text's
    step ("3) «выполняет …»"), is the text's."""
    if len(column) < 3:
        return []
    steps = sorted(b.top - a.top for a, b in zip(column, column[1:]))
    step = steps[len(steps) // 2]
    first, last = column[1].top - column[0].top, column[-1].top - column[-2].top
    return [*column[:1]] * (first > APART * step) + [*column[-1:]] * (last > APART * step)


def _edged(pages: list[Page]) -> tuple[list[list[Line]], list[float]]:
    """The lines whose top and bottom are a page's edges, and each one's page height: every
    page, and each column of a page set in two on its own too (a booklet's sheet holds two
    pages side by side, each half with its own page number at its foot), a column's edge
    lines where they stand apart from its text (`_apart`)."""
    runs, heights = [], []
    for page in pages:
        lines = [i for i in page.items if isinstance(i, Line)]
        columns = [_apart([ln for ln in lines if ln.column == side])
                   for side in (1, 2)] if page.gutter else []
        parts = [part for part in [lines, *columns] if part]
        runs += parts
        heights += [page.size[1]] * len(parts)
    return runs, heights


def write(pages: list[Page]) -> tuple[str, list[int], list[Removed]]:
    """Pages -> raw text, the offset of each page's start, running heads to drop."""
    pages = _aligned(pages)
    heads = running_heads(*_edged(pages))
    body = [[i for i in p.items if i not in heads] for p in pages]
    for k in range(1, len(pages)):
        _boxed_row(body[k], pages[k].boxes, body[k - 1])
    lines = [i for items in body for i in items if isinstance(i, Line)]
    frames = _frames(pages, body)
    writer = _Writer(frames[pages[0].size, False] if pages else frame(lines), Words.of(lines))
    starts = []
    opening = _flows(pages, body)
    for k, page in enumerate(pages):
        starts.append(writer.size)
        writer.frame = frames[page.size, False]
        placed, marks = footnotes(body[k], writer.frame)
        order = {id(i): n for n, i in enumerate(page.items)}
        items = [i for i in page.items if i in heads] + placed
        items.sort(key=lambda i: order.get(id(i), 0))
        if marks:  # footnotes moved: the page's order is theirs, its heads around it
            top = min(i.top for i in placed)
            items = [i for i in page.items if i in heads and i.top < top] + placed \
                + [i for i in page.items if i in heads and i.top >= top]
        for item in items:
            if item in heads or item in marks:
                writer.head(item, "footnote marker" if item in marks else "")
            elif isinstance(item, Table):
                before, moved = opening.get(id(item), ([], False))
                writer.table(item, _continues(before, [item], moved))
            else:
                writer.frame = frames[page.size, item.column > 0]
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


def _label(line: Line) -> str | None:
    """The marker a footnote's line opens with ("1 Зарегистрирован …"), or that it is alone:
    a marker set raised over the note's first line is read as a line of its own."""
    label = _NOTE_LABEL.match(line.text) or _MARK.fullmatch(line.text)
    return label and label.group(1 if label.re is _NOTE_LABEL else 0)


def _labelled(note: list[Line]) -> list[Line]:
    """A footnote's lines with a marker read as a line of its own set before its first."""
    if len(note) < 2 or not _MARK.fullmatch(note[0].text):
        return note
    first = note[1]
    return [replace(first, text=f"{note[0].text} {first.text}", x0=min(note[0].x0, first.x0),
                    top=min(note[0].top, first.top)), *note[2:]]


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
        if _label(line) in marks:
            notes.append([line])
        elif notes:
            notes[-1].append(line)
    if not notes:
        return items, set()
    moved = {id(line) for note in notes for line in note}
    out = [i for i in items if id(i) not in moved]
    found: set[Line] = set()
    for note in map(_labelled, notes):
        mark, host = marks[_label(note[0])]
        found.add(mark)
        k = out.index(host) + 1
        prev = host
        while k < len(out) and (out[k] is mark or isinstance(out[k], Line)
                                and not starts_block(prev, out[k], f)):
            prev = out[k] if out[k] is not mark else prev
            k += 1
        out[k:k] = note
    return out, found


def _frames(pages: list[Page], body: list[list[Line | Table]]) -> dict[tuple, Frame]:
    """The text block of each page size, and of its columns: pages set in another
    orientation (a landscape appendix among portrait pages) have margins of their own, and so
    do the columns of a page set in two (key: (size, True)). Where a size's pages are all set
    in columns, a line across them stands in the block the columns make together, spaced as
    the lines across them are. A line running past the page's right edge (a table too wide
    for it, its words kept in the file and shown nowhere) sets no margin."""
    lines: dict[tuple, list[Line]] = {}
    shifts: dict[tuple[int, int], float] = {}
    for page, items in zip(pages, body):
        for item in items:
            if isinstance(item, Line) and not item.grid and item.x1 <= page.size[0]:
                lines.setdefault((page.size, item.column > 0), []).append(item)  # an undrawn
                # grid's lines are a table's, and words past the page's edge are on no page
        if page.gutter is not None:
            shifts.setdefault(page.size, page.gutter[1] - page.gutter[0])
    frames = {key: frame(group) for key, group in lines.items()}
    for page in pages:
        if (page.size, True) not in frames:
            frames[page.size, True] = frames.get((page.size, False)) or frame([])
        if (page.size, False) not in frames or not any(
                not line.column for line in lines.get((page.size, False), ())):
            cols = frames[page.size, True]
            frames[page.size, False] = replace(
                cols, right=2 * cols.right - cols.left + shifts.get(page.size, 0.0),
                indent=None, justified=False,
                gap=frame(lines.get((page.size, False), [])).gap or cols.gap)
    return frames


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
            gutters = _gutters(pages)
            pages = [page_items(page, k, gutters) if pages[k].gutter != gutters.get(
                pages[k].size) else pages[k] for k, page in enumerate(pdf.pages)]
    except Exception as exc:
        raise _pdf_error(name, exc) from None
    if not any(p.items for p in pages):
        raise InputError(name, "PDF has no text layer (scanned?)")
    text, starts, removed = write(pages)
    if not text.strip():
        raise InputError(name, "PDF has no text layer (scanned?)")
    return RawText(path=name, format="pdf", text=text, pages=tuple(starts),
                   removed=tuple(removed))
