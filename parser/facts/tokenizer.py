"""Text -> pieces (words, numerals, signs, runs of white space), with their offsets.

The rules are spaCy's tokenizer's, run here without spaCy (its import is most of the start
of `ereje facts`): the text is cut at white space (a single space after a piece is kept as
that piece's `space`, other white space is a piece of its own); each chunk loses its
prefixes and suffixes one at a time until what is left is kept whole (`keep`), is an
exception, or has none; what is left is cut at its infixes; last, a run of pieces that
spells an exception across affixes or spaces ("и т.д.", "сағ." split before a capital) is
joined again. The patterns are the language profile's (parser/facts/nlp.py), the
exceptions data (grammar/nlp.yaml `exceptions` and `abbreviations`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Piece:
    """A piece of text: its characters, where it starts, and whether one space follows."""

    text: str
    idx: int
    space: bool = False

    @property
    def is_space(self) -> bool:
        """Whether the piece is white space."""
        return self.text.isspace()


class Tokenizer:
    """A language's tokenizer: affix and keep patterns, and its exceptions (a text -> the
    pieces it is kept as)."""

    def __init__(self, prefix: re.Pattern, suffix: re.Pattern, infix: re.Pattern,
                 keep: re.Pattern, exceptions: dict[str, list[str]]):
        self.prefix, self.suffix, self.infix, self.keep = prefix, suffix, infix, keep
        self.exceptions = exceptions
        # exceptions the affix rules would split: found again across the split pieces
        self.joined: set[tuple[str, ...]] = {
            tuple(p.text for p in self._pieces(text, False))
            for text in exceptions if " " in text or self._affixed(text)}
        self.longest = max((len(k) for k in self.joined), default=0)
        self.firsts = {spelled[0] for spelled in self.joined}

    def __call__(self, text: str) -> list[Piece]:
        """The pieces of a text."""
        return self._joined(self._pieces(text, True), text)

    def _affixed(self, text: str) -> bool:
        """Whether a text has a prefix, a suffix or an infix."""
        return bool(self.prefix.search(text) or self.suffix.search(text)
                    or self.infix.search(text))

    def _pieces(self, text: str, exceptions: bool) -> list[Piece]:
        """The pieces of the chunks between white space (exceptions kept or not)."""
        out: list[Piece] = []
        if not text:
            return out
        start, in_space = 0, text[0].isspace()
        for i, char in enumerate(text):
            if char.isspace() == in_space:
                continue
            if start < i:
                out += self._chunk(text[start:i], start, exceptions)
            if char == " ":
                out[-1] = Piece(out[-1].text, out[-1].idx, True)
                start = i + 1
            else:
                start = i
            in_space = not in_space
        if start < len(text):
            out += self._chunk(text[start:], start, exceptions)
        return out

    def _chunk(self, chunk: str, at: int, exceptions: bool) -> list[Piece]:
        """The pieces of a chunk without white space inside (or of white space)."""
        if exceptions and chunk in self.exceptions:
            return _placed(self.exceptions[chunk], at)
        prefixes, core, suffixes = self._affixes(chunk, exceptions)
        if core and exceptions and core in self.exceptions:
            middle = self.exceptions[core]
        elif core and self.keep.fullmatch(core):
            middle = [core]
        else:
            middle = self._infixed(core)
        return _placed(prefixes + middle + suffixes[::-1], at)

    def _affixes(self, text: str, exceptions: bool) -> tuple[list[str], str, list[str]]:
        """(prefixes, the rest, suffixes outermost first) of a chunk."""
        prefixes, suffixes, last = [], [], 0
        special = (lambda t: t in self.exceptions) if exceptions else (lambda t: False)
        while text and len(text) != last:
            if self.keep.fullmatch(text) or special(text):
                break
            last = len(text)
            pre = _length(self.prefix.search(text))
            if pre and text[pre:] and special(text[pre:]):
                prefixes.append(text[:pre])
                text = text[pre:]
                break
            suf = _length(self.suffix.search(text[pre:]))
            if suf and text[:-suf] and special(text[:-suf]):
                suffixes.append(text[-suf:])
                text = text[:-suf]
                break
            if pre and suf and pre + suf <= len(text):
                prefixes.append(text[:pre])
                suffixes.append(text[-suf:])
                text = text[pre:-suf]
            elif pre:
                prefixes.append(text[:pre])
                text = text[pre:]
            elif suf:
                suffixes.append(text[-suf:])
                text = text[:-suf]
        return prefixes, text, suffixes

    def _infixed(self, text: str) -> list[str]:
        """A text cut at its infixes (an infix at its very start does not cut)."""
        if not text:
            return []
        out, start = [], 0
        for match in self.infix.finditer(text):
            if match.start() == 0:
                continue
            if match.start() != start:
                out.append(text[start:match.start()])
            if match.start() != match.end():
                out.append(text[match.start():match.end()])
            start = match.end()
        if text[start:]:
            out.append(text[start:])
        return out

    def _joined(self, pieces: list[Piece], text: str) -> list[Piece]:
        """Runs of pieces that spell an exception joined into its pieces: the longest run
        first, then the leftmost; a run whose text (its spaces included) is not the
        exception's stays as it is."""
        if not self.joined:
            return pieces
        runs = []
        for i in range(len(pieces)):
            if pieces[i].text not in self.firsts:
                continue
            for n in range(1, min(self.longest, len(pieces) - i) + 1):
                if tuple(p.text for p in pieces[i:i + n]) in self.joined:
                    runs.append((i, i + n))
        if not runs:
            return pieces
        chosen, seen = [], set()
        for start, end in sorted(runs, key=lambda r: (r[0] - r[1], r[0])):
            if start not in seen and end - 1 not in seen:
                chosen.append((start, end))
            seen.update(range(start, end))
        out, k = [], 0
        for start, end in sorted(chosen):
            out += pieces[k:start]
            first, last = pieces[start], pieces[end - 1]
            spelled = text[first.idx:last.idx + len(last.text)]
            if spelled in self.exceptions:
                placed = _placed(self.exceptions[spelled], first.idx)
                placed[-1] = Piece(placed[-1].text, placed[-1].idx, last.space)
                out += placed
            else:
                out += pieces[start:end]
            k = end
        return out + pieces[k:]


def _placed(texts: list[str], at: int) -> list[Piece]:
    """Consecutive pieces from offset `at`."""
    out = []
    for text in texts:
        out.append(Piece(text, at))
        at += len(text)
    return out


def _length(match: re.Match | None) -> int:
    """The length of an affix match (0: none)."""
    return match.end() - match.start() if match is not None else 0
