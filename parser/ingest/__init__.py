"""File on disk -> RawText. Only this package reads files."""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from pathlib import Path

from .. import limits
from ..errors import InputError
from ..model import RawText

SUFFIXES = {
    ".txt": "text", ".text": "text", ".md": "markdown", ".markdown": "markdown",
    ".html": "html", ".htm": "html", ".docx": "docx", ".pdf": "pdf",
}


def read(path: str | Path, display: str | None = None, edition: str | None = None) -> RawText:
    """Read a decree in any supported format; raise InputError naming the file and reason.
    `edition` ('kk', 'ru') is the language read of a bilingual parallel text (a .docx's
    two-column table of both editions); None reads its left column."""
    path = Path(path)
    name = display or str(path)
    kind = SUFFIXES.get(path.suffix.lower())
    if kind is None:
        raise InputError(name, f"unknown format '{path.suffix or '(no extension)'}'; "
                         "expected one of " + ", ".join(sorted(SUFFIXES)))
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise InputError(name, f"cannot read file: {exc.strerror}") from None
    if size == 0:
        raise InputError(name, "file is empty")
    limits.check_file(name, size)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(name, f"cannot read file: {exc.strerror}") from None
    key = (kind, name, edition, hashlib.sha256(data).digest())
    raw = _READ.get(key) or _read(kind, data, name, edition)
    limits.check_chars(name, raw.text)
    _keep(key, raw)
    return raw


# What a process has read, by format, name, edition and content: a command that reads one file more
# than once (`ereje report` reads each decree for its page and for the corpus's index of acts;
# a case with `as_of` reads the corpus again for its works; a PDF costs seconds) reads it
# once. A RawText is a frozen value, so the one read is handed to every caller; the least
# recently read go first when the texts kept pass KEPT_CHARS characters.
_READ: OrderedDict[tuple[str, str, str | None, bytes], RawText] = OrderedDict()
KEPT_CHARS = 4 * limits.DOCUMENT_CHARS


def _keep(key: tuple[str, str, str | None, bytes], raw: RawText) -> None:
    """Keep a text read as the most recently read, the oldest dropped past KEPT_CHARS."""
    _READ[key] = raw
    _READ.move_to_end(key)
    total = sum(len(r.text) for r in _READ.values())
    while total > KEPT_CHARS and len(_READ) > 1:
        _, old = _READ.popitem(last=False)
        total -= len(old.text)


def _read(kind: str, data: bytes, name: str, edition: str | None = None) -> RawText:
    """Bytes of a known format -> RawText, by the format's reader (imported when its format
    is read: pdfplumber, python-docx and lxml are heavy, and most runs read one format)."""
    if kind in ("text", "markdown"):
        from .text import read_text
        return read_text(data, name, kind)
    if kind == "html":
        from .html import read_html
        return read_html(data, name)
    if kind == "docx":
        from .docx import read_docx
        return read_docx(data, name, edition)
    from .pdf import read_pdf
    return read_pdf(data, name)
