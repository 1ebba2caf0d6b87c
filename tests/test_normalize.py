"""Each normalization step on small Kazakh and Russian inputs, offsets checked."""

from __future__ import annotations

import pytest

from parser import normalize as n
from parser.blocks import CELL_BREAK, segment
from parser.model import RawText
from parser.textmap import MappedText


def run(step, text: str):
    result = step(MappedText.identity(text))
    assert len(result.text.text) == len(result.text.offsets)
    return result


def ruled(line: str) -> bool:
    """A table's rule line as pipe_tables leaves it ("---<TAB>---"), for blocks.segment."""
    return not set(line) - set("-:\t ")


def test_bookmarks_are_dropped_and_reported():
    r = run(n.bookmarks, "[bookmark: z4]\n      1. Утвердить")
    assert r.text.text == "\n      1. Утвердить"
    assert [(x.start, x.end, x.reason) for x in r.removed] == [(0, 14, "bookmark")]
    assert r.text.offsets[0] == 14  # the line break after the marker


@pytest.mark.parametrize("src, want", [
    ("**БҰЙЫРАМЫН:**", "БҰЙЫРАМЫН:"),
    ("### **3-тарау. Тәртібі**", "3-тарау. Тәртібі"),
    ("*Министр*", "Министр"),
    (r"Бағалау нәтижесі: \_\_\_", "Бағалау нәтижесі: ___"),
    ("Оценка (от 0* до 5 баллов)", "Оценка (от 0* до 5 баллов)"),
    ("<b>Нәтижеге бейімделу</b>", "Нәтижеге бейімделу"),
])
def test_markdown_markup(src, want):
    assert run(n.markdown_markup, src).text.text == want


def test_markdown_offsets_point_at_the_source():
    r = run(n.markdown_markup, "**1-тарау**")
    assert r.text.text == "1-тарау"
    assert r.text.offsets[0] == 2


def test_pipe_table_becomes_tab_rows():
    r = run(n.pipe_tables, "| Балдар | Көрсеткіш |\n|---|---|\n| 5 балл | Жоба |")
    assert r.text.text.split("\n") == ["Балдар\tКөрсеткіш", "\t---\t---", "5 балл\tЖоба"]


@pytest.mark.parametrize("signature, scale", [
    ("|  |  |\n|---|---|\n| *Министр* | *Е. Нысанбаев* |",
     "| Қол жеткізу пайызы | Балл |\n|---|---|\n| 100 % және одан жоғары | 5 |\n| 90 %-дан 99 %-ға дейін | 4 |"),
    ("|  |  |\n|---|---|\n| *Министр* | *Е. Нысанбаев* |",
     "| Процент достижения | Балл |\n|---|---|\n| 100 % и более | 5 |\n| от 90 % до 99 % | 4 |"),
])
def test_an_empty_pipe_row_is_no_cell_marker(signature, scale):
    """A layout table's row of empty cells ("|  |  |", the portal's signature block) leaves
    no line that is only a TAB: such a line is a DOCX cell marker, and read as one it ran the
    text's later tables into a layout table of their own, their TABs lost (round 19)."""
    source = signature + "\n\n1. Шкала:\n\n" + scale + "\n"
    mt = MappedText.identity(source)
    for step in (n.pipe_tables, n.cell_tables):
        result = step(mt)
        mt = result.text
    rows = [line for line in mt.text.split("\n") if "\t" in line and not ruled(line)]
    assert len(rows) == 4
    assert rows[1].split("\t") in (["Қол жеткізу пайызы", "Балл"], ["Процент достижения", "Балл"])
    assert not any(line == "\t" for line in mt.text.split("\n"))


@pytest.mark.parametrize("source, rows", [
    ("№ | Задача плана | Балл (от 1 до 5)\n--- | --- | ---\n1 | Задача 1 | \n | Итоговая оценка | ",
     [["№", "Задача плана", "Балл (от 1 до 5)"], ["1", "Задача 1", ""],
      ["", "Итоговая оценка", ""]]),
    ("Р/с № | Жоспар міндеті | Балл\n:--- | --- | ---:\n1 | 1-міндет\n2 | 2-міндет | 4",
     [["Р/с №", "Жоспар міндеті", "Балл"], ["1", "1-міндет", ""], ["2", "2-міндет", "4"]]),
])
def test_a_pipe_table_without_outer_pipes(source, rows):
    """A table that leaves out its outer pipes (a document converter's): the line above its
    rule and the lines after it that hold a bar are its rows; a bar where the header has none
    parts an empty cell, and a row that stops short has its last cells empty (round 19)."""
    r = run(n.pipe_tables, source)
    assert [line.split("\t") for line in r.text.text.split("\n")
            if "\t" in line and not ruled(line)] == rows
    for ch, off in zip(r.text.text, r.text.offsets):  # every character is the source's
        assert ch in "\t\n" or source[off] == ch


@pytest.mark.parametrize("table", [
    "| Жылдық баға | Мәні |\n|---|---|\n| 2,50-ден төмен | «қанағаттанарлықсыз» |",
    "| Годовая оценка | Значение |\n|---|---|\n| ниже 2,50 | «неудовлетворительно» |",
])
def test_pipe_table_cells_keep_their_own_source_offsets(table):
    # every character of a cell maps to that character of the source (a TAB to its bar), so
    # a node's source text and a quote's place are found from the tree
    r = run(n.pipe_tables, table)
    for ch, off in zip(r.text.text, r.text.offsets):
        assert table[off] == ("|" if ch == "\t" else ch) or ch == "\n"
    assert [line for line in r.text.text.split("\n") if ruled(line)] == ["\t---\t---"]


def test_odd_spaces_and_invisible_characters():
    r = run(n.odd_spaces, "\u00a0\u00a0 Глава\u202f1\u200b.")
    assert r.text.text == "   Глава 1."


@pytest.mark.parametrize("src, want", [
    ("мемлекеттiк әкiмшiлiк", "мемлекеттік әкімшілік"),   # Latin i in Kazakh words
    ("E-R-1 санаттары", "Е-R-1 санаттары"),                # Latin E in a category code
    ("№ 21/4-VІ шешімі", "№ 21/4-VI шешімі"),              # Cyrillic І in a Roman numeral
    ("E-Quzmet жүйесі", "E-Quzmet жүйесі"),                # a Latin word stays Latin
    ("a) 5 баллов – задача выполнена;", "а) 5 баллов – задача выполнена;"),  # an OCR's label
    ("  e) 5 балл – міндет орындалды;", "  е) 5 балл – міндет орындалды;"),  # letter, Latin
    ("a) the task is done in full;", "a) the task is done in full;"),  # a Latin line's stays
    ("пункт a) и б)", "пункт a) и б)"),                    # a label inside a line is not one
])
def test_homoglyphs(src, want):
    r = run(lambda mt: n.homoglyphs(n.mixed_scripts(mt).text), src)
    assert r.text.text == want
    assert r.text.offsets == tuple(range(len(src)))


@pytest.mark.parametrize("src, want", [
    ("1О. Бағалау жылына бір рет жүргізіледі.", "10. Бағалау жылына бір рет жүргізіледі."),
    ("1О. Оценка проводится один раз в год.", "10. Оценка проводится один раз в год."),
    ("2О2О жылғы 1O наурыздағы", "2020 жылғы 10 наурыздағы"),   # Cyrillic and Latin O
    ("от О,5 до 3,О балла", "от 0,5 до 3,0 балла"),             # before and after a comma
    ("1О-нан аспайды", "10-нан аспайды"),                        # a Kazakh ending after a hyphen
    ("ТБ = (О1 + О2 + … + Оk) / k", "ТБ = (О1 + О2 + … + Оk) / k"),  # a formula's letters
    ("0,3 × О360", "0,3 × О360"),                                # a letter named with a number
    ("о 5 баллах; О. Иванов", "о 5 баллах; О. Иванов"),         # a word, an initial
])
def test_a_zero_read_as_the_letter_o(src, want):
    r = run(n.zero_letters, src)
    assert r.text.text == want
    assert r.text.offsets == tuple(range(len(src)))


@pytest.mark.parametrize("src, want", [
    ("20l8 жылғы 4 мамырдағы № l4/98 шешімі", "2018 жылғы 4 мамырдағы № 14/98 шешімі"),
    ("от 4 мая 20l8 года № l82", "от 4 мая 2018 года № 182"),
    ("html5 и l-й пункт; all 12", "html5 и l-й пункт; all 12"),  # words and a lone letter stay
])
def test_a_one_read_as_the_latin_l(src, want):
    r = run(n.zero_letters, src)
    assert r.text.text == want
    assert r.text.offsets == tuple(range(len(src)))


def test_moved_words_are_kept_and_flagged():
    src = "      1. Әкімдігінің № 66  мынадай өзгеріс енгізілсін:қаулысына\nкелесі жол"
    r = run(n.moved_words, src)
    assert r.text.text == src
    assert len(r.notes) == 1 and r.notes[0][1] == "MOVED_WORDS"


def test_cell_tables_seed_003_layout():
    src = ("\t\nПараметры\n\t\nПояснение\n\n\t\n1. Качество\n\t\nУчитывается:\n\n- сроки\n"
           "\t\n2. Сроки\n\t\n\n\t\nСредняя оценка\n\u00a0\u00a0\u00a0 Примечание: текст")
    r = run(n.cell_tables, src)
    rows = [ln for ln in r.text.text.split("\n") if "\t" in ln]
    assert rows == ["Параметры\tПояснение", "1. Качество\tУчитывается:" + CELL_BREAK + "- сроки",
                    "2. Сроки\t", "Средняя оценка\t"]
    assert "Примечание: текст" in r.text.text


def test_layout_cells_are_not_a_table():
    src = "\t\n      Акима района\n\n\t\nМ. Самитов\n\n\n"
    r = run(n.cell_tables, src)
    assert "\t" not in r.text.text


def blocks_of(text: str) -> list[str]:
    return segment(MappedText.identity(text))[0].text.split("\n")


def test_soft_wraps_are_joined_in_indented_layout():
    text = ("      1. Бағалау тоқсан қорытындысы бойынша – есепті\nтоқсаннан кейінгі айдың\n\n\n"
            "жиырмасыншы күнінен кешіктірілмей жүргізіледі.\n      2. Екінші.\n"
            "      3. Үшінші.\n")
    assert blocks_of(text) == [
        "1. Бағалау тоқсан қорытындысы бойынша – есепті тоқсаннан кейінгі айдың "
        "жиырмасыншы күнінен кешіктірілмей жүргізіледі.", "2. Екінші.", "3. Үшінші."]


def test_heading_after_blank_line_starts_a_block():
    text = "      1. Бірінші.\n      2. Екінші.\n      3. Үшінші.\n\n2-тарау. Тәртібі\n\n      4. Төрт.\n"
    assert blocks_of(text)[3] == "2-тарау. Тәртібі"


def test_blank_separated_layout_and_table_rows():
    text = "1. Бірінші\nжалғасы.\n\n№\tАтауы\n1\tБірінші\nжалғасы\n\n2. Екінші."
    assert blocks_of(text) == ["1. Бірінші жалғасы.", "№\tАтауы",
                               "1\tБірінші" + CELL_BREAK + "жалғасы", "2. Екінші."]


def test_hyphenated_wrap_keeps_the_hyphen_without_space():
    text = "      1. Әкімдігінің интернет-\nресурсында орналастырылсын.\n      2. Екі.\n      3. Үш.\n"
    assert blocks_of(text)[0] == "1. Әкімдігінің интернет-ресурсында орналастырылсын."


@pytest.mark.parametrize("text, read", [
    ("1. Әкімдіктің интернет\u2010ресурсында іс\u2011шаралар орналастырылсын.\n2. Екі.\n",
     "1. Әкімдіктің интернет-ресурсында іс-шаралар орналастырылсын."),
    ("1. Акимата в интернет\u2010ресурсе и социально\u2011экономический отчет.\n2. Два.\n",
     "1. Акимата в интернет-ресурсе и социально-экономический отчет.")], ids=["kk", "ru"])
def test_unicodes_hyphens_read_as_the_hyphen(text, read):
    """HYPHEN (U+2010) and the non-breaking hyphen are the hyphen-minus a reader matches."""
    raw = RawText(path="x.txt", format="text", text=text)
    assert n.normalize(raw).text.text.split("\n")[0] == read


def test_file_without_final_newline():
    raw = RawText(path="x.txt", format="text", text="1. Бір.\n\n2. Екі.")
    assert n.normalize(raw).text.text == "1. Бір.\n2. Екі."


def test_normalized_offsets_map_back_to_the_same_characters():
    raw_text = "**1-тарау.**  Жалпы\n\n1. Осы\u00a0Әдістеме."
    result = n.normalize(RawText(path="x.md", format="markdown", text=raw_text))
    for ch, off in zip(result.text.text, result.text.offsets):
        if not ch.isspace():
            assert raw_text[off] == ch


@pytest.mark.parametrize("src, flagged", [
    ("      1. Ос\n\n тармақ сөздер бастап", True),                       # page-break opening
    ("      1. Бір\n      2. Екі\n      3. Үш\n      4. Төрт\n      5. Бес\n"
     "       бірінші абзацына өзгеріс енгізілді 5- тармақтың", True),    # one space deeper
    ("тиімді  жұмыс", False),                                           # letter-spaced cell text
])
def test_moved_words_signs(src, flagged):
    assert bool(run(n.moved_words, src).notes) is flagged


@pytest.mark.parametrize("table, rows", [
    ("┌────┬──────────────┬───────┐\n"
     "│ №  │ Параметр     │ Балл  │\n"
     "│    │ оценки       │       │\n"
     "├────┼──────────────┼───────┤\n"
     "│ 1  │ Качество     │       │\n"
     "├────┴──────────────┼───────┤\n"
     "│ Средний балл      │       │\n"
     "└───────────────────┴───────┘",
     ["№\tПараметр оценки\tБалл", "1\tКачество\t", "Средний балл\t"]),
    ("┌────┬──────────────┬───────┐\n"
     "│ Р/с│ Бағалау      │ Балл  │\n"
     "│ №  │ параметрі    │       │\n"
     "├────┼──────────────┼───────┤\n"
     "│ 1  │ Сапасы       │       │\n"
     "└────┴──────────────┴───────┘",
     ["Р/с №\tБағалау параметрі\tБалл", "1\tСапасы\t"]),
    # a row whose words were re-spelt to other lengths (a Latin-script render: "ю" -> "iu")
    # or typed over the columns: its bars stand off the border's junctions
    ("┌────┬──────────────┬───────┐\n"
     "│ Р/с│ Sapasy joiu   │ Ball  │\n"
     "│ №  │ parametrı     │       │\n"
     "├────┼──────────────┼───────┤\n"
     "│ 1  │ Iuridikalyq   │ 5 │\n"
     "└────┴──────────────┴───────┘",
     ["Р/с №\tSapasy joiu parametrı\tBall", "1\tIuridikalyq\t5"]),
    ("┌────┬──────────────┬───────┐\n"
     "│ №  │ Параметр оценки │ Балл │\n"
     "├────┼──────────────┼───────┤\n"
     "│ 1  │ Юридическая │ 4 │\n"
     "└────┴──────────────┴───────┘",
     ["№\tПараметр оценки\tБалл", "1\tЮридическая\t4"]),
], ids=["ru", "kk", "kk-latin-bars-moved", "ru-bars-moved"])
def test_box_drawn_table_becomes_tab_rows(table, rows):
    """A grid drawn in box-drawing characters (round 12): one row a line, a cell's wrapped
    lines joined by a space, a cell spanning columns (no bar) one cell; every character of a
    cell keeps its own source offset, the borders reported."""
    r = run(n.box_tables, "Лист\n" + table + "\nКонец")
    assert r.text.text.split("\n")[1:-1] == rows
    assert r.removed and r.removed[0].reason == "box-drawing table borders"
    for k, ch in enumerate(r.text.text):
        if ch not in "\t\n ":
            assert ("Лист\n" + table + "\nКонец")[r.text.offsets[k]] == ch


@pytest.mark.parametrize("items", [
    ["1.\tОсы әдістеме «Б» корпусы қызметшілерінің қызметін бағалау тәртібін айқындайды.",
     "2)\tбағалау тоқсан сайын жүргізіледі;", "а)\tжұмыс күні ішінде;", "2.1.\tБағалау жылына бір рет."],
    ["1.\tНастоящая Методика определяет порядок оценки служащих корпуса «Б».",
     "2)\tоценка проводится ежеквартально;", "б)\tв течение рабочего дня;", "•\tс учетом нарушений."],
], ids=["kk", "ru"])
def test_list_items_written_with_a_tab_are_paragraphs(items):
    """A plain text's list marks parted from their words by a TAB (a word processor's save as
    text) read as numbered paragraphs; the TAB stands where the space does, at its own source
    offset."""
    raw = "\n".join(items) + "\n"
    out = n.normalize(RawText(path="a.txt", format="text", text=raw))
    assert out.text.text.strip("\n").split("\n") == [i.replace("\t", " ") for i in items]
    tab = raw.index("\t")
    assert out.text.offsets[out.text.text.index(" ")] == tab


@pytest.mark.parametrize("table", [
    ["№\tҚұзырет атауы", "1.\tАдалдық", "2.\tБастамашылдық"],
    ["1.\tКачество работы\t5", "2.\tИнициативность\t4"],
], ids=["kk-headed", "ru-three-cells"])
def test_a_table_of_numbered_rows_stays_a_table(table):
    """Rows with a header or more than two cells beside the numbered ones are a table's."""
    raw = "Кесте / Таблица:\n" + "\n".join(table) + "\n"
    out = n.normalize(RawText(path="a.txt", format="text", text=raw))
    assert [line for line in out.text.text.split("\n") if "\t" in line] == table


def test_list_tabs_are_a_plain_texts_own():
    """A document reader's TAB parts cells: a two-cell row of a DOCX stays a row."""
    raw = "1.\tАдалдық\n2.\tБастамашылдық\n"
    out = n.normalize(RawText(path="a.docx", format="docx", text=raw))
    assert [line for line in out.text.text.split("\n") if line] == raw.split("\n")[:2]


@pytest.mark.parametrize("clause", [
    "15. Итоговый балл по КЦИ исчисляется следующим образом.",
    "15. КЦИ бойынша қорытынды балл мынадай тәртіппен есептеледі.",
], ids=["ru", "kk"])
def test_a_numbered_clause_under_a_table_is_no_wrapped_cell(clause):
    """A line under a text's table row wraps into its last cell, unless it opens a numbered
    clause: then the table has ended."""
    raw = ("14. Балл выставляется по шкале / шкала бойынша қойылады:\n"
           "Процент\tБалл\n100 % и выше\t5\nниже 50 %\tодин балл,\nесли иное не указано\n"
           f"{clause}\n")
    out = n.normalize(RawText(path="a.txt", format="text", text=raw)).text.text
    lines = [line for line in out.split("\n") if line]
    assert lines[-2:] == ["ниже 50 %\tодин балл,\u2028если иное не указано", clause]


@pytest.mark.parametrize("raw, blocks", [
    ("МЕТОДИКА\n========\n\nГлава 1. Общие положения\n------------------------\n\n"
     "1. Настоящая Методика определяет порядок оценки.\n\n---\n\n2. Оценка проводится.\n",
     ["МЕТОДИКА", "Глава 1. Общие положения", "1. Настоящая Методика определяет порядок оценки.",
      "2. Оценка проводится."]),
    ("ӘДІСТЕМЕ\n========\n1-тарау. Жалпы ережелер\n---\n1. Осы әдістеме бағалау тәртібін "
     "айқындайды.\n", ["ӘДІСТЕМЕ", "1-тарау. Жалпы ережелер",
                       "1. Осы әдістеме бағалау тәртібін айқындайды."]),
], ids=["ru", "kk"])
def test_markdown_setext_underlines_and_rules_are_dropped(raw, blocks):
    """A Markdown heading underlined ("====", "----") is a block of its own, the underline
    and a thematic break reported, not read as text."""
    out = n.normalize(RawText(path="x.md", format="markdown", text=raw))
    assert [b for b in out.text.text.split("\n") if b] == blocks
    assert any(r.reason == "markdown heading underline or rule" for r in out.removed)


@pytest.mark.parametrize("raw, kept", [
    ("5. Осы қаулы ресми жарияланған күнінен бастап қолданысқа енгізіледі.\n° ‚ |\n"
     "Аудан әкімі Д. Сәрсенбаев\n.· ; )\n№\n____________\n",
     ["5. Осы қаулы ресми жарияланған күнінен бастап қолданысқа енгізіледі.",
      "Аудан әкімі Д. Сәрсенбаев", "№ ____________"]),
    ("5. Настоящее постановление вводится в действие.\n' , |\nАким района Д. Сарсенбаев\n"
     "— . ;\n", ["5. Настоящее постановление вводится в действие.", "Аким района Д. Сарсенбаев"]),
], ids=["kk", "ru"])
def test_a_pdf_line_of_specks_is_dropped_and_reported(raw, kept):
    """An OCR layer's reading of a stamp or a signature ("° ‚ |"): a PDF line with no letter,
    digit, blank to fill in or number sign is no text; it is reported."""
    out = n.normalize(RawText(path="x.pdf", format="pdf", text=raw))
    assert [line for line in out.text.text.split("\n") if line.strip()] == kept
    assert any(r.reason == "specks: no letter or digit" for r in out.removed)
    text = n.normalize(RawText(path="x.txt", format="text", text=raw))  # a PDF's own
    assert not any(r.reason == "specks: no letter or digit" for r in text.removed)


# --- round 20: a text typed in Notepad, a text pdftotext printed ------------------------------

NOTEPAD = {
    "kk": ["Аудан әкімдігінің қаулысы",
           "\t1. Қоса беріліп отырған Әдістеме бекітілсін.",
           "\t2. Осы қаулының орындалуын бақылау әкім аппаратының басшысына жүктелсін.",
           "\t3. Осы қаулы алғашқы ресми жарияланған күнінен кейін қолданысқа енгізіледі:",
           "\t1) бірінші;",
           "Балл\tНәтиже",
           "5\tМіндет толық орындалды",
           "\tмерзімінен бұрын",
           "4\tМіндет орындалды",
           "\t4. Бағалау тоқсан сайын жүргізіледі.",
           "\t\t\t\t\t\tАудан әкімдігінің",
           "\t\t\t\t\t\t2022 жылғы 30 мамырдағы",
           "\t\t\t\t\t\t№ 214 қаулысымен бекітілген"],
    "ru": ["Постановление акимата района",
           "\t1. Утвердить прилагаемую Методику.",
           "\t2. Контроль за исполнением настоящего постановления возложить на руководителя.",
           "\t3. Настоящее постановление вводится в действие:",
           "\t1) первое;",
           "Балл\tРезультат",
           "5\tЗадача выполнена в полном объеме",
           "\tдосрочно",
           "4\tЗадача выполнена",
           "\t4. Оценка проводится ежеквартально.",
           "\t\t\t\t\t\tУтверждена постановлением",
           "\t\t\t\t\t\tакимата района от 30 мая 2022 года",
           "\t\t\t\t\t\t№ 214"],
}


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_a_notepad_text_indents_its_clauses_by_tabs(lang):
    """Clauses and sub-points indented by a TAB (Notepad) are paragraphs, not table rows with
    an empty first cell; a cell continued on a row of its own between two rows stays the
    table's; a stamp pushed right by TABs over short lines is one block; every TAB of an
    indent maps back to its own source character (round 20)."""
    lines = NOTEPAD[lang]
    raw = "\r\n".join(lines) + "\r\n"
    out = n.normalize(RawText(path="a.txt", format="text", text=raw)).text
    blocks = out.text.strip("\n").split("\n")
    assert blocks[1:5] == [x.lstrip("\t") for x in lines[1:5]]
    assert blocks[5:9] == lines[5:9]  # the table: its continued cell a row of its own
    assert blocks[9] == lines[9].lstrip("\t")
    assert blocks[10] == " ".join(x.strip("\t") for x in lines[10:])
    for ch, off in zip(out.text, out.offsets):
        assert ch in "\n \u2028" or raw[off] == ch


@pytest.mark.parametrize("text", [
    "\t1. Бір.\n\t2. Екі.\n3. Үш.\n4. Төрт.\n5. Бес.\n",  # most numbered lines flush left
    "Нысан\n\tҚосымша\n№\tАтауы\n",  # a DOCX converter's cell markers, no clause indented
])
def test_tab_indents_need_the_texts_evidence(text):
    """A TAB before a line is an indent only in a text that indents most of its numbered
    paragraphs so, two at least."""
    assert n.tab_indents(MappedText.identity(text)).text.text == text


@pytest.mark.parametrize("rows", [
    [["№", "Міндет", "Балл"], ["1", "Бірінші міндет", "5"], ["", "Орташа балл", "4,5"]],
    [["№", "Задача", "Балл"], ["1", "Первая задача", "5"], ["", "Средний балл", "4,5"]],
], ids=["kk", "ru"])
def test_a_table_drawn_by_hand_in_a_text(rows):
    """A table drawn with bars and lines of dashes (its bars not lined up) reads as rows; the
    dash lines are dropped and reported, the paragraph after the table stays one."""
    drawn = ["| " + " | ".join(r) + " |" for r in rows]
    rule = "-" * 40
    raw = "\n".join(["Кесте / Таблица:", rule, drawn[0], rule, *drawn[1:], rule, "",
                     "Ескертпе / Примечание.", ""])
    out = n.normalize(RawText(path="a.txt", format="text", text=raw))
    assert [line.split("\t") for line in out.text.text.split("\n") if "\t" in line] == rows
    assert out.text.text.rstrip("\n").endswith("\nЕскертпе / Примечание.")
    assert sum(r.reason == "table rule drawn by hand" for r in out.removed) == 3


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_a_form_feed_opens_a_page_of_text(lang):
    """pdftotext's form feed before a page's first line goes like white space: the line keeps
    its indent (a stamp on the right stays a block of its own, not the signature's words),
    the centred page numbers go, a paragraph runs on across the page break."""
    words = {"kk": ("Бағалау тоқсан сайын", "жүргізіледі.", "Әкім", "Әдістемеге 1-қосымша"),
             "ru": ("Оценка проводится", "ежеквартально.", "Аким", "Приложение 1 к Методике")}[lang]
    page = ["     1. Бірінші / Первый.", "     2. " + words[0]]
    raw = "\n".join([*page, "", " " * 40 + "1", "", "\f" + words[1], "     3. Үш / Три.",
                     words[2] + " " * 30 + "А. Б.", "", " " * 40 + "2", "",
                     "\f" + " " * 45 + words[3], "     4. Төрт / Четыре.", ""])
    out = n.normalize(RawText(path="a.txt", format="text", text=raw)).text.text
    assert "\f" not in out
    blocks = out.split("\n")
    assert "2. " + words[0] + " " + words[1] in blocks
    assert words[3] in blocks


WIKI = {
    "ru": ("---\ntitle: \"Методика оценки\"\ntags: [оценка, персонал]\nupdated: 2022-06-14\n---\n\n"
           "# Методика оценки\n\n5. Оценка проводится в сроки, указанные в "
           "[пункте 7](#пункт-7 \"Пункт 7\").\n\n> Примечание редакции: пункт 5 изложен в "
           "редакции приказа от 1 марта 2022 года.\n\n"
           "| № | Показатель | Балл |\n|---|---|---|\n| 1 | Качество<br>исполнения | 4 \\| 5 |\n\n"
           "| Оценка | Значение |\n|---|---|\n| 5 | «эффективно» |\n"),
    "kk": ("---\ntitle: \"Бағалау әдістемесі\"\ntags: [бағалау, персонал]\nupdated: 2022-06-14\n---\n\n"
           "# Бағалау әдістемесі\n\n5. Бағалау осы Әдістеменің [7-тармағында](#7-тармақ) "
           "көрсетілген мерзімде жүргізіледі.\n\n> Редакцияның ескертпесі: 5-тармақ 2022 жылғы "
           "1 наурыздағы бұйрықтың редакциясында жазылған.\n\n"
           "| № | Көрсеткіш | Балл |\n|---|---|---|\n| 1 | Орындау<br>сапасы | 4 \\| 5 |\n\n"
           "| Баға | Мәні |\n|---|---|\n| 5 | «тиімді» |\n"),
}


@pytest.mark.parametrize("lang", ["ru", "kk"])
def test_a_wiki_markdown_export_reads_as_its_text(lang):
    """A team wiki's Markdown: the YAML front matter is the page's, not the act's, and goes;
    a link keeps its text, a blockquote's ">" goes, a <br> in a cell breaks the cell's line,
    an escaped bar is the cell's text; two pipe tables parted by a blank line stay two (the
    rule under each header opens a table). Everything that goes is reported."""
    source = WIKI[lang]
    norm = n.normalize(RawText(path="a.md", format="markdown", text=source))
    text = norm.text.text
    assert "title:" not in text and "](" not in text and "> " not in text and "<br>" not in text
    link = "пункте 7" if lang == "ru" else "7-тармағында"
    assert f"{link} " in text or f"{link}." in text
    rows = [line.split("\t") for line in text.split("\n") if "\t" in line]
    assert rows[1][1] == ("Качество" if lang == "ru" else "Орындау") + CELL_BREAK \
        + ("исполнения" if lang == "ru" else "сапасы") and rows[1][2] == "4 | 5"
    parts = text.split("\n\n")  # the empty line that parts two tables
    assert [sum("\t" in line for line in part.split("\n")) for part in parts] == [2, 2]
    reasons = {r.reason for r in norm.removed}
    assert {"markdown front matter", "markdown link", "markdown blockquote", "html line break",
            "markdown table rule"} <= reasons
    for ch, off in zip(text, norm.text.offsets):  # every kept letter is the source's own
        assert not ch.isalpha() or source[off] == ch


@pytest.mark.parametrize("heading, line", [
    ("Протокол калибровочной сессии", "г. Рудный «___» ________ 20__ года"),
    ("Калибрлеу сессиясының хаттамасы", "қ. Рудный «___» ________ 20__ жыл"),
])
def test_a_markdown_heading_is_a_block_of_its_own(heading, line):
    """A Markdown heading ("## …") is a block of its own though the line after the blank
    one opens in lower case (where a text's layout reads such a line on as its paragraph's);
    a paragraph's lines run on."""
    points = "".join(f"   1) подпункт {k};\n\n" for k in range(3))  # indented: a text's
    # layout of paragraphs marked by indents
    source = f"Приложение 3\n\nФорма\n\n## {heading}\n\n{line}\n\nСостав: ____ ____\nчленов\n\n" \
        f"1. Пункт:\n\n{points}"
    text = n.normalize(RawText(path="a.md", format="markdown", text=source)).text.text
    assert text.split("\n")[2:5] == [heading, line, "Состав: ____ ____ членов"]


@pytest.mark.parametrize("last, stamp", [
    ("72. Служащий вправе обжаловать результаты оценки в суде.",
     ["административных государственных служащих  ", "корпуса «Б»  ", "Приложение 1"]),
    ("72. Қызметші бағалау нәтижелеріне сот тәртібінде шағымдануға құқылы.",
     ["мемлекеттік әкімшілік қызметшілерінің  ", "қызметін бағалау әдістемесіне  ", "1-қосымша"]),
], ids=["ru", "kk"])
def test_a_markdown_blank_line_ends_the_paragraph(last, stamp):
    """In Markdown a blank line ends a paragraph, whatever opens the line after it: an
    appendix's stamp whose first line is in lower case (its opening words cut) is no
    continuation of the clause above, though the list's indented sub-points make the text look
    like one whose paragraphs are marked by indents (where such a line would run on): a list
    item's indent nests it, it marks no paragraph."""
    points = "".join(f"   {k}) подпункт {k};\n\n" for k in range(1, 4))
    source = f"71. Пункт:\n\n{points}{last}\n\n" + "\n".join(stamp) + "\n\nНысан\n"
    text = n.normalize(RawText(path="a.md", format="markdown", text=source)).text.text
    lines = text.split("\n")
    assert last in lines  # the clause's own block, the stamp's words not run into it
    assert lines[lines.index(last) + 1].startswith(stamp[0].strip()) and lines[-1] == "Нысан"


# --- a text copied off a web page on a phone ---------------------------------------------------

COPIED = {
    "kk": ("Басты бет > Құжаттар > Нормативтік құқықтық актілер\nБөлісу\nБасып шығару\n\n",
           "Қала әкімдігінің қаулысы", "\nСайт cookie файлдарын пайдаланады.\n"),
    "ru": ("Главная › Документы › Нормативные правовые акты\nПоделиться\nРаспечатать\n\n",
           "Постановление акимата города", "\nСайт использует файлы cookie.\n"),
}


@pytest.mark.parametrize("lang", sorted(COPIED))
def test_a_copied_pages_trail_buttons_and_notices_are_dropped_and_reported(lang):
    top, text, bottom = COPIED[lang]
    raw = top + text + "\n" + bottom
    result = run(n.page_chrome, raw)
    assert result.text.text.strip() == text
    assert [raw[r.start:r.end].strip().split("\n")[0] for r in result.removed] == [
        top.split("\n")[0], bottom.strip()]
    assert all(r.reason == n.PAGE_CHROME for r in result.removed)


@pytest.mark.parametrize("text", ["Бөлісу тәртібі келесідей:\n1. Бірінші.",
                                  "Печать ставится на оценочном листе.\n1. Первый.",
                                  "Егер балл > 4 болса\n1. Бірінші.",
                                  "Бағалау > Нәтиже\n1. Бірінші."])
def test_words_of_a_page_inside_an_act_stay(text):
    assert run(n.page_chrome, text).text.text == text


LONG = {"kk": "Бағаланатын кезеңде қызметшінің лауазымдық міндеттерін орындау сапасы, "
              "еңбек тәртібін сақтауы және тапсырмаларды уақтылы орындауы ескеріледі, бұл "
              "туралы бағалау парағында тиісті белгі жасалады {n}.",
        "ru": "В оцениваемом периоде учитываются качество исполнения служащим должностных "
              "обязанностей, соблюдение трудовой дисциплины и своевременность исполнения "
              "поручений, о чем в оценочном листе делается отметка {n}."}


@pytest.mark.parametrize("lang", sorted(LONG))
def test_a_text_of_unwrapped_lines_with_a_blank_line_here_and_there_keeps_its_lines(lang):
    """No typesetter wraps a line 160 characters long: the long lines that go straight on
    with another line are paragraphs each, whatever the few blank lines mean."""
    lines = [LONG[lang].format(n=k) if k % 3 else "" for k in range(1, 12)]
    lines[1] = lines[1][:60]  # a short line between two long ones goes on its own too
    out, _ = segment(MappedText.identity("\n".join(lines) + "\n"), typed=True)
    assert out.text.strip().split("\n") == [line for line in lines if line]


def test_a_stamp_broken_by_hand_keeps_the_text_read_by_its_blank_lines():
    lines = ["Утверждена", "постановлением акимата", "города Шымкент", "",
             "Методика оценки деятельности административных государственных служащих корпуса "
             "«Б» государственного учреждения «Аппарат акима города Шымкент» и исполнительных "
             "органов, финансируемых из местного бюджета",
             "1. Настоящая Методика определяет порядок оценки деятельности служащих корпуса "
             "«Б» аппарата акима города и исполнительных органов, финансируемых из местного "
             "бюджета города Шымкент."]
    out, _ = segment(MappedText.identity("\n".join(lines) + "\n"), typed=True)
    assert out.text.strip().split("\n")[0] == "Утверждена постановлением акимата города Шымкент"


CELL_LINES = {
    "kk": ("Бағалау парағы\n№\nПараметр\nБалл\n\n1\nЖауапкершілік\n\n2\nБастамашылық\n\n"
           "3\nЫнтымақтастық\n\nБағалаушы: ______\n",
           ["№\tПараметр\tБалл", "1\tЖауапкершілік\t", "2\tБастамашылық\t", "3\tЫнтымақтастық\t"]),
    "ru": ("Оценочный лист\n\n1. Инициативность\nУчитывается: предложения по работе\n\n"
           "2. Дисциплина\nУчитывается: отсутствие опозданий\n\n3. Качество\nУчитывается: "
           "отсутствие замечаний\n\nОценивающее лицо: ______\n",
           ["1. Инициативность\tУчитывается: предложения по работе",
            "2. Дисциплина\tУчитывается: отсутствие опозданий",
            "3. Качество\tУчитывается: отсутствие замечаний"]),
}


@pytest.mark.parametrize("lang", sorted(CELL_LINES))
def test_a_table_copied_a_cell_a_line_becomes_tab_rows(lang):
    """Rows a blank line parts, of one count of lines, numbered from 1 on: the rows of a table
    copied off a web page a cell a line; the "№" column's head and the heads after it, which
    close the group over them, are its header; a row's cells left out are empty."""
    text, rows = CELL_LINES[lang]
    out = run(n.cell_lines, text).text.text
    assert [line for line in out.split("\n") if "\t" in line] == rows


# (round 42) a sheet's rows whose number stands alone, as the "№" column's, and whose
# description cells open in lower case, as a criterion does
CELL_LINES_LOWER = {
    "kk": ("№\nПараметр\nСипаттамасы\nБалл\n\n1\nОрындау сапасы\nміндеттерін толық орындайды\n___\n\n"
           "2\nМерзімдерді сақтау\nтапсырмаларды мерзімінде орындайды\n___\n\n"
           "3\nБастамашылдық\nұсыныстар енгізеді\n___\n",
           ["№\tПараметр\tСипаттамасы\tБалл",
            "1\tОрындау сапасы\tміндеттерін толық орындайды\t___",
            "2\tМерзімдерді сақтау\tтапсырмаларды мерзімінде орындайды\t___",
            "3\tБастамашылдық\tұсыныстар енгізеді\t___"]),
    "ru": ("№\nПараметр\nОписание\nБалл\n\n1\nКачество работы\nобязанности выполняет полностью\n___\n\n"
           "2\nСоблюдение сроков\nпоручения исполняет в срок\n___\n\n"
           "3\nИнициативность\nвносит предложения\n___\n",
           ["№\tПараметр\tОписание\tБалл",
            "1\tКачество работы\tобязанности выполняет полностью\t___",
            "2\tСоблюдение сроков\tпоручения исполняет в срок\t___",
            "3\tИнициативность\tвносит предложения\t___"]),
}


@pytest.mark.parametrize("lang", sorted(CELL_LINES_LOWER))
def test_a_row_whose_number_stands_alone_may_hold_cells_in_lower_case(lang):
    """A row copied a cell a line whose number stands alone (the "№" column's) is a row though
    a cell of it opens in lower case (a criterion: "обязанности выполняет полностью"); a
    wrapped paragraph's lines, each "1. …" numbered in its text, stay prose (below)."""
    text, rows = CELL_LINES_LOWER[lang]
    out = run(n.cell_lines, text).text.text
    assert [line for line in out.split("\n") if "\t" in line] == rows


@pytest.mark.parametrize("text, lines", [
    ("27. Қызметші өтініш береді.\u202828. Комиссия он жұмыс күні ішінде қарайды.\n",
     ["27. Қызметші өтініш береді.", "28. Комиссия он жұмыс күні ішінде қарайды."]),
    ("27. Служащий подает заявление.\u202828. Комиссия рассматривает его в течение десяти "
     "рабочих дней.\n", ["27. Служащий подает заявление.",
                          "28. Комиссия рассматривает его в течение десяти рабочих дней."]),
    ("1\tОтветственность\tвыполняет поручения\u2028соблюдает сроки\t5\n",
     ["1\tОтветственность\tвыполняет поручения\u2028соблюдает сроки\t5"]),
])
def test_a_plain_texts_line_separator_ends_its_line(text, lines):
    """A LINE SEPARATOR in a plain text (a page copied off a phone's browser) ends its line, so
    the clause after it opens a line of its own; in a table's row it stays a cell's line
    break, as the readers of pages write one."""
    out = run(n.line_separators, text).text.text
    assert out.rstrip("\n").split("\n") == lines


@pytest.mark.parametrize("text", [
    "1. Бағалау мыналарды қамтиды:\nжұмыс сапасын;\n\n2. Бағалау парағы:\nтолтырылады;\n\n"
    "3. Нәтижелер:\nжарияланады.\n",
    "1. Первый пункт.\n1) подпункт первый;\n\n2. Второй.\n1) подпункт;\n\n3. Третий.\n1) подпункт.\n",
    "1. Оценка включает:\nкачество работы;\n\n2. Оценочный лист:\nзаполняется;\n\n"
    "3. Результаты:\nобъявляются.\n",
    # sub-points wrapped by a converter, each closed by a blank line: "1) …" opens no row
    '1) "Эффективно" – от 4,25 до\n5 баллов;\n\n2) "Надлежаще" – от 3,5 до\n4,24 балла;\n\n'
    '3) "Удовлетворительно" – от 2,5 до\n3,49 балла;\n',
    '1) "Тиімді" – 4,25-тен\n5 балға дейін;\n\n2) "Тиісті" – 3,5-тен\n4,24 балға дейін;\n\n'
    '3) "Қанағаттанарлық" – 2,5-тен\n3,49 балға дейін;\n'])
def test_prose_parted_by_blank_lines_is_no_table(text):
    assert "\t" not in run(n.cell_lines, text).text.text
