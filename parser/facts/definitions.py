"""Terms a decree defines for itself: "(далее – КЦИ)", "(бұдан әрі – ТТК)".

A definition in brackets names a short term for the noun phrase before it. From the
definition on, to the end of the document or of the appendix holding it, the short term in
any inflection stands for that phrase: `scope(doc)` makes the language profiles read the
expansion's word keys where the short term's stand (profiles.Profile.keys), so every meaning
table finds in "в течение трех дней со дня проведения КС" what it finds in "… проведения
калибровочной сессии". A short term that is a word of its own expansion ("Комиссия по
оценке (далее – Комиссия)") already means itself and is left as it is. Words in
grammar/definitions.yaml.
"""

from __future__ import annotations

import re
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import cache

from ..model import Document
from ..resources import GRAMMAR, load_table
from . import lexicon, nlp
from .profiles import defining, profile

QUOTES = "«»\"“”„'"


@dataclass(frozen=True)
class Definition:
    """A short term's word keys, the keys it stands for, where it holds (text offsets)."""

    lang: str
    short: tuple[str, ...]
    expansion: str
    start: int
    end: int


@cache
def words() -> dict:
    """grammar/definitions.yaml as loaded."""
    return load_table(GRAMMAR / "definitions.yaml")


@cache
def _pattern(lang: str) -> re.Pattern:
    """A bracketed definition of a language: its short terms are group 1."""
    markers = sorted(words()["markers"][lang], key=len, reverse=True)
    opening = "|".join(r"\s+".join(map(re.escape, m.split())) for m in markers)
    return re.compile(rf"\(\s*(?:{opening})\s*[–—-]\s*([^()]{{1,80}}?)\s*\)", re.IGNORECASE)


def find(doc: Document) -> list[Definition]:
    """Every definition of a document, in text order, with the offsets it holds between."""
    found = []
    for lang in words()["markers"]:
        for match in _pattern(lang).finditer(doc.text):
            end = _scope_end(doc, match.start())
            for short in match[1].split(","):
                made = _definition(doc.text, lang, short.strip(QUOTES + " "), match, end)
                if made is not None:
                    found.append(made)
    return sorted(found, key=lambda d: d.start)


def named(doc: Document) -> list[tuple[str, str, str]]:
    """(language, short term, the words before its bracket) of every bracketed short term
    of a document, whether or not the lexicon knows the term ("калибровочная комиссия
    (далее – Комиссия)": a body the lexicon knows, named short for a narrower one)."""
    found = []
    for lang in words()["markers"]:
        for match in _pattern(lang).finditer(doc.text):
            phrase = _words_before(doc.text, lang, match.start(), words()["breaks"])
            for short in match[1].split(","):
                if short.strip(QUOTES + " ") and phrase:
                    found.append((lang, short.strip(QUOTES + " "),
                                  " ".join(t.text for t in phrase[-words()["window"]:])))
    return found


def _definition(text: str, lang: str, short: str, match: re.Match, end: int):
    """One short term of a bracket -> its Definition, or None when there is nothing to read
    in its place: it names itself (its words stand in its sentence before the bracket,
    "Комиссия по оценке (далее – Комиссия)"), the lexicon knows it already ("КЦИ"), or no word
    of its expansion is a word of the lexicon."""
    prof = profile(lang)
    short_keys = tuple(prof.token_key(t) for t in nlp.tokens(short, lang) if _word(t))
    sentence = _words_before(text, lang, match.start(), words()["sentence_breaks"])
    if not short_keys or all(k in [prof.token_key(t) for t in sentence] for k in short_keys):
        return None
    if lexicon.speaks_of(lang, " ".join(short_keys)):
        return None
    phrase = _words_before(text, lang, match.start(), words()["breaks"])[-words()["window"]:]
    if len(short) > 1 and short.isupper() and short.isalpha():
        phrase = _spelled(phrase, short, lang) or phrase
    expansion = prof.keys(phrase)
    if not phrase or not lexicon.speaks_of(lang, expansion):
        return None
    return Definition(lang, short_keys, expansion, match.end(), end)


def _words_before(text: str, lang: str, at: int, breaks: str) -> list:
    """The word tokens between the last of the `breaks` before `at` and `at`."""
    start = max(text.rfind(ch, 0, at) for ch in breaks) + 1
    return [t for t in nlp.tokens(text[start:at], lang) if _word(t)]


def _word(token) -> bool:
    """Whether a token is a word (not a number, a quote or a dash)."""
    return token.lower[:1].isalpha()


def _spelled(tokens: list, acronym: str, lang: str) -> list | None:
    """The last run of the phrase's words whose initials spell the acronym, small words
    between skipped ("оценочный лист руководителя структурного подразделения" holds ОЛР);
    None when none does."""
    skipped = set(words()["skipped"][lang])
    letters = acronym.lower()
    for start in range(len(tokens) - 1, -1, -1):
        k, spelled = start, 0
        while k < len(tokens) and spelled < len(letters):
            if tokens[k].lower[0] == letters[spelled]:
                spelled += 1
            elif tokens[k].lower not in skipped or k == start:
                break
            k += 1
        if spelled == len(letters):
            return tokens[start:k]
    return None


def _scope_end(doc: Document, at: int) -> int:
    """Where a definition made at `at` stops holding: the end of the appendix that holds it
    and of that appendix's own appendices (a methodology's forms, "app1/app2", use its
    terms), else of the document."""
    for root in doc.roots:
        for node in root.walk():
            if node.kind == "appendix" and node.span.start <= at < node.span.end:
                return max(n.span.end for r in doc.roots for n in r.walk()
                           if n.kind == "appendix" and (n.address == node.address
                                                        or n.address.startswith(node.address + "/")))
    return len(doc.text)


_READING: ContextVar[Document | None] = ContextVar("document_in_scope", default=None)


@contextmanager
def scope(doc: Document):
    """Read a document's short terms as their expansions inside the block; inside the
    block of the same document (extract, then its sentence reader) they are not looked up
    again."""
    if _READING.get() is doc:
        yield
        return
    reading = _READING.set(doc)
    try:
        with defining(find(doc)):
            yield
    finally:
        _READING.reset(reading)


def spelled_out(text: str) -> str:
    """A text with the expansion of each short term the document being read defined, wherever
    the definition stands, after it: a form's column naming its items by the methodology's
    term ("ННК атауы" with "негізгі нәтижелілік көрсеткіштері (бұдан әрі – ННК)") is read with
    what the term stands for. The text alone outside a document's reading."""
    doc = _READING.get()
    if doc is None:
        return text
    found = [d.expansion for d in find(doc) if re.search(
        r"(?<!\w)" + r"\s+".join(map(re.escape, d.short)) + r"(?!\w)", text, re.IGNORECASE)]
    return " ".join([text, *found])

