"""The text reader on rules phrased as other regions phrase them, and its grammars."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from lark import Lark, logger

from parser.compile import parse_raw
from parser.facts import extract, tables, text
from parser.facts.lexer import terminals
from parser.facts.nlp import tokens
from parser.data import load_yaml
from parser.facts.model import FactSet
from parser.facts.score import match
from parser.rules.build import build
from parser.rules.cases import deadline
from parser.rules.interpret import evaluate
from parser.model import RawText
from parser.ingest.docx import read_docx
from parser.ingest.html import read_html

HERE = Path(__file__).resolve().parent
PHRASINGS = load_yaml((HERE / "facts" / "phrasings.yaml").read_text(encoding="utf-8"))
TITLED = {
    "ru": 'Методика оценки деятельности административных государственных служащих корпуса "Б"'
          "\n\nГлава 1. {chapter}\n\n1. ",
    "kk": '"Б" корпусы мемлекеттік әкімшілік қызметшілерінің қызметін бағалау әдістемесі'
          "\n\n1-тарау. {chapter}\n\n1. ",
}
CHAPTER = {"ru": "Общие положения", "kk": "Жалпы ережелер"}
TITLE = {lang: TITLED[lang].format(chapter=CHAPTER[lang]) for lang in TITLED}


def document(lang: str, sentence: str, chapter: str | None = None):
    """A one-clause methodology holding `sentence` (its sub-points on lines of their own) in
    a chapter titled `chapter` (by default the general provisions)."""
    lines = [" ".join(line.split()) for line in sentence.strip().splitlines()]
    title = TITLED[lang].format(chapter=chapter or CHAPTER[lang])
    raw = RawText(path=f"phrasing.{lang}.txt", format="text",
                  text=title + "\n".join(lines) + "\n")
    return parse_raw(raw, "phrasing")


def read(lang: str, sentence: str, chapter: str | None = None):
    """The text reader's output on a one-clause methodology holding `sentence`."""
    return text.facts(document(lang, sentence, chapter))


@pytest.mark.parametrize("case", PHRASINGS, ids=[f"{c['lang']}{i}" for i, c in enumerate(PHRASINGS)])
def test_phrasing(case):
    found, notes = read(case["lang"], case["text"], case.get("chapter"))
    assert [f.problem for f in found if f.problem] == []  # fields fit their kind's model
    if case.get("unextracted"):
        assert found == [] and [n.code for n in notes] == ["UNEXTRACTED"]
        return
    gold = [{"address": "app1/ch1/p1", "quote": "", **f} for f in case["facts"]]
    result = match(found, gold)
    assert result["total"]["fp"] == result["total"]["fn"] == 0, (result["missed"],
                                                                 result["extra"])
    assert all(f.quote and f.quote in " ".join(case["text"].split()) for f in found)
    if "conditions" in case:  # what each formula's lead-in says it is for, in order
        assert [f.fields.get("condition") for f in found if f.kind == "formula"] == \
            case["conditions"]
    for asked in case.get("deadlines", []):  # the rules built from the facts, evaluated
        ruleset = build("phrasing", case["lang"], FactSet(facts=tuple(found)))
        got = deadline(ruleset, asked["event"], asked["from"], clauses=["app1/ch1/p1"])
        assert got.date == asked["expect"], (asked, got.steps)
    for asked in case.get("evaluations", []):  # the rule plan built from the facts, run
        result = evaluate(build("phrasing", case["lang"], FactSet(facts=tuple(found))),
                          asked["given"])
        assert result.error is None, result.error.message
        assert {k: result.outputs.get(k) for k in asked["expect"]} == asked["expect"]


CAPS = load_yaml((HERE / "facts" / "caps.yaml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", CAPS, ids=[f"{c['lang']}{i}" for i, c in enumerate(CAPS)])
def test_a_sanctions_cap_is_on_a_graded_scale(case):
    """The caps the whole extraction gives: on the score named, where a band grades it."""
    found = extract(document(case["lang"], case["text"])).facts
    assert [{k: f.fields[k] for k in ("scale", "condition", "max")} for f in found
            if f.kind == "score_cap"] == case["caps"]


BAND_TABLES = load_yaml((HERE / "facts" / "band_tables.yaml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", BAND_TABLES,
                         ids=[f"{c['lang']}{i}" for i, c in enumerate(BAND_TABLES)])
def test_band_table(case):
    """A table of ranges and grades under a lead-in: one band per row, open ends included; a
    table of caps per sanction under a lead-in stating the comparison: one cap per row."""
    body = TITLE[case["lang"]] + case["lead"] + "\n" + "".join(
        "\t".join(row) + "\n" for row in case["rows"])
    raw = RawText(path=f"bands.{case['lang']}.txt", format="text", text=body)
    doc = parse_raw(raw, "bands")
    # a table whose bounds stand in two columns is the table reader's (`reader: tables`)
    found, _ = tables.facts(doc, []) if case.get("reader") == "tables" else text.facts(doc)
    gold = [{"address": "app1/ch1/p1/table1", "quote": "", **f} for f in case["facts"]]
    result = match(found, gold)
    assert result["total"]["fp"] == result["total"]["fn"] == 0, (result["missed"],
                                                                 result["extra"])


@pytest.mark.parametrize("lang", ["ru", "kk"])
def test_grammar_has_no_conflict(lang, caplog):
    """The scanner feeds the grammar a terminal at a time: it must be LALR(1) with no
    shift/reduce conflict resolved silently."""
    logger.setLevel(logging.DEBUG)
    try:
        with caplog.at_level(logging.DEBUG, logger="lark"):
            Lark.open(str(text.GRAMMAR / f"facts_{lang}.lark"), parser="lalr",
                      lexer=text._Feed, debug=True)
    finally:
        logger.setLevel(logging.WARNING)
    assert not [r for r in caplog.records if "conflict" in r.getMessage().lower()]


@pytest.mark.parametrize("lang, sentence, expected", [
    ("kk", "4-тен 5 баллға дейін", ["NUM", "ABL", "NUM", "POINT", "DAT", "TO"]),
    ("kk", "80 - нен 105 (қоса алғанда) балға дейін", ["NUM", "ABL", "NUM", "INCL", "INCL2",
                                                      "POINT", "DAT", "TO"]),
    ("kk", "бір айдан кем", ["NUM", "MONTH", "ABL", "LESS"]),
    ("kk", "күнтізбелік он күн бұрын", ["CAL", "NUM", "DAY", "BEFORE"]),
    ("ru", "в течение 5 (пяти) рабочих дней", ["V", "TECHENIE", "NUM", "WORK", "DAY"]),
    ("ru", "от 0* до 5 баллов", ["FROM", "NUM", "TO", "NUM", "POINT"]),
    ("ru", "не позднее двадцатого числа месяца", ["NOT", "LATER", "ORD", "CHISLO", "MONTH"]),
    # a number written twice, its case ending on the digits' word ("1-ден (бірден)")
    ("kk", "1-ден (бірден) 5-ке (беске) дейін", ["NUM", "ABL", "NUM", "DAT", "TO"]),
    ("ru", "от 1 (одного) до 5 (пяти) баллов", ["FROM", "NUM", "TO", "NUM", "POINT"]),
])
def test_terminals(lang, sentence, expected):
    assert [t.type for t in terminals(tokens(sentence, lang), lang)] == expected


def test_an_editor_note_gives_no_rule_of_the_decree():
    """A note recording another act's change carries that act's entry into force."""
    raw = RawText(path="note.kk.txt", format="text", text=(
        '"Б" корпусы мемлекеттік әкімшілік қызметшілерінің қызметін бағалау әдістемесі\n\n'
        "1-тарау. Жалпы ережелер\n\n1. Бағалау тоқсан сайын жүргізіледі.\n"
        "Ескерту. 1-тармақ жаңа редакцияда - облыс әкімдігінің 01.02.2020 № 5 қаулысымен "
        "(алғашқы ресми жарияланған күнінен кейін күнтізбелік он күн өткен соң қолданысқа "
        "енгізіледі).\n"))
    found, _ = text.facts(parse_raw(raw, "note"))
    assert [f for f in found if f.kind == "deadline"] == []


@pytest.mark.parametrize("lang, text", [
    ("ru", "Об утверждении Методики\n\nРешение маслихата города от 10 марта 2023 года № 5\n\n"
           "Маслихат РЕШИЛ:\n\n1. Утвердить Методику.\n\n"
           "2. Настоящее решение вводится в действие с 1 января 2024 года.\n"),
    ("kk", "Әдістемені бекіту туралы\n\nҚала мәслихатының 2023 жылғы 10 наурыздағы № 5 шешімі\n\n"
           "Мәслихат ШЕШТІ:\n\n1. Әдістеме бекітілсін.\n\n"
           "2. Осы шешім 2024 жылғы 1 қаңтардан бастап қолданысқа енгізіледі.\n"),
])
def test_entry_into_force_on_a_stated_day_counts_its_year_from_the_acts_own(lang, text):
    """"вводится в действие с 1 января 2024 года" in an act of 2023: 1 January of the next year."""
    doc = parse_raw(RawText(path=f"t.{lang}.txt", format="text", text=text), "t")
    found = [f.fields for f in extract(doc).facts if f.kind == "deadline"]
    assert found == [{"event": "entry_into_force", "anchor": "signing", "direction": "after",
                      "rule": {"fixed_date": "01-01", "year": "next"}}]


@pytest.mark.parametrize("lang, text", [
    ("kk", '"Б" корпусы мемлекеттік әкімшілік қызметшілерінің қызметін бағалау әдістемесі\n\n'
           "1-тарау. Жалпы ережелер\n\n1. Қызметшіге қорытынды балына қарай мынадай баға қойылады:\n\n"
           "| Қорытынды балл | Бағалау нәтижесі |\n|---|---|\n"
           "| 4-тен 5-ке дейін | міндеттерін тиімді атқарады |\n"
           "| 0-ден 3,99-ға дейін | міндеттерін қанағаттанарлықсыз түрде атқарады |\n"),
    ("ru", 'Методика оценки деятельности административных государственных служащих корпуса "Б"\n\n'
           "Глава 1. Общие положения\n\n1. Служащему по итоговому баллу выставляется оценка:\n\n"
           "| Итоговый балл | Результат оценки |\n|---|---|\n"
           "| от 4 до 5 | выполняет обязанности эффективно |\n"
           "| от 0 до 3,99 | выполняет обязанности неудовлетворительно |\n"),
])
def test_a_band_names_its_grade_in_the_next_cell_of_its_row(lang, text):
    """"| 4-тен 5-ке дейін | … тиімді атқарады |": the row's other cell names the band's grade."""
    doc = parse_raw(RawText(path=f"t.{lang}.md", format="markdown", text=text), "t")
    bands = [(f.fields["grade"], f.fields["low"], f.fields["high"])
             for f in extract(doc).facts if f.kind == "grade_band"]
    assert [(g, str(lo), str(hi)) for g, lo, hi in bands] == \
        [("effective", "4", "5"), ("unsatisfactory", "0", "3.99")]


FORMULAS = load_yaml((HERE / "facts" / "formulas.yaml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", FORMULAS, ids=[f"{c['lang']}{i}" for i, c in enumerate(FORMULAS)])
def test_formula_read_by_the_whole_extraction(case):
    """A formula's target and expression as the whole extraction gives them (a mean spelled
    out term by term, the quarters' values of the scheme the methodology counts, one formula
    said twice read once)."""
    found = extract(document(case["lang"], case["text"])).facts
    got = [{"target": f.fields["target"], "expression": "".join(f.fields["expression"].split())}
           for f in found if f.kind == "formula"]
    assert got == [{"target": f["target"], "expression": "".join(f["expression"].split())}
                   for f in case["formulas"]]


BULLET_LISTS = load_yaml((HERE / "facts" / "bullet_lists.yaml").read_text(encoding="utf-8"))


def _bulleted(layout: str, lang: str, lead: str, items: list[str], folder: Path) -> RawText:
    """A one-clause methodology whose clause is `lead` over a bulleted list of `items`, as a
    text ("– " lines), a .docx (a Word bullet list: the mark is numbering.xml's, not the
    text's), a page (<ul><li>), or a page whose items are paragraphs with no mark
    (`unmarked`: a converter or a document system dropped the list's marks; each item but
    the last ends in a semicolon)."""
    head, first = TITLE[lang].rsplit("\n\n", 1)
    if layout == "text":
        body = TITLE[lang] + lead + "\n" + "".join(f"– {item}\n" for item in items)
        return RawText(path=f"bullets.{lang}.txt", format="text", text=body)
    if layout in ("html", "unmarked"):
        listed = "".join(f"<p>{item}</p>" for item in items) if layout == "unmarked" else \
            "<ul>" + "".join(f"<li>{item}</li>" for item in items) + "</ul>"
        page = "".join(f"<p>{line}</p>" for line in head.split("\n\n")) + \
            f"<p>{first}{lead}</p>" + listed
        return read_html(f"<html><body>{page}</body></html>".encode(), "bullets.html")
    import docx
    from docx.oxml import parse_xml

    ns = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    document = docx.Document()
    numbering = document.part.numbering_part.element
    numbering.insert(0, parse_xml(
        f'<w:abstractNum {ns} w:abstractNumId="41"><w:lvl w:ilvl="0"><w:start w:val="1"/>'
        '<w:numFmt w:val="bullet"/><w:lvlText w:val="\uf0b7"/></w:lvl></w:abstractNum>'))
    numbering.append(parse_xml(f'<w:num {ns} w:numId="41"><w:abstractNumId w:val="41"/></w:num>'))
    for line in head.split("\n\n"):
        document.add_paragraph(line)
    document.add_paragraph(first + lead)
    for item in items:
        p = document.add_paragraph(item)
        p._p.get_or_add_pPr().append(parse_xml(
            f'<w:numPr {ns}><w:ilvl w:val="0"/><w:numId w:val="41"/></w:numPr>'))
    path = folder / f"bullets.{lang}.docx"
    document.save(path)
    return read_docx(path.read_bytes(), path.name)


@pytest.mark.parametrize("layout", ["text", "docx", "html", "unmarked"])
@pytest.mark.parametrize("case", BULLET_LISTS,
                         ids=[f"{c['lang']}{i}" for i, c in enumerate(BULLET_LISTS)])
def test_a_bulleted_item_of_a_lead_in_is_a_rule_at_its_own_address(case, layout, tmp_path):
    """A lead-in's bulleted items are paragraphs in every layout, each a rule of its own at
    its own address, the lead-in's comparison and words given to it; a list of outcomes and
    their points is one lookup table at the clause (a case's fact with no `item`)."""
    raw = _bulleted(layout, case["lang"], case["lead"], case["items"], tmp_path)
    doc = parse_raw(raw, "bullets")
    assert [n.address for n in doc.nodes() if n.kind == "paragraph"] == \
        [f"app1/ch1/p1/para{k + 1}" for k in range(len(case["items"]))]
    found, notes = text.facts(doc)
    gold = [{"address": "app1/ch1/p1" + (f"/para{f['item']}" if "item" in f else ""), "quote": "",
             **{k: v for k, v in f.items() if k != "item"}} for f in case["facts"]]
    result = match(found, gold)
    assert result["total"]["fp"] == result["total"]["fn"] == 0, (result["missed"],
                                                                 result["extra"])
    assert [n for n in notes if n.code == "UNEXTRACTED"] == []


@pytest.mark.parametrize("lang, sentence", [
    ("ru", "Годовая оценка прочих служащих составляет семьдесят процентов средней квартальных "
           "оценок и тридцать процентов оценки по методу 360."),
    ("kk", "Өзге қызметшілердің жылдық бағасы тоқсандық бағалардың орташа мәнінің жетпіс пайызы "
           "мен 360 әдісі бойынша бағаның отыз пайызын құрайды.")])
def test_the_weights_of_a_sum_in_words_are_no_bound(lang, sentence):
    """The percents of a weighted sum stated in words are its shares: the formula, and
    neither a threshold nor an UNEXTRACTED report of a bound whose subject is not known."""
    found, notes = read(lang, sentence)
    assert [f.kind for f in found] == ["formula"]
    assert notes == []


@pytest.mark.parametrize("lang, chapter, scale", [
    ("ru", "Глава 4. Итоговые оценки, ограничения и годовая оценка", "average_score"),
    ("ru", "Глава 4. Порядок проведения годовой оценки", "annual_score"),
    ("kk", "4-тарау. Қорытынды бағалар, шектеулер және жылдық баға", "average_score"),
    ("kk", "4-тарау. Жылдық бағалауды жүргізу тәртібі", "annual_score"),
])
def test_a_chapter_title_names_the_scale_of_its_bands_only_when_it_names_one_score(
        lang, chapter, scale):
    """Bands whose clause names no score grade the one its chapter's title names ("Порядок
    проведения годовой оценки"); a title naming two scores, one of them generic ("Итоговые
    оценки, ограничения и годовая оценка"), leaves them on the common scale."""
    lead, band = {
        "ru": ("По результатам оценки служащему выставляется одна из следующих оценок:",
               "1) «выполняет функциональные обязанности эффективно» – от 3,50 до 5 баллов."),
        "kk": ("Бағалау нәтижелері бойынша қызметшіге мынадай бағалардың бірі қойылады:",
               "1) «функционалдық міндеттерін тиімді атқарады» – 3,50-ден 5 балға дейін."),
    }[lang]
    head = TITLE[lang].split("\n\n")[0]
    body = f"{head}\n\n{chapter}\n\n1. {lead}\n{band}\n"
    doc = parse_raw(RawText(path=f"c.{lang}.txt", format="text", text=body), "c")
    found, _ = text.facts(doc)
    assert [f.fields["scale"] for f in found if f.kind == "grade_band"] == [scale]


# (round 36) a sheet whose title runs on into its blanks above the table, and whose header labels its columns with symbols ("БНК салмағы, % (С)", "Вес
# ПРР, % (В)") and whose total row computes with them: the symbols name what their columns
# hold, of the items the sheet lists, a short term the methodology defined holding in its own
# appendices
SHEET_DECREES = {
"ru": """Об утверждении Методики оценки деятельности административных государственных служащих корпуса "Б"

Постановление акимата города Эмба от 4 марта 2024 года № 15

В соответствии с Законом Республики Казахстан "О государственной службе Республики Казахстан" акимат города Эмба ПОСТАНОВЛЯЕТ:
1. Утвердить прилагаемую Методику оценки деятельности административных государственных служащих корпуса "Б".
2. Настоящее постановление вводится в действие со дня его подписания.

Аким города Эмба А. Сейтов

Утверждена постановлением акимата города Эмба от 4 марта 2024 года № 15

Методика оценки деятельности административных государственных служащих корпуса "Б"

Глава 1. Общие положения

1. Показатели результативности работы руководителя (далее – ПРР) устанавливаются на каждый квартал.
2. Квартальная оценка руководителя выставляется по форме согласно приложению 1 к настоящей Методике.

Приложение 1 к Методике оценки деятельности административных государственных служащих корпуса "Б"

Форма

Оценочный лист руководителя по ПРР ______ квартал 20__ года Ф.И.О. руководителя: ____________

№\tНаименование ПРР\tВес ПРР, % (В)\tБалл (от 1 до 5) (Б)
1\t\t\t
2\t\t\t
3\t\t\t
Квартальная оценка (КО = Σ (Б × В) / 100)\t\t\t
""",
"kk": """"Б" корпусы мемлекеттік әкімшілік қызметшілерінің қызметін бағалау әдістемесін бекіту туралы

Жем қаласы әкімдігінің 2024 жылғы 4 наурыздағы № 15 қаулысы

"Қазақстан Республикасының мемлекеттік қызметі туралы" Қазақстан Республикасының Заңына сәйкес Жем қаласының әкімдігі ҚАУЛЫ ЕТЕДІ:
1. Қоса беріліп отырған "Б" корпусы мемлекеттік әкімшілік қызметшілерінің қызметін бағалау әдістемесі бекітілсін.
2. Осы қаулы қол қойылған күнінен бастап қолданысқа енгізіледі.

Жем қаласының әкімі А. Сейтов

Жем қаласы әкімдігінің 2024 жылғы 4 наурыздағы № 15 қаулысымен бекітілген

"Б" корпусы мемлекеттік әкімшілік қызметшілерінің қызметін бағалау әдістемесі

1-тарау. Жалпы ережелер

1. Басшы жұмысының нәтижелілік көрсеткіштері (бұдан әрі – БНК) әр тоқсанға белгіленеді.
2. Басшының тоқсандық бағасы осы Әдістемеге 1-қосымшаға сәйкес нысан бойынша қойылады.

"Б" корпусы мемлекеттік әкімшілік қызметшілерінің қызметін бағалау әдістемесіне 1-қосымша

Нысан

Басшының БНК бойынша бағалау парағы ______ жылғы ___ тоқсан Басшының Т.А.Ә.: ____________

№\tБНК атауы\tБНК салмағы, % (С)\tБалл (1-ден 5-ке дейін) (Б)
1\t\t\t
2\t\t\t
3\t\t\t
Тоқсандық баға (ТБ = Σ (Б × С) / 100)\t\t\t
"""}


@pytest.mark.parametrize("lang", ["ru", "kk"])
def test_a_sheets_header_names_the_symbols_of_its_total(lang):
    raw = RawText(path=f"sheet.{lang}.txt", format="text", text=SHEET_DECREES[lang])
    found = extract(parse_raw(raw, "sheet")).facts
    assert [(f.address, f.fields["target"], f.fields["expression"]) for f in found
            if f.kind == "formula"] == [
        ("app1/app1/table1", "kpi_weighted_score", "sum(kpi_scores * kpi_weights) / 100")]
    # the items its name column names by the methodology's short term are key indicators
    assert [(f.address, f.fields["subject"]) for f in found if f.kind == "score_range"] == [
        ("app1/app1/table1", "kpi_score")]
    # its title, run together with the sheet's blanks in the paragraph above the table, ends
    # before them, and names the method by the short term
    assert [(f.fields["title"], f.fields["methods"]) for f in found if f.kind == "form"] == [
        (SHEET_TITLES[lang], ["kpi"])]


SHEET_TITLES = {"ru": "Оценочный лист руководителя по ПРР",
                "kk": "Басшының БНК бойынша бағалау парағы"}


INLINE_MEAN = {
    "ru": "Годовая оценка руководителя (ГО) определяется по формуле:\n"
          "ГО = 0,6 × СК + 0,4 × К360,\n"
          "где СК – среднее арифметическое квартальных оценок руководителя за оцениваемый год;\n"
          "К360 – средний балл по итогам оценки методом 360.\n"
          "Годовая оценка иного служащего складывается из семидесяти пяти процентов среднего "
          "арифметического его квартальных оценок и двадцати пяти процентов среднего балла, "
          "полученного им по итогам оценки методом 360.",
    "kk": "Басшының жылдық бағасы (ЖБ) мына формула бойынша айқындалады:\n"
          "ЖБ = 0,6 × ТОБ + 0,4 × Б360,\n"
          "мұндағы ТОБ – басшының бағаланатын жылғы тоқсандық бағаларының орташа арифметикалық "
          "мәні;\nБ360 – 360 әдісі бойынша бағалаудың орташа балы.\n"
          "Өзге қызметшінің жылдық бағасы оның тоқсандық бағаларының орташа арифметикалық "
          "мәнінің жетпіс бес пайызынан және 360 әдісі бойынша бағалаудың орташа балының жиырма "
          "бес пайызынан құралады.",
}


@pytest.mark.parametrize("lang", ["ru", "kk"])
def test_a_mean_said_in_words_is_written_inline_beside_a_legends_symbol(lang):
    """A formula stated in words writes the mean its words name inline
    (`avg(quarterly_scores)`), though a legend of a printed formula elsewhere names that mean
    by a symbol (`quarterly_avg`, which the printed formula keeps); round 43."""
    found = [(f.fields["target"], f.fields["expression"])
             for f in extract(document(lang, INLINE_MEAN[lang])).facts if f.kind == "formula"]
    assert found == [("annual_score", "0.6 * quarterly_avg + 0.4 * competency_average"),
                     ("quarterly_avg", "avg(quarterly_scores)"),
                     ("annual_score", "0.75 * avg(quarterly_scores) + 0.25 * competency_average")]
