"""A table as its author laid it out, from the rows a DOCX conversion leaves.

Two things a conversion does to a table are undone here, before the tables reader reads it
by its header (parser/facts/tables.py):

- a merged header cell repeats its text in every column it covers, so a header written on two
  rows ("Р/с № | Параметр | … | Бағалау | Бағалау" over "Р/с № | Параметр | … | Балл (0-ден
  5-ке дейін) | Бағалаушының түсініктемесі") gives two header rows: the second row, which
  repeats a cell of the first in its column, is merged into it, each column taking its lower
  cell (the narrower head) where the two differ; a page's markup keeps a merged cell once
  instead (rowspan, colspan): an upper row short of the data's width whose last cell heads the
  lower row's cells is spread over them;
- a header repeated where the table runs on over a page (the header's rows again, or only the
  lower row of a header on two rows: "балл (от 1 до 5) | обоснование" between rows 3 and 4) is
  no row of the table: it is dropped;
- a ruled grid's text layer (a typeset PDF) gives a header on two rows whose upper cells merged
  down over both rows left their lower cells empty, the lower row as wide as the data ("№ |
  Өлшемшарт | Бағалау" over " |  | Балл (1–5) | Тікелей басшының түсініктемесі"; "Процент
  достижения | Балл" over "от (включительно) | до (не включая) | "): each empty lower cell
  takes the upper cell above it, each run of filled lower cells is headed by one upper cell
  spanning it; a table that merges no cell (a Markdown pipe table) writes a cell merged
  across once with empty cells after it, the rows as wide as the data, and is read so too;
  a sub-column that says only a scale, a bound or who fills it in ("1–5",
  "бастап (қоса алғанда)", "до (не включая)", "заполняет служащий") keeps the spanning cell's
  words before its own (so does one under a cell a page's markup kept once);
- a cell of several paragraphs breaks its row: the row stops inside that cell and the next
  line goes on with it ("1 | Жетекшілік … | Тапсырмалар … орындалуы;" then "негізделген
  ескертулердің … болмауы | | "). A row short of the header's width followed by a row that
  fills it exactly when the broken cell is counted once is one row, the broken cell rejoined.

The rebuilt table keeps the nodes' addresses and spans (a rejoined cell spans both pieces), so
every fact read from it still quotes the source.
"""

from __future__ import annotations

import re

from ..model import Node, Span
from .cells import roles, rows, says, texts, words


def laid_out(table: Node) -> Node:
    """The table with its wrapped lines, header rows and broken rows made whole."""
    out = unwrapped(rows(table))
    if len(out) < 2:
        return table if out == rows(table) else table.model_copy(update={"children": tuple(out)})
    heads = out[:1]
    if repeats_header(out[0], out[1]):
        heads = out[:2]
        out = [merged_header(out[0], out[1])] + out[2:]
    elif len(out) > 2 and spanned_header(out[0], out[1], out[2]):
        heads = out[:2]
        out = [spread_header(out[0], out[1], out[2:])] + out[2:]
    elif len(out) > 2 and dropped_groups(out[0], out[1], out[2]) is not None:
        heads = out[:2]
        out = [dropped_header(out[0], out[1], dropped_groups(out[0], out[1], out[2]))] + out[2:]
    elif len(out) > 2 and padded_groups(out[0], out[1], out[2:]) is not None:
        heads = out[:2]
        filled = out[0].model_copy(update={"children": tuple(
            c for c in cells_of(out[0]) if c.text.strip())})
        out = [dropped_header(filled, out[1], padded_groups(out[0], out[1], out[2:]))] + out[2:]
    out = out[:1] + [r for r in out[1:] if not repeated(r, heads)]
    out = rejoined(out, len(texts(out[0])))
    if out == rows(table):
        return table
    return table.model_copy(update={"children": tuple(out)})


def repeats_header(top: Node, below: Node) -> bool:
    """Whether a row repeats a non-empty cell of the header row in the same column (a header
    cell merged down over two rows) and differs from it in another (it heads sub-columns)."""
    upper, lower = texts(top), texts(below)
    if len(upper) != len(lower):
        return False
    same = [a.strip() == b.strip() and a.strip() != "" for a, b in zip(upper, lower)]
    return any(same) and not all(same)


def repeated(row: Node, heads: list[Node]) -> bool:
    """Whether a row under the header is one of the header's rows again (a page break
    repeating the header): the same filled cells in the same order."""
    filled = filled_cells(row)
    return bool(filled) and any(filled == filled_cells(h) for h in heads)


def filled_cells(row: Node) -> list[str]:
    """A row's non-empty cell texts, white space folded."""
    return [" ".join(t.split()) for t in texts(row) if t.strip()]


def spanned_header(top: Node, below: Node, first: Node) -> bool:
    """Whether two rows are a header whose merged cells a page's markup kept once (HTML
    rowspan and colspan): the upper row short of the data's width, its last cell heading the
    lower row's cells ("№ п/п | Целевой показатель | Оценка оценивающего лица" over "Результат
    | Балл (от 1 до 5)", then rows of four cells)."""
    width, upper, lower = len(cells_of(first)), len(cells_of(top)), len(cells_of(below))
    return 1 < lower < width and upper < width and upper + lower - 1 == width


def spread_header(top: Node, below: Node, data: list[Node] = ()) -> Node:
    """One header row: the upper row's cells, the one spanning the lower row's cells
    replaced by them. It is the last, unless the data's last columns are blanks to fill
    fewer than the lower row's cells: then the upper cells after the spanning one head a
    blank column each ("… | Поведенческие индикаторы | Балл (от 1 до 5)" over "Эффективное
    проявление | Неэффективное проявление", rows "1 | … | текст | текст | ")."""
    upper, lower = cells_of(top), cells_of(below)
    blank = blank_tail(data, len(upper) + len(lower) - 1)
    at = len(upper) - 1 if blank >= len(lower) else len(upper) - 1 - blank
    cells = upper[:at] + [under(upper[at], low) for low in lower] + upper[at + 1:]
    return top.model_copy(update={"children": tuple(cells),
                                  "span": Span(start=top.span.start, end=below.span.end)})


def dropped_groups(top: Node, below: Node, first: Node) -> list[list[int]] | None:
    """The lower row's cells grouped under the upper row's cells, when two rows are a header
    whose upper cells merged down left their lower cells empty (a ruled grid's text layer):
    the lower row as wide as the first data row and wider than the upper row, some of its
    cells empty and some filled, one group per upper cell (an empty cell alone, or a run of
    filled cells); else None."""
    upper, lower = texts(top), texts(below)
    if len(lower) != len(cells_of(first)) or len(upper) >= len(lower):
        return None
    if all(t.strip() for t in lower) or not any(t.strip() for t in lower):
        return None
    groups: list[list[int]] = []
    for i, text in enumerate(lower):
        if text.strip() and groups and lower[groups[-1][-1]].strip():
            groups[-1].append(i)
        else:
            groups.append([i])
    return groups if len(groups) == len(upper) else None


def padded_groups(top: Node, below: Node, data: list[Node]) -> list[list[int]] | None:
    """The lower row's cells grouped under the upper row's filled cells, when two rows are the
    header of a table that merges no cell (a Markdown pipe table: every row as wide as the
    data): a cell merged across is written once, empty cells after it, and the lower row
    fills each of its columns ("№ п/п | Годовая оценка | Годовой балл | " over " |  | от
    (включительно) | до (включительно)"); a cell merged down leaves its lower cell empty. Each
    filled upper cell heads the lower cells up to the next one; else None. A lower cell under
    a merged one says a bound or a scale (`sub_column`) or heads a column the data fill: a
    blank form's lower row naming its columns may be the form's rows (its parameters)."""
    upper, lower = texts(top), texts(below)
    if not len(upper) == len(lower) == len(cells_of(data[0])) or not upper[0].strip():
        return None
    starts = [i for i, text in enumerate(upper) if text.strip()]
    groups = [list(range(a, b)) for a, b in zip(starts, starts[1:] + [len(upper)])]
    spanning = [g for g in groups if len(g) > 1]
    filled = {i for row in data for i, text in enumerate(texts(row)) if text.strip()}
    if not spanning or not all(lower[i].strip() and (sub_column(lower[i]) or i in filled)
                               for g in spanning for i in g):
        return None
    if not any(not lower[g[0]].strip() for g in groups if len(g) == 1):
        return None  # no cell merged down: the lower row is the table's first row of data
    return groups


def dropped_header(top: Node, below: Node, groups: list[list[int]]) -> Node:
    """One header row from a header whose upper cells merged down (`dropped_groups`)."""
    upper, lower = cells_of(top), cells_of(below)
    cells: list[Node] = []
    for up, group in zip(upper, groups):
        for i in group:
            low = lower[i]
            cells.append(up if not low.text.strip() else under(up, low))
    return top.model_copy(update={"children": tuple(cells),
                                  "span": Span(start=top.span.start, end=below.span.end)})


def under(up: Node, low: Node) -> Node:
    """A lower header cell under the cell spanning it: its own text, the spanning cell's words
    before it when it says nothing of what its column holds (`sub_column`)."""
    if not sub_column(low.text):
        return low
    return low.model_copy(update={"text": f"{up.text.strip()} {low.text.strip()}"})


def sub_column(text: str) -> bool:
    """Whether a lower header cell says no column role of its own: only a scale ("1–5"), a
    bound ("бастап (қоса алғанда)", "до (не включая)") or who fills it in ("заполняет
    служащий", "қызметші толтырады"; grammar/tables.yaml `sub_column`, the bounds of `lookup`)."""
    spec = words()
    return not re.search(r"[^\W\d_]", text) or says(text, spec["sub_column"]) or says(
        text, spec["lookup"]["low_bound"] + spec["lookup"]["high_bound"])


def blank_tail(data: list[Node], width: int) -> int:
    """How many last columns are blank in every data row of the table's width (0 when no row
    has that width)."""
    full = [texts(r) for r in data if len(cells_of(r)) == width]
    if not full:
        return 0
    count = 0
    while count < width and all(not row[width - 1 - count].strip() for row in full):
        count += 1
    return count


def merged_header(top: Node, below: Node) -> Node:
    """One header row: each column's lower cell where it says something, else the upper."""
    cells = [low if low.text.strip() else up
             for up, low in zip(cells_of(top), cells_of(below))]
    return top.model_copy(update={"children": tuple(cells),
                                  "span": Span(start=top.span.start, end=below.span.end)})


def rejoined(data: list[Node], width: int) -> list[Node]:
    """Rows a multi-paragraph cell broke (a row short of `width` and the next row, which
    fills it exactly with the broken cell counted once), each made one."""
    out: list[Node] = []
    for row in data:
        last = out[-1] if out else None
        if last is not None and len(out) > 1 and broken(last, row, width):
            out[-1] = joined(last, row)
        else:
            out.append(row)
    return out


def broken(row: Node, after: Node, width: int) -> bool:
    """Whether `after` goes on with the last cell of a row cut short."""
    have, more = len(cells_of(row)), len(cells_of(after))
    return have < width and more > 1 and have + more - 1 == width \
        and texts(after)[0].strip() != ""


def joined(row: Node, after: Node) -> Node:
    """Two pieces of one row as one: the cell cut at the line break made whole again."""
    first, rest = cells_of(row), cells_of(after)
    cut, tail = first[-1], rest[0]
    text = f"{cut.text.rstrip()} {tail.text.lstrip()}".strip()
    span = Span(start=cut.span.start, end=tail.span.end)
    head = Span(start=(cut.head or cut.span).start, end=(tail.head or tail.span).end)
    whole = cut.model_copy(update={"text": text, "span": span, "head": head})
    return row.model_copy(update={"children": tuple(first[:-1] + [whole] + rest[1:]),
                                  "span": Span(start=row.span.start, end=after.span.end)})


# a cell opening with an item's label ("а) …", "1) …", "– …") is an item of its own
_LABEL = re.compile(r"\s*(?:[а-яәіңғүұқөһa-z\d]{1,2}\)|[-–—•·*])")


def unwrapped(data: list[Node]) -> list[Node]:
    """The rows of a table printed line by line with its cells' words wrapped (a text
    export: "1 | Качество исполнения должностных | | " then " | обязанностей"; a header's
    "Обоснование" then " | | | (обязательно при" and " | | | балле 5)"): a line that fills
    only cells the row above has words in, each going on in lower case, and leaves its first
    cell (the row's number) empty, is that row's cells going on."""
    out: list[Node] = []
    for row in data:
        if out and wraps(texts(row), texts(out[-1])):
            out[-1] = continued(out[-1], row)
        else:
            out.append(row)
    return out


def wraps(cells: list[str], above: list[str]) -> bool:
    """Whether a line's cells go on with the cells of the row above (`unwrapped`)."""
    filled = [i for i, c in enumerate(cells) if c.strip()]
    return bool(filled) and not cells[0].strip() and len(cells) <= len(above) and all(
        above[i].strip() and not _LABEL.match(cells[i]) and _lower_start(cells[i])
        for i in filled)


def _lower_start(text: str) -> bool:
    """Whether a text's first letter is a lower-case one ("обязанностей", "(обязательно")."""
    letter = next((ch for ch in text if ch.isalpha()), "")
    return letter.islower()


def continued(row: Node, line: Node) -> Node:
    """A row with a line's words added to its cells, column by column."""
    cells, more = cells_of(row), cells_of(line)
    out = []
    for i, cell in enumerate(cells):
        add = more[i] if i < len(more) and more[i].text.strip() else None
        if add is None:
            out.append(cell)
            continue
        span = Span(start=cell.span.start, end=add.span.end)
        head = Span(start=(cell.head or cell.span).start, end=(add.head or add.span).end)
        out.append(cell.model_copy(update={"text": f"{cell.text.rstrip()} {add.text.strip()}",
                                           "span": span, "head": head}))
    return row.model_copy(update={"children": tuple(out),
                                  "span": Span(start=row.span.start, end=line.span.end)})


def cells_of(row: Node) -> list[Node]:
    """A row's cell nodes."""
    return [c for c in row.children if c.kind == "cell"]


# ---------------------------------------------------------------- a table broken at its lines

# characters: a longer line between two parts of a table is a sentence, not its line
MAX_BREAK = 120
ROW_NUMBER = re.compile(r"(\d{1,2})\.?")


def whole_tables(children: tuple[Node, ...]) -> list[Node]:
    """A holder's children with each table a conversion broke at its lines of one cell made
    whole again. A text export writes a row of one cell as a line of its own, no cell break
    in it, so the table stops there: a header cell's second line ("Количество баллов" over
    "(за каждый случай)"), the heading of a group of rows ("Иная поощряемая деятельность").
    A table whose header takes column roles, then short lines, then a table of the header's
    width whose first row is numbered next are one table; each line is a row of one cell
    (what a row of one cell says, the readers skip)."""
    out: list[Node] = []
    i = 0
    while i < len(children):
        node, parts, j = children[i], [children[i]], i + 1
        if node.kind == "table" and headed(node):
            while True:
                k = j
                while k < len(children) and short_line(children[k]):
                    k += 1
                if k == j or k == len(children) or not numbered_next(parts, children[k]):
                    break
                parts += children[j:k + 1]
                j = k + 1
        out.append(one_table(parts) if len(parts) > 1 else node)
        i = j if len(parts) > 1 else i + 1
    return out


def headed(table: Node) -> bool:
    """Whether a table's first row is a header: two of its cells take column roles."""
    found = rows(table)
    return bool(found) and len(roles(texts(found[0]), table.lang)) >= 2


def short_line(node: Node) -> bool:
    """A paragraph that may be a line of a table: short, with nothing under it."""
    return node.kind == "paragraph" and not node.children and 0 < len(node.text) <= MAX_BREAK


def numbered_next(parts: list[Node], table: Node) -> bool:
    """Whether a table goes on with the parts before it: as wide as their header, its first
    row numbered after their last numbered row (1 after a header alone)."""
    found = rows(table)
    header = rows(parts[0])[0]
    if table.kind != "table" or not found or len(texts(found[0])) != len(texts(header)):
        return False
    numbers = [int(m[1]) for part in parts if part.kind == "table" for row in rows(part)
               if (m := ROW_NUMBER.fullmatch(texts(row)[0].strip()))]
    first = ROW_NUMBER.fullmatch(texts(found[0])[0].strip())
    return first is not None and int(first[1]) == (numbers[-1] + 1 if numbers else 1)


def one_table(parts: list[Node]) -> Node:
    """One table of the parts' rows in order, each line between them a row of one cell; it
    keeps the first part's address."""
    out: list[Node] = []
    for part in parts:
        if part.kind == "table":
            out += rows(part)
        else:
            cell = Node(kind="cell", address=f"{part.address}/cell1", text=part.text,
                        span=part.span, head=part.head, lang=part.lang)
            out.append(Node(kind="row", address=part.address, span=part.span, lang=part.lang,
                            children=(cell,)))
    first = parts[0]
    return first.model_copy(update={"children": tuple(out), "span": Span(
        start=first.span.start, end=parts[-1].span.end)})
