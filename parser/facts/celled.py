"""Tables a PDF export flattened one cell a block, rebuilt by the roles of their header cells.

Some exports leave each cell of a table as a block of its own, blocks parted by an empty line,
a cell's words wrapped over its block's lines (parser/facts/flat.py reads the other layout, a
row a line):

    Р/с                                  <- the number column's head
    №
                                         <- an empty line ends a cell
    Көтермеленетін қызмет түрінің атауы  <- the other heads, one block each
    Берілетін
    балл
    1                                    <- row 1 opens: its number, then its cells
    Нормативтік құқықтық актінің жобасын
    әзірлеу
    +6
    2                                    <- row 2 …

- the header starts at a block holding only a number column's mark ("№", "Р/с №"); its heads
  are the blocks up to the block "1", at least two, one taking a column role
  (grammar/tables.yaml `columns`);
- a row opens at the block holding the next row number; the blocks after it are its cells, in
  column order, up to the header's width (a blank sheet's rows hold their number only);
- the table ends at a block that is no cell: a line to fill in ("_____"), a block past a full
  row that is not the next row number, or a row summing the rows up ("Барлығы", grammar/
  tables.yaml `summary_row`), kept as the table's last row.

A text copied from a typeset PDF may leave each cell on a line of its own with no number
column, the parameters numbered inside their names (`lined`):

    Бағалау параметрі                    <- the heads, a line each, after the lines to fill in
    Сипаттамасы
    Балл (1-ден 5-ке дейін)
    1. Функционалдық міндеттерді …       <- row 1 opens: its numbered name, then its cells
    дайындалған құжаттардың …
    Орташа балл                          <- a line opening with a capital: a row of its own

- the heads are the lines before the line numbered "1." back to a line to fill in, a long
  line or a sentence's end, at least two, one taking a column role;
- a row opens at the line numbered next ("2. …") or, unnumbered, at a line opening with a
  capital; the lines after it are its cells in column order, a line of words wrapping into
  the last cell rather than taking a column of scores or points (those take numbers only);
- the table ends at a line to fill in ("_____") or at the end of the appendix's paragraphs.

The rebuilt table, addressed as its appendix, is read like any other (`tables.read_table`).
"""

from __future__ import annotations

import re

from ..model import Document, Node
from .cells import pattern, roles, says, words
from .flat import NUMERIC, NUMERIC_ROLES, Cell, Piece, lines_of, table_node

BLANK = re.compile(r"_{3,}")
MAX_HEAD = 120  # characters: a longer block is a sentence, not a column's head
SUMMARY = 40  # characters: a row summing the rows up is a short label ("Барлығы")


def blocks_of(doc: Document, node: Node) -> list[list[Piece]]:
    """A node's own lines grouped into blocks at the source's empty lines."""
    out: list[list[Piece]] = []
    for line in lines_of(doc, node):
        if out and not parted(doc, out[-1][-1], line):
            out[-1].append(line)
        else:
            out.append([line])
    return out


def parted(doc: Document, before: Piece, after: Piece) -> bool:
    """Whether an empty line stands between two lines in the source."""
    gap = doc.raw_text[doc.offsets[before.end - 1] + 1:doc.offsets[after.start]]
    return gap.count("\n") >= 2


def text_of(block: list[Piece]) -> str:
    """A block's lines joined by a space."""
    return " ".join(p.text for p in block)


def rebuild(doc: Document, appendix: Node) -> Node | None:
    """The table an appendix's text holds one cell a block, as a `table` node at the
    appendix's address, or None."""
    blocks = [b for node in appendix.children if node.kind in ("title", "paragraph")
              for b in blocks_of(doc, node)]
    for i, block in enumerate(blocks):
        if number_head(text_of(block)):
            heads = header(blocks[i + 1:])
            if heads is not None:
                rows = body(blocks[i + 1 + len(heads):], len(heads) + 1)
                if rows:
                    return table_node(appendix, [[Cell(block)] + [Cell(h) for h in heads]] + rows)
    return None


def number_head(text: str) -> bool:
    """Whether a block holds only a number column's mark ("№", "Р/с №", "№ п/п")."""
    return len(text) <= 8 and says(text, words()["columns"]["number"])


def header(blocks: list[list[Piece]]) -> list[list[Piece]] | None:
    """The heads after the number column's, up to the block opening row 1, or None when they
    are not a table's header."""
    heads = []
    for block in blocks:
        text = text_of(block)
        if text == "1":
            break
        if len(text) > MAX_HEAD or BLANK.search(text):
            return None
        heads.append(block)
    else:
        return None
    found = roles([text_of(h) for h in heads])
    return heads if len(heads) >= 2 and found else None


def body(blocks: list[list[Piece]], width: int) -> list[list[Cell]]:
    """The rows of the blocks after the header, each padded to the header's width."""
    rows: list[list[Cell]] = []
    expected = 1
    summary = pattern(tuple(words()["summary_row"]))
    for block in blocks:
        text = text_of(block)
        if text == str(expected):
            rows.append([Cell(block)])
            expected += 1
        elif not rows or BLANK.search(text):
            break
        elif len(text) <= SUMMARY and summary.search(text) and len(rows[-1]) == 1:
            rows.append([Cell(), Cell(block)])
            break
        elif len(rows[-1]) < width:
            rows[-1].append(Cell(block))
        else:
            break
    return [row + [Cell() for _ in range(width - len(row))] for row in rows]


# ---------------------------------------------------------------- one cell a line

NAMED_ROW = re.compile(r"^(\d{1,2})\.\s+\S")  # a parameter numbered inside its name: "1. Сапа"
MAX_HEADS = 8  # a number column's head stands at most this many lines above row 1


def lined(doc: Document, appendix: Node) -> Node | None:
    """The table an appendix's paragraphs hold one cell a line (an empty cell an empty line,
    or nothing), its rows numbered in a number column ("1" on a line of its own) or inside
    their names ("1. Сапа …"), as a `table` node at the appendix's address, or None."""
    lines = [p for node in appendix.children if node.kind == "paragraph"
             for p in lines_of(doc, node)]
    first = next((i for i, p in enumerate(lines) if row_number(p.text, True) == 1
                  or (row_number(p.text, False) == 1
                      and any(number_head(h.text) for h in lines[max(0, i - MAX_HEADS):i]))),
                 None)
    if first is None:
        return None
    heads: list[Piece] = []
    for line in reversed(lines[:first]):
        if len(line.text) > MAX_HEAD or BLANK.search(line.text) \
                or line.text.endswith((".", ":", ";")) or not line.text[:1].isupper() \
                and not number_head(line.text):
            break
        heads.insert(0, line)
    found = roles([h.text for h in heads], appendix.lang)
    if len(heads) < 2 or "name" not in found:
        return None
    numeric = {i for r, i in found.items() if r in NUMERIC_ROLES}
    rows = lined_rows(lines[first:], len(heads), numeric, found["name"],
                      named=row_number(lines[first].text, True) == 1)
    return table_node(appendix, [[Cell([h]) for h in heads]] + rows)


def row_number(text: str, named: bool) -> int | None:
    """The number a line opens a row with: inside its name ("1. Сапа", `named`) or standing
    alone ("1"), else None."""
    found = NAMED_ROW.match(text) if named else re.fullmatch(r"(\d{1,2})\.?", text)
    return int(found.group(1)) if found else None


def lined_rows(lines: list[Piece], width: int, numeric: set[int], name: int,
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
