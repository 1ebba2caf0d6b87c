"""Tables a PDF export flattened into lines, rebuilt by the roles of their header words.

A PDF export of a form leaves its table as lines of text in an appendix's title or paragraph:

    № Наименование КЦИ Плановое Фактическое Уровень Оценка      <- the header's first line
    п/п значение значение достижения, (от 0 до 5                 <- the header, wrapped
    % баллов)
    1                                                            <- row 1
    2 90 ≤ Д < 100 4                                             <- a row of a range table
    2 Сотрудничество Делится с коллегами информацией и опытом,   <- a row of a questionnaire
    выполнения общих задач                                       <- its question, wrapped
    результат Доводит начатую работу до конца                    <- a name wrapped, a question

The table is rebuilt as the tables reader reads a real one (`tables.read_table`), a `table`
node addressed as its appendix (the facts it gives carry the appendix's address):

- the header starts at a line opening with a number column's mark ("№") with at least two
  heads after it, one taking a column role (grammar/tables.yaml `columns`); a head starts at each capitalized
  word ("КЦИ", "(Д)" in capitals continue one); its wrapped lines give the number column its
  "п/п" and a parenthesized scale ("(от 1 до 5)") to the column to fill in;
- a row starts at a line opening with the next row number (1, 2, …, "4*" too); its text is cut
  into cells at its first capitalized word after the first text cell, a number standing last
  is the cell of a last numeric column;
- the table ends with the title or paragraph holding it, unless the next one opens with the
  next row number (a page break cut the text there);
- a line not opening a row continues the table: its lower-case words before a capitalized
  word continue the row's first text cell (a wrapped name); the rest opens a row with no
  number when it sums the rows up ("Итоговая оценка") or in a questionnaire (one more
  question of the competency above), else it continues the row's last text cell; a line all
  in lower case continues the last text cell filled (a line holding only the wrapped end of a
  name and of the next cell cannot be told apart: it goes to the later cell).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import chain

from ..model import Document, Node, Span
from .cells import is_numeric, pattern, roles, says, words

TOKEN = re.compile(r"\S+")
ROW_NUMBER = re.compile(r"^(\d{1,2})\*?$")
NUMERIC = re.compile(r"^\d+(?:[.,]\d+)?$")
NUMERIC_ROLES = ("score", "points", "answer", "comment", "achieved")


@dataclass
class Piece:
    """Some text of one line with its span in the normalized text."""

    text: str
    start: int
    end: int


@dataclass
class Cell:
    """A rebuilt cell: the pieces of text placed in it."""

    pieces: list[Piece] = field(default_factory=list)

    @property
    def text(self) -> str:
        """Its pieces joined by a space."""
        return " ".join(p.text for p in self.pieces)


# ---------------------------------------------------------------- lines

def lines_of(doc: Document, node: Node) -> list[Piece]:
    """A node's own text cut at the source's line breaks (normalization folds them to
    spaces; the offset map still knows where they were)."""
    if node.head is None:
        return []
    start, end = node.head.start, node.head.end
    out, begin = [], start
    for i in range(start, end - 1):
        if "\n" in doc.raw_text[doc.offsets[i]:doc.offsets[i + 1]]:
            out.append(trimmed(doc.text, begin, i + 1))
            begin = i + 1
    out.append(trimmed(doc.text, begin, end))
    return [p for p in out if p.text]


def trimmed(text: str, start: int, end: int) -> Piece:
    """The piece of text in [start, end), white space at its ends left out."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Piece(text[start:end], start, end)


def tokens(piece: Piece) -> list[Piece]:
    """The white-space separated tokens of a piece."""
    return [Piece(m.group(), piece.start + m.start(), piece.start + m.end())
            for m in TOKEN.finditer(piece.text)]


def join(parts: list[Piece]) -> Piece | None:
    """One piece from consecutive tokens of a line."""
    if not parts:
        return None
    return Piece(" ".join(p.text for p in parts), parts[0].start, parts[-1].end)


LABEL = re.compile(r"^(?:\d{1,2}|[а-яәғқңөұүһіa-z])\)$")  # an item's label: "1)", "а)"


def cell_start(toks: list[Piece], first: int = 0) -> int | None:
    """Where the text of the next cell opens: at the first capitalized word from `first`,
    with the item label that stands before it ("… деятельностью 1) Ставит ли …": the label
    opens the question, not the end of the name)."""
    cut = next((i for i, t in enumerate(toks) if i >= first and capitalized(t.text)), None)
    if cut is not None and cut > first and LABEL.match(toks[cut - 1].text):
        cut -= 1
    return cut


def capitalized(token: str) -> bool:
    """A word written with a capital and then lower case ("Оценка", not "КЦИ" or "(Д)")."""
    letters = [c for c in token if c.isalpha()]
    return len(letters) >= 2 and letters[0].isupper() and any(c.islower() for c in letters[1:])


# ---------------------------------------------------------------- header

def header_at(line: Piece) -> list[Cell] | None:
    """The column heads of a table's first header line, or None when the line does not open a
    table (no number mark first, fewer than two other column roles)."""
    toks = tokens(line)
    if not toks or not says(toks[0].text, words()["columns"]["number"]):
        return None
    heads: list[list[Piece]] = [[toks[0]]]
    number_mark = words()["columns"]["number"]
    for tok in toks[1:]:
        if len(heads) == 1 and says(f"{toks[0].text} {tok.text}", number_mark) \
                and "/" in tok.text:
            heads[0].append(tok)  # "№ п/п" on one line
        elif capitalized(tok.text) or len(heads) == 1:
            heads.append([tok])
        else:
            heads[-1].append(tok)
    cells = [Cell([join(h)]) for h in heads]
    found = roles([c.text for c in cells])
    return cells if len(cells) >= 3 and set(found) - {"number"} else None


def wrap_header(cells: list[Cell], line: Piece, open_at: int | None) -> int | None:
    """Place a wrapped header line: the number mark's second half ("п/п") in the number
    column, the rest of a parenthesized group left open above ("до 5 баллов)" under "Оценка
    (от 0") in its column, a parenthesized group with a number in the column to fill in;
    returns the column whose group is still open."""
    toks = tokens(line)
    found = roles([c.text for c in cells])
    fill = next((found[r] for r in ("score", "points") if r in found), len(cells) - 1)
    if toks and says("№ " + toks[0].text, words()["columns"]["number"]) \
            and "/" in toks[0].text:
        cells[0].pieces.append(toks[0])
        toks = toks[1:]
    if open_at is not None:
        close = next((i for i, t in enumerate(toks) if ")" in t.text), None)
        if close is None:
            cells[open_at].pieces.append(join(toks) or line)
            return open_at
        start = close
        while start > 0 and filler(toks[start - 1].text):
            start -= 1
        cells[open_at].pieces.append(join(toks[start:close + 1]))
        toks = toks[close + 1:]
    group = next((i for i, t in enumerate(toks) if t.text.startswith("(")
                  and re.search(r"\d", " ".join(x.text for x in toks[i:]))), None)
    if group is None:
        return None
    rest = join(toks[group:])
    cells[fill].pieces.append(rest)
    return None if ")" in rest.text else fill


def filler(token: str) -> bool:
    """A number or a filler word of a scale ("до", "5", "5-ке", "баллов", "дейін"): what the
    end of a parenthesized scale wrapped onto the next line is made of."""
    bare = token.strip("()%,.;:")
    return not bare or is_numeric(bare) or bool(
        re.fullmatch(pattern(tuple(words()["range_filler"])).pattern, bare,
                     re.IGNORECASE))


def still_open(cells: list[Cell]) -> int | None:
    """The column whose header's first line opens a parenthesis it does not close."""
    return next((i for i, c in enumerate(cells) if c.text.count("(") > c.text.count(")")), None)


def numbering(line: Piece) -> bool:
    """A line numbering the columns ("1 2 3 4 5 6"), not a row."""
    values = line.text.split()
    return len(values) >= 3 and values == [str(i + 1) for i in range(len(values))]


# ---------------------------------------------------------------- rows

def row_cells(rest: list[Piece], kinds: list[str]) -> list[Cell]:
    """A row's text after its number cut into cells: a number standing last fills the last
    numeric column; the text is cut at its first capitalized word after the first text cell
    when there are two text columns."""
    cells = [Cell() for _ in kinds]
    numeric = [i for i, k in enumerate(kinds) if k == "numeric"]
    text_columns = [i for i, k in enumerate(kinds) if k == "text"]
    if numeric and len(rest) >= 2 and NUMERIC.match(rest[-1].text):
        cells[numeric[-1]].pieces.append(rest[-1])
        rest = rest[:-1]
    if not rest:
        return cells
    if len(text_columns) >= 2:
        cut = cell_start(rest, 1)
        cut = len(rest) if cut is None else cut
        first, second = join(rest[:cut]), join(rest[cut:])
        cells[text_columns[0]].pieces.append(first)
        if second is not None:
            cells[text_columns[1]].pieces.append(second)
    else:
        target = text_columns[0] if text_columns else (numeric[0] if numeric else 0)
        cells[target].pieces.append(join(rest))
    return cells


def continue_rows(rows: list[list[Cell]], line: Piece, kinds: list[str], asks: bool) -> None:
    """A line that opens no row: lower-case words before a capitalized word continue the
    last numbered row's first text cell (a wrapped name); what follows opens a row of its own
    when it sums the rows up ("Итоговая оценка", grammar/tables.yaml `summary_row`) or is
    one more question of a questionnaire (`asks`), else continues the row's last text cell;
    a line all in lower case continues the last text cell filled."""
    toks = tokens(line)
    text_columns = [i for i, k in enumerate(kinds) if k == "text"]
    if not text_columns:
        return
    cut = cell_start(toks)
    if cut is None:
        last = rows[-1]
        target = max((i for i in text_columns if last[i].pieces), default=text_columns[0])
        last[target].pieces.append(line)
        return
    if cut > 0:
        numbered = next(r for r in reversed(rows) if r[0].pieces)
        numbered[text_columns[0]].pieces.append(join(toks[:cut]))
    rest = join(toks[cut:])
    if says(rest.text, words()["summary_row"]):
        rows.append([Cell([rest]) if i == text_columns[0] else Cell() for i in range(len(kinds))])
    elif asks:
        rows.append([Cell([rest]) if i == text_columns[-1] else Cell()
                     for i in range(len(kinds))])
    else:
        rows[-1][text_columns[-1]].pieces.append(rest)


def column_kinds(heads: list[Cell], lang: str | None = None) -> list[str]:
    """Each column's kind after the number column: "numeric" for a column of scores, points,
    answers or marks, "text" for the others."""
    found = roles([c.text for c in heads], lang)  # "Параметр оценки" a name, by its head
    by_index = {i: r for r, i in found.items()}
    return ["number"] + ["numeric" if by_index.get(i) in NUMERIC_ROLES else "text"
                         for i in range(1, len(heads))]


# ---------------------------------------------------------------- the table

def rebuild(doc: Document, appendix: Node) -> Node | None:
    """The table an appendix's text holds flattened, as a `table` node at the appendix's
    address, or None."""
    blocks = [lines_of(doc, node) for node in appendix.children
              if node.kind in ("title", "paragraph")]
    for b, block in enumerate(blocks):
        for i, line in enumerate(block):
            heads = header_at(line)
            if heads is not None:
                return assemble(appendix, heads, block[i + 1:], blocks[b + 1:])
    return None


def assemble(appendix: Node, heads: list[Cell], lines: list[Piece],
             later: list[list[Piece]]) -> Node | None:
    """The table node of a header and the lines after it in its block (rows from the line
    opening row 1); a later block goes on with the table only when it opens with the next
    row (a page break cut the text there)."""
    kinds = column_kinds(heads, appendix.lang)
    asks = "question" in roles([c.text for c in heads])
    rows: list[list[Cell]] = []
    open_at = still_open(heads)
    expected = 1
    # the later blocks are taken as the rows are read (a generator, not a list built first):
    # each must open with the row expected once the lines before it are read
    for line in chain(lines, (x for block in continuing(later, lambda: expected) for x in block)):
        toks = tokens(line)
        first = ROW_NUMBER.match(toks[0].text) if toks else None
        if first and int(first.group(1)) == expected and not numbering(line):
            cells = [Cell([toks[0]])] + row_cells(toks[1:], kinds)[1:]
            rows.append(cells)
            expected += 1
        elif not rows:
            if not numbering(line):
                open_at = wrap_header(heads, line, open_at)
        else:
            continue_rows(rows, line, kinds, asks)
    if not rows:
        return None
    return table_node(appendix, [heads] + rows)


def continuing(blocks: list[list[Piece]], expected):
    """The blocks after the table's own that open with the row it expects next."""
    for block in blocks:
        toks = tokens(block[0]) if block else []
        first = ROW_NUMBER.match(toks[0].text) if toks else None
        if not first or int(first.group(1)) != expected():
            return
        yield block


def table_node(appendix: Node, rows: list[list[Cell]]) -> Node:
    """A `table` node of rebuilt rows, addressed as the appendix."""
    row_nodes = []
    for r, row in enumerate(rows, 1):
        cells = [cell_node(appendix, r, c, cell) for c, cell in enumerate(row, 1)]
        pieces = [p for cell in row for p in cell.pieces]
        row_nodes.append(Node(kind="row", address=f"{appendix.address}/row{r}",
                              span=cover(pieces, appendix), lang=appendix.lang,
                              children=tuple(cells)))
    span = Span(start=row_nodes[0].span.start, end=row_nodes[-1].span.end)
    return Node(kind="table", address=appendix.address, span=span, lang=appendix.lang,
                children=tuple(row_nodes))


def cell_node(appendix: Node, r: int, c: int, cell: Cell) -> Node:
    """A rebuilt cell as a `cell` node (an empty one spans nothing)."""
    span = cover(cell.pieces, appendix)
    return Node(kind="cell", address=f"{appendix.address}/row{r}/cell{c}", text=cell.text,
                span=span, head=span if cell.pieces else None, lang=appendix.lang)


def cover(pieces: list[Piece], appendix: Node) -> Span:
    """The span from the first piece's start to the last one's end."""
    if not pieces:
        return Span(start=appendix.span.start, end=appendix.span.start)
    return Span(start=min(p.start for p in pieces), end=max(p.end for p in pieces))
