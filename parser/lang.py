"""Language of a text: Kazakh (kk) or Russian (ru), from letters only Kazakh uses; and which
lines are Latin-script Kazakh, from their letter statistics (grammar/kazakh_latin.yaml `detect`)."""

from __future__ import annotations

import re
from functools import lru_cache

from . import latin

_KAZAKH_LETTERS = "әғқңөұүһіӘҒҚҢӨҰҮҺІ"
_KAZAKH_ONLY = re.compile(f"[{_KAZAKH_LETTERS}]")
# a word holding a Kazakh-only letter; one of fewer than three letters is no sign of Kazakh:
# a formula's indexed symbol ("Бі × Ві", "балл і-го КЦИ", a Latin "i" among Cyrillic letters
# folded to "і")
_KAZAKH_WORD = re.compile(rf"\w*[{_KAZAKH_LETTERS}]\w*")
SYMBOL = 2  # letters: a word this short is a symbol or its index
# str.translate deleting every Cyrillic letter: the length lost is the letter count.
_DROP_CYRILLIC = {ord(c): None for c in "абвгдеёжзийклмнопрстуфхцчшщъыьэюя"
                  "АБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯ" + _KAZAKH_LETTERS}
# Frequent Kazakh words with no Kazakh-only letter, for short blocks.
_KAZAKH_WORDS = re.compile(r"(?<!\w)(?:және|бойынша|туралы|жылғы|осы|мен|бар|жоқ|тиіс)(?!\w)")


# Below this many letters, a text with no sign of Kazakh is no sign of Russian either
# ("Жалпы ережелер", "НМИ:"): it takes its parent's language.
SHORT = 40


def detect(text: str) -> str | None:
    """'kk', 'ru', or None when the text is too short to tell."""
    letters = len(text) - len(text.translate(_DROP_CYRILLIC))
    if letters < 3:
        return None
    kazakh = sum(len(_KAZAKH_ONLY.findall(word)) for word in _KAZAKH_WORD.findall(text)
                 if len(word) > SYMBOL) + 3 * len(_KAZAKH_WORDS.findall(text))
    if kazakh / letters >= 0.015:
        return "kk"
    return "ru" if letters >= SHORT else None


_LATIN_LETTER = re.compile("[A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f]")
_CYRILLIC_LETTER = re.compile("[\u0400-\u04ff]")


def _letters(line: str) -> tuple[int, int, int]:
    """(Latin letters, Cyrillic letters, Kazakh-Latin marks) of a line, kept tokens left out."""
    if not _LATIN_LETTER.search(line):
        return 0, len(_CYRILLIC_LETTER.findall(line)), 0
    line = latin.keep_pattern().sub(" ", line)
    marks = _marks().findall(line)
    return len(_LATIN_LETTER.findall(line)), len(_CYRILLIC_LETTER.findall(line)), len(marks)


@lru_cache(maxsize=1)
def _marks() -> re.Pattern:
    """A Kazakh-Latin mark: a letter of `detect.evidence`, or an apostrophe after a letter."""
    evidence = re.escape(latin.table()["detect"]["evidence"])
    quotes = re.escape(latin.apostrophes())
    return re.compile(f"[{evidence}]|(?<={_LATIN_LETTER.pattern})[{quotes}]")


def latin_kazakh_lines(text: str) -> list[tuple[int, int]]:
    """Spans of the lines written in Latin-script Kazakh (grammar/kazakh_latin.yaml `detect`):
    Latin letters outnumber Cyrillic ones, and the document's Latin lines, and every long line
    by itself, carry enough Kazakh marks; [] for a document that is not Latin-script Kazakh."""
    rule = latin.table()["detect"]
    candidates = []
    total = total_marks = 0
    pos = 0
    for line in text.split("\n"):
        lat, cyr, marks = _letters(line)
        if lat > cyr:
            long_enough = lat >= rule["long_line"]
            if not long_enough or marks >= rule["min_marks"] * lat:
                candidates.append((pos, pos + len(line)))
            total += lat
            total_marks += marks
        pos += len(line) + 1
    if total < rule["min_letters"] or total_marks < rule["min_marks"] * total:
        return []
    return candidates
