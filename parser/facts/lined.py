"""Tables a copy of a typeset PDF left one cell a line, rebuilt by their header's width.

Text copied from a typeset PDF may leave a table as one line per filled cell, in reading
order, with no empty line between cells and no number column (parser/facts/flat.py reads a row
a line, parser/facts/celled.py a cell a block parted by empty lines):

    Құзырет                                  <- the heads, one line each
    Тиімді көрінісі
    Тиімсіз көрінісі
    Балл (1-ден 5-ке дейін)
    1. Жауапкершілік                         <- row 1 opens at its number
    тапсырмаларды мерзімінде орындайды       <- its next cells, in column order
    жауапкершілікті басқаларға аударады      <- (the blank column to fill in prints nothing)
    2. Кәсібилік                             <- row 2 …
    Орташа балл (орташа арифметикалық мән)   <- a summing row: the table's last

or, with unnumbered rows, each row as many lines as the header has heads ("Қол жеткізу пайызы"
/ "Балл" / "100 % және одан жоғары" / "5" / "90 %-дан 99,9 %-ға дейін" / "4" …).

- the heads are the short lines (no sentence end, nothing to fill in "____") that stand just
  before the first row in the same paragraphs, at least two, one taking a column role
  (grammar/tables.yaml `columns`);
- numbered rows: a row opens at the line opening with the next row number ("1.", "2)", "3");
  the lines after it are its cells, up to the header's width; unnumbered rows: each run of as
  many lines as the header has heads is a row while its last cell holds a number;
- the table ends at a line that is no cell: a line to fill in, a line past a full row that
  opens no row, or a short capitalized line summing the rows up (grammar/tables.yaml
  `summary_row`), kept as the table's last row.

The rebuilt table is addressed as the node holding it and read like any other
(`tables.read_table`).
"""

from __future__ import annotations

import re

from ..model import Document, Node
from .cells import is_numeric, pattern, roles, words
from .flat import Cell, Piece, lines_of, table_node

BLANK = re.compile(r"_{3,}")
MAX_HEAD = 60  # characters: a longer line is a sentence or a cell's text, not a column's head
MAX_HEADS = 8
SUMMARY = 80  # characters: a summing row is a short label
ROW_OPENS = re.compile(r"^(\d{1,2})(?:[.)]\s+(?=\S)|$)")
SENTENCE_END = re.compile(r"[.:;]$")
KINDS = ("title", "paragraph", "clause", "subpoint")  # the nodes whose lines are read


def rebuild(doc: Document, holder: Node, numbered_rows: bool = True) -> Node | None:
    """The table the lines of an appendix with no chapter (or of a clause) hold one cell a
    line, as a `table` node at the holder's address, or None. A row the structure took for a
    clause ("2. Наставничество" after a line of cells) is read from its lines all the same;
    `numbered_rows` False: only a table of unnumbered rows (a clause's sub-points are none)."""
    if any(n.kind in ("chapter", "section") for n in holder.children):
        return None
    lines = [(node.kind, line) for node in holder.walk()
             if node.kind in KINDS and node is not holder for line in lines_of(doc, node)]
    for at, (_, line) in enumerate(lines):
        heads = header(lines[:at])
        if heads is None:
            continue
        rest = [p for _, p in lines[at:]]
        first = row_number(line.text) == 1
        if first and not numbered_rows:
            continue
        found = numbered(rest, len(heads)) if first else unnumbered(rest, len(heads))
        if found:
            return table_node(holder, [[Cell([h]) for h in heads]] + found)
    return None


def row_number(text: str) -> int | None:
    """The number a line opens a row with ("1. Жауапкершілік", "2) …", "3"), or None."""
    m = ROW_OPENS.match(text)
    return int(m.group(1)) if m else None


def header(before: list[tuple[str, Piece]]) -> list[Piece] | None:
    """The heads standing just before a row's first line: the short lines back to a line
    that is no head (a sentence, a blank to fill in, a title's line), or None when they are
    not a table's header."""
    heads: list[Piece] = []
    for kind, line in reversed(before):
        if kind == "title" or not head(line.text) or len(heads) == MAX_HEADS:
            break
        heads.insert(0, line)
    if len(heads) < 2 or not roles([h.text for h in heads]):
        return None
    return heads


def head(text: str) -> bool:
    """Whether a line may be a column's head."""
    return (len(text) <= MAX_HEAD and not BLANK.search(text) and not SENTENCE_END.search(text)
            and row_number(text) is None and text[:1].isupper())


def summing(text: str) -> bool:
    """Whether a line is a short capitalized row summing the rows up."""
    return len(text) <= SUMMARY and text[:1].isupper() and \
        bool(pattern(tuple(words()["summary_row"])).search(text))


def numbered(lines: list[Piece], width: int) -> list[list[Cell]]:
    """The rows of numbered lines after the header, each padded to the header's width."""
    rows: list[list[Cell]] = []
    expected = 1
    for line in lines:
        text = line.text
        if row_number(text) == expected:
            rows.append([Cell([line])])
            expected += 1
        elif not rows or BLANK.search(text):
            break
        elif summing(text):
            rows.append([Cell([line])])
            break
        elif len(rows[-1]) < width:
            rows[-1].append(Cell([line]))
        else:
            break
    if len(rows) < 2:
        return []
    return [row + [Cell() for _ in range(width - len(row))] for row in rows]


def unnumbered(lines: list[Piece], width: int) -> list[list[Cell]]:
    """The rows of unnumbered lines after the header: runs of `width` lines whose last line
    holds only a number (a value) and none a blank to fill in (at least two rows)."""
    rows: list[list[Cell]] = []
    for at in range(0, len(lines) - width + 1, width):
        run = lines[at:at + width]
        if any(BLANK.search(p.text) for p in run) or not is_numeric(run[-1].text):
            break
        rows.append([Cell([p]) for p in run])
    return rows if len(rows) >= 2 else []
