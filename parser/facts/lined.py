"""Tables a copy of a typeset PDF left one cell a line, rebuilt by the roles of their header.

Text copied from a typeset PDF may leave a table as one line per filled cell, in reading
order, with no empty line between cells (parser/facts/flat.py reads a row a line,
parser/facts/celled.py a cell a block parted by empty lines):

    Құзырет                                  <- the heads, one line each
    Тиімді көрінісі
    Тиімсіз көрінісі
    Балл (1-ден 5-ке дейін)
    1. Жауапкершілік                         <- row 1 opens at its number
    тапсырмаларды мерзімінде орындайды       <- its next cells, in column order
    жауапкершілікті басқаларға аударады      <- (the blank column to fill in prints nothing)
    2. Кәсібилік                             <- row 2 …
    Орташа балл (орташа арифметикалық мән)   <- a line opening with a capital: a row of its own

its rows numbered inside their names ("1. Сапа …") or in a number column of their own ("№"
among the heads, "1" on a line of its own), or, with unnumbered rows, each row as many lines
as the header has heads ("Қол жеткізу пайызы" / "Балл" / "100 % және одан жоғары" / "5" /
"90 %-дан 99,9 %-ға дейін" / "4" …: a clause's lookup table).

- the heads are the lines just before the first row back to a line that is no head: a title's
  line, a line to fill in ("____"), a sentence's end, a long line, a row number, a line in
  lower case (a number column's mark "№" aside); at least two, taking a column role
  (grammar/tables.yaml `columns`): a parameter's name where the rows are numbered;
- numbered rows: a row opens at the line numbered next; the lines after it are its cells in
  column order, a line of words wrapping into the last cell rather than taking a column of
  scores or points (those take numbers only); once a row holds its name, a line opening with
  a capital opens a row of its own (an unnumbered summary row, "Орташа балл"); the table ends
  at a line to fill in or at the end of the holder's lines;
- unnumbered rows: each run of as many lines as the header has heads is a row while its last
  cell holds a number and none a line to fill in (two rows at least).

A row the structure took for a clause ("2. Наставничество" after a line of cells) is read from
its lines all the same. The rebuilt table, addressed as the node holding it, is read like any
other (`tables.read_table`).
"""

from __future__ import annotations

import re

from ..model import Document, Node
from .celled import BLANK, number_head
from .cells import is_numeric, roles
from .flat import NUMERIC, NUMERIC_ROLES, Cell, Piece, lines_of, table_node

MAX_HEAD = 120  # characters: a longer line is a sentence or a cell's text, not a column's head
MAX_HEADS = 8
NAMED_ROW = re.compile(r"^(\d{1,2})\.\s+\S")  # a parameter numbered inside its name: "1. Сапа"
ALONE_ROW = re.compile(r"(\d{1,2})\.?")  # a number column's cell on a line of its own: "1"
SENTENCE_END = re.compile(r"[.:;]$")
KINDS = ("title", "paragraph", "clause", "subpoint")  # the nodes whose lines are read


def rebuild(doc: Document, holder: Node, numbered_rows: bool = True) -> Node | None:
    """The table the lines of an appendix with no chapter (or of a clause) hold one cell a
    line, as a `table` node at the holder's address, or None; `numbered_rows` False: only a
    table of unnumbered rows (a clause's sub-points are none)."""
    if any(n.kind in ("chapter", "section") for n in holder.children):
        return None
    lines = [(node.kind, line) for node in holder.walk()
             if node.kind in KINDS and node is not holder for line in lines_of(doc, node)]
    for at, (_, line) in enumerate(lines):
        heads = header(lines[:at])
        if heads is None:
            continue
        found = roles([h.text for h in heads], holder.lang)
        rest = [p for _, p in lines[at:]]
        named = row_number(line.text, True) == 1
        alone = not named and row_number(line.text, False) == 1 \
            and any(number_head(h.text) for h in heads)
        if named or alone:
            if not numbered_rows or "name" not in found:
                continue
            numeric = {i for r, i in found.items() if r in NUMERIC_ROLES}
            rows = numbered(rest, len(heads), numeric, found["name"], named)
        elif not head(line.text):  # the header is every head before the first row
            rows = unnumbered(rest, len(heads))
        else:
            continue
        if rows:
            return table_node(holder, [[Cell([h]) for h in heads]] + rows)
    return None


def row_number(text: str, named: bool) -> int | None:
    """The number a line opens a row with: inside its name ("1. Сапа", `named`) or standing
    alone ("1"), else None."""
    found = NAMED_ROW.match(text) if named else ALONE_ROW.fullmatch(text)
    return int(found.group(1)) if found else None


def header(before: list[tuple[str, Piece]]) -> list[Piece] | None:
    """The heads standing just before a row's first line, back to a line that is no head, or
    None when they are not a table's header (fewer than two, or no column role)."""
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
            and row_number(text, True) is None and row_number(text, False) is None
            and (text[:1].isupper() or number_head(text)))


def numbered(lines: list[Piece], width: int, numeric: set[int], name: int,
             named: bool) -> list[list[Cell]]:
    """The rows of the lines from row 1 on, each padded to the header's width: a row opens
    at the next number, or, once the row holds its name, at a line opening with a capital
    (an unnumbered summary row)."""
    rows: list[list[Cell]] = []
    expected = 1
    for line in lines:
        text = line.text
        if BLANK.search(text):
            break
        if row_number(text, named) == expected:
            rows.append([Cell([line])])
            expected += 1
        elif text[:1].isupper() and len(rows[-1]) > name:
            rows.append([Cell() for _ in range(0 if named else name)] + [Cell([line])])
        elif len(rows[-1]) < width and (len(rows[-1]) not in numeric or NUMERIC.match(text)):
            rows[-1].append(Cell([line]))
        else:
            last = max(i for i, c in enumerate(rows[-1]) if c.pieces)
            rows[-1][last].pieces.append(line)
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
