"""Parity of Kazakh and Russian decrees that state the same rules: seed 000 and seed 003,
which restate the same model methodology, and the two editions of one act (a corpus decree and
its edition in the other language, whose id adds -kk or -ru). Their facts align by concept
(parser/compare/align.py; the address only a hint) except for the differences listed, with a
reason each, in tests/parity/<a>-vs-<b>.yaml (written by reading both decrees; none for two
faithful editions of one act)."""

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
    for name, spec in SPECS.items():
        for diff in spec["differences"]:
            assert diff["id"] and len(diff["reason"]) > 40, (name, diff["id"])
            assert diff.get("a") or diff.get("b") or diff.get("text"), (name, diff["id"])


def edition_pairs() -> list[tuple[str, str]]:
    """(a, b) of every act whose corpus holds both editions, b's id being a's with the other
    language's suffix; pairs with a held-out edition are left to the round that opens them."""
    metas = {}
    for meta in (ROOT / "corpus").glob("*/meta.yaml"):
        data = yaml.safe_load(meta.read_text(encoding="utf-8"))
        metas[data["id"]] = data
    return sorted((doc_id, f"{doc_id}-{other}") for doc_id, data in metas.items()
                  for other in ({"kk", "ru"} - {data["lang"]})
                  if f"{doc_id}-{other}" in metas
                  and "heldout" not in (data.get("split"), metas[f"{doc_id}-{other}"].get("split")))


def test_every_pair_of_editions_has_a_spec():
    """The two editions of one act compile to the same facts: each pair has its spec (read from
    both texts), with the edition without suffix as `a`."""
    specified = {(spec["a"], spec["b"]) for spec in SPECS.values()}
    missing = [pair for pair in edition_pairs() if pair not in specified]
    assert not missing, f"pairs of editions without a tests/parity spec: {missing}"


@pytest.mark.parametrize("name", sorted(SPECS))
def test_every_spec_names_corpus_decrees_and_their_addresses(name, parsed):
    """A spec's decrees are in the corpus and its address map maps addresses they have."""
    spec = SPECS[name]
    docs = {s: parsed(spec[s], SOURCES[spec[s]]) for s in ("a", "b")}
    addresses = {s: {n.address for n in doc.nodes()} for s, doc in docs.items()}
    for src, dst in (spec["addresses"] or {}).items():
        assert src in addresses["a"] and dst in addresses["b"], (name, src, dst)


def test_a_changed_fact_breaks_parity():
    gold_a = load_gold(ROOT / "tests" / "gold" / f"{SPEC['a']}.facts.yaml")
    gold_b = load_gold(ROOT / "tests" / "gold" / f"{SPEC['b']}.facts.yaml")
    band = next(f for f in gold_b if f["kind"] == "grade_band" and f["grade"] == "proper")
    changed = [dict(f, high=band["high"] - 1) if f is band else f for f in gold_b]
    with pytest.raises(AssertionError, match="grade_band app1/ch1/p7"):
        assert_parity(gold_a, changed)


@pytest.mark.parametrize("name,side", [(n, s) for n in sorted(SPECS) for s in ("a", "b")
                                       if any((d.get("text") or {}).get(s)
                                              for d in SPECS[n]["differences"])])
def test_textual_differences_are_in_the_texts(name, side, parsed):
    spec = SPECS[name]
    doc = parsed(spec[side], SOURCES[spec[side]])
    nodes = {n.address: n for n in doc.nodes()}
    for diff in spec["differences"]:
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
