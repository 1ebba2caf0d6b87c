"""The decrees a command is given: files, folders and corpus entries (a folder with a
`meta.yaml` naming its id and source), each as (id, source file, display name)."""

from __future__ import annotations

from pathlib import Path

from .errors import InputError
from .ingest import SUFFIXES
from .output import check_id
from .resources import read_kept


def discover(paths: list[Path], problems: list[InputError] | None = None
             ) -> list[tuple[str, Path, str]]:
    """(id, source file, display name) for files, folders and corpus entries (meta.yaml).
    An entry that cannot be used (a damaged meta.yaml, an id that is not a name) is
    appended to `problems` when it is given, else raised."""
    found: list[tuple[str, Path, str]] = []
    for path in paths:
        try:
            found += _discover_one(path, problems)
        except InputError as exc:
            if problems is None:
                raise
            problems.append(exc)
    return found


def _discover_one(path: Path, problems) -> list[tuple[str, Path, str]]:
    """The items one path names (see discover)."""
    if path.is_dir() and (path / "meta.yaml").exists():
        return [_entry(path)]
    if path.is_dir():
        entries = sorted(p for p in path.iterdir() if p.is_dir() or p.suffix.lower() in SUFFIXES)
        return discover([p for p in entries if not p.is_dir() or (p / "meta.yaml").exists()],
                        problems)
    if not path.exists():
        raise InputError(str(path), "no such file or folder")
    return [(check_id(path.stem, str(path)), path, path.name)]


def _entry(path: Path) -> tuple[str, Path, str]:
    """A corpus entry's id, source file and display name, from its meta.yaml."""
    where = f"{path.name}/meta.yaml"
    try:  # kept in the cache folder between runs, as a word table is
        meta = read_kept(path / "meta.yaml") or {}
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(where, f"cannot read: {str(exc).splitlines()[0][:200]}") from None
    except Exception as exc:  # PyYAML's errors: PyYAML is imported only when a file is read
        import yaml

        if not isinstance(exc, yaml.YAMLError):
            raise
        raise InputError(where, f"cannot read: {str(exc).splitlines()[0][:200]}") from None
    if not isinstance(meta, dict):
        raise InputError(where, "meta.yaml is a mapping (id:, source:, language:, origin:)")
    name = str(meta.get("source", "source.txt"))
    if Path(name).name != name or name in ("", ".", ".."):
        raise InputError(where, f"source {name!r} is not a file name in the entry's folder")
    source = path / name
    return check_id(str(meta.get("id", path.name)), where), source, f"{path.name}/{source.name}"


def unique(items: list[tuple[str, Path, str]]) -> tuple[list, list[InputError]]:
    """The items whose ids no earlier item has; the others as errors naming both sources."""
    first: dict[str, Path] = {}
    kept, clashes = [], []
    for doc_id, source, display in items:
        if doc_id in first:
            clashes.append(InputError(str(source), f"id {doc_id!r} is also that of "
                                      f"{first[doc_id]}; both would write {doc_id}.json "
                                      "(give each a meta.yaml id, or rename one)"))
            continue
        first[doc_id] = source
        kept.append((doc_id, source, display))
    return kept, clashes


def edition_of(source: Path, doc_id: str | None) -> str | None:
    """The language ('kk', 'ru') of the corpus entry whose source a file is (its meta.yaml
    `lang:`, when the entry's id is `doc_id`): the edition read of a bilingual source."""
    meta_file = Path(source).parent / "meta.yaml"
    if doc_id is None or not meta_file.is_file():
        return None
    try:
        meta = read_kept(meta_file) or {}
    except Exception:  # a damaged meta.yaml: discover reports it; the source reads as given
        return None
    if not isinstance(meta, dict) or str(meta.get("id", meta_file.parent.name)) != doc_id:
        return None
    edition = meta.get("lang")
    return edition if edition in ("kk", "ru") else None
