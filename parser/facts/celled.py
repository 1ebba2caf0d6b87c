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

A text that leaves each cell on a line of its own, no empty line between, is read by
parser/facts/lined.py.

The rebuilt table, addressed as its appendix, is read like any other (`tables.read_table`).
"""

from __future__ import annotations

import re

from ..columns import number_head
from ..model import Document, Node
from .cells import pattern, roles, words
from .flat import Cell, Piece, lines_of, table_node

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

