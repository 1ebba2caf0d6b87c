"""A ruleset by name: a corpus id compiled into generated/, a compiled JSON file, or a decree
compiled on the fly; and a work's version in force on a day.

Reading a compiled ruleset needs only its model: the compiler and the corpus's works
(parser/pipeline.py) are imported by the two functions that need them, so `ereje evaluate`
and `ereje deadline` of a compiled ruleset never load the parser, the fact readers or
their language models. `load_compiled` reads only the plan (parser/rules/read.py), without
pydantic: `ereje evaluate` needs nothing else.
"""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import InputError
from ..resources import CORPUS, TOP
from . import read
from .read import FORMAT_VERSION

if TYPE_CHECKING:
    from .model import Ruleset

GENERATED = TOP / "generated"


def load_ruleset(ref: str | Path, base: Path | None = None) -> Ruleset:
    """A ruleset by corpus id (generated/<id>.json), compiled JSON file, or source decree."""
    path = _compiled_file(ref, base)
    return _from_json(path) if path is not None else _from_source(ref, base)


def load_compiled(ref: str | Path, base: Path | None = None) -> read.Compiled | Ruleset:
    """What evaluating a ruleset needs: a compiled one's id, plan and assumptions read
    without validating the rest; a decree's ruleset compiled on the fly."""
    path = _compiled_file(ref, base)
    if path is None:
        return _from_source(ref, base)
    data = _ruleset_data(path)
    try:
        return read.compiled(data)
    except read.Unreadable as exc:
        raise InputError(str(path), f"not a valid ruleset ({exc}); compile the decree again "
                                    "with `ereje compile`") from None


def _compiled_file(ref: str | Path, base: Path | None) -> Path | None:
    """The compiled JSON a name stands for: a .json file, or a corpus id in generated/."""
    text = str(ref)
    for path in [Path(text)] + ([base / text] if base is not None else []):
        if path.is_file() and path.suffix == ".json":
            return path
    compiled = GENERATED / f"{text}.json"
    return compiled if compiled.is_file() else None


def _from_source(ref: str | Path, base: Path | None) -> Ruleset:
    """The ruleset of a decree file or corpus entry, compiled now."""
    text = str(ref)
    for path in [Path(text)] + ([base / text] if base is not None else []) + [CORPUS / text]:
        if path.exists():
            return compile_source(path)
    raise InputError(text, "no ruleset: not a corpus id in generated/, a compiled JSON file "
                           "or a decree")


def ruleset_on(ref: str, day: date, works=None) -> Ruleset:
    """The ruleset of the version of a work in force on `day` (of the corpus, or of `works`, an
    amend.works.Works);
    a day with no version in force is an InputError naming the nearest versions."""
    from .. import pipeline  # the corpus's works: compiled here, only when a version is asked
    from ..amend.works import NoVersion

    try:
        return (works or pipeline.corpus().works).ruleset_as_of(ref, day)
    except NoVersion as exc:
        raise InputError(ref, str(exc)) from None
    except KeyError as exc:
        raise InputError(ref, str(exc.args[0])) from None


def works(paths: list[Path] | None = None, published: dict[str, date] | None = None,
          given_as: str = "--published"):
    """The works (amend.works.Works) of corpus entries (default: the corpus's, read once),
    each decree dated by `published` (id -> date of its first official publication, stated
    by `given_as`) over its meta.yaml."""
    from .. import pipeline  # every decree compiled: only when works are asked

    if paths is None and not published:
        return pipeline.corpus().works
    return pipeline.load(paths, published=published, given_as=given_as)


def _ruleset_data(path: Path):
    """The `ruleset` object of a compiled JSON file; InputError when there is none."""
    try:
        data = json.loads(path.read_bytes(), parse_float=Decimal)
    except OSError as exc:
        raise InputError(str(path), f"cannot read file: {exc.strerror}") from None
    except (ValueError, RecursionError) as exc:
        raise InputError(str(path), f"not a compiled decree: not JSON ({exc})"[:200]) from None
    if not isinstance(data, dict) or "ruleset" not in data:
        raise InputError(str(path), "no ruleset in this file: compile it with `ereje compile`")
    version = data["ruleset"].get("format_version") if isinstance(data["ruleset"], dict) else None
    if isinstance(version, int) and version != FORMAT_VERSION:
        raise InputError(str(path), f"a ruleset of format {version}, this Ereje reads format "
                         f"{FORMAT_VERSION}: compile the decree again with `ereje compile`")
    if isinstance(data["ruleset"], dict) and data["ruleset"].get("plan") is not None:
        try:  # for every reader, validated whole or not: never a plan read another way
            read.check_version(data["ruleset"]["plan"])
        except read.Unreadable as exc:
            raise InputError(str(path), f"not a valid ruleset ({exc}); compile the decree "
                                        "again with `ereje compile`") from None
    return data["ruleset"]


def _from_json(path: Path) -> Ruleset:
    """A compiled JSON file's ruleset; a file that is not one is an InputError saying why."""
    from pydantic import ValidationError  # the whole ruleset validated: not for `evaluate`

    from .model import Ruleset

    data = _ruleset_data(path)
    try:
        return Ruleset.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        place = ".".join(str(p) for p in first["loc"])
        raise InputError(str(path), f"not a valid ruleset ({exc.error_count()} problems; "
                         f"first at ruleset.{place}: {first['msg']}); compile the decree "
                         "again with `ereje compile`") from None


def compile_source(path: Path) -> Ruleset:
    """A decree file or corpus entry compiled into its ruleset."""
    from .. import pipeline  # the compiler: only for a decree given as its source
    from ..compile import parse_file
    from ..sources import discover

    items = discover([path])
    if not items:
        raise InputError(str(path), "no decree here")
    doc_id, source, display = items[0]
    return pipeline.ruleset_of(parse_file(source, doc_id, display))
