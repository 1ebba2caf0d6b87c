"""The development decrees (tests/fixtures/corpus_dev/, written for the developers in the
portal's layouts) parse with the addresses their facts use: every fact's address exists and
its quote is a verbatim piece of that node, the text is covered and nothing falls back."""

from __future__ import annotations

import re

import pytest
import yaml

from parser.compile import coverage

from conftest import FIXTURES
from test_structure import read_golden

DEV = FIXTURES / "corpus_dev"
SOURCES = sorted(DEV.glob("*.txt"))


def fold(text: str) -> str:
    return " ".join(text.replace("\u2028", " ").split())


def facts_of(path) -> list[dict]:
    """The facts of the decree itself (not its amendment instructions or consolidated view)."""
    return yaml.safe_load(path.with_suffix(".facts.yaml").read_text("utf-8"))["facts"]


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: p.stem)
def test_dev_facts_point_at_real_nodes_and_quotes(path, parsed):
    doc = parsed(path.stem, path)
    nodes = {n.address: n for n in doc.nodes()}
    missing = [f["address"] for f in facts_of(path) if f["address"] not in nodes]
    assert not missing, f"unknown addresses: {sorted(set(missing))}"
    for fact in facts_of(path):
        node = nodes[fact["address"]]
        quote = fold(fact.get("quote", ""))
        assert quote in fold(doc.text[node.span.start:node.span.end]), \
            f"{fact['address']}: quote not found: {quote[:60]}"


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: p.stem)
def test_dev_decrees_parse_fully_and_losslessly(path, parsed):
    doc = parsed(path.stem, path)
    codes = {d.code for d in doc.diagnostics}
    assert not codes & {"STRUCTURE_UNPARSED", "NO_DECREE_FRAME"}, codes
    covered, total, bad = coverage(doc)
    assert bad == [] and covered == total
    addresses = [n.address for n in doc.nodes()]
    assert len(addresses) == len(set(addresses))


FRAME = ("title", "issuing", "status", "preamble", "signature", "addressee", "chapter")


def frame(doc) -> list[tuple[str, str]]:
    """The decree's head and notes, signature, appendix heads and titles, chapters."""
    return [(n.address, n.heading or n.text) for n in doc.nodes()
            if n.kind in FRAME or re.fullmatch(r"main(?:/title)?/note\d+", n.address)]


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: p.stem)
def test_dev_decree_frames(path, parsed):
    want = read_golden(path.with_suffix(".frame"))
    got = frame(parsed(path.stem, path))
    assert [a for a, _ in got] == [a for a, _ in want]
    for (address, text), (_, prefix) in zip(got, want):
        assert fold(text).startswith(fold(prefix)), f"{address}: {text[:80]!r}"
