"""Text that remembers, for every character, the raw source offset it came from."""

from __future__ import annotations

import bisect
import re
from array import array
from dataclasses import dataclass
from typing import Callable, Iterable

from .model import Location, Removed, locate  # noqa: F401 (locate: a text-map question too)


class Offsets(array):
    """Raw offsets, one per character, as 4-byte machine integers (a tuple of ints cost
    ~36 bytes a character); equal to any sequence of the same integers."""

    def __new__(cls, values: Iterable[int] = ()):
        """Offsets from any iterable of integers."""
        return super().__new__(cls, "i", values)

    def __eq__(self, other) -> bool:
        if isinstance(other, (tuple, list)):
            return len(self) == len(other) and all(a == b for a, b in zip(self, other))
        return super().__eq__(other)

    __hash__ = None


@dataclass(frozen=True)
class MappedText:
    """A string and, per character, its offset in the raw text (synthetic characters
    borrow the offset of the source character they stand for)."""

    text: str
    offsets: array

    @classmethod
    def identity(cls, text: str) -> MappedText:
        """Raw text mapped onto itself."""
        return cls(text, Offsets(range(len(text))))

    def between(self, start: int, end: int) -> str:
        """The characters that came from raw offsets `[start, end)` (offsets in order)."""
        return self.text[bisect.bisect_left(self.offsets, start):
                         bisect.bisect_left(self.offsets, end)]


Replacement = str | Callable[[re.Match], str]


def substitute(
    mt: MappedText, pattern: re.Pattern, repl: Replacement, reason: str | None = None
) -> tuple[MappedText, list[Removed]]:
    """`re.sub` that keeps the offset map.

    A replacement of the same length maps character to character; a shorter or longer one
    maps every new character to the start of the match. When `reason` is given, every match
    whose replacement is shorter is reported as removed source text.
    """
    text, src = mt.text, mt.offsets
    if pattern.search(text) is None:
        return mt, []
    out: list[str] = []
    offs = Offsets()
    removed: list[Removed] = []
    pos = 0
    for m in pattern.finditer(text):
        out.append(text[pos:m.start()])
        offs.extend(src[pos:m.start()])
        new = repl(m) if callable(repl) else m.expand(repl)
        old_len = m.end() - m.start()
        if len(new) == old_len:
            offs.extend(src[m.start():m.end()])
        else:
            anchor = src[m.start()] if m.start() < len(src) else (src[-1] + 1 if src else 0)
            offs.extend([anchor] * len(new))
            if reason and len(new) < old_len and m.group().strip():
                removed.append(Removed(start=src[m.start()], end=src[m.end() - 1] + 1,
                                       reason=reason))
        out.append(new)
        pos = m.end()
    out.append(text[pos:])
    offs.extend(src[pos:])
    return MappedText("".join(out), offs), removed


def translate_spans(mt: MappedText, spans: list[tuple[int, int]], table: dict) -> MappedText:
    """Replace characters one for one inside the given spans; offsets stay as they are."""
    if not spans:
        return mt
    chars = list(mt.text)
    for start, end in spans:
        chars[start:end] = mt.text[start:end].translate(table)
    return MappedText("".join(chars), mt.offsets)


def splice(mt: MappedText, edits: list[tuple[int, int, MappedText]]) -> MappedText:
    """Replace the pieces `[start, end)` (in order, not overlapping) by mapped texts of their
    own, which carry their own offsets."""
    if not edits:
        return mt
    parts = []
    pos = 0
    for start, end, new in edits:
        parts += [slice_(mt, pos, start), new]
        pos = end
    parts.append(slice_(mt, pos, len(mt.text)))
    return concat(parts)


def concat(parts: list[MappedText]) -> MappedText:
    """Join mapped texts end to end."""
    offsets = Offsets()
    for part in parts:
        offsets.extend(part.offsets)
    return MappedText("".join(p.text for p in parts), offsets)


def slice_(mt: MappedText, start: int, end: int) -> MappedText:
    """A piece of a mapped text."""
    return MappedText(mt.text[start:end], mt.offsets[start:end])


def synthetic(text: str, anchor: int) -> MappedText:
    """Characters that stand for no source character of their own (a joining space)."""
    return MappedText(text, Offsets((anchor,)) * len(text))
