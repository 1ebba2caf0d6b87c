"""Render a decree's blocks (one paragraph or tab-separated table row each) to DOCX, HTML
and PDF, for the cross-format round-trip tests."""

from __future__ import annotations

import html
import re
from itertools import groupby
from pathlib import Path

CELL_BREAK = "\u2028"
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
_CLAUSE = re.compile(r"(\d+)\.\s+(?=\S)")
_W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def groups(blocks: list[str]) -> list[tuple[str, list[str]]]:
    """Blocks -> [("p", [text]) | ("table", [row, …])]: consecutive rows form one table; an
    empty block ends a table (two tables in a row)."""
    out = []
    for kind, run in groupby(blocks, key=lambda b: "row" if "\t" in b else "p" if b else ""):
        if kind == "row":
            out.append(("table", list(run)))
        elif kind == "p":
            out.extend(("p", [b]) for b in run)
    return out


# --- HTML -------------------------------------------------------------------------------------

def _html_cell(text: str) -> str:
    return "<td>" + "<br>".join(html.escape(line) for line in text.split(CELL_BREAK)) + "</td>"


def to_html(blocks: list[str], path: Path) -> Path:
    """Blocks -> a UTF-8 HTML page: <p> per paragraph, <table> per run of rows."""
    body = []
    for kind, items in groups(blocks):
        if kind == "p":
            body.append(f"<p>{html.escape(items[0])}</p>")
        else:
            rows = ("<tr>" + "".join(_html_cell(c) for c in row.split("\t")) + "</tr>"
                    for row in items)
            body.append("<table border=\"1\">\n" + "\n".join(rows) + "\n</table>")
    page = ("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>decree</title>"
            "<style>p { margin: 0 }</style></head>\n<body>\n" + "\n".join(body)
            + "\n</body></html>\n")
    Path(path).write_text(page, encoding="utf-8")
    return Path(path)


# --- DOCX -------------------------------------------------------------------------------------

def _docx_table(document, rows: list[str]) -> None:
    """A run of rows -> one Word table; a short row's last cell spans the rest."""
    docx_cells(document, [row.split("\t") for row in rows])


def docx_cells(document, cells: list) -> None:
    """Rows of cell texts -> one Word table in a document (or nested in a cell); a short row's
    last cell spans the rest."""
    width = max(len(c) for c in cells)
    table = document.add_table(rows=len(cells), cols=width)
    table.style = "Table Grid"
    for row, texts in zip(table.rows, cells):
        if len(texts) < width:
            row.cells[len(texts) - 1].merge(row.cells[width - 1])
        for cell, text in zip(row.cells, texts):
            lines = text.split(CELL_BREAK)
            cell.paragraphs[0].text = lines[0]
            for line in lines[1:]:
                cell.add_paragraph(line)


def docx_parallel(rows: list[list], path: Path, head: list[list[str]] | None = None,
                  after: list[str] | None = None) -> Path:
    """A bilingual parallel text (tests/fixtures/docx_parallel.yaml) -> a .docx: `head`, a
    ruled table of short cells (a letterhead), then the rows as a borderless table of two
    columns, an item a text or {table: rows}, a table nested in its cell (a row of one item
    is one cell across both columns), then the `after` paragraphs."""
    import docx

    document = docx.Document()
    if head:
        docx_cells(document, head)
    if rows:
        table = document.add_table(rows=len(rows), cols=2)  # the default style: no borders
        for row, items in zip(table.rows, rows):
            cells = [row.cells[0].merge(row.cells[1])] if len(items) == 1 else row.cells
            for cell, item in zip(cells, items):
                if isinstance(item, dict):
                    docx_cells(cell, item["table"])  # a cell takes a table as the body
                else:
                    cell.paragraphs[0].text = item
    for text in after or []:
        document.add_paragraph(text)
    document.save(str(path))
    return Path(path)


def to_docx(blocks: list[str], path: Path, numbered: bool = False) -> Path:
    """Blocks -> a .docx: one paragraph a block, real tables for rows. With `numbered`, the
    "N." of a clause comes from Word automatic numbering instead of the text."""
    import docx

    document = docx.Document()
    lists = _ClauseLists(document) if numbered else None
    for kind, items in groups(blocks):
        if kind == "table":
            _docx_table(document, items)
            continue
        m = _CLAUSE.match(items[0]) if lists else None
        paragraph = document.add_paragraph(items[0][m.end():] if m else items[0])
        if m:
            lists.number(paragraph, int(m.group(1)))
    document.save(str(path))
    return Path(path)


def to_docx_autonumbered(blocks: list[str], path: Path) -> Path:
    """Blocks -> a .docx whose clause numbers are Word list numbers (numbering.xml)."""
    return to_docx(blocks, path, numbered=True)


_DECIMAL_LIST = (
    '<w:abstractNum {ns} w:abstractNumId="90"><w:multiLevelType w:val="singleLevel"/>'
    '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/>'
    '<w:lvlJc w:val="left"/></w:lvl></w:abstractNum>')


class _ClauseLists:
    """One list definition of numbering.xml (`abstract`, by default a decimal "%1."; a house
    style may give one of two levels, "%1." over "%2)"); a clause number that does not
    continue the previous one gets a new list instance restarting at it (w:startOverride),
    a sub-point the next number of the level below."""

    def __init__(self, document, abstract: str = _DECIMAL_LIST, abstract_id: str = "90",
                 first_id: int = 900):
        from docx.oxml import parse_xml

        self.parse_xml = parse_xml
        self.root = document.part.numbering_part.element
        self.root.insert(0, parse_xml(abstract.format(ns=_W_NS)))
        self.abstract_id, self.num_id, self.next = abstract_id, first_id, None

    def number(self, paragraph, n: int) -> None:
        """Give the paragraph the list number n."""
        if n != self.next:
            self.num_id += 1
            self.root.append(self.parse_xml(
                f'<w:num {_W_NS} w:numId="{self.num_id}"><w:abstractNumId '
                f'w:val="{self.abstract_id}"/><w:lvlOverride w:ilvl="0"><w:startOverride '
                f'w:val="{n}"/></w:lvlOverride></w:num>'))
        self.next = n + 1
        self._listed(paragraph, 0)

    def point(self, paragraph) -> None:
        """Number the paragraph as the next sub-point of the clause above (level 2)."""
        self._listed(paragraph, 1)

    def _listed(self, paragraph, level: int) -> None:
        paragraph._p.get_or_add_pPr().append(self.parse_xml(
            f'<w:numPr {_W_NS}><w:ilvl w:val="{level}"/><w:numId w:val="{self.num_id}"/>'
            "</w:numPr>"))


_MARKER = re.compile(r"\[\^(e?)(\d+)(\*?)\]")  # [^1] a footnote, [^e1] an endnote, [^2*] mark "*"


def _note_part(document, kind: str, notes: dict) -> None:
    """Notes {id: paragraphs} -> the footnotes or endnotes part (Word's two separators
    first); a note whose text opens with "*" shows that mark, any other its number."""
    from docx.opc.constants import CONTENT_TYPE as CT
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part

    body = [f'<w:{kind} w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p>'
            f'</w:{kind}>', f'<w:{kind} w:type="continuationSeparator" w:id="0"><w:p><w:r>'
            f'<w:continuationSeparator/></w:r></w:p></w:{kind}>']
    for note_id, paragraphs in notes.items():
        paragraphs = [paragraphs] if isinstance(paragraphs, str) else paragraphs
        mark = "" if paragraphs[0].startswith("*") else f"<w:r><w:{kind}Ref/></w:r>"
        runs = [f'<w:p>{mark if k == 0 else ""}<w:r><w:t xml:space="preserve"> '
                f'{html.escape(text)}</w:t></w:r></w:p>' for k, text in enumerate(paragraphs)]
        body.append(f'<w:{kind} w:id="{note_id}">{"".join(runs)}</w:{kind}>')
    blob = f'<w:{kind}s {_W_NS}>{"".join(body)}</w:{kind}s>'.encode()
    part = Part(PackURI(f"/word/{kind}s.xml"), getattr(CT, f"WML_{kind.upper()}S"), blob,
                document.part.package)
    document.part.relate_to(part, getattr(RT, f"{kind.upper()}S"))


def _noted_runs(paragraph, text: str) -> None:
    """A paragraph's text with its note markers as Word's reference runs."""
    from docx.oxml import parse_xml

    pos = 0
    for m in _MARKER.finditer(text):
        paragraph.add_run(text[pos:m.start()])
        kind = "endnote" if m.group(1) else "footnote"
        custom = ' w:customMarkFollows="1"' if m.group(3) else ""
        paragraph._p.append(parse_xml(
            f'<w:r {_W_NS}><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:{kind}Reference'
            f'{custom} w:id="{m.group(2)}"/>{"<w:t>*</w:t>" if custom else ""}</w:r>'))
        pos = m.end()
    paragraph.add_run(text[pos:])


def _bullet_list(document, mark: str) -> str:
    """A one-level bullet list whose mark is `mark` (numbering.xml): its numId."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import qn

    root = document.part.numbering_part.element
    abstract = str(80 + len(root.findall(qn("w:abstractNum"))))
    root.insert(0, parse_xml(
        f'<w:abstractNum {_W_NS} w:abstractNumId="{abstract}"><w:lvl w:ilvl="0">'
        f'<w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="{mark}"/>'
        '</w:lvl></w:abstractNum>'))
    root.append(parse_xml(f'<w:num {_W_NS} w:numId="{abstract}"><w:abstractNumId '
                          f'w:val="{abstract}"/></w:num>'))
    return abstract


def docx_noted(paragraphs: list, path: Path, footnotes: dict | None = None,
               endnotes: dict | None = None) -> Path:
    """Paragraphs -> a .docx with footnotes and endnotes (tests/fixtures/docx_notes.yaml): a
    paragraph is a text, its markers "[^1]" (footnote 1), "[^e1]" (endnote 1), "[^2*]"
    (footnote 2 under the custom mark "*"), or {bullet: mark, text: …}, an item of a bullet
    list whose level shows that mark."""
    import docx
    from docx.oxml import parse_xml

    document = docx.Document()
    lists: dict[str, str] = {}
    for item in paragraphs:
        item = {"text": item} if isinstance(item, str) else item
        paragraph = document.add_paragraph()
        _noted_runs(paragraph, item["text"])
        if "bullet" in item:
            num_id = lists.setdefault(item["bullet"], _bullet_list(document, item["bullet"]))
            paragraph._p.get_or_add_pPr().append(parse_xml(
                f'<w:numPr {_W_NS}><w:ilvl w:val="0"/><w:numId w:val="{num_id}"/></w:numPr>'))
    for kind, notes in (("footnote", footnotes), ("endnote", endnotes)):
        if notes:
            _note_part(document, kind, notes)
    document.save(str(path))
    return Path(path)


# --- PDF --------------------------------------------------------------------------------------

INDENT_MM = 12.5
# A line that ends in "1-1-" is read back as a word broken at a hyphen, so a space after a
# hyphen must not be a wrap point (the reader turns the no-break space back into a space).
_HYPHEN_SPACE = re.compile(r"(?<=\w-) ")
LINE_MM = 6.0


def new_pdf():
    """An A4 fpdf2 document with DejaVu Sans at 11 pt."""
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.set_margins(25, 20, 15)
    pdf.set_auto_page_break(True, margin=20)
    pdf.add_font("DejaVu", fname=FONT)
    pdf.set_font("DejaVu", size=11)
    pdf.add_page()
    return pdf


def pdf_paragraph(pdf, text: str) -> None:
    """A paragraph whose first line is indented: the next lines wrap to the left margin."""
    pdf.set_x(pdf.l_margin + INDENT_MM)
    pdf.write(LINE_MM, _HYPHEN_SPACE.sub("\u00a0", text))
    pdf.ln(LINE_MM)


def _column_widths(pdf, cells: list[list[str]], width: int) -> list[float]:
    """Widths that fit each column's longest word, the rest shared by text length."""
    words = [max((pdf.get_string_width(w) for row in cells if k < len(row)
                  for w in row[k].split()), default=4.0) + 3 for k in range(width)]
    sizes = [sum(len(row[k]) for row in cells if k < len(row)) + 1 for k in range(width)]
    spare = max(pdf.epw - sum(words), 0)
    return [w + spare * s / sum(sizes) for w, s in zip(words, sizes)]


def pdf_table(pdf, rows: list[str]) -> None:
    """A ruled table (fpdf2's table(), every border drawn) at a size its words fit in."""
    cells = [row.split("\t") for row in rows]
    width = max(len(c) for c in cells)
    size = 9.0
    pdf.set_font_size(size)
    while size > 4 and sum(_column_widths(pdf, cells, width)) > pdf.epw + 0.01:
        size -= 0.5
        pdf.set_font_size(size)
    pdf.ln(2)
    with pdf.table(col_widths=_column_widths(pdf, cells, width), first_row_as_headings=False,
                   align="LEFT", line_height=size * 0.5, borders_layout="ALL") as table:
        for texts in cells:
            row = table.row()
            for k, text in enumerate(texts):
                span = width - k if k == len(texts) - 1 else 1
                row.cell(text.replace(CELL_BREAK, "\n"), colspan=span)
    pdf.set_font_size(11)
    pdf.ln(2)


def to_pdf(blocks: list[str], path: Path) -> Path:
    """Blocks -> an A4 PDF: indented first lines, wrapped paragraphs, ruled tables."""
    pdf = new_pdf()
    for kind, items in groups(blocks):
        if kind == "table":
            pdf_table(pdf, items)
        else:
            pdf_paragraph(pdf, items[0])
    pdf.output(str(path))
    return Path(path)


def ocr_layer_pdf(pages: list[list[str]], path: Path, skews: tuple[float, ...] = (0.5,),
                  font: str = FONT, unit: float = 2.0, line_mm: float = 5.5,
                  origin: tuple[float, float] = (20.0, 25.0), misread=None) -> Path:
    """A scan's text layer -> an A4 PDF as an OCR engine saves it: each page's lines as they
    stand on the paper (a character a column `unit` mm wide, a line `line_mm` high, an empty
    line a line's room), each word invisible and stretched to its box, page n turned
    `skews[n % len(skews)]` degrees about its middle (a line's words climb as they go right,
    and the lines' starts lean the other way as they go down), no rule drawn; `misread(word,
    k)` gives the k-th word as the engine read it."""
    import math

    from fpdf import FPDF
    from fpdf.enums import TextMode

    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(False)
    pdf.add_font("Body", fname=font)
    pdf.set_font("Body", size=11)
    pdf.text_mode = TextMode.INVISIBLE
    left, top = origin
    k = 0
    for n, lines in enumerate(pages, 1):
        pdf.add_page()
        slope = math.tan(math.radians(skews[n % len(skews)]))
        for row, line in enumerate(lines):
            for m in re.finditer(r"\S+", line):
                word = misread(m.group(), k) if misread else m.group()
                k += 1
                x = left + m.start() * unit
                pdf.set_stretching(100.0)
                pdf.set_stretching(100.0 * len(word) * unit / pdf.get_string_width(word))
                y = top + row * line_mm
                pdf.text(x + (y - pdf.h / 2) * slope, y - (x - left) * slope, word)
    pdf.output(str(path))
    return Path(path)
