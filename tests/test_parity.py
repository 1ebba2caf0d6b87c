"""Parity of Kazakh and Russian decrees that state the same rules: seed 000 and seed 003,
which restate the same model methodology, and the two editions of one act (ekibastuz kk and
ru). Their facts align by concept (parser/compare/align.py; the address only a hint) except for
the differences listed, with a reason each, in tests/parity/<a>-vs-<b>.yaml (written by reading
both decrees; none for two editions of one act)."""

from __future__ import annotations

import pytest
import yaml

from parser.facts import extract
from parser.compare.align import align, selects
from parser.facts.model import fold
from parser.facts.score import load_gold

from conftest import ROOT, corpus_entries, entries_for

PARITY = ROOT / "tests" / "parity" / "karasu-vs-zhanakorgan.yaml"
SPEC = yaml.safe_load(PARITY.read_text(encoding="utf-8"))
SPECS = {p.stem: yaml.safe_load(p.read_text(encoding="utf-8"))
         for p in sorted((ROOT / "tests" / "parity").glob("*.yaml"))}
SOURCES = dict(corpus_entries())


def exempt(side: str, spec: dict = SPEC) -> list[dict]:
    """The selectors of one side's listed differences."""
    return [s for d in spec["differences"] for s in d.get(side) or []]


def assert_parity(facts_a, facts_b, spec: dict = SPEC) -> None:
    """Every unaligned fact is selected by a listed difference, and every selector of a
    listed difference meets at least one unaligned fact (no stale entries)."""
    result = align(facts_a, facts_b, spec["addresses"])
    assert result.pairs, "nothing aligned"
    for side, left in (("a", result.only_a), ("b", result.only_b)):
        selectors = exempt(side, spec)
        unexplained = [f"{f['kind']} {f['address']}" for f in left
                       if not any(selects(s, f) for s in selectors)]
        assert not unexplained, f"{spec[side]}: facts without a partner: {unexplained}"
        stale = [s for s in selectors if not any(selects(s, f) for f in left)]
        assert not stale, f"{spec[side]}: listed differences not seen: {stale}"


def test_every_difference_has_a_reason():
    assert SPEC["differences"]
    for diff in SPEC["differences"]:
        assert diff["id"] and len(diff["reason"]) > 40, diff["id"]
        assert diff.get("a") or diff.get("b") or diff.get("text"), diff["id"]


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


def spec_params(test: str) -> list:
    """One parameter per parity file; a pair whose first decree tests/ratchet.yaml lists as
    failing `test` is a strict xfail (entries_for)."""
    by_id = {spec["a"]: name for name, spec in SPECS.items()}
    return [pytest.param(by_id[p.values[0]], marks=p.marks, id=by_id[p.values[0]])
            for p in entries_for(test) if p.values[0] in by_id]


@pytest.mark.parametrize("name", sorted(SPECS))
def test_every_pair_agrees_in_its_gold(name):
    spec = SPECS[name]
    gold = [load_gold(ROOT / "tests" / "gold" / f"{spec[s]}.facts.yaml") for s in ("a", "b")]
    assert_parity(*gold, spec)


@pytest.mark.parametrize("name", spec_params("parity_facts"))
def test_every_pair_agrees_in_its_extracted_facts(name, parsed):
    spec = SPECS[name]
    facts = [extract(parsed(spec[s], SOURCES[spec[s]])).facts for s in ("a", "b")]
    assert_parity(*facts, spec)
