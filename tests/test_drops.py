"""No silent drops (issue 10 item 6): a sentence that holds a number with a unit, a day of a
month, a deadline word, a formula or points per violation or activity yields a fact or an
UNEXTRACTED diagnostic, in every corpus decree; the signals are data (grammar/drops.yaml)."""

from __future__ import annotations

import pytest
import yaml

from parser.compile import parse_raw
from parser.facts import drops, extract
from parser.model import RawText

from conftest import ROOT, corpus_entries

SENTENCES = yaml.safe_load((ROOT / "tests" / "facts" / "drops.yaml").read_text("utf-8"))["sentences"]


@pytest.mark.parametrize("case", SENTENCES, ids=[f"{c['lang']}-{c['signal']}-{i}"
                                                 for i, c in enumerate(SENTENCES)])
def test_signal(case):
    assert drops.signal(case["text"]) == case["signal"]


def test_both_languages_have_every_signal():
    seen = {(c["lang"], c["signal"]) for c in SENTENCES}
    for name in drops.signals():
        assert ("ru", name) in seen and ("kk", name) in seen, name


@pytest.mark.parametrize("lang, text", [
    ("ru", "Методика\n\nГлава 1. Общие положения\n\n1. За каждое опоздание служащему снимается "
           "по два условных пункта.\n"),
    ("kk", "Әдістеме\n\n1-тарау. Жалпы ережелер\n\n1. Әрбір кешігу үшін қызметшіден екі шартты "
           "бірлік алынады.\n"),
])
def test_a_rule_no_reader_reads_is_reported_where_it_stands(lang, text):
    doc = parse_raw(RawText(path=f"t.{lang}.txt", format="text", text=text), "t")
    found = extract(doc)
    sentence = doc.text.index(text.split("1. ")[-1][:12])
    notes = [d for d in found.diagnostics if d.code == "UNEXTRACTED"
             and d.span.start <= sentence < d.span.end]
    facts = [f for f in found.facts if f.span.start <= sentence < f.span.end]
    assert notes or facts
    assert not facts, "no reader knows this rule: it must be reported, not read"


@pytest.mark.parametrize("doc_id, path", corpus_entries())
def test_every_signalled_sentence_yields_a_fact_or_a_diagnostic(doc_id, path, parsed):
    doc = parsed(doc_id, path)
    found = extract(doc)
    spans = drops.accounted(doc, found.facts, found.diagnostics)  # a table read row by row too
    silent = []
    for node in drops._text_nodes(doc):
        for start, end in drops.sentences(doc.text[node.head.start:node.head.end],
                                          node.head.start):
            if drops.signal(doc.text[start:end]) and not any(a < end and start < b
                                                             for a, b in spans):
                silent.append((node.address, doc.text[start:end][:60]))
    assert silent == []


@pytest.mark.parametrize("text, read", [
    ("Комиссия формируется из не менее чем 7 (семи) членов, их число должно быть нечетным.",
     "нечетным"),
    ("Комиссия құрамы кемінде 7 (жеті) мүшеден құралады, мүшелер саны тақ болуға тиіс.", "тақ"),
], ids=["ru", "kk"])
def test_a_number_with_a_unit_beside_a_read_part_of_its_sentence_is_reported(text, read):
    """Only the odd number is read: the members' number still stands unread (not in a note)."""
    at = text.index(read)
    covered = drops._Covered([(at, at + len(read))])
    assert drops._uncovered(text, 0, covered, True) == "quantity"
    assert drops._uncovered(text, 0, covered, False) is None
    whole = drops._Covered([(0, len(text))])
    assert drops._uncovered(text, 0, whole, True) is None
