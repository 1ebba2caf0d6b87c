"""File on disk -> RawText. Only this package reads files."""

from __future__ import annotations

from pathlib import Path

from .. import limits
from ..errors import InputError
from ..model import RawText

SUFFIXES = {
    ".txt": "text", ".text": "text", ".md": "markdown", ".markdown": "markdown",
    ".html": "html", ".htm": "html", ".docx": "docx", ".pdf": "pdf",
}


def read(path: str | Path, display: str | None = None) -> RawText:
    """Read a decree in any supported format; raise InputError naming the file and reason."""
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
    raw = _read(kind, data, name)
    limits.check_chars(name, raw.text)
    return raw


def _read(kind: str, data: bytes, name: str) -> RawText:
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
        return read_docx(data, name)
    from .pdf import read_pdf
    return read_pdf(data, name)
