"""Where the project's own data lives: the grammars and word tables, the calendar, the corpus.

In a source checkout (and an editable install) they are the folders at the top of the
project; a wheel or a plain install carries the grammars and the calendar inside the package
(pyproject.toml maps them to `parser.grammar` and `parser.calendar`), found through
importlib.resources.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path

import yaml

# libyaml's loader when PyYAML was built with it (~10x faster on the word tables), else the
# pure-Python one; both are safe loaders (no Python objects from the text).
SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

TOP = Path(__file__).resolve().parent.parent


def folder(package: str, checkout: str) -> Path:
    """The folder of a data package: the checkout's own folder when there is one, else the
    package's files as installed."""
    local = TOP / checkout
    if local.is_dir():
        return local
    return Path(str(resources.files("parser") / package))


GRAMMAR = folder("grammar", "grammar")
CALENDAR = folder("calendar", "corpus/calendar")
CORPUS = TOP / "corpus"  # the project's own corpus; an install has none (pass paths instead)


@cache
def load_table(path: Path):
    """A word table or vocabulary of the project (YAML), read once per process. Its callers
    read it and build their own structures from it; none changes it."""
    return yaml.load(Path(path).read_text(encoding="utf-8"), Loader=SafeLoader)
