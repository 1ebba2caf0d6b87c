"""Page geometry -> blocks: where a PDF's paragraphs, headings and addressee blocks start,
and which lines are running heads or page numbers.

A reader sees lines, not paragraphs. A line opens a new block when its font changes (a bold
heading), when the space above it is wider than the usual line spacing, when it is indented
as a first line, when it leaves or enters a right-aligned block, or when its first word would
have fitted at the end of the line before (so the typesetter did not wrap there: the line
before was a paragraph's short last line; in justified text any short line is a last line).
A centred line that opens a chapter or section opens a block. Right-aligned lines (an addressee block) are
broken by hand, so there only spacing and fonts count. Margins come from text lines only.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import lru_cache

from ..words import alt, appendix_line

INDENT_CHARS = 1.5  # a first-line indent: this many average character widths past the margin
ROOM_CHARS = 0.5  # slack allowed when asking whether a word would have fitted
SPACE_EM = 0.25  # the narrowest word space a typesetter uses, in ems
GAP_EM = 0.45  # space above a line beyond the usual spacing that marks a new block, in ems
_DIGITS = re.compile(r"\d+")
_TERMINAL = re.compile(r"[.:;!?]\s*$")  # a line ending its sentence
_UNIT = re.compile(r"\s*(?:\d+(?:-\d+)*[.)]\s|\d+-(?:{})|(?:{})\s)".format(
    "|".join(alt(k, "suffix") for k in ("chapter", "section", "appendix")),
    "|".join(alt(k, "prefix") for k in ("chapter", "section", "appendix"))))
BODY_SIZE_PT = 0.75  # type this close to the body's size is the body's (a heading a size up)
_EDGE_LINES = 2  # lines at the top and the bottom of a page that may be running heads
COLUMN_CHARS = 4  # a gap between two words this many character widths wide parts two columns
CELL_GAP_CHARS = 2  # a gap this many character widths wide or more parts two cells
OFF_CENTRE = 0.15  # a line whose middle lies this share of the width right of the block's is
# set in a block on the right (an addressee block centred in its own box)
STAMP_X = 0.2  # lines starting at one x this share of the width right of the margin or more
# are one block set off (a stamp's lines, flush left, each broken by hand)
SET_OFF = 0.45  # a line starting this share of the width right of the margin, not centred, is set
# off to the right as a stamp is (a scan's stamp: its lines flush left at one x in the page's
# right half, each short)


@dataclass(frozen=True)
class Line:
    """One text line of a page: its box, font and first word."""

    page: int
    top: float
    bottom: float
    x0: float
    x1: float
    char_width: float
    size: float
    bold: bool
    first_word: float  # width of the line's first word
    text: str
    columns: bool = False  # a gap wider than COLUMN_CHARS characters parts the line in two
    column: int = 0  # on a page set in columns: 1 or 2, the column the line stands in (its x
    # measured as if it stood in the first); -1 a line across both; 0 on any other page
    words: tuple[tuple[float, float, str], ...] = ()  # each word's left and right x, its text
    grid: bool = False  # a line of a table whose grid is not drawn, its text in columns of spaces

    @property
    def width(self) -> float:
        """The line's width, first to last visible character."""
        return self.x1 - self.x0


@dataclass(frozen=True)
class Frame:
    """The text block of the document: left and right margins, usual line spacing."""

    left: float
    right: float
    gap: float
    indent: float | None = None  # the usual first-line indent past the left margin
    justified: bool = False  # most lines reach the right margin: a short one ends a paragraph
    size: float = 0.0  # the body's type size

    def smaller(self, line: Line) -> bool:
        """Is the line set in type smaller than the body's (a footnote, a superscript)?"""
        return self.size - line.size > BODY_SIZE_PT

    @property
    def width(self) -> float:
        """The text block's width."""
        return self.right - self.left


def running_heads(pages: list[list[Line]], heights: list[float] | None = None) -> set[Line]:
    """Lines at a page's top or bottom that recur, digits aside, at the same height on at
    least half of the pages (two at least): running heads, footers, page numbers. A page may
    be given whole and by its columns too (each list's first and last lines are edges; the
    pages are counted by the lines' own). The
    _EDGE_LINES at each edge may be one, and so may the lines next inward from them while they
    are set in type smaller than the body's: a stamp of several small lines at every page's
    foot (an e-document system's "this document equals a paper one …") goes whole, however
    many lines it takes, and the body's own lines are never reached. A line at the foot is
    measured from the page's bottom edge (`heights`, each page's): a landscape page's footer
    stands as far from its edge as a portrait page's. A line naming an appendix with another
    number on each page is each appendix's stamp ("Приложение 2 к …" atop the second's
    first page), no running head."""
    if len(pages) < 2:
        return set()
    size = body_size([line for lines in pages for line in lines])
    heights = heights or [0.0] * len(pages)
    edges = [(_run(edge, size), height if foot else 0.0) for lines, height in zip(pages, heights)
             for foot, edge in ((False, lines), (True, lines[::-1]))]
    places: dict[str, list[tuple[float, Line]]] = defaultdict(list)  # text, digits aside ->
    for edge, height in edges:                                     # (distance from the edge, line)
        for line in edge:
            places[_DIGITS.sub("#", line.text)].append((abs(height - line.top), line))
    need = max(2, (len({line.page for lines in pages for line in lines}) + 1) // 2)
    recurring: set[Line] = set()
    for placed in places.values():
        for group in _same_places(placed):
            if len({line.page for line in group}) >= need and not (
                    len({line.text for line in group}) > 1
                    and appendix_line().search(group[0].text)):
                recurring.update(group)
    heads: set[Line] = set()
    for edge, _ in edges:
        for k, line in enumerate(edge):
            if line in recurring:
                heads.add(line)
            elif k >= _EDGE_LINES:
                break
    return heads


def _same_places(placed: list[tuple[float, Line]]) -> list[list[Line]]:
    """Lines of one text grouped by place: sorted by their distance from the edge, a gap
    wider than _SAME_PLACE starts a new group (a page's head no farther than that from the
    next one's)."""
    groups: list[list[Line]] = []
    last = None
    for at, line in sorted(placed, key=lambda item: item[0]):
        if last is None or at - last > _SAME_PLACE:
            groups.append([])
        groups[-1].append(line)
        last = at
    return groups


_SAME_PLACE = 4.0  # points: a running head stands this near its place on every page


def _run(edge: list[Line], size: float) -> list[Line]:
    """The lines from a page's edge inward that may be furniture: the _EDGE_LINES first, then
    those in type smaller than the body's `size`, up to the first in the body's type."""
    out = []
    for k, line in enumerate(edge):
        if k >= _EDGE_LINES and size - line.size <= BODY_SIZE_PT:
            break
        out.append(line)
    return out


def body_size(lines: list[Line]) -> float:
    """The body's type size: the size most characters have (0 without lines)."""
    sizes: Counter = Counter()
    for line in lines:
        sizes[round(line.size * 2) / 2] += len(line.text)
    return sizes.most_common(1)[0][0] if sizes else 0.0


def frame(lines: list[Line]) -> Frame:
    """Margins from the text lines in the body's type, BODY_SIZE_PT either way (tables
    excluded; a footnote's or a stamp's smaller type keeps margins of its own): the leftmost
    start two lines share and the rightmost end; the usual spacing is the median gap between
    neighbouring lines."""
    size = body_size(lines)
    lines = [line for line in lines if abs(line.size - size) <= BODY_SIZE_PT] or lines
    starts: dict[int, int] = defaultdict(int)
    for line in lines:
        starts[round(line.x0)] += 1
    shared = [x for x, n in starts.items() if n >= 2] or list(starts) or [0]
    left = float(min(shared))
    right = max((line.x1 for line in lines), default=left)
    gaps = [b.top - a.bottom for a, b in zip(lines, lines[1:])
            if a.page == b.page and 0 <= b.top - a.bottom < 3 * a.size]
    indents = Counter(round(line.x0 - left) for line in lines
                      if INDENT_CHARS * line.char_width <= line.x0 - left < (right - left) / 4)
    indent = next((float(x) for x, n in indents.most_common(1)
                   if n >= max(3, len(lines) // 20)), None)
    full = sum(right - line.x1 <= 1.5 for line in lines)
    return Frame(left, right, statistics.median(gaps) if gaps else 0.0, indent,
                 full * 2 >= len(lines), size)


def cells(line: Line, unit: float) -> list[tuple[float, float]]:
    """Where each of the line's cells starts and ends: its words parted by gaps of
    CELL_GAP_CHARS character widths (`unit`) or more."""
    spans: list[list[float]] = []
    for x0, x1, _ in line.words:
        if spans and x0 - spans[-1][1] < CELL_GAP_CHARS * unit:
            spans[-1][1] = x1
        else:
            spans.append([x0, x1])
    return [(a, b) for a, b in spans]


def _parted(line: Line) -> bool:
    """Is the line parted in two (a gap of CELL_GAP_CHARS character widths or more)?"""
    return line.columns or len(cells(line, line.char_width)) > 1


def _indented(line: Line, f: Frame) -> bool:
    """Does the line start at the document's usual first-line indent?"""
    return f.indent is not None and abs(line.x0 - f.left - f.indent) <= 1.5


def alignment(line: Line, f: Frame) -> str:
    """'left', 'centre' or 'right': how the line sits in the text block."""
    before, after = line.x0 - f.left, f.right - line.x1
    slack = 2 * line.char_width
    centred = _centred(line, f)
    if _indented(line, f) and not (centred and f.justified):
        return "left"  # an indented first line, though it may look centred (in justified
        # text an indented first line reaches the right margin)
    if centred:
        return "centre"
    if before > 0.25 * f.width and (after < slack or (line.x0 + line.x1 - f.left - f.right) / 2
                                     > OFF_CENTRE * f.width or before > SET_OFF * f.width):
        return "right"
    return "left"


def _centred(line: Line, f: Frame) -> bool:
    """Is the line set in the middle of the text block (its two margins alike)?"""
    return min(line.x0 - f.left, f.right - line.x1) >= line.char_width and _even(line, f)


def _even(line: Line, f: Frame) -> bool:
    """Are the line's two margins alike (a centred line, or one as wide as the block)?"""
    return abs((line.x0 - f.left) - (f.right - line.x1)) <= 2 * line.char_width


def _room(prev: Line, align: str, f: Frame) -> float:
    """Free width the line before left for another word."""
    return f.right - prev.x1 if align == "left" else f.width - prev.width


@lru_cache(maxsize=1)
def _joining() -> re.Pattern:
    """A line's last word joining it to the next line (grammar/words.yaml joining_word)."""
    return re.compile(r"(?<![\w-])(?:{})$".format(alt("joining_word")))


def starts_block(prev: Line, line: Line, f: Frame) -> bool:
    """Does `line` open a new block after `prev`?"""
    if abs(prev.size - line.size) > 0.5:
        return True
    if prev.bold != line.bold and not line.text[:1].islower():
        return True  # a bold heading, or the text after one (a sentence's last line with a
        # word in bold, "сәйкес БҰЙЫРАМЫН:", goes on)
    if prev.page == line.page and line.top - prev.bottom > f.gap + GAP_EM * line.size:
        return True
    before, here = alignment(prev, f), alignment(line, f)
    if before == "centre" and prev.page != line.page and not _even(line, f):
        return True  # a centred heading at a page's foot goes on, if at all, centred on the
        # next page (a line as wide as the block, too): a line there off the middle opens
        # the text under it
    if abs(line.x0 - prev.x0) <= line.char_width and prev.x0 - f.left > STAMP_X * f.width \
            and not before == here == "centre":
        return False  # a stamp's lines, flush left at one x far from the margin, broken by
        # hand: one block, though one of them reaches the margin and another sits centred
        # (two centred lines alike are a heading's, or a title's and a heading's: see below)
    if (before == "right") != (here == "right"):
        return True
    if before == here == "right":  # broken by hand: a short line says nothing
        return False
    if line.columns and not prev.columns and abs(line.x0 - prev.x0) <= line.char_width:
        return False  # a two-column block's last line: its left column wrapped (a signature)
    if _parted(prev) and not line.columns and abs(line.x0 - prev.x0) <= line.char_width \
            and line.x1 - line.x0 < (prev.x1 - prev.x0) / 2:
        return False  # the same, the name beside the first line: the post's words wrapped
        # under it ("Аким Аральского      К. Сейтжанов" / "района")
    if here == "centre" and _UNIT.match(line.text):
        return True  # a chapter heading under a centred title
    if before == "centre" and _centred(line, f) and not _TERMINAL.search(prev.text) \
            and "___" not in prev.text + line.text:  # a form's fill-in lines stand alone
        return False  # a centred title or heading broken by hand goes on in its next centred
        # line, though that line happens to start at the first-line indent or a word of it
        # would have fitted on the line before (type, spacing and a unit's label said above)
    if _joining().search(prev.text) and before == here == "left" and line.text[:1].islower():
        return False  # a line ending in a conjunction or a preposition ends no paragraph
        # where the next goes on in lower case
    if f.justified and before == "left" and " " in prev.text \
            and f.right - prev.x1 > 2 * prev.char_width:
        return True  # a justified paragraph's last line (one word alone is not stretched)
    if _indented(line, f):
        return True
    if f.indent is not None and here == "left" and line.text[:1].islower() \
            and not _TERMINAL.search(prev.text):
        return False  # in a text whose paragraphs open indented, a line at the margin that
        # goes on in lower case after a line not ending its sentence continues it, though
        # a word would have fitted before (an OCR layer's lines, each scaled to its scan)
    need = SPACE_EM * line.size + line.first_word + ROOM_CHARS * line.char_width
    return _room(prev, before, f) >= need
