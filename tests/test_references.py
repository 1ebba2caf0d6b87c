"""Reference facts (parser/facts/references.py): every reference of the gold files, and
hand-written Kazakh and Russian decrees in the style of other regions' decrees - acts named by
issuer, date and number, laws a rule is taken from, the model methodology's appendices - with
the facts expected of them written by reading them."""

from __future__ import annotations

from collections import Counter

import pytest

from conftest import ROOT, corpus_entries, entries_for
from parser.compile import parse_raw
from parser.facts import nlp, references
from parser.facts.model import fold
from parser.facts.score import load_gold, match
from parser.model import RawText
from parser.resources import load_table

OWNERS = {"clause", "subpoint", "note", "table", "appendix", "main", "preamble"}
READ = {"clause", "subpoint", "paragraph", "note", "cell", "preamble"}

def reference_facts(doc):
    """from_sentence over every sentence of every read node, addressed as text.py does (to
    the nearest clause, sub-point, note, table, appendix, main part or preamble)."""
    def walk(node, owner):
        owner = node if node.kind in OWNERS else owner
        if node.kind in READ and node.head is not None:
            yield node, owner
        for child in node.children:
            yield from walk(child, owner)

    found = []
    for root in doc.roots:
        for node, owner in walk(root, root):
            lang = node.lang or doc.lang
            text = doc.text[node.head.start:node.head.end]
            for sentence in nlp.analyze(text, lang, base=node.head.start):
                found += references.from_sentence(sentence, lang, owner, doc)
    return found


def triples(facts):
    return Counter((f.address, f.fields["target"], f.fields["purpose"]) for f in facts)


def parse(text: str, name: str):
    return parse_raw(RawText(path=f"{name}.txt", format="text", text=text), name)


# ---------------------------------------------------------------- the gold files

@pytest.mark.parametrize("doc_id, path", entries_for("gold_references"))
def test_every_gold_reference_is_found(doc_id, path, parsed):
    doc = parsed(doc_id, path)
    facts = reference_facts(doc)
    gold = [g for g in load_gold(ROOT / "tests" / "gold" / f"{doc_id}.facts.yaml")
            if g["kind"] == "reference"]
    result = match(facts, gold)["kinds"].get("reference", {"fn": 0})
    assert result["fn"] == 0, result
    extra = set(triples(facts)) - {(g["address"], g["target"], g["purpose"]) for g in gold}
    assert extra == set()


@pytest.mark.parametrize("doc_id, path", corpus_entries())
def test_quotes_are_the_folded_spans_of_the_owner(doc_id, path, parsed):
    doc = parsed(doc_id, path)
    nodes = {n.address: n for n in doc.nodes()}
    for fact in reference_facts(doc):
        node = nodes[fact.address]
        assert node.span.start <= fact.span.start < fact.span.end <= node.span.end
        assert fact.quote == fold(doc.text[fact.span.start:fact.span.end])
        assert fact.kind == "reference" and set(fact.fields) == {"target", "purpose"}


# ---------------------------------------------------------------- hand-written decrees

KK = """Сайрам ауданының жергілікті атқарушы органдарының "Б" корпусы мемлекеттік әкімшілік қызметшілерінің қызметін бағалау әдістемесін бекіту туралы

Түркістан облысы Сайрам ауданы әкімдігінің 2021 жылғы 10 наурыздағы № 85 қаулысы. Түркістан облысының Әділет департаментінде 2021 жылғы 15 наурызда № 6123 болып тіркелді.

Ескерту. Күші жойылды - Түркістан облысы Сайрам ауданы әкімдігінің 12.05.2023 № 215 қаулысымен (алғашқы ресми жарияланған күнінен кейін күнтізбелік он күн өткен соң қолданысқа енгізіледі).

"Қазақстан Республикасының мемлекеттік қызметі туралы" Қазақстан Республикасы Заңының 33-бабының 5-тармағына сәйкес Сайрам ауданының әкімдігі ҚАУЛЫ ЕТЕДІ:

1. Осы қаулының қосымшасына сәйкес Сайрам ауданының жергілікті атқарушы органдарының "Б" корпусы мемлекеттік әкімшілік қызметшілерінің қызметін бағалау әдістемесі бекітілсін.

2. "Сайрам ауданының жергілікті атқарушы органдарының "Б" корпусы мемлекеттік әкімшілік қызметшілерінің қызметін бағалау әдістемесін бекіту туралы" 2018 жылғы 20 сәуірдегі № 112 Сайрам ауданы әкімдігінің қаулысының (Нормативтік құқықтық актілерді мемлекеттік тіркеу тізілімінде № 4551 болып тіркелген) күші жойылды деп танылсын.

3. Түркістан облысы Сайрам аудандық мәслихатының 2019 жылғы 5 шілдедегі № 44/3-VІ "Сайрам аудандық мәслихатының аппараты" мемлекеттік мекемесінің "Б" корпусы қызметшілерін бағалау әдістемесін бекіту туралы" шешіміне мынадай өзгерістер енгізілсін:

4. Мемлекеттік қызметші калибрлеу сессиясының шешіміне Қазақстан Республикасының Әкімшілік рәсімдік-процестік кодексінде белгіленген тәртіпте шағымдана алады.

5. Бағалау нәтижелері "Ақпаратқа қол жеткізу туралы" Қазақстан Республикасының Заңына сәйкес мемлекеттік орган бұл ақпаратты ашуға міндетті жағдайларды қоспағанда, жария етуге жатпайды.

6. Е-1, Е-2, Е-R-1 санаттарының қызметшілерін бағалау тікелей басшымен Үлгілік әдістеменің 1-қосымшасына сәйкес нысан бойынша жүргізіледі.

7. Басшы лауазымдарды атқаратын өзге қызметшілерді бағалау Үлгілік әдістеменің 1-қосымшасына сәйкес нысан бойынша жүргізіледі. Өзге қызметшілерді бағалау құрылымдық бөлімшенің басшысымен Үлгілік әдістеменің 2-қосымшасына сәйкес нысан бойынша жүргізіледі.

8. Жеке жұмыс жоспары осы Әдістеменің 1-қосымшасына сәйкес нысан бойынша жасалады.

9. Осы қаулы алғашқы ресми жарияланған күнінен кейін күнтізбелік он күн өткен соң қолданысқа енгізіледі.
"""

KK_EXPECTED = [
    ("main/note1", "sayram_district_akimat_2023_215", "repealed_by"),
    ("main/p2", "sayram_district_akimat_2018_112", "repeals"),
    ("main/p3", "sayram_district_maslikhat_2019_44_3_VI", "amends"),
    ("main/p4", "administrative_procedural_code", "appeal_of_calibration_decision"),
    ("main/p5", "law_on_access_to_information", "disclosure_exceptions"),
    ("main/p6", "model_methodology_appendix_1", "evaluation_form_structural_head"),
    ("main/p7", "model_methodology_appendix_1", "evaluation_form_manager"),
    ("main/p7", "model_methodology_appendix_2", "evaluation_form_non_manager"),
]

RU = """Об утверждении Методики оценки деятельности административных государственных служащих корпуса "Б" местных исполнительных органов Мактааральского района

Постановление акимата Мактааральского района Туркестанской области от 14 февраля 2024 года № 61

Сноска. Утратило силу постановлением акимата Мактааральского района Туркестанской области от 03.04.2025 № 140 (вводится в действие по истечении десяти календарных дней после дня его первого официального опубликования).

В соответствии с пунктом 5 статьи 33 Закона Республики Казахстан "О государственной службе Республики Казахстан" и приказом Председателя Агентства Республики Казахстан по делам государственной службы от 16 января 2018 года № 13 (зарегистрирован в Реестре государственной регистрации нормативных правовых актов за № 16299) акимат Мактааральского района ПОСТАНОВЛЯЕТ:

1. Утвердить прилагаемую Методику оценки деятельности административных государственных служащих корпуса "Б" местных исполнительных органов Мактааральского района.

2. Признать утратившими силу постановление акимата Мактааральского района от 2 марта 2021 года № 112 "Об утверждении Методики оценки" (зарегистрировано в Реестре государственной регистрации нормативных правовых актов за № 6112) и постановление акимата города Шымкента № 77 от 05.05.2022.

3. Внести в решение Бескарагайского районного маслихата Восточно-Казахстанской области от 12 марта 2018 года № 21/4-VI следующие изменения:

4. Государственный служащий вправе обжаловать решение калибровочной сессии в порядке, предусмотренном Административным процедурно-процессуальным кодексом Республики Казахстан.

5. Результаты оценки не подлежат разглашению, за исключением случаев, когда государственный орган обязан раскрыть такую информацию согласно Закону Республики Казахстан "О доступе к информации".

6. Оценка служащих категорий Е-1, Е-2, Е-R-1 осуществляется непосредственным руководителем по форме согласно приложению 1 к Типовой методике.

7. Оценка служащих, занимающих руководящие должности, проводится по форме согласно приложению 1 к Типовой методике.

8. Оценка иных служащих проводится по форме согласно приложению 2 к Типовой методике.

9. Индивидуальный план работы составляется по форме согласно приложению 3 к настоящей Типовой методике.

10. Настоящее постановление вводится в действие по истечении десяти календарных дней после дня его первого официального опубликования.
"""

RU_EXPECTED = [
    ("main/note1", "maktaaral_district_akimat_2025_140", "repealed_by"),
    ("main/p2", "maktaaral_district_akimat_2021_112", "repeals"),
    ("main/p2", "shymkent_city_akimat_2022_77", "repeals"),
    # the same act as seed 001's main/p1 (Kazakh): the same key
    ("main/p3", "beskaragay_district_maslikhat_2018_21_4_VI", "amends"),
    ("main/p4", "administrative_procedural_code", "appeal_of_calibration_decision"),
    ("main/p5", "law_on_access_to_information", "disclosure_exceptions"),
    ("main/p6", "model_methodology_appendix_1", "evaluation_form_structural_head"),
    ("main/p7", "model_methodology_appendix_1", "evaluation_form_manager"),
    ("main/p8", "model_methodology_appendix_2", "evaluation_form_non_manager"),
]


@pytest.mark.parametrize("text, expected", [(KK, KK_EXPECTED), (RU, RU_EXPECTED)],
                         ids=["kk", "ru"])
def test_hand_written_decrees(text, expected):
    """Legal bases (the preamble's law and order No. 13), registration numbers, the decree's
    own appendices ("осы Әдістеменің", "к настоящей Типовой методике") and the entry into
    force give no reference."""
    assert triples(reference_facts(parse(text, "refs"))) == Counter(expected)


def test_an_act_is_named_alike_in_both_languages():
    assert references.place_key(["Алматы"], "kk") == references.place_key(["Алматинской"], "ru")
    assert references.place_key(["Шығыс", "Қазақстан"], "kk") == "east_kazakhstan"
    assert references.place_key(["Жаңақорған"], "kk") == "zhanakorgan"
    assert references.place_key(["Жанакорганского"], "ru") == "zhanakorgan"


@pytest.mark.parametrize("number, key", [
    ("21/4-VI", "21_4_VI"), ("21/4-VІ", "21_4_VI"),  # Cyrillic І in a Roman numeral
    ("20/2-VII", "20_2_VII"), ("279/НҚ", "279_NK"), ("106", "106"),
])
def test_number_keys(number, key):
    assert references.number_key(number) == key


def test_an_appeal_of_other_decisions_is_not_the_calibration_appeal():
    doc = parse("Қарасу ауданының әкімдігі ҚАУЛЫ ЕТЕДІ:\n\n1. Қызметші тәртіптік жаза туралы "
                "шешімге Әкімшілік рәсімдік-процестік кодекске сәйкес шағымдана алады.\n", "appeal")
    assert reference_facts(doc) == []


@pytest.mark.parametrize("sentence, purpose", [
    ("Калибрлеу сессиясының шешіміне қызметші Әкімшілік рәсімдік-процестік кодексте көзделген "
     "тәртіппен шағым бере алады.", "appeal_of_calibration_decision"),
    ("Служащий вправе подать жалобу на решение калибровочной сессии в порядке, предусмотренном "
     "Административным процедурно-процессуальным кодексом.", "appeal_of_calibration_decision"),
    ("Қызметші Комиссия шешіміне ол шығарылған күннен бастап бір ай ішінде Қазақстан "
     "Республикасының Әкімшілік рәсімдік-процестік кодексінде белгіленген тәртіппен шағымдана "
     "алады.", "appeal_of_commission_decision"),
    ("Решение Комиссии служащий вправе обжаловать в порядке, установленном Административным "
     "процедурно-процессуальным кодексом Республики Казахстан.", "appeal_of_commission_decision"),
], ids=["kk", "ru", "kk-commission", "ru-commission"])
def test_a_calibration_appeal_in_any_words(sentence, purpose):
    """A complaint ("шағым бере алады", "подать жалобу"), not only "шағымдана", "обжаловать";
    in a decree that holds no calibration session, the appeal of its evaluation commission's
    decision (docs/facts.md `appeal_of_commission_decision`)."""
    doc = parse(f"Ауданның әкімдігі ҚАУЛЫ ЕТЕДІ:\n\n1. {sentence}\n", "appeal")
    assert triples(reference_facts(doc)) == Counter(
        [("main/p1", "administrative_procedural_code", purpose)])


@pytest.mark.parametrize("sentence, target", [
    ("Жамбыл облыстық мәслихатының 2017 жылғы 3 наурыздағы \"Жамбыл облыстық мәслихатының "
     "аппараты\" мемлекеттік мекемесінің \"Б\" корпусы мемлекеттік әкімшілік қызметшілерінің "
     "қызметін бағалаудың әдістемесін бекіту туралы\" № 12/5 шешімінің күші жойылды деп "
     "танылсын.", "zhambyl_oblast_maslikhat_2017_12_5"),
    ("Признать утратившим силу решение Жамбылского областного маслихата от 3 марта 2017 года "
     "\"Об утверждении методики оценки деятельности административных государственных "
     "служащих корпуса \"Б\" аппарата маслихата\" № 12/5.", "zhambyl_oblast_maslikhat_2017_12_5"),
], ids=["kk", "ru"])
def test_a_long_quoted_title_between_the_date_and_the_number(sentence, target):
    """The date's act keeps its "№" however long the title quoted between them."""
    doc = parse(f"Облыстық мәслихат ШЕШІМ ҚАБЫЛДАДЫ:\n\n1. {sentence}\n", "title")
    assert triples(reference_facts(doc)) == Counter([("main/p1", target, "repeals")])


@pytest.mark.parametrize("sentence, purpose", [
    ("Комиссия шешіміне бағаланған қызметші Қазақстан Республикасының Әкімшілік "
     "рәсімдік-процестік кодексіне сәйкес шағым жасай алады.", "appeal_of_calibration_decision"),
    ("Решение Комиссии по калибровке оценок служащий обжалует в порядке Административного "
     "процедурно-процессуального кодекса Республики Казахстан.", "appeal_of_calibration_decision"),
    ("Бағалау нәтижелері \"Ақпаратқа қол жеткізу туралы\" Заңда көрсетілген жағдайлардан "
     "басқа кезде жария етілмейді.", "disclosure_exceptions"),
    ("Сведения об оценке разглашению не подлежат, за исключением случаев, установленных "
     "Законом \"О доступе к информации\".", "disclosure_exceptions"),
    ("Қызметшіні бағалау қорытындылары \"Ақпаратқа қол жеткізу туралы\" Заңда айтылған "
     "реттерден басқа жағдайда үшінші тұлғаларға ұсынылмайды.", "disclosure_exceptions"),
    ("Итоги оценки служащего передаются третьим лицам лишь в случаях, названных в Законе "
     "\"О доступе к информации\".", "disclosure_exceptions"),
], ids=["kk-commission", "ru-commission", "kk-public", "ru-divulge", "kk-third", "ru-third"])
def test_a_law_purpose_in_other_words(sentence, purpose):
    """The calibration body named as the decree's commission (in a decree that holds a
    calibration session: its second clause); disclosure as making public ("жария ету",
    "разглашение") or as giving to third parties ("үшінші тұлғаларға", "третьим лицам")."""
    doc = parse(f"Қаланың әкімдігі ҚАУЛЫ ЕТЕДІ:\n\n1. {sentence}\n\n2. {CALIBRATION}\n",
                "purpose")
    assert [(f.address, f.fields["purpose"]) for f in reference_facts(doc)] == [("main/p1", purpose)]


CALIBRATION = "Калибрлеу сессиясы (калибровочная сессия) өтініш бойынша өткізіледі."


@pytest.mark.parametrize("definition, sentence", [
    ("Әдістемеде калибрлеу комиссиясы (бұдан әрі – Комиссия) – қызметшілердің өтініштерін "
     "қарайтын алқалы орган.", "Комиссияның шешіміне қызметші Қазақстан Республикасының "
     "Әкімшілік рәсімдік-процестік кодексінде көзделген тәртіппен шағымдана алады."),
    ("В Методике калибровочная комиссия (далее – Комиссия) – коллегиальный орган, "
     "рассматривающий обращения служащих.", "Решение Комиссии может быть обжаловано в суд в "
     "порядке, предусмотренном Административным процедурно-процессуальным кодексом."),
], ids=["kk", "ru"])
def test_a_commission_defined_as_the_calibrations_body_is_the_calibration(definition, sentence):
    """Round 37: the decree names its calibration commission short ("калибровочная комиссия
    (далее – Комиссия)"): the appeal of the Commission's decision is the calibration's."""
    doc = parse(f"Қаланың әкімдігі ҚАУЛЫ ЕТЕДІ:\n\n1. {definition}\n\n2. {sentence}\n",
                "defined")
    assert [(f.address, f.fields["purpose"]) for f in reference_facts(doc)] == \
        [("main/p2", "appeal_of_calibration_decision")]


@pytest.mark.parametrize("sentence, target, purpose", [
    ("Осы Әдістемеде көзделген мерзімдерді есептеу кезінде жұмыс күндері Қазақстан "
     "Республикасының Еңбек кодексіне сәйкес айқындалады.", "labour_code", "working_days_calendar"),
    ("Сроки, исчисляемые в рабочих днях, определяются с учетом выходных и праздничных дней, "
     "установленных Трудовым кодексом Республики Казахстан.", "labour_code",
     "working_days_calendar"),
    ("Жеке жұмыс жоспары Қазақстан Республикасы Қаржы министрінің 2021 жылғы 5 наурыздағы № 12 "
     "бұйрығымен бекітілген нысан бойынша жасалады.", "finance_minister_2021_12",
     "individual_plan_form"),
    ("Индивидуальный план работы составляется по форме, утвержденной приказом Министра "
     "финансов Республики Казахстан от 5 марта 2021 года № 12.", "finance_minister_2021_12",
     "individual_plan_form"),
    ("Құзыреттер тізбесі мен сауалнама сұрақтары Үлгілік әдістемеге 5-қосымшаға сәйкес "
     "қолданылады.", "model_methodology_appendix_5", "competency_questionnaire"),
    ("Вопросы анкеты по компетенциям применяются согласно приложению 5 к Типовой методике.",
     "model_methodology_appendix_5", "competency_questionnaire"),
], ids=["kk-labour", "ru-labour", "kk-plan-form", "ru-plan-form", "kk-questionnaire",
        "ru-questionnaire"])
def test_rules_taken_from_another_act(sentence, target, purpose):
    """The working days the Labour Code leaves working; a form taken from an act or from the
    model methodology, its purpose what the form is for (grammar/references.yaml `forms`)."""
    doc = parse(f"Қаланың әкімдігі ҚАУЛЫ ЕТЕДІ:\n\n1. {sentence}\n", "taken")
    assert [(f.fields["target"], f.fields["purpose"]) for f in reference_facts(doc)] == [
        (target, purpose)]


# the model methodology's protocol forms, and an appendix named with no form's use (a bare
# methodology: its clauses are the appendix's, app1)
PROTOCOLS = {
    "kk": ("1. Комиссияның шешімі Үлгілік әдістеменің 3-қосымшасына сәйкес нысан бойынша "
           "хаттамамен ресімделеді.\n\n"
           "2. Калибрлеу сессиясы өткізілгеннен кейін оның хаттамасы Үлгілік әдістеменің "
           "4-қосымшасындағы нысанға сәйкес толтырылады.\n\n"
           "3. Қосымша мәліметтер Үлгілік әдістеменің 5-қосымшасында келтірілген.\n"),
    "ru": ("1. Решение Комиссии оформляется протоколом по форме согласно приложению 3 к "
           "Типовой методике.\n\n"
           "2. По итогам калибровочной сессии составляется протокол по форме, приведенной в "
           "приложении 4 к Типовой методике.\n\n"
           "3. Дополнительные сведения приведены в приложении 5 к Типовой методике.\n"),
}


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_protocol_forms_and_an_appendix_with_no_use(lang):
    """A protocol drawn up on the model methodology's form is the commission's, or the
    calibration session's where the sentence names it; an appendix named with no use of its
    form is no fact but an UNEXTRACTED warning at its clause."""
    from parser.facts import extract

    doc = parse(PROTOCOLS[lang], f"protocols-{lang}")
    read = extract(doc)
    assert triples(f for f in read.facts if f.kind == "reference") == Counter([
        ("app1/p1", "model_methodology_appendix_3", "commission_protocol_form"),
        ("app1/p2", "model_methodology_appendix_4", "calibration_protocol_form")])
    assert not [d for d in read.diagnostics if d.code == "FACT_INVALID"]
    assert [d.address for d in read.diagnostics if d.code == "UNEXTRACTED"] == ["app1/p3"]


@pytest.mark.parametrize("case", load_table(ROOT / "tests" / "facts" / "places.yaml"),
                         ids=lambda c: f"{c['lang']}-{c['key']}")
def test_a_place_is_named_alike_in_both_languages(case):
    """A place name in "-а" keeps it but in the genitive after the level word ("города
    Жезказгана"); an adjective in -инск-/-ынск- goes back to its name (tests/facts/places.yaml)."""
    assert references.issuer_in(case["words"], case["lang"])[0] == case["key"]


@pytest.mark.parametrize("lang, defined, appeal, purpose", [
    ("ru", "1) Комиссия по оценке (далее – Комиссия) – коллегиальный орган, создаваемый для "
           "рассмотрения результатов оценки и их калибровки.",
     "Решение Комиссии может быть обжаловано служащим в суд в течение месяца. Обжалование "
     "осуществляется в порядке, предусмотренном Административным процедурно-процессуальным "
     "кодексом Республики Казахстан.", "appeal_of_commission_decision"),
    ("kk", "1) Бағалау жөніндегі комиссия (бұдан әрі – Комиссия) – бағалау нәтижелерін қарайтын "
           "алқалы орган.",
     "Комиссияның шешіміне қызметші Қазақстан Республикасының Әкімшілік рәсімдік-процестік "
     "кодексінде көзделген тәртіппен сотқа шағым жасай алады.", "appeal_of_commission_decision"),
    ("ru", "1) Комиссия – коллегиальный орган, рассматривающий на калибровочной сессии "
           "заявления служащих.",
     "Решение Комиссии может быть обжаловано в порядке, установленном Административным "
     "процедурно-процессуальным кодексом Республики Казахстан.",
     "appeal_of_calibration_decision"),
    ("kk", "1) Комиссия – калибрлеу сессиясында қызметшілердің өтініштерін қарайтын алқалы орган.",
     "Комиссияның шешіміне қызметші бір ай ішінде шағым жасай алады. Шағым жасау Қазақстан "
     "Республикасының Әкімшілік рәсімдік-процестік кодексінде көзделген тәртіппен жүзеге "
     "асырылады.", "appeal_of_calibration_decision"),
], ids=["ru-commission", "kk-commission", "ru-session", "kk-session"])
def test_the_appealed_body_as_the_decree_defines_it(lang, defined, appeal, purpose):
    """The body whose decision is appealed is the one the appeal's words (or the clause's
    before them) name: a commission the decree defines is the commission, though a calibration
    session is held ("Решение Комиссии … обжаловать"), unless it is defined as the calibration
    session's body; an appeal that names no body ("Обжалование осуществляется …", "Шағым жасау
    … жүзеге асырылады") takes the one its clause named before it."""
    head = {"ru": "Глава 1. Общие положения", "kk": "1-тарау. Жалпы ережелер"}[lang]
    doc = parse(f"Методика\n\n{head}\n\n1. Понятия:\n{defined}\n\n2. {CALIBRATION}\n\n"
                f"3. {appeal}\n", "defined")
    assert {f.fields["purpose"] for f in reference_facts(doc)} == {purpose}
