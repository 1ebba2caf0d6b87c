"""Bytes of a text file -> str: the one place an encoding is chosen (decree files and case
files alike)."""

from __future__ import annotations

import codecs

from .errors import InputError

_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
         (codecs.BOM_UTF16_BE, "utf-16"))


def decode(data: bytes, name: str) -> str:
    """Bytes -> str: BOM first, then strict UTF-8, then UTF-16 without BOM, then cp1251;
    anything else is refused rather than guessed into mojibake."""
    for bom, enc in _BOMS:
        if data.startswith(bom):
            return _strict(data, enc, name)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        utf8_error = exc
    if len(data) % 2 == 0:
        # UTF-16 without a BOM: the high bytes are 0x00 (ASCII) or 0x04 (Cyrillic) throughout.
        for high, encoding in ((data[1::2], "utf-16-le"), (data[0::2], "utf-16-be")):
            if high.count(0) + high.count(4) > 0.9 * len(high):
                return _strict(data, encoding, name)
    from charset_normalizer import from_bytes  # heavy: only for a file that is not UTF-8

    best = from_bytes(data[:200_000], cp_isolation=["cp1251", "koi8_r", "utf_8"]).best()
    if best is not None and best.encoding in ("cp1251", "windows_1251"):
        return _strict(data, "cp1251", name)
    raise InputError(name, "not valid text: invalid UTF-8 and no known Cyrillic encoding "
                     f"(first bad byte at offset {utf8_error.start})")


def _strict(data: bytes, encoding: str, name: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise InputError(name, f"not valid {encoding}: bad byte at offset {exc.start}") from None
