"""The word classes of the fact grammars (grammar/facts_words.yaml): a token -> its class
("POINT", "PERCENT", "MONTH", …) or OTHER. Read by the lexer, which makes them terminals, and
by the designators, which tell a number a unit counts from one a noun names."""

from __future__ import annotations

import re
from functools import cache, lru_cache

from .. import regexes
from ..resources import GRAMMAR, load_table
from .nlp import Token


@cache
def _classes(lang: str) -> tuple[tuple[str, re.Pattern], ...]:
    data = load_table(GRAMMAR / "facts_words.yaml")[lang]
    return tuple((name, regexes.compile("|".join(f"(?:{p})" for p in patterns)))
                 for name, patterns in data.items())


def word_class(token: Token, lang: str) -> str:
    """The class of a word, or OTHER."""
    return _word_class(token.lemma if lang == "ru" else token.lower, token.lower, lang)


@lru_cache(maxsize=65536)
def _word_class(key: str, lower: str, lang: str) -> str:
    for name, pattern in _classes(lang):
        if pattern.fullmatch(key) or (lang == "ru" and pattern.fullmatch(lower)):
            return name
    return "OTHER"
