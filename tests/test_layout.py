"""Layout-aware reading on small hand-made pages, in Kazakh and in Russian: paragraphs told
apart by spacing, short last lines and indents; centred titles and right-aligned addressee
blocks kept whole; running heads and page numbers dropped and reported; tables wider than
the text, tables across a page break, one-cell rows; the same from DOCX and HTML."""

from __future__ import annotations

import pytest

from parser.compile import parse_file
from parser.export import document_data
from parser.ingest import read
from parser.ingest.docx import read_docx
from parser.ingest.html import read_html
from parser.model import RawText
from parser.normalize import normalize

from render import FONT

KK = {
    "title": "Бағалау әдістемесін бекіту туралы Қарасу ауданы әкімдігінің қаулысы және оның "
             "қосымшалары туралы",
    "addressee": ["Алматы облысы әкімдігінің 2017 жылғы 03", "наурыздағы № 97 қаулысымен "
                  "қосымша", "бекітілген"],
    "paragraphs": ["1. Осы қаулы алғашқы ресми жарияланған күнінен кейін күнтізбелік он күн "
                   "өткен соң қолданысқа енгізіледі және барлық мемлекеттік органдарға таралады.",
                   "2. Бақылау аудан әкімінің орынбасарына жүктелсін.",
                   "3. Бағалау нәтижелері бойынша қызметшіге тиісті баға қойылады және ол "
                   "жеке іске тіркеледі."],
}
RU = {
    "title": "Об утверждении Методики оценки деятельности административных государственных "
             "служащих корпуса «Б» местных исполнительных органов района",
    "addressee": ["Приложение к постановлению", "акимата Жанакорганского района",
                  "от 28 января 2026 года № 10"],
    "paragraphs": ["1. Настоящее постановление вводится в действие по истечении десяти "
                   "календарных дней после дня его первого официального опубликования.",
                   "2. Контроль возложить на заместителя акима.",
                   "3. По результатам оценки служащему выставляется оценка, которая "
                   "приобщается к его личному делу."],
}
LANGS = pytest.mark.parametrize("words", [KK, RU], ids=["kk", "ru"])


def blocks(raw) -> list[str]:
    """The normalized blocks of a RawText."""
    return normalize(raw).text.text.split("\n")


def new_page(head: str = "", stamp: tuple[str, ...] = ()):
    """An A4 fpdf2 document in DejaVu Sans 11 pt, with a running head and page numbers, or
    with a stamp's lines in 6.5 pt at every foot above the page number."""
    from fpdf import FPDF

    class Page(FPDF):
        def header(self):
            if head:
                self.set_y(10)
                self.cell(0, 4, head, align="C")
                self.set_y(self.t_margin)

        def footer(self):
            if stamp:
                self.set_y(-24)
                self.set_font("Sans", size=6.5)
                for line in stamp:
                    self.cell(0, 3, line, new_x="LMARGIN", new_y="NEXT")
                self.set_font("Sans", size=11)
                self.cell(0, 4, str(self.page_no()), align="R")
            elif head:
                self.set_y(-14)
                self.cell(0, 4, str(self.page_no()), align="C")

    pdf = Page(format="A4")
    pdf.set_margins(30, 20, 15)
    if stamp:
        pdf.set_auto_page_break(True, margin=30)
    pdf.add_font("Sans", fname=FONT)
    pdf.set_font("Sans", size=11)
    pdf.add_page()
    return pdf


def paragraph(pdf, text: str, align: str = "J", after: float = 0.0) -> None:
    """A paragraph with no first-line indent, `after` mm of space below it."""
    pdf.multi_cell(0, 5, text, align=align, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(after)


def numbered_rows(pdf, words, count: int) -> None:
    """A ruled table of `count` rows: the row's number, an addressee line."""
    with pdf.table(col_widths=(20, 145), first_row_as_headings=False) as table:
        for k in range(count):
            row = table.row()
            row.cell(str(k + 1))
            row.cell(words["addressee"][k % 3])


def read_pdf(pdf, tmp_path):
    pdf.output(str(tmp_path / "p.pdf"))
    return read(tmp_path / "p.pdf")


@LANGS
@pytest.mark.parametrize("after", [3.0, 0.0], ids=["spacing", "dense"])
def test_pdf_paragraphs_without_indent(tmp_path, words, after):
    pdf = new_page()
    for text in words["paragraphs"]:
        paragraph(pdf, text, "L" if after else "J", after)
    assert blocks(read_pdf(pdf, tmp_path)) == words["paragraphs"]


@LANGS
def test_pdf_centred_title_and_right_aligned_addressee_block(tmp_path, words):
    pdf = new_page()
    paragraph(pdf, words["paragraphs"][1])
    pdf.set_x(pdf.l_margin + pdf.epw - 75)
    pdf.multi_cell(75, 5, "\n".join(words["addressee"]), align="R", new_x="LMARGIN",
                   new_y="NEXT")
    pdf.ln(4)
    paragraph(pdf, words["title"], "C")
    paragraph(pdf, words["paragraphs"][0])
    assert blocks(read_pdf(pdf, tmp_path)) == [
        words["paragraphs"][1], " ".join(words["addressee"]), words["title"],
        words["paragraphs"][0]]


@LANGS
def test_pdf_running_heads_and_page_numbers_are_removed_and_listed(tmp_path, words):
    pdf = new_page(head=words["title"][:40])
    for _ in range(25):
        for text in words["paragraphs"]:
            paragraph(pdf, text, after=2)
    raw = read_pdf(pdf, tmp_path)
    pages = len(raw.pages)
    assert pages >= 3
    assert sorted((r.reason, r.page) for r in raw.removed) == sorted(
        [("running head", p) for p in range(1, pages + 1)]
        + [("page number", p) for p in range(1, pages + 1)])
    assert blocks(raw) == words["paragraphs"] * 25
    doc = parse_file(tmp_path / "p.pdf", "p")
    spans = document_data(doc)["removed"]["spans"]
    assert [s[3] for s in spans if s[2] == "page number"] == list(range(1, pages + 1))


@LANGS
def test_pdf_stamp_flush_left_at_one_x_is_one_block(tmp_path, words):
    """A stamp's lines broken by hand, each starting at one x a third of the way in (a scan's
    stamp, flush left): one block, though a short line would have left room for the next
    line's first word."""
    pdf = new_page()
    paragraph(pdf, words["paragraphs"][1], after=4)
    for line in words["addressee"]:
        pdf.set_x(pdf.l_margin + pdf.epw / 3)
        pdf.cell(0, 5, line, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    paragraph(pdf, words["paragraphs"][0])
    assert blocks(read_pdf(pdf, tmp_path)) == [
        words["paragraphs"][1], " ".join(words["addressee"]), words["paragraphs"][0]]


@LANGS
def test_pdf_centred_heading_at_a_pages_foot_does_not_take_the_next_pages_line(tmp_path,
                                                                                words):
    """A centred title closing a page, and a line at the margin opening the next: two
    blocks (a heading's next line would be centred too)."""
    pdf = new_page()
    pdf.set_y(pdf.h - pdf.b_margin - 5)
    pdf.cell(0, 5, words["addressee"][0], align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.add_page()
    pdf.cell(0, 5, "_" * 60, new_x="LMARGIN", new_y="NEXT")
    paragraph(pdf, words["paragraphs"][2])
    found = blocks(read_pdf(pdf, tmp_path))
    assert found[:2] == [words["addressee"][0], "_" * 60]


@LANGS
def test_pdf_table_wider_than_the_text_moves_no_margin(tmp_path, words):
    pdf = new_page()
    paragraph(pdf, words["paragraphs"][0], after=2)
    pdf.set_margins(10, 20, 5)  # the table reaches into both margins
    with pdf.table(col_widths=(15, 180), align="LEFT", first_row_as_headings=False) as table:
        for cells in (["№", words["paragraphs"][1][3:]], ["1", words["addressee"][0]]):
            row = table.row()
            for cell in cells:
                row.cell(cell)
    pdf.set_margins(30, 20, 15)
    pdf.ln(2)
    paragraph(pdf, words["paragraphs"][2])
    assert blocks(read_pdf(pdf, tmp_path)) == [
        words["paragraphs"][0], "№\t" + words["paragraphs"][1][3:],
        "1\t" + words["addressee"][0], words["paragraphs"][2]]


@LANGS
def test_pdf_table_across_a_page_break_is_one_table(tmp_path, words):
    pdf = new_page(head=words["title"][:30])
    numbered_rows(pdf, words, 60)
    raw = read_pdf(pdf, tmp_path)
    rows = blocks(raw)
    assert len(raw.pages) >= 2 and "" not in rows
    assert rows == [f"{k + 1}\t{words['addressee'][k % 3]}" for k in range(60)]


STAMPS = {  # an e-document system's notice at every page's foot, three lines in small type
    "kk": ["Бұл құжат электрондық цифрлық қолтаңбамен куәландырылған, ол",
           "қағаз тасығыштағы құжатпен бірдей заңды күші бар; түпнұсқасын",
           "мемлекеттік органның интернет-ресурсында тексеруге болады."],
    "ru": ["Данный документ удостоверен электронной цифровой подписью и",
           "имеет одинаковую юридическую силу с документом на бумажном носителе;",
           "подлинник можно проверить на интернет-ресурсе государственного органа."],
}


@pytest.mark.parametrize("lang,words", [("kk", KK), ("ru", RU)], ids=["kk", "ru"])
def test_pdf_stamp_of_several_lines_at_every_foot_is_furniture(tmp_path, lang, words):
    """A foot stamp of three small lines above the page number, on every page: all of it is
    running furniture (listed, kept out of the clause a page ends with), and a table broken
    by the page break stays one table across it."""
    pdf = new_page(stamp=tuple(STAMPS[lang]))
    paragraph(pdf, words["title"], "C", after=4)
    body = [f"{text} ({mark})" for mark in "абвгдежзиклм" for text in words["paragraphs"]]
    for text in body:  # each unique, digits aside: no body line recurs from page to page
        paragraph(pdf, text, after=2)
    numbered_rows(pdf, words, 40)
    raw = read_pdf(pdf, tmp_path)
    pages = len(raw.pages)
    assert pages >= 3
    assert sorted((r.reason, r.page) for r in raw.removed) == sorted(
        [("running head", p) for p in range(1, pages + 1) for _ in STAMPS[lang]]
        + [("page number", p) for p in range(1, pages + 1)])
    assert blocks(raw) == [words["title"], *body] + [
        f"{k + 1}\t{words['addressee'][k % 3]}" for k in range(40)]


def _docx(paragraphs: list[tuple[str, str]]) -> bytes:
    """(text, alignment) paragraphs -> DOCX bytes; a text's "\\n" is a line break (w:br)."""
    import io

    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    document = docx.Document()
    for text, align in paragraphs:
        par = document.add_paragraph()
        for k, line in enumerate(text.split("\n")):
            run = par.add_run(line)
            if k < text.count("\n"):
                run.add_break()
        par.alignment = {"right": WD_ALIGN_PARAGRAPH.RIGHT, "centre": WD_ALIGN_PARAGRAPH.CENTER,
                         "": None}[align]
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


@LANGS
def test_docx_addressee_block_a_paragraph_a_line_and_line_breaks(words):
    data = _docx([(words["paragraphs"][1], ""), *((line, "right") for line in words["addressee"]),
                  ("", ""), (words["addressee"][0], "right"),
                  ("\n".join(words["title"].rsplit(" ", 3)), "centre")])
    assert blocks(read_docx(data, "a.docx")) == [
        words["paragraphs"][1], " ".join(words["addressee"]), words["addressee"][0],
        words["title"]]


@LANGS
def test_html_br_alignment_and_headings(words):
    addressee = "<br>".join(words["addressee"])
    lines = "".join(f'<p align="right">{line}</p>' for line in words["addressee"])
    page = (f'<p>{words["paragraphs"][1]}</p><p style="text-align: right">{addressee}</p>'
            f'<h1>{"<br>".join(words["title"].rsplit(" ", 3))}</h1>{lines}'
            f'<div>{words["paragraphs"][0]}<br><br>{words["paragraphs"][2]}</div>')
    assert blocks(read_html(page.encode(), "a.html")) == [
        words["paragraphs"][1], " ".join(words["addressee"]), words["title"],
        " ".join(words["addressee"]), words["paragraphs"][0], words["paragraphs"][2]]


@LANGS
def test_one_cell_row_is_padded_to_the_table_width(tmp_path, words):
    cells = "".join(f"<td>{c}</td>" for c in ("№", *words["addressee"]))
    page = (f"<table><tr>{cells}</tr><tr><td colspan=4>{words['paragraphs'][1]}</td></tr>"
            "</table>")
    want = ["\t".join(("№", *words["addressee"])), words["paragraphs"][1] + "\t\t\t"]
    assert blocks(read_html(page.encode(), "t.html")) == want
    from render import to_docx

    assert blocks(read(to_docx(want, tmp_path / "t.docx"))) == want


# --- pages of another orientation, footnotes, a bold word ending a sentence (round 9) --------

PAGES = {
    "kk": {
        "paragraphs": ["1. Қызметшінің жұмысы жылына бір рет бағаланады, бағалау парағын тікелей "
                       "басшы толтырады және оны персоналды басқару қызметіне жібереді, ал ол "
                       "парақты қызметшінің жеке ісіне тіркейді.",
                       "2. Бағалау нәтижелері бойынша қызметшіге тиісті баға қойылады және ол "
                       "туралы қызметшіге бағалау аяқталған күннен бастап үш жұмыс күні ішінде "
                       "хабарланады."],
        "landscape": "Тікелей басшы толтыратын бағалау парағы",
        "note": "Жұмыс күндері демалыс және мереке күндерін есепке алмай есептеледі.",
        "marked": "үш жұмыс күні",
        "enacting": ("аудан әкімдігі мемлекеттік қызмет туралы заңға сәйкес", "ҚАУЛЫ ЕТЕДІ:"),
    },
    "ru": {
        "paragraphs": ["1. Работа служащего оценивается один раз в год, оценочный лист заполняет "
                       "непосредственный руководитель и направляет его в службу управления "
                       "персоналом, которая приобщает лист к личному делу служащего.",
                       "2. По результатам оценки служащему выставляется оценка, о которой "
                       "служащего уведомляют в течение трех рабочих дней со дня завершения "
                       "оценки."],
        "landscape": "Оценочный лист, заполняемый непосредственным руководителем",
        "note": "Рабочие дни исчисляются без учета выходных и праздничных дней.",
        "marked": "трех рабочих дней",
        "enacting": ("акимат района в соответствии с законом о государственной службе",
                     "ПОСТАНОВЛЯЕТ:"),
    },
}
PAGE_LANGS = pytest.mark.parametrize("words", [PAGES["kk"], PAGES["ru"]], ids=["kk", "ru"])


@PAGE_LANGS
def test_pdf_landscape_page_keeps_its_own_margins(tmp_path, words):
    """A landscape appendix page among portrait pages: its wide lines move no margin of the
    portrait pages, whose paragraphs stay whole (and so do its own)."""
    pdf = new_page()
    for text in words["paragraphs"]:
        paragraph(pdf, text)
    pdf.add_page(orientation="L")
    paragraph(pdf, words["landscape"], "C")
    for text in words["paragraphs"]:
        paragraph(pdf, text)
    pdf.add_page(orientation="P")
    for text in reversed(words["paragraphs"]):  # not the first page's lines at its height
        paragraph(pdf, text)
    assert blocks(read_pdf(pdf, tmp_path)) == [
        *words["paragraphs"], words["landscape"], *words["paragraphs"],
        *reversed(words["paragraphs"])]


def called_page(words):
    """A page of the first paragraph, the second with a footnote's call "1" raised in small
    type after its marked words, and the first again."""
    pdf = new_page()
    first, second = words["paragraphs"]
    paragraph(pdf, first)
    lines = pdf.multi_cell(0, 5, second, dry_run=True, output="LINES")
    assert any(words["marked"] in line for line in lines)
    y = pdf.get_y() + 4
    for line in lines:
        pdf.text(pdf.l_margin, y, line)
        if words["marked"] in line:
            cut = line.index(words["marked"]) + len(words["marked"])
            pdf.set_font_size(7)
            pdf.text(pdf.l_margin + pdf.get_string_width(line[:cut]) + 0.3, y - 2.6, "1")
            pdf.set_font_size(11)
        y += 5
    pdf.set_y(y)
    paragraph(pdf, first)
    return pdf


@PAGE_LANGS
def test_pdf_footnote_goes_under_the_paragraph_holding_its_marker(tmp_path, words):
    """A superscript marker raised over a body line and its footnote in smaller type at the
    page's foot (reaching past the body's margins): the marker is dropped and listed, the
    note follows the paragraph that holds the marker, the margins stay the body's."""
    pdf = called_page(words)
    first, second = words["paragraphs"]
    note = "1 " + words["note"] + " " + words["note"]
    pdf.set_font_size(8)
    pdf.set_xy(pdf.l_margin - 5, 270)
    pdf.multi_cell(pdf.epw + 10, 3.5, note, align="J")
    raw = read_pdf(pdf, tmp_path)
    assert blocks(raw) == [first, second, note, first]
    assert [r.reason for r in raw.removed] == ["footnote marker"]


@PAGE_LANGS
def test_pdf_bold_words_ending_a_sentence_stay_in_its_paragraph(tmp_path, words):
    """The enacting formula set in bold at the end of the preamble's last line, after a full
    justified line: the font changes, but the line goes on with a lower-case word, so the
    paragraph goes on."""
    from typeset import SANS_BOLD

    pdf = new_page()
    pdf.add_font("Sans", style="B", fname=SANS_BOLD)
    lead, formula = words["enacting"]
    filler = words["paragraphs"][0][3:].split()
    # the last line one word before the formula, so most of its letters are bold
    fits = (" ".join([*filler[a:len(filler) - b], lead]) for a in range(len(filler))
            for b in range(len(filler) - a))
    text = next((t for t in fits if pdf.multi_cell(0, 5, f"{t} {formula}", dry_run=True,
                                                   output="LINES")[-1]
                 == f"{lead.split()[-1]} {formula}"), None)
    assert text, "no filler puts the formula's line as wanted"
    pdf.multi_cell(0, 5, f"{text} **{formula}**", align="J", markdown=True,
                   new_x="LMARGIN", new_y="NEXT")
    paragraph(pdf, words["paragraphs"][1])
    assert blocks(read_pdf(pdf, tmp_path)) == [f"{text} {formula}", words["paragraphs"][1]]


# --- a ruled grid's rows left empty, a short text's paragraph indent (round 10) ---------------

@LANGS
def test_pdf_empty_grid_rows_are_written_and_listed(tmp_path, words):
    """A form's rows left to fill in (no text in any cell) stay in the raw text where they
    stand, listed for removal ("empty table row"), so they are accounted for and the table's
    text rows read as before."""
    pdf = new_page()
    paragraph(pdf, words["paragraphs"][1], after=2)
    filled = [["№", words["addressee"][0].split()[0], "5"],
              ["1", words["addressee"][1].split()[0], "3"]]
    with pdf.table(col_widths=(15, 70, 70), align="LEFT", first_row_as_headings=False) as table:
        for cells in (filled[0], ["", "", ""], filled[1], ["", "", ""], ["", "", ""]):
            row = table.row()
            for cell in cells:
                row.cell(cell)
    pdf.ln(2)
    paragraph(pdf, words["paragraphs"][2])
    raw = read_pdf(pdf, tmp_path)
    assert blocks(raw) == [words["paragraphs"][1], *("\t".join(r) for r in filled),
                           words["paragraphs"][2]]
    empty = [r for r in raw.removed if r.reason == "empty table row"]
    assert len(empty) == 3 and all(raw.text[r.start:r.end] == "\t\t\n" for r in empty)
    rows = raw.text.split("\n")
    assert rows[rows.index("\t".join(filled[0])) + 1] == "\t\t"


@LANGS
def test_pdf_lines_broken_early_go_on_in_their_indented_paragraph(tmp_path, words):
    """An OCR layer's lines, each scaled to its scanned line, end wherever the scan's did:
    a word of the next line would often have fitted. In a text whose paragraphs open
    indented, a line at the margin going on in lower case after a line that does not end
    its sentence continues the paragraph; an indented line still opens one."""
    pdf = new_page()
    for text in words["paragraphs"]:
        first, *rest = text.split()
        cut = [first, *rest[:4]], rest[4:9], rest[9:]  # lines of 5 and 5 words
        for k, part in enumerate(p for p in cut if p):
            pdf.set_x(pdf.l_margin + (8 if k == 0 else 0))
            pdf.cell(0, 5, " ".join(part), new_x="LMARGIN", new_y="NEXT")
    assert blocks(read_pdf(pdf, tmp_path)) == words["paragraphs"]


@pytest.mark.parametrize("stamp, words", [
    ("Әдістемеге {n}-қосымша", KK), ("Приложение {n} к Методике оценки", RU)], ids=["kk", "ru"])
def test_pdf_appendix_stamps_opening_pages_are_no_running_head(tmp_path, stamp, words):
    """Each appendix on a page of its own opens the page with its stamp, its number another
    on each page (as a running head's page number is): the stamp is the appendix's and stays;
    the running head repeated on every page goes."""
    pdf = new_page(head=words["title"][:40])
    paragraph(pdf, words["paragraphs"][0])
    for n in (1, 2, 3):
        pdf.add_page()
        paragraph(pdf, stamp.format(n=n), "R")
        paragraph(pdf, words["paragraphs"][n - 1])
    raw = read_pdf(pdf, tmp_path)
    assert [stamp.format(n=n) for n in (1, 2, 3)] == \
        [b for b in blocks(raw) if b.startswith(stamp[:5])]
    assert sorted({r.reason for r in raw.removed}) == ["page number", "running head"]


@LANGS
def test_pdf_footer_of_a_landscape_page_is_a_running_foot(tmp_path, words):
    """A footer stands as far from the bottom edge of a landscape page (a wide appendix) as of
    a portrait one: it is the same running foot, dropped and listed on every page."""
    from fpdf import FPDF

    class Page(FPDF):
        def footer(self):
            self.set_y(-14)
            self.cell(0, 4, f"{self.page_no()} / {{nb}}", align="C")

    pdf = Page(format="A4")
    pdf.add_font("Sans", fname=FONT)
    pdf.set_font("Sans", size=11)
    texts = words["paragraphs"]
    pages = [texts[k:] + texts[:k] for k in range(3)]  # no line recurs but the footer
    for orientation, page in zip("PPL", pages):
        pdf.add_page(orientation=orientation)
        for text in page:
            paragraph(pdf, text, after=2)
    raw = read_pdf(pdf, tmp_path)
    assert sorted(r.page for r in raw.removed) == [1, 2, 3]
    assert blocks(raw) == [text for page in pages for text in page]


def two_columns(pdf, texts: list[str]) -> None:
    """Paragraphs set in two justified columns, balanced, each opening indented."""
    with pdf.text_columns(ncols=2, gutter=8, balance=True, text_align="J") as cols:
        for text in texts:
            with cols.paragraph(first_line_indent=4, bottom_margin=1) as par:
                par.write(text)


@LANGS
def test_pdf_two_columns_are_read_down_one_then_the_other(tmp_path, words):
    """A newspaper's page: the title across both columns, paragraphs in two columns (one of
    them going on from the foot of the first column to the head of the second), a table
    across both, two columns again. Each column is read down before the next, a paragraph
    broken between them is one block, and the title and the table stand where they stand."""
    texts = [f"{k + 1}{text[1:]}" for k, text in enumerate(words["paragraphs"] * 3)]
    pdf = new_page()
    pdf.set_font("Sans", size=9)
    paragraph(pdf, words["title"], "C", after=3)
    two_columns(pdf, texts)
    pdf.ln(2)
    numbered_rows(pdf, words, 3)
    pdf.ln(2)
    two_columns(pdf, words["paragraphs"][::-1] * 2)
    raw = read_pdf(pdf, tmp_path)
    table = [f"{k + 1}\t{line}" for k, line in enumerate(words["addressee"])]
    assert [b for b in blocks(raw) if b] == [
        words["title"], *texts, *table, *words["paragraphs"][::-1] * 2]


@LANGS
def test_pdf_page_of_one_column_with_a_signature_beside_its_post_is_no_column(tmp_path, words):
    """Lines parted by a wide gap in a page of one column (a signature block: posts on the
    left, names on the right, under a paragraph) part no columns: the page reads across."""
    pdf = new_page()
    paragraph(pdf, words["paragraphs"][0], after=3)
    for post in words["addressee"] * 3:
        pdf.cell(110, 5, post)
        pdf.cell(0, 5, "А. Б. Сапарова", new_x="LMARGIN", new_y="NEXT")
    raw = read_pdf(pdf, tmp_path)
    assert blocks(raw)[0] == words["paragraphs"][0]
    assert all("А. Б. Сапарова" in line for line in raw.text.split("\n")
               if any(post in line for post in words["addressee"]))


@LANGS
@pytest.mark.parametrize("table", [
    '<table align="right" border="0" cellpadding="0">',
    '<table style="float:right;border-collapse:collapse">',
    '<table style="margin-left:auto;margin-right:0">'], ids=["align", "float", "auto-margin"])
def test_html_stamp_in_a_one_cell_table_at_the_right_is_one_right_block(words, table):
    """An e-mail client's HTML (Outlook: Word's `MsoNormal` paragraphs) sets a stamp in a
    table of one cell floated or pushed to the page's right: its paragraphs are one
    right-aligned block, as the same lines right-aligned outside a table; a one-cell table
    elsewhere (a framed title) is read as its paragraphs."""
    cell = "".join(f'<p class="MsoNormal">{line}</p>' for line in words["addressee"])
    page = (f'<div class="WordSection1"><p class="MsoNormal">{words["paragraphs"][1]}</p>'
            f'{table}<tr><td style="padding:0cm 5.4pt">{cell}</td></tr></table>'
            f'<table border="1"><tr><td><p class="MsoNormal">{words["title"]}</p></td></tr></table>'
            f'<p class="MsoNormal">{words["paragraphs"][0]}</p></div>')
    assert blocks(read_html(page.encode(), "a.html")) == [
        words["paragraphs"][1], " ".join(words["addressee"]), words["title"],
        words["paragraphs"][0]]


@LANGS
def test_pdf_box_across_a_newspapers_columns_is_no_table(tmp_path, words):
    """A newspaper's official section: paragraphs in two columns, a table set across both
    with the column rule drawn down through it, then a box drawn across the page around an
    appendix: its stamp flush left right of the middle, its title, and two tables of other
    columns, each under its numbered heading, the tables' edges on the box's. The rule parts
    no cell; the box is no table: the stamp is one block, the title and each heading blocks
    of their own, each table its own rows."""
    pdf = new_page()
    pdf.set_font("Sans", size=9)
    top = pdf.get_y()
    two_columns(pdf, words["paragraphs"] * 3)
    pdf.ln(2)
    across = [("1", words["paragraphs"][2][3:]), ("2", "_" * 90)]
    with pdf.table(col_widths=(15, 150), first_row_as_headings=False, align="LEFT") as table:
        for cells in across:
            row = table.row()
            for cell in cells:
                row.cell(cell)
    middle = pdf.l_margin + pdf.epw / 2
    pdf.line(middle, top, middle, pdf.get_y())  # the column rule
    pdf.ln(4)
    box = pdf.get_y()
    pdf.ln(2)
    for line in words["addressee"]:
        pdf.set_x(middle + 10)
        pdf.cell(0, 4, line, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    pdf.set_x(pdf.l_margin + 30)
    pdf.multi_cell(pdf.epw - 60, 4, words["title"], align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    headings = [f"{k}. {text}" for k, text in enumerate(words["addressee"][1:], 1)]
    sheets = [((15, 100, 50), [("№", words["addressee"][0], "5")]),
              ((15, 60, 45, 45), [("1", words["addressee"][2], "3", "4")])]
    for heading, (widths, rows) in zip(headings, sheets):
        pdf.cell(0, 5, heading, new_x="LMARGIN", new_y="NEXT")
        with pdf.table(col_widths=widths, first_row_as_headings=False, align="LEFT") as table:
            for cells in rows:
                row = table.row()
                for cell in cells:
                    row.cell(cell)
    pdf.ln(3)
    pdf.rect(pdf.l_margin, box, pdf.epw, pdf.get_y() - box)
    found = [b for b in blocks(read_pdf(pdf, tmp_path)) if b]
    assert found == [
        *words["paragraphs"] * 3, *("\t".join(cells) for cells in across),
        " ".join(words["addressee"]), words["title"],
        headings[0], "\t".join(sheets[0][1][0]), headings[1], "\t".join(sheets[1][1][0])]


@LANGS
def test_pdf_turned_page_keeps_its_ruled_table(tmp_path, words):
    """A landscape sheet as a printer driver writes it: a portrait page shown landscape by its
    /Rotate 90, its content turned by a matrix of cos 90° (not quite zero), the table ruled
    with lines. Turned back, the lines' ends differ by a rounding error; the table is read."""
    from typeset import turn_page

    pdf = new_page()
    paragraph(pdf, words["paragraphs"][0])
    pdf.add_page(orientation="L")
    paragraph(pdf, words["title"])
    rows = [("№", words["addressee"][0], "5"), ("1", words["addressee"][1], "4"),
            ("2", words["addressee"][2], "3")]
    xs = [pdf.l_margin + x for x in (0, 15, 135, 165)]
    top = pdf.get_y() + 5
    for k, cells in enumerate(rows):
        for j, cell in enumerate(cells):
            pdf.set_xy(xs[j] + 1, top + k * 8 + 1)
            pdf.cell(xs[j + 1] - xs[j] - 2, 6, cell)
    for k in range(len(rows) + 1):
        pdf.line(xs[0], top + k * 8, xs[-1], top + k * 8)
    for x in xs:
        pdf.line(x, top, x, top + len(rows) * 8)
    turn_page(pdf.pages[2])
    raw = read_pdf(pdf, tmp_path)
    assert [b for b in blocks(raw) if b] == [
        words["paragraphs"][0], words["title"], *("\t".join(cells) for cells in rows)]


@PAGE_LANGS
def test_pdf_footnote_call_read_into_its_line_before_a_mark_goes(tmp_path, words):
    """A footnote's call raised a little in small type between a word and the semicolon after
    it ("дней3;"), read into the line: it goes, listed, the line reads as written, and the note
    at the page's foot follows it."""
    pdf = new_page()
    first = words["paragraphs"][0]
    before, tail = f"3. {words['marked']}", f"{words['marked']}."
    y = pdf.get_y() + 4
    pdf.text(pdf.l_margin, y, before)
    x = pdf.l_margin + pdf.get_string_width(before) + 0.2
    pdf.set_font_size(7)
    pdf.text(x, y - 0.8, "3")
    x += pdf.get_string_width("3") + 0.2
    pdf.set_font_size(11)
    pdf.text(x, y, "; " + tail)
    pdf.set_y(y + 6)
    paragraph(pdf, first)
    note = "3 " + words["note"]
    pdf.set_font_size(8)
    pdf.set_xy(pdf.l_margin, 270)
    pdf.multi_cell(pdf.epw, 3.5, note)
    raw = read_pdf(pdf, tmp_path)
    assert blocks(raw) == [f"{before}; {tail}", note, first]
    assert [r.reason for r in raw.removed] == ["footnote marker"]


@PAGE_LANGS
def test_pdf_footnote_whose_number_is_raised_over_its_note_opens_with_it(tmp_path, words):
    """A note at the page's foot whose number is set raised before its first line (read as a
    line of its own, above the note's) opens the note that follows the paragraph holding its
    call, as a note typed "1 …" does: the call is dropped and listed."""
    pdf = called_page(words)
    first, second = words["paragraphs"]
    pdf.set_font_size(6)
    pdf.text(pdf.l_margin, 267.9, "1")
    pdf.set_font_size(8)
    pdf.text(pdf.l_margin + 2, 270, words["note"])
    raw = read_pdf(pdf, tmp_path)
    assert blocks(raw) == [first, second, "1 " + words["note"], first]
    assert [r.reason for r in raw.removed] == ["footnote marker"]


@pytest.mark.parametrize("post, name", [
    (["Қазақстан Республикасы Өнеркәсіп", "министрлігі Геология комитетінің және",
      "жер қойнауы департаментінің төрағасы"], "Е. Сәрсенбаев"),
    (["Председатель Комитета геологии", "Министерства промышленности и",
      "строительства Республики Казахстан"], "Е. Сарсенбаев"),
], ids=["kk", "ru"])
def test_pdf_line_ending_in_a_joining_word_ends_no_paragraph(tmp_path, post, name):
    """A signature's post broken by hand in justified text: a line ending in a conjunction or a
    preposition ("… промышленности и", "… комитетінің және") goes on in the next line, though
    it is short, where the next goes on in lower case; a short line ending otherwise ends its
    paragraph, as before."""
    pdf = new_page()
    body = PAGES["ru" if "Комитета" in post[0] else "kk"]["paragraphs"]
    for text in body:
        paragraph(pdf, text, after=2)
    pdf.ln(6)
    for line in [*post[:-1], f"{post[-1]} {name}"]:
        paragraph(pdf, line, align="L")
    got = blocks(read_pdf(pdf, tmp_path))
    assert got[:2] == body
    assert got[2] == post[0]
    assert " ".join(got[3].split()) == f"{post[1]} {post[2]} {name}"
