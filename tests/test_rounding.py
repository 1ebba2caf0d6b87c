"""A stated rounding rule is a formula `T = round(X, n)` (docs/facts.md, "Rounding"), read in
both languages; a sentence that rounds without saying to how many digits gives none; and the
evaluator applies it where the value is graded or looked up."""

from __future__ import annotations

from decimal import Decimal

import pytest

from parser.facts import rounding
from parser.rules.build import compiled
from parser.rules.interpret import evaluate
from parser.rules.lower import covers
from parser.rules.draft import Computation, Draft, Eligibility, Scale
from parser.rules.plan import Band, Source


@pytest.mark.parametrize("sentence, target, expression", [
    ("Итоговые оценки рассчитываются с точностью до сотых долей балла.", "rounded_score",
     "round(score, 2)"),
    ("Тоқсандық орташа балл жүздікке дейін дөңгелектенеді.", "rounded_score", "round(score, 2)"),
    ("Уровень достижения индикатора определяется с точностью до одного знака после запятой.",
     "kpi_percent_rounded", "round(kpi_percent, 1)"),
    ("Көрсеткіштің орындалу пайызы ондық үлеске дейін дөңгелектенеді.", "kpi_percent_rounded",
     "round(kpi_percent, 1)"),
    # a rule on the year's score alone rounds that score; one on a quarter's and a year's
    # rounds the graded score
    ("Жылдық балл бүтін санға дейін дөңгелектенеді.", "rounded_score", "round(annual_score, 0)"),
    ("24. Годовая оценка округляется до сотых долей балла.", "rounded_score",
     "round(annual_score, 2)"),
    ("Тоқсандық және жылдық балл жүздікке дейін дөңгелектенеді.", "rounded_score",
     "round(score, 2)"),
    ("Квартальный и годовой баллы рассчитываются с точностью до сотых долей балла.",
     "rounded_score", "round(score, 2)"),
    # the mean of the quarters' points rounded before a table converts it to another scale
    ("Тоқсандық бағалардың орташа мәні бүтін санға дейін дөңгелектенеді және бес балдық "
     "шәкілге ауыстырылады.", "quarterly_avg", "round(avg(quarterly_points), 0)"),
    ("Среднее значение квартальных оценок округляется до целых и переводится в пятибалльную "
     "систему по таблице.", "quarterly_avg", "round(avg(quarterly_points), 0)"),
    # more wordings of the digits (issue 10, round 6): "до сотой доли", "до целого числа",
    # "с точностью до двух знаков", "үтірден кейінгі екі таңбаға", "бүтін санына / балға дейін"
    ("Итоговая оценка вычисляется с точностью до сотой доли балла.", "rounded_score",
     "round(score, 2)"),
    ("Средний балл определяется с точностью до двух знаков.", "rounded_score",
     "round(score, 2)"),
    ("Процент исполнения показателя округляется до целого числа.", "kpi_percent_rounded",
     "round(kpi_percent, 0)"),
    ("Қорытынды баға үтірден кейінгі екі белгіге дейінгі дәлдікпен есептеледі.",
     "rounded_score", "round(score, 2)"),
    ("Көрсеткіштің орындалу пайызы бүтін санына дейін дөңгелектенеді.", "kpi_percent_rounded",
     "round(kpi_percent, 0)"),
    ("Жылдық баға бүтін балға дейін дөңгелектенеді.", "rounded_score",
     "round(annual_score, 0)"),
    # the digits in any case and with their qualifier (round 35): "с одним знаком", "до
    # одного десятичного знака", "бір ондық белгіге дейін", "екі ондық таңбаға дейін"
    ("Полученный процент исполнения определяется с одним знаком после запятой.",
     "kpi_percent_rounded", "round(kpi_percent, 1)"),
    ("Средний балл округляется до двух десятичных знаков.", "rounded_score", "round(score, 2)"),
    ("Алынған орындалу пайызы бір ондық белгіге дейін дөңгелектенеді.", "kpi_percent_rounded",
     "round(kpi_percent, 1)"),
    ("Орташа балл екі ондық таңбаға дейін дөңгелектенеді.", "rounded_score", "round(score, 2)"),
])
def test_a_rounding_rule_is_a_round_formula(sentence, target, expression):
    rule = rounding._rule(sentence)
    assert (rule["target"], rule["expression"]) == (target, expression)


@pytest.mark.parametrize("sentence", ["Оценка округляется.", "Балл дөңгелектенеді.",
                                      "Оценка выставляется до 31 января."])
def test_no_digits_no_formula(sentence):
    assert rounding._rule(sentence) is None


def ruleset(computations, eligibility=()) -> Draft:
    src = [Source(address="app1/ch1/p9", quote="")]
    bands = [Band(grade="proper", low=Decimal("3.5"), high=Decimal("4.49"), low_inclusive=True,
                  high_inclusive=True, sources=src),
             Band(grade="effective", low=Decimal("4.5"), high=None, low_inclusive=True,
                  high_inclusive=None, sources=src)]
    return Draft(id="t", lang="ru", forms=[], computations=computations, lookups=[], caps=[],
                 scales=[Scale(key="average_score", variables=["score"], bands=bands)],
                 eligibility=list(eligibility), constraints=[], deadlines=[], references=[],
                 labels={})


def test_the_evaluator_rounds_the_graded_value_half_up():
    rule = Computation(target="rounded_score", expression="round(score, 2)",
                       sources=[Source(address="app1/ch1/p6", quote="")])
    rounded = evaluate(compiled(ruleset([rule])), {"score": Decimal("4.495")})
    assert rounded.outputs["grade"] == "effective"
    assert evaluate(compiled(ruleset([])), {"score": Decimal("4.495")}).error.kind == "no_band"


@pytest.mark.parametrize("lang", ["ru", "kk"])
def test_a_final_score_given_directly_takes_the_rounding_of_the_value_it_stands_for(lang):
    """"Итоговая оценка округляется до сотых" / "Қорытынды баға … жүздік үлесіне дейін
    дөңгелектенеді" round the year's score the legend names (`round(annual_score, 2)`); a
    case that gives the final score directly (`score`) is graded on the same scale, so the
    same rule rounds it: 4.495 is 4.5, not a value between two bands."""
    rule = Computation(target="rounded_score", expression="round(annual_score, 2)",
                       sources=[Source(address="app1/ch5/p22", quote="")])
    draft = ruleset([rule]).model_copy(update={"lang": lang, "scales": [
        s.model_copy(update={"variables": ["annual_score", "average_score", "final_score",
                                           "score"]}) for s in ruleset([]).scales]})
    rounded = evaluate(compiled(draft), {"score": Decimal("4.495")})
    assert rounded.outputs["grade"] == "effective"
    assert rounded.outputs["score"] == Decimal("4.5")
    unrounded = draft.model_copy(update={"computations": []})
    assert evaluate(compiled(unrounded), {"score": Decimal("4.495")}).error.kind == "no_band"


@pytest.mark.parametrize("op, value, bound, excluded", [
    ("<", 9, 10, True), ("<", 10, 10, False),      # "менее 10 рабочих дней": an exclusion
    (">=", 14, 15, True), (">=", 15, 15, False),  # "кемінде 15 жұмыс күні": a requirement
])
def test_exclusions_and_requirements(op, value, bound, excluded):
    rule = Eligibility(subject="worked_days", op=op, value=Decimal(bound), unit="working_days",
                       sources=[Source(address="app1/ch1/p5", quote="")])
    result = evaluate(compiled(ruleset([], [rule])), {"worked_days": value, "score": 4.5})
    assert result.outputs["evaluated"] is not excluded


@pytest.mark.parametrize("share, excluded", [
    ("0.7", True), ("0.6", False), ("0.6666666666666666666666666667", True),
    ("0.6666666666666666666666666666", False),
])
def test_a_share_with_no_decimal_is_compared_exactly(share, excluded):
    """Leave over two thirds of the quarter excludes ("более двух третей квартала",
    "тоқсанның үштен екісінен астам"): the fact's value is the share "2/3", which no
    decimal equals; the plan compares `share × 3 > 2`, so no rounding of 2/3 decides."""
    rule = Eligibility(subject="leave_share_of_quarter", op=">", value="2/3",
                       unit="share_of_period", sources=[Source(address="app1/ch1/p5", quote="")])
    result = evaluate(compiled(ruleset([], [rule])),
                      {"leave_share_of_quarter": Decimal(share), "score": 4.5})
    assert result.outputs["evaluated"] is not excluded


@pytest.mark.parametrize("condition, sanction, covered", [
    ("sanction_remark_or_reprimand", "reprimand", True),
    ("sanction_remark_or_reprimand", "strict_reprimand", False),
    ("sanction_strict_reprimand_or_other", "strict_reprimand", True),
    ("sanction_strict_reprimand_or_other", "other", True),
    ("sanction_minor", "strict_reprimand", True),
    ("sanction_major", "remark", False),
    ("sanction_any", "other", True),
])
def test_sanction_groups(condition, sanction, covered):
    assert covers(condition, sanction) is covered


@pytest.mark.parametrize("lang, row", [
    ("ru", "Квартальный балл (сумма баллов, деленная на количество параметров, с точностью до "
           "сотых)"),
    ("kk", "Тоқсандық балл (балдардың қосындысы параметрлер санына бөлінеді, жүздік үлеске "
           "дейін дөңгелектенеді)"),
])
def test_a_sheet_row_rounding_the_value_it_computes_rounds_that_value(lang, row):
    """A sheet's row that computes a value and says it is rounded ("…, округленное до сотых",
    "…, жүздік үлеске дейін дөңгелектенеді") rounds that value, not the graded score (round
    24: a cell is read for its rounding rule, and the formula its words compute names it)."""
    from parser.compile import parse_raw
    from parser.facts import extract
    from parser.model import RawText
    head = {"ru": ("Методика оценки\n\nГлава 1. Общие положения\n\n1. Балл заносится в лист:\n",
                   "№\tПоказатель\tЗначение\n1\tБалл по первому параметру\t\n"
                   "2\tБалл по второму параметру\t\n"),
            "kk": ("Бағалау әдістемесі\n\n1-тарау. Жалпы ережелер\n\n1. Балл парақа енгізіледі:\n",
                   "Р/с №\tКөрсеткіш\tМәні\n1\tБірінші параметр бойынша балл\t\n"
                   "2\tЕкінші параметр бойынша балл\t\n")}[lang]
    text = head[0] + head[1] + f"3\t{row}\t\n"
    doc = parse_raw(RawText(path=f"sheet.{lang}.txt", format="text", text=text), "sheet")
    found = [(f.fields["target"], f.fields["expression"]) for f in extract(doc).facts
             if f.kind == "formula"]
    assert found == [("average_score", "sum(scores) / count(scores)"),
                     ("rounded_score", "round(average_score, 2)")]
