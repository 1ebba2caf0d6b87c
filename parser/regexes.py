"""Regular expressions of our own word tables, their compiled programs kept between runs.

Python compiles a pattern in pure Python (`re._parser`, `re._compiler`): the lexicon's and
the word tables' few hundred patterns cost ~0.1 s of CPU, a fifth of `ereje facts` on a small
decree. `compile` keeps what each pattern compiles to — the regex engine's program, a list
of integers, with its group names — in one marshal file in the cache folder
(parser/cache.py), named by the Python version and the engine's MAGIC number, and
hands the program back to the engine on the next run (`_sre.compile`, which checks the
program as it loads it). The file holds only integers and strings of patterns our own code
and tables wrote (never a document's text: callers pass only those), keyed by the pattern
itself, so an edited table compiles its changed patterns anew; a file that does not read back
is ignored and written again. The programs found new in a run are added at its exit.
EREJE_CACHE= (empty) keeps nothing. Where the engine's internals differ from what this
module expects, `compile` is `re.compile`.
"""

from __future__ import annotations

import atexit
import marshal
import os
import re
import sys
from pathlib import Path

from .cache import cache_folder

try:  # the engine's internals, as `re.compile` uses them (CPython 3.11 and later)
    import _sre
    from re import _compiler, _parser
except ImportError:  # pragma: no cover - another Python: patterns are compiled as usual
    _sre = None

# pattern, flags -> (the flags the pattern sets, program, number of groups, group names)
Program = tuple[int, list[int], int, dict[str, int]]
_programs: dict[tuple[str, int], Program] | None = None
_new: dict[tuple[str, int], Program] = {}
_keeping = False  # a cache file was named when the programs were read (EREJE_CACHE= : none)


def compile(pattern: str, flags: int = 0) -> re.Pattern:
    """`re.compile(pattern, flags)`, its program read from the cache when a run before
    compiled the same pattern."""
    programs = _known() if _sre is not None else None
    if programs is None or not _keeping:
        return re.compile(pattern, flags)
    key = (pattern, int(flags))
    program = programs.get(key) or _new.get(key)
    if program is not None:
        try:
            return _load(pattern, program)
        except (RuntimeError, TypeError, ValueError):  # a program the engine refuses
            _known().pop(key, None)
    program = _program(pattern, int(flags))
    _new[key] = program
    return _load(pattern, program)


def _program(pattern: str, flags: int) -> Program:
    """What the engine runs for a pattern, as `re._compiler.compile` makes it."""
    parsed = _parser.parse(pattern, flags)
    code = _compiler._code(parsed, flags)
    return (flags | parsed.state.flags, [int(c) for c in code], parsed.state.groups,
            dict(parsed.state.groupdict))


def _load(pattern: str, program: Program) -> re.Pattern:
    """The compiled pattern of a program."""
    flags, code, groups, names = program
    indexgroup = [None] * groups
    for name, i in names.items():
        indexgroup[i] = name
    return _sre.compile(pattern, flags, code, groups - 1, names, tuple(indexgroup))


def _store() -> Path | None:
    """The cache file of this Python's regex engine (None: nowhere)."""
    folder = cache_folder()
    if folder is None:
        return None
    version = "".join(map(str, sys.version_info[:3]))
    return folder / f"regex-py{version}-{_sre.MAGIC}-{_sre.CODESIZE}.marshal"


def _known() -> dict[tuple[str, int], Program]:
    """The programs kept by earlier runs, read once per process ({} when none or unreadable)."""
    global _programs, _keeping
    if _programs is None:
        _programs = {}
        path = _store()  # the environment read once, not for each pattern
        _keeping = path is not None
        try:
            data = marshal.loads(path.read_bytes()) if path is not None else {}
        except (OSError, EOFError, ValueError, TypeError):
            data = {}
        if isinstance(data, dict):
            _programs = data
        atexit.register(_save)
    return _programs


def _save() -> None:
    """Add this run's new programs to the cache file (written whole, then renamed into place,
    so a reader never sees half of it)."""
    path = _store()
    if not _new or path is None:
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        data = marshal.dumps({**_known(), **_new})
        tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        tmp.write_bytes(data)
        os.replace(tmp, path)
    except (OSError, ValueError):  # a read-only cache folder: patterns compile every run
        return
    _new.clear()
