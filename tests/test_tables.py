"""The tables reader: forms, 360 questionnaires and lookup tables against the gold facts, small
hand-written Kazakh and Russian sheets it has never seen, and the same facts from a PDF."""

from __future__ import annotations

from decimal import Decimal

import pytest
import yaml

from parser.compile import parse_file
from parser.facts import cells, formulas, tables
from parser.facts.model import Fact, fold
from parser.model import Span

from conftest import CORPUS, FIXTURES, ROOT
from render import to_pdf

SEEDS = ["mdai-order-2023-279", "zhanakorgan-akimat-2026-10", "almaty-oblast-akimat-2017-97"]
FIELDS = {"form": ["number", "title", "applies_to", "parameters", "aggregation"],
          "lookup_table": ["name", "input", "output", "rows"],
          "competency": ["name", "categories", "indicators"],
          "score_range": ["subject", "low", "high", "low_inclusive", "high_inclusive"],
          "formula": ["target", "expression", "variables"]}

OPTIONAL = {"methods"}  # a form's methods, read from its title (tests/test_plan.py tests them)


def exact(value):
    """Gold numbers as exact decimals, strings folded, containers recursively."""
    if isinstance(value, (bool, Decimal)) or value is None:
        return value
    if isinstance(value, (int, float)):
        return Decimal(str(value))
    if isinstance(value, str):
        return fold(value)
    if isinstance(value, list):
        return [exact(v) for v in value]
    return {k: exact(v) for k, v in value.items()}


def agrees(mine, gold) -> bool:
    """A read value equals the gold one; a form parameter is compared on the gold's keys
    (number, name, low, high, and guidance where the gold gives it)."""
    if isinstance(gold, dict) and isinstance(mine, dict):
        return all(k in mine and agrees(mine[k], v) for k, v in gold.items())
    if isinstance(gold, list) and isinstance(mine, list):
        return len(gold) == len(mine) and all(agrees(m, g) for m, g in zip(mine, gold))
    return exact(mine) == exact(gold)


def owned(fact: dict) -> bool:
    """Gold facts of this reader: forms, competencies, lookup tables set in a table."""
    return fact["kind"] in ("form", "competency") or (
        fact["kind"] == "lookup_table" and "/table" in fact["address"])


def gold_facts(doc_id: str) -> list[dict]:
    data = yaml.safe_load((ROOT / "tests" / "gold" / f"{doc_id}.facts.yaml").read_text("utf-8"))
    return [f for f in data["facts"] if owned(f)]


def source(doc_id: str):
    return CORPUS / doc_id / "source.txt"


@pytest.fixture(scope="module")
def read(parsed):
    """(facts, diagnostics) of each seed, read once."""
    cache = {}

    def get(doc_id):
        if doc_id not in cache:
            cache[doc_id] = tables.facts(parsed(doc_id, source(doc_id)))
        return cache[doc_id]

    return get


def differing(mine, gold: dict) -> set[str]:
    """The fields of the gold fact's kind on which a read fact differs."""
    return {k for k in FIELDS[gold["kind"]] if not agrees(mine.fields.get(k), gold.get(k))}


@pytest.mark.parametrize("doc_id, index",
                         [(d, i) for d in SEEDS for i in range(len(gold_facts(d)))])
def test_gold_fact_is_read(read, doc_id, index):
    gold = gold_facts(doc_id)[index]
    found, notes = read(doc_id)
    candidates = [f for f in found if f.kind == gold["kind"] and f.address == gold["address"]]
    assert candidates, f"{gold['kind']} at {gold['address']} not read"
    assert min((differing(f, gold) for f in candidates), key=len) == set()


@pytest.mark.parametrize("doc_id", SEEDS)
def test_every_fact_read_is_in_the_gold(read, parsed, doc_id):
    gold = {(g["kind"], g["address"], fold(str(g.get("name") or g.get("title"))))
            for g in gold_facts(doc_id)}
    text = parsed(doc_id, source(doc_id)).text
    for f in read(doc_id)[0]:
        assert (f.kind, f.address, fold(str(f.fields.get("name") or f.fields.get("title")))) in gold
        assert f.quote == fold(text[f.span.start:f.span.end]), f.address


# ---------------------------------------------------------------- sheets the corpus does not have

@pytest.mark.parametrize("name", ["tables_ru", "tables_kk", "citing_ru", "citing_kk",
                                  "tables_roles_ru", "tables_roles_kk",
                                  "tables_flat_ru", "tables_flat_kk",
                                  "tables_layout_ru", "tables_layout_kk",
                                  "tables_keyed_ru", "tables_keyed_kk",
                                  "tables_answers_ru", "tables_answers_kk",
                                  "tables_flat_questions_ru", "tables_flat_questions_kk",
                                  "tables_pair_ru", "tables_pair_kk",
                                  "tables_scale_note_ru", "tables_scale_note_kk",
                                  "tables_spanned_ru", "tables_spanned_kk",
                                  "tables_untitled_ru", "tables_untitled_kk",
                                  "tables_remark_ru", "tables_remark_kk",
                                  "tables_gloss_ru", "tables_gloss_kk",
                                  "tables_total_ru", "tables_total_kk",
                                  "tables_percent_ru", "tables_percent_kk",
                                  "tables_rows_ru", "tables_rows_kk",
                                  "tables_merged_down_ru", "tables_merged_down_kk",
                                  "tables_reckoned_ru", "tables_reckoned_kk",
                                  "tables_halves_ru", "tables_halves_kk",
                                  "tables_lined_ru", "tables_lined_kk",
                                  "tables_shown_ru", "tables_shown_kk",
                                  "tables_titleless_ru", "tables_titleless_kk",
                                  "tables_others_ru", "tables_others_kk",
                                  "tables_kpi_points_ru", "tables_kpi_points_kk",
                                  "tables_pieces_ru", "tables_pieces_kk",
                                  "tables_method_ru", "tables_method_kk",
                                  "tables_cited_rest_ru", "tables_cited_rest_kk",
                                  "tables_wrapped_ru", "tables_wrapped_kk"])
def test_sheets_of_another_region(name):
    """Made-up Russian and Kazakh sheets worded unlike the corpus give their expected facts
    and report what they cannot read; the `citing_*` decrees state what their sheets leave
    out (score range, who fills it in, aggregation) in the clauses citing the appendix, and
    one contradicts its sheet (FORM_CONFLICT)."""
    expected = yaml.safe_load((FIXTURES / f"{name}.facts.yaml").read_text("utf-8"))
    found, notes = tables.facts(parse_file(FIXTURES / f"{name}.txt"))
    assert [(f.kind, f.address) for f in found] == \
           [(e["kind"], e["address"]) for e in expected["facts"]]
    for mine, gold in zip(found, expected["facts"]):
        assert set(mine.fields) - OPTIONAL == set(FIELDS[gold["kind"]])
        assert not differing(mine, gold), (gold["address"], mine.fields)
    assert sorted((n.address, n.code) for n in notes) == \
           [(d["address"], d["code"]) for d in expected["diagnostics"]]


@pytest.mark.parametrize("lang", ["ru", "kk"])
def test_a_blank_list_of_plan_tasks_scores_them(lang):
    """The scale of a sheet whose numbered rows are blank and whose name column is headed by
    the plan's task ("Задача ИПР", "Жеке жоспардың міндеті"), or by a bare task under a title
    naming the plan ("Индивидуальный план работы …" over "Задача"), scores the plan's targets,
    as a header naming them over named rows does (round 44)."""
    from parser.facts import extract
    found = extract(parse_file(FIXTURES / f"tables_cited_rest_{lang}.txt")).facts
    ranges = {f.address: f.fields["subject"] for f in found if f.kind == "score_range"}
    assert ranges == {"app1/app1/table1": "parameter_score", "app1/app2/table1": "parameter_score",
                      "app1/app3/table1": "plan_target_score",
                      "app1/app4/table1": "plan_target_score"}  # "Задача" under the plan's title


@pytest.mark.parametrize("name", ["tables_boxed_ru", "tables_boxed_kk"])
def test_a_box_drawn_sheet_gives_its_facts(name):
    """A sheet drawn in box characters (text saved from an old Word document) gives its form
    and the formula its total row states, whichever reader takes the row (the table's total or
    the formulas' symbols quoted in a line, round 12)."""
    from parser.facts import extract
    expected = yaml.safe_load((FIXTURES / f"{name}.facts.yaml").read_text("utf-8"))
    found = [f for f in extract(parse_file(FIXTURES / f"{name}.txt")).facts
             if f.address.startswith("app1/app1")]
    assert [(f.kind, f.address) for f in found] == \
           [(e["kind"], e["address"]) for e in expected["facts"]]
    for mine, gold in zip(found, expected["facts"]):
        assert not differing(mine, gold), (gold["address"], mine.fields)


@pytest.mark.parametrize("text, expected", [
    ("40-44,49", (40, Decimal("44.49"), True, True)),
    ("100 және одан жоғары", (100, None, True, None)),
    ("100 и выше", (100, None, True, None)),
    ("50-ден төмен", (None, 50, None, False)),
    ("ниже 50", (None, 50, None, False)),
    ("Оценка (от 0* до 5 баллов)", (0, 5, True, True)),
    ("2-ден 5 ке дейін", (2, 5, True, True)),
    ("5", (5, 5, True, True)),
    ("90 ≤ Д < 100", (90, 100, True, False)),
    ("Д ≥ 100", (100, None, True, None)),
    ("П < 25", (None, 25, None, False)),
    ("25 < П ≤ 50", (25, 50, False, True)),
    # a number naming the clause or appendix a cell cites is no bound (round 6)
    ("Балл (1-ден 5-ке дейін, Әдістеменің 9-тармағы)", (1, 5, True, True)),
    ("Оценка от 1 до 5 (согласно пункту 12 Методики)", (1, 5, True, True)),
    # an end a remark in brackets leaves out; percents in words (round 9)
    ("от 90 % до 100 % (100 % не включается)", (90, 100, True, False)),
    ("90-нан 100 пайызға дейін (100 пайыз қосылмайды)", (90, 100, True, False)),
    # the remark read by the meaning table `left_out`, its words' keys (round 19)
    ("85 %-дан 100 %-ға дейін (100 % кірмейді)", (85, 100, True, False)),
    ("от 85 до 100 баллов (100 баллов исключительно)", (85, 100, True, False)),
    ("85-тен 100-ге дейін (100 қоса алынбайды)", (85, 100, True, False)),
    ("от 70 до 89,99 процента", (70, Decimal("89.99"), True, True)),
    ("50 пайыздан төмен", (None, 50, None, False)),
])
def test_bounds_of_a_cell(text, expected):
    b = tables.bounds(text)
    assert (b["low"], b["high"], b["low_inclusive"], b["high_inclusive"]) == expected


@pytest.mark.parametrize("text", ["Балл (Әдістеменің 17-тармағы)", "Баллы (по пункту 14)",
                                  "Балдар (2-қосымшаға сәйкес)", "Оценка (приложение 3)"])
def test_a_cited_number_is_no_bound_of_a_cell(text):
    assert tables.bounds(text) is None


@pytest.mark.parametrize("text, lang, role", [
    ("Бағалау параметрлері", "kk", "name"),          # the head word stands last in Kazakh
    ("Параметр оценки", "ru", "name"),               # and first in Russian
    ("Бағалаушының түсініктемесі", "kk", "comment"),
    ("Комментарий оценивающего лица", "ru", "comment"),
    ("Бағалау кезінде ескерілетін мән-жайлар", "kk", "guidance"),
    ("Обстоятельства, учитываемые при оценке", "ru", "guidance"),
    ("Баға, балл", "kk", "score"),                   # a unit after the comma
    ("Оценка, баллов", "ru", "score"),
    ("Берілетін балл", "kk", "points"),
    ("Количество баллов", "ru", "points"),           # no role in the head: any word's
    ("Қойылған балл (0 – 5)", "kk", "points"),
    ("Балл (от 1 до 5)", "ru", "points"),
    # the mark the evaluator gives, over "Балл (1–5)" and "Обоснование" (a two-level header)
    ("Отметка оценивающего лица", "ru", "score"),
    ("Бағалаушы тұлғаның белгісі", "kk", "score"),
])
def test_a_header_cell_takes_its_head_words_role(text, lang, role):
    assert cells.role_of(text, lang) == role


@pytest.mark.parametrize("title, who", [
    ("Басшы лауазымды атқаратын қызметшінің бағалау парағы", "manager"),
    ("Оценочный лист служащего, занимающего руководящую должность", "manager"),
    ("Басшы емес лауазымды атқаратын қызметшінің бағалау парағы", "non_manager"),
    ("Оценочный лист служащего, не занимающего руководящую должность", "non_manager"),
    ("Оценочный лист работника, не являющегося руководителем отдела", "non_manager"),
    ("Бөлім басшысы болып табылмайтын қызметкердің бағалау парағы", "non_manager"),
    # the sheet or evaluation of a manager, not the one a direct manager fills (round 6)
    ("Анкета для оценки качеств руководителя по методу 360", "manager"),
    ("Лист оценки непосредственным руководителем", "corps_b_employee"),
    # the chief of a unit is its head (round 12)
    ("Оценочный лист начальника управления", "structural_head"),
    ("Басқарма басшысының бағалау парағы", "structural_head"),
    ("Басшыларды 360 әдісімен бағалау сауалнамасы", "manager"),
    ("Тікелей басшының бағалау парағы", "corps_b_employee"),
    # a manager named as the one who answers or is given something, not the one evaluated
    # (round 42): the evaluated manager is named in the genitive
    ("Оценка методом 360 – анкетирование служащего его руководителем, коллегами и "
     "подчиненными", "corps_b_employee"),
    ("По итогам оценки служба персонала вносит руководителю аппарата предложения",
     "corps_b_employee"),
    ("360 әдісімен бағалау – қызметшіні оның басшысы, әріптестері және қол астындағы "
     "қызметкерлері сауалнама арқылы бағалауы", "corps_b_employee"),
    ("Бағалау нәтижелері бойынша персонал қызметі аппарат басшысына ұсыныс енгізеді",
     "corps_b_employee"),
])
def test_who_a_sheet_title_names(title, who):
    assert tables.applies_to(title) == [who]


@pytest.mark.parametrize("name, total", [
    # a bracket that reckons: an equation, an expression over symbols, a sum over a number
    ("Итоговый балл (И = 100 + а – б)", True),
    ("Қорытынды балл (Қ = 100 + а – б)", True),
    ("Квартальный балл (100 + а – б)", True),
    ("Тоқсандық балл (100 + а – б)", True),
    ("Квартальная оценка (сумма баллов / 4)", True),
    ("Тоқсандық баға (балдардың қосындысы / 4)", True),
    ("Квартальная оценка (сумма баллов/количество параметров)", True),
    ("Тоқсандық баға (балдар сомасын параметрлер санына бөлу)", True),
    # a colon divides; a symbol may stand in quotes (round 12)
    ("Средний балл (сумма баллов : 5)", True),
    ("Орташа балл (балдар сомасы : 5)", True),
    ("Итоговый балл (100 + «а» – «б»)", True),
    ("Қорытынды балл (100 + «а» – «б»)", True),
    ("Оценка (сумма баллов × 20 / 100)", True),
    ("Баға (балдар сомасы × 20 / 100)", True),
    # a slash parting words, a range: no reckoning of the sheet's total
    ("Качество (полнота/своевременность)", False),
    ("Сапа (толықтығы / уақтылығы)", False),
    ("Баллы за качество работы (0 – 20)", False),
    ("Сапасы үшін балдар (0 - 20)", False),
])
def test_a_row_reckons_the_total_by_its_brackets_shape(name, total):
    """A sheet's total row is told by what its brackets reckon (round 10), never by a slash
    or an equals sign anywhere in brackets, nor by a bracketed range."""
    assert tables.reckons(name) is total


@pytest.mark.parametrize("text, count, expected", [
    ("Квартальная оценка (сумма баллов / 5)", 5, "sum(scores) / count(scores)"),
    ("Тоқсандық баға (балдардың қосындысы / 5)", 5, "sum(scores) / count(scores)"),
    # a number that is not the count of the sheet's parameters divides the sum as written
    ("Квартальная оценка (сумма баллов / 4)", 5, "sum(scores) / 4"),
    ("Тоқсандық баға (балдардың қосындысы / 4)", 5, "sum(scores) / 4"),
    ("Средний балл (сумма баллов : 5)", 5, "sum(scores) / count(scores)"),
    ("Орташа балл (балдар сомасы : 4)", 5, "sum(scores) / 4"),
    ("Итоговая оценка (сумма баллов / 100)", 3, "sum(scores) / 100"),
    # divided in words (round 43)
    ("Квартальная оценка (сумма баллов, деленная на 5)", 5, "sum(scores) / count(scores)"),
    ("Тоқсандық баға (балдар сомасы / 5)", 5, "sum(scores) / count(scores)"),
    ("Қорытынды баға (балдар сомасы / 100)", 3, "sum(scores) / 100"),
    # a sum weighted before the division is no sum over a number
    ("Оценка (сумма баллов × 20 / 100)", 3, None),
    ("Баға (балдар сомасы × 20 / 100)", 3, None),
])
def test_a_sum_over_a_number_is_a_mean_only_over_the_count(text, count, expected):
    assert tables.worded([text], count) == expected


@pytest.mark.parametrize("others, lang, expected", [
    # the other sub-point names managers for another method: the rest are the non-managers
    (["1) служащих, занимающих руководящие должности, – по достижению КЦИ;"], "ru",
     ["non_manager"]),
    (["1) басшы лауазымдағы қызметшілер үшін – ТТК-ға қол жеткізу бойынша;"], "kk",
     ["non_manager"]),
    # ... for this method too: the method is everyone's
    (["1) служащих, занимающих руководящие должности, – по КЦИ и методом 360;"], "ru",
     ["corps_b_employee"]),
    (["1) басшы лауазымдағы қызметшілер үшін – ТТК бойынша және 360 әдісімен;"], "kk",
     ["corps_b_employee"]),
    # ... a category whose complement has no name: reported, not guessed
    (["1) руководителей структурных подразделений – по достижению КЦИ;"], "ru", None),
    (["1) құрылымдық бөлімшелер басшылары үшін – ТТК бойынша;"], "kk", None),
])
def test_the_rest_are_those_no_other_method_names(others, lang, expected):
    doc = parse_file(FIXTURES / f"tables_reckoned_{lang}.txt")
    notes = []
    assert tables.rest_of("360", others, doc.roots[0], notes) == expected
    assert [n.code for n in notes] == ([] if expected else ["UNEXTRACTED"])


def test_letter_spaced_words_are_rejoined():
    assert tables.clean("Т и і м д і коммуникацияларды құру") == "Тиімді коммуникацияларды құру"
    assert tables.clean("1. А и Б") == "1. А и Б"


# ---------------------------------------------------------------- PDF

@pytest.mark.parametrize("doc_id", SEEDS)
def test_a_table_read_from_pdf_gives_the_same_facts(tmp_path, parsed, doc_id):
    doc = parsed(doc_id, source(doc_id))
    back = parse_file(to_pdf(doc.text.split("\n"), tmp_path / f"{doc_id}.pdf"), doc_id)
    text_facts, _ = tables.facts(doc)
    pdf_facts, _ = tables.facts(back)
    assert text_facts
    assert [(f.kind, f.address, f.fields, f.quote) for f in pdf_facts] == \
           [(f.kind, f.address, f.fields, f.quote) for f in text_facts]
    if [n.address for n in back.nodes()] == [n.address for n in doc.nodes()]:
        assert [f.span for f in pdf_facts] == [f.span for f in text_facts]


@pytest.mark.parametrize("rows, header, kept", [
    (["1-мақсатты көрсеткіш", "2-мақсатты көрсеткіш"], "Мақсатты көрсеткіштің нәтижесі", 1),
    (["Целевой показатель 1", "Целевой показатель 2"], "Целевой показатель", 1),
    (["1. Жұмыс сапасы", "2. Мерзімдерді сақтау"], "Көрсеткіштер", 2),
    (["1) Качество работы", "2) Соблюдение сроков"], "Показатели", 2),
])
def test_numbered_rows_naming_the_header_are_slots_of_one_parameter(rows, header, kept):
    """A sheet's rows that only number what its name column's header names ("1-мақсатты
    көрсеткіш", "Целевой показатель 2") are one parameter; named parameters stay apart."""
    parameters = [{"number": i + 1, "name": r, "low": 1, "high": 5} for i, r in enumerate(rows)]
    assert len(tables.template_slots(parameters, header)) == kept


@pytest.mark.parametrize("header, subject", [
    ("Жоспар міндетінің атауы", "plan_target_score"),
    ("Наименование задачи плана", "plan_target_score"),
    ("ННИ атауы", "kpi_score"),
    ("Наименование КЦИ", "kpi_score"),
])
def test_the_name_column_says_what_a_sheet_scores(header, subject):
    """A sheet whose name column lists the plan's tasks scores `plan_target_score`, one
    listing key indicators ("ННИ" too) `kpi_score` (round 12)."""
    spec = tables.words()["scale_subject"]["headers"]
    assert next(k for k, w in spec.items() if tables.says(header, w)) == subject


@pytest.mark.parametrize("words, lang, key", [
    # a sheet's row quoting a symbol names the activities or the violations themselves
    ("Поощряемые виды деятельности, показатель", "ru", "a"),
    ("Көтермеленетін қызмет түрлері,", "kk", "a"),
    ("Нарушения служебной дисциплины, показатель", "ru", "b"),
    ("Қызметтік тәртіпті бұзушылықтар,", "kk", "b"),
    # ... but words counting them are the count of violations
    ("количество фактов нарушения трудовой дисциплины", "ru", "violations"),
    ("Құжатпен расталған тәртіп бұзушылықтар саны", "kk", "violations"),
])
def test_a_row_naming_a_symbol_by_what_it_counts(words, lang, key):
    assert formulas.variable_named(words, lang)[0] == key


@pytest.mark.parametrize("name", ["tables_shown_ru", "tables_shown_kk"])
def test_a_clause_table_one_cell_a_line_is_read_by_rows_not_as_sentences(name):
    """A lookup table a clause's lines hold one cell a line ("Балл" / "95 % и выше" / "5" …)
    is one lookup_table; its cells give no threshold or band of their own ("ниже 60 %",
    "60 %-дан төмен")."""
    from parser.facts import extract
    found = [f for f in extract(parse_file(FIXTURES / f"{name}.txt")).facts
             if f.address == "app1/ch1/p2"]
    assert [f.kind for f in found] == ["lookup_table"]


@pytest.mark.parametrize("text, sub", [
    ("за каждое нарушение", True),
    ("әрбір бұзушылық үшін", True),
    ("заполняет служащий", True),
    ("источник сведений", False),
    ("Результат", False),
    ("Эффективное проявление", False),
])
def test_a_lower_header_cell_saying_what_points_are_per_is_no_column_of_its_own(text, sub):
    """A lower header cell saying what the points above it are given per ("Штрафные баллы"
    over "за каждое нарушение", "Айыппұл балы" over "әрбір бұзушылық үшін") keeps the
    spanning cell's words, like one saying who fills the column in (round 12)."""
    from parser.facts.layout import sub_column
    assert sub_column(text) is sub


@pytest.mark.parametrize("lang, each", [
    ("ru", "Средний балл по каждой компетенции равен сумме баллов, выставленных респондентами "
           "по ее вопросам, деленной на число полученных ответов."),
    ("kk", "Әрбір құзырет бойынша орташа балл респонденттер оның сұрақтары бойынша қойған "
           "балдар сомасын алынған жауаптар санына бөлу арқылы есептеледі.")])
def test_a_questionnaire_averaged_over_every_answer_is_not_averaged_per_competency(
        lang, each, tmp_path):
    """A 360 questionnaire's mean taken over the answers to all its questions at once ("по
    всем вопросам анкеты … на общее число полученных ответов", "барлық сұрақтары бойынша …
    жауаптардың жалпы санына") is one mean; the same formula stated for each competency is
    reckoned per competency."""
    source = (FIXTURES / f"tables_overall_{lang}.txt").read_text("utf-8")
    assert sole_aggregation(source, lang, tmp_path) == "sum(answer_points) / count(answers)"
    overall = next(line for line in source.splitlines() if line.strip().startswith("2."))
    assert sole_aggregation(source.replace(overall, "      2. " + each), lang, tmp_path) == \
        "per competency: sum(answer_points) / count(answers)"


@pytest.mark.parametrize("lang", ["ru", "kk"])
def test_a_questionnaires_competencies_numbered_with_a_mark_are_read(lang, tmp_path):
    """A questionnaire's competency rows numbered "1.", "2." (the "№ п/п" column as Word's
    numbering writes it) open their competencies as "1", "2" do."""
    from parser.facts import extract
    source = (FIXTURES / f"tables_overall_{lang}.txt").read_text("utf-8")
    marked = "\n".join(line.replace("\t", ".\t", 1) if line[:1].isdigit() else line
                       for line in source.splitlines())
    path = tmp_path / f"{lang}.txt"
    for text in (source, marked):
        path.write_text(text, "utf-8")
        found = [f.fields["name"] for f in extract(parse_file(path)).facts
                 if f.kind == "competency"]
        assert found == {"ru": ["Ответственность", "Командная работа"],
                         "kk": ["Жауапкершілік", "Командада жұмыс"]}[lang]


SHEET_BODY = {
    "ru": ("Глава 1. Квартальная оценка\n\n"
           "      1. Квартальная оценка (КО) определяется по формуле: КО = СБ – Ш, где СБ – средний "
           "балл; Ш – вычет за нарушения трудовой дисциплины.\n"
           " Приложение 1 к Методике\n\n Оценочный лист служащего\n\n"
           "№\tПараметр\tОписание\tБалл (от 1 до 5)\n"
           "1\tИсполнительская дисциплина\tснижение числа просроченных поручений\t\n"
           "2\tКачество работы\tотсутствие замечаний\t\n"
           "\tКвартальная оценка (КО = СБ – Ш)\t\t\n"),
    "kk": ("1-тарау. Тоқсандық бағалау\n\n"
           "      1. Тоқсандық баға (ТБ) мына формула бойынша анықталады: ТБ = ОБ – Ш, мұндағы "
           "ОБ – орташа балл; Ш – еңбек тәртібін бұзу фактілері үшін шегерім.\n"
           " Әдістемеге 1-қосымша\n\n Қызметшінің бағалау парағы\n\n"
           "№\tПараметр\tСипаттамасы\tБалл (1-ден 5-ке дейін)\n"
           "1\tОрындаушылық тәртіп\tмерзімі өткен тапсырмалар санының төмендеуі\t\n"
           "2\tЖұмыс сапасы\tескертулердің болмауы\t\n"
           "\tТоқсандық баға (ТБ = ОБ – Ш)\t\t\n"),
}


@pytest.mark.parametrize("lang", ["ru", "kk"])
def test_a_sheets_formula_takes_no_condition_from_the_rows_above_it(lang, tmp_path):
    """A formula a sheet's row prints ("Квартальная оценка (КО = СБ – Ш)") is for the KPI its
    own cell names, if any: a criterion in a row above it ("снижение числа просроченных
    поручений", "… санының төмендеуі") makes it no formula for a KPI meant to fall."""
    from parser.facts import extract
    source = (FIXTURES / f"tables_overall_{lang}.txt").read_text("utf-8")
    head = source[:source.index("Глава 1" if lang == "ru" else "1-тарау")]
    path = tmp_path / f"{lang}.txt"
    path.write_text(head + SHEET_BODY[lang], "utf-8")
    found = [f for f in extract(parse_file(path)).facts
             if f.kind == "formula" and f.address.startswith("app1/app1")]
    assert [(f.fields["target"], f.fields["expression"]) for f in found] == \
        [("final_score", "average_score - b")]
    assert [f.fields.get("condition") for f in found] == [None]


HALVES = {
    "ru": ("Об утверждении Методики оценки деятельности административных государственных служащих "
           "корпуса «Б» района", "Постановление акимата района от 20 мая 2025 года № 48",
           "Акимат района ПОСТАНОВЛЯЕТ:", "1. Утвердить прилагаемую методику.",
           "Аким района Н. Жумабеков",
           "Приложение к постановлению акимата района от 20 мая 2025 года № 48",
           "Методика оценки деятельности административных государственных служащих корпуса «Б»",
           "Глава 1. Квартальная оценка",
           "1. Квартальная оценка проводится по оценочному листу:",
           "1) руководителя структурного подразделения – по форме согласно приложению 1 к "
           "настоящей Методике;",
           "2) иного служащего – по форме согласно приложению 2 к настоящей Методике.",
           ("Приложение 1 к Методике", "Оценочный лист руководителя структурного подразделения",
            ["Организация работы", "Контроль"]),
           ("Приложение 2 к Методике", "Оценочный лист служащего", ["Качество работы",
                                                                   "Дисциплина"]),
           ("№", "Параметр", "Балл (от 1 до 5)")),
    "kk": ("«Б» корпусы әкімшілік мемлекеттік қызметшілерінің қызметін бағалау әдістемесін бекіту "
           "туралы", "Аудан әкімдігінің 2025 жылғы 20 мамырдағы № 48 қаулысы",
           "Аудан әкімдігі ҚАУЛЫ ЕТЕДІ:", "1. Қоса беріліп отырған әдістеме бекітілсін.",
           "Аудан әкімі Н. Жұмабеков",
           "Аудан әкімдігінің 2025 жылғы 20 мамырдағы № 48 қаулысына қосымша",
           "«Б» корпусы әкімшілік мемлекеттік қызметшілерінің қызметін бағалау әдістемесі",
           "1-тарау. Тоқсандық бағалау",
           "1. Тоқсандық бағалауды бағалаушы тұлға:",
           "1) құрылымдық бөлімшенің басшысына – осы Әдістемеге 1-қосымшаға сәйкес нысан бойынша;",
           "2) өзге қызметшіге – осы Әдістемеге 2-қосымшаға сәйкес нысан бойынша жүргізеді.",
           ("Әдістемеге 1-қосымша", "Құрылымдық бөлімше басшысының бағалау парағы",
            ["Жұмысты ұйымдастыру", "Бақылау"]),
           ("Әдістемеге 2-қосымша", "Қызметшінің бағалау парағы", ["Жұмыс сапасы", "Тәртіп"]),
           ("№", "Параметр", "Балл (1-ден 5-ке дейін)")),
}


@pytest.mark.parametrize("lang", ["ru", "kk"])
def test_sheets_cited_by_sub_points_for_the_heads_and_the_rest_divide_the_servants(lang, tmp_path):
    """Two sheets cited by sibling sub-points, one for the heads of structural subdivisions,
    the other for "the other servant" ("2) иного служащего – по форме согласно приложению 2",
    "2) өзге қызметшіге – … 2-қосымшаға сәйкес"), its title naming nobody: the sheets divide
    the servants in two, `manager` and `non_manager` (docs/facts.md)."""
    from parser.facts import extract
    forms = [f for f in extract(parse_file(_two_sheets(lang, tmp_path))).facts
             if f.kind == "form"]
    assert [f.fields["applies_to"] for f in forms] == [["manager"], ["non_manager"]]


def _two_sheets(lang: str, tmp_path, score: str = "", names: bool = True):
    """HALVES[lang] as a page: its clauses, then its two sheets, each score cell `score`, each
    name cell its parameter's name, or a line to write on where not `names`."""
    *text, first, second, header = HALVES[lang]
    page = "".join(f"<p>{line}</p>" for line in text)
    for stamp, title, rows in (first, second):
        page += (f'<p style="text-align:right">{stamp}</p><p style="text-align:center">{title}</p>'
                 "<table><tr>" + "".join(f"<td>{h}</td>" for h in header) + "</tr>"
                 + "".join(f"<tr><td>{k}</td><td>{r if names else '________'}</td><td>{score}</td>"
                           "</tr>" for k, r in enumerate(rows, 1)) + "</table>")
    path = tmp_path / f"{lang}.html"
    path.write_text(f"<html><body>{page}</body></html>", "utf-8")
    return path


@pytest.mark.parametrize("lang", ["ru", "kk"])
def test_a_line_to_write_on_is_a_blank_cell(lang, tmp_path):
    """A sheet's cells printed as lines to write on ("________") are blank: a score column of
    them is the column to fill (the sheet is a form, its parameters scored 1 to 5), and a name
    column of them names no parameter (the sheet is a blank list)."""
    from parser.facts import extract
    forms = [f for f in extract(parse_file(_two_sheets(lang, tmp_path, "________"))).facts
             if f.kind == "form"]
    assert [[(p["name"], p["low"], p["high"]) for p in f.fields["parameters"]] for f in forms] \
        == [[(name, 1, 5) for name in sheet[2]] for sheet in HALVES[lang][-3:-1]]
    blank = [f for f in extract(parse_file(_two_sheets(lang, tmp_path, names=False))).facts
             if f.kind == "form"]
    assert all("________" not in str(f.fields["parameters"]) for f in blank)


def sole_aggregation(text: str, lang: str, tmp_path) -> str:
    """The aggregation of the one form a decree's text gives."""
    from parser.facts import extract
    path = tmp_path / f"{lang}.txt"
    path.write_text(text, "utf-8")
    forms = [f for f in extract(parse_file(path)).facts if f.kind == "form"]
    assert len(forms) == 1
    return forms[0].fields["aggregation"]


@pytest.mark.parametrize("lang, excluding", [
    ("ru", "Баллы самооценки в расчет не включаются."),
    ("ru", "Ответы самооценки при этом расчете не учитываются."),
    ("ru", "Средний балл определяется без учета самооценки."),
    ("kk", "Өзін-өзі бағалау балдары есепке қосылмайды."),
    ("kk", "Бұл ретте өзін-өзі бағалау ескерілмейді."),
    ("kk", "Орташа балл өзін-өзі бағалауды қоспағанда айқындалады.")])
def test_a_questionnaire_mean_that_leaves_the_self_evaluation_out_says_so(
        lang, excluding, tmp_path):
    """A sentence leaving the self-evaluation out of the questionnaire's mean (grammar/
    facts_meaning.yaml `excluded_respondents`) is written in its aggregation, per competency
    or over every answer at once; the mean's clause without it leaves every answer in."""
    source = (FIXTURES / f"tables_overall_{lang}.txt").read_text("utf-8")
    overall = next(line for line in source.splitlines() if line.strip().startswith("2."))
    assert sole_aggregation(source.replace(overall, f"{overall} {excluding}"), lang,
                            tmp_path) == \
        "sum(answer_points) / count(answers), self-evaluation excluded"
    kept = {"ru": "Служащий заполняет анкету в отношении себя (самооценка).",
            "kk": "Қызметші сауалнаманы өзіне қатысты толтырады (өзін-өзі бағалау)."}[lang]
    assert "excluded" not in sole_aggregation(source.replace(overall, f"{overall} {kept}"),
                                              lang, tmp_path)


@pytest.mark.parametrize("lang, other", [
    ("ru", "      3. Балл по КПЭ руководителя выставляется от 1 до 5."),
    ("kk", "      3. Басшының НТК бойынша балы 1-ден 5-ке дейін қойылады.")])
def test_a_blank_list_of_items_takes_the_one_range_its_items_are_scored_by(lang, other, tmp_path):
    """A sheet listing KPIs that neither it nor a clause citing it gives a range takes the
    one range the decree gives a KPI's score ("Каждый КПЭ оценивается … от 0 до 5 …
    согласно приложению 2", citing the conversion table); two ranges of that score give it
    none."""
    from parser.facts import extract
    source = (FIXTURES / f"tables_kpi_items_{lang}.txt").read_text("utf-8")

    def ranges(text: str) -> list:
        path = tmp_path / f"{lang}.txt"
        path.write_text(text, "utf-8")
        forms = [f for f in extract(parse_file(path)).facts if f.kind == "form"]
        assert len(forms) == 1
        return [(p["low"], p["high"]) for p in forms[0].fields["parameters"]]

    assert ranges(source) == [(Decimal(0), Decimal(5))]
    second = next(line for line in source.splitlines() if line.strip().startswith("2."))
    assert ranges(source.replace(second, f"{second}\n{other}")) == [(None, None)]


@pytest.mark.parametrize("lang, asked", [
    ("ru", "Оцените служащего по каждой компетенции целым числом баллов от 1 до 5."),
    ("kk", "Қызметшіні әрбір құзырет бойынша 1-ден 5-ке дейінгі бүтін санмен бағалаңыз.")])
def test_a_range_a_questionnaire_asks_of_the_competencies_scores_an_answer(lang, asked, tmp_path):
    """A sentence of a 360 questionnaire asking the respondent to score each competency states
    the range of one answer (`competency_answer_score`), as its header does; the same sentence
    under a sheet the evaluator fills scores the competency."""
    from parser.facts import extract
    source = (FIXTURES / f"tables_overall_{lang}.txt").read_text("utf-8")
    title = {"ru": " Анкета оценки служащего методом 360",
             "kk": " 360 әдісімен қызметшіні бағалау сауалнамасы"}[lang]
    assert title in source

    def subjects(text: str) -> set:
        path = tmp_path / f"{lang}.txt"
        path.write_text(text, "utf-8")
        return {f.fields["subject"] for f in extract(parse_file(path)).facts
                if f.kind == "score_range" and f.address.startswith("app1/app1")
                and "5" in f.quote and "Балл" not in f.quote}

    asking = source.replace(title, f"{title}\n\n {asked}")
    assert subjects(asking) == {"competency_answer_score"}
    sheet = {"ru": " Лист оценки компетенций служащего", "kk": " Қызметшінің құзыреттерін бағалау парағы"}
    assert subjects(asking.replace(title, sheet[lang])) == {"competency_score"}


@pytest.mark.parametrize("header", ["НЫИ атауы", "Наименование КПИ", "KPI атауы"])
def test_a_kpi_is_named_by_any_of_the_lexicons_abbreviations(header):
    """The KPI's abbreviations are written once, in the lexicon concept `kpi`; the word tables
    name them "<kpi>" ("НЫИ атауы" lists key indicators as "ННИ атауы" does)."""
    from parser.facts import lexicon
    assert {"КЦИ", "ННИ", "НЫИ", "ТТК"} <= set(lexicon.abbreviations("kpi"))
    spec = tables.words()["scale_subject"]["headers"]
    assert next(k for k, w in spec.items() if tables.says(header, w)) == "kpi_score"
    assert not tables.says("Кцинская область", ["<kpi>"])


@pytest.mark.parametrize("text", [
    "Итоговый балл по КЦИ (Бк = сумма произведений балла на вес / 100)",
    "НЫИ бойынша қорытынды балл (Бн = балдың салмаққа көбейтіндісінің қосындысы / 100)"])
def test_a_sum_of_products_over_a_hundred_is_no_mean(text):
    """A total row summing the products of points and weights over 100 is a weighted sum,
    never the sheet's mean, though it names a sum, a division and the KPIs."""
    assert tables.worded([text]) is None
    assert tables.worded([text.replace("произведений балла на вес", "баллов по КЦИ")
                          .replace("балдың салмаққа көбейтіндісінің қосындысы",
                                   "НЫИ балдарының қосындысы")]) == "sum(scores) / count(scores)"


@pytest.mark.parametrize("lang, every", [
    ("ru", "Балл служащего по методу 360 равен сумме всех баллов, выставленных "
           "респондентами, деленной на число полученных ответов."),
    ("kk", "360 әдісі бойынша баға респонденттер қойған барлық балдардың орташа арифметикалық "
           "мәні ретінде шығарылады.")])
def test_a_questionnaire_mean_of_every_point_given_is_one_mean(lang, every, tmp_path):
    """The mean of every point the respondents gave ("всех баллов", "барлық балдардың") takes
    every answer at once, as "по всем вопросам" does: not per competency."""
    source = (FIXTURES / f"tables_overall_{lang}.txt").read_text("utf-8")
    overall = next(line for line in source.splitlines() if line.strip().startswith("2."))
    assert sole_aggregation(source.replace(overall, "      2. " + every), lang, tmp_path) == \
        "sum(answer_points) / count(answers)"


def test_a_formula_of_counts_alone_is_no_sheets_total():
    """A sheet's line reading nothing but whole counts ("0,3 × количество нарушений") is a
    term of its total, never the aggregation of its scores."""
    def formula(target, expression, *read):
        return Fact(kind="formula", address="app1/app2/table1", span=Span(start=0, end=1),
                    quote="", fields={"target": target, "expression": expression,
                                      "variables": {target: "", **{v: "" for v in read}}})
    assert tables.counted_term(formula("b", "0.3 * violations", "violations"))
    assert not tables.counted_term(formula("average_score", "sum(scores) / count(scores)",
                                           "scores"))
    assert not tables.counted_term(formula("quarterly_points", "100 + a - b", "a", "b"))


@pytest.mark.parametrize("lang, note, who", [
    ("ru", "Примечание: компетенция 2 оценивается только в отношении руководителей.", "manager"),
    ("ru", "Примечание: * компетенция 2 оценивается только в отношении руководителей.",
     "manager"),
    ("kk", "Ескертпе: 2-құзырет тек басшыларға қатысты бағаланады.", "manager"),
])
def test_a_note_keeps_a_competency_by_its_number_to_a_position(lang, note, who, tmp_path):
    """A note under a questionnaire naming a competency by its number and the position it is
    evaluated for keeps that competency to the position; the others are everyone's."""
    from parser.facts import extract
    source = (FIXTURES / f"tables_overall_{lang}.txt").read_text("utf-8")
    path = tmp_path / f"{lang}.txt"
    path.write_text(source.rstrip("\n") + "\n\n " + note + "\n", "utf-8")
    found = {f.fields["name"]: f.fields["categories"] for f in extract(parse_file(path)).facts
             if f.kind == "competency"}
    assert len(found) == 2
    kept = [c for c in found.values() if c == [who]]
    assert len(kept) == 1 and list(found.values())[1] == [who], found


@pytest.mark.parametrize("lang", ["ru", "kk"])
def test_a_table_broken_at_its_lines_of_one_cell_is_one_table(lang):
    """A text export writes a header cell's second line ("(за каждый случай)") and a group's
    heading row as lines with no cell break, so the table stops at each: the parts, numbered
    on, are one table of points, every row its own points, no form (round 24)."""
    from parser.facts import extract
    found = extract(parse_file(FIXTURES / f"tables_broken_{lang}.txt")).facts
    tables_found = [f for f in found if f.kind in ("lookup_table", "form")]
    assert [(f.kind, f.address) for f in tables_found] == [("lookup_table", "app1/app1/table1")]
    assert [r["value"] for r in tables_found[0].fields["rows"]] == [4, 2, 3, 1]
    assert tables_found[0].fields["input"] == "encouraged_activity"


@pytest.mark.parametrize("lang", ["ru", "kk"])
def test_a_points_table_named_by_its_title_with_points_in_words(lang):
    """A table of points whose key column names no input ("Вид дополнительной деятельности",
    "Қосымша қызмет түрі") takes it from its title ("… и поощрительные баллы", "…
    көтермелеу балдары"); a points cell in words ("два балла за каждый день", "әр күн үшін
    екі балл") gives its number (round 24)."""
    from parser.facts import extract
    found = [f for f in extract(parse_file(FIXTURES / f"tables_worded_{lang}.txt")).facts
             if f.kind == "lookup_table"]
    assert [(f.fields["name"], [r["value"] for r in f.fields["rows"]]) for f in found] == \
        [("encouraged_activity_points", [4, 2, 3])]


SHEET_ROWS = {
    "ru": ("Методика оценки\n\nГлава 1. Общие положения\n\n1. Оценка заносится в лист:\n",
           "№ п/п\tМероприятие плана\tБалл (от 1 до 5)\n1\tПервое мероприятие\t\n"
           "2\tВторое мероприятие\t\n"
           "3\tСредний балл (сумма баллов строк 1–2 / количество мероприятий)\t\n"
           "4\tКоличество подтвержденных фактов нарушения трудовой дисциплины\t\n"
           "5\tСнимаемые баллы (строка 4 × 0,3)\t\n"
           "6\tИтоговый балл (строка 3 – строка 5)\t\n"),
    "kk": ("Бағалау әдістемесі\n\n1-тарау. Жалпы ережелер\n\n1. Баға парақа енгізіледі:\n",
           "Р/с №\tЖоспардың іс-шарасы\tБалл (1-ден 5-ке дейін)\n1\tБірінші іс-шара\t\n"
           "2\tЕкінші іс-шара\t\n"
           "3\tТоқсандық орташа балл (1–2-жолдардағы балдардың жиынтығы / іс-шаралар саны)\t\n"
           "4\tЕңбек тәртібін бұзудың расталған фактілерінің саны\t\n"
           "5\tШегерілетін балдар (4-жол × 0,3)\t\n"
           "6\tҚорытынды балл (3-жол – 5-жол)\t\n"),
}


@pytest.mark.parametrize("lang", ["ru", "kk"])
def test_a_sheet_row_reckoned_from_other_rows_is_a_formula(lang):
    """Rows that reckon their value from other rows by number ("Снимаемые баллы (строка 4 ×
    0,3)", "Қорытынды балл (3-жол – 5-жол)") are formulas over the values those rows hold: the
    mean of the scored rows, the count of violations, the deduction (round 24); the mean's
    row closes the sheet's parameters though a qualifier comes before its summary word
    ("Тоқсандық орташа балл")."""
    from parser.compile import parse_raw
    from parser.facts import extract
    from parser.model import RawText
    text = SHEET_ROWS[lang][0] + SHEET_ROWS[lang][1]
    doc = parse_raw(RawText(path=f"rows.{lang}.txt", format="text", text=text), "rows")
    found = [(f.fields["target"], f.fields["expression"]) for f in extract(doc).facts
             if f.kind == "formula"]
    assert found == [("average_score", "sum(scores) / count(scores)"),
                     ("b", "0.3 * violations"), ("final_score", "average_score - b")]


SUMMARY_ROWS = {
    "ru": ["№ п/п\tЗадача плана\tБалл (от 1 до 5)\n1\tЗадача 1\t\n2\tЗадача 2\t\n"
           "3\tЗадача 3\t\n\tРезультат выполнения ИПР (среднее арифметическое баллов)\t\n",
           "№ п/п\tПараметр оценки\tБалл (от 1 до 5)\n1\tКачество работы\t\n2\tСоблюдение сроков\t\n"
           "3\tДисциплина\t\n\tКвартальная оценка (сумма баллов, деленная на 3)\t\n",
           "№ п/п\tНаименование КЦИ\tВес КЦИ (%)\tБалл (от 1 до 5)\n1\t\t\t\n2\t\t\t\n3\t\t\t\n"
           "\tИтоговая оценка\t\t\n\t(сумма взвешенных\t\t\n\tбаллов по всем КЦИ)\t\t\n"],
    "kk": ["Р/с №\tЖоспардың міндеті\tБалл (1-ден 5-ке дейін)\n1\t1-міндет\t\n2\t2-міндет\t\n"
           "3\t3-міндет\t\n\tЖеке жоспардың орындалу бағасы (балдардың орташа арифметикалық мәні)\t\n",
           "Р/с №\tБағалау параметрі\tБалл (1-ден 5-ке дейін)\n1\tЖұмыс сапасы\t\n2\tМерзімдерді сақтау\t\n"
           "3\tТәртіп\t\n\tТоқсандық баға (балдар сомасы / 3)\t\n",
           "Р/с №\tННИ атауы\tННИ салмағы (%)\tБалл (1-ден 5-ке дейін)\n1\t\t\t\n2\t\t\t\n3\t\t\t\n"
           "\tТоқсандық баға\t\t\n\t(салмақталған\t\t\n\tбалдардың қосындысы)\t\t\n"],
}
# (target, expression) of the row's formula, and the form's aggregation: a sheet of numbered
# tasks aggregates its own scores
SUMMARY_FORMULAS = [("plan_score", "avg(plan_target_scores)", "sum(scores) / count(scores)"),
                    ("average_score", "sum(scores) / count(scores)", "sum(scores) / count(scores)"),
                    ("kpi_weighted_score", "sum(kpi_scores * kpi_weights) / 100",
                     "sum(kpi_scores * kpi_weights) / 100")]


@pytest.mark.parametrize("lang", ["ru", "kk"])
@pytest.mark.parametrize("at", range(3))
def test_a_row_under_the_parameters_states_the_sheets_formula(lang, at):
    """A row under a sheet's numbered parameters that states in its bracket how the sheet is
    reckoned is a formula whatever the row is called, without a summary word ("Квартальная
    оценка (сумма баллов, деленная на 3)", "Тоқсандық баға (балдар сомасы / 3)"); its target
    is the mean of the list the words before the bracket name where they name one (the plan's
    score, the mean of its targets' scores), and a weighted sum in words is the KPI's weighted score, its bracket going on in
    the rows under it as a PDF's wrapped cell does ("Итоговая оценка" / "(сумма взвешенных"
    / "баллов по всем КЦИ)"), the form's aggregation where nothing else states one (round 43)."""
    from parser.compile import parse_raw
    from parser.facts import extract
    from parser.model import RawText
    text = SHEET_ROWS[lang][0] + SUMMARY_ROWS[lang][at]
    facts = extract(parse_raw(RawText(path=f"sum.{lang}.txt", format="text", text=text),
                              "sum")).facts
    assert [(f.fields["target"], f.fields["expression"]) for f in facts
            if f.kind == "formula"] == [SUMMARY_FORMULAS[at][:2]]
    assert [f.fields["aggregation"] for f in facts if f.kind == "form"] == \
        [SUMMARY_FORMULAS[at][2]]


ROW_EQUATIONS = {
    "ru": "№ п/п\tПараметр оценки\tБалл (от 1 до 5)\n1\tКачество работы\t\n2\tСоблюдение сроков\t\n"
          "3\tИнициативность\t\n\tСредний балл (СБ = сумма баллов / 3)\t\n"
          "\tКоличество фактов нарушения трудовой дисциплины (К)\t\n"
          "\tСнижение (Н = 0,2 × К, но не более 1 балла)\t\n"
          "\tИтоговая оценка (ИО = СБ – Н, с округлением до десятых)\t\n",
    "kk": "Р/с №\tБағалау параметрі\tБалл (1-ден 5-ке дейін)\n1\tЖұмыс сапасы\t\n2\tМерзімдерді сақтау\t\n"
          "3\tБастамашылдық\t\n\tОрташа балл (ОБ = балдар қосындысы / 3)\t\n"
          "\tЕңбек тәртібін бұзу фактілерінің саны (Н)\t\n"
          "\tШегерім (Ш = 0,2 × Н, 1 балдан аспайды)\t\n"
          "\tТоқсандық баға (ТБ = ОБ – Ш, ондық үлеске дейін дөңгелектенеді)\t\n",
}


@pytest.mark.parametrize("lang", ["ru", "kk"])
def test_a_sheets_rows_are_a_legend_of_their_equations(lang):
    """Rows stating equations in their brackets are formulas over the symbols the other rows
    name by their words ("Средний балл (СБ = …)", "… фактілерінің саны (Н)"); a symbol no
    row's words name ("Снижение (Н = 0,2 × К …)", "Шегерім (Ш = …)") is what its own
    equation computes, the deduction per violation; what follows a comma (a cap, a
    rounding) is no part of the expression, the rounding rounds the row's value and the cap
    caps the deduction (round 43)."""
    from parser.compile import parse_raw
    from parser.facts import extract
    from parser.model import RawText
    text = SHEET_ROWS[lang][0] + ROW_EQUATIONS[lang]
    facts = extract(parse_raw(RawText(path=f"eq.{lang}.txt", format="text", text=text),
                              "eq")).facts
    assert [(f.fields["target"], f.fields["expression"]) for f in facts
            if f.kind == "formula"] == [("average_score", "sum(scores) / count(scores)"),
                                        ("b", "0.2 * violations"),
                                        ("final_score", "average_score - b"),
                                        ("rounded_score", "round(final_score, 1)")]
    # the cap after the deduction's equation is the period's total deduction's
    assert [(f.fields["scale"], f.fields["condition"], f.fields["max"]) for f in facts
            if f.kind == "score_cap"] == [("penalty_points", "always", 1)]


@pytest.mark.parametrize("lang, names", [
    ("ru", ["Задача 1", "Задача 2", "Задача 3 (при наличии)"]),
    ("kk", ["1-міндет", "2-міндет", "3-міндет (бар болса)"]),
])
def test_a_sheet_of_plan_tasks_closes_at_its_reckoning_rows(lang, names):
    """A sheet whose name column is the plan's task ("Задача плана", "Жоспардың міндеті") is
    a form of those tasks; the total reckoned in words ("(сумма баллов, деленная на число
    оцененных задач)", "(балдардың қосындысы … міндеттер санына бөлінеді)") closes them, and
    so do the unnumbered rows under the last numbered one (round 24)."""
    from parser.facts import extract
    found = extract(parse_file(FIXTURES / f"tables_tasks_{lang}.txt")).facts
    forms = [f for f in found if f.kind == "form"]
    assert [[p["name"] for p in f.fields["parameters"]] for f in forms] == [names]
    assert forms[0].fields["aggregation"] == "sum(scores) / count(scores)"


PIPE_BANDS = {
    "ru": ("1. Годовой балл служащего оценивается по шкале:\n\n"
           "| № п/п | Годовая оценка | Годовой балл |  |\n|---|---|---|---|\n"
           "|  |  | от (включительно) | до (включительно) |\n"
           "| 1 | «эффективно» | 105,1 | – |\n| 2 | «удовлетворительно» | 85 | 105,0 |\n"
           "| 3 | «неудовлетворительно» | – | 84,9 |\n",
           ["effective", "satisfactory", "unsatisfactory"]),
    "kk": ("1. Қызметшінің жылдық балы мына шкала бойынша бағаланады:\n\n"
           "| № | Жылдық баға | Жылдық балл |  |\n|---|---|---|---|\n"
           "|  |  | бастап (қоса алғанда) | дейін (қоса алғанда) |\n"
           "| 1 | «тиімді» | 105,1 | – |\n| 2 | «қанағаттанарлық» | 85 | 105,0 |\n"
           "| 3 | «қанағаттанарлықсыз» | – | 84,9 |\n",
           ["effective", "satisfactory", "unsatisfactory"]),
}


@pytest.mark.parametrize("lang", ["ru", "kk"])
def test_a_pipe_table_header_merged_across_is_read_as_merged(tmp_path, lang):
    """A Markdown pipe table merges no cell: a header cell merged across two columns is
    written once with an empty cell after it ("Годовой балл |  |" over "от (включительно) |
    до (включительно)"), a cell merged down leaves its lower cell empty. The header is read as
    the table laid it out: the score's two bound columns under "Годовой балл"."""
    text, grades = PIPE_BANDS[lang]
    path = tmp_path / "bands.md"
    path.write_text(text, encoding="utf-8")
    found, _ = tables.facts(parse_file(path))
    bands = [f for f in found if f.kind == "grade_band"]
    assert [(f.fields["grade"], f.fields["low"], f.fields["high"]) for f in bands] == \
        [(grades[0], Decimal("105.1"), None), (grades[1], Decimal("85"), Decimal("105.0")),
         (grades[2], None, Decimal("84.9"))]


@pytest.mark.parametrize("lang, asked", [
    ("ru", ["Сообщает ли служащий о рисках заранее?", "Признает ли служащий свои ошибки?"]),
    ("kk", ["Қызметші тәуекелдер туралы алдын ала хабарлай ма?",
            "Қызметші өз қателерін мойындай ма?"])])
def test_a_competencys_cell_merged_down_over_its_numbered_questions_keeps_them(lang, asked,
                                                                              tmp_path):
    """A questionnaire numbering its questions, each competency's cell merged down over its
    questions (a .docx reads the cells it covers as empty): a numbered row whose competency
    cell is empty adds its question to the competency above, as an unnumbered row does."""
    from parser.facts import extract
    source = (FIXTURES / f"tables_overall_{lang}.txt").read_text("utf-8")
    rows = source[source.index("\n1\t") + 1:].splitlines()
    first, second = (row.split("\t") for row in rows)
    merged = "\n".join(["\t".join(["1", *first[1:]]), f"2\t\t{asked[0]}\t",
                        "\t".join(["3", *second[1:]]), f"4\t\t{asked[1]}\t"])
    path = tmp_path / f"{lang}.txt"
    path.write_text(source[:source.index("\n1\t") + 1] + merged + "\n", "utf-8")
    found = [f.fields for f in extract(parse_file(path)).facts if f.kind == "competency"]
    assert [(c["name"], c["indicators"]["questions"]) for c in found] == [
        (first[1], [first[2], asked[0]]), (second[1], [second[2], asked[1]])]


QUESTIONNAIRE_WORDS = {
    "ru": {"joint": "Компетенция / вопрос", "question": "Вопрос (поведенческий индикатор)",
           "competencies": ["Ответственность", "Командная работа"],
           "asked": ["Исполняет ли служащий поручения в срок?", "Признает ли служащий ошибки?",
                     "Помогает ли служащий коллегам?"]},
    "kk": {"joint": "Құзырет / сұрақ", "question": "Сұрақ (мінез-құлық индикаторы)",
           "competencies": ["Жауапкершілік", "Командада жұмыс"],
           "asked": ["Қызметші тапсырмаларды мерзімінде орындай ма?",
                     "Қызметші қателерін мойындай ма?", "Қызметші әріптестеріне көмектесе ме?"]}}


def _questionnaire(lang: str, column: str, rows, tmp_path) -> tuple[list, list]:
    """The competencies (name, questions) and the form's parameters (number, name, low, high)
    read from the fixture's questionnaire, its table replaced by a header of a number column,
    `column` and a scored column, and `rows` (each given the competencies and the questions)."""
    from parser.facts import extract
    w = QUESTIONNAIRE_WORDS[lang]
    source = (FIXTURES / f"tables_overall_{lang}.txt").read_text("utf-8")
    lines = [f"№\t{w[column]}\tБалл (1 – 5)", *rows(*w["competencies"], *w["asked"])]
    path = tmp_path / f"{lang}.txt"
    path.write_text(source[:source.index("\n№\t") + 1] + "\n".join(lines) + "\n", "utf-8")
    facts = extract(parse_file(path)).facts
    form = next(f.fields for f in facts if f.kind == "form")
    return ([(f.fields["name"], f.fields["indicators"]["questions"]) for f in facts
             if f.kind == "competency"],
            [(p["number"], p["name"], p["low"], p["high"]) for p in form["parameters"]])


@pytest.mark.parametrize("lang", ["ru", "kk"])
def test_a_competency_and_its_questions_in_one_column_numbered_under_it(lang, tmp_path):
    """A questionnaire whose one column holds the competencies ("1") and, numbered under each,
    its questions ("1.1", "1.2"), the header naming both ("Компетенция / вопрос",
    "Құзырет / сұрақ"): each competency keeps its questions, none of them its own name."""
    found, parameters = _questionnaire(lang, "joint", lambda a, b, q1, q2, q3: [
        f"1\t{a}\t", f"1.1\t{q1}\t", f"1.2\t{q2}\t", f"2\t{b}\t", f"2.1\t{q3}\t"], tmp_path)
    (first, second), (q1, q2, q3) = QUESTIONNAIRE_WORDS[lang]["competencies"], \
        QUESTIONNAIRE_WORDS[lang]["asked"]
    assert found == [(first, [q1, q2]), (second, [q3])]
    assert [p[:2] for p in parameters] == [(1, first), (2, second)]


@pytest.mark.parametrize("lang", ["ru", "kk"])
def test_competencies_as_headings_between_numbered_questions(lang, tmp_path):
    """A questionnaire numbering its questions one after another, each competency a heading
    row of one cell across the table above its questions: the headings are the
    competencies, the numbered questions theirs and the form's parameters, each on the
    header's scale."""
    found, parameters = _questionnaire(lang, "question", lambda a, b, q1, q2, q3: [
        f"{a}\t\t", f"1\t{q1}\t", f"2\t{q2}\t", f"{b}\t\t", f"3\t{q3}\t"], tmp_path)
    (first, second), (q1, q2, q3) = QUESTIONNAIRE_WORDS[lang]["competencies"], \
        QUESTIONNAIRE_WORDS[lang]["asked"]
    assert found == [(first, [q1, q2]), (second, [q3])]
    assert parameters == [(1, q1, 1, 5), (2, q2, 1, 5), (3, q3, 1, 5)]
