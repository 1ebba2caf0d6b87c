"""Kazakh and Russian word tables (grammar/words.yaml), loaded once, as regex alternations."""

from __future__ import annotations

import re
from functools import lru_cache

from .resources import GRAMMAR, load_table

WORDS = GRAMMAR / "words.yaml"


@lru_cache(maxsize=1)
def table() -> dict:
    """The word table as loaded."""
    return load_table(WORDS)


def alt(*path: str) -> str:
    """`a|b|c` for the word list at `path` (e.g. alt("chapter", "suffix"))."""
    node = table()
    for key in path:
        node = node[key]
    return "|".join(node)


@lru_cache(maxsize=1)
def approval_line() -> re.Pattern:
    """A line an approval stamp opens or closes ("УТВЕРЖДЕНА", "Утверждена приказом …", "…
    бұйрығымен бекітілген"); match it."""
    return re.compile(r"\s*(?:{})\b|.*\s(?:{})\s*$".format(alt("approved", "prefix"),
                                                          alt("approved", "suffix")))


@lru_cache(maxsize=1)
def appendix_line() -> re.Pattern:
    """A line naming an appendix ("Приложение 2 к …", "… әдістемесіне 2-қосымша"); search it."""
    return re.compile(r"^\s*(?:{})\s+\d|\d+-(?:{})\s*$".format(alt("appendix", "prefix"),
                                                             alt("appendix", "suffix")))
