"""Typeset a parsed decree in the house styles analysts receive: a portal-like PDF, a
Word-default PDF, a dense PDF, a script's fpdf2 PDF ("Бет 3 / 9" footers, each appendix on a
page of its own, the last landscape), a newspaper's PDF (two justified columns under a
masthead), a scan's PDF with an OCR engine's invisible text layer (word by word, the page turned
a little, no rule drawn), DOCX with heading styles, DOCX with Word numbering, DOCX whose methodology is a borderless two-column layout table, DOCX whose formulas are equations
(Office Math), DOCX as Google Docs exports it (Title and Heading 2 styles, one multi-level list
across the chapters, split runs), DOCX a document system exports (a bilingual letterhead table, content controls,
unaccepted revisions), DOCX a PDF-to-Word converter makes (a printed line a paragraph, page
numbers in text boxes), DOCX of a bilingual parallel text (the act a borderless two-column table,
Kazakh at left and Russian at right, a paragraph a row, forms nested in the cells), DOCX as LibreOffice Writer saves it (bold centred headings,
runs cut inside words, each stamp a text frame written twice, a landscape last section), HTML
with <br> and alignment, a legal database's saved page (menus, controls, notices, ads), an old portal page (paragraphs separated by <br>
in a <div>), the web page Google Docs exports (every look a class of its style sheet, clauses
numbered by CSS counters), an e-mail Outlook saves as HTML (header, note and signature round
the decree), the HTML LibreOffice Writer saves (clauses as items of automatic lists, no number
in their text), a team wiki's Markdown export (front matter, lazy list numbers, pipe tables
with <br>, escapes, internal links), the HTML Word saves as "Web Page, Filtered"
(windows-1251, character references, list numbers typed before a 7pt gap, stamps indented by
their left margin), the Markdown pandoc prints of a Word file (wrapped at 72
columns, padded list marks, bold headings, escaped quotes, simple and grid tables), the text
of a typeset page (a page mark "- 3 -" or an e-signature's "Стр. 3 из 9"), what pdftotext
-layout prints of a justified PDF, a text saved by Notepad (TAB indents; TAB rows or tables
drawn by hand), the text Tesseract reads off a scan (form feeds, running heads, page numbers,
every line flush left), DOCX numbered by Word's outline list (the chapter a level of its own,
the clauses running on across the chapters, the sheets' "№" column a list, the stamps pushed
right by their indent, wide sheets in landscape sections), the text a phone's browser copies
(a paragraph a line, soft hyphens, zero-width and no-break spaces, line separators, capital
chapter headings numbered as clauses, lettered sub-points, a cell a line, the site's trail,
buttons and cookie notice around it), a booklet's PDF (A5 pages two to a landscape sheet, each
half with its own number at its foot), an order's PDF with footnotes (raised calls, notes at the
foot, the folio and running head at the top, landscape sheets). A style lays out
each block by its role (heading, addressee block, paragraph, table) the way that style would,
not the way the reader expects."""

from __future__ import annotations

import html
import math
import re
import textwrap
from dataclasses import dataclass
from functools import lru_cache
from itertools import groupby
from pathlib import Path

from render import _CLAUSE, _W_NS, CELL_BREAK, _ClauseLists, docx_cells, ocr_layer_pdf

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
    # the page's number in its footer, "{n}" and "{nb}" (the pages in all) per language; ""
    # for the bare number of a running head's pages
    folio: dict[str, str] | None = None
    appendix_pages: bool = False  # each appendix on a page of its own, the last landscape


PDF_STYLES = {
    "pdf-portal": PdfStyle("pdf-portal", SERIF, SERIF_BOLD, 12, "J", 12.5, 0, True),
    "pdf-word": PdfStyle("pdf-word", SANS, SANS_BOLD, 11, "L", 0, 3.5, False),
    "pdf-dense": PdfStyle("pdf-dense", SERIF, SERIF_BOLD, 11, "J", 0, 0, False),
    # a PDF a script prints with fpdf2: a running head and "Бет 3 / 9" on every page, each
    # appendix on a page of its own, the last (a wide protocol) on a landscape page
    "pdf-fpdf": PdfStyle("pdf-fpdf", SERIF, SERIF_BOLD, 11, "J", 10, 1, True,
                         folio={"kk": "Бет {n} / {nb}", "ru": "Страница {n} из {nb}"},
                         appendix_pages=True),
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

        folio = ""

        def footer(self):
            if self.head:
                self.set_font("Body", "", 9)
                self.set_y(-14)
                self.cell(0, 4, self.folio.format(n=self.page_no(), nb="{nb}")
                          if self.folio else f"{self.page_no()}", align="C")
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


def _set_up(pdf, style: PdfStyle, margins: tuple[float, float, float], foot: float):
    """An fpdf document in the style's fonts and body size, with its margins (left, top,
    right) and its page break `foot` mm above the bottom edge."""
    pdf.body_size = style.size
    pdf.set_margins(*margins)
    pdf.set_auto_page_break(True, margin=foot)
    pdf.add_font("Body", fname=style.regular)
    pdf.add_font("Body", "B", fname=style.bold)
    pdf.set_font("Body", "", style.size)
    return pdf


def to_styled_pdf(doc, style: PdfStyle, path: Path) -> Path:
    """A parsed decree -> an A4 PDF in the style."""
    pdf = _set_up(_pdf_class()(format="A4"), style, (30, 20, 15), 20)
    title = next((n.text for n in doc.nodes() if n.kind == "title"), doc.id)
    pdf.head = " ".join(title.split()[:6]) + " …" if style.running_head else ""
    pdf.folio = (style.folio or {}).get(doc.lang, "")
    pdf.add_page()
    blocks = blocks_of(doc)
    stamps = [k for k, block in enumerate(blocks) if block.role == "addressee"]
    for k, block in enumerate(blocks):
        if style.appendix_pages and k in stamps[1:]:
            pdf.add_page(orientation="L" if k == stamps[-1] else "P")
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


# --- old-style portal HTML ---------------------------------------------------------------------

def _old_portal_block(block: Block) -> str:
    """One block as an old portal page writes it: text and <br> straight in a <div>,
    headings in <b>, an addressee block's lines right-aligned, tables as tables."""
    if block.role == "table":
        return "</div>\n" + _html_block(block) + "\n<div>"
    if block.role == "heading":
        return f"<b>{html.escape(block.text)}</b><br>"
    if block.role == "addressee":
        lines = "<br>".join(html.escape(x) for x in addressee_lines(block.text))
        return f'</div>\n<div align="right">{lines}</div>\n<div>'
    return html.escape(block.text) + "<br>"


def to_old_portal_html(doc, path: Path) -> Path:
    """A parsed decree -> an old-style portal page: paragraphs as text separated by <br>
    inside <div>s, headings in <b>, tables between the divs."""
    body = "\n".join(_old_portal_block(b) for b in blocks_of(doc))
    page = ("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>"
            f"{html.escape(doc.id)}</title></head>\n<body>\n<div>\n{body}\n</div>\n"
            "</body></html>\n")
    Path(path).write_text(page, encoding="utf-8")
    return Path(path)


# --- the text of a typeset page ---------------------------------------------------------------

TEXT_WIDTH = 84  # characters a line of a typeset page's text holds
PAGE_LINES = 48  # lines of a page before its footer
PAGE_MARKS = {
    "txt-typeset": {"kk": "- {n} -", "ru": "- {n} -"},
    "txt-esign": {"kk": "Құжат ЭЦҚ арқылы қол қойылған. Бет {n} / {nb}",
                  "ru": "Документ подписан ЭЦП. Стр. {n} из {nb}"},
}


def _centre(text: str) -> str:
    return " " * max(0, (TEXT_WIDTH - len(text)) // 2) + text


def _numbered(text: str) -> bool:
    return bool(_NUMBERED.match(text))


_NUMBERED = re.compile(r"\d+(?:-\d+)*[.)]\s")


def _text_table(rows: tuple[tuple[str, ...], ...]) -> list[str]:
    """Rows in columns of spaces, each column as wide as its share of the text (never
    narrower than its longest word), a cell's wrapped lines under it."""
    width = max(len(r) for r in rows)
    cols = [[(r[k] if k < len(r) else "").replace(CELL_BREAK, " ") for r in rows]
            for k in range(width)]
    least = [max([len(w) for c in col for w in c.split()] + [1]) for col in cols]
    weight = [max(1, sum(len(c) for c in col)) ** 0.5 for col in cols]
    room = TEXT_WIDTH - 3 * (width - 1)
    widths = [max(lo, int(room * w / sum(weight))) for lo, w in zip(least, weight)]
    out = []
    for row in rows:
        cells = [textwrap.wrap(c.replace(CELL_BREAK, " "), w, break_long_words=False) or [""]
                 for c, w in zip(row, widths)]
        for k in range(max(len(c) for c in cells)):
            parts = [(c[k] if k < len(c) else "").ljust(w) for c, w in zip(cells, widths)]
            out.append("   ".join(parts).rstrip())
    return out


def _text_lines(block: Block, before: Block | None) -> list[str]:
    """One block as the text of a typeset page sets it: a heading centred and wrapped, an
    addressee block right-aligned, a paragraph flush left and hard-wrapped (a blank line
    before one that is not a numbered clause after another), a table in columns of
    spaces."""
    if block.role == "table" and len(block.rows) == 1 and sum(1 for c in block.rows[0] if c) == 1:
        # a layout table (a stamp in a borderless cell): its text set on the right
        return ["", *(x.rjust(TEXT_WIDTH) for r in block.rows for c in r if c
                      for x in addressee_lines(c.replace(CELL_BREAK, " "))), ""]
    if block.role == "table":
        return ["", *_text_table(block.rows), ""]
    if block.role == "heading":
        return ["", *(_centre(x) for x in textwrap.wrap(block.text, TEXT_WIDTH - 12)), ""]
    if block.role == "addressee":
        return ["", *(x.rjust(TEXT_WIDTH) for x in addressee_lines(block.text)), ""]
    lines = textwrap.wrap(block.text, TEXT_WIDTH, break_on_hyphens=False) or [""]
    run_on = before is not None and before.role == "p" and _numbered(block.text)
    return lines if run_on else ["", *lines]


def to_text_page(doc, path: Path, style: str = "txt-typeset") -> Path:
    """A parsed decree -> the text of its typeset pages: hard-wrapped flush-left lines,
    centred headings, right-aligned addressee blocks, tables in columns of spaces, and a
    page mark between blank lines at each page's foot ("- 3 -", an e-signature system's
    "Стр. 3 из 9")."""
    pages: list[list[str]] = [[]]
    before = None
    for block in blocks_of(doc):
        if len(pages[-1]) >= PAGE_LINES:  # a page ends between two blocks
            pages.append([])
        pages[-1].extend(_text_lines(block, before))
        before = block
    mark = PAGE_MARKS[style]["kk" if doc.lang == "kk" else "ru"]
    out: list[str] = []
    for n, page in enumerate(pages, 1):
        out.extend(page)
        out.extend(["", _centre(mark.format(n=n, nb=len(pages))), ""])
    Path(path).write_text("\n".join(out) + "\n", encoding="utf-8")
    return Path(path)


STYLES["html-oldportal"] = to_old_portal_html
for _style in PAGE_MARKS:
    STYLES[_style] = (lambda name: lambda doc, path: to_text_page(doc, path, name))(_style)
SUFFIX = {name: name.split("-")[0] for name in STYLES}
# Styles that keep no table grid (the text of a page: a row's wrapped cells and an empty
# column cannot be told from the text): their tables are not compared, their structure is.
GRIDLESS = frozenset({*PAGE_MARKS, "txt-pdflayout"})


# --- the text Notepad saves -------------------------------------------------------------------

RIGHT_TABS = "\t" * 6  # how far a stamp or a signature is pushed right by hand
_CLAUSE_OR_POINT = re.compile(r"(?:\d+(?:[.-]\d+)*[.)]|[а-яәіңғүұқөһa-z]\))\s")


def _notepad_lines(block: Block) -> list[str]:
    """One block as it is typed in Notepad: a paragraph on one line, a numbered one (a clause,
    a sub-point) indented by one TAB, a heading flush left, a stamp's short lines pushed
    right by TABs, a table as TAB-separated rows."""
    if block.role == "table" and len(block.rows) == 1 and sum(1 for c in block.rows[0] if c) == 1:
        return [RIGHT_TABS + x for r in block.rows for c in r if c
                for x in addressee_lines(c.replace(CELL_BREAK, " "))]
    if block.role == "table":
        return ["\t".join(c.replace(CELL_BREAK, " ") for c in r) for r in block.rows]
    if block.role == "addressee":
        return [RIGHT_TABS + x for x in addressee_lines(block.text)]
    if block.role == "p" and _CLAUSE_OR_POINT.match(block.text):
        return ["\t" + block.text]
    return [block.text]


def _hand_drawn(rows: tuple[tuple[str, ...], ...]) -> list[str]:
    """A table drawn by hand in a text: each row between bars on a line of its own, cells
    as long as their words (the bars do not line up), a line of dashes over the header,
    under it and under the last row."""
    lines = ["| " + " | ".join(c.replace(CELL_BREAK, " ") for c in r) + " |" for r in rows]
    rule = "-" * max(len(x) for x in lines)
    return [rule, lines[0], rule, *lines[1:], rule]


# What a typist puts in a Windows-1251 text for the signs and letters it lacks
_TYPED = str.maketrans({"×": "*", "≥": ">=", "≤": "<=", "≠": "<>", "−": "-", "Ә": "А", "ә": "а",
                        "Ғ": "Г", "ғ": "г", "Қ": "К", "қ": "к", "Ң": "Н", "ң": "н", "Ө": "О",
                        "ө": "о", "Ұ": "У", "ұ": "у", "Ү": "У", "ү": "у", "Һ": "Х", "һ": "х"})


def to_notepad_text(doc, path: Path, pipes: bool = False) -> Path:
    """A parsed decree -> a text saved by Windows Notepad: one paragraph per line, clauses and
    sub-points indented by a TAB, stamps pushed right by TABs, tables as TAB-separated rows
    (`pipes`: drawn by hand with bars and dashes),
    CRLF line ends; Windows-1251 for a Russian text (the signs and Kazakh letters it lacks
    typed as a typist would: "*" for "×", ">=" for "≥", "к" for "қ"), "Unicode" (UTF-16 LE
    with a BOM) for a Kazakh one (Windows-1251 has no letters for ә, ғ, қ, ң, ө, ұ, ү, һ)."""
    lines: list[str] = []
    before = None
    for block in blocks_of(doc):
        if before is not None and before.role == block.role == "table":
            lines.append("")  # two tables one under the other: an empty line parts them
        if pipes and block.role == "table" and len(block.rows) > 1:  # (a signature's line
            # or a stamp is no table drawn)
            lines.extend(_hand_drawn(block.rows))
        else:
            lines.extend(_notepad_lines(block))
        before = block
    text = "\r\n".join(lines) + "\r\n"
    data = (text.translate(_TYPED).encode("cp1251", errors="replace") if doc.lang != "kk"
            else "\ufeff".encode("utf-16-le") + text.encode("utf-16-le"))
    Path(path).write_bytes(data)
    return Path(path)


STYLES["txt-notepad"] = to_notepad_text
STYLES["txt-notepadpipes"] = lambda doc, path: to_notepad_text(doc, path, pipes=True)
SUFFIX = {name: name.split("-")[0] for name in STYLES}


# --- the text `pdftotext -layout` prints of a typeset PDF ---------------------------------------

FIRST_LINE_INDENT = 5  # the spaces a paragraph's first line is indented by in a justified page
_VOWELS = frozenset("аәеёиіоөуұүыэюяaeiou")


def _hyphenated(word: str, room: int) -> tuple[str, str] | None:
    """A long word broken at a syllable to fit `room` characters with its hyphen ("оцени-" /
    "вания"): after a vowel before a consonant, three letters at least on each side."""
    if len(word) < 8 or not word.isalpha():
        return None
    for cut in range(min(room - 1, len(word) - 3), 2, -1):
        if word[cut - 1].lower() in _VOWELS and word[cut].lower() not in _VOWELS:
            return word[:cut] + "-", word[cut:]
    return None


def _justified(words: list[str], width: int, indent: int) -> list[str]:
    """Words set in lines `width` wide, the first indented, each full line justified (spaces
    spread between its words), a long word hyphenated at a line's end to fill it."""
    lines: list[list[str]] = [[]]
    room = width - indent
    words = list(words)
    while words:
        word = words.pop(0)
        used = len(" ".join(lines[-1]))
        if not lines[-1] or used + 1 + len(word) <= room:
            lines[-1].append(word)
            continue
        broken = _hyphenated(word, room - used - 1)
        if broken:
            lines[-1].append(broken[0])
            words.insert(0, broken[1])
        else:
            words.insert(0, word)
        lines.append([])
        room = width
    out = []
    for k, line in enumerate(lines):
        lead = " " * (indent if k == 0 else 0)
        target = width - len(lead)
        if k + 1 < len(lines) and len(line) > 1:
            gaps, extra = len(line) - 1, target - sum(len(w) for w in line)
            spaces = [" " * (extra // gaps + (g < extra % gaps)) for g in range(gaps)]
            out.append(lead + "".join(w + sp for w, sp in zip(line, [*spaces, ""])))
        else:
            out.append(lead + " ".join(line))
    return out


def _layout_lines(block: Block) -> list[str]:
    """One block as pdftotext -layout prints a justified page: a heading centred, a stamp on
    the right, a paragraph justified with its first line indented and long words hyphenated,
    a table in columns of spaces."""
    if block.role == "p":
        return _justified(block.text.split(), TEXT_WIDTH, FIRST_LINE_INDENT)
    return [x for x in _text_lines(block, None) if x]


def to_pdf_layout_text(doc, path: Path) -> Path:
    """A parsed decree -> what `pdftotext -layout` prints of its typeset PDF: justified lines,
    paragraphs' first lines indented, hyphenated words, centred headings, stamps on the right,
    tables in columns of spaces, the page number centred at each page's foot and a form feed
    opening the next page."""
    pages: list[list[str]] = [[]]
    for block in blocks_of(doc):
        if len(pages[-1]) >= PAGE_LINES:
            pages.append([])
        pages[-1].extend(_layout_lines(block))
    out = "".join(("\f" if n > 1 else "") + "\n".join([*page, "", _centre(str(n)), ""]) + "\n"
                  for n, page in enumerate(pages, 1))
    Path(path).write_text(out, encoding="utf-8")
    return Path(path)


STYLES["txt-pdflayout"] = to_pdf_layout_text
SUFFIX = {name: name.split("-")[0] for name in STYLES}


# --- the HTML LibreOffice Writer saves ---------------------------------------------------------

_LO_P = 'style="margin-bottom: 0cm; line-height: 100%"'
_LO_FONT = '<font face="Times New Roman, serif"><font size="3" style="font-size: 14pt">{}</font></font>'
_LO_CLAUSE = re.compile(r"(\d{1,3})\.\s+(?=\S)")
_LO_POINT = re.compile(r"(\d{1,2})\)\s+(?=\S)")


def _lo_wrapped(text: str, indent: str) -> str:
    """Text as Writer writes it into its HTML: escaped, hard-wrapped at 70 characters, each
    further line indented by the list depth's tabs."""
    lines = textwrap.wrap(html.escape(text, quote=False), 70, break_long_words=False,
                          break_on_hyphens=False) or [""]
    return ("\n" + indent).join(lines)


def _lo_p(text: str, indent: str, align: str = "justify", bold: bool = False) -> str:
    body = _lo_wrapped(text, indent)
    return f'<p align="{align}" {_LO_P}>' + _LO_FONT.format(f"<b>{body}</b>" if bold else body) \
        + "</p>"


def _lo_table(rows: tuple[tuple[str, ...], ...]) -> list[str]:
    """A bordered Writer table: <col> widths, a <p> per line of a cell, a merged row one cell
    spanning the table."""
    width = max(len(r) for r in rows)
    out = ['<table width="100%" cellpadding="7" cellspacing="0">']
    out += [f'\t<col width="{100 // width}*"/>' for _ in range(width)]
    for texts in rows:
        cells = [(texts[0], width)] if merged(texts, width) else [(t, 1) for t in texts]
        out.append('\t<tr valign="top">')
        for text, span in cells:
            span_attr = f' colspan="{span}"' if span > 1 else ""
            paragraphs = "\n\t\t\t".join(_lo_p(x, "\t\t\t", "left")
                                         for x in text.split(CELL_BREAK)) if text else \
                f"<p align=\"left\" {_LO_P}><br/>\n\t\t\t</p>"
            out.append(f'\t\t<td{span_attr} style="border: 1px solid #000000; padding: 0cm '
                       f'0.19cm">\n\t\t\t{paragraphs}\n\t\t</td>')
        out.append("\t</tr>")
    out.append("</table>")
    return out


def to_libreoffice_html(doc, path: Path) -> Path:
    """A parsed decree -> the HTML LibreOffice Writer 6.4 saves: clauses as items of
    automatic lists (<ol start> where a list starts past 1, <li value> where its count jumps,
    no </li>), a clause's sub-points "1)" a list nested in its item, the numbers in no text;
    text hard-wrapped in the source; bold centred headings; a right-aligned stamp broken by
    <br/>; bordered tables; the footer's page-number field."""
    out: list[str] = []
    depth = 0  # 0: no list open, 1: a clause list, 2: a sub-point list inside it
    count = [0, 0]

    def close_to(level: int) -> None:
        nonlocal depth
        while depth > level:
            depth -= 1
            out.append("\t" * depth + "</ol>")

    def item(level: int, number: int, text: str) -> None:
        """An item of the list at `level` (1 clauses, 2 sub-points), opening that list."""
        nonlocal depth
        close_to(level)
        if depth < level:
            out.append("\t" * (level - 1) + "<ol" + (f' start="{number}"' if number != 1 else "")
                       + ">")
            depth, count[level - 1] = level, number - 1
        value = f' value="{number}"' if number != count[level - 1] + 1 else ""
        count[level - 1] = number
        out.append("\t" * level + f"<li{value}>" + _lo_p(text, "\t" * level))

    for block in blocks_of(doc):
        clause = _LO_CLAUSE.match(block.text) if block.role == "p" else None
        point = _LO_POINT.match(block.text) if block.role == "p" and depth else None
        if clause:
            item(1, int(clause.group(1)), block.text[clause.end():])
        elif point:
            item(2, int(point.group(1)), block.text[point.end():])
        elif block.role == "p" and depth:
            # a paragraph of the clause: in its item, as Writer keeps an unnumbered entry
            out.append("\t" * depth + "<p align=\"justify\" " + _LO_P + ">"
                       + _LO_FONT.format(_lo_wrapped(block.text, "\t" * depth)) + "</p>")
        else:
            close_to(0)
            if block.role == "table":
                out.extend(_lo_table(block.rows))
            elif block.role == "addressee":
                lines = "<br/>\n".join(html.escape(x, quote=False)
                                       for x in addressee_lines(block.text))
                out.append(f'<p align="right" {_LO_P}>' + _LO_FONT.format(lines) + "</p>")
            elif block.role == "heading":
                out.append(_lo_p(block.text, "", "center", bold=True))
            else:
                out.append(_lo_p(block.text, ""))
    close_to(0)
    lang = "kk-KZ" if doc.lang == "kk" else "ru-RU"
    page = ('<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.0 Transitional//EN">\n<html>\n<head>\n'
            '\t<meta http-equiv="content-type" content="text/html; charset=utf-8"/>\n'
            '\t<title></title>\n\t<meta name="generator" content="LibreOffice 6.4.7.2 (Linux)"/>\n'
            '\t<style type="text/css">\n\t\t@page { size: 21cm 29.7cm; margin: 2cm }\n'
            '\t\tp { margin-bottom: 0.25cm; line-height: 115%; background: transparent }\n'
            '\t\ttd p { background: transparent }\n\t</style>\n</head>\n'
            f'<body lang="{lang}" link="#000080" vlink="#800000" dir="ltr">'
            + "\n".join(out)
            + '\n<div title="footer"><p align="center" style="margin-top: 0.5cm; margin-bottom: 0cm">'
            '<sdfield type=PAGE subtype=RANDOM format=PAGE>1</sdfield></p>\n</div>\n'
            "</body>\n</html>\n")
    Path(path).write_text(page, encoding="utf-8")
    return Path(path)


STYLES["html-libreoffice"] = to_libreoffice_html
SUFFIX = {name: name.split("-")[0] for name in STYLES}


# --- a Word file whose methodology is set in a layout table --------------------------------------

_LAYOUT_LABEL = re.compile(r"(\d{1,3}(?:[.-]\d{1,3})*[.)])\s+(?=\S)")


def to_layout_table_docx(doc, path: Path) -> Path:
    """A parsed decree -> a .docx as a district office types one: the decree's own part in
    ordinary paragraphs, each stamp a right-aligned one-cell table, and the body of the
    methodology (from its title to the next stamp, when it holds clauses) a borderless
    two-column table: a clause's
    or sub-point's number in the first cell, its text in the second, a paragraph with no
    number the second cell alone, a chapter heading one cell merged across both; the sheets'
    tables bordered tables between the layout table's parts."""
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    document = docx.Document()
    stamps = 0
    titled = False  # the methodology's title is set, above its layout table
    layout = None  # the open layout table

    def stamp(lines: list[str]) -> None:
        cell = document.add_table(rows=1, cols=1).rows[0].cells[0]
        cell.paragraphs[0].text = lines[0]
        for line in lines[1:]:
            cell.add_paragraph(line)
        for paragraph in cell.paragraphs:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT

    blocks = blocks_of(doc)
    stamped = [k for k, block in enumerate(blocks) if block.role == "addressee"][:2]
    body = blocks[stamped[0]:stamped[1] if len(stamped) > 1 else None] if stamped else []
    clauses = sum(1 for block in body if block.role == "p" and _LAYOUT_LABEL.match(block.text))
    for block in blocks:
        if block.role == "addressee":
            layout = None
            stamps += 1
            stamp(addressee_lines(block.text))
        elif block.role == "table":
            layout = None
            _docx_table(document, block.rows)
        elif stamps == 1 and titled and clauses >= 3:
            if layout is None:
                layout = document.add_table(rows=0, cols=2)  # no style: no borders
            row = layout.add_row()
            if block.role == "heading":
                merged_cell = row.cells[0].merge(row.cells[1])
                merged_cell.paragraphs[0].text = block.text
                merged_cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
                continue
            m = _LAYOUT_LABEL.match(block.text)
            row.cells[0].paragraphs[0].text = m.group(1) if m else ""
            row.cells[1].paragraphs[0].text = block.text[m.end():] if m else block.text
            row.cells[1].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        elif block.role == "heading":
            document.add_paragraph(block.text).alignment = WD_ALIGN_PARAGRAPH.CENTER
            titled = titled or stamps == 1
        else:
            document.add_paragraph(block.text).alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    document.save(str(path))
    return Path(path)


STYLES["docx-layouttable"] = to_layout_table_docx
SUFFIX = {name: name.split("-")[0] for name in STYLES}


# --- a team wiki's Markdown export -------------------------------------------------------------

_MD_CLAUSE = re.compile(r"(\d{1,3})\.\s+(?=\S)")
_MD_POINT = re.compile(r"(\d{1,2})\)\s+(?=\S)")
_MD_REFERENCE = re.compile(r"(?<![\w\[])((?:пункт[а-я]*|подпункт[а-я]*)\s+\d{1,3}(?:\)|\b)"
                           r"|\d{1,3}-(?:тармақ|тармақша)[а-яәіңғүұқөһ]*)", re.I)
_MD_SPECIAL = re.compile(r"([\\`*_|])")


def _md_escaped(text: str, cell: bool = False) -> str:
    """Text as a wiki's exporter writes it: its Markdown signs escaped ("\\_\\_\\_" for a
    blank to fill in, "\\|" in a cell), a cross-reference an internal link."""
    text = _MD_SPECIAL.sub(r"\\\1", text)
    if not cell:
        text = re.sub(r"^(\d{1,3})\.(?=\s)", r"\1\\.", text)  # a paragraph opening "2020. …"
        text = re.sub(r"^([#>+-])", r"\\\1", text)
    return _MD_REFERENCE.sub(lambda m: f"[{m.group(1)}](#{m.group(1).lower().replace(' ', '-')})",
                             text)


def _md_table(rows: tuple[tuple[str, ...], ...]) -> list[str]:
    """A GFM pipe table: a cell's lines joined by <br>, a merged row's text in its first
    cell, a rule under the first row."""
    width = max(len(r) for r in rows)
    lines = []
    for k, texts in enumerate(rows):
        cells = [*texts, *[""] * (width - len(texts))]
        lines.append("| " + " | ".join("<br>".join(_md_escaped(x, cell=True)
                                                   for x in c.split(CELL_BREAK)) for c in cells)
                     + " |")
        if k == 0:
            lines.append("|" + "---|" * width)
    return lines


def _lazy_lists(blocks: list[Block]) -> list[bool]:
    """Per block: is it a clause of a list numbered one by one (the wiki writes its items
    after the first "1.")? A list the act misnumbers (a number repeated or skipped) keeps its
    numbers as written."""
    lazy = [False] * len(blocks)
    run: list[tuple[int, int]] = []

    def close() -> None:
        if all(b[1] == a[1] + 1 for a, b in zip(run, run[1:])):
            for k, _ in run:
                lazy[k] = True
        run.clear()

    for k, block in enumerate(blocks):
        clause = _MD_CLAUSE.match(block.text) if block.role == "p" else None
        if clause:
            run.append((k, int(clause.group(1))))
        elif not (block.role == "p" and run and _MD_POINT.match(block.text)):
            close()
    close()
    return lazy


def to_wiki_markdown(doc, path: Path) -> Path:
    """A parsed decree -> the Markdown a team wiki exports: YAML front matter, the title a
    "#" heading and the chapters "##", clauses an ordered list whose first item bears the
    chapter's real number and the rest "1." (a renderer counts them; a list the act
    misnumbers keeps its numbers), a clause's sub-points
    a list nested under it (the first its number, the rest "1)"), a stamp's lines broken by
    two trailing spaces, GFM pipe tables with <br> in their cells, signs escaped,
    cross-references internal links."""
    out = ["---", f"title: \"{doc.id}\"", f"lang: {doc.lang}", "tags: [methodology]", "---", ""]
    blocks = blocks_of(doc)
    lazy = _lazy_lists(blocks)
    in_list = in_points = False
    headings = 0
    for k, block in enumerate(blocks):
        clause = _MD_CLAUSE.match(block.text) if block.role == "p" else None
        point = _MD_POINT.match(block.text) if block.role == "p" and in_list else None
        if clause:
            out.append(f"{1 if in_list and lazy[k] else clause.group(1)}. "
                       + _md_escaped(block.text[clause.end():]))
            in_list, in_points = True, False
        elif point:
            out.append(f"   {point.group(1) if not in_points else 1}) "
                       + _md_escaped(block.text[point.end():]))
            in_points = True
        else:
            in_list = in_points = False
            if block.role == "table":
                out.extend(_md_table(block.rows))
            elif block.role == "addressee":
                out.append("  \n".join(_md_escaped(x) for x in addressee_lines(block.text)))
            elif block.role == "heading":
                out.append(("# " if not headings else "## ") + _md_escaped(block.text))
                headings += 1
            else:
                out.append(_md_escaped(block.text))
        out.append("")
    Path(path).write_text("\n".join(out), encoding="utf-8")
    return Path(path)


STYLES["md-wiki"] = to_wiki_markdown
SUFFIX = {name: name.split("-")[0] for name in STYLES}
# Styles whose tables keep no row shorter than the table (a pipe table merges no cells; a grid
# table's short row spans the table): their tables are compared by rows, not cells.
UNMERGED = frozenset({"md-wiki", "md-pandoc"})


# --- a Word file whose formulas are equations (Office Math) -----------------------------------

_SYMBOLIC = re.compile(r"(?P<lead>.*?)(?P<formula>(?<![\w])[A-ZА-ЯЁӘІҢҒҮҰҚӨҺ][\wА-Яа-яё]{0,3}\s*=\s*"
                       r"(?:[\dA-Za-zА-Яа-яёәіңғүұқөһӘІҢҒҮҰҚӨҺ]{1,3}(?:[,.]\d+)?|[-−–+×*/÷()…⋯ ]|\.\.\.)+)"
                       r"(?P<tail>.*)", re.S)
_TOKEN = re.compile(r"(?P<frac>(?:\([^()]*\)|[\w,.]+)\s*/\s*(?:\([^()]*\)|[\w,.]+))"
                    r"|(?P<sub>(?<![\w])[A-ZА-ЯЁӘІҢҒҮҰҚӨҺ](?:\d{1,2}|n|i)(?![\w]))|(?P<text>.)", re.S)
_MATH_NS = "http://schemas.openxmlformats.org/officeDocument/2006/math"


def symbolic_formula(text: str):
    """A paragraph's formula typed in symbols ("И = (К1 + К2 + … + Кn) / n"): (text before,
    the formula, text after), or None. A formula with words in it stays text."""
    m = _SYMBOLIC.fullmatch(text)
    if not m or not re.search(r"[-−–+×*/÷]", m.group("formula")):
        return None
    return m.group("lead"), m.group("formula").rstrip(" ,"), \
        m.group("formula")[len(m.group("formula").rstrip(" ,")):] + m.group("tail")


def _omml(formula: str) -> str:
    """A symbolic formula as Word's equation editor stores it: a fraction m:f, a letter with
    its index m:sSub, the rest m:r runs (typed with no spaces, as the editor keeps them)."""
    def run(text: str) -> str:
        text = html.escape(text.replace(" ", ""), quote=False)
        return f"<m:r><m:t>{text}</m:t></m:r>" if text else ""

    def part(text: str) -> str:
        inner = text.strip()
        if inner.startswith("(") and inner.endswith(")") and inner.count("(") == 1:
            inner = inner[1:-1]
        return body(inner)

    def body(text: str) -> str:
        out, pending = [], ""
        for m in _TOKEN.finditer(text):
            if m.group("text") is not None:
                pending += m.group("text")
                continue
            out.append(run(pending))
            pending = ""
            if m.group("frac"):
                num, den = re.split(r"\s*/\s*", m.group("frac"), maxsplit=1)
                out.append(f"<m:f><m:num>{part(num)}</m:num><m:den>{part(den)}</m:den></m:f>")
            else:
                token = m.group("sub")
                out.append(f"<m:sSub><m:e>{run(token[0])}</m:e><m:sub>{run(token[1:])}</m:sub>"
                           "</m:sSub>")
        out.append(run(pending))
        return "".join(out)

    return f'<m:oMath xmlns:m="{_MATH_NS}">{body(formula)}</m:oMath>'


def to_equation_docx(doc, path: Path) -> Path:
    """A parsed decree -> a .docx as the docx-headings style sets it, each formula typed in
    symbols an equation of Word's equation editor (Office Math) inside its paragraph."""
    import docx
    from docx.oxml import parse_xml

    to_styled_docx(doc, path)
    document = docx.Document(str(path))
    for paragraph in document.paragraphs:
        parts = symbolic_formula(paragraph.text)
        if parts is None:
            continue
        lead, formula, tail = parts
        for run in list(paragraph.runs):
            run._r.getparent().remove(run._r)
        if lead:
            paragraph.add_run(lead)
        paragraph._p.append(parse_xml(_omml(formula)))
        if tail:
            paragraph.add_run(tail)
    document.save(str(path))
    return Path(path)


STYLES["docx-equations"] = to_equation_docx
SUFFIX = {name: name.split("-")[0] for name in STYLES}


# --- a Word file as Google Docs exports it --------------------------------------------------------

_GDOCS_ABSTRACT = (
    '<w:abstractNum {ns} w:abstractNumId="91"><w:multiLevelType w:val="multilevel"/>'
    '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/>'
    '<w:lvlJc w:val="left"/></w:lvl><w:lvl w:ilvl="1"><w:start w:val="1"/>'
    '<w:numFmt w:val="decimal"/><w:lvlText w:val="%2)"/><w:lvlJc w:val="left"/></w:lvl>'
    '</w:abstractNum>')


def _split_runs(paragraph, text: str) -> None:
    """The text in runs cut where an editor's revisions cut them: every few words, now and
    then inside a word."""
    words = text.split(" ")
    k = 0
    while k < len(words):
        piece = " ".join(words[k:k + 3]) + (" " if k + 3 < len(words) else "")
        if len(piece) > 8 and k % 2:
            paragraph.add_run(piece[:5])
            paragraph.add_run(piece[5:])
        else:
            paragraph.add_run(piece)
        k += 3


def to_gdocs_docx(doc, path: Path) -> Path:
    """A parsed decree -> a .docx as Google Docs exports it: the title in the "Title" style
    and the chapters in "Heading 2", clauses and their sub-points items of one multi-level
    automatic list ("%1." over "%2)") that runs on across the chapters, a new list where the
    count starts again (the decree's own clauses, then the methodology's); text in runs split
    every few words; tables ruled."""
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    document = docx.Document()
    lists = _ClauseLists(document, _GDOCS_ABSTRACT, "91", 910)
    point = None
    titled = False

    for block in blocks_of(doc):
        clause = _MD_CLAUSE.match(block.text) if block.role == "p" else None
        sub = _MD_POINT.match(block.text) if block.role == "p" else None
        if block.role == "table":
            _docx_table(document, block.rows)
            point = None
        elif block.role == "heading":
            style = "Title" if not titled else "Heading 2"
            titled = True
            document.add_paragraph(block.text, style=style).alignment = WD_ALIGN_PARAGRAPH.CENTER
            point = None
        elif block.role == "addressee":
            for line in addressee_lines(block.text):
                document.add_paragraph(line).alignment = WD_ALIGN_PARAGRAPH.RIGHT
            point = None
        elif clause:
            paragraph = document.add_paragraph()
            _split_runs(paragraph, block.text[clause.end():])
            lists.number(paragraph, int(clause.group(1)))
            point = 1
        elif sub and point == int(sub.group(1)):
            paragraph = document.add_paragraph()
            _split_runs(paragraph, block.text[sub.end():])
            lists.point(paragraph)
            point += 1
        else:
            paragraph = document.add_paragraph()
            _split_runs(paragraph, block.text)
            paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
            point = None if not sub else point
    document.save(str(path))
    return Path(path)


STYLES["docx-gdocs"] = to_gdocs_docx
SUFFIX = {name: name.split("-")[0] for name in STYLES}


# --- Markdown as pandoc converts a Word file ------------------------------------------------------

_PANDOC_COLUMNS = 72
_PANDOC_SPECIAL = re.compile(r"([\\`*_\[\]<>|$~^\"])")


def _pandoc_escaped(text: str) -> str:
    """Text as pandoc's Markdown writer escapes it: its signs and straight quotes (`smart`) with
    a backslash; a paragraph that would open a list or a heading, its mark escaped."""
    text = _PANDOC_SPECIAL.sub(r"\\\1", text.strip())
    text = re.sub(r"^(\d{1,3})([.)])(?=\s)", r"\1\\\2", text)
    if re.fullmatch(r"[-=]+", text):  # a line of dashes is no heading's underline
        return re.sub(r"([-=])", r"\\\1", text)
    return re.sub(r"^([#+-])(?=\s)", r"\\\1", text)


def _pandoc_wrapped(text: str, first: str = "", rest: str = "") -> list[str]:
    """A paragraph wrapped at 72 columns as pandoc wraps it (never inside a word, never so that
    a line opens with a list mark), its first line after `first`, the others after `rest`."""
    lines = textwrap.wrap(text, _PANDOC_COLUMNS, initial_indent=first, subsequent_indent=rest,
                          break_long_words=False, break_on_hyphens=False) or [first.rstrip()]
    out = [lines[0]]
    for line in lines[1:]:  # pandoc keeps a "1." or "-" that would open a line on the line before
        body = line[len(rest):]
        if re.match(r"(?:\d{1,3}[.)]|[-+*])(?:\s|$)", body) and " " in body:
            mark, tail = body.split(" ", 1)
            out[-1] += " " + mark
            out.append(rest + tail)
        elif re.fullmatch(r"(?:\d{1,3}[.)]|[-+*])", body):
            out[-1] += " " + body
        else:
            out.append(line)
    return out


def _pandoc_marker(mark: str) -> str:
    """A list item's mark padded as pandoc pads it: to four columns, one space at least."""
    return mark + " " * max(1, 4 - len(mark))


def _pandoc_grid(rows: tuple[tuple[str, ...], ...]) -> list[str]:
    """A grid table as pandoc writes one (its columns shared out over 72 columns by their
    text's length, a cell's paragraphs parted by an empty line in the cell, the header ruled
    with "=", a merged row one cell across the table, a short row's last cell spanning the
    columns it lacks)."""
    width = max(len(r) for r in rows)
    full = [[*r, *[""] * (width - len(r))] for r in rows]
    need = [max(max((len(w) for w in re.split(r"\s+", c) if w), default=1)
                for c in (row[k] for row in rows if k < len(row) - 1 or len(row) == width))
            for k in range(width)]
    length = [max(1, sum(len(row[k]) for row in full)) for k in range(width)]
    room = _PANDOC_COLUMNS - 1 - 3 * width
    widths = [max(need[k], 3, room * length[k] // sum(length)) for k in range(width)]

    def cell_lines(text: str, w: int) -> list[str]:
        lines: list[str] = []
        for k, paragraph in enumerate(text.split(CELL_BREAK) if text else []):
            if k:
                lines.append("")
            lines += textwrap.wrap(_pandoc_escaped(paragraph), w, break_long_words=False,
                                   break_on_hyphens=False) or [""]
        return lines or [""]

    def rule(char: str) -> str:
        return "+" + "+".join(char * (w + 2) for w in widths) + "+"

    out = [rule("-")]
    for n, texts in enumerate(rows):
        # a merged row is one cell across the table; a short row's last cell spans the rest
        texts = [texts[0]] if merged(tuple(texts), width) else list(texts)
        spans = [widths[k] for k in range(len(texts) - 1)]
        spans.append(sum(widths[len(texts) - 1:]) + 3 * (width - len(texts)))
        cells = [cell_lines(t, w) for t, w in zip(texts, spans)]
        for k in range(max(map(len, cells))):
            out.append("| " + " | ".join((c[k] if k < len(c) else "").ljust(w)
                                         for c, w in zip(cells, spans)) + " |")
        out.append(rule("=" if n == 0 and len(rows) > 1 else "-"))
    return out


def _pandoc_simple(rows: tuple[tuple[str, ...], ...]) -> list[str] | None:
    """A simple table as pandoc writes a small one whose cells each fit on a line: columns of
    spaces under the header, a dashed rule under it, indented two spaces; None when the table
    is not such (a merged row, a cell of two lines, too wide)."""
    width = max(len(r) for r in rows)
    if len(rows) < 2 or any(len(r) != width or merged(r, width) or
                            any(CELL_BREAK in c for c in r) for r in rows):
        return None
    texts = [[_pandoc_escaped(c) for c in r] for r in rows]
    widths = [max(len(r[k]) for r in texts) for k in range(width)]
    if 2 + sum(widths) + width - 1 > _PANDOC_COLUMNS:
        return None
    line = lambda r: ("  " + " ".join(c.ljust(w) for c, w in zip(r, widths))).rstrip()
    return [line(texts[0]), "  " + " ".join("-" * w for w in widths),
            *(line(r) for r in texts[1:])]


def to_pandoc_markdown(doc, path: Path) -> Path:
    """A parsed decree -> the Markdown `pandoc -f docx -t markdown` prints of it: lines wrapped
    at 72 columns; headings typed bold in Word, bold paragraphs ("**…**"); clauses an ordered
    list "1.  " whose items' lines go on four columns in, each item its own paragraph (a blank
    line between), a clause's sub-points a list "1)  " nested in its item; a paragraph with no
    number between clauses ends the list, the next list opening at its own number; a stamp's
    lines ended by a backslash (a line break in its paragraph), its first word underlined
    ("[Бекітілген]{.underline}"); signs and straight quotes escaped; a table of one-line cells
    a simple table, any other a grid table."""
    out: list[str] = []
    in_list = False
    for block in blocks_of(doc):
        clause = _MD_CLAUSE.match(block.text) if block.role == "p" else None
        point = _MD_POINT.match(block.text) if block.role == "p" and in_list else None
        if clause:
            mark = _pandoc_marker(clause.group(1) + ".")
            out += _pandoc_wrapped(_pandoc_escaped(block.text[clause.end():]), mark,
                                   " " * len(mark))
            in_list = True
        elif point:
            mark = "    " + _pandoc_marker(point.group(1) + ")")
            out += _pandoc_wrapped(_pandoc_escaped(block.text[point.end():]), mark,
                                   " " * len(mark))
        else:
            in_list = False
            if block.role == "table" and all(sum(1 for c in r if c.strip()) == 1
                                             for r in block.rows):
                # lines pushed right by TABs (a stamp typed so): a paragraph of lines to pandoc
                lines = [_pandoc_escaped(next(c for c in r if c.strip())) for r in block.rows]
                out += [line + "\\" for line in lines[:-1]] + lines[-1:]
            elif block.role == "table":
                out += _pandoc_simple(block.rows) or _pandoc_grid(block.rows)
            elif block.role == "addressee":
                lines = [_pandoc_escaped(x) for x in addressee_lines(block.text)]
                first, _, rest = lines[0].partition(" ")
                lines[0] = f"[{first}]{{.underline}}" + (" " + rest if rest else "")
                out += [line + "\\" for line in lines[:-1]] + lines[-1:]
            elif block.role == "heading":
                out += _pandoc_wrapped(f"**{_pandoc_escaped(block.text)}**")
            else:
                out += _pandoc_wrapped(_pandoc_escaped(block.text))
        out.append("")
    Path(path).write_text("\n".join(out), encoding="utf-8")
    return Path(path)


STYLES["md-pandoc"] = to_pandoc_markdown
SUFFIX = {name: name.split("-")[0] for name in STYLES}


# --- the HTML Word saves as "Web Page, Filtered" -------------------------------------------------

_WORD_HEAD = """<html>

<head>
<meta http-equiv=Content-Type content="text/html; charset=windows-1251">
<meta name=Generator content="Microsoft Word 15 (filtered)">
<style>
<!--
 /* Style Definitions */
 p.MsoNormal, li.MsoNormal, div.MsoNormal
\t{margin:0cm;
\tfont-size:12.0pt;
\tfont-family:"Times New Roman",serif;}
p.MsoListParagraphCxSpFirst, li.MsoListParagraphCxSpFirst, div.MsoListParagraphCxSpFirst
\t{margin-top:0cm;
\tmargin-right:0cm;
\tmargin-bottom:0cm;
\tmargin-left:36.0pt;
\tfont-size:12.0pt;
\tfont-family:"Times New Roman",serif;}
@page WordSection1
\t{size:595.3pt 841.9pt;
\tmargin:2.0cm 42.5pt 2.0cm 3.0cm;}
div.WordSection1
\t{page:WordSection1;}
@page WordSection2
\t{size:841.9pt 595.3pt;
\tmargin:3.0cm 2.0cm 42.5pt 2.0cm;}
div.WordSection2
\t{page:WordSection2;}
-->
</style>

</head>

<body lang=RU style='word-wrap:break-word'>

<div class=WordSection1>
"""
_WORD_SPAN = "<span lang={lang} style='font-size:14.0pt'>{text}</span>"
_WORD_GAP = "<span style='font:7.0pt \"Times New Roman\"'>" + "&nbsp;" * 7 + " </span>"


def _word_text(text: str) -> str:
    """Text as Word writes it into its filtered HTML: escaped, a no-break space as &nbsp;."""
    return html.escape(text, quote=False).replace("\u00a0", "&nbsp;")


def _word_wrapped(markup: str) -> str:
    """Word's HTML source broken into lines of about 76 characters at spaces, inside tags
    and attribute values too ("<span lang=KZ\\nstyle='font-size:\\n14.0pt'>")."""
    return "\n".join(textwrap.wrap(markup, 76, break_long_words=False, break_on_hyphens=False))


def _word_p(css_class: str, style: str, inner: str, align: str = "") -> str:
    align_attr = f" align={align}" if align else ""
    style_attr = f" style='{style}'" if style else ""
    return _word_wrapped(f"<p class={css_class}{align_attr}{style_attr}>{inner}</p>") + "\n"


def _word_table(rows: tuple[tuple[str, ...], ...], lang: str) -> str:
    """An MsoTableGrid table with CSS borders: a <p class=MsoNormal> per line of a cell, a
    merged row one cell spanning the table (colspan)."""
    width = max(len(r) for r in rows)
    out = ["<table class=MsoTableGrid border=1 cellspacing=0 cellpadding=0\n"
           " style='border-collapse:collapse;border:none'>"]
    for texts in rows:
        cells = [(texts[0], width)] if merged(texts, width) else [(t, 1) for t in texts]
        out.append(" <tr>")
        for text, span in cells:
            span_attr = f" colspan={span}" if span > 1 else ""
            paragraphs = "".join(
                _word_p("MsoNormal", "", _WORD_SPAN.format(lang=lang, text=_word_text(x))
                        if x else "&nbsp;")
                for x in (text.split(CELL_BREAK) if text else [""]))
            out.append(_word_wrapped(f"  <td width=120{span_attr} valign=top style='width:"
                                     "90.0pt;border:solid windowtext 1.0pt;padding:0cm 5.4pt "
                                     "0cm 5.4pt'>") + "\n  " + paragraphs + "  </td>")
        out.append(" </tr>")
    out.append("</table>\n")
    return "\n".join(out)


def to_word_filtered_html(doc, path: Path) -> Path:
    """A parsed decree -> the HTML Word 2016 saves as "Web Page, Filtered": windows-1251, the
    letters it lacks (Kazakh ә, ғ, қ, ң, ө, ұ, ү, һ) as numeric character references; MsoNormal
    paragraphs of lang=KZ (or RU) spans, the decree's own clauses indented with runs of &nbsp;,
    the methodology's clauses and sub-points list paragraphs (MsoListParagraphCxSp*) whose
    numbers are typed text followed by a 7pt span of &nbsp;; bold centred headings; a stamp's
    lines paragraphs indented past the page's middle (margin-left); empty &nbsp; paragraphs under headings; MsoTableGrid tables;
    the source hard-wrapped at 76 columns inside tags and text; the last appendix in a
    landscape WordSection2 after a section break."""
    lang = "KZ" if doc.lang == "kk" else "RU"
    blocks = blocks_of(doc)
    stamps = [k for k, b in enumerate(blocks) if b.role == "addressee"]
    out = [_WORD_HEAD]
    approved = False  # past the methodology's stamp: its clauses are Word list paragraphs
    for k, block in enumerate(blocks):
        if len(stamps) > 2 and k == stamps[-1]:
            out.append("</div>\n\n<span lang=" + lang + " style='font-size:14.0pt;font-family:"
                       "\n\"Times New Roman\",serif'><br\nclear=all style='page-break-before:"
                       "always'>\n</span>\n\n<div class=WordSection2>\n")
        clause = _MD_CLAUSE.match(block.text) if block.role == "p" else None
        point = _MD_POINT.match(block.text) if block.role == "p" else None
        if block.role == "table":
            out.append(_word_table(block.rows, lang))
        elif block.role == "addressee":
            approved = True
            for line in addressee_lines(block.text):
                out.append(_word_p("MsoNormal", "margin-left:262.35pt", _WORD_SPAN.format(
                    lang=lang, text=_word_text(line))))
        elif block.role == "heading":
            out.append(_word_p("MsoNormal", "text-align:center", "<b>" + _WORD_SPAN.format(
                lang=lang, text=_word_text(block.text)) + "</b>", "center"))
            out.append(_word_p("MsoNormal", "text-align:center", "<b><span lang=" + lang
                               + ">&nbsp;</span></b>", "center"))
        elif approved and (clause or point):
            mark = (clause or point).group(1) + ("." if clause else ")")
            rest = block.text[(clause or point).end():]
            out.append(_word_p("MsoListParagraphCxSpMiddle", "margin-left:0cm;text-align:"
                               "justify;text-indent:35.45pt",
                               _WORD_SPAN.format(lang=lang, text=mark + _WORD_GAP)
                               + _WORD_SPAN.format(lang=lang, text=_word_text(rest))))
        else:
            indent = "&nbsp;" * 11 + " " if clause or point else ""
            out.append(_word_p("MsoNormal", "text-align:justify;text-indent:35.45pt" if not
                               indent else "text-align:justify", _WORD_SPAN.format(
                                   lang=lang, text=indent + _word_text(block.text))))
    out.append("</div>\n\n</body>\n\n</html>\n")
    Path(path).write_bytes("\n".join(out).encode("cp1251", "xmlcharrefreplace"))
    return Path(path)


STYLES["html-wordfiltered"] = to_word_filtered_html


# --- a .docx as LibreOffice Writer saves it ---------------------------------------------------

_LO_NS = ('xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
          'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
          'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
          'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
          'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
          'xmlns:v="urn:schemas-microsoft-com:vml" '
          'xmlns:w10="urn:schemas-microsoft-com:office:word"')
_LO_ABSTRACT = (
    '<w:abstractNum {ns} w:abstractNumId="81"><w:multiLevelType w:val="hybridMultilevel"/>'
    '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:suff w:val="tab"/>'
    '<w:lvlText w:val="%1."/><w:lvlJc w:val="left"/></w:lvl><w:lvl w:ilvl="1">'
    '<w:start w:val="1"/><w:numFmt w:val="decimal"/><w:suff w:val="space"/>'
    '<w:lvlText w:val="%2)"/><w:lvlJc w:val="left"/></w:lvl></w:abstractNum>')


def _lo_paragraphs(lines: list[str]) -> str:
    """A frame's lines as Writer writes them: a "Frame Contents" paragraph a line, each in
    runs cut where its revisions cut them."""
    out = []
    for line in lines:
        runs = "".join(f'<w:r><w:t xml:space="preserve">{html.escape(piece, quote=False)}'
                       "</w:t></w:r>" for piece in _lo_pieces(line))
        out.append('<w:p><w:pPr><w:pStyle w:val="FrameContents"/></w:pPr>' + runs + "</w:p>")
    return "".join(out)


def _lo_pieces(text: str) -> list[str]:
    """Text cut as Writer's revision ids cut it: every 11 characters, words or not."""
    return [text[k:k + 11] for k in range(0, len(text), 11)] or [""]


def _lo_frame(lines: list[str], number: int) -> str:
    """A text frame as Writer saves one into a .docx, written twice: a DrawingML text box
    (mc:Choice) and its VML copy (mc:Fallback), anchored to a paragraph, set at the page's
    right (a 5.1 cm frame 10.5 cm from the page's left edge)."""
    paragraphs = _lo_paragraphs(lines)
    return (
        f"<w:r {_LO_NS}><mc:AlternateContent><mc:Choice Requires=\"wps\"><w:drawing>"
        '<wp:anchor behindDoc="0" distT="0" distB="0" distL="0" distR="0" simplePos="0" '
        'locked="0" layoutInCell="0" allowOverlap="1" relativeHeight="2">'
        '<wp:simplePos x="0" y="0"/><wp:positionH relativeFrom="page"><wp:posOffset>3780000'
        '</wp:posOffset></wp:positionH><wp:positionV relativeFrom="paragraph"><wp:posOffset>0'
        '</wp:posOffset></wp:positionV><wp:extent cx="3240000" cy="1080000"/>'
        '<wp:effectExtent l="0" t="0" r="0" b="0"/><wp:wrapSquare wrapText="largest"/>'
        f'<wp:docPr id="{number}" name="Frame{number}"/><wp:cNvGraphicFramePr/>'
        '<a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/'
        'wordprocessingShape"><wps:wsp><wps:cNvSpPr txBox="1"/><wps:spPr><a:xfrm>'
        '<a:off x="0" y="0"/><a:ext cx="3240000" cy="1080000"/></a:xfrm><a:prstGeom '
        'prst="rect"/></wps:spPr><wps:txbx><w:txbxContent>' + paragraphs +
        '</w:txbxContent></wps:txbx><wps:bodyPr lIns="0" tIns="0" rIns="0" bIns="0"/>'
        "</wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice>"
        '<mc:Fallback><w:pict><v:rect style="position:absolute;margin-left:297.6pt;'
        'margin-top:0pt;width:255.1pt;height:85pt;mso-position-horizontal-relative:page" '
        'stroked="f"><v:textbox inset="0,0,0,0"><w:txbxContent>' + paragraphs +
        '</w:txbxContent></v:textbox><w10:wrap type="square"/></v:rect></w:pict>'
        "</mc:Fallback></mc:AlternateContent></w:r>")


def to_libreoffice_docx(doc, path: Path) -> Path:
    """A parsed decree -> a .docx as LibreOffice Writer 7 saves one: headings bold centred
    paragraphs of the default style (no heading style); clauses and their sub-points items of
    one automatic list (numbering.xml, "%1." over "%2)") that runs on across the chapters, a
    new list where the count starts again; every paragraph's text in runs cut every few
    characters, inside words (revision ids); each stamp a text frame at the page's right,
    written twice (DrawingML text box and VML copy), anchored to the paragraph after it (the
    first to an empty paragraph of its own); ruled tables; the last appendix in a landscape
    section."""
    import docx
    from docx.enum.section import WD_ORIENT, WD_SECTION
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import parse_xml

    document = docx.Document()
    lists = _ClauseLists(document, _LO_ABSTRACT, "81", 810)
    blocks = blocks_of(doc)
    stamps = [k for k, b in enumerate(blocks) if b.role == "addressee"]
    point = None
    frame: str | None = None  # a stamp's frame waiting for the paragraph it is anchored to

    def paragraph_of(text: str, bold: bool = False):
        nonlocal frame
        paragraph = document.add_paragraph()
        if frame is not None:
            paragraph._p.append(parse_xml(frame))
            frame = None
        for piece in _lo_pieces(text):
            paragraph.add_run(piece).bold = bold or None
        return paragraph

    for k, block in enumerate(blocks):
        if len(stamps) > 2 and k == stamps[-1]:
            section = document.add_section(WD_SECTION.NEW_PAGE)
            section.orientation = WD_ORIENT.LANDSCAPE
            section.page_width, section.page_height = section.page_height, section.page_width
        clause = _MD_CLAUSE.match(block.text) if block.role == "p" else None
        sub = _MD_POINT.match(block.text) if block.role == "p" else None
        if block.role == "table":
            if frame is not None:
                paragraph_of("")
            _docx_table(document, block.rows)
            point = None
        elif block.role == "addressee":
            if frame is not None:
                paragraph_of("")
            frame = _lo_frame(addressee_lines(block.text), k + 1)
            if k == stamps[0]:
                paragraph_of("")
            point = None
        elif block.role == "heading":
            paragraph_of(block.text, bold=True).alignment = WD_ALIGN_PARAGRAPH.CENTER
            point = None
        elif clause:
            lists.number(paragraph_of(block.text[clause.end():]), int(clause.group(1)))
            point = 1
        elif sub and point == int(sub.group(1)):
            lists.point(paragraph_of(block.text[sub.end():]))
            point += 1
        else:
            paragraph_of(block.text).alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
            point = None if not sub else point
    if frame is not None:
        paragraph_of("")
    document.save(str(path))
    return Path(path)


STYLES["docx-libreoffice"] = to_libreoffice_docx
SUFFIX = {name: name.split("-")[0] for name in STYLES}


# --- a newspaper's two-column page ------------------------------------------------------------

NEWSPAPER_HEAD = {"kk": "«Аудан жаңалықтары» газеті · № {n} · ресми бөлім",
                  "ru": "Газета «Районные вести» · № {n} · официальный раздел"}
_GUTTER_MM = 8.0  # between the two columns


def _newspaper_class():
    Page = _pdf_class()

    class Newspaper(Page):
        """A newspaper's page: its masthead over a rule, the folio at the foot."""

        def header(self):
            self.set_font("Body", "B", 8)
            self.set_y(8)
            self.cell(0, 4, self.head.format(n=self.page_no()), align="L")
            self.line(self.l_margin, 13, self.w - self.r_margin, 13)
            self.set_y(self.t_margin)
            self.set_font("Body", "", self.body_size)

        def footer(self):
            self.set_font("Body", "", 8)
            self.set_y(-10)
            self.cell(0, 4, str(self.page_no()), align="C")
            self.set_font("Body", "", self.body_size)

    return Newspaper


def to_newspaper_pdf(doc, path: Path) -> Path:
    """A decree as a district newspaper prints it in its official section (the PDF of its web
    edition): the masthead over a rule and the folio on every page, the decree's title across
    the page, its text in two justified columns (9 pt, narrow indents), headings bold and
    centred in their column, each
    stamp set right in its column, broken by hand; a table too wide for a column runs across
    both: the columns above it are closed (balanced) and start again below it."""
    size = 9.0
    pdf = _newspaper_class()(format="A4")
    pdf.body_size = size
    pdf.set_margins(15, 18, 15)
    pdf.set_auto_page_break(True, margin=15)
    pdf.add_font("Body", fname=SERIF)
    pdf.add_font("Body", "B", fname=SERIF_BOLD)
    pdf.set_font("Body", "", size)
    pdf.head = NEWSPAPER_HEAD[doc.lang]
    pdf.add_page()
    lh = size * 0.42 / (size * 0.3528)
    blocks = blocks_of(doc)
    k = 0
    if blocks and blocks[0].role == "heading":  # the decree's title, across the page
        pdf.set_font("Body", "B", size + 2)
        pdf.multi_cell(0, (size + 2) * 0.45, blocks[0].text, align="C", new_x="LMARGIN",
                       new_y="NEXT")
        pdf.ln(3)
        pdf.set_font("Body", "", size)
        k = 1
    while k < len(blocks):
        if blocks[k].role == "table":
            _pdf_table(pdf, PDF_STYLES["pdf-dense"], blocks[k].rows)
            pdf.set_font("Body", "", size)
            k += 1
            continue
        with pdf.text_columns(ncols=2, gutter=_GUTTER_MM, balance=True, text_align="J",
                              line_height=lh) as cols:
            while k < len(blocks) and blocks[k].role != "table":
                block = blocks[k]
                if block.role == "heading":
                    pdf.set_font("Body", "B", size)
                    with cols.paragraph(text_align="C", top_margin=1.5,
                                        bottom_margin=1.5) as par:
                        par.write(block.text)
                    pdf.set_font("Body", "", size)
                elif block.role == "addressee":
                    with cols.paragraph(text_align="R", bottom_margin=1.5) as par:
                        par.write("\n".join(textwrap.wrap(block.text, 30) or [block.text]))
                else:
                    with cols.paragraph(first_line_indent=4) as par:
                        par.write(block.text)
                k += 1
    pdf.output(str(path))
    return Path(path)


STYLES["pdf-newspaper"] = to_newspaper_pdf
SUFFIX = {name: name.split("-")[0] for name in STYLES}


# --- the text an OCR engine reads off a scan ----------------------------------------------------

OCR_PAGE_LINES = 64  # lines an OCR engine reads off a scanned A4 page of 12-point type
OCR_HEAD = {"kk": "{issuer} · № {number} · {n}-бет", "ru": "{issuer} · № {number} · стр. {n}"}


def _ocr_parts(block: Block) -> list[tuple[bool, list[str]]]:
    """One block as Tesseract gives it back, in parts (is it an appendix's stamp, its lines):
    the scan's lines, every one flush left (it keeps no indent and no centring), a blank line
    after the block; a table's rows in columns of spaces (its interword spaces kept), a cell's
    wrapped lines under it, and a stamp set in a layout grid's last cell a part of its own,
    broken by hand."""
    if block.role == "table":
        parts = []
        for lone, rows in groupby((r for r in block.rows if any(r)),
                                  key=lambda r: sum(map(bool, r)) == 1 and not r[0]):
            rows = tuple(rows)
            texts = [" ".join(c.replace(CELL_BREAK, " ") for c in row if c) for row in rows]
            parts.append((lone, [x for t in texts for x in addressee_lines(t)] + [""]
                          if lone else _text_table(rows) + [""]))
        return parts
    if block.role == "addressee":
        return [(True, [*addressee_lines(block.text), ""])]
    width = TEXT_WIDTH - 12 if block.role == "heading" else TEXT_WIDTH
    return [(False, [*(textwrap.wrap(block.text, width, break_on_hyphens=False) or [""]), ""])]


def to_ocr_text(doc, path: Path) -> Path:
    """A parsed decree -> the text Tesseract reads off its scanned pages: each page opens with
    the running head (the issuer, the decree's number and the page's) and closes with the
    page's number alone, a form feed parts the pages, and a page ends where it is full,
    inside a paragraph as often as not (a table that fits on a page goes whole to the next),
    or before an appendix's stamp, which opens a page of its own; every line flush left,
    blocks parted by a blank line."""
    pages: list[list[str]] = [[]]
    for block in blocks_of(doc):
        for stamp, lines in _ocr_parts(block):
            if stamp and pages[-1]:
                pages.append([])  # an appendix opens a page of its own
            if block.role == "table" and len(pages[-1]) + len(lines) > OCR_PAGE_LINES \
                    and len(lines) <= OCR_PAGE_LINES:
                pages.append([])  # a table that fits on a page is not broken
            for line in lines:
                if len(pages[-1]) >= OCR_PAGE_LINES:
                    pages.append([])
                pages[-1].append(line)
    number = next((n.number for n in doc.nodes() if n.kind == "issuing" and n.number), "")
    issuer = " ".join(next((n.text for n in doc.nodes() if n.kind == "title"), doc.id)
                      .split()[:3])
    head = OCR_HEAD["kk" if doc.lang == "kk" else "ru"]
    out = [f"{head.format(issuer=issuer, number=number or '—', n=n)}\n\n"
           + "\n".join(page).strip("\n") + f"\n\n{n}\n" for n, page in enumerate(pages, 1)]
    Path(path).write_text("\f".join(out), encoding="utf-8")
    return Path(path)


STYLES["txt-ocr"] = to_ocr_text
SUFFIX = {name: name.split("-")[0] for name in STYLES}
GRIDLESS = GRIDLESS | {"txt-ocr"}


# --- a scan's PDF with an OCR engine's invisible text layer ------------------------------------

OCR_LAYER_SKEW = (0.3, 0.45, 0.6, 0.4)  # degrees a scanned page is turned, page after page
OCR_LAYER_FOLIO = PAGE_LINES + 4  # the line of the page's foot its number stands on
OCR_LAYER_LOOKALIKES = str.maketrans("оаерсО", "oaepcO")  # Cyrillic letters an OCR takes for Latin


def _ocr_word(word: str, k: int) -> str:
    """A word as an OCR engine reads it off the scan: now and then a Cyrillic letter taken for
    its Latin look-alike (every seventh word), a zero in a number for the letter О (every
    third number)."""
    if any(ch.isdigit() for ch in word) and "0" in word and k % 3 == 0:
        return word.replace("0", "О")
    return word.translate(OCR_LAYER_LOOKALIKES) if k % 7 == 3 else word


def to_ocr_layer_pdf(doc, path: Path) -> Path:
    """A parsed decree -> a scan's PDF as an OCR engine saves it (`render.ocr_layer_pdf`): the
    page's lines as a typeset page sets them (a heading centred, a stamp on the right, a
    table's cells in the columns of its grid), every page turned a little, look-alike letters
    and the letter О for a zero now and then, the page's number at its foot."""
    pages: list[list[str]] = [[]]
    before = None
    for block in blocks_of(doc):
        if len(pages[-1]) >= PAGE_LINES:
            pages.append([])
        pages[-1].extend(_text_lines(block, before))
        before = block
    for n, page in enumerate(pages, 1):
        page.extend([""] * max(1, OCR_LAYER_FOLIO - len(page)) + [_centre(str(n))])
    return ocr_layer_pdf(pages, path, OCR_LAYER_SKEW, font=SERIF, unit=165.0 / TEXT_WIDTH,
                         line_mm=5.2, origin=(22.0, 20.0), misread=_ocr_word)


# A style of the matrix since round 36 (83 of 94 decrees read back in round 34, 89 in round
# 36: docs/facts.md). A scan's grid is in its picture, not in its text layer: its tables are
# read where their columns of words show them, and only its clause addresses are compared.
STYLES["pdf-ocrlayer"] = to_ocr_layer_pdf
SUFFIX = {name: name.split("-")[0] for name in STYLES}
GRIDLESS = GRIDLESS | {"pdf-ocrlayer"}


# --- the web page Google Docs exports -----------------------------------------------------------

_GDOCS_CSS = (
    '@import url(https://themes.googleusercontent.com/fonts/css?kit=fpjTOVmNbO4Lz34iLyptLUXza5V'
    'hXFjUlhHxrgKO7RA);{lists}ol{{margin:0;padding:0}}table td,table th{{padding:0}}'
    '.c1{{color:#000000;font-weight:400;text-decoration:none;vertical-align:baseline;'
    'font-size:14pt;font-family:"Times New Roman";font-style:normal}}'
    '.c2{{padding-top:0pt;padding-bottom:0pt;line-height:1.15;orphans:2;widows:2;'
    'text-align:justify}}'
    '.c3{{margin-left:36pt;padding-top:0pt;padding-left:0pt;padding-bottom:0pt;'
    'line-height:1.15;orphans:2;widows:2;text-align:justify}}'
    '.c4{{padding-top:0pt;padding-bottom:0pt;line-height:1.15;orphans:2;widows:2;'
    'text-align:right}}'
    '.c5{{padding-top:0pt;padding-bottom:0pt;line-height:1.15;orphans:2;widows:2;'
    'text-align:center}}'
    '.c6{{color:#000000;font-weight:700;text-decoration:none;vertical-align:baseline;'
    'font-size:14pt;font-family:"Times New Roman";font-style:normal}}'
    '.c7{{border-right-style:solid;padding:5pt 5pt 5pt 5pt;border-bottom-color:#000000;'
    'border-top-width:1pt;border-right-width:1pt;border-left-color:#000000;'
    'vertical-align:top;border-right-color:#000000;border-left-width:1pt;'
    'border-top-style:solid;border-left-style:solid;border-bottom-width:1pt;width:90pt;'
    'border-top-color:#000000;border-bottom-style:solid}}'
    '.c8{{padding:0;margin:0}}.c9{{margin-left:-5pt;border-spacing:0;border-collapse:collapse;'
    'margin-right:auto}}.c10{{height:0pt}}.c11{{background-color:#ffffff;max-width:481.9pt;'
    'padding:56.7pt 42.5pt 56.7pt 85pt}}.c12{{height:14pt}}'
    '.title{{padding-top:0pt;color:#000000;font-size:26pt;padding-bottom:3pt;'
    'font-family:"Arial";line-height:1.15;page-break-after:avoid;orphans:2;widows:2;'
    'text-align:left}}'
    'h2{{padding-top:18pt;color:#000000;font-size:16pt;padding-bottom:6pt;font-family:"Arial";'
    'line-height:1.15;page-break-after:avoid;orphans:2;widows:2;text-align:left}}')
_GDOCS_LEVEL = (
    'ol.lst-kix_{id}-{k}{{list-style-type:none}}'
    '.lst-kix_{id}-{k}>li{{counter-increment:lst-ctn-kix_{id}-{k}}}'
    'ol.lst-kix_{id}-{k}.start{{counter-reset:lst-ctn-kix_{id}-{k} {reset}}}'
    '.lst-kix_{id}-{k}>li:before{{content:"" counter(lst-ctn-kix_{id}-{k},decimal) "{mark} "}}')
_GDOCS_EMPTY = '<p class="c2 c12"><span class="c1"></span></p>'


def _gdocs_span(text: str, css_class: str = "c1") -> str:
    return f'<span class="{css_class}">{html.escape(text, quote=False)}</span>'


def _gdocs_table(rows: tuple[tuple[str, ...], ...]) -> str:
    """A ruled table: a <p> per line of a cell, a merged row one cell spanning the table."""
    width = max(len(r) for r in rows)
    out = ['<table class="c9">']
    for texts in rows:
        cells = [(texts[0], width)] if merged(texts, width) else [(t, 1) for t in texts]
        out.append('<tr class="c10">')
        for text, span in cells:
            paragraphs = "".join(f'<p class="c2">{_gdocs_span(x)}</p>' if x else _GDOCS_EMPTY
                                 for x in (text.split(CELL_BREAK) if text else [""]))
            out.append(f'<td class="c7" colspan="{span}" rowspan="1">{paragraphs}</td>')
        out.append("</tr>")
    return "".join(out) + "</table>"


def to_gdocs_html(doc, path: Path) -> Path:
    """A parsed decree -> the web page Google Docs exports (File > Download > Web page): the
    whole page on one line; every paragraph's look in classes of the head's style sheet
    (`.c4{…text-align:right}`), none inline; the clauses and their sub-points items of lists
    that show no marker (`ol.lst-kix_…{list-style-type:none}`) and number themselves by CSS
    counters (`.lst-kix_…-0>li:before{content:"" counter(lst-ctn-kix_…-0,decimal) ". "}`),
    the levels not nested but sibling <ol>s (each with the `start` its first item shows), one
    list running on across the chapters (its counter reset only by the `start` class), a new
    list where the count starts again; the
    title a `title` paragraph, the chapters <h2>; a stamp right-aligned by class; ruled tables
    of <p> cells; the empty header and footer <div>s Google Docs writes round the body."""
    body: list[str] = []
    lists: list[tuple[str, int]] = []  # each list's id and first number
    open_level = None  # the level of the <ol> open now, if any
    next_clause = None
    point = None
    titled = False

    def item(level: int, number: int, text: str, restart: bool) -> None:
        nonlocal open_level
        if open_level != level or restart:
            close()
            start = " start" if restart else ""
            body.append(f'<ol class="c8 lst-kix_{lists[-1][0]}-{level}{start}" start="{number}">')
            open_level = level
        body.append(f'<li class="c3 li-bullet-0">{_gdocs_span(text)}</li>')

    def close() -> None:
        nonlocal open_level
        if open_level is not None:
            body.append("</ol>")
        open_level = None

    for block in blocks_of(doc):
        clause = _MD_CLAUSE.match(block.text) if block.role == "p" else None
        sub = _MD_POINT.match(block.text) if block.role == "p" else None
        if clause:
            n = int(clause.group(1))
            if n != next_clause:
                lists.append((f"{len(lists) + 1:x}q{len(lists) * 7 % 10}u2m9n1w", n))
            item(0, n, block.text[clause.end():], n != next_clause)
            next_clause, point = n + 1, 1
            continue
        if sub and point == int(sub.group(1)):
            item(1, point, block.text[sub.end():], point == 1)
            point += 1
            continue
        close()
        if block.role == "table":
            body.append(_gdocs_table(block.rows))
            body.append(_GDOCS_EMPTY)
        elif block.role == "heading":
            if titled:
                body.append(f'<h2 class="c5" id="h.{len(body):x}gd">{_gdocs_span(block.text, "c6")}'
                            "</h2>")
            else:
                body.append(f'<p class="c5 title" id="h.gdt">{_gdocs_span(block.text, "c6")}</p>')
            titled = True
        elif block.role == "addressee":
            body.extend(f'<p class="c4">{_gdocs_span(line)}</p>'
                        for line in addressee_lines(block.text))
        else:
            body.append(f'<p class="c2">{_gdocs_span(block.text)}</p>')
        point = None if not sub else point
    close()
    css = "".join(_GDOCS_LEVEL.format(id=name, k=level, mark="." if level == 0 else ")",
                                      reset=first - 1 if level == 0 else 0)
                  for name, first in lists for level in (0, 1))
    page = ('<html><head><meta content="text/html; charset=UTF-8" http-equiv="content-type">'
            f'<style type="text/css">{_GDOCS_CSS.format(lists=css)}</style></head>'
            '<body class="c11 doc-content"><div><p class="c2 c12"><span class="c1"></span>'
            '</p></div>' + "".join(body)
            + '<div><p class="c2 c12"><span class="c1"></span></p></div></body></html>')
    Path(path).write_text(page, encoding="utf-8")
    return Path(path)


STYLES["html-gdocs"] = to_gdocs_html
SUFFIX = {name: name.split("-")[0] for name in STYLES}


# --- an e-mail Outlook saves as HTML ------------------------------------------------------------

_OUTLOOK_HEAD = """<html xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:w="urn:schemas-microsoft-com:office:word" xmlns:m="http://schemas.microsoft.com/office/2004/12/omml" xmlns="http://www.w3.org/TR/REC-html40">

<head>
<meta http-equiv=Content-Type content="text/html; charset=utf-8">
<meta name=Generator content="Microsoft Word 15 (filtered medium)">
<!--[if !mso]><style>v\\:* {behavior:url(#default#VML);}
o\\:* {behavior:url(#default#VML);}
w\\:* {behavior:url(#default#VML);}
.shape {behavior:url(#default#VML);}
</style><![endif]--><style><!--
/* Font Definitions */
@font-face
\t{font-family:"Cambria Math";
\tpanose-1:2 4 5 3 5 4 6 3 2 4;}
/* Style Definitions */
p.MsoNormal, li.MsoNormal, div.MsoNormal
\t{margin:0cm;
\tfont-size:11.0pt;
\tfont-family:"Calibri",sans-serif;}
p.MsoListParagraph, li.MsoListParagraph, div.MsoListParagraph
\t{mso-style-priority:34;
\tmargin-top:0cm;
\tmargin-right:0cm;
\tmargin-bottom:0cm;
\tmargin-left:36.0pt;
\tfont-size:11.0pt;
\tfont-family:"Calibri",sans-serif;}
p.Stamp, li.Stamp, div.Stamp
\t{mso-style-name:Stamp;
\tmargin:0cm;
\ttext-align:right;
\tfont-size:12.0pt;
\tfont-family:"Times New Roman",serif;}
span.EmailStyle19
\t{mso-style-type:personal-compose;
\tfont-family:"Calibri",sans-serif;
\tcolor:windowtext;}
.MsoChpDefault
\t{mso-style-type:export-only;
\tfont-size:10.0pt;}
@page WordSection1
\t{size:612.0pt 792.0pt;
\tmargin:72.0pt 72.0pt 72.0pt 72.0pt;}
div.WordSection1
\t{page:WordSection1;}
/* List Definitions */
@list l0
\t{mso-list-id:1021121375;
\tmso-list-type:hybrid;}
@list l0:level1
\t{mso-level-tab-stop:none;
\tmso-level-number-position:left;
\ttext-indent:-18.0pt;}
@list l0:level2
\t{mso-level-text:"%2\\)";
\tmso-level-tab-stop:none;
\tmso-level-number-position:left;
\ttext-indent:-18.0pt;}
--></style><!--[if gte mso 9]><xml>
<o:shapedefaults v:ext="edit" spidmax="1026" />
</xml><![endif]--><!--[if gte mso 9]><xml>
<o:shapelayout v:ext="edit">
<o:idmap v:ext="edit" data="1" />
</o:shapelayout></xml><![endif]-->
</head>

<body lang={lang} link="#0563C1" vlink="#954F72" style='word-wrap:break-word'>
<div class=WordSection1>
"""
# an e-mail's header as Outlook saves it above the message, and the note and signature round
# the decree pasted into it, per language
_OUTLOOK_MAIL = {
    "kk": (("Кімнен:", "Аудан әкімінің аппараты <apparat@akimat.kz>"),
           ("Жіберілді:", "сәрсенбі, 2024 жылғы 13 наурыз 10:42"),
           ("Кімге:", "Кадр қызметі <kadr@akimat.kz>"),
           ("Тақырып:", "Бағалау әдістемесі туралы қаулы"),
           "Сәлеметсіз бе! Қаулының мәтінін жолдаймыз.",
           ("Құрметпен,", "аппарат басшысының орынбасары", "тел.: 8 (72643) 4-12-67")),
    "ru": (("От:", "Аппарат акима района <apparat@akimat.kz>"),
           ("Отправлено:", "среда, 13 марта 2024 г. 10:42"),
           ("Кому:", "Кадровая служба <kadr@akimat.kz>"),
           ("Тема:", "Постановление о методике оценки"),
           "Добрый день! Направляем текст постановления.",
           ("С уважением,", "заместитель руководителя аппарата", "тел.: 8 (72643) 4-12-67")),
}
_OUTLOOK_GAP = ("<span style='mso-list:Ignore'>{}<span style='font:7.0pt \"Times New "
                "Roman\"'>" + "&nbsp;" * 5 + " </span></span>")


def _outlook_item(level: int, mark: str, text: str, lang: str) -> str:
    """A Word list paragraph in Outlook's HTML: its number inside a conditional section
    only browsers read (`<![if !supportLists]>…<![endif]>`), a 7pt gap after it."""
    return _word_p("MsoListParagraph", f"margin-left:{18 * level}.0pt;text-align:justify;"
                   f"text-indent:-18.0pt;mso-list:l0 level{level} lfo1",
                   "<![if !supportLists]>" + _WORD_SPAN.format(lang=lang, text=_OUTLOOK_GAP.format(
                       mark)) + "<![endif]>" + _WORD_SPAN.format(lang=lang, text=_word_text(text))
                   + "<o:p></o:p>")


def to_outlook_html(doc, path: Path) -> Path:
    """A parsed decree pasted into an e-mail that Outlook saves as HTML (File > Save As, .htm):
    Word's HTML of the message with its <o:p> tags and conditional comments, the header above
    it (From, Sent, To, Subject in the reader's language: a bold label, a tab, the value, each
    paragraph hanging by 120pt), the sender's note, then the decree: headings bold and
    centred, each stamp a one-cell borderless table floated right (`align=right`), the
    clauses and their sub-points Word list paragraphs whose numbers stand in a conditional
    section before a 7pt gap, other paragraphs MsoNormal, MsoTableGrid tables; the sender's
    signature after it; the source wrapped at 76 columns."""
    lang = "KZ" if doc.lang == "kk" else "RU"
    *fields, note, signature = _OUTLOOK_MAIL["kk" if doc.lang == "kk" else "ru"]
    out = [_OUTLOOK_HEAD.replace("{lang}", lang)]
    for label, value in fields:
        out.append(_word_p("MsoNormal", "margin-left:120.0pt;text-indent:-120.0pt;tab-stops:"
                           "120.0pt;mso-layout-grid-align:none;text-autospace:none",
                           f"<b><span style='color:black'>{label}<span style='mso-tab-count:1'>"
                           + " " * 20 + f"</span></span></b><span style='color:black'>"
                           f"{_word_text(value)}<o:p></o:p></span>"))
    out.append(_word_p("MsoNormal", "", "<o:p>&nbsp;</o:p>"))
    out.append(_word_p("MsoNormal", "", _word_text(note) + "<o:p></o:p>"))
    out.append(_word_p("MsoNormal", "", "<o:p>&nbsp;</o:p>"))
    approved = False  # past the first stamp: the methodology's clauses are list paragraphs
    for block in blocks_of(doc):
        clause = _MD_CLAUSE.match(block.text) if block.role == "p" else None
        point = _MD_POINT.match(block.text) if block.role == "p" else None
        if block.role == "table":
            out.append(_word_table(block.rows, lang))
        elif block.role == "addressee":
            approved = True
            cell = "".join(_word_p("Stamp", "", _WORD_SPAN.format(lang=lang, text=_word_text(x))
                                   + "<o:p></o:p>") for x in addressee_lines(block.text))
            out.append("<table class=MsoNormalTable border=0 cellspacing=0 cellpadding=0 "
                       "align=right\n style='border-collapse:collapse;mso-table-lspace:9.0pt;"
                       "mso-table-rspace:9.0pt;mso-table-anchor-horizontal:margin'>\n <tr>\n"
                       "  <td width=250 valign=top style='width:187.5pt;padding:0cm 5.4pt 0cm"
                       " 5.4pt'>\n  " + cell + "  </td>\n </tr>\n</table>\n")
            out.append("<p class=MsoNormal><span lang=" + lang + "><o:p>&nbsp;</o:p></span></p>\n")
        elif block.role == "heading":
            out.append(_word_p("MsoNormal", "text-align:center", "<b>" + _WORD_SPAN.format(
                lang=lang, text=_word_text(block.text)) + "<o:p></o:p></b>", "center"))
        elif approved and (clause or point):
            mark = (clause or point).group(1) + ("." if clause else ")")
            out.append(_outlook_item(1 if clause else 2, mark,
                                     block.text[(clause or point).end():], lang))
        else:
            out.append(_word_p("MsoNormal", "text-align:justify;text-indent:35.45pt",
                               _WORD_SPAN.format(lang=lang, text=_word_text(block.text))
                               + "<o:p></o:p>"))
    out.append(_word_p("MsoNormal", "", "<o:p>&nbsp;</o:p>"))
    out.extend(_word_p("MsoNormal", "", _word_text(x) + "<o:p></o:p>") for x in signature)
    out.append("</div>\n\n</body>\n\n</html>\n")
    Path(path).write_text("\n".join(out), encoding="utf-8")
    return Path(path)


STYLES["html-outlook"] = to_outlook_html
SUFFIX = {name: name.split("-")[0] for name in STYLES}


# --- a .docx a document system exports ----------------------------------------------------------

# the act's kind in the letterhead's other language, and the issuer it names there
_OTHER_KIND = {"ҚАУЛЫ": "ПОСТАНОВЛЕНИЕ", "ШЕШІМ": "РЕШЕНИЕ", "БҰЙРЫҚ": "ПРИКАЗ",
               "БҰЙРЫҒЫ": "ПРИКАЗ", "ӨКІМ": "РАСПОРЯЖЕНИЕ", "ПОСТАНОВЛЕНИЕ": "ҚАУЛЫ",
               "РЕШЕНИЕ": "ШЕШІМ", "ПРИКАЗ": "БҰЙРЫҚ", "РАСПОРЯЖЕНИЕ": "ӨКІМ"}
_OTHER_ISSUER = {"kk": "РЕСПУБЛИКА КАЗАХСТАН", "ru": "ҚАЗАҚСТАН РЕСПУБЛИКАСЫ"}


def _letterhead_lines(doc, blocks: list[Block]) -> int:
    """How many of the first blocks are the decree's issuing head set above its date line
    (the issuer and the act's kind, "ОРАЛ ҚАЛАСЫНЫҢ ӘКІМДІГІ" over "ҚАУЛЫ"): 0 when the decree
    does not open with its issuing block."""
    nodes = [n for n in doc.nodes() if n.head is not None and n.kind != "main"]
    if not nodes or nodes[0].kind != "issuing":
        return 0
    lines = doc.text[nodes[0].head.start:nodes[0].head.end].split("\n")
    head = 0
    while head < len(lines) and not re.search(r"\d{4}", lines[head]):
        head += 1
    texts = [b.text for b in blocks[:head]]
    return head if texts == lines[:head] else 0


def _tracked(paragraph, text: str, k: int) -> None:
    """The paragraph's text with an unaccepted revision: its k-th word deleted and typed
    again (w:del of a former wording, w:ins of the word as it stands)."""
    from docx.oxml import parse_xml

    words = text.split(" ")
    k = min(k, len(words) - 1)
    paragraph.add_run(" ".join(words[:k]) + " ")
    paragraph._p.append(parse_xml(
        f'<w:del {_W_NS} w:id="{k}1" w:author="EDMS" w:date="2022-04-15T10:00:00Z"><w:r>'
        f'<w:delText xml:space="preserve">{html.escape(words[k][::-1])} </w:delText></w:r>'
        "</w:del>"))
    paragraph._p.append(parse_xml(
        f'<w:ins {_W_NS} w:id="{k}2" w:author="EDMS" w:date="2022-04-15T10:00:00Z"><w:r>'
        f'<w:t xml:space="preserve">{html.escape(words[k])}</w:t></w:r></w:ins>'))
    if k + 1 < len(words):
        paragraph.add_run(" " + " ".join(words[k + 1:]))


def _in_control(paragraph, tag: str) -> None:
    """Wrap a paragraph in a block content control (w:sdt), as a document system fills its
    registration fields."""
    from docx.oxml import parse_xml

    sdt = parse_xml(f'<w:sdt {_W_NS}><w:sdtPr><w:alias w:val="{tag}"/><w:tag '
                    f'w:val="{tag}"/></w:sdtPr><w:sdtContent/></w:sdt>')
    p = paragraph._p
    p.addprevious(sdt)
    sdt[1].append(p)


def to_edms_docx(doc, path: Path) -> Path:
    """A parsed decree -> the .docx an electronic document system exports: a decree that opens
    with its issuing head gets a bilingual letterhead table instead (borderless, three
    columns: the head's lines in the decree's language in one outer column, the issuer and
    the act's kind in the other language in the other, the emblem's empty cell between;
    Kazakh on the left), its date line a registration field in a content control; every
    fifth paragraph holds an unaccepted revision (a word deleted and typed again); headings
    bold and centred, stamps right-aligned lines, clauses typed, tables ruled."""
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    document = docx.Document()
    blocks = blocks_of(doc)
    head = _letterhead_lines(doc, blocks)
    lang = "kk" if doc.lang == "kk" else "ru"
    if head:
        table = document.add_table(rows=0, cols=3)
        for block in blocks[:head]:
            kind = next((w for w in _OTHER_KIND if w in block.text.split()), None)
            other = _OTHER_KIND[kind] if kind else _OTHER_ISSUER[lang]
            cells = table.add_row().cells
            own, far = (cells[0], cells[2]) if lang == "kk" else (cells[2], cells[0])
            own.text, far.text = block.text, other
            for cell in (own, far):
                cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    edited = 0
    for k, block in enumerate(blocks[head:]):
        if block.role == "table":
            _docx_table(document, block.rows)
        elif block.role == "heading":
            paragraph = document.add_paragraph()
            paragraph.add_run(block.text).bold = True
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        elif block.role == "addressee":
            for line in addressee_lines(block.text):
                document.add_paragraph(line).alignment = WD_ALIGN_PARAGRAPH.RIGHT
        else:
            paragraph = document.add_paragraph()
            if head and k == 0:
                paragraph.add_run(block.text)
                _in_control(paragraph, "RegDate")
            elif len(block.text.split()) > 6 and edited % 5 == 0:
                _tracked(paragraph, block.text, 3)
            else:
                paragraph.add_run(block.text)
            edited += len(block.text.split()) > 6
            paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    document.save(str(path))
    return Path(path)


STYLES["docx-edms"] = to_edms_docx
SUFFIX = {name: name.split("-")[0] for name in STYLES}


# --- a .docx a PDF-to-Word converter makes ------------------------------------------------------

CONVERTER_LINE = 88  # characters of a printed line of the PDF the converter read
CONVERTER_PAGE_LINES = 46  # printed lines on a page


def _printed_lines(text: str, width: int, indent: int = 0) -> list[str]:
    """A paragraph broken into the lines of a printed page, its first line `indent`
    characters shorter, a long word at a line's end hyphenated by the typesetter ("бағалау-"
    over "ды")."""
    lines: list[str] = []
    line = ""
    for word in text.split(" "):
        width_now = width - (indent if not lines else 0)
        if not line:
            line = word
        elif len(line) + 1 + len(word) <= width_now:
            line += " " + word
        elif len(word) >= 10 and word.isalpha() and width_now - len(line) - 2 >= 4:
            cut = width_now - len(line) - 2
            lines.append(f"{line} {word[:cut]}-")
            line = word[cut:]
        else:
            lines.append(line)
            line = word
    return lines + [line] if line else lines


def _page_number_box(paragraph, n: int) -> None:
    """A text box holding the page's number, anchored to the page's first paragraph, as a
    converter keeps a PDF's footer: a DrawingML frame and its VML copy."""
    from docx.oxml import parse_xml

    txbx = (f'<w:txbxContent><w:p><w:pPr><w:jc w:val="center"/></w:pPr><w:r><w:t>{n}</w:t>'
            "</w:r></w:p></w:txbxContent>")
    paragraph._p.append(parse_xml(
        f'<w:r {_W_NS} xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
        'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
        'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
        'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
        'xmlns:v="urn:schemas-microsoft-com:vml"><mc:AlternateContent><mc:Choice Requires="wps">'
        '<w:drawing><wp:anchor distT="0" distB="0" distL="0" distR="0" simplePos="0" '
        'relativeHeight="2" behindDoc="0" locked="0" layoutInCell="1" allowOverlap="1">'
        '<wp:simplePos x="0" y="0"/><wp:positionH relativeFrom="page"><wp:posOffset>3600000'
        '</wp:posOffset></wp:positionH><wp:positionV relativeFrom="page"><wp:posOffset>10100000'
        '</wp:posOffset></wp:positionV><wp:extent cx="360000" cy="200000"/><wp:wrapNone/>'
        f'<wp:docPr id="{n + 100}" name="Text Box {n}"/><a:graphic><a:graphicData '
        'uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"><wps:wsp>'
        f'<wps:txbx>{txbx}</wps:txbx><wps:bodyPr/></wps:wsp></a:graphicData></a:graphic>'
        '</wp:anchor></w:drawing></mc:Choice><mc:Fallback><w:pict><v:shape '
        'style="position:absolute;margin-left:283pt;margin-top:795pt;width:28pt;height:16pt">'
        f'<v:textbox>{txbx}</v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent>'
        "</w:r>"))


def _section_break(paragraph) -> None:
    """End a page's section in this paragraph, as a converter sets each page a section."""
    from docx.oxml import parse_xml

    paragraph._p.get_or_add_pPr().append(parse_xml(
        f'<w:sectPr {_W_NS}><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1134" '
        'w:right="850" w:bottom="1134" w:left="1701" w:header="708" w:footer="708" '
        'w:gutter="0"/></w:sectPr>'))


def to_converter_docx(doc, path: Path) -> Path:
    """A parsed decree -> the .docx a PDF-to-Word converter makes of its printed copy: every
    printed line a paragraph of its own (the first of a paragraph indented), a numbered
    clause's lines one paragraph with line breaks between them, words the
    typesetter broke at a line's end hyphenated, headings' lines centred, a stamp's lines
    right-aligned; each page a section, its number a text box anchored to its first
    paragraph; tables ruled."""
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    document = docx.Document()
    count = 0  # printed lines on the page so far
    page = 1
    last = None

    def line(text: str, align, indent: bool = False):
        nonlocal count, page, last
        if count >= CONVERTER_PAGE_LINES and last is not None:
            _section_break(last)
            page, count = page + 1, 0
        paragraph = document.add_paragraph()
        if count == 0:
            _page_number_box(paragraph, page)
        for k, part in enumerate(text.split("\n")):  # a line break a printed line
            if k:
                paragraph.add_run().add_break()
            paragraph.add_run(part)
        paragraph.alignment = align
        paragraph.paragraph_format.space_after = Pt(0)
        if indent:
            paragraph.paragraph_format.first_line_indent = Pt(35)
        count += 1
        last = paragraph

    for block in blocks_of(doc):
        if block.role == "table":
            _docx_table(document, block.rows)
            count += 2 * len(block.rows)
            last = None
        elif block.role == "heading":
            for text in _printed_lines(block.text, CONVERTER_LINE - 20):
                line(text, WD_ALIGN_PARAGRAPH.CENTER)
        elif block.role == "addressee":
            for text in addressee_lines(block.text):
                line(text, WD_ALIGN_PARAGRAPH.RIGHT)
        elif block.text[:1].isdigit():  # a clause: a paragraph its lines, line breaks between
            line("\n".join(_printed_lines(block.text, CONVERTER_LINE, indent=4)),
                 WD_ALIGN_PARAGRAPH.LEFT, indent=True)
        else:
            for k, text in enumerate(_printed_lines(block.text, CONVERTER_LINE, indent=4)):
                line(text, WD_ALIGN_PARAGRAPH.LEFT, indent=k == 0)
    document.save(str(path))
    return Path(path)


STYLES["docx-converter"] = to_converter_docx
SUFFIX = {name: name.split("-")[0] for name in STYLES}


# --- a bilingual parallel text ------------------------------------------------------------------

ROOT = Path(__file__).resolve().parent.parent
# The other edition set beside a decree whose pair the corpus lacks: a seed of the other language
COMPANIONS = {"kk": "zhanakorgan-akimat-2026-10", "ru": "karasu-akimat-2025-139"}


@lru_cache(maxsize=1)
def _pairs() -> dict[str, str]:
    """Each corpus decree with an edition in the other language -> that edition's id (the
    parity specs of tests/parity), read once."""
    import yaml

    pairs = {}
    for spec in sorted((ROOT / "tests" / "parity").glob("*.yaml")):
        data = yaml.safe_load(spec.read_text("utf-8")) or {}
        if data.get("a") and data.get("b"):
            pairs[data["a"]], pairs[data["b"]] = data["b"], data["a"]
    return pairs


@lru_cache(maxsize=None)
def _corpus_decree(doc_id: str):
    """A corpus decree parsed once per process (a companion serves every decree of its
    language)."""
    import yaml

    from parser.compile import parse_file

    folder = ROOT / "corpus" / doc_id
    meta = yaml.safe_load((folder / "meta.yaml").read_text("utf-8"))
    return parse_file(folder / meta.get("source", "source.txt"), doc_id)


def _companion(doc):
    """The decree set in the other column: the decree's own other edition, else a seed in the
    other language."""
    pair = _pairs().get(doc.id)
    return _corpus_decree(pair if pair and (ROOT / "corpus" / pair).is_dir()
                          else COMPANIONS["kk" if doc.lang == "kk" else "ru"])


def _parallel_cell(cell, block: Block | None) -> None:
    """One block set in a parallel text's cell as the act's own page sets it: a heading
    centred and bold, a stamp's lines right-aligned, a paragraph justified, a table a ruled
    table nested in the cell."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    if block is None:
        return
    if block.role == "table":
        width = max(len(r) for r in block.rows)
        docx_cells(cell, [texts[:1] if merged(texts, width) else texts for texts in block.rows])
        return
    paragraphs = addressee_lines(block.text) if block.role == "addressee" else [block.text]
    for k, text in enumerate(paragraphs):
        paragraph = cell.paragraphs[0] if k == 0 else cell.add_paragraph()
        run = paragraph.add_run(text)
        if block.role == "heading":
            run.bold = True
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        elif block.role == "addressee":
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        else:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY


def to_parallel_docx(doc, path: Path) -> Path:
    """A parsed decree -> the bilingual .docx a district akimat publishes: the act a borderless
    table of two columns, the Kazakh edition at left and the Russian at right, a paragraph a
    row (the other edition the decree's own, else a seed's), the forms nested in the cells."""
    import docx

    other = _companion(doc)
    mine, theirs = blocks_of(doc), blocks_of(other)
    left, right = (mine, theirs) if doc.lang == "kk" else (theirs, mine)
    document = docx.Document()
    rows = max(len(left), len(right))
    table = document.add_table(rows=rows, cols=2)  # the default style: no borders
    for k, row in enumerate(table.rows):
        _parallel_cell(row.cells[0], left[k] if k < len(left) else None)
        _parallel_cell(row.cells[1], right[k] if k < len(right) else None)
    document.save(str(path))
    return Path(path)


STYLES["docx-parallel"] = to_parallel_docx
SUFFIX = {name: name.split("-")[0] for name in STYLES}


# --- a legal database's saved page ---------------------------------------------------------------

_DATABASE_CHROME = {
    "ru": {"menu": ["Главная", "Законодательство", "Кодексы", "Новые документы"],
           "search": "Найти", "versions": ["от 15.04.2020", "от 12.03.2021 (действующая)"],
           "cookies": "Мы используем файлы cookie, чтобы сайт работал удобнее. Продолжая "
                      "просмотр, вы соглашаетесь с их использованием.", "accept": "Принять",
           "advertisement": "Реклама. Полный доступ к базе – подписка со скидкой 20%.",
           "comment": "Подскажите, а по пункту 5 отпуск считается?",
           "dialog": "Войдите, чтобы скачать документ в формате Word",
           "languages": ["Қазақша", "English"], "footer": "© Юридическая база, 2026"},
    "kk": {"menu": ["Басты бет", "Заңнама", "Кодекстер", "Жаңа құжаттар"],
           "search": "Іздеу", "versions": ["15.04.2020 ж.", "12.03.2021 ж. (қолданыстағы)"],
           "cookies": "Біз cookie файлдарын пайдаланамыз. Сайтты қарауды жалғастыра отырып, сіз "
                      "оларды пайдалануға келісесіз.", "accept": "Қабылдау",
           "advertisement": "Жарнама. Базаға толық қолжетімділік – 20% жеңілдікпен жазылу.",
           "comment": "Айтыңызшы, 5-тармақ бойынша демалыс есептеле ме?",
           "dialog": "Құжатты Word форматында жүктеу үшін кіріңіз",
           "languages": ["Русский", "English"], "footer": "© Заң базасы, 2026"},
}
AD_EVERY = 12  # blocks between two advertisements set among the paragraphs


def database_chrome(lang: str | None) -> dict:
    """The words a legal database's page sets around and among the decree's (none of them a
    word of the decree)."""
    return _DATABASE_CHROME["kk" if lang == "kk" else "ru"]


def to_database_html(doc, path: Path) -> Path:
    """A parsed decree -> the page a commercial legal database saves: a menu set as a list of
    links, a search box with its button, the other languages' links hidden, a cookie notice
    under a generated class name with its button, a version selector, an anchor before each
    paragraph, an advertisement among the paragraphs every AD_EVERY blocks (its label
    "Реклама" / "Жарнама", a generated class), the readers' comments, a sign-in pop-up and a
    footer; the decree's blocks as a web page sets them."""
    c = database_chrome(doc.lang)
    menu = "".join(f'<li class="m-{k}"><a href="/section/{k}">{html.escape(x)}</a></li>'
                   for k, x in enumerate(c["menu"]))
    languages = "".join(f'<li hidden><a href="/{k}">{html.escape(x)}</a></li>'
                        for k, x in enumerate(c["languages"]))
    options = "".join(f'<option value="{k}">{html.escape(x)}</option>'
                      for k, x in enumerate(c["versions"]))
    body = []
    for k, block in enumerate(blocks_of(doc)):
        if k and k % AD_EVERY == 0:
            body.append(f'<div class="b{k:x}f"><p>{html.escape(c["advertisement"])}</p></div>')
        body.append(f'<a name="z{k}"></a>{_html_block(block)}')
    page = ("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>"
            f"{html.escape(doc.id)}</title><script>window.__AD__ = {{slot: 3}};</script></head>\n"
            f'<body><div class="top-line"><ul class="menu-x">{menu}</ul>'
            f'<form action="/search"><input name="q"><button type="submit">'
            f'{html.escape(c["search"])}</button></form><ul class="lang">{languages}</ul></div>\n'
            f'<div class="q7a2c">{html.escape(c["cookies"])} <button>{html.escape(c["accept"])}'
            "</button></div>\n"
            f'<div class="document"><form class="rev"><select name="rev">{options}</select>'
            "</form>\n" + "\n".join(body) + "\n</div>\n"
            f'<section class="comments"><div class="comment"><p>{html.escape(c["comment"])}</p>'
            "</div></section>\n"
            f'<div role="dialog"><p>{html.escape(c["dialog"])}</p></div>\n'
            f'<div role="contentinfo"><p>{html.escape(c["footer"])}</p></div></body></html>\n')
    Path(path).write_text(page, encoding="utf-8")
    return Path(path)


STYLES["html-database"] = to_database_html
SUFFIX = {name: name.split("-")[0] for name in STYLES}


# --- a Word file numbered by one outline list ----------------------------------------------------

_OUTLINE_ABSTRACT = (
    '<w:abstractNum {ns} w:abstractNumId="93"><w:multiLevelType w:val="multilevel"/>'
    '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/>'
    '<w:lvlText w:val="{chapter}"/><w:lvlJc w:val="center"/></w:lvl>'
    '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlRestart w:val="0"/>'
    '<w:lvlText w:val="%2."/><w:lvlJc w:val="left"/></w:lvl>'
    '<w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%3)"/>'
    '<w:lvlJc w:val="left"/></w:lvl></w:abstractNum>')
_CHAPTER_LABEL = re.compile(r"(\d{1,2})(-\s?тарау\.?|\.)\s+(?=\S)"
                            r"|(Глава|ГЛАВА|Раздел|РАЗДЕЛ) (\d{1,2})\.?\s+(?=\S)")
_NUMBER_HEADS = ("№", "№ п/п", "р/с №", "Р/с №", "Р/с", "р/с")
LANDSCAPE_COLUMNS = 5  # a sheet this wide is set on a landscape page


class _Outline:
    """One numbering.xml list of three levels, as a drafter numbers a decree with Word's
    outline list: the chapter a level of its own on its heading ("%1-тарау." / "Глава %1."),
    the clauses "%2." numbered on across the chapters (w:lvlRestart 0), their sub-points "%3)"
    restarting under each clause; a new instance (w:startOverride) where the count breaks."""

    def __init__(self, document, chapter: str):
        from docx.oxml import parse_xml

        self.parse_xml = parse_xml
        self.root = document.part.numbering_part.element
        self.root.insert(0, parse_xml(_OUTLINE_ABSTRACT.format(ns=_W_NS, chapter=chapter)))
        self.num_id, self.chapter, self.clause = 930, None, None  # the next numbers shown

    def _restart(self, chapter: int, clause: int) -> None:
        self.num_id += 1
        overrides = "".join(
            f'<w:lvlOverride w:ilvl="{k}"><w:startOverride w:val="{v}"/></w:lvlOverride>'
            for k, v in ((0, chapter), (1, clause)))
        self.root.append(self.parse_xml(
            f'<w:num {_W_NS} w:numId="{self.num_id}"><w:abstractNumId w:val="93"/>{overrides}'
            '</w:num>'))
        self.chapter, self.clause = chapter, clause

    def heading(self, paragraph, n: int) -> None:
        if n != self.chapter:
            self._restart(n, self.clause or 1)
        self.chapter = n + 1
        self._listed(paragraph, 0)

    def number(self, paragraph, n: int) -> None:
        if n != self.clause:
            # a fresh instance: its chapter level is counted from its start when first used
            self._restart(max(1, (self.chapter or 2) - 1), n)
        self.clause = n + 1
        self._listed(paragraph, 1)

    def point(self, paragraph) -> None:
        self._listed(paragraph, 2)

    def _listed(self, paragraph, level: int) -> None:
        paragraph._p.get_or_add_pPr().append(self.parse_xml(
            f'<w:numPr {_W_NS}><w:ilvl w:val="{level}"/><w:numId w:val="{self.num_id}"/>'
            "</w:numPr>"))


def _cell_numbers(document, table, rows: tuple[tuple[str, ...], ...], first: int) -> None:
    """The "№" column's running numbers (from row `first` on: "1", "2." …) as a list's
    numbers in their cells, no number typed."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import qn

    numbers = [re.fullmatch(r"(\d{1,3})(\.?)", r[0].strip()) for r in rows[first:]]
    if not numbers or not all(numbers) or [int(m.group(1)) for m in numbers] != list(
            range(int(numbers[0].group(1)), int(numbers[0].group(1)) + len(numbers))):
        return
    root = document.part.numbering_part.element
    abstract = str(940 + len(root.findall(qn("w:abstractNum"))))
    root.insert(0, parse_xml(
        f'<w:abstractNum {_W_NS} w:abstractNumId="{abstract}"><w:lvl w:ilvl="0">'
        f'<w:start w:val="1"/><w:numFmt w:val="decimal"/>'
        f'<w:lvlText w:val="%1{numbers[0].group(2)}"/></w:lvl></w:abstractNum>'))
    root.append(parse_xml(
        f'<w:num {_W_NS} w:numId="{abstract}"><w:abstractNumId w:val="{abstract}"/>'
        f'<w:lvlOverride w:ilvl="0"><w:startOverride w:val="{numbers[0].group(1)}"/>'
        '</w:lvlOverride></w:num>'))
    for row in table.rows[first:]:
        paragraph = row.cells[0].paragraphs[0]
        paragraph.text = ""
        paragraph._p.get_or_add_pPr().append(parse_xml(
            f'<w:numPr {_W_NS}><w:ilvl w:val="0"/><w:numId w:val="{abstract}"/></w:numPr>'))


def _section(document, landscape: bool) -> None:
    """Start a new section on a new page, landscape or portrait."""
    from docx.enum.section import WD_ORIENT, WD_SECTION

    section = document.add_section(WD_SECTION.NEW_PAGE)
    if (section.orientation == WD_ORIENT.LANDSCAPE) != landscape:
        section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = section.page_height, section.page_width


def to_outline_docx(doc, path: Path) -> Path:
    """A parsed decree -> a .docx as a drafter numbers it with Word's outline list: no number
    typed in a chapter heading, clause or sub-point (one list of three levels, the clauses
    running on across the chapters; the decree's own clauses a list of their own), the "№"
    column of a sheet numbered by a list too, the stamps pushed right by their left indent,
    the wide sheets in landscape sections."""
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Twips

    kinds = {n.head.start: n.kind for n in doc.nodes()
             if n.head is not None and n.kind in HEADINGS | {"addressee"}}
    labels = [_CHAPTER_LABEL.match(doc.text, s) for s, k in sorted(kinds.items())
              if k == "chapter"]
    first = next((m for m in labels if m), None)
    chapter = "%1." if first is None else "%1" + first.group(2).strip() if first.group(1) \
        else f"{first.group(3)} %1."
    document = docx.Document()
    outline, plain = _Outline(document, chapter), _ClauseLists(document)
    lists, point, landscape, pos, kind = plain, None, False, 0, None
    for block in blocks_of(doc):
        at = doc.text.find(block.text if block.role != "table" else block.rows[0][0], pos)
        pos = max(pos, at)
        previous, kind = kind, kinds.get(at, block.role)
        clause = _MD_CLAUSE.match(block.text) if block.role == "p" else None
        sub = _MD_POINT.match(block.text) if block.role == "p" else None
        label = _CHAPTER_LABEL.match(block.text) if kind == "chapter" else None
        if block.role == "table":
            wide = max(len(r) for r in block.rows) >= LANDSCAPE_COLUMNS
            if wide != landscape:
                _section(document, wide)
                landscape = wide
            _docx_table(document, block.rows)
            head = next((i + 1 for i, r in enumerate(block.rows[:3])
                         if r[0].strip() in _NUMBER_HEADS), None)
            if head:
                _cell_numbers(document, document.tables[-1], block.rows, head)
            point = None
            continue
        if landscape:
            _section(document, False)
            landscape = False
        if kind in ("title", "section") or (kind == "chapter" and label is None):
            document.add_paragraph(block.text).alignment = WD_ALIGN_PARAGRAPH.CENTER
            point = None
        elif kind == "chapter":
            paragraph = document.add_paragraph(block.text[label.end():])
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            outline.heading(paragraph, int(label.group(1) or label.group(4)))
            lists, point = outline, None
        elif kind == "addressee":
            if previous == "addressee":
                document.add_paragraph("")
            for line in addressee_lines(block.text):
                document.add_paragraph(line).paragraph_format.left_indent = Twips(5670)
            lists, point = plain, None
        elif clause:
            paragraph = document.add_paragraph(block.text[clause.end():])
            paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
            lists.number(paragraph, int(clause.group(1)))
            point = 1
        elif sub and point == int(sub.group(1)) and lists is outline:
            paragraph = document.add_paragraph(block.text[sub.end():])
            paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
            outline.point(paragraph)
            point += 1
        else:
            document.add_paragraph(block.text).alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
            point = None if not sub else point
    document.save(str(path))
    return Path(path)


STYLES["docx-outline"] = to_outline_docx
SUFFIX = {name: name.split("-")[0] for name in STYLES}


# --- a text copied from a phone's browser --------------------------------------------------------

_KK_LETTERS = "аәбвгғдежзийкқлмнңоөпрстуұүфхһцчшщ"
_RU_LETTERS = "абвгдежзиклмнопрстуфхцчшщэюя"
_PHONE_CHROME = {
    "kk": (["Басты бет > Құжаттар > Нормативтік құқықтық актілер", "Бөлісу", "Басып шығару"],
           ["Сайт cookie файлдарын пайдаланады. Жалғастыра отырып, сіз келісесіз.",
            "© 2024 Барлық құқықтар қорғалған"]),
    "ru": (["Главная > Документы > Нормативные правовые акты", "Поделиться", "Распечатать"],
           ["Сайт использует файлы cookie. Продолжая, вы соглашаетесь.",
            "© 2024 Все права защищены"])}
_LONG_NUMBER = re.compile(r"(?<![\d.,])\d{5,}(?![\d.,])")
LETTERED = 2  # the clauses whose sub-points a site letters


def _phone_text(text: str) -> str:
    """A paragraph as a phone's browser copies it: soft hyphens in the long words, a zero-width
    space after a slash and between a long number's thousands, no-break spaces at "№" and
    before a bracketed number in words."""
    from layouts import hyphenate

    text = hyphenate(text).replace("/", "/\u200b")
    text = _LONG_NUMBER.sub(lambda m: m.group()[:-3] + "\u200b" + m.group()[-3:], text)
    return text.replace("№ ", "№\u00a0").replace(" (", "\u00a0(", 1)


def to_phone_text(doc, path: Path) -> Path:
    """A parsed decree -> the text a reader copies off a phone's browser and sends on: a
    paragraph a line (no wrapping), blank lines only between some paragraphs, soft hyphens,
    zero-width spaces and no-break spaces (`_phone_text`), every fifth paragraph cut in two by
    a line separator (U+2028) at a sentence's end, a chapter's heading in capitals numbered as
    a clause ("1. ЖАЛПЫ ЕРЕЖЕЛЕР"), the sub-points of the first clauses that have three or more
    lettered ("а)", "ә)" in Kazakh; "а)", "б)" in Russian), a table a cell a line, its rows
    parted by a blank line, the site's breadcrumbs, buttons and cookie notice around it."""
    lang = doc.lang if doc.lang in _PHONE_CHROME else "ru"
    top, bottom = _PHONE_CHROME[lang]
    letters = _KK_LETTERS if lang == "kk" else _RU_LETTERS
    kinds = {n.head.start: n.kind for n in doc.nodes()
             if n.head is not None and n.kind in HEADINGS | {"addressee"}}
    runs = [[n for n in c.children if n.kind == "subpoint"] for c in doc.nodes()
            if c.kind == "clause"]
    lettered = {p.head.start for run in [r for r in runs if len(r) >= 3][:LETTERED]
                for p in run if p.head is not None}
    lines, pos = [*top, ""], 0
    for k, block in enumerate(blocks_of(doc)):
        at = doc.text.find(block.text if block.role != "table" else block.rows[0][0], pos)
        pos = max(pos, at)
        kind = kinds.get(at, block.role)
        if block.role == "table":
            for row in block.rows:
                cells = [_phone_text(c.replace(CELL_BREAK, " ")) for c in row if c.strip()]
                # a line pushed right by TABs (a stamp's) is a paragraph of the page
                lines.extend(cells if len(cells) <= 1 else [*cells, ""])
            continue
        text = block.text
        head = _CHAPTER_LABEL.match(text) if kind == "chapter" else None
        if head:
            text = f"{head.group(1) or head.group(4)}. {text[head.end():].upper()}"
        sub = _MD_POINT.match(text)
        if sub and any(abs(s - at) <= 1 for s in lettered):
            text = f"{letters[int(sub.group(1)) - 1]}) {text[sub.end():]}"
        text = _phone_text(text)
        cut = [m.end() for m in re.finditer(r"[.;:] (?=[А-ЯӘҒҚҢӨҰҮҺІA-Z])", text) if m.start() > 20]
        if k % 5 == 4 and kind == "p" and cut:
            text = text[:cut[0] - 1] + "\u2028" + text[cut[0]:]
        lines.append(text)
        if kind in ("title", "chapter") or k % 7 == 0:
            lines.append("")
    lines.extend(["", *bottom])
    Path(path).write_text("\n".join(lines) + "\n", encoding="utf-8")
    return Path(path)


STYLES["txt-phone"] = to_phone_text
GRIDLESS = GRIDLESS | {"txt-phone"}
SUFFIX = {name: name.split("-")[0] for name in STYLES}


# --- a booklet: two A5 pages a landscape A4 sheet -------------------------------------------------

BOOKLET = PdfStyle("pdf-booklet", SERIF, SERIF_BOLD, 10, "J", 8, 0, False)
A5_WIDTH_PT = 419.53


def _a5_pages(doc, path: Path) -> Path:
    """The decree set on A5 pages, each with its number at its foot; the page before the
    methodology's first stamp left blank but for its number (a booklet's empty left page)."""
    Page = _pdf_class()

    class A5(Page):
        def footer(self):
            self.set_font("Body", "", 8)
            self.set_y(-10)
            self.cell(0, 4, str(self.page_no()), align="C")
            self.set_font("Body", "", self.body_size)

    pdf = _set_up(A5(format=(148, 210)), BOOKLET, (15, 14, 12), 16)  # A5, in mm
    pdf.add_page()
    blocks = blocks_of(doc)
    stamps = [k for k, block in enumerate(blocks) if block.role == "addressee"]
    for k, block in enumerate(blocks):
        if stamps and k == stamps[0]:
            pdf.add_page()  # left blank
            pdf.add_page()
        if block.role == "table":
            _pdf_table(pdf, BOOKLET, block.rows)
        else:
            _pdf_text(pdf, BOOKLET, block)
    pdf.output(str(path))
    return Path(path)


def to_booklet_pdf(doc, path: Path) -> Path:
    """A parsed decree -> a booklet's PDF: its A5 pages (`_a5_pages`) imposed two to a
    landscape A4 sheet in reading order (pages 1-2 on sheet 1, 3-4 on sheet 2 …), each half
    with its own margins and its own page number at its foot, a real text layer: every
    character and rule of an A5 page drawn again at its place in its half."""
    import pdfplumber
    from fpdf import FPDF

    a5 = _a5_pages(doc, Path(path).with_suffix(".a5.pdf"))
    sheet = FPDF(orientation="L", unit="pt", format="A4")
    sheet.set_auto_page_break(False)
    sheet.add_font("Body", fname=BOOKLET.regular)
    sheet.add_font("Body", "B", fname=BOOKLET.bold)
    with pdfplumber.open(a5) as source:
        pages = source.pages
        for first in range(0, len(pages), 2):
            sheet.add_page()
            for half, page in enumerate(pages[first:first + 2]):
                dx = half * A5_WIDTH_PT
                for char in page.chars:
                    sheet.set_font("Body", "B" if "Bold" in char["fontname"] else "",
                                   char["size"])
                    sheet.text(char["x0"] + dx, char["bottom"] - 0.236 * char["size"],
                               char["text"])
                for edge in page.edges:
                    sheet.line(edge["x0"] + dx, edge["top"], edge["x1"] + dx, edge["bottom"])
    a5.unlink()
    sheet.output(str(path))
    return Path(path)


STYLES["pdf-booklet"] = to_booklet_pdf
SUFFIX = {name: name.split("-")[0] for name in STYLES}


# --- an order typeset with footnotes, its folio and running head at the top ---------------------

ORDER_NOTES = {
    "kk": "Нормативтік құқықтық актілерді мемлекеттік тіркеу тізілімінде № 16299 болып тіркелген.",
    "ru": "Зарегистрирован в Реестре государственной регистрации нормативных правовых актов "
          "под № 16299."}
_NOTED = re.compile(r"№\s?13\b|\((?:далее|бұдан әрі)")
NOTES_AT = 18  # mm above the page's bottom edge: the first footnote's line


def to_footnoted_pdf(doc, path: Path) -> Path:
    """A parsed decree -> an order as a word processor prints it: justified text hyphenated by
    the typesetter, from the second page on the page's number centred at the top and the
    order's running head under it, FOOTNOTES at the page's foot (a rule, then each note in
    smaller type opening with its number) called by a raised number in the text (on the first
    citation of the model order and on the first definition), the appendices' wide sheets on
    landscape pages (every second of them turned: a portrait page shown landscape by its
    /Rotate 90), their header row repeated on each page a sheet runs on."""
    from fpdf import FPDF

    from layouts import INDENT, LINE, SIZE, _table, _text, hyphenate, roles

    title = next((n.text for n in doc.nodes() if n.kind == "title"), doc.id)
    lang = doc.lang if doc.lang in ORDER_NOTES else "ru"

    class Order(FPDF):
        """A page whose number and running head stand at its top, its notes at its foot
        (`notes`: page -> (number, text) of each)."""

        def header(self):
            if self.page_no() > 1:
                self.set_font("Body", "", 9)
                self.set_y(8)
                self.cell(0, 4, str(self.page_no()), align="C", new_x="LMARGIN", new_y="NEXT")
                self.cell(0, 4, " ".join(title.split()[:5]) + " …", align="R")
            self.set_y(self.t_margin)
            self.set_font("Body", "", SIZE)

        def footer(self):
            notes = self.notes.get(self.page_no(), [])
            if notes:
                self.set_font("Body", "", 8)
                self.set_y(-NOTES_AT - 2)
                self.line(self.l_margin, self.get_y(), self.l_margin + 50, self.get_y())
                for n, note in notes:
                    self.set_x(self.l_margin)
                    self.multi_cell(0, 3.4, f"{n} {note}", align="L", new_x="LMARGIN",
                                    new_y="NEXT")
            self.set_font("Body", "", SIZE)

    pdf = Order(format="A4")
    pdf.notes = {}
    pdf.set_margins(30, 20, 15)
    pdf.set_auto_page_break(True, margin=NOTES_AT + 12)
    pdf.add_font("Body", fname=SERIF)
    pdf.add_font("Body", "B", fname=SERIF_BOLD)
    pdf.set_font("Body", "", SIZE)
    pdf.add_page()
    called = 0
    landscape = False
    for block in roles(doc):
        wide = block.role == "table" and max(len(r) for r in block.rows) >= LANDSCAPE_COLUMNS
        if wide != landscape:
            pdf.add_page(orientation="L" if wide else "P")
            landscape = wide
        if block.role == "table":
            _table(pdf, block.rows)
            continue
        if not (block.role == "p" and called < 2 and _NOTED.search(block.text)):
            _text(pdf, block)
            continue
        called += 1
        with pdf.text_columns(text_align="J", line_height=1.0) as cols:
            with cols.paragraph(first_line_indent=INDENT,
                                line_height=LINE / (SIZE * 0.3528)) as par:
                par.write(hyphenate(block.text))
                pdf.char_vpos = "SUP"  # the call, raised after the paragraph's last word
                par.write(str(called))
                pdf.char_vpos = "LINE"
        pdf.notes.setdefault(pdf.page_no(), []).append((called, ORDER_NOTES[lang]))
    wide = [n for n, page in sorted(pdf.pages.items()) if _is_landscape(page)]
    for n in wide[1::2]:
        turn_page(pdf.pages[n])
    pdf.output(str(path))
    return Path(path)


def _is_landscape(page) -> bool:
    width, height = page.dimensions()
    return width > height


def turn_page(page) -> None:
    """A landscape page as a printer driver writes it: a portrait media box shown landscape by
    its /Rotate 90, the content drawn a quarter-turn within it (x' = H - y, y' = x, by a
    matrix of the angle's cosine and sine), so that the page, turned as the viewer turns it,
    reads as before."""
    from fpdf.output import PDFPage

    class Turned(PDFPage):
        __slots__ = ()
        rotate = 90  # serialized as the page's /Rotate

    width, height = page.dimensions()
    a = math.radians(90)  # the turn's matrix as a driver computes it: cos 90° is 6.1e-17
    cos, sin = f"{math.cos(a):.17f}", f"{math.sin(a):.17f}"  # PDF numbers have no exponent
    page.contents[:0] = f"q {cos} {sin} -{sin} {cos} {height:.2f} 0 cm\n".encode()
    page.contents += b"\nQ"
    page.set_dimensions(height, width)
    page.__class__ = Turned


STYLES["pdf-footnoted"] = to_footnoted_pdf
SUFFIX = {name: name.split("-")[0] for name in STYLES}


def page_chrome(style: str, lang: str | None) -> list[str]:
    """The words a style sets around the decree, which the decree read back must not hold."""
    if style != "html-database":
        return []
    c = database_chrome(lang)
    return [*c["menu"], c["search"], *c["versions"], c["cookies"], c["accept"],
            c["advertisement"], c["comment"], c["dialog"], *c["languages"], c["footer"]]
