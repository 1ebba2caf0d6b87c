"""DOCX: paragraphs and table rows in document order, Word's automatic numbers and bullet marks
restored, equations read as their linear formulas, footnotes and endnotes under the paragraphs
of their markers, text boxes and frames before the paragraphs they are anchored to."""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field

from lxml import etree

from .. import lang, limits
from ..errors import InputError
from ..model import Diagnostic, RawText
from ..words import alt
from .html import (BULLET, CELL_BREAK, OWN_LABEL, PUSHED_RIGHT_PT, numbered_layout,
                   table_blocks, written)
from .omml import M, linear

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_M_MATH = M + "oMath"
# an equation's edge in a paragraph's text: a space parts it from a word, not from the
# punctuation after it
_EQUATION_EDGE = re.compile(r"\0(?=[\s,.;:)]|$)")
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_NS = {"w": _W[1:-1], "m": M[1:-1],
       "mc": "http://schemas.openxmlformats.org/markup-compatibility/2006"}
# What shows on the page, in order: runs and equations (Office Math) not deleted or moved
# away, not inside a text box of the paragraph (one inside as many text boxes as the
# paragraph, $depth, is the paragraph's); a run inside an equation is the equation's.
_SHOWN = ("not(ancestor::w:del) and not(ancestor::w:moveFrom)"
          " and count(ancestor::w:txbxContent) = $depth")
_RUNS = etree.XPath(f".//w:r[{_SHOWN} and not(ancestor::m:oMath)]"
                    f" | .//m:oMath[{_SHOWN} and not(ancestor::m:oMath)]", namespaces=_NS)
# The text boxes anchored to a paragraph: a frame, a shape's text. Word and Writer write each
# twice, a DrawingML text box (mc:Choice) and its VML copy (mc:Fallback): the copy is read only
# where the choice holds no text box.
_BOXES = etree.XPath(".//w:txbxContent[count(ancestor::w:txbxContent) = $depth"
                     " and not(ancestor::mc:Fallback[../mc:Choice//w:txbxContent])]",
                     namespaces=_NS)
_RU = "абвгдежзиклмнопрстуфхцчшщэюя"  # Word's russianLower skips ё, й, ъ, ы, ь


@dataclass(frozen=True)
class Level:
    """One level of a list definition: start value, number format, label template, and the
    level whose use restarts it (w:lvlRestart, one-based: 0 never; None, the default: any
    level above it)."""

    start: int = 1
    fmt: str = "decimal"
    text: str = ""
    restart: int | None = None

    def restarted_by(self, ilvl: int, own: int) -> bool:
        """Does a use of level `ilvl` (zero-based) restart this level, level `own`?"""
        return ilvl < own if self.restart is None else ilvl < self.restart


@dataclass
class Numbering:
    """The numbering part, read once, and the running counters of every list."""

    levels: dict[str, dict[int, Level]] = field(default_factory=dict)  # abstractNumId ->
    nums: dict[str, tuple[str, dict[int, int]]] = field(default_factory=dict)  # numId ->
    counters: dict[str, list[int | None]] = field(default_factory=dict)

    def label(self, num_id: str, ilvl: int) -> str:
        """Advance the list's counter at this level and render its label ("3.", "б)")."""
        if num_id not in self.nums:
            return ""
        abstract, overrides = self.nums[num_id]
        levels = self.levels.get(abstract, {})
        key = num_id if overrides else abstract  # lists without a restart continue each other
        counts = self.counters.setdefault(key, [None] * 10)
        for k in range(ilvl):
            if counts[k] is None:
                counts[k] = _start(levels, overrides, k)
        counts[ilvl] = _start(levels, overrides, ilvl) if counts[ilvl] is None \
            else counts[ilvl] + 1
        for k in range(ilvl + 1, len(counts)):
            if levels.get(k, Level()).restarted_by(ilvl, k):
                counts[k] = None
        level = levels.get(ilvl, Level())
        if level.fmt == "bullet":
            return _bullet(level.text)
        if level.fmt == "none":
            return ""
        label = level.text
        for k in range(ilvl + 1):
            label = label.replace(f"%{k + 1}", _format(counts[k] or 0, levels.get(k, Level()).fmt))
        return label.strip()


_DASHES = {"-": "–", "–": "–", "—": "–", "‒": "–", "−": "–"}


def _bullet(text: str) -> str:
    """A bullet level's mark as a text's list writes it: a dash stays a dash ("–"), any
    other mark (a Symbol or Wingdings glyph, "o", "§", a picture) is "•"."""
    return _DASHES.get(text.strip(), BULLET)


def _start(levels: dict[int, Level], overrides: dict[int, int], ilvl: int) -> int:
    return overrides.get(ilvl, levels.get(ilvl, Level()).start)


def _letters(n: int, alphabet: str) -> str:
    """1 -> a, 27 -> aa: Word repeats the letter past the end of the alphabet."""
    n = max(n, 1)
    return alphabet[(n - 1) % len(alphabet)] * ((n - 1) // len(alphabet) + 1)


def _roman(n: int) -> str:
    out = ""
    for value, digits in ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"),
                          (90, "xc"), (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"),
                          (4, "iv"), (1, "i")):
        while n >= value:
            out, n = out + digits, n - value
    return out


_FORMATS = {
    "lowerLetter": lambda n: _letters(n, "abcdefghijklmnopqrstuvwxyz"),
    "upperLetter": lambda n: _letters(n, "ABCDEFGHIJKLMNOPQRSTUVWXYZ"),
    "russianLower": lambda n: _letters(n, _RU),
    "russianUpper": lambda n: _letters(n, _RU.upper()),
    "lowerRoman": _roman,
    "upperRoman": lambda n: _roman(n).upper(),
    "decimalZero": lambda n: f"{n:02d}",
}


def _format(n: int, fmt: str) -> str:
    """A counter value in a Word number format; unknown formats fall back to decimal."""
    return _FORMATS.get(fmt, str)(n)


def _val(el, tag: str) -> str | None:
    child = el.find(_W + tag) if el is not None else None
    return child.get(_W + "val") if child is not None else None


def read_numbering(document) -> Numbering:
    """The list definitions of numbering.xml (an empty Numbering when there is none)."""
    try:
        root = document.part.numbering_part.element
    except (KeyError, NotImplementedError):
        return Numbering()
    numbering = Numbering()
    for abstract in root.iter(_W + "abstractNum"):
        numbering.levels[abstract.get(_W + "abstractNumId")] = {
            int(lvl.get(_W + "ilvl", "0")): Level(int(_val(lvl, "start") or 1),
                                                  _val(lvl, "numFmt") or "decimal",
                                                  _val(lvl, "lvlText") or "",
                                                  _restart(lvl))
            for lvl in abstract.iter(_W + "lvl")}
    for num in root.iter(_W + "num"):
        overrides = {int(o.get(_W + "ilvl", "0")): int(_val(o, "startOverride"))
                     for o in num.iter(_W + "lvlOverride") if _val(o, "startOverride")}
        numbering.nums[num.get(_W + "numId")] = (_val(num, "abstractNumId"), overrides)
    return numbering


def _restart(lvl) -> int | None:
    value = _val(lvl, "lvlRestart")
    return int(value) if value and value.isdigit() else None


def _num_pr(p, styles) -> tuple[str | None, int]:
    """(numId, ilvl) of a paragraph, from its own properties or its style chain."""
    ppr = p.find(_W + "pPr")
    num_id, ilvl = None, None
    style_id = _val(ppr, "pStyle")
    chain = [ppr]
    for _ in range(10):  # a style's basedOn chain; the bound guards against cycles
        style = styles.get(style_id) if style_id else None
        if style is None:
            break
        chain.append(style.find(_W + "pPr"))
        style_id = _val(style, "basedOn")
    for props in chain:
        pr = props.find(_W + "numPr") if props is not None else None
        if pr is not None:
            num_id = num_id or _val(pr, "numId")
            ilvl = ilvl if ilvl is not None else _val(pr, "ilvl")
    return num_id, int(ilvl or 0)


_NOTE_KINDS = (("footnote", "decimal"), ("endnote", "lowerRoman"))  # Word's default formats
# a note's marker on the page: not deleted or moved away, not in a text box (a box's notes are
# read at the document's end, NOTE_UNPLACED)
_MARKER_SHOWN = ("[not(ancestor::w:del) and not(ancestor::w:moveFrom)"
                 " and not(ancestor::w:txbxContent)]")
_REFS = etree.XPath(" | ".join(f".//w:{kind}Reference{_MARKER_SHOWN}" for kind, _ in _NOTE_KINDS),
                    namespaces=_NS)
_NUMBER_SHOWN = etree.XPath(" | ".join(f".//w:{kind}Ref" for kind, _ in _NOTE_KINDS),
                            namespaces=_NS)
_ON = ("1", "true", "on")


@dataclass
class Notes:
    """The footnotes and endnotes parts: each note's element by (kind, id), the number
    format and start of each kind, the running number and the notes already placed."""

    parts: dict[tuple[str, str], object] = field(default_factory=dict)
    formats: dict[str, tuple[str, int]] = field(default_factory=dict)  # kind -> (fmt, start)
    counts: dict[str, int] = field(default_factory=dict)
    placed: set[tuple[str, str]] = field(default_factory=set)

    def referenced(self, el) -> list[tuple[tuple[str, str], str]]:
        """The notes whose markers `el` holds, in document order, each with its label (the
        number Word shows: notes are numbered in the order of their markers; a custom mark
        is in the text and numbers nothing)."""
        out = []
        for ref in _REFS(el):
            kind = ref.tag[len(_W):-len("Reference")]
            key = (kind, ref.get(_W + "id"))
            if key not in self.parts or key in self.placed:
                continue
            self.placed.add(key)
            label = ""
            if ref.get(_W + "customMarkFollows") not in _ON:
                fmt, start = self.formats.get(kind, ("decimal", 1))
                self.counts[kind] = self.counts.get(kind, start - 1) + 1
                label = _format(self.counts[kind], fmt)
            out.append((key, label))
        return out

    def unplaced(self) -> list[tuple[str, str]]:
        """The notes no marker of the text calls, in the parts' order."""
        return [key for key in self.parts if key not in self.placed]


def read_notes(document) -> Notes:
    """The footnotes and endnotes parts (the separators Word keeps there are no notes)."""
    from docx.oxml import parse_xml  # lazy: with python-docx

    from docx.opc.constants import RELATIONSHIP_TYPE as RT

    notes = Notes()
    kinds = {RT.FOOTNOTES: "footnote", RT.ENDNOTES: "endnote"}
    for rel in document.part.rels.values():
        kind = kinds.get(rel.reltype)
        if kind is None or rel.is_external:
            continue
        part = rel.target_part
        root = part.element if hasattr(part, "element") else parse_xml(part.blob)
        for note in root.iterchildren(_W + kind):
            if note.get(_W + "type") in (None, "normal"):
                notes.parts[(kind, note.get(_W + "id"))] = note
    settings = document.settings.element
    for kind, default in _NOTE_KINDS:
        pr = settings.find(f"{_W}{kind}Pr")
        notes.formats[kind] = (_val(pr, "numFmt") or default, int(_val(pr, "numStart") or 1))
    return notes


@dataclass
class _Context:
    """What reading a body needs besides the XML: lists, paragraph styles, the notes."""

    numbering: Numbering
    styles: dict
    notes: Notes = field(default_factory=lambda: Notes())
    layout: bool = False  # a table was the layout of numbered clauses
    depth: int = 0  # the text boxes the paragraphs being read are inside
    # the body's paragraphs are a printed page's lines (a converter's) this wide: "line"
    # blocks, a first line indented; centred lines in a row one block
    printed: int = 0
    # the edition a bilingual parallel text is read in ('kk', 'ru'; None: its left column's)
    edition: str | None = None
    found: list[Diagnostic] = field(default_factory=list)  # what reading the body found


def _paragraph(p, ctx: _Context) -> str:
    """One w:p -> its text with a restored list label; a line break (w:br) stays a line
    break, tabs become spaces, an equation its linear text (omml.linear)."""
    text = "".join(f"\0{linear(r)}\0" if r.tag == _M_MATH else r.text
                   for r in _RUNS(p, depth=ctx.depth))
    text = _EQUATION_EDGE.sub("", text).replace("\0", " ")
    text = text.replace("\t", " ")
    text = "\n".join(" ".join(line.split()) for line in text.split("\n") if line.strip())
    num_id, ilvl = _num_pr(p, ctx.styles)
    label = ctx.numbering.label(num_id, ilvl) if num_id and num_id != "0" else ""
    if label in (BULLET, "–") and OWN_LABEL.match(text):
        label = ""  # "– 1) …": the item's own number is its label, as in a text's list
    if label and not text and label not in (BULLET, "–"):
        return label  # Word shows the number of an empty item (a sheet's "№" column)
    return f"{label} {text}" if label and text else text


def _aligned_right(p, styles) -> bool:
    """Is the paragraph set at the right, by its own properties or its style chain: aligned
    right, or pushed past the page's middle by its left indent (a stamp Word indents,
    `<w:ind w:left="5386"/>`: 180 pt and more, as the HTML reader's margin)?"""
    jc, indent = _alignment(p, styles)
    return jc in ("right", "end") or (jc not in ("center", "both", "distribute")
                                      and (indent or 0) >= PUSHED_RIGHT_PT * 20)


def _alignment(p, styles) -> tuple[str | None, int | None]:
    """A paragraph's alignment (w:jc) and left indent, from its own properties or its style
    chain."""
    ppr = p.find(_W + "pPr")
    jc, indent, style_id = _val(ppr, "jc"), _left_indent(ppr), _val(ppr, "pStyle")
    for _ in range(10):  # a style's basedOn chain; the bound guards against cycles
        style = styles.get(style_id) if style_id and (jc is None or indent is None) else None
        if style is None:
            break
        props = style.find(_W + "pPr")
        jc = jc if jc is not None else _val(props, "jc")
        indent = indent if indent is not None else _left_indent(props)
        style_id = _val(style, "basedOn")
    return jc, indent


def _printed_line(p, text: str) -> str:
    """A printed line as a page's text sets it: four spaces in when it opens a paragraph
    with a first-line indent."""
    ppr = p.find(_W + "pPr")
    ind = ppr.find(_W + "ind") if ppr is not None else None
    first = ind.get(_W + "firstLine") if ind is not None else None
    return ("    " if first and first.isdigit() and int(first) > 0 else "") + text


def _left_indent(ppr) -> int | None:
    """A paragraph's left indent in twentieths of a point (w:ind w:left or w:start), or
    None where its properties set none."""
    ind = ppr.find(_W + "ind") if ppr is not None else None
    if ind is None:
        return None
    value = ind.get(_W + "left") or ind.get(_W + "start")
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None


def _cell(tc, ctx: _Context) -> str:
    """One w:tc -> its paragraphs joined by U+2028 (a nested table's rows likewise)."""
    lines = []
    for kind, value in _blocks(tc, ctx):
        if kind != "chrome":
            lines.append(" ".join(value) if kind == "row" else value.replace("\n", CELL_BREAK))
    return CELL_BREAK.join(line for line in lines if line)


def _table(tbl, ctx: _Context) -> list[tuple[str, object]]:
    """One w:tbl -> row blocks; a merged cell is one w:tc, so it is not repeated. A table of
    one column is layout (a stamp in a frame): its cells' blocks are the body's, a run of
    right-aligned paragraphs one block as outside a table; so is a table of two columns that
    holds numbered clauses (`numbered_layout`)."""
    cells = [list(_children(tr, "tc")) for tr in _children(tbl, "tr")]
    if all(len(row) < 2 for row in cells):
        return [block for row in cells for tc in row for block in _blocks(tc, ctx)]
    editions = _editions(cells)
    if editions:
        return _parallel(cells, editions, ctx)
    rows = [[_cell(tc, ctx) for tc in row] for row in cells]
    layout = numbered_layout(rows, ctx.layout)
    if layout is None:
        return table_blocks(rows)
    ctx.layout = True
    return layout


# A bilingual act set as a parallel text: a borderless table of two columns, a paragraph a row,
# the Kazakh edition in one column and the Russian in the other (its forms nested in the
# cells). A letterhead is a table of the two languages too, of a few short rows.
PARALLEL_ROWS = 6  # rows with both cells written, at least
PARALLEL_CHARS = 500  # characters of each column, at least
_NAMES = {"kk": "Kazakh", "ru": "Russian"}


def _editions(cells: list[list]) -> tuple[str, str] | None:
    """The languages of a parallel text's two columns, left first; None for any other
    table (a form, a letterhead, a table of one language)."""
    if any(len(row) > 2 for row in cells):
        return None
    pairs = [[" ".join("".join(tc.itertext()).split()) for tc in row] for row in cells
             if len(row) == 2]
    if sum(1 for left, right in pairs if left and right) < PARALLEL_ROWS:
        return None
    columns = [" ".join(row[k] for row in pairs) for k in (0, 1)]
    if min(map(len, columns)) < PARALLEL_CHARS:
        return None
    left, right = (lang.detect(column) for column in columns)
    return (left, right) if {left, right} == {"kk", "ru"} else None


def _parallel(cells: list[list], editions: tuple[str, str], ctx: _Context):
    """A parallel text's rows -> the blocks of the edition read (`ctx.edition`, else the left
    column's), each row's cell of the other edition written and listed for removal; a row of
    one cell (a heading across both columns) is read."""
    read = editions.index(ctx.edition) if ctx.edition in editions else 0
    other = _NAMES[editions[1 - read]]
    reason = f"the parallel text's {other} edition"
    chosen = f"the entry's edition ({ctx.edition})" if ctx.edition in editions else (
        "the left column's (a corpus entry's meta.yaml `lang:` chooses the other)")
    ctx.found.append(Diagnostic(
        code="PARALLEL_TEXT", severity="info",
        message=f"a bilingual parallel text ({_NAMES[editions[0]]} at left, "
                f"{_NAMES[editions[1]]} at right): its {_NAMES[editions[read]]} edition is "
                f"read, {chosen}; the {other} column is reported"))
    for row in cells:
        for k, tc in enumerate(row):
            if len(row) < 2 or k == read:
                yield from _blocks(tc, ctx)
                continue
            for kind, value in _blocks(tc, ctx):
                if kind == "row":
                    yield "chrome", (reason, "\t".join(value))
                elif kind in ("p", "line"):
                    yield "chrome", (reason, value)
                elif kind == "chrome":
                    yield kind, value


def _children(el, tag: str):
    """Child elements with this tag, looking through content controls (w:sdt)."""
    for child in el.iterchildren():
        if child.tag == _W + tag:
            yield child
        elif child.tag in (_W + "sdt", _W + "sdtContent", _W + "customXml"):
            yield from _children(child, tag)


def _blocks(container, ctx: _Context, top: bool = False, boxed: bool = False):
    """Paragraph and row blocks of a body, cell or text box, in document order. Right-aligned
    paragraphs that follow each other are one block typed a line a paragraph (an addressee
    block), as are a text box's (`boxed`: a frame set apart from the text, a stamp); an empty
    paragraph ends it. The text boxes anchored to a paragraph come before it (a frame's place
    on the page is its anchor's). In the body (`top`), the footnotes and endnotes whose
    markers a block holds follow it, each a paragraph opening with its number, as a PDF's
    footnote follows the paragraph of its marker (a table's, the table)."""
    run: list[str] = []
    centred: list[str] = []  # a printed page's centred lines in a row: a title's, one block
    called: list = []  # the notes called from the blocks not yet written
    right = ctx.printed if top else 0  # a printed page's right-aligned lines set at its right

    def flush():
        yield from _run(run, right)
        yield from _run(centred)
        yield from _notes(called, ctx)

    for el in container.iterchildren():
        refs = ctx.notes.referenced(el) if top and el.tag in (_W + "p", _W + "tbl") else []
        if el.tag == _W + "p":
            for box in _BOXES(el, depth=ctx.depth):
                found = list(_box(box, ctx))
                if any(kind != "chrome" for kind, _ in found):
                    yield from flush()  # a page's number in its box ends no stamp's lines
                yield from found
            text = _paragraph(el, ctx)
            if text and (boxed or _aligned_right(el, ctx.styles)):
                yield from _run(centred)
                run.append(text)
                called.extend(refs)
                continue
            if text and top and ctx.printed and _alignment(el, ctx.styles)[0] == "center":
                yield from _run(run, right)
                if _HEADING_OPENING.match(text):  # "1. Общие положения" under the title
                    yield from _run(centred)
                centred.append(text)
                continue
            yield from flush()
            if text and top and ctx.printed:
                yield "line", _printed_line(el, text)
            elif text:
                yield "p", text
        elif el.tag == _W + "tbl":
            yield from flush()
            yield from _table(el, ctx)
        elif el.tag in (_W + "sdt", _W + "customXml", _W + "sdtContent"):
            yield from flush()
            yield from _blocks(el, ctx, top, boxed)
        called.extend(refs)
        if refs:
            yield from flush()
    yield from flush()


def _box(box, ctx: _Context):
    """The blocks of a text box (w:txbxContent), one level deeper; a box that holds nothing
    but a page's number ("3", "- 3 -", "3-бет": a converter keeps a PDF's footer so) is the
    page around the text."""
    ctx.depth += 1
    try:
        found = list(_blocks(box, ctx, boxed=True))
    finally:
        ctx.depth -= 1
    if len(found) == 1 and found[0][0] == "p" and _PAGE_NUMBER.fullmatch(found[0][1]):
        yield "chrome", (PAGE_NUMBER_BOX, found[0][1])
    else:
        yield from found


PAGE_NUMBER_BOX = "page number in a text box"
# a centred line that opens a heading of its own, not a title's next line: a number, a
# chapter's or a section's word ("1. Общие положения", "Глава 2", "2-тарау")
_HEADING_OPENING = re.compile(rf"\s*(?:\d|(?:{alt('chapter', 'prefix')}|{alt('section', 'prefix')})\s)")
_PAGE_NUMBER = re.compile(rf"\s*(?:\d{{1,4}}|{alt('page_footer')})\s*")
# a paragraph's end that ends a sentence, a list item or a clause's lead-in
_SENTENCE_END = re.compile(r"[.:;!?)»\"”]\s*$")
# of the boundaries between two paragraphs, those inside a sentence: a typed .docx has a
# fifth to a third of them (its headings, titles, stamps' lines), a converter's half or more
PRINTED_SHARE = 0.4
PRINTED_MIN = 10  # paragraph boundaries, at least, to tell
PRINTED_WIDTH = 160  # characters: a paragraph longer than this is no printed line


def _printed_width(blocks: list[tuple[str, object]]) -> int:
    """The width of a printed line when the body's paragraphs are a page's printed lines (a
    PDF-to-Word converter's, a paragraph or a line break a printed line: no line is longer
    than a printed one, and PRINTED_SHARE of the boundaries between two lines or more fall
    inside a sentence), else 0."""
    texts = [line for kind, value in blocks if kind == "p" for line in str(value).split("\n")]
    pairs = list(zip(texts, texts[1:]))
    width = max(map(len, texts), default=0)
    if len(pairs) < PRINTED_MIN or width > PRINTED_WIDTH:
        return 0
    wrapped = sum(1 for a, _ in pairs if not _SENTENCE_END.search(a))
    return width if wrapped >= PRINTED_SHARE * len(pairs) else 0


def _run(lines: list[str], width: int = 0):
    """A finished run of right-aligned paragraphs as one block (emptied for the next); on a
    printed page `width` wide, each line set at the page's right edge, as a page's text sets
    a stamp (RIGHT_GAP spaces at least before it)."""
    if lines:
        yield "p", "\n".join(" " * max(RIGHT_GAP, width - len(line)) + line if width else line
                              for line in lines)
    lines.clear()


RIGHT_GAP = 24  # spaces: a line set this deep is a stamp's, as a page's text reads it


def _notes(called: list, ctx: _Context):
    """The blocks of the notes called (emptied for the next): a note's first paragraph
    opens with its number ("1 …") when it shows one (w:footnoteRef)."""
    for key, label in called:
        note = ctx.notes.parts[key]
        numbered = label and _NUMBER_SHOWN(note)
        for k, (kind, value) in enumerate(_blocks(note, ctx)):
            yield kind, f"{label} {value}" if k == 0 and numbered and kind == "p" else value
    called.clear()


def _open(data: bytes, name: str):
    """Bytes -> python-docx Document, or InputError saying why not."""
    import docx  # lazy: a heavy library, loaded when a DOCX is opened

    if data.startswith(_OLE):
        raise InputError(name, "encrypted DOCX or a legacy Word .doc (OLE container), "
                         "not a DOCX")
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise InputError(name, "not a DOCX: not a zip archive (damaged or another format)")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            limits.check_zip(name, archive)
    except zipfile.BadZipFile as exc:
        raise InputError(name, f"damaged DOCX: {exc}") from None
    try:
        return docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx, zipfile and lxml raise many kinds
        raise InputError(name, f"damaged DOCX: {type(exc).__name__}: {exc}") from None


def read_docx(data: bytes, name: str, edition: str | None = None) -> RawText:
    """A .docx file as RawText (format "docx"): one line a paragraph, one a table row; of a
    bilingual parallel text, the `edition`'s column ('kk', 'ru'; None: the left one)."""
    document = _open(data, name)
    styles = {s.get(_W + "styleId"): s for s in document.styles.element.iter(_W + "style")}
    try:
        ctx = _Context(read_numbering(document), styles, read_notes(document), edition=edition)
        blocks = list(_blocks(document.element.body, ctx, top=True))
        printed = _printed_width(blocks)
        if printed:  # read again, each paragraph a printed line
            ctx = _Context(read_numbering(document), styles, read_notes(document),
                           printed=printed, edition=edition)
            blocks = list(_blocks(document.element.body, ctx, top=True))
        unplaced = ctx.notes.unplaced()
        blocks += _notes([(key, "") for key in unplaced], ctx)
    except Exception as exc:  # malformed XML values (a non-numeric ilvl, a notes part, …)
        raise InputError(name, f"damaged DOCX: {type(exc).__name__}: {exc}") from None
    if not blocks:
        raise InputError(name, "DOCX holds no text")
    found = tuple(ctx.found) + tuple(Diagnostic(code="NOTE_UNPLACED", severity="warning",
                             message=f"the {kind} w:id={note_id} is called by no marker of the "
                             "text read: its text is read at the end of the document")
                  for kind, note_id in unplaced)
    text, removed = written(blocks)
    return RawText(path=name, format="docx", text=text, removed=tuple(removed),
                   diagnostics=found, printed=bool(printed))
