"""Text that remembers, for every character, the raw source offset it came from."""

from __future__ import annotations

import bisect
import re
from array import array
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable, Iterable

from .model import Location, Removed


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


@lru_cache(maxsize=16)
def _newlines(raw: str) -> tuple[int, ...]:
    """Offsets of every line break of a text, found once (every node asks for its line)."""
    return tuple(m.start() for m in re.finditer("\n", raw))


def locate(raw: str, pages: tuple[int, ...], offset: int) -> Location:
    """Page, line and column (1-based) of a raw offset; lines count within the page."""
    page = None
    base = 0
    if pages:
        i = max(bisect.bisect_right(pages, offset) - 1, 0)
        page, base = i + 1, pages[i]
    breaks = _newlines(raw)
    before = bisect.bisect_left(breaks, offset)
    line = before - bisect.bisect_left(breaks, base) + 1
    line_start = max(breaks[before - 1] + 1 if before else 0, base)
    return Location(page=page, line=line, column=offset - line_start + 1)
