"""Typeset a parsed decree in the house styles analysts receive: a portal-like PDF, a
Word-default PDF, a dense PDF, DOCX with heading styles, DOCX with Word numbering, HTML with
<br> and alignment. A style lays out each block by its role (heading, addressee block,
paragraph, table) the way that style would, not the way the reader expects."""

from __future__ import annotations

import html
import textwrap
from dataclasses import dataclass
from itertools import groupby
from pathlib import Path

from render import _CLAUSE, CELL_BREAK, _ClauseLists, docx_cells

SERIF = "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf"
SERIF_BOLD = "/usr/share/fonts/truetype/dejavu/DejaVuSerif-Bold.ttf"
SANS = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
SANS_BOLD = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"
FONTS = (SERIF, SERIF_BOLD, SANS, SANS_BOLD)
HEADINGS = frozenset({"title", "chapter", "section"})
ADDRESSEE_CHARS = 38  # an addressee block's line length in the styles that break it by hand


@dataclass(frozen=True)
class Block:
    """One block of the decree and its role: heading, addressee, paragraph, table."""

    role: str
    text: str = ""
    rows: tuple[tuple[str, ...], ...] = ()


def blocks_of(doc) -> list[Block]:
    """A parsed decree -> its blocks in order, each with the role its node gives it."""
    roles = {}
    for node in doc.nodes():
        if node.head is not None and node.kind in HEADINGS | {"addressee"}:
            roles.setdefault(node.head.start, "heading" if node.kind in HEADINGS else node.kind)
    out: list[Block] = []
    pos = 0
    lines = doc.text.split("\n")
    starts = []
    for line in lines:
        starts.append(pos)
        pos += len(line) + 1
    kinds = ["row" if "\t" in line else "p" if line else "" for line in lines]
    for kind, run in groupby(range(len(lines)), key=lambda i: kinds[i]):
        run = list(run)
        if kind == "row":
            out.append(Block("table", rows=tuple(tuple(lines[i].split("\t")) for i in run)))
        elif kind == "p":
            out.extend(Block(roles.get(starts[i], "p"), lines[i]) for i in run)
    return out


def merged(row: tuple[str, ...], width: int) -> bool:
    """A full-width row with text in its first cell only: a merged cell."""
    return len(row) == width > 1 and bool(row[0]) and not any(row[1:])


def addressee_lines(text: str) -> list[str]:
    """An addressee block broken into short lines, as it is typed by hand."""
    return textwrap.wrap(text, ADDRESSEE_CHARS) or [text]


# --- PDF --------------------------------------------------------------------------------------

@dataclass(frozen=True)
class PdfStyle:
    """How a PDF style sets text: fonts, size, indent, spacing, running head, page number."""

    name: str
    regular: str
    bold: str
    size: float
    align: str  # body text: "J" justified or "L" ragged
    indent: float  # first-line indent, mm
    spacing: float  # space after a paragraph, mm
    running_head: bool


PDF_STYLES = {
    "pdf-portal": PdfStyle("pdf-portal", SERIF, SERIF_BOLD, 12, "J", 12.5, 0, True),
    "pdf-word": PdfStyle("pdf-word", SANS, SANS_BOLD, 11, "L", 0, 3.5, False),
    "pdf-dense": PdfStyle("pdf-dense", SERIF, SERIF_BOLD, 11, "J", 0, 0, False),
}


def _pdf_class():
    from fpdf import FPDF

    class Page(FPDF):
        """An A4 page that may carry a running head and a page number."""

        head = ""

        def header(self):
            if self.head:
                self.set_font("Body", "", 8)
                self.set_y(10)
                self.cell(0, 4, self.head, align="C")
                self.set_y(self.t_margin)
                self.set_font("Body", "", self.body_size)

        def footer(self):
            if self.head:
                self.set_font("Body", "", 9)
                self.set_y(-14)
                self.cell(0, 4, f"{self.page_no()}", align="C")
                self.set_font("Body", "", self.body_size)

    return Page


def _lh(style: PdfStyle) -> float:
    """Line height in mm."""
    return style.size * 0.45


def _pdf_text(pdf, style: PdfStyle, block: Block) -> None:
    """One paragraph, heading or addressee block in the style."""
    lh = _lh(style)
    if block.role == "addressee":
        width = 100
        pdf.set_x(pdf.l_margin + pdf.epw - width)
        pdf.multi_cell(width, lh, "\n".join(addressee_lines(block.text)), align="R",
                       new_x="LMARGIN", new_y="NEXT")
        pdf.ln(style.spacing or (2 if style.indent else 0))
        return
    if block.role == "heading":
        pdf.set_font("Body", "B", style.size)
        pdf.ln(2 if style.spacing or style.indent else 0)
        pdf.multi_cell(0, lh, block.text, align="C", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(max(style.spacing, 2) if style.spacing or style.indent else 0)
        pdf.set_font("Body", "", style.size)
        return
    with pdf.text_columns(text_align=style.align, line_height=1.0) as cols:
        with cols.paragraph(first_line_indent=style.indent, bottom_margin=style.spacing,
                            line_height=lh / (style.size * 0.3528)) as par:
            par.write(block.text)


def _pdf_table(pdf, style: PdfStyle, rows: tuple[tuple[str, ...], ...]) -> None:
    """A ruled table; a merged row spans the table's width."""
    width = max(len(r) for r in rows)
    size = style.size - 2
    pdf.set_font("Body", "", size)
    pdf.ln(1)
    with pdf.table(first_row_as_headings=False, align="LEFT", line_height=size * 0.45,
                   borders_layout="ALL") as table:
        pdf_rows(table, rows)
    pdf.set_font("Body", "", style.size)
    pdf.ln(max(style.spacing, 1))


def pdf_rows(table, rows: tuple[tuple[str, ...], ...]) -> None:
    """Fill an fpdf2 table with rows; a merged row, and a short row's last cell, span the
    rest of the width."""
    width = max(len(r) for r in rows)
    for texts in rows:
        row = table.row()
        if merged(texts, width):
            row.cell(texts[0].replace(CELL_BREAK, "\n"), colspan=width)
            continue
        for k, text in enumerate(texts):
            span = width - k if k == len(texts) - 1 else 1
            row.cell(text.replace(CELL_BREAK, "\n"), colspan=span)


def to_styled_pdf(doc, style: PdfStyle, path: Path) -> Path:
    """A parsed decree -> an A4 PDF in the style."""
    pdf = _pdf_class()(format="A4")
    pdf.body_size = style.size
    pdf.set_margins(30, 20, 15)
    pdf.set_auto_page_break(True, margin=20)
    pdf.add_font("Body", fname=style.regular)
    pdf.add_font("Body", "B", fname=style.bold)
    pdf.set_font("Body", "", style.size)
    title = next((n.text for n in doc.nodes() if n.kind == "title"), doc.id)
    pdf.head = " ".join(title.split()[:6]) + " …" if style.running_head else ""
    pdf.add_page()
    for block in blocks_of(doc):
        if block.role == "table":
            _pdf_table(pdf, style, block.rows)
        else:
            _pdf_text(pdf, style, block)
    pdf.output(str(path))
    return Path(path)


# --- DOCX -------------------------------------------------------------------------------------

def _docx_table(document, rows: tuple[tuple[str, ...], ...]) -> None:
    """A Word table; a merged row is one cell spanning the width."""
    width = max(len(r) for r in rows)
    docx_cells(document, [texts[:1] if merged(texts, width) else texts for texts in rows])


def to_styled_docx(doc, path: Path, numbered: bool = False) -> Path:
    """A parsed decree -> a .docx: headings in heading styles, addressee blocks as one
    right-aligned paragraph a line, justified body, real tables; with `numbered`, clause
    numbers come from Word automatic numbering."""
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    document = docx.Document()
    lists = _ClauseLists(document) if numbered else None
    previous = ""
    for block in blocks_of(doc):
        if block.role == "table":
            _docx_table(document, block.rows)
        elif block.role == "addressee":
            if previous == "addressee":
                document.add_paragraph("")
            for line in addressee_lines(block.text):
                document.add_paragraph(line).alignment = WD_ALIGN_PARAGRAPH.RIGHT
        elif block.role == "heading":
            document.add_paragraph(block.text, style="Heading 2").alignment = \
                WD_ALIGN_PARAGRAPH.CENTER
        else:
            m = _CLAUSE.match(block.text) if lists else None
            paragraph = document.add_paragraph(block.text[m.end():] if m else block.text)
            paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
            if m:
                lists.number(paragraph, int(m.group(1)))
        previous = block.role
    document.save(str(path))
    return Path(path)


# --- HTML -------------------------------------------------------------------------------------

def _html_cell(text: str, span: int) -> str:
    lines = "<br>".join(html.escape(x) for x in text.split(CELL_BREAK))
    return (f'<td colspan="{span}">' if span > 1 else "<td>") + lines + "</td>"


def _html_block(block: Block) -> str:
    """One block as HTML in the style of a web page."""
    if block.role == "table":
        width = max(len(r) for r in block.rows)
        rows = []
        for texts in block.rows:
            cells = [(texts[0], width)] if merged(texts, width) else [(t, 1) for t in texts]
            rows.append("<tr>" + "".join(_html_cell(text, span) for text, span in cells)
                        + "</tr>")
        return '<table border="1" cellspacing="0">\n' + "\n".join(rows) + "\n</table>"
    if block.role == "addressee":
        lines = "<br>\n".join(html.escape(x) for x in addressee_lines(block.text))
        return f'<p style="text-align: right">{lines}</p>'
    if block.role == "heading":
        return f'<p align="center"><strong>{html.escape(block.text)}</strong></p>'
    return f'<p style="text-align: justify; text-indent: 1.25cm">{html.escape(block.text)}</p>'


def to_styled_html(doc, path: Path) -> Path:
    """A parsed decree -> an HTML page: centred bold headings, addressee blocks broken by
    <br> and right-aligned, justified paragraphs, bordered tables."""
    body = "\n".join(_html_block(b) for b in blocks_of(doc))
    page = ("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>"
            f"{html.escape(doc.id)}</title></head>\n<body>\n{body}\n</body></html>\n")
    Path(path).write_text(page, encoding="utf-8")
    return Path(path)


STYLES = {
    **{name: (lambda style: lambda doc, path: to_styled_pdf(doc, style, path))(style)
       for name, style in PDF_STYLES.items()},
    "docx-headings": to_styled_docx,
    "docx-numbered": lambda doc, path: to_styled_docx(doc, path, numbered=True),
    "html-br": to_styled_html,
}
SUFFIX = {name: name.split("-")[0] for name in STYLES}
