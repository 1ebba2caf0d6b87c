"""Our tokenizer (parser/facts/tokenizer.py) against spaCy's, whose algorithm it follows: on
every clause of every corpus decree, in both languages, both give the same pieces at the same
offsets with the same following space. spaCy (the `test` extra) is the reference here; the
fact readers run without it, so `ereje facts` does not pay its import."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest
import spacy
from spacy.lang.ru import Russian
from spacy.lang.tokenizer_exceptions import BASE_EXCEPTIONS
from spacy.tokenizer import Tokenizer

from parser.compile import parse_file
from parser.facts.nlp import INFIX, PREFIX, SUFFIX, TOKEN_MATCH, data, tokenizer

ROOT = Path(__file__).resolve().parent.parent
SOURCES = sorted(ROOT.glob("corpus/*/source.*"))


@cache
def reference(lang: str) -> Tokenizer:
    """spaCy's tokenizer with our affix rules and token patterns, the language's exceptions
    (Russian's, or the base ones spaCy gives a language it does not know) and our
    abbreviations."""
    rules = dict(Russian.Defaults.tokenizer_exceptions if lang == "ru" else BASE_EXCEPTIONS)
    for abbreviation in data()["abbreviations"][lang]:
        for form in {abbreviation, abbreviation[:1].upper() + abbreviation[1:]}:
            rules[form] = [{"ORTH": form}]
    return Tokenizer(spacy.blank("ru").vocab, rules=rules, prefix_search=PREFIX.search,
                     suffix_search=SUFFIX.search, infix_finditer=INFIX.finditer,
                     token_match=TOKEN_MATCH.fullmatch)


def _spacy(text: str, lang: str) -> list[tuple[str, int, bool]]:
    return [(t.text, t.idx, bool(t.whitespace_)) for t in reference(lang)(text)]


def _ours(text: str, lang: str) -> list[tuple[str, int, bool]]:
    return [(p.text, p.idx, p.space) for p in tokenizer(lang)(text)]


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: p.parent.name)
def test_the_corpus_is_cut_as_spacy_cuts_it(source):
    doc = parse_file(source)
    differing = []
    for node in doc.nodes():
        if node.head is None:
            continue
        text, lang = doc.text[node.head.start:node.head.end], node.lang or "kk"
        if _ours(text, lang) != _spacy(text, lang):
            differing.append((node.address, text[:80]))
    assert differing == []


@pytest.mark.parametrize("text, lang", [
    ("и т.д. и т.п. (см. п. 5)", "ru"), ("т.б. құжаттар, сағ. 18.00-ге дейін", "kk"),
    ("«Б» корпусы – 4,5-5 балл", "kk"), ("№ 20/2-VII от 16.01.2018г.", "ru"),
])
def test_a_sentence_is_cut_as_spacy_cuts_it(text, lang):
    assert _ours(text, lang) == _spacy(text, lang)
