"""Language of a text: Kazakh (kk) or Russian (ru), from letters only Kazakh uses."""

from __future__ import annotations

import re

_KAZAKH_ONLY = re.compile(r"[әғқңөұүһіӘҒҚҢӨҰҮҺІ]")
_CYRILLIC = re.compile(r"[а-яёА-ЯЁәғқңөұүһіӘҒҚҢӨҰҮҺІ]")
# Frequent Kazakh words with no Kazakh-only letter, for short blocks.
_KAZAKH_WORDS = re.compile(r"(?<!\w)(?:және|бойынша|туралы|жылғы|осы|мен|бар|жоқ|тиіс)(?!\w)")


def detect(text: str) -> str | None:
    """'kk', 'ru', or None when the text has too few Cyrillic letters to tell."""
    letters = len(_CYRILLIC.findall(text))
    if letters < 3:
        return None
    kazakh = len(_KAZAKH_ONLY.findall(text)) + 3 * len(_KAZAKH_WORDS.findall(text))
    return "kk" if kazakh / letters >= 0.015 else "ru"
