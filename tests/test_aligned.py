"""Tables a text export set in columns of spaces (parser/aligned.py), in both languages: a
column only the header opens, left blank to be filled in, under whose head a long cell of the
column before spills; a word the typesetter hyphenated inside a cell, and a writer's hyphen."""

import pytest

from parser import aligned
from parser.textmap import MappedText

QUESTIONNAIRE = {
    "kk": """\
Р/с №  Құзырет                     Респондентке сұрақ                          Балл (1–5)
1      Жауапкершілік               Қызметші тапсырмаларды мерзімінде орындай ма?
2      Ынтымақтастық               Қызметші ақпаратпен бөлісуге және әріптестеріне көмектесуге дайын ба?
3      Салық төлеушіге бағдар-     Қызметші салық төлеушілермен сыпайы ма?
       лану
4      Іс-                         Қызметші іс-шараларды өткізе ме?
       шаралар
""",
    "ru": """\
№   Компетенция                 Вопрос респонденту                              Балл (1–5)
1   Ответственность             Выполняет ли служащий поручения в срок?
2   Сотрудничество              Готов ли служащий делиться информацией и помогать коллегам всегда?
3   Ориентация на налогопла-    Вежлив ли служащий с налогоплательщиками?
    тельщика
4   Интернет-                   Пользуется ли служащий интернет-ресурсом органа?
    ресурс
""",
}
# the rest of such a document: the words it shows whole (the evidence of a typesetter's hyphen:
# the joined word), and a typesetter who hyphenates (two more such breaks); the writer's hyphen
# is told by the questions' "іс-шараларды", "интернет-ресурсом"
REST = {"kk": "Салық төлеушіге бағдарлану маңызды. Қызметшілер бағала-\nнады, бағаланады. "
              "Нәтиже-\nлері, нәтижелері.\n",
        "ru": "Ориентация на налогоплательщика важна. Служащие оцени-\nваются, оцениваются. "
              "Результа-\nты, результаты.\n"}
EXPECTED = {
    "kk": [["Р/с №", "Құзырет", "Респондентке сұрақ", "Балл (1–5)"],
           ["1", "Жауапкершілік", "Қызметші тапсырмаларды мерзімінде орындай ма?", ""],
           ["2", "Ынтымақтастық", "Қызметші ақпаратпен бөлісуге және әріптестеріне "
            "көмектесуге дайын ба?", ""],
           ["3", "Салық төлеушіге бағдарлану", "Қызметші салық төлеушілермен сыпайы ма?", ""],
           ["4", "Іс-шаралар", "Қызметші іс-шараларды өткізе ме?", ""]],
    "ru": [["№", "Компетенция", "Вопрос респонденту", "Балл (1–5)"],
           ["1", "Ответственность", "Выполняет ли служащий поручения в срок?", ""],
           ["2", "Сотрудничество", "Готов ли служащий делиться информацией и помогать "
            "коллегам всегда?", ""],
           ["3", "Ориентация на налогоплательщика", "Вежлив ли служащий с налогоплательщиками?",
            ""],
           ["4", "Интернет-ресурс", "Пользуется ли служащий интернет-ресурсом органа?", ""]],
}


def rows(text: str) -> list[list[str]]:
    return [line.split("\t") for line in text.split("\n") if "\t" in line]


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_blank_score_column_and_hyphens(lang):
    source = REST[lang] + "\n" + QUESTIONNAIRE[lang]
    converted, removed = aligned.convert(MappedText.identity(source))
    assert rows(converted.text) == EXPECTED[lang]
    # the typesetter's hyphen is accounted for, as dropped on purpose; the writer's stays
    assert [source[r.start:r.end] for r in removed] == ["-"]
    assert removed[0].reason == "hyphen of a word broken across lines"


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_a_column_rows_open_is_not_blank(lang):
    """A column a row opens too is a data column: a row's text running across its start
    leaves the header out of the table (as any such run), no cell cut in two."""
    header, *body = QUESTIONNAIRE[lang].splitlines()
    at = header.index("Балл")
    row = min((k for k, line in enumerate(body) if line[:1].isdigit()), key=lambda k: len(body[k]))
    body[row] = body[row].ljust(at) + "5"  # the shortest row fills the score column
    converted, _ = aligned.convert(MappedText.identity("\n".join([header, *body]) + "\n"))
    assert EXPECTED[lang][0] not in rows(converted.text)
    assert EXPECTED[lang][2][:3] in [r[:3] for r in rows(converted.text)]


# a scale a text export sets with a blank line between its rows, its header centred over the
# values (columns of its own), and a signature set with spaces under it
SPACED = {
    "kk": """\
Тоқсандық балл                   Бес балдық           Бағасы
(дөңгелектенген)                 жүйедегі баға

120 және одан жоғары                   5              «өте жақсы»

100-ден 119-ға дейін                   4              «тиімді»

80-нен 99-ға дейін                     3              «қанағаттанарлық»

79 және одан төмен                     2              «қанағаттанарлықсыз»

Басшы ________________ (қолы)          Күні ___________
""",
    "ru": """\
Квартальный балл                 Оценка по            Оценка
(округленный)                    пятибалльной шкале

120 и выше                             5              «превосходно»

от 100 до 119                          4              «эффективно»

от 80 до 99                            3              «удовлетворительно»

79 и ниже                              2              «неудовлетворительно»

Руководитель ________________ (подпись)   Дата ___________
""",
}
SPACED_ROWS = {
    "kk": [["Тоқсандық балл\u2028(дөңгелектенген)", "Бес балдық\u2028жүйедегі баға", "Бағасы"],
           ["120 және одан жоғары", "5", "«өте жақсы»"],
           ["100-ден 119-ға дейін", "4", "«тиімді»"],
           ["80-нен 99-ға дейін", "3", "«қанағаттанарлық»"],
           ["79 және одан төмен", "2", "«қанағаттанарлықсыз»"]],
    "ru": [["Квартальный балл\u2028(округленный)", "Оценка по\u2028пятибалльной шкале", "Оценка"],
           ["120 и выше", "5", "«превосходно»"],
           ["от 100 до 119", "4", "«эффективно»"],
           ["от 80 до 99", "3", "«удовлетворительно»"],
           ["79 и ниже", "2", "«неудовлетворительно»"]],
}


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_rows_a_blank_line_parts_are_one_table(lang):
    """A table set with a blank line between its rows (`pdftotext -layout`) is one table: each
    run of lines a row, the header's pieces in the column starting nearest them; the
    signature under it stays text, even where its date opens at a column of the table."""
    converted, _ = aligned.convert(MappedText.identity(SPACED[lang]))
    assert rows(converted.text) == SPACED_ROWS[lang]
    assert "________________" in converted.text.split("\n")[-2]



RAGGED = {"kk": ("қызметші", "баға", "2. Тәртіп"), "ru": ("служащий", "балл", "2. Дисциплина")}


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_a_ragged_texts_common_line_end_is_no_justified_margin(lang):
    """A text wrapped ragged (an OCR engine's: its word spaces single) ends many lines at one
    column, which is no justified margin: a table's wrapped cell ending there, its words
    single-spaced too, goes on in the table."""
    word, score, second = RAGGED[lang]
    cell = " ".join([score] * 6)
    body = " ".join([word] * ((30 + len(cell) + 1) // (len(word) + 1)))
    body = body[:30 + len(cell)].rsplit(" ", 1)[0]
    body = body + " " + word[:30 + len(cell) - len(body) - 1]  # ends where the cells do
    table = ["1. Параметр".ljust(30) + cell, " " * 30 + cell, second.ljust(30) + cell]
    source = "\n".join([body] * 6 + [""] + table) + "\n"
    assert aligned.margin(source.split("\n")) is None
    converted, _ = aligned.convert(MappedText.identity(source))
    assert [r[0] for r in rows(converted.text)] == ["1. Параметр", second]
    assert aligned.margin(["2.  Признать  утратившим  силу  приказ"] * 5) == 38
