"""Scrambled decrees: the parser never crashes, and never loses a character."""

from __future__ import annotations

import random
from functools import lru_cache

import pytest

from parser.compile import coverage, parse_raw
from parser.errors import InputError
from parser.ingest import read
from parser.model import RawText

from conftest import corpus_entries

JUNK = ["\t", "\t\t", "   ", "\u00a0\u00a0 ", "**", "###", "| a | b |", "|---|---|", "$$", "---\t--",
        "1)", "2.", "[bookmark: z1]", "\u2028", "—", "№", "Приложение", "1-қосымша", "\ufeff"]


@lru_cache(maxsize=1)
def corpus_lines() -> list[str]:
    """The lines of every corpus decree's text, each source read by its format's reader (a
    .docx or .pdf is not text on disk)."""
    return [ln for _, path in corpus_entries() for ln in read(path).text.split("\n")]


def scrambled(seed: int) -> str:
    """Lines of the corpus, shuffled, cut and salted with markup and junk."""
    rng = random.Random(seed)
    lines = corpus_lines()
    picked = rng.sample(lines, 60)
    out = []
    for line in picked:
        if rng.random() < 0.3:
            cut = rng.randrange(len(line) + 1)
            line = line[:cut] + rng.choice(JUNK) + line[cut:]
        out.append(line)
        if rng.random() < 0.2:
            out.append("")
    return "\n".join(out)


@pytest.mark.parametrize("layout", ["text", "markdown"])
@pytest.mark.parametrize("seed", range(40))
def test_scrambled_text_parses_losslessly_or_is_refused(seed, layout):
    text = scrambled(seed)
    if layout == "markdown":  # blank-line separated blocks
        text = text.replace("\n", "\n\n")
    try:
        doc = parse_raw(RawText(path=f"fuzz{seed}.txt", format=layout, text=text), "fuzz")
    except InputError as exc:
        assert f"fuzz{seed}.txt" in str(exc)
        return
    covered, total, bad = coverage(doc)
    assert bad == [] and covered == total
    addresses = [n.address for n in doc.nodes()]
    assert len(addresses) == len(set(addresses))
    # the grammar places every scrambled text; only an impossible one falls back to paragraphs
    assert not [d.code for d in doc.diagnostics if d.severity == "error"]


@pytest.mark.parametrize("seed", range(40))
def test_scrambled_decrees_give_facts_with_provenance_and_never_crash(seed):
    """Fact extraction over the scrambled decrees: every fact points at a node that exists
    and quotes its own span; every diagnostic has an address and a span."""
    from parser.facts import extract
    from parser.facts.model import fold

    try:
        doc = parse_raw(RawText(path=f"fuzz{seed}.txt", format="text", text=scrambled(seed)),
                        "fuzz")
    except InputError:
        return
    result = extract(doc)
    addresses = {n.address for n in doc.nodes()}
    text = fold(doc.text)
    for fact in result.facts:
        assert fact.address in addresses and fact.quote and fact.quote in text
        assert 0 <= fact.span.start < fact.span.end <= len(doc.text)
    for note in result.diagnostics:
        assert note.address and note.span is not None
