"""The behavioural-indicators reader (parser/facts/indicators.py): seed 001's flattened
appendix 4 against its gold, small real-table and flattened fixtures in both languages, and
the text repairs the reader relies on."""

from __future__ import annotations

from collections import Counter

import pytest
import yaml

from conftest import CORPUS, FIXTURES, ROOT
from parser.compile import parse_file
from parser.facts import indicators
from parser.facts.model import fold

SEED = "beskaragay-maslikhat-2020-57-14"
# Seed 001 has 22 competency rows; every one must match its gold exactly.
MIN_EXACT = 22
EXPECTED = yaml.safe_load((FIXTURES / "indicators_expected.yaml").read_text("utf-8"))


def key(address, name, cats, effective, ineffective) -> tuple:
    """What a competency fact is compared on (strings white-space folded, order kept)."""
    return (address, fold(name), tuple(cats), tuple(fold(i) for i in effective),
            tuple(fold(i) for i in ineffective))


def fact_key(fact) -> tuple:
    f = fact.fields
    assert fact.kind == "competency" and set(f) == {"name", "categories", "indicators"}
    return key(fact.address, f["name"], f["categories"], f["indicators"]["effective"],
               f["indicators"]["ineffective"])


@pytest.fixture(scope="module")
def seed(parsed):
    doc = parsed(SEED, CORPUS / SEED / "source.txt")
    return doc, *indicators.facts(doc)


def test_seed_001_matches_gold(seed):
    _, found, _ = seed
    gold = yaml.safe_load((ROOT / "tests" / "gold" / f"{SEED}.facts.yaml").read_text("utf-8"))
    wanted = [key(g["address"], g["name"], g["categories"], g["indicators"]["effective"],
                  g["indicators"]["ineffective"])
              for g in gold["facts"] if g["kind"] == "competency"]
    got = Counter(fact_key(f) for f in found)
    missed = []
    for want in wanted:
        if got[want]:
            got[want] -= 1
        else:
            missed.append(want)
    exact = len(wanted) - len(missed)
    print(f"seed 001: {exact}/{len(wanted)} competency facts match the gold exactly")
    assert len(found) == len(wanted)
    assert exact >= MIN_EXACT, "missed: " + "; ".join(f"{m[1]} {m[2]}" for m in missed)


def test_seed_001_loses_nothing_and_points_into_the_appendix(seed):
    doc, found, notes = seed
    assert notes == []
    appendix = next(n for n in doc.nodes() if n.address == "app4")
    for fact in found:
        assert appendix.span.start <= fact.span.start < fact.span.end <= appendix.span.end
        assert fact.quote == fact.fields["name"]
        assert fact.quote in fold(doc.text[appendix.span.start:appendix.span.end])


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_fixture(name):
    doc = parse_file(FIXTURES / name)
    found, notes = indicators.facts(doc)
    want = EXPECTED[name]
    assert [fact_key(f) for f in found] == [
        key(e["address"], e["name"], e["categories"], e["effective"], e["ineffective"])
        for e in want["facts"]]
    lost = [n for n in notes if n.code == "UNEXTRACTED"]
    assert len(lost) == len(notes) == len(want["unextracted"])
    for note, text in zip(lost, want["unextracted"]):
        assert note.severity == "warning" and note.span is not None
        assert text in note.message and text in fold(doc.text[note.span.start:note.span.end])


@pytest.mark.parametrize("raw, repaired", [
    ("м а қ с а т ы н д а  ", "мақсатында  "),
    ("Қ ы з м е т  тұтынушыларының", "Қызмет  тұтынушыларының"),
    ("қажет  етет ін  ", "қажет  ететін  "),
    ("тиімді  жұмыс ", "тиімді  жұмыс "),
    ("Ұжымның мүддесін өз ", "Ұжымның мүддесін өз "),
    ("работы  и в срок", "работы  и в срок"),
])
def test_unspace(raw, repaired):
    assert indicators.unspace(raw) == repaired


@pytest.mark.parametrize("text, wanted", [
    ("Басшылыққа сапалы \nқұжаттар дайындайды \nжәне енгізеді.; Өлшеулі уақыт",
     ["Басшылыққа сапалы құжаттар дайындайды және енгізеді", "Өлшеулі уақыт"]),
    ("ескере отырып\n, тапсырмаларды \nорындайды.", ["ескере отырып, тапсырмаларды орындайды"]),
    ("Жедел жұмыс жасамайды\n;\nБелгіленген мерзімдерді сақтамайды.",
     ["Жедел жұмыс жасамайды", "Белгіленген мерзімдерді сақтамайды"]),
    ("түзеді және қарастырады. Қызмет тиімділігін", ["түзеді және қарастырады",
                                                      "Қызмет тиімділігін"]),
    ("Не принимает меры ; Не вносит предложений.", ["Не принимает меры", "Не вносит предложений"]),
])
def test_items(text, wanted):
    assert indicators.items(text) == wanted


@pytest.mark.parametrize("text, wanted", [
    ("E-2; E-3 (құрылымдық \nбөлімшенің басшысы)", ["E-2", "E-3"]),
    ("Е-4", ["E-4"]),
    ("Е-2, Е-3 (руководитель структурного подразделения)", ["E-2", "E-3"]),
    ("С-О-1; D-4", ["C-O-1", "D-4"]),
])
def test_categories(text, wanted):
    assert indicators.categories(text) == wanted


@pytest.mark.parametrize("text, negated", [
    ("Белгіленген мерзімдерді сақтайды; Бөлімше жұмысының сапасын қамтамасыз етеді", False),
    ("Белгіленген мерзімдерді сақтамайды; Сапасыз құжаттар әзірлейді", True),
    ("басшылыққа енгізбейді; ықпал етпейді", True),
    ("Вносит предложения; Соблюдает сроки", False),
    ("Не вносит предложения; Не соблюдает сроки", True),
])
def test_negation(text, negated):
    assert (indicators.negated_share(text) > 0.5) is negated



@pytest.mark.parametrize("lang, head, rows", [
    ("kk", "1. Бағалау тоқсан сайын жүргізіледі.\n\n4-қосымша\n\n"
           "## Құзыреттердің мінез-құлық индикаторлары\n\n"
           "| Санат | Құзырет | Тиімді мінез-құлық индикаторлары | Тиімсіз мінез-құлық индикаторлары |",
     [["С-О-4, D-O-4", "Бастамашылдық", ["ұсыныстар енгізеді", "мәселені өзі анықтайды"],
       ["жаңалыққа қарсы тұрады", "тек тапсырмамен әрекет етеді"]],
      ["", "Адалдық", ["әдеп нормаларын сақтайды"], ["мүдделер қақтығысын жасырады"]]]),
    ("ru", "1. Оценка проводится ежеквартально.\n\nПриложение 4\n\n"
           "## Поведенческие индикаторы компетенций\n\n"
           "| Категория | Компетенция | Эффективные индикаторы | Неэффективные индикаторы |",
     [["С-О-4, D-O-4", "Инициативность", ["вносит предложения", "сам выявляет проблемы"],
       ["противится новому", "действует только по поручению"]],
      ["", "Честность", ["соблюдает нормы этики"], ["скрывает конфликт интересов"]]]),
])
def test_a_table_merges_its_category_cell_and_lists_a_cells_paragraphs(lang, head, rows,
                                                                        tmp_path):
    """A behavioural-indicators table whose category column comes first ("Санат",
    "Категория") and is merged over its competencies' rows (empty below the first) gives
    each row that category; a cell's paragraphs that no ';' parts are one indicator each."""
    table = "\n".join(f"| {cat} | {name} | {'<br>'.join(good)} | {'<br>'.join(bad)} |"
                      for cat, name, good, bad in rows)
    path = tmp_path / "a.md"
    path.write_text(f"{head}\n|---|---|---|---|\n{table}\n", encoding="utf-8")
    found, notes = indicators.facts(parse_file(path, "a"))
    assert not notes
    assert [(f.fields["name"], f.fields["categories"], f.fields["indicators"]) for f in found] \
        == [(name, ["C-O-4", "D-O-4"], {"effective": good, "ineffective": bad})
            for _, name, good, bad in rows]
