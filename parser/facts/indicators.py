"""Competencies and their behavioural indicators, read from the appendix "Құзыреттердің
мінез-құлық индикаторлары" / "Поведенческие индикаторы компетенций".

The appendix is a four-column table: competency | category | effective indicators |
ineffective indicators, one row per competency and category group, the competency's cell
merged over its rows. It reaches us in one of two shapes:

* a real table (`table` node, one `row` per table row): each row is read cell by cell, an
  empty name cell inheriting the name above;
* flattened text (PDF extraction): the cells of a row follow one another as blocks separated
  by a blank line, a page break is a run of blank lines, and a merged cell's text, being
  vertically centred, may print after the first part of its own row. This text is read from
  the raw source (where blank lines and letter-spacing survive) as a stream of names,
  categories, text cells and page breaks; see `_assemble` for how the stream becomes rows.

Each row gives one `competency` fact: name, categories (codes in Latin letters, the
parenthesised position kind dropped) and the indicators of both columns, one ";"-item each.
Every line of the appendix that could not be placed gives an UNEXTRACTED warning.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from ..model import Diagnostic, Document, Node, Span
from ..normalize import in_one_script
from .. import regexes
from ..resources import GRAMMAR, load_table
from .cells import ALL, named, words as table_words
from .layout import laid_out
from .model import Fact, fold

WORDS = GRAMMAR / "indicators.yaml"
EFFECTIVE, INEFFECTIVE = 0, 1
TERMINAL = ";.!?"


@lru_cache(maxsize=1)
def words() -> dict:
    """The reader's word table (grammar/indicators.yaml), with its patterns compiled."""
    data = load_table(WORDS)

    def any_of(patterns):
        return regexes.compile("|".join(f"(?:{p})" for p in patterns))

    code = data["category_code"]
    return {
        "title": any_of(data["title"]),
        "header": any_of(data["header"]),
        "columns": {key: any_of(pats) for key, pats in data["columns"].items()},
        "code": regexes.compile(code),
        "category": regexes.compile(rf"\s*(?:{code})(?:\s*[;,]?\s*(?:{code}))*"),
        "lookalikes": str.maketrans(data["lookalikes"]),
        "names": {fold(n).casefold() for names in data["names"].values() for n in names},
        "negation": any_of(data["negation"]),
        "not_negation": [n.casefold() for n in data["not_negation"]],
        "short_words": {w for ws in data["short_words"].values() for w in ws},
    }


# ---------------------------------------------------------------- entry point

def facts(doc: Document):
    """(facts, diagnostics) of a document: one `competency` fact per row of each
    behavioural-indicators appendix."""
    found: list[Fact] = []
    notes: list[Diagnostic] = []
    for node in doc.nodes():
        if node.kind != "appendix" or not _is_indicators_appendix(doc, node):
            continue
        tables = [n for n in node.walk() if n.kind == "table"]
        readers = [(_read_table, t) for t in tables] or \
            [(_read_listed if _listed_in_clauses(doc, node) else _read_flat, node)]
        for read, where in readers:
            more, more_notes = read(doc, where)
            found.extend(more)
            notes.extend(more_notes)
    return found, notes


def _is_indicators_appendix(doc: Document, node: Node) -> bool:
    """Whether the appendix's own heading lines (before its first table or clause) carry the
    behavioural-indicators title."""
    for child in node.children:
        if child.kind in ("table", "chapter", "section", "clause"):
            return False
        if child.kind in ("title", "paragraph", "addressee") and \
                words()["title"].search(doc.text[child.span.start:child.span.end]):
            return True
    return False


# ---------------------------------------------------------------- shared text helpers

def categories(text: str) -> list[str]:
    """Category codes of a category cell, in Latin letters, the parenthesised position kind
    dropped: "Е-2; Е-3 (құрылымдық бөлімшенің басшысы)" -> ["E-2", "E-3"]."""
    w = words()
    outside = re.sub(r"\([^)]*\)?", " ", text)
    return [re.sub(r"\s", "", m.group()).translate(w["lookalikes"])
            for m in w["code"].finditer(outside)]


def unspace(line: str) -> str:
    """A raw line with PDF letter-spacing undone: "м а қ с а т ы н д а" -> "мақсатында", and,
    on a justified line (words set apart by two spaces), a broken-off piece of a word joined
    back: "қажет  етет ін" -> "қажет ететін"."""
    line = re.sub(r"(?<!\S)\w(?: \w){2,}(?!\S)", lambda m: m.group().replace(" ", ""), line)
    if not re.search(r"\S {2,}\S", line):
        return line
    short = words()["short_words"]

    def glue(m: re.Match) -> str:
        piece = m.group(1)
        return m.group() if piece.casefold() in short else piece

    return re.sub(r"(?<=\w) (\w{1,2})(?!\S)", glue, line)


def items(text: str) -> list[str]:
    """A column's text -> its indicators: split at ";" and at a sentence end before a capital,
    a comma or semicolon pushed to the next line joined back, trailing "." / ";" dropped."""
    text = fold(text)
    text = re.sub(r"\s+([,;.:!?)])", r"\1", text)
    text = re.sub(r"\(\s+", "(", text)
    parts = re.split(r";|(?<=[.!?])\s+(?=[^\W\d_])(?=[A-ZА-ЯЁӘҒҚҢӨҰҮҺІ])", text)
    out = []
    for part in parts:
        part = part.strip().rstrip(".;").strip()
        if part:
            out.append(part)
    return out


def negated_share(text: str) -> float:
    """Share of a cell's items that carry a negation mark (0 when it has no item)."""
    w = words()
    found = items(text)
    if not found:
        return 0.0

    def negated(item: str) -> bool:
        low = item.casefold()
        for word in w["not_negation"]:
            low = low.replace(word, " ")
        return bool(w["negation"].search(low))

    return sum(negated(i) for i in found) / len(found)


def is_open(text: str) -> bool:
    """Whether a column's text so far ends inside an item (no closing ";" or ".")."""
    text = text.rstrip()
    return bool(text) and text[-1] not in TERMINAL


def _fact(doc: Document, address: str, span: Span, name: str, cats: list[str],
          effective: str, ineffective: str) -> Fact:
    """A competency fact of one row."""
    return Fact(kind="competency", address=address, span=span, quote=name,
                lang=doc.lang, fields={
                    "name": name, "categories": cats,
                    "indicators": {"effective": items(effective),
                                   "ineffective": items(ineffective)}})


def _unextracted(address: str, span: Span, what: str, text: str) -> Diagnostic:
    """The warning for a piece of the appendix no competency took."""
    return Diagnostic(code="UNEXTRACTED", severity="warning", address=address, span=span,
                      message=f"{what} not assigned to a competency: {fold(text)[:80]}")


# ---------------------------------------------------------------- competencies as clauses

_MARK = re.compile(r"\s*[–—‒−•-]\s+")  # a list item's mark
_NUMBER = re.compile(r"^\s*\d{1,3}[.)]\s*")
LABEL_WORDS = 6  # the most words a label over a list of indicators has


def _own(doc: Document, node: Node) -> str:
    """A node's own text (its children's aside)."""
    span = node.head or node.span
    return doc.text[span.start:span.end]


def _label(text: str) -> int | None:
    """EFFECTIVE or INEFFECTIVE for a label over a list of indicators ("Эффективное
    поведение:", "Тиімсіз мінез-құлық:"), else None."""
    text = fold(text)
    if not text.endswith(":") or len(text.split()) > LABEL_WORDS:
        return None
    columns = words()["columns"]
    if columns["ineffective"].search(text):
        return INEFFECTIVE
    return EFFECTIVE if columns["effective"].search(text) else None


def _listed_in_clauses(doc: Document, node: Node) -> bool:
    """Whether the appendix lists its competencies as clauses over labelled lists."""
    return any(c.kind == "clause" and any(g.kind == "paragraph" and _label(_own(doc, g)) is not None
                                          for g in c.children) for c in node.children)


def _read_listed(doc: Document, node: Node):
    """An appendix listing its competencies as numbered clauses ("1. Ответственность."), each
    over its labelled lists of indicators ("Эффективное поведение:" over "– …;" items,
    "Неэффективное поведение:" over more): one competency fact per clause, of the servants the
    heading over its group names ("Компетенции, оцениваемые у всех служащих", "… у служащих,
    занимающих руководящие должности": grammar/tables.yaml `applies_to`; every corps "B"
    servant where it names nobody or all). A paragraph that is none of these is reported."""
    found: list[Fact] = []
    notes: list[Diagnostic] = []
    group: str | None = None
    default = table_words()["default_applies_to"]
    for child in node.children:
        if child.kind == "paragraph":
            group = named(_own(doc, child)) or group
            continue
        if child.kind != "clause":
            continue
        name = _NUMBER.sub("", fold(_own(doc, child))).rstrip(".:; ")
        categories_ = [default if group in (None, ALL) else group]
        columns: tuple[list[str], list[str]] = ([], [])
        column = None
        for item in (c for c in child.children if c.kind == "paragraph"):
            text = _own(doc, item)
            label = _label(text)
            if label is not None:
                column = label
            elif column is not None and _MARK.match(text):
                columns[column].append(_MARK.sub("", text, count=1))
            elif named(text) is not None:  # the next group's heading, run on under this clause
                group = named(text)
            else:
                notes.append(_unextracted(item.address, item.span, "paragraph", text))
        found.append(_fact(doc, child.address, child.span, name, categories_,
                           ";".join(columns[EFFECTIVE]), ";".join(columns[INEFFECTIVE])))
    return found, notes


# ---------------------------------------------------------------- real tables

def _columns(header: list[str]) -> dict[str, int] | None:
    """Column index of name, category, effective, ineffective from the header row's cells
    (None when the row is not a header)."""
    found: dict[str, int] = {}
    for index, text in enumerate(header):
        for key, pattern in words()["columns"].items():
            if key not in found and pattern.search(text):
                found[key] = index
                break
    return found if len(found) == 4 else None


def _read_table(doc: Document, table: Node):
    """(facts, diagnostics) of a real table: one fact per row, merged names and categories
    inherited, a row a multi-paragraph cell broke made one again (layout.py)."""
    rows = [r for r in laid_out(table).children if r.kind == "row"]
    found, notes = [], []
    columns = {"name": 0, "category": 1, "effective": 2, "ineffective": 3}
    name, above = None, []
    for row in rows:
        cells = [c.text.replace("\u2028", "\n") for c in row.children]
        header = _columns(cells)
        if header is not None:
            columns = header
            continue
        cell = dict.fromkeys(columns, "")
        for key, index in columns.items():
            if index < len(cells):
                cell[key] = _listed(cells[index]) if key in ("effective", "ineffective") \
                    else cells[index]
        name = fold(cell["name"]) or name
        # a category cell merged over the rows of its competencies is empty below its first
        cats = categories(cell["category"]) or (above if not cell["category"].strip() else [])
        above = cats
        if name is None or not cats:
            notes.append(_unextracted(row.address, row.span, "table row", " ".join(cells)))
            continue
        found.append(_fact(doc, table.address, row.span, name, cats,
                           _unspaced(cell["effective"]), _unspaced(cell["ineffective"])))
    return found, notes


def _listed(cell: str) -> str:
    """A table cell whose paragraphs no ';' parts: each paragraph one indicator ("жұмысты …
    жоспарлайды" over "тапсырмалардың … бақылайды", a line break between them)."""
    return cell.replace("\n", ";") if ";" not in cell else cell


def _unspaced(text: str) -> str:
    """A multi-line cell with letter-spacing undone on every line."""
    return "\n".join(unspace(line) for line in text.split("\n"))


# ---------------------------------------------------------------- flattened text: lines

@dataclass
class Line:
    """A raw source line (or the part of one) with its raw offsets."""

    text: str
    start: int
    end: int


@dataclass
class Piece:
    """One element of the flattened table: a name, a category cell, a text cell or a page
    break; `lines` are its raw lines."""

    kind: str  # name | category | cell | page
    lines: list[Line] = field(default_factory=list)

    @property
    def text(self) -> str:
        """Its lines, letter-spacing undone, one a line."""
        return "\n".join(unspace(line.text) for line in self.lines)


def _raw_lines(doc: Document, node: Node) -> list[Line]:
    """The raw source lines of a node, blank ones included, in one script (Latin-script
    Kazakh read in Cyrillic, mixed-script words repaired: normalize.in_one_script)."""
    start = doc.offsets[node.span.start]
    end = doc.offsets[node.span.end - 1] + 1
    raw = doc.raw_text
    start = raw.rfind("\n", 0, start) + 1
    stop = raw.find("\n", end)
    end = len(raw) if stop < 0 else stop
    lines = []
    pos = start
    script = in_one_script(raw)
    for text in raw[start:end].split("\n"):
        lines.append(Line(script.between(pos, pos + len(text)), pos, pos + len(text)))
        pos += len(text) + 1
    return lines


def _name_at(lines: list[Line], i: int) -> int:
    """How many lines from `lines[i]` on spell a known competency name in its own cell
    (0: none). A name line inside a cell ("Шешім қабылдау" / "барысында …") is not a name: a
    name opens a block, or follows a closed item and is not continued in lower case."""
    known = words()["names"]
    before = lines[i - 1].text.strip() if i else ""
    for size in (3, 2, 1):
        chunk = lines[i:i + size]
        if len(chunk) < size or any(not line.text.strip() for line in chunk):
            continue
        if fold(" ".join(line.text for line in chunk)).casefold() not in known:
            continue
        after = lines[i + size].text.strip() if i + size < len(lines) else ""
        if not before or before[-1] in TERMINAL and not after[:1].islower():
            return size
    return 0


def _category_at(lines: list[Line], i: int) -> tuple[int, Line | None]:
    """(lines taken, text left over on the last one) when `lines[i]` opens a category cell:
    codes, then an optional parenthesis that may run over the next lines."""
    line = lines[i]
    m = words()["category"].match(line.text)
    if m is None or not line.text.strip():
        return 0, None
    taken, rest, pos = 1, line.text[m.end():], line.start + m.end()
    if rest.lstrip().startswith("("):
        while ")" not in rest and i + taken < len(lines) and lines[i + taken].text.strip():
            nxt = lines[i + taken]
            taken, rest, pos = taken + 1, nxt.text, nxt.start
        close = rest.find(")")
        if close >= 0:
            pos += close + 1
            rest = rest[close + 1:]
    left = Line(rest, pos, pos + len(rest)) if rest.strip() else None
    return taken, left


def _pieces(doc: Document, node: Node, to_norm: dict[int, int]) -> list[Piece]:
    """The table's pieces of a flattened appendix (its heading and header lines left out)."""
    lines = _raw_lines(doc, node)
    page_starts = set(doc.pages)
    heads = [(c.span.start, c.span.end) for c in node.children if c.kind in ("addressee", "title")]
    pieces: list[Piece] = []
    header: list[Line] = []
    blank = 0
    i = 0
    while i < len(lines):
        line = lines[i]
        if not line.text.strip():
            blank += 1
            i += 1
            continue
        gap, blank = blank, 0
        if not pieces and not _name_at(lines, i) and not _category_at(lines, i)[0]:
            block = _block(lines, i)
            if any(_is_header(each, heads, to_norm) for each in block):
                header.extend(block)  # a header cell: a line of it holds a header word
                i += len(block)
                continue
        if gap >= 2 or line.start in page_starts:
            pieces.append(Piece("page"))
        size = _name_at(lines, i)
        if size:
            pieces.append(Piece("name", lines[i:i + size]))
            i += size
            continue
        size, left = _category_at(lines, i)
        if size:
            taken = lines[i:i + size]
            if left is not None:
                last = taken[-1]
                taken[-1] = Line(last.text[:left.start - last.start], last.start, left.start)
            pieces.append(Piece("category", taken))
            if left is not None:
                pieces.append(Piece("cell", [left]))
            i += size
            continue
        if gap or not pieces or pieces[-1].kind != "cell":
            pieces.append(Piece("cell"))
        pieces[-1].lines.append(line)
        i += 1
    return _named_by_position(_drop_repeated_header(pieces, header))


def _block(lines: list[Line], i: int) -> list[Line]:
    """The lines from `lines[i]` up to the next blank line."""
    end = i
    while end < len(lines) and lines[end].text.strip():
        end += 1
    return lines[i:end]


def _is_header(line: Line, heads: list[tuple[int, int]], to_norm: dict[int, int]) -> bool:
    """Whether a line before the first row belongs to the appendix's heading (addressee,
    title) or holds a word of the table's header row."""
    if words()["header"].search(line.text):
        return True
    kept = [to_norm[o] for o in range(line.start, line.end) if o in to_norm]
    return bool(kept) and any(a <= kept[0] < b for a, b in heads)


def _drop_repeated_header(pieces: list[Piece], header: list[Line]) -> list[Piece]:
    """Pieces without the table header repeated at the top of a page (a cell whose text is
    the header's text)."""
    said = fold(" ".join(line.text for line in header))
    return [p for p in pieces if not (p.kind == "cell" and fold(p.text) and fold(p.text) in said
                                      and words()["header"].search(p.text))]


def _named_by_position(pieces: list[Piece]) -> list[Piece]:
    """An unlisted name: a short cell of its own (at most two lines and six words, opening
    with a capital, no punctuation) standing just before a category."""
    out = []
    for index, piece in enumerate(pieces):
        nxt = pieces[index + 1] if index + 1 < len(pieces) else None
        text = fold(piece.text)
        if (piece.kind == "cell" and nxt is not None and nxt.kind == "category"
                and len(piece.lines) <= 2 and len(text.split()) <= 6 and text[:1].isupper()
                and not re.search(r"[;.,:]", text)):
            piece = Piece("name", piece.lines)
        out.append(piece)
    return out


# ---------------------------------------------------------------- flattened text: rows

@dataclass
class Row:
    """One table row being assembled: its category cell, both columns' text, the raw lines
    it took, and the cells of the current page not yet placed."""

    category: Piece
    columns: list[str] = field(default_factory=lambda: ["", ""])
    lines: list[Line] = field(default_factory=list)
    pending: list[Piece] = field(default_factory=list)  # first cell of a page's pair
    paired: bool = False  # this page already gave both columns a cell

    def put(self, column: int, cell: Piece) -> None:
        """Append a cell's text to a column."""
        self.columns[column] = f"{self.columns[column]}\n{cell.text}".strip("\n")
        self.lines.extend(cell.lines)


@dataclass
class Competency:
    """A competency: its name (piece) and its rows."""

    name: Piece | None
    rows: list[Row] = field(default_factory=list)

    def categories(self) -> set[str]:
        """Every category code of its rows."""
        return {c for row in self.rows for c in categories(row.category.text)}


def _assemble(pieces: list[Piece]) -> tuple[list[Competency], list[Piece]]:
    """(competencies, pieces no row took) from the flattened stream.

    A category opens a row; on each page a row takes one pair of cells (effective, then
    ineffective), so cells beyond the pair belong to the next row, whose name and category,
    centred, print after the page break - unless a column is still open mid-item, which the
    extra cell then continues. A lone cell is put where an item is open, else in the column
    its negation marks point to. A row opens a new competency when its categories repeat
    one of the current competency's, or when a name came for the next one. A name goes to
    the current competency while it has none, unless a category opening the next competency
    follows it at once."""
    competencies: list[Competency] = []
    row: Row | None = None
    orphans: list[Piece] = []
    lost: list[Piece] = []
    waiting: Piece | None = None
    for index, piece in enumerate(pieces):
        if piece.kind == "page":
            if row is not None:
                _settle(row)
                row.paired = False
        elif piece.kind == "name":
            following = next((p for p in pieces[index + 1:] if p.kind != "page"), None)
            opens_next = following is not None and following.kind == "category" and (
                row is None or _repeats(competencies[-1], following))
            if row is not None and competencies[-1].name is None and not opens_next:
                competencies[-1].name = piece
            else:
                if waiting is not None:
                    lost.append(waiting)
                waiting = piece
        elif piece.kind == "category":
            if row is not None:
                _settle(row)
            if row is None or waiting is not None or _repeats(competencies[-1], piece):
                competencies.append(Competency(waiting))
                waiting = None
            row = Row(piece, lines=list(piece.lines))
            competencies[-1].rows.append(row)
            for cell in orphans:
                _take(row, cell, lost)
            orphans = []
            if row.pending or row.paired:
                _settle(row)
                row.paired = False
        elif row is None:
            orphans.append(piece)
        else:
            _take(row, piece, orphans)
    if row is not None:
        _settle(row)
    if waiting is not None:
        lost.append(waiting)
    return competencies, lost + orphans


def _repeats(competency: Competency, category: Piece) -> bool:
    """Whether a category cell names a category the competency already has a row for."""
    return bool(competency.categories() & set(categories(category.text)))


def _take(row: Row, cell: Piece, orphans: list[Piece]) -> None:
    """Place a text cell in a row (see `_assemble`)."""
    if row.paired:
        for column in (EFFECTIVE, INEFFECTIVE):
            if is_open(row.columns[column]):
                row.put(column, cell)
                return
        orphans.append(cell)
    elif row.pending:
        row.put(EFFECTIVE, row.pending.pop())
        row.put(INEFFECTIVE, cell)
        row.paired = True
    else:
        row.pending.append(cell)


def _settle(row: Row) -> None:
    """Place a page's lone cell: in the only open column, else where its negation marks
    point (most items negated: ineffective)."""
    if not row.pending:
        return
    cell = row.pending.pop()
    open_columns = [c for c in (EFFECTIVE, INEFFECTIVE) if is_open(row.columns[c])]
    if len(open_columns) == 1:
        row.put(open_columns[0], cell)
    else:
        row.put(INEFFECTIVE if negated_share(cell.text) > 0.5 else EFFECTIVE, cell)


# ---------------------------------------------------------------- flattened text: facts

def _read_flat(doc: Document, node: Node):
    """(facts, diagnostics) of a flattened behavioural-indicators appendix."""
    to_norm = _normalized_map(doc, node)
    competencies, lost = _assemble(_pieces(doc, node, to_norm))
    found, notes = [], []
    for competency in competencies:
        for number, row in enumerate(competency.rows):
            lines = list(row.lines)
            if number == 0 and competency.name is not None:
                lines.extend(competency.name.lines)
            span = _span(to_norm, lines)
            if competency.name is None:
                notes.append(_unextracted(node.address, span, "row without a competency name",
                                          row.columns[EFFECTIVE]))
                continue
            found.append(_fact(doc, node.address, span, fold(competency.name.text),
                               categories(row.category.text), row.columns[EFFECTIVE],
                               row.columns[INEFFECTIVE]))
    for piece in lost:
        notes.append(_unextracted(node.address, _span(to_norm, piece.lines), piece.kind,
                                  piece.text))
    return found, notes


def _normalized_map(doc: Document, node: Node) -> dict[int, int]:
    """Raw offset -> normalized offset, over a node's span."""
    out: dict[int, int] = {}
    for i in range(node.span.start, node.span.end):
        out.setdefault(doc.offsets[i], i)
    return out


def _span(to_norm: dict[int, int], lines: list[Line]) -> Span:
    """The normalized span covering raw lines (their characters normalization kept)."""
    hits = [to_norm[o] for line in lines for o in range(line.start, line.end) if o in to_norm]
    if not hits:
        return Span(start=0, end=0)
    return Span(start=min(hits), end=max(hits) + 1)
