"""The clause tree: golden outlines, lossless coverage, numbering diagnostics, kk/ru parity."""

from __future__ import annotations

import re

import pytest
import yaml

from parser.compile import coverage, parse_file, parse_raw
from parser.lang import detect
from parser.model import RawText

from conftest import FIXTURES, ROOT, corpus_entries, entries_for

GOLDEN = ROOT / "tests" / "golden"
OUTLINED = ("main", "appendix", "addressee", "title", "issuing", "status", "note", "preamble",
            "signature", "chapter", "section", "clause", "subpoint", "table")
_LABEL = re.compile(r"^(?:\d+(?:-\d+)*[.)]\s*)")


def fold(text: str) -> str:
    return " ".join(text.split())


def read_golden(path) -> list[tuple[str, str]]:
    """`address | prefix` lines, comments and blank lines skipped."""
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            address, _, prefix = line.partition("|")
            rows.append((address.strip(), prefix.strip()))
    return rows


def outline(doc) -> list[tuple[str, str]]:
    rows = []
    for node in doc.nodes():
        if node.kind == "table":
            rows.append((node.address, f"rows={len(node.children)}"))
        elif node.kind in OUTLINED:
            rows.append((node.address, fold(node.heading or node.text)))
    return rows


@pytest.mark.parametrize("doc_id, path", [(i, p) for i, p in corpus_entries()
                                          if (GOLDEN / f"{i}.outline.txt").exists()])
def test_golden_outline(doc_id, path, parsed):
    golden_file = GOLDEN / f"{doc_id}.outline.txt"
    if not golden_file.exists():
        pytest.fail(f"no golden outline for {doc_id}")
    want = read_golden(golden_file)
    got = outline(parsed(doc_id, path))
    assert [a for a, _ in got] == [a for a, _ in want]
    for (address, text), (_, prefix) in zip(got, want):
        prefix = fold(prefix)
        if prefix.startswith("rows="):
            assert text == prefix, address
        else:
            assert fold(_LABEL.sub("", text)).startswith(prefix) or text.startswith(prefix), \
                f"{address}: {text[:60]!r} does not start with {prefix!r}"


def _all_documents():
    yield from corpus_entries()
    for path in sorted(FIXTURES.glob("*.txt")):
        yield path.stem, path


@pytest.mark.parametrize("doc_id, path", list(_all_documents()))
def test_every_character_belongs_to_exactly_one_leaf(doc_id, path, parsed):
    doc = parsed(doc_id, path)
    covered, total, bad = coverage(doc)
    assert total > 0
    assert bad == [], [doc.text[max(0, i - 10):i + 10] for i in bad[:5]]
    assert covered == total


@pytest.mark.parametrize("doc_id, path", entries_for("parse_without_fallback"))
def test_addresses_are_unique_and_parse_without_fallback(doc_id, path, parsed):
    doc = parsed(doc_id, path)
    addresses = [n.address for n in doc.nodes()]
    assert len(addresses) == len(set(addresses))
    assert not [d for d in doc.diagnostics if d.severity == "error"]


def test_seed_004_duplicate_clause_21_is_a_warning(parsed):
    doc = parsed("almaty-oblast-akimat-2017-97",
                 ROOT / "corpus/almaty-oblast-akimat-2017-97/source.txt")
    dups = [d for d in doc.diagnostics if d.code == "NUMBER_DUPLICATE"]
    assert [d.address for d in dups] == ["app1/ch4/p21~2"]
    assert dups[0].location.line == 112  # the second "21." in the source file


def test_seed_002_cut_addressee_of_appendix_5_is_inferred_and_reported(parsed):
    # The source's appendix 5 addressee block stops at "… мемлекеттік әкімшілік" (line 545),
    # with no "5-қосымша"; clause 35 names the form appendix 5.
    doc = parsed("mdai-order-2023-279", ROOT / "corpus/mdai-order-2023-279/source.txt")
    found = [(d.code, d.location.line) for d in doc.diagnostics if d.severity == "warning"]
    assert found == [("APPENDIX_NUMBER_INFERRED", 545)]
    assert "app1/app5/table1" in {n.address for n in doc.nodes()}


def _decree(body: str) -> str:
    return ("Әдістемені бекіту туралы\n\nАудан әкімдігінің 2024 жылғы 1 наурыздағы № 1 қаулысы\n\n"
            "Аудан әкімдігі ҚАУЛЫ ЕТЕДІ:\n\n1. Бекітілсін.\n\nАудан әкімі А. Асанов\n\n"
            "Аудан әкімдігінің 2024 жылғы 1 наурыздағы № 1 қаулысына қосымша\n\n" + body)


@pytest.mark.parametrize("numbers, expected", [
    ([1, 2, 4], [("NUMBER_GAP", "clause 4 follows 2: clause 3 missing")]),
    # at 3, clause 2 is missing; then 2 comes out of order: both are said
    ([1, 3, 2], [("NUMBER_GAP", "clause 3 follows 1: clause 2 missing"),
                 ("NUMBER_ORDER", "clause 2 comes after clause 3")]),
    ([1, 2, 2, 3], [("NUMBER_DUPLICATE", "clause 2 is numbered like the one before it")]),
])
def test_numbering_diagnostics(numbers, expected):
    body = "\n\n".join(f"{k}. Тармақ мәтіні {k}." for k in numbers)
    doc = parse_raw(RawText(path="t.md", format="markdown", text=_decree(body)), "t")
    found = [(d.code, d.message) for d in doc.diagnostics if d.severity == "warning"]
    assert found == expected
    assert not [d for d in doc.diagnostics if d.severity == "error"]


def test_kazakh_and_russian_editions_have_the_same_addresses():
    kk = parse_file(FIXTURES / "parity_kk.txt")
    ru = parse_file(FIXTURES / "parity_ru.txt")
    assert (kk.lang, ru.lang) == ("kk", "ru")
    shape = lambda doc: [(n.address, n.kind, n.number) for n in doc.nodes()]
    assert shape(kk) == shape(ru)
    assert "app1/app1/table1/row3/cell1" in {n.address for n in kk.nodes()}


def test_block_languages_are_detected(parsed):
    doc = parsed("zhanakorgan-akimat-2026-10", ROOT / "corpus/zhanakorgan-akimat-2026-10/source.txt")
    langs = {n.lang for n in doc.nodes() if n.kind == "clause"}
    assert langs == {"ru"}


@pytest.mark.parametrize("text, lang", [
    # a formula's indexed symbols ("Бі", "і-го": a Latin "i" folded to "і") are no Kazakh
    ("Оценка рассчитывается по формуле: О = Σ (Бі × Ві) / 100, где: Бі – балл і-го КЦИ; "
     "Ві – вес і-го КЦИ в процентах.", "ru"),
    ("Баға мына формула бойынша есептеледі: Б = Σ (Бі × Сі) / 100, мұнда: Бі – і-ші "
     "индикатордың балы.", "kk"),
    ("Бағалау парағына қызметші қол қояды.", "kk"),
])
def test_a_kazakh_letter_in_a_symbol_is_no_sign_of_kazakh(text, lang):
    assert detect(text) == lang


def test_a_methodology_without_its_decree_is_read_on_its_own():
    text = "1-тарау. Жалпы ережелер\n\n1. Бағалау жүргізіледі.\n\n1) бірінші;\n\n2. Екінші."
    doc = parse_raw(RawText(path="t.md", format="markdown", text=text), "t")
    assert [d.code for d in doc.diagnostics] == ["NO_DECREE_FRAME"]
    assert [n.address for n in doc.nodes() if n.kind != "paragraph"] == \
        ["app1", "app1/ch1", "app1/ch1/p1", "app1/ch1/p1/sub1", "app1/ch1/p2"]


@pytest.mark.parametrize("text", [
    "1. Общие положения\n\n1.1. Настоящая Методика определяет порядок оценки.\n\n"
    "1.2. В Методике используются понятия:\n\n1.2.1) служба персонала;\n\n"
    "1.2.2) оцениваемый период.\n\n2. Квартальная оценка\n\n2.1. Оценка проводится "
    "ежеквартально.\n\nПояснение к пункту.\n\n2.2. Баллы суммируются.",
    "1. Жалпы ережелер\n\n1.1. Осы әдістеме бағалау тәртібін айқындайды.\n\n"
    "1.2. Әдістемеде мынадай ұғымдар пайдаланылады:\n\n1.2.1) персоналды басқару қызметі;"
    "\n\n1.2.2) бағаланатын кезең.\n\n2. Тоқсандық бағалау\n\n2.1. Бағалау тоқсан сайын "
    "жүргізіледі.\n\nТармаққа түсініктеме.\n\n2.2. Балдар қосылады.",
], ids=["ru", "kk"])
def test_clauses_numbered_in_decimals_are_clauses_of_their_chapters(text):
    """A methodology numbering its clauses "2.1.", its sub-points "1.2.1)" under headings
    numbered like clauses ("2. Квартальная оценка"): the headings are chapters, the decimal
    clauses theirs, addressed by their whole numbers; no numbering warning."""
    doc = parse_raw(RawText(path="t.md", format="markdown", text=text), "t")
    assert [n.address for n in doc.nodes() if n.kind != "paragraph"] == [
        "app1", "app1/ch1", "app1/ch1/p1.1", "app1/ch1/p1.2", "app1/ch1/p1.2/sub1.2.1",
        "app1/ch1/p1.2/sub1.2.2", "app1/ch2", "app1/ch2/p2.1", "app1/ch2/p2.2"]
    assert [n.number for n in doc.nodes() if n.kind == "chapter"] == ["1", "2"]
    assert "app1/ch2/p2.1/para1" in {n.address for n in doc.nodes()}
    assert [d.code for d in doc.diagnostics if d.severity == "warning"] == ["NO_DECREE_FRAME"]


@pytest.mark.parametrize("text", [
    "1. Оценке не подлежат служащие:\n\nа) проходящие испытательный срок;\n\n"
    "б) находящиеся в отпуске.\n\n2. В состав входят:\n\n1) председатель;\n\n"
    "а) по должности;\n\nб) по назначению;\n\n2) члены.\n\n3. Оценка указанного в "
    "подпункте б) пункта 1 служащего не проводится.",
    "1. Мынадай қызметшілер бағаланбайды:\n\nа) сынақ мерзіміндегі;\n\n"
    "б) демалыстағы.\n\n2. Құрамына мыналар кіреді:\n\n1) төраға;\n\nа) лауазымы бойынша;"
    "\n\nб) тағайындау бойынша;\n\n2) мүшелер.\n\n3. 1-тармақтың б) тармақшасында "
    "көрсетілген қызметші бағаланбайды.",
], ids=["ru", "kk"])
def test_a_clauses_lettered_items_are_its_sub_points(text):
    """Items lettered "а)", "б)" right under a clause are its sub-points, numbered by their
    rank ("подпункт б) пункта 1" is sub 2); under a numbered sub-point they are its
    paragraphs, and a clause's text naming one ("в подпункте б)") is no item."""
    doc = parse_raw(RawText(path="t.md", format="markdown", text=text), "t")
    nodes = {n.address: n for n in doc.nodes()}
    assert [a for a, n in nodes.items() if n.kind != "paragraph"] == [
        "app1", "app1/p1", "app1/p1/sub1", "app1/p1/sub2", "app1/p2", "app1/p2/sub1",
        "app1/p2/sub2", "app1/p3"]
    assert nodes["app1/p1/sub2"].text in ("находящиеся в отпуске.", "демалыстағы.")
    assert [nodes[f"app1/p2/sub1/para{k}"].text[:2] for k in (1, 2)] == ["а)", "б)"]
    assert [d.code for d in doc.diagnostics if d.severity == "warning"] == ["NO_DECREE_FRAME"]


@pytest.mark.parametrize("lang", ["ru", "kk"])
@pytest.mark.parametrize("before", ["Таблица\tбаллов\n\n", "1-тарау. Жалпы ережелер\n\n",
                                    "Абзац без номера.\n\n"], ids=["table", "heading", "paragraph"])
def test_a_lettered_line_where_no_clause_is_open_is_a_paragraph(lang, before):
    """"а) …" before any clause (after a table row, a heading, a paragraph; in the operative
    part) is a paragraph, never a stop of the grammar (LALR offers the lettered line wherever
    a clause's paragraph could end)."""
    item = "а) оценка проводится;" if lang == "ru" else "а) бағалау жүргізіледі;"
    body = f"{before}{item}\n\n1. Первый пункт.\n\nа) подпункт;"
    for text in (_decree(body), _decree("").replace("1. Бекітілсін.", f"{item}\n\n1. Бекітілсін.")):
        doc = parse_raw(RawText(path="t.txt", format="text", text=text), "t")
        assert not [d for d in doc.diagnostics if d.severity == "error"], text
        kinds = {n.text: n.kind for n in doc.nodes()}
        assert kinds.get(item) == "paragraph", text


def test_text_the_grammar_cannot_place_is_kept_with_an_error(monkeypatch):
    from lark.exceptions import UnexpectedCharacters

    from parser import structure

    class Refusing:
        def parse(self, text, start):
            raise UnexpectedCharacters(text, 0, 1, 1)

    monkeypatch.setattr(structure, "grammar", lambda: Refusing())
    text = "Бір жол.\n\n1. Бағалау жүргізіледі.\n"
    doc = parse_raw(RawText(path="t.txt", format="text", text=text), "t")
    assert [d.code for d in doc.diagnostics] == ["STRUCTURE_UNPARSED"]
    covered, total, _ = coverage(doc)
    assert covered == total == len("Біржол.1.Бағалаужүргізіледі.")


@pytest.mark.parametrize("doc_id, path", list(_all_documents()))
def test_every_source_character_reaches_the_text_or_is_reported(doc_id, path, parsed):
    doc = parsed(doc_id, path)
    reached = {off for ch, off in zip(doc.text, doc.offsets) if not ch.isspace()}
    for r in doc.removed:
        reached.update(range(r.start, r.end))
    lost = [i for i, ch in enumerate(doc.raw_text) if not ch.isspace() and i not in reached]
    assert lost == [], [doc.raw_text[max(0, i - 10):i + 10] for i in lost[:5]]


@pytest.mark.parametrize("lines, title", [
    (["Нысан", "Бағалау парағы"], "Бағалау парағы"),
    (['"БЕКІТЕМІН" Жоғары тұрған басшы', "(тегі, бас әріптер)", "күні _____", "Жеке жоспар"],
     "Жеке жоспар"),
    (["Форма оценочного листа руководителя"], "Форма оценочного листа руководителя"),
])
def test_appendix_title_skips_form_marks_and_stamps(lines, title):
    text = _decree("\n\n".join(["1. Бағалау жүргізіледі.", "Әдістемеге 1-қосымша", *lines,
                                "1-тарау. Жалпы"]))
    doc = parse_raw(RawText(path="t.md", format="markdown", text=text), "t")
    titles = {n.address: n.text for n in doc.nodes() if n.kind == "title"}
    assert titles["app1/app1/title"] == title


MOVED = yaml.safe_load((GOLDEN / "moved_words.yaml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("doc_id, path", [(i, p) for i, p in corpus_entries() if i in MOVED])
def test_moved_word_lines_are_flagged(doc_id, path, parsed):
    doc = parsed(doc_id, path)
    lines = sorted(d.location.line for d in doc.diagnostics if d.code == "MOVED_WORDS")
    assert lines == MOVED[doc_id]


@pytest.mark.parametrize("doc_id, path", entries_for("node_languages"))
def test_every_clause_and_heading_has_the_decree_language(doc_id, path, parsed):
    lang = yaml.safe_load((path.parent / "meta.yaml").read_text(encoding="utf-8"))["lang"]
    doc = parsed(doc_id, path)
    wrong = [(n.address, n.lang) for n in doc.nodes()
             if n.kind in ("chapter", "section", "clause", "subpoint", "title") and n.lang != lang]
    assert wrong == []


@pytest.mark.parametrize("text", [
    "Қарасу аудандық мәслихатының шешімі\n\nБағалау әдістемесін бекіту туралы\n\n"
    "Мәслихат ШЕШТІ:\n\n1. Әдістеме бекітілсін.\n\n2. Осы шешім ресми жарияланған күнінен "
    "кейін он күн өткен соң қолданысқа енгізіледі.\n\nМәслихат хатшысы Н. Жұмабаев\n\n"
    "ҚОСТАНАЙ ОБЛЫСЫНЫҢ ӘДІЛЕТ ДЕПАРТАМЕНТІ\n\nНормативтік құқықтық актілерді мемлекеттік "
    "тіркеу тізілімінде\n\n2022 ж. «07» қазан\n\n№ 30071 болып тіркелді\n\n"
    "Мәслихаттың 2022 жылғы 28 қыркүйектегі № 14/98 шешімімен бекітілген\n\n"
    "Бағалау әдістемесі\n\n1. Бағалау тоқсанына бір рет жүргізіледі.\n",
    "Решение маслихата района\n\nОб утверждении методики оценки\n\nМаслихат РЕШИЛ:\n\n"
    "1. Утвердить методику.\n\n2. Настоящее решение вводится в действие по истечении десяти "
    "календарных дней.\n\nСекретарь маслихата Н. Жумабаев\n\nДЕПАРТАМЕНТ ЮСТИЦИИ "
    "КОСТАНАЙСКОЙ ОБЛАСТИ\n\nЗарегистрировано в Реестре государственной регистрации "
    "нормативных правовых актов 7 октября 2022 года № 30071\n\n"
    "Утверждена решением маслихата от 28 сентября 2022 года № 14/98\n\n"
    "Методика оценки\n\n1. Оценка проводится раз в квартал.\n",
])
def test_a_registration_stamp_under_the_signature_closes_the_act(text):
    """The justice body's registration stamp set under the signature (a scanned copy's last
    page) is the act's issuing data: the act keeps its frame, its methodology is appendix 1."""
    doc = parse_raw(RawText(path="t.txt", format="text", text=text), "t")
    kinds = {n.address: n.kind for n in doc.nodes()}
    assert kinds.get("main/p2") == "clause" and kinds.get("main/signature") == "signature"
    assert kinds.get("main/issuing") == "issuing"
    assert kinds.get("app1/p1") == "clause"
    assert not [d for d in doc.diagnostics if d.code in ("NO_DECREE_FRAME", "STRUCTURE_UNPARSED")]


CAPITAL_HEADINGS = {
    "kk": ["1. ЖАЛПЫ ЕРЕЖЕЛЕР", "1. Осы Әдістеме бағалау тәртібін айқындайды.",
           "2. Бағалау тоқсан сайын жүргізіледі.",
           "2. ҚҰРЫЛЫМДЫҚ БӨЛІМШЕ БАСШЫСЫНЫҢ, ВЕДОМСТВО БАСШЫСЫ ОРЫНБАСАРЫНЫҢ ЖӘНЕ АУМАҚТЫҚ ОРГАН "
           "БАСШЫСЫНЫҢ ҚЫЗМЕТІН НЕГІЗГІ ТИІМДІЛІК КӨРСЕТКІШТЕРІ БОЙЫНША БАҒАЛАУ ТӘРТІБІ",
           "3. Бағалау парағы толтырылады.", "3. ҚОРЫТЫНДЫ ЕРЕЖЕЛЕР",
           "4. Шағым он жұмыс күні ішінде қаралады."],
    "ru": ["1. ОБЩИЕ ПОЛОЖЕНИЯ", "1. Настоящая Методика определяет порядок оценки.",
           "2. Оценка проводится ежеквартально.",
           "2. ПОРЯДОК ОЦЕНКИ ДЕЯТЕЛЬНОСТИ РУКОВОДИТЕЛЯ СТРУКТУРНОГО ПОДРАЗДЕЛЕНИЯ, ЗАМЕСТИТЕЛЯ "
           "РУКОВОДИТЕЛЯ ВЕДОМСТВА И РУКОВОДИТЕЛЯ ТЕРРИТОРИАЛЬНОГО ОРГАНА ПО КЛЮЧЕВЫМ ЦЕЛЕВЫМ "
           "ИНДИКАТОРАМ",
           "3. Оценочный лист заполняется.", "3. ЗАКЛЮЧИТЕЛЬНЫЕ ПОЛОЖЕНИЯ",
           "4. Жалоба рассматривается в течение десяти рабочих дней."]}


@pytest.mark.parametrize("lang", sorted(CAPITAL_HEADINGS))
def test_chapter_headings_in_capitals_numbered_as_clauses_however_long(lang):
    """A chapter heading set in capitals and numbered like a clause is a chapter even when
    it is longer than a short heading (twelve words)."""
    text = "\n\n".join(CAPITAL_HEADINGS[lang]) + "\n"
    doc = parse_raw(RawText(path="t.txt", format="text", text=text), "t")
    assert [(n.address, n.number) for n in doc.nodes() if n.kind in ("chapter", "clause")] == [
        ("app1/ch1", "1"), ("app1/ch1/p1", "1"), ("app1/ch1/p2", "2"), ("app1/ch2", "2"),
        ("app1/ch2/p3", "3"), ("app1/ch3", "3"), ("app1/ch3/p4", "4")]
