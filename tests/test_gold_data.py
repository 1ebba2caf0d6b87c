"""The gold fact files stay true to the decrees as parsed: every fact's address exists and
its quote is a verbatim piece of that node (white space folded)."""

from __future__ import annotations

import pytest
import yaml

from conftest import ROOT, entries_for

KINDS = {"grade_band", "score_cap", "score_range", "deadline", "threshold", "formula",
         "lookup_table", "form", "competency", "reference"}


def fold(text: str) -> str:
    return " ".join(text.replace("\u2028", " ").split())


@pytest.mark.parametrize("doc_id, path", entries_for("gold_addresses"))
def test_gold_facts_point_at_real_nodes_and_quotes(doc_id, path, parsed):
    gold = yaml.safe_load((ROOT / "tests" / "gold" / f"{doc_id}.facts.yaml").read_text("utf-8"))
    assert gold["id"] == doc_id and gold["facts"]
    doc = parsed(doc_id, path)
    nodes = {n.address: n for n in doc.nodes()}
    for fact in gold["facts"]:
        assert fact["kind"] in KINDS, fact
        node = nodes.get(fact["address"])
        assert node is not None, f"{fact['kind']} at unknown address {fact['address']}"
        quote = fold(fact.get("quote", ""))
        assert quote in fold(doc.text[node.span.start:node.span.end]) \
            or quote in fold(source_text(doc, node)), \
            f"{fact['address']}: quote not found: {quote[:60]}"


def source_text(doc, node) -> str:
    """The node's text as the source writes it (a gold quote is verbatim source: "Бi" with a
    Latin i, which the normalized text reads in one script, "Бі")."""
    mapped = doc.offsets[node.span.start:node.span.end]
    return doc.raw_text[min(mapped):max(mapped) + 1] if len(mapped) else ""
