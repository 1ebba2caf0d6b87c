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



RUN_ON = {  # a scrambled decree's paragraph: a sheet's clause run on before an entry "Б – …"
    "kk": ("бағалау парақтары осы Әдістемеге 1 қосымшаға сәйкес нысан бойынша – өзге "
           "қызметшілер үшін", "Б"),
    "ru": ("листа по формам согласно приложению 1 к настоящей Методике – в отношении "
           "служащих", "Б"),
}


@pytest.mark.parametrize("lang", sorted(RUN_ON))
def test_a_run_of_words_before_a_legends_entry_is_no_run_of_terms(lang):
    """A legend run on after commas is cut before each entry ("…, Б – балл"), unless what
    stands before the comma is an entry's terms ("Т1, Т2 – …"). A run of words is no run of
    terms, and telling so ends: two terms of letters never touch, so a word is not split
    into terms every way (such a paragraph of a scrambled decree once took hours)."""
    from parser.facts.formulas import _lines

    words, symbol = RUN_ON[lang]
    text = f"{words}, {symbol} – балл"
    assert [piece for piece, _ in _lines(text, 0, len(text))] == [words, f"{symbol} – балл"]
