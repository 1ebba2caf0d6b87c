"""The user's cache folder: where the project keeps, between runs, what it derives from its
own grammars, word tables and regular expressions (parser/resources.py, parser/regexes.py)."""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path


def cache_folder() -> Path | None:
    """Where grammars, tables and regexes are kept between runs (None: nowhere):
    $EREJE_CACHE, else $XDG_CACHE_HOME/ereje, else ~/.cache/ereje."""
    env = os.environ
    return _cache_folder(env.get("EREJE_CACHE"), env.get("XDG_CACHE_HOME"), env.get("HOME"))


@cache
def _cache_folder(chosen: str | None, xdg: str | None, home: str | None) -> Path | None:
    """The cache folder for these values of the environment (asked for each regex and table:
    worked out once for each)."""
    if chosen is not None:
        return Path(chosen) if chosen else None
    base = xdg or Path.home() / ".cache"
    return Path(base) / "ereje"
