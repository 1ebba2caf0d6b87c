"""The HTML, DOCX and PDF readers (and text encodings) on small hand-made inputs, and the
one clear InputError each bad input gets."""

from __future__ import annotations

import io
import zipfile

import pytest

from parser.errors import InputError
from parser.ingest import read
from parser.ingest.docx import read_docx
from parser.ingest.html import read_html
from parser.normalize import normalize

from render import (new_pdf, pdf_paragraph, pdf_table, to_docx, to_docx_autonumbered,
                    to_html, to_pdf)

KK = "1. Осы қаулы алғашқы ресми жарияланған күнінен кейін қолданысқа енгізіледі."
RU = "2. Контроль за исполнением настоящего постановления возложить на заместителя акима."
ROWS = ["№\tПараметр\tБалл", "1\tҚызметтің нәтижелілігі\u2028(тоқсан сайын)\t5"]


def lines(raw) -> list[str]:
    return [line for line in raw.text.split("\n") if line.strip()]


# --- HTML -------------------------------------------------------------------------------------

def test_html_blocks_tables_entities_and_scripts():
    page = ("<html><head><title>T</title><style>p {}</style></head><body>"
            f"<h1>ҚАУЛЫ</h1><p>{KK[:20]}\n   {KK[20:]}</p><script>var a = 1;</script>"
            "<table><tr><th>№</th><th>Атауы</th></tr>"
            "<tr><td>1</td><td>бір<br>екі &amp; &laquo;үш&raquo;</td></tr></table>"
            "<div>Аким<br/>Иванов&nbsp;И.</div></body></html>")
    raw = read_html(page.encode(), "a.html")
    assert raw.format == "html"
    assert lines(raw) == ["ҚАУЛЫ", KK, "№\tАтауы", "1\tбір\u2028екі & «үш»", "Аким",
                          "Иванов\u00a0И."]
    assert "var a" not in raw.text and "T" not in lines(raw)


def test_html_rows_stay_adjacent_and_paragraphs_are_separated():
    raw = read_html(f"<p>{KK}</p><table><tr><td>a</td><td>b</td></tr><tr><td>c</td>"
                    f"<td>d</td></tr></table><p>{RU}</p>".encode(), "a.html")
    assert raw.text == f"{KK}\n\na\tb\nc\td\n\n{RU}\n"


@pytest.mark.parametrize("heading, first, second, stamp", [
    ("1-тарау. Жалпы ережелер", "1. Осы тәртіп қызметшілерді бағалау қағидаларын айқындайды.",
     "2. Бағалауды тікелей басшы жүргізеді.", ("Аудан әкімдігінің", "2023 жылғы 3 наурыздағы",
                                              "№ 14 қаулысымен бекітілген")),
    ("Глава 1. Общие положения", "1. Порядок определяет правила оценки служащих.",
     "2. Оценку проводит непосредственный руководитель.", ("Утвержден постановлением",
                                                            "акимата района",
                                                            "от 3 марта 2023 года № 14")),
])
def test_old_portal_page_paragraphs_are_text_between_br_in_a_div(heading, first, second, stamp):
    page = (f'<html><body><div align="right">{"<br>".join(stamp)}</div>'
            f"<div><b>{heading}</b><br>{first}<br>{second}<br></div></body></html>")
    raw = read_html(page.encode(), "a.html")
    assert raw.text.strip().split("\n\n") == ["\n".join(stamp), heading, first, second]


@pytest.mark.parametrize("lead, items", [
    ("Оценке не подлежат служащие:", ["находящиеся в учебном отпуске;", "уволенные."]),
    ("Бағалауға жатпайды:", ["оқу демалысындағы қызметшілер;", "босатылған қызметшілер."]),
])
def test_html_bullet_list_items_carry_their_mark_as_a_docx_bullet_does(lead, items):
    """A <ul>'s items open with the bullet the browser shows ("• "), as a Word bullet list's
    do; an item writing its own mark or number keeps only it; a list that shows no marks
    (`list-style: none`) adds none."""
    shown = "".join(f"<li>{item}</li>" for item in items)
    assert lines(read_html(f"<p>{lead}</p><ul>{shown}</ul>".encode(), "a.html")) == \
        [lead] + [f"• {item}" for item in items]
    own = "".join(f"<li>– {item}</li>" for item in items)
    assert lines(read_html(f"<p>{lead}</p><ul>{own}</ul>".encode(), "a.html")) == \
        [lead] + [f"– {item}" for item in items]
    bare = f'<p>{lead}</p><ul style="list-style: none">{shown}</ul>'
    assert lines(read_html(bare.encode(), "a.html")) == [lead] + items


def test_html_charset_from_meta_and_bom():
    page = f'<html><head><meta charset="windows-1251"></head><body><p>{RU}</p></body></html>'
    assert lines(read_html(page.encode("cp1251"), "a.html")) == [RU]
    legacy = page.replace('charset="windows-1251"',
                          'http-equiv="Content-Type" content="text/html; charset=koi8-r"')
    assert lines(read_html(legacy.encode("koi8-r"), "a.html")) == [RU]
    assert lines(read_html(f"<p>{KK}</p>".encode("utf-16"), "a.html")) == [KK]


def test_html_round_trip_of_rendered_table(tmp_path):
    raw = read(to_html([KK, *ROWS, RU], tmp_path / "t.html"))
    assert lines(raw) == [KK, *ROWS, RU]


@pytest.mark.parametrize("content, reason", [
    ("Жай мәтін, белгілеу жоқ.", "not HTML"),
    ("<html><body><script>x()</script><p> </p></body></html>", "no text"),
])
def test_html_refused(content, reason):
    with pytest.raises(InputError, match=reason) as err:
        read_html(content.encode(), "bad.html")
    assert "bad.html" in str(err.value)


# --- DOCX -------------------------------------------------------------------------------------

def test_docx_paragraphs_and_tables_in_document_order(tmp_path):
    raw = read(to_docx(["ҚАУЛЫ", KK, *ROWS, RU], tmp_path / "d.docx"))
    assert raw.format == "docx"
    assert lines(raw) == ["ҚАУЛЫ", KK, *ROWS, RU]


def test_docx_merged_cell_is_not_repeated(tmp_path):
    raw = read(to_docx(["a\tb\tc", "итого\t5"], tmp_path / "m.docx"))
    assert lines(raw) == ["a\tb\tc", "итого\t5"]


def test_docx_automatic_clause_numbers_are_recovered(tmp_path):
    blocks = ["ҚАУЛЫ ЕТЕДІ:", KK, RU, "3. Үшінші тармақ.", "Кесте", "7. Жетінші.", "8. Сегізінші."]
    path = to_docx_autonumbered(blocks, tmp_path / "n.docx")
    with zipfile.ZipFile(path) as z:  # the numbers really are Word's, not text
        assert "1. Осы" not in z.read("word/document.xml").decode()
    assert lines(read(path)) == blocks


def test_docx_multilevel_numbering_and_list_style(tmp_path):
    import docx
    from docx.oxml import parse_xml

    ns = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    document = docx.Document()
    numbering = document.part.numbering_part.element
    numbering.insert(0, parse_xml(
        f'<w:abstractNum {ns} w:abstractNumId="77"><w:lvl w:ilvl="0"><w:start w:val="4"/>'
        '<w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl><w:lvl w:ilvl="1">'
        '<w:start w:val="1"/><w:numFmt w:val="russianLower"/><w:lvlText w:val="%2)"/>'
        '</w:lvl></w:abstractNum>'))
    numbering.append(parse_xml(f'<w:num {ns} w:numId="77"><w:abstractNumId w:val="77"/></w:num>'))
    for level, text in [(0, "Пункт"), (1, "первый"), (1, "второй"), (0, "Следующий"), (1, "ещё")]:
        p = document.add_paragraph(text)
        p._p.get_or_add_pPr().append(parse_xml(
            f'<w:numPr {ns}><w:ilvl w:val="{level}"/><w:numId w:val="77"/></w:numPr>'))
    document.add_paragraph("Бірінші", style="List Number")
    document.add_paragraph("Екінші", style="List Number")
    document.save(tmp_path / "l.docx")
    assert lines(read(tmp_path / "l.docx")) == [
        "4. Пункт", "а) первый", "б) второй", "5. Следующий", "а) ещё", "1. Бірінші", "2. Екінші"]


@pytest.mark.parametrize("chapter, labels", [
    ("%1-тарау.", ["1-тарау. Жалпы", "1. Бірінші", "1) а", "2) ә", "2. Екінші", "1) б",
                   "2-тарау. Бағалау", "3. Үшінші", "1) в", "4."]),
    ("Глава %1.", ["Глава 1. Жалпы", "1. Бірінші", "1) а", "2) ә", "2. Екінші", "1) б",
                   "Глава 2. Бағалау", "3. Үшінші", "1) в", "4."])])
def test_docx_outline_numbering_runs_clauses_on_across_chapters(tmp_path, chapter, labels):
    """Word's outline list: the chapter a level of its own, the clauses' level never restarted
    (w:lvlRestart 0) so they run on across the chapters, the sub-points' level restarted by
    each clause (no w:lvlRestart: by any level above); an empty item shows its number."""
    import docx
    from docx.oxml import parse_xml

    ns = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    document = docx.Document()
    numbering = document.part.numbering_part.element
    numbering.insert(0, parse_xml(
        f'<w:abstractNum {ns} w:abstractNumId="78"><w:lvl w:ilvl="0"><w:start w:val="1"/>'
        f'<w:numFmt w:val="decimal"/><w:lvlText w:val="{chapter}"/></w:lvl><w:lvl w:ilvl="1">'
        '<w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlRestart w:val="0"/>'
        '<w:lvlText w:val="%2."/></w:lvl><w:lvl w:ilvl="2"><w:start w:val="1"/>'
        '<w:numFmt w:val="decimal"/><w:lvlText w:val="%3)"/></w:lvl></w:abstractNum>'))
    numbering.append(parse_xml(f'<w:num {ns} w:numId="78"><w:abstractNumId w:val="78"/></w:num>'))
    for level, text in [(0, "Жалпы"), (1, "Бірінші"), (2, "а"), (2, "ә"), (1, "Екінші"),
                        (2, "б"), (0, "Бағалау"), (1, "Үшінші"), (2, "в"), (1, "")]:
        p = document.add_paragraph(text)
        p._p.get_or_add_pPr().append(parse_xml(
            f'<w:numPr {ns}><w:ilvl w:val="{level}"/><w:numId w:val="78"/></w:numPr>'))
    document.save(tmp_path / "o.docx")
    assert lines(read(tmp_path / "o.docx")) == labels


def _zip(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for member, content in members.items():
            z.writestr(member, content)
    return buf.getvalue()


@pytest.mark.parametrize("content, reason", [
    (b"PK\x03\x04 not really a zip", "not a zip"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "encrypted"),
    (_zip({"hello.txt": b"hi"}), "damaged DOCX"),
])
def test_docx_refused(content, reason):
    with pytest.raises(InputError, match=reason) as err:
        read_docx(content, "bad.docx")
    assert "bad.docx" in str(err.value)


# --- text encodings -----------------------------------------------------------------------------

@pytest.mark.parametrize("encoding", ["cp1251", "utf-16", "utf-8-sig", "utf-16-le", "utf-16-be"])
def test_text_encodings(tmp_path, encoding):
    text = f"{RU}\nПриложение 1\n" if encoding == "cp1251" else f"{KK}\n{RU}\n"
    (tmp_path / "t.txt").write_bytes(text.encode(encoding))
    assert read(tmp_path / "t.txt").text == text


# --- PDF --------------------------------------------------------------------------------------

def test_pdf_paragraphs_are_blocks_and_wraps_are_not(tmp_path):
    long = KK + " " + RU[3:] + " " + RU[3:]
    raw = read(to_pdf([long, RU[:40]], tmp_path / "p.pdf"))
    assert raw.format == "pdf" and raw.pages == (0,)
    first, second = raw.text.split("\n\n")
    assert first.count("\n") >= 1  # wrapped lines of one block on adjacent lines
    assert " ".join(first.split()) == long and second == RU[:40] + "\n"


def test_pdf_table_is_read_as_rows_in_place(tmp_path):
    raw = read(to_pdf(["Кесте:", *ROWS, "Соңы."], tmp_path / "t.pdf"))
    assert lines(raw) == ["Кесте:", *ROWS, "Соңы."]


def test_pdf_table_cells_keep_their_line_breaks(tmp_path):
    pdf = new_pdf()
    pdf_paragraph(pdf, "Кесте:")
    pdf_table(pdf, ["а\tб\u2028в", "итого\t"])
    pdf.output(str(tmp_path / "c.pdf"))
    assert lines(read(tmp_path / "c.pdf"))[1:] == ["а\tб\u2028в", "итого\t"]


@pytest.mark.parametrize("head, wrapped, short", [
    ("Тиімді көрінісі", "тапсырмаларды сапалы және белгіленген мерзімде орындайды, өз шешімдері "
     "мен әрекеттерінің салдары үшін жауап береді, жауапкершілікті басқаларға ысырмайды",
     "өз шешімдері үшін жауап береді"),
    ("Эффективное проявление", "делится информацией и опытом с коллегами, вежлив и корректен с "
     "населением, вносит предложения по улучшению работы и ищет решения задач",
     "мотивирует коллектив"),
], ids=["kk", "ru"])
def test_pdf_cell_paragraphs_break_and_wraps_join(tmp_path, head, wrapped, short):
    """A cell's paragraph the column wraps reads as one line; a break before a word that
    would have fitted on the line before is the source's paragraph break, kept (the next
    paragraph opening in lower case all the same)."""
    pdf = new_pdf()
    pdf_paragraph(pdf, "Кесте:")
    pdf_table(pdf, [f"№\t{head}", f"1\t{wrapped}\u2028{short}\u2028{wrapped}"])
    pdf.output(str(tmp_path / "w.pdf"))
    import pdfplumber

    with pdfplumber.open(tmp_path / "w.pdf") as shown:  # the column wrapped the paragraphs
        assert len(shown.pages[0].extract_text().split("\n")) > 6
    assert lines(read(tmp_path / "w.pdf"))[1:] == [f"№\t{head}", f"1\t{wrapped}\u2028{short}\u2028{wrapped}"]


def _pdf_bytes(user_password: str | None = None, text: bool = True) -> bytes:
    pdf = new_pdf()
    if text:
        pdf_paragraph(pdf, KK)
    else:
        pdf.rect(30, 30, 100, 40)
    if user_password:
        pdf.set_encryption(owner_password="owner", user_password=user_password)
    return bytes(pdf.output())


@pytest.mark.parametrize("name, content, reason", [
    ("empty.pdf", b"", "file is empty"),
    ("garbage.pdf", bytes(range(256)) * 8, "not a PDF"),
    ("header-only.pdf", b"%PDF-1.4 garbage", "not a PDF / damaged"),
    ("truncated.pdf", _pdf_bytes()[:2000], "not a PDF / damaged"),
    ("locked.pdf", _pdf_bytes(user_password="secret"), "encrypted PDF"),
    ("scan.pdf", _pdf_bytes(text=False), "no text layer"),
    ("notes.docx", b"PK\x03\x04 not really a zip", "not a DOCX"),
    ("decree.xyz", KK.encode(), "unknown format"),
])
def test_bad_files_raise_input_error_naming_file_and_reason(tmp_path, name, content, reason):
    (tmp_path / name).write_bytes(content)
    with pytest.raises(InputError, match=reason) as err:
        read(tmp_path / name)
    assert name in str(err.value)


def test_owner_password_only_pdf_is_readable():
    from parser.ingest.pdf import read_pdf

    data = _pdf_bytes()
    pdf = new_pdf()
    pdf_paragraph(pdf, KK)
    pdf.set_encryption(owner_password="owner")
    assert " ".join(read_pdf(bytes(pdf.output()), "o.pdf").text.split()) == \
        " ".join(read_pdf(data, "p.pdf").text.split())


def test_html_one_column_table_cell_is_a_block_of_its_lines():
    """A one-column table's cell is its paragraphs, each a block of its <br> lines; in a table
    set at the right (a stamp) they are one right-aligned block, as right-aligned <p>s are."""
    cell = "<p>Аудан әкімдігінің<br>№&nbsp;58 қаулысымен<br>бекітілген</p><p>Екінші</p>"
    page = ("<p>Ақсу ауданының әкімі</p><table align=\"right\" border=\"0\"><tr><td>"
            f"{cell}</td></tr></table><table border=\"1\"><tr><td>{cell}</td></tr></table>"
            "<table><tr><td>а<br>б</td><td>в</td></tr></table>")
    assert read_html(page.encode(), "a.html").text == (
        "Ақсу ауданының әкімі\n\nАудан әкімдігінің\n№\u00a058 қаулысымен\nбекітілген\n"
        "Екінші\n\nАудан әкімдігінің\n№\u00a058 қаулысымен\nбекітілген\n\nЕкінші\n\n"
        "а\u2028б\tв\n")


HTML_DECREE = ["main", "main/title", "main/issuing", "main/preamble", "main/p1", "main/p2",
               "main/p2/sub1", "main/p2/sub2", "main/p3", "main/signature",
               "app1", "app1/addressee", "app1/title", "app1/ch1", "app1/ch1/p1", "app1/ch1/p2",
               "app1/ch2", "app1/ch2/p3", "app1/app1", "app1/app1/addressee",
               "app1/app1/title", "app1/app1/table1", "app1/app2", "app1/app2/addressee",
               "app1/app2/title"]


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_html_portal_page_reads_as_a_decree_with_its_methodology(lang):
    from parser.compile import parse_file

    from conftest import FIXTURES

    doc = parse_file(FIXTURES / "html" / f"decree_{lang}.html")
    assert doc.lang == lang and not [d.code for d in doc.diagnostics]
    kinds = {"paragraph", "row", "cell"}
    assert [n.address for n in doc.nodes() if n.kind not in kinds] == HTML_DECREE
    node = {n.address: n for n in doc.nodes()}
    assert node["main/signature"].text.endswith("Н. Бекболатов")
    assert "58" in node["app1/addressee"].text and "\n" not in node["app1/addressee"].text
    assert node["app1/app2/addressee"].text.split()[-1] in ("2-қосымша", "оценки")
    assert len(node["app1/app1/table1"].children) == 3


@pytest.mark.parametrize("lead, items", [
    ("5. Оценка не проводится в отношении служащего:", ["находящегося на испытательном сроке;",
                                                       "уволенного до конца квартала."]),
    ("5. Бағалау мына қызметшіге жүргізілмейді:", ["сынақ мерзіміндегі;",
                                                  "тоқсан аяқталғанға дейін босатылған."]),
])
def test_html_list_under_a_typed_clause_holds_its_sub_points(lead, items):
    """An <ol> right after a clause typed in a paragraph and ending with ':' holds that
    clause's sub-points ("1)", "2)"); after a lead-in with no typed number (an enacting
    formula "ПРИКАЗЫВАЮ:", "БҰЙЫРАМЫН:") its items are clauses ("1.", "2.")."""
    shown = "".join(f"<li>{item}</li>" for item in items)
    assert lines(read_html(f"<p>{lead}</p><ol>{shown}</ol>".encode(), "a.html")) == \
        [lead] + [f"{k}) {item}" for k, item in enumerate(items, 1)]
    formula = "ПРИКАЗЫВАЮ:" if lead.startswith("5. О") else "БҰЙЫРАМЫН:"
    assert lines(read_html(f"<p>{formula}</p><ol>{shown}</ol>".encode(), "a.html")) == \
        [formula] + [f"{k}. {item}" for k, item in enumerate(items, 1)]


@pytest.mark.parametrize("text, comment", [
    ("5. Оценка не проводится в отношении служащего, находящегося на испытательном сроке.",
     "А по пункту 5 кто в отпуске больше двух третей квартала, того не оценивают?"),
    ("5. Сынақ мерзіміндегі қызметші бағаланбайды.",
     "5-тармақ бойынша демалыста тоқсанның үштен екісінен көп болса, бағаланбай ма?"),
])
def test_html_readers_comments_are_page_chrome(text, comment):
    """A block the site's template names for its readers' comments (class or id
    "comments"), its related links or its share buttons is the page around the text,
    reported as removed with that reason, never read as the decree's."""
    page = (f'<html><body><main><article><p>{text}</p></article>'
            f'<section class="comments" id="comments"><div class="comment"><p>{comment}</p>'
            f'</div></section><div class="share">Facebook Telegram</div></main></body></html>')
    raw = read_html(page.encode(), "a.html")
    assert {raw.text[r.start:r.end].strip(): r.reason for r in raw.removed} == \
        {comment: "page's comments", "Facebook Telegram": "page's share buttons"}
    assert text in raw.text and not any(text in raw.text[r.start:r.end] for r in raw.removed)


PAGE_CHROME = {
    "ru": {"text": ["5. Оценка не проводится в отношении служащего, находящегося на испытательном "
                    "сроке.", "6. Результаты оценки хранятся в личном деле служащего."],
           "note": "Примечание ИЗПИ! Пункт 5 изложен в редакции решения от 12.03.2021 № 4-2.",
           "menu": ["Главная", "Законодательство", "Новые документы"],
           "search": "Найти", "versions": ["от 15.04.2020", "от 12.03.2021 (действующая)"],
           "advertisement": "Реклама. Подпишитесь на полную версию базы со скидкой 20%.",
           "cookies": "Мы используем файлы cookie. Продолжая пользоваться сайтом, вы соглашаетесь "
                      "с их использованием.", "accept": "Принять",
           "hidden": ["Қазақша", "English"], "dialog": "Войдите, чтобы скачать документ"},
    "kk": {"text": ["5. Сынақ мерзіміндегі қызметші бағаланбайды.",
                    "6. Бағалау нәтижелері қызметшінің жеке ісінде сақталады."],
           "note": "ЗҚАИ-ның ескертпесі! 5-тармақ 12.03.2021 № 4-2 шешімнің редакциясында.",
           "menu": ["Басты бет", "Заңнама", "Жаңа құжаттар"],
           "search": "Іздеу", "versions": ["15.04.2020 ж.", "12.03.2021 ж. (қолданыстағы)"],
           "advertisement": "Жарнама. Базаның толық нұсқасына 20% жеңілдікпен жазылыңыз.",
           "cookies": "Біз cookie файлдарын пайдаланамыз. Сайтты пайдалануды жалғастыра отырып, "
                      "сіз оларды пайдалануға келісесіз.", "accept": "Қабылдау",
           "hidden": ["Русский", "English"], "dialog": "Құжатты жүктеу үшін кіріңіз"},
}


@pytest.mark.parametrize("lang", ["ru", "kk"])
def test_html_site_notices_controls_and_menus_are_page_chrome(lang):
    """A legal database's or a portal's saved page: a menu set as a list of links, a search
    box's button, a version selector's choices, an advertisement set among the paragraphs
    (by its class, or by its label "Реклама" / "Жарнама"), a cookie notice (by its class, or
    by its words when the site's class names are generated), the languages a browser does
    not show (`hidden`, `aria-hidden`, `display: none`) and a pop-up (`role="dialog"`) are
    the page around the text, each written and listed as removed with its reason; an
    editor's note set in the text as a "comment" stays text, as the readers' comments
    section ("comments") does not."""
    c = PAGE_CHROME[lang]
    menu = "".join(f'<li><a href="/{k}">{x}</a></li>' for k, x in enumerate(c["menu"]))
    options = "".join(f"<option>{x}</option>" for x in c["versions"])
    hidden = "".join(f'<li hidden><a href="/{x}">{x}</a> {x}</li>' for x in c["hidden"][:1]) + \
        f'<div aria-hidden="true">{c["hidden"][1]}</div>'
    page = (f'<html><body><div class="top"><ul class="x1">{menu}</ul>'
            f'<form><input name="q"><button type="submit">{c["search"]}</button></form>'
            f'<ul>{hidden}</ul></div>'
            f'<div class="css-9f8a7b">{c["cookies"]} <button>{c["accept"]}</button></div>'
            f'<div class="doc"><form><select name="v">{options}</select></form>'
            f'<p>{c["text"][0]}</p><p class="comment">{c["note"]}</p>'
            f'<div class="x7"><p>{c["advertisement"]}</p></div>'
            f'<div class="adv-inline"><a href="/buy">{c["menu"][0]}</a> 20%</div>'
            f'<p>{c["text"][1]}</p></div>'
            f'<div role="dialog"><p>{c["dialog"]}</p></div></body></html>')
    raw = read_html(page.encode(), "a.html")
    removed = [(raw.text[r.start:r.end].strip(), r.reason) for r in raw.removed]
    want = [*((f"• {x}", "page navigation") for x in c["menu"]),
            (c["search"], "page's form control"),
            (f'• {c["hidden"][0]} {c["hidden"][0]}', "page's hidden element"),
            (c["hidden"][1], "page's hidden element"), (c["accept"], "page's form control"),
            (c["cookies"], "page's cookie notice"), (" ".join(c["versions"]), "page's form control"),
            (c["advertisement"], "page's advertisement"),
            (f'{c["menu"][0]} 20%', "page's advertisement"), (c["dialog"], "page's pop-up window")]
    assert sorted(removed) == sorted(want)
    read_ = [line for line in normalize(raw).text.text.split("\n") if line.strip()]
    assert read_ == [c["text"][0], c["note"], c["text"][1]]


@pytest.mark.parametrize("lead, clauses, points", [
    ("ПРИКАЗЫВАЮ:", ["Утвердить прилагаемую Методику.", "Оценка не проводится в отношении "
                     "служащего:"], ["находящегося на испытательном сроке;",
                                     "уволенного до конца квартала."]),
    ("БҰЙЫРАМЫН:", ["Қоса беріліп отырған Әдістеме бекітілсін.", "Бағалау мына қызметшіге "
                    "жүргізілмейді:"], ["сынақ мерзіміндегі;", "тоқсан аяқталғанға дейін "
                                        "босатылған."]),
])
def test_html_word_processor_list_items_hold_their_paragraphs(lead, clauses, points):
    """A word processor's HTML (LibreOffice Writer) sets each item's text in a <p> inside
    its <li>, with no </li>, a list past 1 starting at <ol start>, a jump in the count at
    <li value>, the sub-points a list nested in their clause's item: the number the browser
    shows starts the item's paragraph; the page's footer (<div title="footer"> with its
    page-number field) is the page around the text, written and listed as removed."""
    p = '<p align="justify" style="margin-bottom: 0cm">'
    page = (f"<html><body>{p}{lead}</p>\n<ol start=\"4\">\n\t<li>{p}\n\t{clauses[0]}</p>\n"
            f"\t<li value=\"7\">{p}{clauses[1]}</p>\n\t<ol>\n"
            + "".join(f"\t\t<li>{p}<font face=\"Times\">{x}</font></p>\n" for x in points)
            + '\t</ol>\n</ol>\n<div title="footer"><p align="center"><sdfield type=PAGE>1'
            "</sdfield></p>\n</div></body></html>")
    raw = read_html(page.encode(), "a.html")
    assert lines(raw) == [lead, f"4. {clauses[0]}", f"7. {clauses[1]}",
                          *(f"{k}) {x}" for k, x in enumerate(points, 1)), "1"]
    assert [(raw.text[r.start:r.end].strip(), r.reason) for r in raw.removed] == \
        [("1", "page footer")]


LAYOUT = {
    "ru": ("Глава 2. Порядок оценки", [
        ("5.", "Оценка проводится по итогам каждого квартала не позднее 20 числа месяца, "
               "следующего за отчетным кварталом."),
        ("6.", "Оценка не проводится в отношении служащего:"),
        ("1)", "находящегося на испытательном сроке;"),
        ("2)", "уволенного до окончания оцениваемого периода."),
        ("", "Служба управления персоналом уведомляет служащего о проведении оценки."),
        ("7", "Результаты оценки доводятся до служащего в течение пяти рабочих дней.")],
        [("1.", "Ориентация на результат"), ("2.", "Ответственность"), ("3.", "Инициативность")]),
    "kk": ("2-тарау. Бағалау тәртібі", [
        ("5.", "Бағалау әр тоқсанның қорытындысы бойынша есепті тоқсаннан кейінгі айдың "
               "20-сынан кешіктірілмей жүргізіледі."),
        ("6.", "Бағалау мына қызметшіге жүргізілмейді:"),
        ("1)", "сынақ мерзіміндегі;"),
        ("2)", "бағаланатын кезең аяқталғанға дейін қызметтен босатылған."),
        ("", "Персоналды басқару қызметі қызметшіге бағалау туралы хабарлайды."),
        ("7", "Бағалау нәтижелері қызметшіге бес жұмыс күні ішінде жеткізіледі.")],
        [("1.", "Нәтижеге бағдарлану"), ("2.", "Жауапкершілік"), ("3.", "Бастамашылық")]),
}


@pytest.mark.parametrize("lang", ["ru", "kk"])
def test_docx_layout_table_of_numbered_clauses_reads_as_paragraphs(lang):
    """A methodology typed in a borderless two-column table (a number cell, a text cell, a
    chapter heading merged across both, a stamp in a one-cell table) reads as the text
    typed without it: each row a paragraph opening with its number ("7" written "7."), the
    stamp's right-aligned lines one block; so does such a table in a web page. A two-column
    table of names (a sheet's list of competencies) stays a table."""
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    heading, rows, names = LAYOUT[lang]
    document = docx.Document()
    stamp = document.add_table(rows=1, cols=1).rows[0].cells[0]
    stamp.paragraphs[0].text = "Утверждена" if lang == "ru" else "Бекітілген"
    stamp.add_paragraph("приказом от 1 марта 2024 года № 5" if lang == "ru"
                        else "2024 жылғы 1 наурыздағы № 5 бұйрықпен")
    for paragraph in stamp.paragraphs:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    layout = document.add_table(rows=0, cols=2)
    merged = layout.add_row()
    merged.cells[0].merge(merged.cells[1]).paragraphs[0].text = heading
    for label, text in rows:
        row = layout.add_row()
        row.cells[0].text, row.cells[1].text = label, text
    docx_cells = document.add_table(rows=len(names), cols=2)
    for row, (label, name) in zip(docx_cells.rows, names):
        row.cells[0].text, row.cells[1].text = label, name
    buffer = io.BytesIO()
    document.save(buffer)
    raw = read_docx(buffer.getvalue(), "a.docx")
    assert raw.text.strip().split("\n\n") == [
        "\n".join(p.text for p in stamp.paragraphs), heading,
        *(f"{label}{'.' if label.isdigit() else ''} {text}".strip() for label, text in rows),
        "\n".join(f"{label}\t{name}" for label, name in names)]
    page = (f'<table><tr><td colspan="2"><p>{heading}</p></td></tr>'
            + "".join(f"<tr><td>{label}</td><td><p>{text}</p></td></tr>" for label, text in rows)
            + "</table><table border=\"1\">"
            + "".join(f"<tr><td>{label}</td><td>{name}</td></tr>" for label, name in names)
            + "</table>")
    assert read_html(page.encode(), "a.html").text.strip().split("\n\n") == \
        raw.text.strip().split("\n\n")[1:]


@pytest.mark.parametrize("stamp, title", [
    (("Утверждена", "постановлением акимата", "от 3 мая 2024 года № 5"), "Методика оценки"),
    (("Әкімдіктің 2024 жылғы", "3 мамырдағы № 5 қаулысымен", "бекітілген"), "Бағалау әдістемесі"),
])
def test_docx_stamp_pushed_right_by_its_left_indent_is_one_block(stamp, title):
    """A stamp Word sets by indenting its lines past the page's middle (`w:ind w:left`, 180
    pt and more, in its own properties or its style's) reads as one block, as right-aligned
    lines do; a centred title so indented, or a paragraph indented less, stays a paragraph."""
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    document = docx.Document()
    indented = document.styles.add_style("Stamp", 1)
    indented.paragraph_format.left_indent = Pt(270)
    for k, line in enumerate(stamp):
        paragraph = document.add_paragraph(line, style="Stamp" if k else None)
        if not k:
            paragraph.paragraph_format.left_indent = Pt(269.3)
    document.add_paragraph("")
    centred = document.add_paragraph(title)
    centred.paragraph_format.left_indent = Pt(200)
    centred.alignment = WD_ALIGN_PARAGRAPH.CENTER
    shallow = document.add_paragraph(stamp[0])
    shallow.paragraph_format.left_indent = Pt(35)
    document.add_paragraph(stamp[1]).paragraph_format.left_indent = Pt(35)
    buffer = io.BytesIO()
    document.save(buffer)
    blocks = read_docx(buffer.getvalue(), "a.docx").text.strip().split("\n\n")
    assert blocks == ["\n".join(stamp), title, stamp[0], stamp[1]]


BOX_NS = ('xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
          'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
          'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
          'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
          'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
          'xmlns:v="urn:schemas-microsoft-com:vml"')


def _box(*paragraphs: str) -> str:
    """A text box's content: a w:p a line, each line's text cut inside a word."""
    return "<w:txbxContent>" + "".join(
        f"<w:p><w:r><w:t>{p[:4]}</w:t></w:r><w:r><w:t>{p[4:]}</w:t></w:r></w:p>"
        if not p.startswith("<") else p for p in paragraphs) + "</w:txbxContent>"


def _drawn(choice: str, fallback: str) -> str:
    """A run holding a shape as Word and Writer write one: DrawingML, and its VML copy."""
    return (f"<w:r {BOX_NS}><mc:AlternateContent><mc:Choice Requires=\"wps\"><w:drawing>"
            "<wp:anchor><a:graphic><a:graphicData><wps:wsp>" + choice + "</wps:wsp>"
            "</a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice><mc:Fallback>"
            "<w:pict><v:rect>" + fallback + "</v:rect></w:pict></mc:Fallback>"
            "</mc:AlternateContent></w:r>")


@pytest.mark.parametrize("stamp, title, lines", [
    (("Утверждена постановлением", "акимата от 3 мая 2024 года № 5"), "Методика оценки",
     ("1. Оценка проводится ежеквартально.", "Приложение 1", "Лист оценки")),
    (("Әкімдіктің 2024 жылғы 3 мамырдағы", "№ 5 қаулысымен бекітілген"), "Бағалау әдістемесі",
     ("1. Бағалау тоқсан сайын жүргізіледі.", "1-қосымша", "Бағалау парағы")),
])
def test_docx_text_box_is_read_once_before_the_paragraph_it_is_anchored_to(stamp, title, lines):
    """A stamp in a text frame (Writer) or a text box (Word) is written twice, a DrawingML
    box and its VML copy: it reads once, before the paragraph it is anchored to, its lines one
    block as a stamp's are. A box in VML only reads too, as does the copy of a shape whose
    DrawingML holds no text box; a box inside a box reads after its outer box's lines."""
    import docx
    from docx.oxml import parse_xml

    document = docx.Document()
    anchor = document.add_paragraph(title)
    anchor._p.insert(1, parse_xml(_drawn(
        "<wps:txbx>" + _box(*stamp) + "</wps:txbx>", "<v:textbox>" + _box(*stamp)
        + "</v:textbox>")))
    document.add_paragraph(lines[0])
    vml = document.add_paragraph()
    vml._p.append(parse_xml(f"<w:r {BOX_NS}><w:pict><v:rect><v:textbox>{_box(lines[1])}"
                            "</v:textbox></v:rect></w:pict></w:r>"))
    pictured = document.add_paragraph()
    pictured._p.append(parse_xml(_drawn(
        "<wps:spPr/>", "<v:textbox>" + _box(
            lines[2], f'<w:p><w:r {BOX_NS}><w:pict><v:rect><v:textbox>{_box(stamp[1])}'
            "</v:textbox></v:rect></w:pict></w:r></w:p>") + "</v:textbox>")))
    buffer = io.BytesIO()
    document.save(buffer)
    raw = read_docx(buffer.getvalue(), "a.docx")
    assert raw.text.strip().split("\n\n") == ["\n".join(stamp), title, lines[0], lines[1],
                                                lines[2], stamp[1]]


MATH = 'xmlns:m="http://schemas.openxmlformats.org/officeDocument/2006/math"'


def _m(text: str) -> str:
    return f"<m:r><m:t>{text}</m:t></m:r>"


@pytest.mark.parametrize("lead, tail", [
    ("Итоговая оценка рассчитывается по формуле: ", ", где n – число параметров."),
    ("Қорытынды баға мына формула бойынша есептеледі: ", ", мұндағы n – параметрлер саны."),
])
def test_docx_equation_reads_as_its_linear_formula(lead, tail):
    """An equation of Word's equation editor (Office Math) in a paragraph reads as the formula
    typed in a line: a fraction "(…) / n", a letter's index run on ("К1"), a delimiter with
    its brackets, an n-ary sum with its limits; the words around it stay in their places.
    Before, every character of it was silently lost."""
    import docx
    from docx.oxml import parse_xml

    sub = "<m:sSub><m:e>{}</m:e><m:sub>{}</m:sub></m:sSub>"
    num = sub.format(_m("К"), _m("1")) + _m("+") + sub.format(_m("К"), _m("2")) + _m("+…+") \
        + sub.format(_m("К"), _m("n"))
    math = (f"<m:oMath {MATH}>{_m('И=')}<m:f><m:num>{num}</m:num><m:den>{_m('n')}</m:den>"
            f"</m:f>{_m('−0,25×')}<m:d><m:dPr><m:begChr m:val=\"[\"/><m:endChr m:val=\"]\"/>"
            f"</m:dPr><m:e>{_m('b')}</m:e></m:d>{_m('+')}<m:nary><m:naryPr><m:chr m:val=\"∑\"/>"
            f"</m:naryPr><m:sub>{_m('i=1')}</m:sub><m:sup>{_m('n')}</m:sup><m:e>"
            f"{sub.format(_m('a'), _m('i'))}</m:e></m:nary></m:oMath>")
    document = docx.Document()
    paragraph = document.add_paragraph(lead)
    paragraph._p.append(parse_xml(math))
    paragraph.add_run(tail)
    buffer = io.BytesIO()
    document.save(buffer)
    assert lines(read_docx(buffer.getvalue(), "a.docx")) == \
        [f"{lead}И=(К1+К2+…+Кn) / n−0,25×[b]+∑_(i=1)^(n) ai{tail}"]


@pytest.mark.parametrize("lead, formula, legend", [
    ("Квартальная оценка рассчитывается по формуле:", "К = (П1 + П2 + … + Пn) / n",
     "где: К – квартальная оценка;"),
    ("Тоқсандық баға мынадай формула бойынша есептеледі:", "Т = (П1 + П2 + … + Пn) / n",
     "мұндағы: Т – тоқсандық баға;"),
])
def test_html_image_reads_as_its_alternative_text(lead, formula, legend):
    """A formula set as a picture reads as its alt text, where it stands; a logo inside a link
    (a site's way home) and a decorative image (alt="") give no text."""
    page = (f'<body><a href="/"><img src="logo.png" alt="Әділет"></a><p>{lead}</p>'
            f'<p><img src="f1.png" alt="{formula}"></p><p><img src="line.png" alt=""/>{legend}'
            "</p></body>")
    raw = read_html(page.encode(), "a.html")
    assert lines(raw) == [lead, formula, legend]


def test_a_file_is_read_once_per_process_until_its_bytes_change(tmp_path):
    """ingest keeps what it read by format, name and content: the same bytes give the same
    RawText without a second read; changed bytes are read anew."""
    from parser.ingest import read

    path = tmp_path / "d.txt"
    path.write_text("1. Бағалау тоқсан сайын жүргізіледі.\n", encoding="utf-8")
    first = read(path)
    assert read(path) is first
    path.write_text("1. Оценка проводится ежеквартально.\n", encoding="utf-8")
    again = read(path)
    assert again is not first and "ежеквартально" in again.text


WORD_FILTERED = {
    "kk": (["Орал қаласы әкімдігінің", "2022 жылғы 14 наурыздағы", "№ 305 қаулысымен",
            "бекітілген"], "1-тарау. Жалпы ережелер",
           [("1.", "Осы Әдістеме «Б» корпусы қызметшілерін бағалау тәртібін айқындайды."),
            ("1)", "бағаланатын кезең – күнтізбелік тоқсан;")]),
    "ru": (["Утверждена постановлением", "акимата города Уральска", "от 14 марта 2022 года",
            "№ 305"], "Глава 1. Общие положения",
           [("1.", "Настоящая Методика определяет порядок оценки служащих корпуса «Б»."),
            ("1)", "оцениваемый период – календарный квартал;")]),
}


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_word_filtered_html_stamp_pushed_right_and_list_numbers_with_their_gap(lang):
    """The HTML Word saves as "Web Page, Filtered": windows-1251 with the letters it lacks as
    character references, a stamp's lines paragraphs pushed right by their left margin (one
    block, as right-aligned ones are; a margin a quote is indented by is not), a list
    paragraph's typed number followed by a 7pt span of no-break spaces (one space), the
    source wrapped inside tags."""
    stamp, heading, items = WORD_FILTERED[lang]
    span = "<span lang=KZ style='font-size:14.0pt'>{}</span>"
    gap = "<span style='font:7.0pt \"Times New Roman\"'>" + "&nbsp;" * 7 + " </span>"
    body = "".join(f"<p class=MsoNormal style='margin-left:262.35pt'>{span.format(x)}</p>\n"
                   for x in stamp)
    body += (f"<p class=MsoNormal align=center style='text-align:center'><b>"
             f"{span.format(heading)}</b></p>\n")
    body += "".join(f"<p class=MsoListParagraphCxSpMiddle style='margin-left:0cm;text-indent:"
                    f"\n35.45pt'>{span.format(mark + gap)}{span.format(text)}</p>\n"
                    for mark, text in items)
    body += (f"<p class=MsoNormal style='margin-left:36.0pt'>{span.format(items[0][1])}</p>\n")
    page = ("<html><head><meta http-equiv=Content-Type content=\"text/html; charset="
            "windows-1251\"></head><body lang=RU><div class=WordSection1>\n" + body
            + "</div></body></html>")
    raw = read_html(page.encode("cp1251", "xmlcharrefreplace"), "a.htm")
    assert lines(raw) == [*stamp, heading, *(f"{mark} {text}" for mark, text in items),
                          items[0][1]]
    assert "\n".join(stamp) in raw.text.split("\n\n")  # the stamp's lines are one block


GDOCS = {
    "kk": (["Степногорск қаласы әкімдігінің", "2023 жылғы 5 мамырдағы", "№ 318 қаулысымен",
            "бекітілген"], ["1-тарау. Жалпы ережелер", "2-тарау. Бағалауды өткізу тәртібі"],
           ["Осы Әдістеме «Б» корпусы қызметшілерін бағалау тәртібін айқындайды.",
            "Бағалау тоқсан сайын жүргізіледі.",
            "Бағалау мынадай кезеңдерде жүргізіледі:"],
           ["тоқсандық бағалау;", "жылдық бағалау."]),
    "ru": (["Утверждена постановлением", "акимата города Степногорска", "от 5 мая 2023 года",
            "№ 318"], ["Глава 1. Общие положения", "Глава 2. Порядок проведения оценки"],
           ["Настоящая Методика определяет порядок оценки служащих корпуса «Б».",
            "Оценка проводится ежеквартально.",
            "Оценка проводится в следующие этапы:"],
           ["квартальная оценка;", "годовая оценка."]),
}
_GDOCS_SHEET = (
    '@import url(https://themes.googleusercontent.com/fonts/css?kit=x);'
    'ol.lst-kix_a-0{list-style-type:none}ol.lst-kix_a-1{list-style-type:none}'
    '.lst-kix_a-0>li{counter-increment:lst-ctn-kix_a-0}'
    '.lst-kix_a-1>li{counter-increment:lst-ctn-kix_a-1}'
    'ol.lst-kix_a-0.start{counter-reset:lst-ctn-kix_a-0 0}'
    'ol.lst-kix_a-1.start{counter-reset:lst-ctn-kix_a-1 0}'
    'ol.lst-kix_b-0.start{counter-reset:lst-ctn-kix_b-0 20}ol.lst-kix_b-0{list-style-type:none}'
    '.lst-kix_a-0>li:before{content:"" counter(lst-ctn-kix_a-0,decimal) ". "}'
    '.lst-kix_a-1>li:before{content:"" counter(lst-ctn-kix_a-1,decimal) ") "}'
    '.lst-kix_b-0>li{counter-increment:lst-ctn-kix_b-0}'
    '.lst-kix_b-0>li:before{content:"" counter(lst-ctn-kix_b-0,decimal) ". "}'
    'ul.lst-kix_c-0{list-style-type:none}.lst-kix_c-0>li:before{content:"\\0025cf   "}'
    '.c2{padding-top:0pt;text-align:justify}.c4{padding-top:0pt;text-align:right}'
    '.c3{margin-left:36pt;text-align:justify}table td p{text-align:right}')


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_google_docs_page_styles_by_class_and_numbers_by_css_counters(lang):
    """The web page Google Docs exports: every look set by a class of the head's style sheet
    (a stamp right-aligned by `.c4`, one block), the clauses items of lists that show no
    marker and write their numbers by CSS counters (`li:before{content: counter(…) ". "}`),
    the sub-points a sibling list of the next level (")" after the number), the count running
    on over a chapter heading (the `start` attribute, "1" here, is not what the page shows),
    a list restarted by `counter-reset` at 20 showing 21, a bullet glyph a list's mark, a rule
    of a descendant selector (`table td p`) not applied to the page's own paragraphs."""
    stamp, chapters, clauses, points = GDOCS[lang]
    span = '<span class="c1">{}</span>'
    item = '<li class="c3 li-bullet-0">' + span + "</li>"
    body = "".join(f'<p class="c4">{span.format(x)}</p>' for x in stamp)
    body += f'<h2 class="c2">{span.format(chapters[0])}</h2>'
    body += '<ol class="c8 lst-kix_a-0 start" start="1">' + item.format(clauses[0]) + "</ol>"
    body += f'<h2 class="c2">{span.format(chapters[1])}</h2>'
    body += ('<ol class="c8 lst-kix_a-0" start="1">' + item.format(clauses[1])
             + item.format(clauses[2]) + "</ol>")
    body += ('<ol class="c8 lst-kix_a-1 start" start="1">'
             + "".join(item.format(x) for x in points) + "</ol>")
    body += '<ol class="c8 lst-kix_b-0 start" start="1">' + item.format(clauses[0]) + "</ol>"
    body += '<ul class="c8 lst-kix_c-0 start">' + item.format(points[0]) + "</ul>"
    body += "".join(f'<p class="c2" style="text-align:right">{span.format(x)}</p>' for x in points)
    page = ('<html><head><meta content="text/html; charset=UTF-8" http-equiv="content-type">'
            f'<style type="text/css">{_GDOCS_SHEET}</style></head>'
            f'<body class="c11 doc-content">{body}</body></html>')
    raw = read_html(page.encode(), "a.html")
    assert lines(raw) == [*stamp, chapters[0], f"1. {clauses[0]}", chapters[1],
                          f"2. {clauses[1]}", f"3. {clauses[2]}", f"1) {points[0]}",
                          f"2) {points[1]}", f"21. {clauses[0]}", f"• {points[0]}", *points]
    blocks = raw.text.strip().split("\n\n")
    assert "\n".join(stamp) in blocks  # right-aligned by class: one block, as inline
    assert "\n".join(points) in blocks  # their own `style` over the class: right, one block


@pytest.mark.parametrize("n, style, text", [
    (4, "decimal", "4"), (4, "decimal-leading-zero", "04"), (14, "lower-roman", "xiv"),
    (1999, "upper-roman", "MCMXCIX"), (3, "lower-latin", "c"), (28, "upper-alpha", "AB"),
    (2, "disc", "•"), (5, "none", ""), (7, "cjk-unknown", "7")])
def test_css_counter_styles(n, style, text):
    """A counter's value in each counter style CSS predefines that a list uses; decimal for
    a style it does not know, as a browser falls back."""
    from parser.ingest.css import counter_text

    assert counter_text(n, style) == text


NOTES = {
    "kk": ("3. Бағалау тоқсан сайын жүргізіледі", ".",
           "Бағаланатын кезең – күнтізбелік тоқсан.", "4. Бағалау нәтижелері жеке іске тігіледі."),
    "ru": ("3. Оценка проводится ежеквартально", ".",
           "Оцениваемый период – календарный квартал.", "4. Результаты оценки хранятся в личном деле."),
}
# a page's note as each writer sets it: the call in the text, the note at the page's end
NOTE_MARKUP = {
    "google docs": ('<sup><a href="#ftnt1" id="ftnt_ref1">[1]</a></sup>',
                    '<hr><div><p class="c4"><a href="#ftnt_ref1" id="ftnt1">[1]</a>'
                    '<span class="c3">&nbsp;{}</span></p></div>', "[1]"),
    "word": ('<a href="#_ftn1" name="_ftnref1" title=""><span class=MsoFootnoteReference>[1]'
             '</span></a>', '<div><hr align=left size=1 width="33%"><div id=ftn1><p '
             'class=MsoFootnoteText><a href="#_ftnref1" name="_ftn1" title="">[1]</a> {}</p>'
             '</div></div>', "[1]"),
    "libreoffice": ('<a class="sdfootnoteanc" name="sdfootnote1anc" href="#sdfootnote1sym">'
                    '<sup>1</sup></a>', '<div id="sdfootnote1"><p class="sdfootnote"><a '
                    'class="sdfootnotesym" name="sdfootnote1sym" href="#sdfootnote1anc">1</a>'
                    '{}</p></div>', "1"),
    "pandoc": ('<a href="#fn1" class="footnote-ref" id="fnref1" role="doc-noteref"><sup>1</sup>'
               '</a>', '<section id="footnotes" class="footnotes" role="doc-endnotes"><hr><ol>'
               '<li id="fn1"><p>{} <a href="#fnref1" class="footnote-back" role="doc-backlink">'
               '↩︎</a></p></li></ol></section>', ""),
}


@pytest.mark.parametrize("lang", ["kk", "ru"])
@pytest.mark.parametrize("writer", sorted(NOTE_MARKUP))
def test_html_note_is_read_after_the_paragraph_calling_it(lang, writer):
    """A note a page sets at its end (Google Docs, Word, LibreOffice Writer, pandoc) is read
    after the paragraph whose mark calls it, as a .docx footnote is: the note links back to
    the call; its number stays, written as a note's ("1 …", "[1] …": not glued to the text,
    not a clause's "1." of the list pandoc sets its notes in); a link to a place further down
    that does not link back (a table of contents') moves nothing."""
    clause, stop, note, after = NOTES[lang]
    call, definition, mark = NOTE_MARKUP[writer]
    page = (f'<html><body><p><a href="#ch2">{after}</a></p><p>{clause}{call}{stop}</p>'
            f'<p>{after}</p><p id="ch2">{after}</p>{definition.format(note)}</body></html>')
    raw = read_html(page.encode(), "a.html")
    text = lines(raw)
    assert text[1].startswith(clause) and text[1].endswith(stop)
    assert text[2].replace("\u00a0", " ") in (f"{mark} {note}", f"1 {note} ↩︎")
    assert text[3:] == [after, after] and text[0] == after


CONVERTED = {
    "kk": ["1. Осы Әдістеме «Б» корпусының мемлекеттік әкімшілік қызметшілерінің қызметін",
           "бағалаудың тәртібін және оның нәтижелерін есепке алудың негізгі қағидаларын айқын-",
           "дайды.",
           "2. Бағалау тоқсан сайын бағаланатын тоқсаннан кейінгі айдың оныншы күнінен кешік-",
           "тірілмей жүргізіледі, ал төртінші тоқсан бойынша ағымдағы жылдың он бесінші",
           "желтоқсанынан кешіктірілмей жүргізіледі."],
    "ru": ["1. Настоящая Методика определяет порядок оценки деятельности административных",
           "государственных служащих корпуса «Б» и основные правила учета результатов слу-",
           "жащих в их личных делах.",
           "2. Оценка проводится ежеквартально не позднее десятого числа месяца, следующего за",
           "оцениваемым кварталом, а по итогам четвертого квартала не позднее пятнадцатого",
           "декабря текущего года."],
}


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_docx_of_printed_lines_reads_as_a_pages_text(lang, tmp_path):
    """A PDF-to-Word converter's .docx, every printed line a paragraph (a clause's first
    indented), the page's number in a text box, a stamp's lines right-aligned: each clause
    one paragraph again, a word the typesetter broke whole, the number reported, the stamp
    one block; a typed .docx of the same short lines ending sentences is read as typed."""
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    from parser.normalize import normalize
    from typeset import _page_number_box

    stamp, heading = WORD_FILTERED[lang][0][:2], WORD_FILTERED[lang][1]
    document = docx.Document()
    for line in stamp:
        document.add_paragraph(line).alignment = WD_ALIGN_PARAGRAPH.RIGHT
    document.add_paragraph(heading).alignment = WD_ALIGN_PARAGRAPH.CENTER
    for _ in range(2):
        for line in CONVERTED[lang]:
            paragraph = document.add_paragraph(line)
            if line[0].isdigit():
                paragraph.paragraph_format.first_line_indent = Pt(35)
    _page_number_box(document.paragraphs[0], 1)
    path = tmp_path / "converted.docx"
    document.save(str(path))
    raw = read(path)
    assert raw.printed
    text = normalize(raw).text.text.split("\n")
    one, two = (" ".join(CONVERTED[lang][:3]), " ".join(CONVERTED[lang][3:]))
    whole = [x.replace("- ", "") for x in (one, two)]
    assert text == [" ".join(stamp), heading, *whole, *whole]
    assert [r.reason for r in raw.removed] == ["page number in a text box"]

    typed = docx.Document()
    for line in CONVERTED[lang]:
        typed.add_paragraph(line.rstrip("-") + ".")
    path = tmp_path / "typed.docx"
    typed.save(str(path))
    assert not read(path).printed


@pytest.mark.parametrize("header, rows", [
    (("№", "Құзыреттілік", "Сауалнама сұрақтары", "Балл"),
     (("1", "Жауапкершілік", "Тапсырмаларды уақтылы орындайды", "5"),
      ("2", "Жауапкершілік", "Шешімдері үшін жауап береді", "4"),
      ("3", "Бастамашылдық", "Жұмысты жақсарту бойынша ұсыныс енгізеді", "3"))),
    (("№", "Компетенция", "Вопрос анкеты", "Балл"),
     (("1", "Ответственность", "Выполняет поручения в срок", "5"),
      ("2", "Ответственность", "Отвечает за свои решения", "4"),
      ("3", "Инициативность", "Вносит предложения по улучшению работы", "3"))),
])
def test_html_cell_merged_down_stands_empty_in_the_rows_below_as_in_a_docx(header, rows):
    """A cell merged down over rows (`rowspan`, a questionnaire's competency over its questions,
    a two-row header's cells beside a spanning one) leaves an empty cell in each row below, as
    a .docx's vertically merged cell does, so every cell keeps its place; a cell spanning
    columns (`colspan`) is one cell in both."""
    import docx

    document = docx.Document()
    table = document.add_table(rows=len(rows) + 2, cols=5)
    top = ("", header[0], header[1], header[2], header[3])
    for k, text in enumerate(top[1:]):
        table.cell(0, k + (k > 2)).text = text
    table.cell(0, 3).merge(table.cell(0, 4))  # "Балл" over two columns: the score, its note
    table.cell(0, 0).merge(table.cell(1, 0))
    table.cell(0, 1).merge(table.cell(1, 1))
    table.cell(0, 2).merge(table.cell(1, 2))
    table.cell(1, 3).text, table.cell(1, 4).text = "1-5", "…"
    for r, row in enumerate(rows, start=2):
        for k, text in enumerate(row):
            table.cell(r, k).text = text
    table.cell(2, 1).merge(table.cell(3, 1)).text = rows[0][1]  # the competency over two rows
    buffer = io.BytesIO()
    document.save(buffer)
    from_docx = lines(read_docx(buffer.getvalue(), "a.docx"))
    page = ("<table border=1><tr>" + "".join(f'<td rowspan="2">{t}</td>' for t in header[:3])
            + f'<td colspan="2">{header[3]}</td></tr><tr><td>1-5</td><td>…</td></tr>'
            + f'<tr><td>{rows[0][0]}</td><td rowspan="2">{rows[0][1]}</td>'
            + "".join(f"<td>{t}</td>" for t in rows[0][2:]) + "<td></td></tr>"
            + f"<tr><td>{rows[1][0]}</td>" + "".join(f"<td>{t}</td>" for t in rows[1][2:])
            + "<td></td></tr><tr>" + "".join(f"<td>{t}</td>" for t in rows[2]) + "<td></td></tr>"
            + "</table>")
    from_html = lines(read_html(page.encode(), "a.html"))
    assert from_html == from_docx
    assert from_html[1:4] == ["\t\t\t1-5\t…", f"1\t{rows[0][1]}\t{rows[0][2]}\t5\t",
                              f"2\t\t{rows[1][2]}\t4\t"]


@pytest.mark.parametrize("header, rows", [
    (("№", "Көрсеткіш", "Балл (1-ден 5-ке дейін)"),
     (("1", "Жоспардың орындалуы", "", ""), ("2", "Тәртіп", "", ""))),
    (("№", "Показатель", "Балл (от 1 до 5)"),
     (("1", "Выполнение плана", "", ""), ("2", "Дисциплина", "", ""))),
])
def test_an_aria_grid_of_divs_reads_as_the_table_it_shows(header, rows):
    """A sheet a page builds of <div>s with ARIA roles (role="table", "row", "columnheader",
    "cell") and lays out with CSS grid reads as the same sheet written as a <table>: a cell
    spanning two columns by `grid-column: span 2` (or `aria-colspan`) as by `colspan`."""
    def grid(span: str) -> str:
        head = "".join(f'<div role="columnheader">{t}</div>' for t in header[:2]) + \
            f'<div role="columnheader" {span}>{header[2]}</div>'
        body = "".join('<div role="row">' + "".join(f'<div role="cell">{t}</div>' for t in row)
                       + "</div>" for row in rows)
        return (f'<html><body><p>{header[1]}</p><div class="sheet" role="table">'
                f'<div role="row">{head}</div>{body}</div><p>{header[0]}</p></body></html>')
    table = (f'<html><body><p>{header[1]}</p><table><tr>'
             + "".join(f"<th>{t}</th>" for t in header[:2]) + f'<th colspan="2">{header[2]}</th></tr>'
             + "".join("<tr>" + "".join(f"<td>{t}</td>" for t in row) + "</tr>" for row in rows)
             + f"</table><p>{header[0]}</p></body></html>")
    expected = lines(read_html(table.encode(), "a.html"))
    assert any("\t" in line for line in expected)
    for span in ('style="grid-column: span 2"', 'aria-colspan="2"'):
        assert lines(read_html(grid(span).encode(), "a.html")) == expected
