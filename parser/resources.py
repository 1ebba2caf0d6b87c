"""Where the project's own data lives: the grammars and word tables, the calendar, the corpus.

In a source checkout (and an editable install) they are the folders at the top of the
project; a wheel or a plain install carries the grammars and the calendar inside the package
(pyproject.toml maps them to `parser.grammar` and `parser.calendar`), found through
importlib.resources.

A grammar's LALR parser is built once per process and its tables kept between processes
(`lark`; its lexers' regular expressions through parser/regexes.py): Lark's own `cache=` file
under the user's cache folder, named by the hash of the grammar's text, its options and the
versions of Lark and Python, so a changed grammar is a new
file and never a stale parser (Lark checks the hash, and the files a grammar imports, again
when it reads the file). A word table is kept there too, as the marshal of what its YAML reads
to (only lists, dicts, strings, numbers), named by the hash of the file's bytes: read back in
a millisecond where libyaml takes ~30 ms for all of them. EREJE_CACHE sets the folder;
EREJE_CACHE= (empty) keeps nothing.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import re
import sys
from functools import cache
from pathlib import Path
from types import SimpleNamespace
from typing import TYPE_CHECKING

from .cache import cache_folder

if TYPE_CHECKING:
    from lark import Lark

TOP = Path(__file__).resolve().parent.parent


def folder(package: str, checkout: str) -> Path:
    """The folder of a data package: the checkout's own folder when there is one, else the
    package's files as installed."""
    local = TOP / checkout
    if local.is_dir():
        return local
    from importlib import resources  # an install only: a checkout never pays its import

    return Path(str(resources.files("parser") / package))


GRAMMAR = folder("grammar", "grammar")
CALENDAR = folder("calendar", "corpus/calendar")
CORPUS = TOP / "corpus"  # the project's own corpus; an install has none (pass paths instead)


@cache
def load_table(path: Path):
    """A word table or vocabulary of the project (YAML), read once per process (from the
    cache folder when a run before read the same bytes). Its callers read it and build their
    own structures from it; none changes it."""
    return read_kept(path)


def read_kept(path: Path):
    """A YAML file of the project's own (a word table, a corpus entry's meta.yaml) read now,
    from the cache folder when a run before read the same bytes."""
    raw = Path(path).read_bytes()
    kept = _kept_table(Path(path), raw)
    if kept is not None and kept.is_file():
        try:
            return marshal.loads(kept.read_bytes())
        except (OSError, EOFError, ValueError, TypeError):  # unreadable: read the YAML again
            pass
    data = _yaml(raw.decode("utf-8"))
    if kept is not None:
        _keep(kept, data)
    return data


def _yaml(text: str):
    """A table's YAML read by libyaml's loader when PyYAML was built with it (~10x faster on
    the word tables), else by the pure-Python one; both are safe loaders (no Python objects
    from the text). PyYAML is imported here, on a cache miss only: importing it is ~8% of
    the instructions of `ereje facts` on a small decree."""
    import yaml

    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # noqa: S506


def _kept_table(path: Path, raw: bytes) -> Path | None:
    """Where a table read from these bytes is kept (None: nowhere)."""
    folder = cache_folder()
    if folder is None:
        return None
    digest = hashlib.sha256(raw).hexdigest()[:24]
    version = "".join(map(str, sys.version_info[:2]))
    return folder / "tables" / f"{path.stem}-{digest}-py{version}.marshal"


def _keep(kept: Path, data) -> None:
    """Write a table's data to its cache file, whole or not at all (a table holding a value
    marshal does not write, a date, is read from its YAML every run)."""
    try:
        blob = marshal.dumps(data)
        kept.parent.mkdir(parents=True, exist_ok=True)
        tmp = kept.with_name(f"{kept.name}.{os.getpid()}.tmp")
        tmp.write_bytes(blob)
        os.replace(tmp, kept)
    except (OSError, ValueError):
        return


def lark(path: Path, **options) -> Lark:
    """The LALR parser of a grammar file, its tables read from the cache folder when a run
    before built them from the same text with the same options (`options` as Lark's; a
    `transformer` is given to the parser and left out of the key)."""
    from lark import Lark, __version__ as LARK_VERSION  # a grammar's users only (not `evaluate`)

    text = path.read_text(encoding="utf-8")
    options = {"source_path": str(path), **options}  # where its %import .name are found
    folder = cache_folder()
    if folder is not None:
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError:  # a read-only home: the parser is built every run
            folder = None
    if folder is None:
        return Lark(text, **options)
    keyed = {k: v for k, v in sorted(options.items()) if k != "transformer"}
    digest = hashlib.sha256(f"{text}{keyed}{LARK_VERSION}{sys.version_info[:2]}".encode())
    name = f"{path.stem}-{digest.hexdigest()[:24]}.lark"
    return _kept_lark()(text, cache=str(folder / name), **options)


@cache
def _kept_lark() -> type[Lark]:
    """Lark, its parser read back from the cache file with lexers whose terminals' patterns
    (our grammars', never a document's text) compile through parser/regexes.py: Lark builds
    its lexers' regular expressions anew on every load, a tenth of `ereje facts`."""
    from lark import Lark

    from . import regexes

    patterns = SimpleNamespace(
        compile=regexes.compile, error=re.error,
        match=lambda pattern, text, flags=0: regexes.compile(pattern, flags).match(text))

    class KeptLark(Lark):
        """Lark with a loaded lexer's patterns compiled by parser/regexes.py."""

        def _deserialize_lexer_conf(self, data, memo, options):
            conf = super()._deserialize_lexer_conf(data, memo, options)
            if conf.re_module is re:  # not the `regex` module: its programs are not ours
                conf.re_module = patterns
            return conf

    return KeptLark
