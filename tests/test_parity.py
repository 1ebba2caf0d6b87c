"""Parity of the Kazakh seed 000 and the Russian seed 003, which restate the same model
methodology: their facts align by concept (parser/compare/align.py; the address only a hint)
except for the differences listed, with a reason each, in
tests/parity/karasu-vs-zhanakorgan.yaml (written by reading both decrees)."""

from __future__ import annotations

import pytest
import yaml

from parser.facts import extract
from parser.compare.align import align, selects
from parser.facts.model import fold
from parser.facts.score import load_gold

from conftest import ROOT, corpus_entries

PARITY = ROOT / "tests" / "parity" / "karasu-vs-zhanakorgan.yaml"
SPEC = yaml.safe_load(PARITY.read_text(encoding="utf-8"))
SOURCES = dict(corpus_entries())


def exempt(side: str) -> list[dict]:
    """The selectors of one side's listed differences."""
    return [s for d in SPEC["differences"] for s in d.get(side) or []]


def assert_parity(facts_a, facts_b) -> None:
    """Every unaligned fact is selected by a listed difference, and every selector of a
    listed difference meets at least one unaligned fact (no stale entries)."""
    result = align(facts_a, facts_b, SPEC["addresses"])
    assert result.pairs, "nothing aligned"
    for side, left in (("a", result.only_a), ("b", result.only_b)):
        selectors = exempt(side)
        unexplained = [f"{f['kind']} {f['address']}" for f in left
                       if not any(selects(s, f) for s in selectors)]
        assert not unexplained, f"seed {SPEC[side]}: facts without a partner: {unexplained}"
        stale = [s for s in selectors if not any(selects(s, f) for f in left)]
        assert not stale, f"seed {SPEC[side]}: listed differences not seen: {stale}"


def test_every_difference_has_a_reason():
    assert SPEC["differences"]
    for diff in SPEC["differences"]:
        assert diff["id"] and len(diff["reason"]) > 40, diff["id"]
        assert diff.get("a") or diff.get("b") or diff.get("text"), diff["id"]


def test_gold_facts_agree_except_the_listed_differences():
    gold_a = load_gold(ROOT / "tests" / "gold" / f"{SPEC['a']}.facts.yaml")
    gold_b = load_gold(ROOT / "tests" / "gold" / f"{SPEC['b']}.facts.yaml")
    assert_parity(gold_a, gold_b)


def test_a_changed_fact_breaks_parity():
    gold_a = load_gold(ROOT / "tests" / "gold" / f"{SPEC['a']}.facts.yaml")
    gold_b = load_gold(ROOT / "tests" / "gold" / f"{SPEC['b']}.facts.yaml")
    band = next(f for f in gold_b if f["kind"] == "grade_band" and f["grade"] == "proper")
    changed = [dict(f, high=band["high"] - 1) if f is band else f for f in gold_b]
    with pytest.raises(AssertionError, match="grade_band app1/ch1/p7"):
        assert_parity(gold_a, changed)


@pytest.mark.parametrize("side", ["a", "b"])
def test_textual_differences_are_in_the_texts(side, parsed):
    doc = parsed(SPEC[side], SOURCES[SPEC[side]])
    nodes = {n.address: n for n in doc.nodes()}
    for diff in SPEC["differences"]:
        where = (diff.get("text") or {}).get(side)
        if not where:
            continue
        node = nodes[where["address"]]
        text = fold(doc.text[node.span.start:node.span.end])
        if "quote" in where:
            assert fold(where["quote"]) in text, (diff["id"], where)
        if "lacks" in where:
            assert where["lacks"] not in text, (diff["id"], where)


def test_extracted_facts_agree_except_the_listed_differences(parsed):
    facts = [extract(parsed(SPEC[s], SOURCES[SPEC[s]])).facts for s in ("a", "b")]
    assert_parity(*facts)
