"""Plain text and Markdown: detect the encoding, hand on the characters unchanged."""

from __future__ import annotations

from ..encoding import decode
from ..errors import InputError
from ..model import RawText


def read_text(data: bytes, name: str, kind: str) -> RawText:
    """A .txt or .md file as RawText; NUL bytes mean a binary file."""
    text = decode(data, name)
    if "\x00" in text:
        raise InputError(name, f"binary data (NUL character at offset {text.index(chr(0))})")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise InputError(name, "file holds only white space")
    return RawText(path=name, format=kind, text=text)
