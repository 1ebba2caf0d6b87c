"""Act metadata and amendment instructions (parser/amend/meta.py, instructions.py) against
tests/fixtures/amend_meta.yaml, written by reading the five seeds and two hand-written
amending acts of other regions (kk and ru)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest
import yaml

from parser.amend.instructions import instructions, locate, locate_span
from parser.amend.meta import act_meta
from parser.amend.refs import corpus_index, own_ref
from parser.compile import parse_file
from parser.facts import extract

ROOT = Path(__file__).resolve().parents[1]
from conftest import corpus_entries  # noqa: E402
EXPECTED = yaml.safe_load((ROOT / "tests/fixtures/amend_meta.yaml").read_text(encoding="utf-8"))


@cache
def read(name: str):
    """(doc, meta, instructions, diagnostics) of a fixture entry."""
    doc = parse_file(ROOT / EXPECTED[name]["path"], name)
    facts = extract(doc)
    found, unread = instructions(doc, facts)
    return doc, act_meta(doc, facts), found, unread


def _root_span_start(doc, address: str) -> int:
    return next(n.span.start for n in doc.nodes() if n.address == address)


@pytest.mark.parametrize("name", list(EXPECTED))
def test_meta(name):
    want = EXPECTED[name]
    _, meta, _, _ = read(name)
    assert meta.id == name
    assert meta.ref.model_dump() == want["ref"]
    assert meta.registration == want["registration"]
    assert meta.status == want["status"]
    assert meta.status_line == want.get("status_line")
    eif = meta.entry_into_force.model_dump(mode="python")
    eif["terms"] = list(eif["terms"])
    assert eif == want["entry_into_force"]


@pytest.mark.parametrize("name", list(EXPECTED))
def test_relations(name):
    want = EXPECTED[name]["relations"]
    _, meta, _, _ = read(name)
    got = sorted(meta.relations, key=lambda r: (r.type, r.target.key))
    want = sorted(want, key=lambda r: (r["type"], r["key"]))
    assert [(r.type, r.target.key) for r in got] == [(w["type"], w["key"]) for w in want]
    for rel, w in zip(got, want):
        assert rel.source == w["source"]
        assert (rel.target.kind, rel.target.date) == (w["kind"], w["date"])
        assert rel.target.number == w.get("number")
        assert list(rel.provisions) == w.get("provisions", [])
        assert list(rel.how) == w.get("how", [])
        assert rel.date == w.get("relation_date")


@pytest.mark.parametrize("name", list(EXPECTED))
def test_instructions(name):
    want = EXPECTED[name]
    doc, meta, found, unread = read(name)
    assert [(i.target, i.operation) for i in found] == \
        [(w["target"], w["operation"]) for w in want["instructions"]]
    for ins, w in zip(found, want["instructions"]):
        assert ins.source_act.key == w.get("source_act", meta.ref.key)
        if "target_act" in w:
            assert ins.target_act.key == w["target_act"]
        if "target_corpus_id" in w:
            assert ins.target_act.corpus_id == w["target_corpus_id"]
        assert ins.language == w.get("language")
        if "source" in w:
            assert ins.source == w["source"]
        if "effective" in w:
            assert ins.effective == w["effective"]
        if "new_text_at" in w:
            start = _root_span_start(doc, w["new_text_at"])
            assert ins.new_source[0] == start
            assert ins.new_text.split("\n")[0] == doc.text[start:].split("\n")[0]
        elif "new_text" in w:
            assert ins.new_text == w["new_text"]
            if w["new_text"] is not None:
                assert doc.text[ins.new_source[0]:ins.new_source[1]] == w["new_text"]
        assert ins.old_text == w.get("old_text")  # replace_words: the words replaced
    assert len(unread) == want["unread"]
    assert all(d.code == "AMENDMENT_UNREAD" and d.span for d in unread)


def test_a_word_replacement_is_read_with_its_words():
    """"слова «…» заменить словами «…»" (ru) and "«…» деген сөздер «…» деген сөздермен
    ауыстырылсын" (kk, corpus agriculture-order-2023-392): the old and the new words."""
    doc, _, found, unread = read("aral_ru")
    ins = next(i for i in found if i.operation == "replace_words")
    assert (ins.target, ins.old_text, ins.new_text) == ("app1/p14", "в течение года",
                                                       "в течение трех лет")
    assert doc.text[ins.new_source[0]:ins.new_source[1]] == "в течение трех лет"
    assert unread == []
    kk = parse_file(ROOT / "corpus/agriculture-order-2023-392/source.txt",
                    "agriculture-order-2023-392")
    found, _ = instructions(kk, extract(kk))
    ins = next(i for i in found if i.operation == "replace_words")
    assert (ins.target, ins.old_text, ins.new_text) == ("app1/p15", "бес жұмыс күні",
                                                       "жеті жұмыс күні")


def test_note_text_leaves_the_note_out():
    doc, _, found, _ = read("almaty-oblast-akimat-2017-97")
    appendix = next(i for i in found if i.target == "app1/app1-1")
    assert "Ескерту" not in appendix.new_text
    assert appendix.new_text.startswith("Алматы облысы әкімдігінің 2017 жылғы")


def test_locate_in_a_target_tree():
    doc, _, _, _ = read("almaty-oblast-akimat-2017-97")
    assert locate(doc, "app1/p17").address == "app1/ch4/p17"  # numbered through chapters
    assert locate(doc, "app1/ch4/p17").address == "app1/ch4/p17"
    assert locate(doc, "app1/p3/sub2").address == "app1/ch1/p3/sub2"
    assert locate(doc, "app1/app1-1").address == "app1/app1-1"
    assert locate(doc, "app1/p99") is None
    clause = locate(doc, "app1/p17/para1")  # the first paragraph is the clause's own text
    assert clause.address == "app1/ch4/p17"
    assert locate_span(doc, "app1/p17/para1") == clause.head
    assert locate(doc, "app1/p17/para2") is None


def test_locate_appendix_at_the_root():
    doc, _, _, _ = read("beskaragay-maslikhat-2020-57-14")
    assert locate(doc, "app1/app4").address == "app4"  # 001's appendix 4 stands at the root


def test_corpus_index_names_every_corpus_decree():
    index = corpus_index()
    assert index["almaty_oblast_akimat_2017_97"] == "almaty-oblast-akimat-2017-97"
    assert index["digital_development_minister_2023_279_NK"] == "mdai-order-2023-279"
    entries = dict(corpus_entries())
    assert set(index.values()) <= set(entries)
    for doc_id in set(entries) - set(index.values()):  # the other edition of an indexed act
        assert own_ref(parse_file(entries[doc_id], doc_id), {}).key in index, doc_id


@pytest.mark.parametrize("text, last", [
    ("«9. Баға мынадай шәкіл бойынша қойылады:\n4 балл және одан жоғары – «тиімді»;\n"
     "4 балдан төмен – «тиімсіз».»;\n3-тармақ алып тасталсын;", "«тиімсіз»."),
    ("«9. Результат оценки определяется так:\n4 балла и более – «эффективно»;\n"
     "менее 4 баллов – «неэффективно».»;\nпункт 3 исключить;", "«неэффективно»."),
])
def test_a_quoted_new_text_ends_where_its_own_guillemet_closes(text, last):
    """A new text quoting grades in guillemets ends at the line closing its own quote, not at
    the first line ending in "»;"."""
    from types import SimpleNamespace

    from parser.amend.instructions import _lines, _quoted
    from parser.model import Span

    doc = SimpleNamespace(text=text)
    lines = _lines(doc, Span(start=0, end=len(text)))
    start, end, after = _quoted(doc, lines, 0)
    assert text[start:end].endswith(last) and after == 3
