"""Tables a text export laid out in columns of spaces -> tab rows (one row a line, a cell's
wrapped lines joined by U+2028), as the other readers write tables.

A PDF turned into text keeping its layout sets a table's cells at fixed columns, a run of
spaces between them, and wraps a long cell onto lines of its own under it:

    Р/с     Көтермеленетін қызмет түрі                   Берілетін    <- the header,
    №                                                    балл         <- wrapped
    1       Облыс әкімдігінің қаулысының жобасын         5            <- row 1
            әзірлеу                                                   <- its cell, wrapped
    2       Демалыс күндері жұмысқа тартылу              2            <- row 2

A table is a run of lines, the first with a gap of two spaces or more inside it, each other
either with such a gap or indented (a wrapped cell); its columns start where at least two
lines open a cell after a gap; no line's text runs across a column's start (but that of a
column only the header opens, left blank to be filled in, under whose head a long cell of the
column before may spill: it is that cell's); and its first column numbers at least two rows 1,
2, … (a signature or a stamp set with spaces is no table). A line whose first cell is filled
opens a row; the lines before the first numbered row are the header, one row; every other line
continues the cells of the row above, unless the lines under the last row name an appendix
(the next appendix's addressee block set at a column's place): they are left to the text. A
table whose first column numbers nothing (a scale: "от 90 % до 99,99 %   не достигнут   4") is
read when at least four lines in a row each fill their first cell and another: a row a line.
"""

from __future__ import annotations

import re
from collections import Counter

from .blocks import CELL_BREAK, HYPHEN
from .columns import cell_starts, rows_of, run_end
from .ingest.joins import Plain, Words, reads_on, typeset
from .textmap import MappedText, Removed, concat, slice_, splice, synthetic


def _cell_text(mt: MappedText, starts: list[int], cell: list[tuple[int, int, int]],
               anchor: int, words: Words, removed: list[Removed]) -> MappedText:
    parts: list[MappedText] = []
    for k, a, b in cell:
        piece = slice_(mt, starts[k] + a, starts[k] + b)
        if parts and reads_on(parts[-1].text, piece.text[:1]):
            # a word hyphenated at a cell's line end reads on: "іс-" / "шаралары" keeps the
            # writer's hyphen, "бағдар-" / "лану" drops the typesetter's, told as in a
            # paragraph (parser/ingest/joins.py) from the words the document shows whole
            if typeset(parts[-1].text, piece.text, words):
                hyphen = len(parts[-1].text) - 1
                raw = parts[-1].offsets[hyphen]
                removed.append(Removed(start=raw, end=raw + 1, reason=HYPHEN))
                parts[-1] = slice_(parts[-1], 0, hyphen)
        elif parts:
            parts.append(synthetic(CELL_BREAK, mt.offsets[starts[k] + a - 1]))
        parts.append(piece)
    return concat(parts) if parts else synthetic("", anchor)


_SPACES = re.compile(r"(?<=\S) +(?=\S)")
MARGIN_LINES = 5  # lines ending at one column that make it the right margin of justified text
WORDS_JUSTIFIED = 4  # the fewest words of a line justified to the margin
WIDENED_LINES = 2  # lines at the margin with widened word spaces that show the text justified


def margin(lines: list[str]) -> int | None:
    """The column the text's justified lines end at: the end most lines share, if at least
    MARGIN_LINES do and WIDENED_LINES of them had their word spaces widened evenly to reach it
    (a text wrapped ragged, an OCR engine's, ends many lines at one column, its spaces
    single: no justified margin)."""
    ends = Counter(len(line.rstrip()) for line in lines if line.strip())
    if not ends:
        return None
    end, count = ends.most_common(1)[0]
    widened = sum(1 for line in lines if len(line.rstrip()) == end and _widened(line))
    return end if count >= MARGIN_LINES and widened >= WIDENED_LINES and end > 0 else None


def _widened(line: str) -> bool:
    """Are the line's word spaces widened evenly (one of two spaces or more, none wider by
    more than one), as a justified line's are?"""
    gaps = [len(m.group()) for m in _SPACES.finditer(line.strip())]
    return len(gaps) + 1 >= WORDS_JUSTIFIED and max(gaps) >= 2 and max(gaps) - min(gaps) <= 1


def justified(line: str, right: int | None) -> bool:
    """Is the line a justified paragraph's (a PDF's text keeping its layout): it ends at the
    text's right margin, and the spaces between its words, widened to reach it, differ by
    one at most ("2.  Признать  утратившим  силу приказ …"); a table's gaps part columns
    and its lines end where their last cells do."""
    if right is None or len(line.rstrip()) != right:
        return False
    gaps = [len(m.group()) for m in _SPACES.finditer(line.strip())]
    return len(gaps) + 1 >= WORDS_JUSTIFIED and max(gaps) - min(gaps) <= 1


def convert(mt: MappedText) -> tuple[MappedText, list[Removed]]:
    """Rewrite every space-aligned table of the text as tab rows between blank lines; the
    rest of the text is left as it is. Also the typesetter's hyphens the cells drop. A line
    of a justified paragraph, its spaces widened, is no table's."""
    lines = mt.text.split("\n")
    if not any(cell_starts(line) for line in lines):
        return mt, []
    starts, pos = [], 0
    for line in lines:
        starts.append(pos)
        pos += len(line) + 1
    words = Words.of([Plain(line.strip()) for line in lines if line.strip()])
    right = margin(lines)
    blank = frozenset(k for k, line in enumerate(lines) if not line.strip())
    lines = ["" if justified(line, right) else line for line in lines]  # (ends a table's run)
    removed: list[Removed] = []
    edits: list[tuple[int, int, MappedText]] = []
    i = 0
    while i < len(lines):
        if not cell_starts(lines[i]) or "\t" in lines[i]:
            i += 1
            continue
        end = run_end(lines, i, blank)
        table = rows_of(lines[i:end])
        if table is None:
            i += 1
            continue
        end = i + 1 + max(k for row in table[1] for cell in row for k, _, _ in cell)
        edits.append((starts[i], starts[end - 1] + len(lines[end - 1]),
                      _rows_text(mt, starts[i:end], table[1], words, removed)))
        i = end
    return splice(mt, edits), removed


def _rows_text(mt: MappedText, starts: list[int], rows, words: Words,
               removed: list[Removed]) -> MappedText:
    """The rows of one table, a line each, with a blank line before and after them."""
    anchor = mt.offsets[starts[0]]
    parts: list[MappedText] = [synthetic("\n", anchor)]
    for row in rows:
        for c, cell in enumerate(row):
            if c:
                parts.append(synthetic("\t", anchor))
            parts.append(_cell_text(mt, starts, cell, anchor, words, removed))
        parts.append(synthetic("\n", anchor))
    return concat(parts)
