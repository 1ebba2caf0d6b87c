"""Pattern coverage of the meaning lexicon (issue 10 item 7): the report's arithmetic on made-up
firings, and, once the lexicon has entry ids, the rule that every entry fires on a corpus decree
or on a test sentence of tests/facts/phrasings.yaml."""

from __future__ import annotations

from collections import Counter

import pytest

from parser.facts import coverage

from conftest import ROOT, corpus_entries
from parser.data import load_yaml

RATCHET = load_yaml((ROOT / "tests" / "ratchet.yaml").read_text(encoding="utf-8"))


def made_up() -> coverage.Coverage:
    return coverage.Coverage(
        fired={"events.a": Counter({"d1": 2, "d2": 1}), "events.b": Counter({"d1": 1}),
               "anchors.c": Counter(), "anchors.d": Counter(), "grades.e": Counter({"d2": 3})},
        multiword={"events.b", "anchors.c", "events.a"}, tested={"anchors.c"})


def test_entries_firing_on_none_and_multiword_entries_firing_on_one_decree():
    cov = made_up()
    assert cov.unused == ["anchors.c", "anchors.d"]
    assert cov.untested == ["anchors.d"]
    assert cov.narrow == ["events.b"]  # grades.e fires on one decree but is one word
    assert cov.summary() == {"entries": 5, "fire_on_a_decree": 3, "fire_on_none": 2,
                             "only_a_test_sentence": 1, "untested": 1, "multiword_one_decree": 1}


def test_the_report_names_the_decrees_and_flags_what_to_do():
    text = "\n".join(coverage.lines(made_up()))
    assert "events.a" in text and "d1, d2" in text
    assert "NONE: remove it or give it a test sentence" in text.split("anchors.d")[1].split("\n")[0]
    assert "WARNING multi-word, one decree" in text.split("events.b")[1].split("\n")[0]


@pytest.mark.skipif(coverage.lexicon() is None,
                    reason="the meaning tables have no entry ids yet (branch lexicon)")
def test_every_lexicon_entry_fires_on_a_decree_or_a_test_sentence(parsed):
    from parser.facts import extract
    from test_facts import PHRASINGS, read

    docs = [(doc_id, parsed(doc_id, path)) for doc_id, path in corpus_entries()]
    runs = [lambda c=c: read(c["lang"], c["text"], c.get("chapter")) for c in PHRASINGS]
    cov = coverage.measure(docs, extract, runs)  # the whole extraction, as `make bench` reads
    known = {k["entry"] for k in RATCHET.get("lexicon_untested") or []}
    assert sorted(set(cov.untested) - known) == [], \
        "remove these entries or give each a test sentence"
    assert sorted(known - set(cov.untested)) == [], \
        "these entries fire now: strike them from lexicon_untested in tests/ratchet.yaml"
