"""Amendment instructions applied to base acts written for the tests (tests/fixtures/amend/):
the consolidated trees, restated appendices, provenance per node. The instructions are written
by reading the amending seeds; their new text is the span of the seed's node it names."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import polars as pl
import pytest

from parser.amend.consolidate import apply, consolidated_data, region
from parser.amend.instructions import instructions
from parser.amend.model import ActRef, Instruction
from parser.compile import parse_file, parse_raw
from parser.data import read_data
from parser.model import RawText

from conftest import CORPUS

AMEND = Path(__file__).resolve().parent / "fixtures" / "amend"

KARASU_66 = ActRef(issuer="karasu_district_akimat", kind="resolution", date=dt.date(2023, 3, 30),
                   number="66", key="karasu_district_akimat_2023_66")
KARASU_139 = ActRef(issuer="karasu_district_akimat", kind="resolution",
                    date=dt.date(2025, 8, 14), number="139",
                    key="karasu_district_akimat_2025_139", corpus_id="karasu-akimat-2025-139")
BESKARAGAY_21 = ActRef(issuer="beskaragay_district_maslikhat", kind="decision",
                       date=dt.date(2018, 3, 12), number="21/4-VI",
                       key="beskaragay_district_maslikhat_2018_21_4_vi")
BESKARAGAY_57 = ActRef(issuer="beskaragay_district_maslikhat", kind="decision",
                       date=dt.date(2020, 10, 27), number="57/14-VI",
                       key="beskaragay_district_maslikhat_2020_57_14_vi",
                       corpus_id="beskaragay-maslikhat-2020-57-14")
ALMATY_97 = ActRef(issuer="almaty_oblast_akimat", kind="resolution", date=dt.date(2017, 3, 3),
                   number="97", key="almaty_oblast_akimat_2017_97",
                   corpus_id="almaty-oblast-akimat-2017-97")
ALMATY_266 = ActRef(issuer="almaty_oblast_akimat", kind="resolution", date=dt.date(2017, 6, 27),
                    number="266", key="almaty_oblast_akimat_2017_266")


def fixture_text(name: str) -> str:
    """A base written for the tests, without its "#" header."""
    text = (AMEND / name).read_text(encoding="utf-8")
    return "\n".join(line for line in text.split("\n") if not line.startswith("#"))


def fixture(name: str):
    return parse_raw(RawText(path=name, format="text", text=fixture_text(name)), Path(name).stem)


def seed(doc_id: str):
    return parse_file(CORPUS / doc_id / "source.txt", doc_id)


def nodes(doc) -> dict:
    return {n.address: n for n in doc.nodes()}


def span(node, own: bool = False) -> tuple[int, int]:
    s = node.head if own else node.span
    return (s.start, s.end)


def fold(text: str) -> str:
    return " ".join(text.split())


def outline(doc, prefix: str, rename: tuple[str, str] | None = None) -> list[tuple]:
    """(address, kind, number, folded text) of every node under `prefix`."""
    out = []
    for n in doc.nodes():
        if n.address == prefix or n.address.startswith(prefix + "/"):
            address = rename[1] + n.address[len(rename[0]):] if rename else n.address
            out.append((address, n.kind, n.number, fold(n.text)))
    return out


@pytest.fixture(scope="module")
def karasu():
    """Seed 000 restating the whole methodology of Karasu No. 66."""
    new = seed("karasu-akimat-2025-139")
    ins = Instruction(source_act=KARASU_139, target_act=KARASU_66, target="app1",
                      operation="replace", new_source=span(nodes(new)["app1"]), source="main/p1")
    base = fixture("karasu-akimat-2023-66.txt")
    return base, new, apply(base, [ins], {KARASU_139.key: new}, since=dt.date(2023, 3, 30))


@pytest.fixture(scope="module")
def beskaragay():
    """Seed 001 on Beskaragay No. 21/4-VI: clause 12's first paragraph and appendix 4 in a new
    edition, clauses 5, 34 and 39 changed in the Russian text only."""
    new = seed("beskaragay-maslikhat-2020-57-14")
    at = nodes(new)

    def ins(target, operation, **more):
        return Instruction(source_act=BESKARAGAY_57, target_act=BESKARAGAY_21, target=target,
                           operation=operation, source="main/p1", **more)

    instructions = [ins("app1/ch1/p5", "language_only", language="ru"),
                    ins("app1/ch2/p12/para1", "replace", new_source=span(at["main/p1/para4"])),
                    ins("app1/ch6/p34", "language_only", language="ru"),
                    ins("app1/ch7/p39", "language_only", language="ru"),
                    ins("app4", "replace", new_source=span(at["app4"]))]
    base = fixture("beskaragay-maslikhat-2018-21-4.txt")
    return base, new, apply(base, instructions, {BESKARAGAY_57.key: new})


@pytest.fixture(scope="module")
def almaty():
    """Seed 004's notes: clauses 17 and 18 restated and appendix 1-1 added by No. 266, applied
    to the text as it stood before No. 266; the new text is seed 004's own."""
    new = seed("almaty-oblast-akimat-2017-97")
    at = nodes(new)

    def ins(target, operation, where, note):
        return Instruction(source_act=ALMATY_266, target_act=ALMATY_97, target=target,
                           operation=operation, new_source=where, source=note)

    instructions = [
        ins("app1/ch4/p17", "replace", span(at["app1/ch4/p17"], own=True), "app1/ch4/p17/note1"),
        ins("app1/ch4/p18", "replace", (at["app1/ch4/p18"].span.start,
                                        at["app1/ch4/p18/para1"].span.end), "app1/ch4/p18/note1"),
        ins("app1/app1-1", "insert", span(at["app1/app1-1"]), "app1/app1-1/note1")]
    base = fixture("almaty-oblast-akimat-2017-97-before-266.txt")
    return base, new, apply(base, instructions, {ALMATY_266.key: new})


def test_restated_methodology_is_the_new_appendix_address_by_address(karasu):
    base, new, c = karasu
    assert c.diagnostics == ()
    assert outline(c.document, "app1") == outline(new, "app1")
    assert outline(c.document, "main") == outline(base, "main")


def test_restated_methodology_outline(karasu):
    """Seed 000's methodology, by reading: three chapters of clauses 1-15, 16-17 and 18-23;
    the old one had two chapters of clauses 1-3 and 4-5 and an addressee line."""
    _, _, c = karasu
    chapters = {n.address: [ch.number for ch in n.children if ch.kind == "clause"]
                for n in c.document.nodes() if n.kind == "chapter"}
    assert chapters == {"app1/ch1": [str(k) for k in range(1, 16)],
                        "app1/ch2": ["16", "17"],
                        "app1/ch3": [str(k) for k in range(18, 24)]}
    assert "app1/addressee" not in nodes(c.document)
    assert fold(nodes(c.document)["app1/ch3/p20"].text).startswith(
        "Калибрлеу сессиясы қызметшінің өтініші түскен уақыттан бастап он жұмыс")


def test_provenance_of_a_restated_methodology(karasu):
    _, _, c = karasu
    for address, prov in c.provenance.items():
        if address.startswith("app1"):
            assert (prov.act, prov.since) == (KARASU_139.key, None), address
        else:
            assert (prov.act, prov.since) == (KARASU_66.key, dt.date(2023, 3, 30)), address


def test_restated_clause_paragraph_and_appendix(beskaragay):
    base, new, c = beskaragay
    at, old = nodes(c.document), nodes(base)
    assert c.diagnostics == ()
    assert fold(at["app1/ch2/p12"].text) == (
        "НМИ осы Әдістеменің көрсетілген талаптарға сәйкес 13-тармағында келмесе жоғары тұрған "
        "басшы жеке жұмыс жоспарын түзетуге қайтарады.")
    assert at["app1/ch2/p12"].number == "12"
    assert at["app1/ch2/p12/para1"].text == "Жеке жоспар екі данада жасалады."
    assert outline(c.document, "app1/app4") == outline(new, "app4", ("app4", "app1/app4"))
    for unchanged in ("app1/app1", "app1/app2", "app1/app3", "app1/ch1", "app1/ch6", "main"):
        assert outline(c.document, unchanged) == outline(base, unchanged)
    assert [fold(at[f"app1/ch{ch}/p{p}"].text) for ch, p in ((1, 5), (6, 34), (7, 39))] == \
        [fold(old[f"app1/ch{ch}/p{p}"].text) for ch, p in ((1, 5), (6, 34), (7, 39))]


def test_provenance_of_partial_and_language_only_changes(beskaragay):
    _, _, c = beskaragay
    prov = c.provenance
    assert prov["app1/ch2/p12"].act == BESKARAGAY_57.key
    assert prov["app1/ch2/p12/para1"].act == BESKARAGAY_21.key
    assert prov["app1/ch2"].act == BESKARAGAY_21.key
    assert {a for a, p in prov.items() if a.startswith("app1/app4")} == \
        {a for a, p in prov.items() if p.act == BESKARAGAY_57.key} - {"app1/ch2/p12"}
    marked = {a: p.languages for a, p in prov.items() if p.languages}
    assert marked == {a: {"ru": BESKARAGAY_57.key}
                      for a in ("app1/ch1/p5", "app1/ch6/p34", "app1/ch7/p39")}
    assert {prov[a].act for a in marked} == {BESKARAGAY_21.key}


def test_notes_of_seed_004_rebuild_its_current_text(almaty):
    base, new, c = almaty
    assert c.diagnostics == ()

    def without_notes(doc, prefix):
        return [row for row in outline(doc, prefix) if "/note" not in row[0]]

    for prefix in ("app1/ch4/p17", "app1/ch4/p18", "app1/app1-1"):
        assert without_notes(c.document, prefix) == without_notes(new, prefix)
    assert [r.address for r in c.document.roots] == [
        "main", "app1", "app1/app1", "app1/app1-1", "app1/app2", "app1/app3", "app1/app4"]
    assert outline(c.document, "app1/app2") == outline(base, "app1/app2")
    assert c.provenance["app1/ch4/p17"].act == ALMATY_266.key
    assert c.provenance["app1/app1-1/table1/row3/cell2"].act == ALMATY_266.key
    assert c.provenance["app1/ch4/p16"].act == ALMATY_97.key


def test_delete_insert_and_missing_target():
    base = fixture("karasu-akimat-2023-66.txt")

    def ins(target, operation, text=None):
        return Instruction(source_act=KARASU_139, target_act=KARASU_66, target=target,
                           operation=operation, new_text=text, source="main/p1")

    c = apply(base, [ins("app1/ch1/p2", "delete"),
                     ins("app1/ch2/p6", "insert", "6. Бағалау нәтижелері жасырын ақпарат болып "
                                                  "табылады."),
                     ins("app1/ch9/p40", "replace", "40. Жоқ тармақ.")], {})
    clauses = [n.address for n in c.document.nodes() if n.kind == "clause"
               and n.address.startswith("app1")]
    assert clauses == ["app1/ch1/p1", "app1/ch1/p3", "app1/ch2/p4", "app1/ch2/p5", "app1/ch2/p6"]
    assert c.provenance["app1/ch2/p6"].act == KARASU_139.key
    assert [(d.code, d.address) for d in c.diagnostics] == [("AMENDMENT_NOT_APPLIED",
                                                            "app1/ch9/p40")]


def test_export_is_deterministic_json(beskaragay):
    _, _, c = beskaragay
    first = json.dumps(consolidated_data(c), ensure_ascii=False, sort_keys=True)
    assert first == json.dumps(consolidated_data(c), ensure_ascii=False, sort_keys=True)
    data = json.loads(first)
    app1 = next(r for r in data["roots"] if r["address"] == "app1")
    ch1 = next(ch for ch in app1["children"] if ch["address"] == "app1/ch1")
    p5 = next(p for p in ch1["children"] if p["address"] == "app1/ch1/p5")
    assert (p5["changed_by"], p5["languages"]) == (BESKARAGAY_21.key, {"ru": BESKARAGAY_57.key})
    assert len(data["applied"]) == 5


def test_facts_run_on_the_consolidated_text(karasu):
    """The consolidated text is a decree like any other: the methodology's facts are those of
    the amending act's appendix, at the same addresses with the same quotes."""
    from parser.facts import extract

    _, new, c = karasu

    def keyed(doc):
        return sorted((f.kind, f.address, f.quote) for f in extract(doc).facts
                      if f.address.startswith("app1"))

    assert keyed(c.document) == keyed(new) != []


@pytest.mark.parametrize("base, target, old, new", [
    ("kk", "app1/ch2/p5", "он жұмыс күні", "жеті жұмыс күні"),
    ("ru", "app1/ch1/p10", "пяти рабочих дней", "семи рабочих дней"),
])
def test_word_replacement_changes_only_its_words(base, target, old, new):
    """replace_words ("«бес жұмыс күні» деген сөздер «жеті жұмыс күні» деген сөздермен
    ауыстырылсын", "слова «пяти рабочих дней» заменить словами «семи рабочих дней»"): the
    clause keeps every other word; the words missing from the text are reported."""
    doc = fixture("karasu-akimat-2023-66.txt") if base == "kk" else seed("zhanakorgan-akimat-2026-10")
    ins = Instruction(source_act=KARASU_139, target_act=KARASU_66, target=target,
                      operation="replace_words", old_text=old, new_text=new, source="main/p1")
    before = fold(nodes(doc)[target].text)
    c = apply(doc, [ins], {})
    after = fold(nodes(c.document)[target].text)
    assert after == before.replace(old, new) and after != before
    missing = ins.model_copy(update={"old_text": "сөздер жоқ"})
    assert [d.code for d in apply(doc, [missing], {}).diagnostics] == ["AMENDMENT_NOT_APPLIED"]


AMENDING = read_data(AMEND / "amending.yaml")


@pytest.mark.parametrize("case", AMENDING, ids=[f"{c['base']}-{c['name'][-3:-1]}" for c in AMENDING])
def test_amending_act_end_to_end(case):
    """An amending act read and applied to a corpus decree (tests/fixtures/amend/amending.yaml):
    a clause (or sub-point) inserted without its chapter in the target goes after its numbered
    sibling, in that sibling's chapter (not after the methodology's appendices), its quoted
    text with its nested quotes; a restated sheet's cap holds for that sheet's positions only, in both
    evaluators."""
    from parser.facts import extract
    from parser.pipeline import ruleset_of
    from parser.rules.cases import check
    from test_vector import _same_as_interpreter

    base = seed(case["base"])
    act = parse_raw(RawText(path="act.txt", format="text", text=case["act"]), "act")
    found, _ = instructions(act, extract(act))
    act_key = found[0].source_act.key
    c = apply(base, found, {act_key: act})
    assert c.diagnostics == ()
    for key, kinds in (("order", ("chapter", "clause")), ("subpoints", ("subpoint",))):
        order = [n.address for n in c.document.nodes() if n.kind in kinds]
        at = [order.index(a) for a in case[key]]
        assert [order[k + 1] for k in at[:-1]] == case[key][1:]
    by_address = nodes(c.document)
    for address, text in case["texts"].items():
        node = by_address[address]
        assert fold(c.document.text[node.head.start:node.head.end]) == text
    def whole(address):
        start, end = region(c.document, by_address[address])
        return fold(c.document.text[start:end])

    for address, words in case.get("contains", {}).items():
        assert words in whole(address)
    for address, words in case.get("absent", {}).items():
        assert words not in whole(address)
    assert {a: c.provenance[a].act == act_key for a in case["changed"] + case["unchanged"]} \
        == {a: a in case["changed"] for a in case["changed"] + case["unchanged"]}
    ruleset = ruleset_of(c.document)
    for sample in case["cases"]:
        outcome = check(ruleset, sample)
        assert outcome.passed, outcome
    rows = [{k: str(v).lower() for k, v in s["given"].items() if not isinstance(v, list)}
            | {f"scores_{j + 1}": str(v) for j, v in enumerate(s["given"]["scores"])}
            for s in case["cases"]]
    columns = sorted({k for r in rows for k in r})
    frame = pl.DataFrame({k: pl.Series([r.get(k) for r in rows], dtype=pl.String)
                          for k in columns})
    _same_as_interpreter(ruleset, frame)
