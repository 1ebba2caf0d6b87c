"""Layouts of real typesetting, in Kazakh and in Russian: words hyphenated by the typesetter
or cut at the margin read whole (and a writer's own hyphen stays), a table's header row set
again on each page is read once, a signature in two columns and an addressee block centred
in its box on the right stay one block each, and a portal page's menu and footer are listed
as removed, not read as the decree."""

from __future__ import annotations

from dataclasses import replace

import pytest
from fpdf.fonts import FontFace

from parser.ingest.html import read_html
from parser.ingest.joins import Words, cut_word, soft_hyphen
from parser.ingest.layout import Frame, Line

from layouts import hyphenate
from test_layout import KK, LANGS, RU, blocks, new_page, paragraph, read_pdf

KK = {**KK, "long": "Бағалау нәтижелері бойынша қызметшіге тиісті баға қойылады, бағалау "
                    "парағы құрылымдық бөлімшенің басшысымен келісіледі және қызметшінің "
                    "жеке іс-қағаздарына тіркеледі",
      "post": ["Зеренді ауданының", "әкімі"], "name": "Е. Жақсылықов",
      "compound": ("өзін", "өзі"), "broken": ("бағасы", "нан"),
      "nav": ["Басты бет", "Іздеу"], "note": "Ескерту. 3-тармақ жаңа редакцияда.",
      "two_level": (("№", "Параметрдің атауы", "Басшының бағасы"), ("балл", "негіздеме")),
      "tabs": ["Мәтін", "Ресми жариялау", "Ақпарат", "Өзгерістер тарихы"]}
RU = {**RU, "long": "По результатам оценки служащему выставляется соответствующая оценка, "
                    "оценочный лист согласовывается руководителем структурного подразделения "
                    "и приобщается к личному делу служащего",
      "post": ["Министр финансов", "Республики Казахстан"], "name": "Р. Айтбаев",
      "compound": ("социально", "экономического"), "broken": ("оцени", "ваемого"),
      "nav": ["Главная", "Поиск"], "note": "Сноска. Пункт 3 в редакции приказа.",
      "two_level": (("№", "Наименование параметра", "Оценка руководителя"),
                    ("балл", "обоснование")),
      "tabs": ["Текст", "Официальная публикация", "Информация", "История изменений"]}
LANGS = pytest.mark.parametrize("words", [KK, RU], ids=["kk", "ru"])
FRAME = Frame(left=85.0, right=552.0, gap=3.0)


def line(text: str, k: int = 0, x1: float = 400.0) -> Line:
    """A text line of the frame, the k-th of its page."""
    return Line(0, 100.0 + 14 * k, 112.0 + 14 * k, FRAME.left, x1, 6.0, 11.0, False, 30.0, text)


@LANGS
def test_a_hyphenated_justified_text_reads_whole_words(tmp_path, words):
    texts = [f"{lead} {words['long']}" for lead in words["paragraphs"]]  # other breaks
    pdf = new_page()
    for text in texts:  # a narrow column: many words break
        pdf.multi_cell(90, 5, hyphenate(text), align="J", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(4)
    raw = read_pdf(pdf, tmp_path)
    assert blocks(raw) == texts
    cuts = [raw.text[r.start:r.end] for r in raw.removed]
    assert cuts and set(cuts) == {"-\n"}


@LANGS
def test_a_writers_hyphen_at_a_line_end_is_kept_where_the_typesetter_does_not_hyphenate(words):
    first, rest = words["compound"]
    lines = [line(f"{words['paragraphs'][1]} {first}-", 0, 552.0), line(f"{rest} және и", 1)]
    assert not soft_hyphen(*lines, Words.of(lines))


@LANGS
def test_the_document_decides_a_hyphen_it_shows_nowhere_else(words):
    first, rest = words["broken"]
    shown = [line(f"а {first}{rest} б", 2), line(f"а {first}{rest}ы б", 3)]
    unknown = [line(f"а {first}-", 0, 552.0), line(f"{rest} б", 1)]
    hyphenating = Words.of([*unknown, *shown, line(f"а {first}-", 4, 552.0), line(f"{rest} б", 5)])
    assert hyphenating.hyphenates and soft_hyphen(*unknown, hyphenating)
    assert not soft_hyphen(*unknown, Words.of(unknown))  # no evidence: the writer's hyphen
    own = Words.of([*unknown, line(f"а {first}-{rest} б", 2)])
    assert not soft_hyphen(*unknown, own)
    assert soft_hyphen(replace(unknown[0], text=f"а {first}\u00ad"), unknown[1], own)


@LANGS
@pytest.mark.parametrize("hyphen", ["\u2010", "\u2011"], ids=["hyphen", "non-breaking"])
def test_a_hyphen_set_as_unicodes_hyphen_is_a_hyphen(words, hyphen):
    """A newspaper's typesetter sets its hyphens as HYPHEN (U+2010) or the non-breaking
    hyphen: told apart as the hyphen-minus is, a word the document shows whole reads whole,
    a compound it shows hyphenated keeps its hyphen."""
    first, rest = words["broken"]
    broken = [line(f"а {first}{hyphen}", 0, 552.0), line(f"{rest} б", 1)]
    assert soft_hyphen(*broken, Words.of([*broken, line(f"а {first}{rest} б", 2)]))
    first, rest = words["compound"]
    own = [line(f"а {first}{hyphen}", 0, 552.0), line(f"{rest} б", 1)]
    assert not soft_hyphen(*own, Words.of([*own, line(f"а {first}{hyphen}{rest} б", 2)]))
    assert not soft_hyphen(*own, Words.of([*own, line(f"а {first}-{rest} б", 2)]))


@LANGS
def test_a_word_hyphenated_at_a_cells_line_end_reads_whole(tmp_path, words):
    """A ruled table's narrow cell whose words the typesetter hyphenated, as it did the
    text's: each reads whole, decided as the text's are, and the hyphens are listed."""
    pdf = new_page()
    for lead in words["paragraphs"]:
        pdf.multi_cell(90, 5, hyphenate(f"{lead} {words['long']}"), align="J",
                       new_x="LMARGIN", new_y="NEXT")
        pdf.ln(4)
    with pdf.table(col_widths=(15, 22), first_row_as_headings=False, align="LEFT") as table:
        row = table.row()
        row.cell("1")
        row.cell(hyphenate(words["long"]))
    raw = read_pdf(pdf, tmp_path)
    assert blocks(raw)[-1] == "1\t" + words["long"]
    cut = [r for r in raw.removed if raw.text[r.start:r.end] == "-"]
    assert cut and {r.reason for r in cut} == {"hyphen of a word broken across lines"}


def test_a_word_as_wide_as_the_text_block_was_cut_at_the_margin():
    full, rest = line("_" * 80, x1=550.0), line("____ (подпись)", 1)
    assert cut_word(full, rest, FRAME)
    assert not cut_word(replace(full, x1=400.0), rest, FRAME)  # it ends early: the word ended
    assert not cut_word(replace(full, text="____ ____"), rest, FRAME)  # a space: a wrap point
    assert not cut_word(full, replace(rest, text="(подпись)"), FRAME)  # another word begins


@LANGS
def test_a_blank_longer_than_the_line_reads_as_one_word(tmp_path, words):
    text = f"{words['paragraphs'][1]} {'_' * 120} {words['addressee'][0]}"
    pdf = new_page()
    paragraph(pdf, text)
    assert blocks(read_pdf(pdf, tmp_path)) == [text]


@LANGS
def test_a_table_header_repeated_on_each_page_is_read_once(tmp_path, words):
    pdf = new_page(head=words["title"][:30])
    header = ("№", words["addressee"][0])
    with pdf.table(col_widths=(20, 145), first_row_as_headings=True, repeat_headings=1,
                   headings_style=FontFace(emphasis="")) as t:
        for cells in [header, *((str(k + 1), words["addressee"][k % 3]) for k in range(70))]:
            row = t.row()
            for cell in cells:
                row.cell(cell)
    raw = read_pdf(pdf, tmp_path)
    repeated = [r for r in raw.removed if r.reason == "repeated table header"]
    assert len(raw.pages) >= 2 and len(repeated) == len(raw.pages) - 1
    assert blocks(raw) == ["\t".join(header)] + [f"{k + 1}\t{words['addressee'][k % 3]}"
                                                 for k in range(70)]


@LANGS
def test_a_two_level_header_keeps_its_columns_and_is_read_once_across_pages(tmp_path, words):
    # a form's header of two rows: "№" and the name span both, the assessment spans two
    # columns over "балл" and "обоснование"; the whole header is set again on each page
    (number, name, assessment), (score, reason) = words["two_level"]
    pdf = new_page(head=words["title"][:30])
    with pdf.table(col_widths=(12, 100, 32, 36), num_heading_rows=2, repeat_headings=1,
                   headings_style=FontFace(emphasis="")) as t:
        top = t.row()
        top.cell(number, rowspan=2)
        top.cell(name, rowspan=2)
        top.cell(assessment, colspan=2)
        under = t.row()
        under.cell(score)
        under.cell(reason)
        for k in range(60):
            row = t.row()
            for cell in (str(k + 1), words["addressee"][k % 3], "", ""):
                row.cell(cell)
    raw = read_pdf(pdf, tmp_path)
    repeated = [r for r in raw.removed if r.reason == "repeated table header"]
    assert len(raw.pages) >= 2 and len(repeated) == 2 * (len(raw.pages) - 1)
    assert blocks(raw) == ["\t".join((number, name, assessment)),
                           "\t".join(("", "", score, reason))] + [
        f"{k + 1}\t{words['addressee'][k % 3]}\t\t" for k in range(60)]


@LANGS
def test_a_signature_in_two_columns_and_a_centred_stamp_on_the_right(tmp_path, words):
    pdf = new_page()
    paragraph(pdf, words["paragraphs"][0], after=6)
    half = pdf.epw / 2
    pdf.multi_cell(half, 5, "\n".join(words["post"]), new_x="LMARGIN", new_y="NEXT")
    pdf.set_xy(pdf.l_margin + half, pdf.get_y() - 5)
    pdf.cell(half, 5, words["name"], align="R", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(6)
    pdf.set_x(pdf.l_margin + pdf.epw - 80)
    pdf.multi_cell(80, 5, "\n".join(words["addressee"]), align="C", new_x="LMARGIN",
                   new_y="NEXT")
    pdf.ln(4)
    paragraph(pdf, words["title"], "C")
    assert blocks(read_pdf(pdf, tmp_path)) == [
        words["paragraphs"][0], " ".join([*words["post"], words["name"]]),
        " ".join(words["addressee"]), words["title"]]


@LANGS
def test_the_portals_menu_and_footer_are_listed_not_read(words):
    menu = "".join(f"<li><a href='#'>{w}</a></li>" for w in words["nav"])
    page = (f"<html><body><header><nav><ul>{menu}</ul></nav></header><div class='container'>"
            f"<div id='text'><p id='z1'><a name='z1'></a>{words['paragraphs'][0]}</p>"
            f"<p id='z2'><span class='note' style='color:#ff0000'>{words['note']}</span></p>"
            f"<div style='text-align: right'><div><p>{'<br>'.join(words['addressee'])}</p>"
            f"</div></div></div></div><footer><p>© 2026 {words['nav'][0]}</p></footer>"
            "</body></html>")
    raw = read_html(page.encode(), "a.html")
    assert blocks(raw) == [words["paragraphs"][0], words["note"], " ".join(words["addressee"])]
    # a menu's <li> is read with its list mark, as every list item is (ingest/html.py)
    assert [(raw.text[r.start:r.end], r.reason) for r in raw.removed] == [
        *((f"• {w}", "page navigation") for w in words["nav"]),
        (f"© 2026 {words['nav'][0]}", "page footer")]


@LANGS
def test_breadcrumbs_and_tabs_inside_the_main_text_are_listed_not_read(words):
    # a portal sets its breadcrumbs ("Главная / Законодательство / <current page>") and its
    # bar of tabs inside <main>: a block opening with two links with only a separator between
    # them is navigation; a paragraph citing two acts by links, words between them, is text
    crumbs = (f"<div class='breadcrumbs'><a href='/'>{words['nav'][0]}</a> / "
              f"<a href='/d'>{words['nav'][1]}</a> / <span>{words['title'][:30]}</span></div>")
    tabs = " ".join(f"<a href='#'>{tab}</a>" for tab in words["tabs"])
    cited = (f"<p><a href='/1'>{words['paragraphs'][1]}</a>, "
             f"<a href='/2'>{words['paragraphs'][2]}</a></p>")
    page = (f"<html><body><main>{crumbs}<div class='doc-tabs'>{tabs}</div>"
            f"<h1>{words['title']}</h1><p>{words['paragraphs'][0]}</p>{cited}</main></body></html>")
    raw = read_html(page.encode(), "a.html")
    assert blocks(raw) == [words["title"], words["paragraphs"][0],
                           f"{words['paragraphs'][1]}, {words['paragraphs'][2]}"]
    assert [r.reason for r in raw.removed] == ["page navigation", "page navigation"]


@LANGS
def test_a_newspaper_columns_first_line_is_its_text_not_a_running_head(words):
    """Pages in two columns whose columns open with sub-points alike but for their numbers
    ("3) «…»" atop one page's second column, "4) «…»" atop the next's), set at the text's
    step: the text's lines, not a running head; a line standing apart at a column's foot (a
    booklet's half-page number) is still a page's furniture."""
    from parser.ingest.layout import running_heads
    from parser.ingest.pdf import Page, _edged

    def column(page: int, side: int, texts: list[str], folio: str | None = None) -> list[Line]:
        x = 60.0 if side == 1 else 320.0
        out = [Line(page, 100.0 + 14 * k, 111.0 + 14 * k, x, x + 200, 6.0, 11.0, False, 30.0,
                    text, column=side) for k, text in enumerate(texts)]
        if folio is not None:
            out.append(Line(page, 780.0, 791.0, x + 90, x + 100, 6.0, 11.0, False, 6.0, folio,
                            column=side))
        return out

    lead = words["paragraphs"][2][3:40]
    body = " ".join([*words["paragraphs"], words["long"], *words["addressee"]]).split()
    assert len(set(body)) >= 44
    pages = [Page([*column(k, 1, body[22 * k:22 * k + 11], str(2 * k + 1)),
                   *column(k, 2, [f"{k + 3}) «{lead}", *body[22 * k + 11:22 * k + 21]],
                           str(2 * k + 2))],
                  [], (595, 842), (280.0, 320.0)) for k in range(2)]
    heads = running_heads(*_edged(pages))
    assert {line.text for line in heads} == {"1", "2", "3", "4"}
