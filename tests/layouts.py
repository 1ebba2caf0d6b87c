"""Harder renderings for the round trip: a decree typeset as real PDFs set it and served as
the legal portal serves its HTML, not as the reader would like it.

- `to_pdf_typeset`: justified serif text hyphenated by the typesetter (soft hyphens at
  syllable breaks, drawn as "-" at a line end), first-line indents, a running head and a
  "page N of M" footer on every page, the signature in two columns (the post on the left,
  wrapped, the name on the right on its last line), ruled tables whose rows wrap, split
  across pages with the header row repeated on each page.
- `to_html_portal`: the portal's page: the text nested in layout divs, an anchor opening each
  paragraph, editor's notes ("Сноска."/"Ескерту.") in red spans, an addressee block broken
  by <br> in a right-aligned div, headings centred and bold, tables in a scrolling div,
  a menu, a script and a footer around the text that are no part of the decree.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

from render import _HYPHEN_SPACE, CELL_BREAK, _column_widths
from typeset import SERIF, SERIF_BOLD, Block, addressee_lines, blocks_of, merged, pdf_rows

FOOTER = {"kk": "{nb} беттің {n}-беті", "ru": "Страница {n} из {nb}"}
VOWELS = "аәеёиоөуұүыіэюяaeiou"
_BREAKABLE = re.compile(rf"(?<=[{VOWELS}])(?=[^\W\d_{VOWELS}ьъй][{VOWELS}])", re.I)
_LONG_WORD = re.compile(r"[^\W\d_]{8,}")
_NAME = re.compile(r"(?<!\S)([^\W\d_]\.\s?(?:[^\W\d_]\.\s?)?[^\W\d_][\w-]+)(?!\S)")
# a signatory's name: "Р. Айтбаев", "Е.Ж. Жақсылықов"
EDGE = 3  # letters a hyphenation leaves at least on either side


def hyphenate(text: str) -> str:
    """Soft hyphens at the syllable breaks (vowel | consonant + vowel) of each long word, as
    a typesetter's hyphenation dictionary would allow."""
    def word(m: re.Match) -> str:
        w = m.group()
        cuts = [k.start() for k in _BREAKABLE.finditer(w) if EDGE <= k.start() <= len(w) - EDGE]
        return "".join(w[a:b] + "\u00ad" for a, b in zip([0, *cuts], cuts)) + w[cuts[-1]:] \
            if cuts else w
    return _LONG_WORD.sub(word, text)


def roles(doc) -> list[Block]:
    """The decree's blocks, a signature (its lines one block) and an editor's note told apart
    from paragraphs."""
    heads = [(n.head.start, n.head.end, n) for n in doc.nodes()
             if n.head is not None and n.kind in ("signature", "note")]
    out: list[Block] = []
    last = None
    pos = 0
    starts = []
    for line in doc.text.split("\n"):
        starts.append((line, pos))
        pos += len(line) + 1
    where = iter(starts)
    for block in blocks_of(doc):
        at = next(p for line, p in where if line == (block.text if block.role != "table"
                                                      else "\t".join(block.rows[0])))
        if block.role == "table":
            for _ in block.rows[1:]:
                next(where)
        node = next((n for a, b, n in heads if a <= at < b), None) if block.role == "p" \
            else None
        if node is not None and node is last and out[-1].role == "signature":
            out[-1] = Block("signature", f"{out[-1].text}\n{block.text}")
        else:
            out.append(Block(node.kind, block.text) if node is not None else block)
        last = node
    return out


# --- PDF --------------------------------------------------------------------------------------

SIZE = 12.0
LINE = 5.6  # mm
INDENT = 12.5  # mm


def _pdf(lang: str, head: str):
    """An A4 fpdf2 document with the running head and the page footer of the language."""
    from fpdf import FPDF

    class Page(FPDF):
        def header(self):
            self.set_font("Body", "", 8)
            self.set_y(10)
            self.cell(0, 4, head, align="C")
            self.set_y(self.t_margin)
            self.set_font("Body", "", SIZE)

        def footer(self):
            self.set_font("Body", "", 9)
            self.set_y(-14)
            self.cell(0, 4, FOOTER[lang].format(n=self.page_no(), nb="{nb}"), align="R")
            self.set_font("Body", "", SIZE)

    pdf = Page(format="A4")
    pdf.set_margins(30, 20, 15)
    pdf.set_auto_page_break(True, margin=22)
    pdf.add_font("Body", fname=SERIF)
    pdf.add_font("Body", "B", fname=SERIF_BOLD)
    pdf.set_font("Body", "", SIZE)
    pdf.add_page()
    return pdf


def signatories(text: str) -> list[tuple[str, str]]:
    """A signature block -> (post, name) of each signatory; a post with no name after it
    comes last with an empty name."""
    text = " ".join(text.split())
    out, start = [], 0
    for m in _NAME.finditer(text):
        out.append((text[start:m.start()].strip(), m.group(1)))
        start = m.end()
    return out + ([(text[start:].strip(), "")] if text[start:].strip() else [])


def _signature(pdf, text: str) -> None:
    """Each signatory's post wrapped in the left half, the name on the right of its last
    line."""
    pdf.ln(4)
    pdf.set_font("Body", "B", SIZE)
    half = pdf.epw / 2
    for post, name in signatories(text):
        pdf.multi_cell(half, LINE, post, align="L", new_x="LMARGIN", new_y="NEXT")
        if name:
            pdf.set_xy(pdf.l_margin + half, pdf.get_y() - LINE)
            pdf.cell(half, LINE, name, align="R", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Body", "", SIZE)
    pdf.ln(4)


def _text(pdf, block: Block) -> None:
    """A heading, addressee block, signature or paragraph."""
    if block.role == "heading":
        pdf.set_font("Body", "B", SIZE)
        pdf.ln(2)
        pdf.multi_cell(0, LINE, block.text, align="C", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(2)
        pdf.set_font("Body", "", SIZE)
    elif block.role == "addressee":
        pdf.set_x(pdf.l_margin + pdf.epw - 90)
        pdf.multi_cell(90, LINE, "\n".join(addressee_lines(block.text)), align="C",
                       new_x="LMARGIN", new_y="NEXT")
        pdf.ln(3)
    elif block.role == "signature":
        _signature(pdf, block.text)
    else:
        with pdf.text_columns(text_align="J", line_height=1.0) as cols:
            with cols.paragraph(first_line_indent=INDENT,
                                line_height=LINE / (SIZE * 0.3528)) as par:
                # no wrap after "5- " (read back as a word broken at its hyphen), as render.py
                par.write(hyphenate(_HYPHEN_SPACE.sub("\u00a0", block.text)))


def _table(pdf, rows: tuple[tuple[str, ...], ...]) -> None:
    """A ruled table at 10 pt, its first row repeated at the top of each page it runs on."""
    width = max(len(r) for r in rows)
    cells = [list(r) for r in rows]
    size = SIZE - 2
    pdf.set_font("Body", "", size)
    while size > 5 and sum(_column_widths(pdf, cells, width)) > pdf.epw + 0.01:
        size -= 0.5  # a size the longest word of each column fits in, as a typesetter would
        pdf.set_font_size(size)
    pdf.ln(1)
    with pdf.table(col_widths=_column_widths(pdf, cells, width), first_row_as_headings=True,
                   headings_style=_plain_headings(), align="LEFT", line_height=size * 0.45,
                   borders_layout="ALL", repeat_headings=1) as table:
        pdf_rows(table, rows)
    pdf.set_font("Body", "", SIZE)
    pdf.ln(2)


def _plain_headings():
    from fpdf.fonts import FontFace

    return FontFace(emphasis="")


def to_pdf_typeset(doc, path: Path) -> Path:
    """A parsed decree -> an A4 PDF set as a typesetter would (see the module's docstring)."""
    title = next((n.text for n in doc.nodes() if n.kind == "title"), doc.id)
    pdf = _pdf(doc.lang, " ".join(title.split()[:8]) + " …")
    for block in roles(doc):
        if block.role == "table":
            _table(pdf, block.rows)
        else:
            _text(pdf, block)
    pdf.output(str(path))
    return Path(path)


# --- HTML -------------------------------------------------------------------------------------

PORTAL_TOP = """<!DOCTYPE html>
<html lang="{lang}"><head><meta charset="utf-8"><title>{title}</title>
<link rel="stylesheet" href="/css/main.css"><script>window.dataLayer = [];</script>
<style>.note {{ color: #ff0000 }} .container {{ width: 1170px }}</style></head>
<body><header><nav><ul><li><a href="/">{home}</a></li><li><a href="/search">{search}</a></li>
</ul></nav></header>
<div class="container"><div class="row"><div class="col-md-9">
<div class="document-content"><div id="text" class="text_content">
"""
PORTAL_BOTTOM = """</div></div></div></div></div>
<footer><script>document.querySelector('#text');</script></footer>
</body></html>
"""


def _html_table(rows: tuple[tuple[str, ...], ...]) -> str:
    width = max(len(r) for r in rows)
    out = []
    for texts in rows:
        cells = [(texts[0], width)] if merged(texts, width) else [(t, 1) for t in texts]
        out.append("<tr>" + "".join(
            (f'<td colspan="{span}">' if span > 1 else "<td>")
            + "<br>".join(html.escape(x) for x in text.split(CELL_BREAK)) + "</td>"
            for text, span in cells) + "</tr>")
    return ('<div class="table-responsive"><table class="table" border="1" cellspacing="0" '
            'cellpadding="0"><tbody>\n' + "\n".join(out) + "\n</tbody></table></div>")


def _html_block(block: Block, k: int) -> str:
    """One block as the portal writes it."""
    text = html.escape(block.text)
    if block.role == "table":
        return _html_table(block.rows)
    if block.role == "heading":
        return f'<p align="center" id="z{k}"><a name="z{k}"></a><b>{text}</b></p>'
    if block.role == "addressee":
        lines = "<br>\n".join(html.escape(x) for x in addressee_lines(block.text))
        return (f'<div style="text-align: right"><div class="stamp"><p id="z{k}">'
                f'<a name="z{k}"></a>{lines}</p></div></div>')
    if block.role == "note":
        return f'<p id="z{k}"><a name="z{k}"></a><span class="note">{text}</span></p>'
    return f'<p id="z{k}"><a name="z{k}"></a>&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;{text}</p>'


def to_html_portal(doc, path: Path) -> Path:
    """A parsed decree -> the portal's HTML page (see the module's docstring)."""
    lang = doc.lang
    title = next((n.text for n in doc.nodes() if n.kind == "title"), doc.id)
    words = {"kk": ("Басты бет", "Іздеу"), "ru": ("Главная", "Поиск")}[lang]
    body = "\n".join(_html_block(b, k) for k, b in enumerate(roles(doc), 1))
    page = PORTAL_TOP.format(lang=lang, title=html.escape(title), home=words[0],
                             search=words[1]) + body + "\n" + PORTAL_BOTTOM
    Path(path).write_text(page, encoding="utf-8")
    return Path(path)
