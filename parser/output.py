"""Safe, atomic output: ids that are names (never paths), every file written to a temporary
name in its folder and renamed, and a note of what a run did not refresh.

After any run, `--out` holds only complete files. When a run ends before it wrote everything
(bad inputs whose earlier output is kept, a failed write, Ctrl-C), the folder also holds
`NOT-REFRESHED.txt` listing the files that are missing or stale; a run that refreshes
everything removes the note.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator

from .errors import InputError

NOTE = "NOT-REFRESHED.txt"
_SLUG = re.compile(r"[A-Za-z0-9\u0400-\u04FF][A-Za-z0-9\u0400-\u04FF._-]{0,150}")


def check_id(doc_id: str, where: str) -> str:
    """A decree id that can name an output file: letters, digits, `.`, `_`, `-`; not a path."""
    if not _SLUG.fullmatch(doc_id) or ".." in doc_id:
        shown = doc_id if len(doc_id) <= 60 else doc_id[:60] + "…"
        raise InputError(where, f"id {shown!r} cannot name an output file: use letters, "
                         "digits, '.', '_' and '-' (no folders, no '..')")
    return doc_id


def write_atomic(path: Path, text: str) -> None:
    """Write a text file under a temporary name in its folder, then rename it into place;
    on any failure the old file (if any) stays as it was and no temporary file is left."""
    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def open_folder(folder: Path) -> Path:
    """An output folder, created when missing; a path that is a file is an InputError."""
    if folder.exists() and not folder.is_dir():
        raise InputError(str(folder), "--out is a file, not a folder")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(str(folder), f"cannot create the output folder: {exc.strerror}") \
            from None
    return folder


def open_file(path: Path) -> Path:
    """An output file's path, its folder created when missing; a folder at the path, or a
    folder that cannot be made, is an InputError."""
    if path.is_dir():
        raise InputError(str(path), "is a folder, not a file: give a file name")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(str(path), f"cannot create its folder: {exc.strerror}") from None
    return path


@dataclass
class Run:
    """One run writing into a folder: the files it means to write, wrote, and could not."""

    folder: Path
    planned: list[str] = field(default_factory=list)
    written: list[str] = field(default_factory=list)

    def write(self, name: str, text: str) -> None:
        """Write folder/name atomically (name may hold sub-folders of the run's own)."""
        path = self.folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, text)
        self.written.append(name)

    def missed(self) -> list[str]:
        """Planned files not written by this run."""
        done = set(self.written)
        return [name for name in self.planned if name not in done]

    def kept(self) -> list[str]:
        """Missed files an earlier run left in the folder (stale, not refreshed)."""
        return [name for name in self.missed() if (self.folder / name).exists()]

    def finish(self, why: str = "") -> None:
        """Write the note of what was not refreshed, or remove it when nothing was missed."""
        missed = self.missed()
        note = self.folder / NOTE
        if not missed:
            note.unlink(missing_ok=True)
            return
        lines = [f"The last run into this folder did not refresh {len(missed)} file(s)"
                 + (f" ({why})" if why else "") + ":"]
        lines += [f"  {name}: " + ("kept from an earlier run (stale)"
                                   if (self.folder / name).exists() else "missing")
                  for name in missed]
        try:
            write_atomic(note, "\n".join(lines) + "\n")
        except OSError:
            pass  # the failed write that brought us here may leave no room for the note

    @contextmanager
    def guard(self) -> Iterator["Run"]:
        """The run's writes: on Ctrl-C or a failed write, the note of what was not refreshed
        is written; Ctrl-C goes on (with a note for the user), a failed write becomes an
        InputError naming the note."""
        note = self.folder / NOTE
        try:
            yield self
        except KeyboardInterrupt as exc:
            self.finish("interrupted")
            exc.add_note(f"{self.folder}: interrupted; see {note}")
            raise
        except OSError as exc:
            self.finish(f"a write failed: {exc.strerror}")
            raise InputError(str(self.folder), f"cannot write: {exc.strerror}; see {note}") \
                from None


def write_atomic_with(path: Path, write: Callable[[Path], object],
                      alone: bool = False) -> None:
    """Let `write` fill a temporary file in path's folder, then rename it into place.
    `alone`: the temporary file in a folder of its own, removed after (a writer that
    stops may still open its file after it has raised, as a streaming query's threads do:
    the folder, removed, leaves that nowhere to land); a folder that cannot be removed is
    an OSError, unless the write's own error is on its way."""
    if not alone:
        fd, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        os.close(fd)
        try:
            write(Path(temp))
            os.replace(temp, path)
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise
        return
    folder = Path(tempfile.mkdtemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp"))
    try:
        write(folder / path.name)
        os.replace(folder / path.name, path)
    except BaseException:
        _remove(folder)
        raise
    _remove(folder, strict=True)


def _remove(folder: Path, strict: bool = False, tries: int = 100) -> None:
    """A temporary folder removed, again while a late file lands in it; after `tries` an
    OSError when `strict`, else left (another error is on its way)."""
    for _ in range(tries):
        try:
            shutil.rmtree(folder)
            return
        except FileNotFoundError:
            return
        except OSError as exc:
            failed = exc
            time.sleep(0.01)
    if strict:
        raise OSError(failed.errno, f"cannot remove the temporary folder {folder}: "
                      f"{failed.strerror}")
