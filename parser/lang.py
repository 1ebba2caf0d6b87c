"""Language of a text: Kazakh (kk) or Russian (ru), from letters only Kazakh uses."""

from __future__ import annotations

import re

_KAZAKH_LETTERS = "әғқңөұүһіӘҒҚҢӨҰҮҺІ"
_KAZAKH_ONLY = re.compile(f"[{_KAZAKH_LETTERS}]")
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
    kazakh = len(_KAZAKH_ONLY.findall(text)) + 3 * len(_KAZAKH_WORDS.findall(text))
    if kazakh / letters >= 0.015:
        return "kk"
    return "ru" if letters >= SHORT else None
