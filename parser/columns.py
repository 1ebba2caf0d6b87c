"""A text's lines laid out in columns of spaces: where the columns start, and the rows and cells
of the table they make (parser/aligned.py writes them as tab rows; the PDF reader asks it of a
scan's lines whose grid is only in the picture). Plain strings in, positions out: it knows no
reader.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from .resources import GRAMMAR, load_table
from .words import appendix_line

_GAP = re.compile(r"(?<=\S) {2,}(?=\S)")
# a row's number, alone or opening its first cell ("3", "3.", "3. Лидерство")
_ROW_NUMBER = re.compile(r"(\d{1,3})(?:[.)]?\*?|[.)]\s.*)")
_FIRST_ROW = re.compile(r"1[.)]?\*?(?:\s|$)")
NUMBER_HEAD = 8  # characters of a number column's head at most ("№ п/п", "Р/с №")
MIN_COLUMNS = 2
MIN_ROWS = 2
_APPENDIX = appendix_line()  # a line naming an appendix
UNNUMBERED_ROWS = 4  # a header and three rows: fewer lines of columns are a signature's
# Characters a cell may open left or right of its column's start (a value typed a space
# short: "міндеттерін            3" under values one character further on).
SLACK = 2


@lru_cache(maxsize=1)
def _number_mark() -> re.Pattern:
    return re.compile("|".join(f"(?:{f})" for f in load_table(GRAMMAR / "tables.yaml")
                               ["columns"]["number"]), re.I)


def number_head(text: str) -> bool:
    """Whether a cell holds only a number column's mark ("№", "Р/с №", "№ п/п":
    grammar/tables.yaml `columns.number`)."""
    text = " ".join(text.split())
    return len(text) <= NUMBER_HEAD and bool(_number_mark().search(text))


def row_number(text: str) -> int | None:
    """A row's number when the cell is one or opens with one ("3", "3.", "3. Лидерство")."""
    found = _ROW_NUMBER.fullmatch(text.strip())
    return int(found.group(1)) if found else None


def cell_starts(line: str) -> list[int]:
    """Where a cell opens after a gap of two spaces or more inside the line."""
    return [m.end() for m in _GAP.finditer(line)]


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def run_end(lines: list[str], i: int, blank: frozenset[int] = frozenset()) -> int:
    """Index past the run of candidate table lines opening at line i (which has a gap): lines
    with a gap, indented lines (a wrapped cell of a later column) and lines shorter than the
    first column (a wrapped cell of the first), up to the next appendix's stamp: a line
    naming an appendix, and the lines above it set at its place ("Бағалау" / "әдістемесіне"
    / "2-қосымша"). A blank line of the text (one of `blank`) followed by a whole row (a
    cell at the margin and another after a gap at a column of the lines above) parts two
    rows of the run: a table set with space between its rows."""
    first = min(cell_starts(lines[i]))
    seen = set(cell_starts(lines[i]))
    j = i + 1
    while j < len(lines) and _row_gap(lines, j, blank, seen):
        j += 1
    while j < len(lines) and lines[j].strip() and "\t" not in lines[j] \
            and not _APPENDIX.search(lines[j]):  # (the next appendix's stamp: no cell)
        starts = cell_starts(lines[j])
        if not (starts or _indent(lines[j]) >= 2 or len(lines[j].rstrip()) < first):
            break
        first = min([first, *starts])
        seen.update(starts)
        j += 1
        while j < len(lines) and _row_gap(lines, j, blank, seen):
            j += 1
    if j < len(lines) and _APPENDIX.search(lines[j]):
        # the stamp's lines above the one naming the appendix, set at its place, are its own
        while j - 1 > i and not cell_starts(lines[j - 1]) \
                and abs(_indent(lines[j - 1]) - _indent(lines[j])) <= SLACK:
            j -= 1
    return j


def _row_gap(lines: list[str], j: int, blank: frozenset[int], seen: set[int]) -> bool:
    """Is line j a blank line of the text with a whole table row right under it: a cell at
    the margin and another after a gap, at a column some line above opens (a signature set
    with spaces under a table opens none of them)?"""
    if j not in blank or j + 1 >= len(lines):
        return False
    following = lines[j + 1]
    return _full(following) and "\t" not in following and not _APPENDIX.search(following) \
        and any(abs(p - q) <= SLACK for p in cell_starts(following) for q in seen)


def columns(run: list[str]) -> list[int]:
    """The starts of a table's columns: 0, then every place two lines or more open a cell,
    or the header (the lines above row 1) opens one: a column left blank to be filled in
    shows only its head."""
    head = next((k for k, line in enumerate(run) if _FIRST_ROW.match(line)), 0)
    seen = Counter(p for k, line in enumerate(run) for p in set(cell_starts(line))
                   for _ in range(2 if k < head else 1))
    cuts = [0]
    for p in sorted(p for p, n in seen.items() if n >= 2 and p > 0):
        if p - cuts[-1] > SLACK:  # starts a SLACK apart are one column's (a header set
            cuts.append(p)        # two characters left of its values)
    return cuts


def snap(line: str, cuts: list[int]) -> list[int]:
    """The column starts as this line keeps them: a column's start moved to where the line
    opens a cell after a gap within SLACK characters of it."""
    own = cell_starts(line)
    return [c and next((p for p in own if abs(p - c) <= SLACK), c) for c in cuts]


def _crossed(line: str, cuts: list[int], blank: frozenset[int] = frozenset()) -> set[int]:
    """Indices of the columns in `blank` (a column only the header opens, left blank to be
    filled in) whose start the line's text runs across: a long cell of the column before
    spilling under the blank column's head ("… көмектесуге дайын ба?" past "Балл (1–5)")."""
    return {i for i, c in enumerate(snap(line, cuts)) if i and cuts[i] in blank
            and c < len(line) and line[c - 1] != " "}


def _fits(line: str, cuts: list[int], blank: frozenset[int] = frozenset()) -> bool:
    """No text of the line runs across a column's start (as the line keeps it), but that of
    a blank column."""
    crossed = _crossed(line, cuts, blank)
    return all(c >= len(line) or line[c - 1] == " "
               for i, c in enumerate(snap(line, cuts)) if i and i not in crossed)


def pieces(line: str, cuts: list[int], blank: frozenset[int] = frozenset()) -> list[tuple[int, int]]:
    """The (start, end) of each column's text in the line, white space trimmed; a blank
    column the line's text runs across is empty in it, its text the column's before."""
    crossed = _crossed(line, cuts, blank)
    kept = [c for i, c in enumerate(snap(line, cuts)) if i not in crossed]
    out = []
    ends = [*kept[1:], max(len(line), kept[-1])]
    spans = iter(zip(kept, ends))
    for i in range(len(cuts)):
        if i in crossed:
            out.append((len(line), len(line)))
            continue
        a, b = next(spans)
        text = line[a:b]
        lo = a + len(text) - len(text.lstrip())
        out.append((lo, max(lo, a + len(text.rstrip()))))
    return out


def _blank(run: list[str], cuts: list[int]) -> frozenset[int]:
    """The columns only the header (the lines above row 1) opens a cell at: left blank."""
    head = next((k for k, line in enumerate(run) if _FIRST_ROW.match(line)), 0)
    below = [p for line in run[head:] for p in cell_starts(line)]
    return frozenset(c for c in cuts[1:] if not any(abs(p - c) <= SLACK for p in below))


def _numbered(first: list[str]) -> list[int]:
    """Indices of the lines whose first cell numbers rows 1, 2, … in sequence."""
    found, expected = [], 1
    for k, text in enumerate(first):
        m = _ROW_NUMBER.fullmatch(text)
        if m and int(m.group(1)) == expected:
            found.append(k)
            expected += 1
    return found


def rows_of(run: list[str]) -> tuple[list[int], list[list[list[tuple[int, int, int]]]]] | None:
    """(columns, rows) of a table of the run: each row a list of cells, each cell its pieces
    (line index, start, end); None when the run is no table. A table whose first column
    numbers no rows is read as `unnumbered` reads it (its rows are the run's first lines)."""
    cuts = columns(run)
    blank = _blank(run, cuts)
    if len(cuts) < MIN_COLUMNS or not all(_fits(line, cuts, blank) for line in run):
        return unnumbered(run)
    spans = [pieces(line, cuts, blank) for line in run]
    first = [run[k][a:b] for k, ((a, b), *_) in enumerate(spans)]
    numbered = _numbered(first)
    if len(numbered) < MIN_ROWS:
        return unnumbered(run)
    rows: list[list[list[tuple[int, int, int]]]] = []
    head = numbered[0]  # the lines before the first numbered row are the header, one row
    for k, cells in enumerate(spans[:_before_appendix(run, first)]):
        if k in (0, head) or (k > head and first[k]):
            rows.append([[] for _ in cuts])
        for c, (a, b) in enumerate(cells):
            if b > a:
                rows[-1][c].append((k, a, b))
    return cuts, rows


def _before_appendix(run: list[str], first: list[str]) -> int:
    """The lines of the run the table keeps: all, unless the lines under its last row (its
    first cell empty) name an appendix ("Приложение 2", "… 2-қосымша"): they are the next
    appendix's addressee block set at a column's place, no wrapped cell."""
    last = max(k for k, text in enumerate(first) if text)
    if any(_APPENDIX.search(line) for line in run[last + 1:]):
        return last + 1
    return len(run)


def _full(line: str) -> bool:
    """Does the line open a cell at the margin and another after a gap (a whole row)?"""
    return bool(line[:1].strip()) and bool(cell_starts(line))


def unnumbered(run: list[str]) -> tuple[list[int], list[list[list[tuple[int, int, int]]]]] | None:
    """A table whose first column numbers nothing (a scale: "от 90 % до 99,99 %   4"): the
    run's first lines while each fills its first cell and another, a row each, at least
    UNNUMBERED_ROWS of them in columns every line keeps (its header and rows; a signature
    or a stamp set with spaces is a line or two). A line between them with its first cell
    empty continues the cells of the row above; one after them is no part of the table."""
    if any(not line.strip() for line in run):
        return _spaced(run)
    last = max((k for k in range(len(run)) if _full(run[k])), default=-1)
    prefix = run[:last + 1]
    if not prefix or not _full(prefix[0]):
        return None
    for k, line in enumerate(prefix):
        if not _full(line) and not (k and _full(prefix[k - 1]) or _indent(line) >= 2):
            return None
    if sum(map(_full, prefix)) < UNNUMBERED_ROWS:
        return None
    cuts = columns(prefix)
    if len(cuts) < MIN_COLUMNS or not all(_fits(line, cuts) for line in prefix):
        return None
    rows: list[list[list[tuple[int, int, int]]]] = []
    for k, line in enumerate(prefix):
        cells = pieces(line, cuts)
        if _full(line) and sum(b > a for a, b in cells) < 2:
            return None  # a row whose text misses the columns: no table
        if _full(line):
            rows.append([[] for _ in cuts])
        for c, (a, b) in enumerate(cells):
            if b > a:
                rows[-1][c].append((k, a, b))
    return cuts, rows


def _spaced(run: list[str]) -> tuple[list[int], list[list[list[tuple[int, int, int]]]]] | None:
    """A table whose rows a blank line parts (a scale set with space between its rows): each
    run of lines a row, opening with a whole row's line; at least UNNUMBERED_ROWS of them.
    The columns are the rows' under the header; the header's lines, set at places of their
    own (heads centred over their values), give each piece to the column starting nearest."""
    groups: list[list[int]] = [[]]
    for k, line in enumerate(run):
        if line.strip():
            groups[-1].append(k)
        elif groups[-1]:
            groups.append([])
    groups = [g for g in groups if g]
    # the rows while they keep the table's columns: a line under the table that opens a cell
    # at one of them (a signature's date set with spaces) ends it, and is text
    while len(groups) >= UNNUMBERED_ROWS:
        table = _spaced_rows(run, groups)
        if table is not None:
            return table
        groups = groups[:-1]
    return None


def _spaced_rows(run: list[str], groups: list[list[int]]):
    """The (columns, rows) of `_spaced`'s row groups, or None when they do not keep columns."""
    if not all(_full(run[g[0]]) for g in groups):
        return None
    body = [k for g in groups[1:] for k in g]
    cuts = columns([run[k] for k in body])
    if len(cuts) < MIN_COLUMNS or not all(_fits(run[k], cuts) for k in body):
        return None
    rows: list[list[list[tuple[int, int, int]]]] = []
    for n, group in enumerate(groups):
        rows.append([[] for _ in cuts])
        for k in group:
            line = run[k]
            if n:
                cells = list(enumerate(pieces(line, cuts)))
            else:
                ends = [m.start() for m in _GAP.finditer(line)] + [len(line.rstrip())]
                opens = [_indent(line), *cell_starts(line)]
                cells = [(min(range(len(cuts)), key=lambda c: abs(cuts[c] - a)), (a, b))
                         for a, b in zip(opens, ends)]
            for c, (a, b) in cells:
                if b > a:
                    rows[-1][c].append((k, a, b))
        if n and sum(bool(cell) for cell in rows[-1]) < 2:
            return None  # a row whose text misses the columns: no table
    return cuts, rows
