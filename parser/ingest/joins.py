"""Line ends inside a word in a PDF: a word longer than a line, cut at the margin, and a word
the typesetter hyphenated. Each is told from the page geometry and the document's own words,
and its line end (with the typesetter's hyphen) is listed for removal, so the word reads whole.

A hyphen at a line end is the typesetter's when the document shows the word whole (the joined
form, or a word that begins with the fragment and the next line's first letters: "оцени-" /
"ваемого" beside "оценивания"), the writer's own when it shows the hyphenated form, or a
hyphenated word so begun ("сондай-" / "ақ" beside "сондай-ақ", "іс-" / "шараларына" beside
"іс-шаралар"). Where the document shows neither, the document decides: one whose typesetter
hyphenates (more of its line-end hyphens are shown to be breaks than shown to be the writer's)
broke the word; in one that does not, the hyphen is the writer's. A soft hyphen (U+00AD) is
always the typesetter's; HYPHEN (U+2010) and the non-breaking hyphen (U+2011) are hyphens.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from dataclasses import dataclass

from .layout import Frame, Line

# a hyphen as typesetters set it: the hyphen-minus, HYPHEN (U+2010) and the non-breaking one
_HYPHEN = r"\-\u2010\u2011"
_AS_MINUS = str.maketrans({"\u2010": "-", "\u2011": "-"})
_WORD = re.compile(rf"[^\W_]+(?:[{_HYPHEN}][^\W_]+)*")
# a word's last piece, of letters, broken at the line end: "оцени-", "процедурно-про-", "4-тарма-"
_HYPHENATED = re.compile(
    rf"(?:^|[^\w{_HYPHEN}])((?:[^\W_]+[{_HYPHEN}])*[^\W\d_]{{2,}})[{_HYPHEN}\u00ad]$")
_TAIL = re.compile(r"[^\W\d_]+")
PREFIX_LETTERS = 2  # letters of the next line a known word must share after the fragment


@dataclass(frozen=True)
class Words:
    """The words a document shows whole inside its lines, folded to lower case, and whether
    its typesetter hyphenates."""

    counts: Counter
    sorted: tuple[str, ...]
    hyphenates: bool = False

    @classmethod
    def of(cls, lines: list[Line]) -> Words:
        """The words of the lines in reading order, a line's first and last word left out (a
        line's edge may hold a fragment)."""
        counts: Counter = Counter()
        for line in lines:
            counts.update(w.lower().translate(_AS_MINUS)
                          for w in _WORD.findall(line.text)[1:-1])
        words = cls(counts, tuple(sorted(counts)))
        votes = Counter(words.evidence(*pair) for pair in zip(lines, lines[1:]))
        return cls(counts, words.sorted, votes[True] > votes[False])

    def begins(self, prefix: str) -> bool:
        """Does a known word begin with `prefix`?"""
        k = bisect.bisect_left(self.sorted, prefix)
        return k < len(self.sorted) and self.sorted[k].startswith(prefix)

    def evidence(self, prev: Line, line: Line) -> bool | None:
        """For a hyphen ending `prev` before a word going on in `line`: True when the document
        shows the word whole, False when it shows it hyphenated, None when neither (or when
        there is no such hyphen)."""
        halves = broken(prev, line)
        if halves is None:
            return None
        first, rest = halves
        if self.counts[f"{first}-{rest}"] or (
                len(rest) >= PREFIX_LETTERS and self.begins(f"{first}-{rest[:PREFIX_LETTERS]}")):
            return False  # "іс-" / "шараларына" beside "іс-шаралар"
        if self.counts[first + rest] or (
                len(rest) >= PREFIX_LETTERS and self.begins(first + rest[:PREFIX_LETTERS])):
            return True
        return None


def broken(prev: Line, line: Line) -> tuple[str, str] | None:
    """The two halves of a word `prev` ends in before a hyphen and `line` goes on with in
    lower case ("оцени", "ваемого"), or in capitals after a fragment in capitals ("ПОСТА",
    "НОВЛЯЕТ"), both folded to lower case; None when there is none."""
    head = _HYPHENATED.search(prev.text)
    tail = _TAIL.match(line.text)
    if head is None or tail is None:
        return None
    first, rest = head.group(1), tail.group()
    if not (rest.islower() or (rest.isupper() and first.split("-")[-1].isupper())):
        return None
    return first.lower().translate(_AS_MINUS), rest.lower()


@dataclass(frozen=True)
class Plain:
    """A line's text alone, as the hyphen tests read lines."""

    text: str


def typeset(last: str, following: str, words: Words) -> bool:
    """Is the hyphen ending the text `last` the typesetter's, in a word the text `following`
    goes on with (a table cell's lines, or a paragraph's lines, as plain text)?"""
    pair = Plain(last), Plain(following)
    found = words.evidence(*pair)
    return found if found is not None else words.hyphenates and bool(broken(*pair))


_READS_ON = re.compile(rf"\w[{_HYPHEN}]$")


def reads_on(last: str, following: str) -> bool:
    """Does a word hyphenated at the end of `last` read on into the lower-case start of
    `following` ("іс-" / "шаралары", "оцени-" / "вания", "1-" / "ден"): no space comes
    between (the hyphen stays unless `typeset` finds it the typesetter's)?"""
    return bool(_READS_ON.search(last)) and following[:1].islower()


def cut_word(prev: Line, line: Line, f: Frame) -> bool:
    """Is `prev` one word as wide as the text block, cut at the margin by the typesetter, that
    `line` goes on with (a long "________" to be filled in)? The characters either side of the
    cut are of one kind: letters and digits, or the same sign."""
    first = f.left + (f.indent or 0.0) + prev.char_width
    a, b = prev.text[-1:], line.text[:1]
    return (" " not in prev.text and prev.x0 <= first and f.right - prev.x1 < 2 * prev.char_width
            and (a == b or (a.isalnum() and b.isalnum())))


def soft_hyphen(prev: Line, line: Line, words: Words) -> bool:
    """Does `prev` end in a hyphen the typesetter put into a word that `line` goes on with?"""
    if prev.text.endswith("\u00ad") and _TAIL.match(line.text):
        return True
    found = words.evidence(prev, line)
    return found if found is not None else words.hyphenates and bool(broken(prev, line))


def line_end(prev: Line, line: Line, f: Frame, words: Words) -> tuple[int, str] | None:
    """How many characters at the end of `prev` (its line break included) go, and why, when
    `line` goes on with the word `prev` ends in; None when the line break is a space."""
    if cut_word(prev, line, f):
        return 1, "line break inside a word"
    if soft_hyphen(prev, line, words):
        return 2, "hyphen of a word broken across lines"
    return None
