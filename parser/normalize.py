"""Raw text -> normalized text (one block a line) with its offset map back to the source.

Each repair is a small function `MappedText -> Step`; `STEPS` runs them in order, and
`blocks.segment` then joins soft-wrapped lines into one line per block.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from . import blocks
from .model import Diagnostic, RawText, Removed
from .textmap import MappedText, substitute, translate_spans


@dataclass
class Step:
    """What a repair returns: the new text, source it dropped, and what it noticed."""

    text: MappedText
    removed: list[Removed] = field(default_factory=list)
    notes: list[tuple[int, str, str]] = field(default_factory=list)  # raw offset, code, message


@dataclass(frozen=True)
class Normalized:
    """Normalized text, its offset map, and what normalization dropped or noticed."""

    text: MappedText
    removed: tuple[Removed, ...]
    notes: tuple[tuple[int, str, str], ...]


def line_ends(mt: MappedText) -> Step:
    """CR LF and lone CR -> LF."""
    out, _ = substitute(mt, re.compile(r"\r\n?"), "\n")
    return Step(out)


def bookmarks(mt: MappedText) -> Step:
    """`[bookmark: z4]` markers of DOCX converters (seed 003) are dropped and reported."""
    out, removed = substitute(mt, re.compile(r"\[bookmark:[^\]\n]*\]"), "", "bookmark")
    return Step(out, removed)


_MD_PATTERNS = (
    (re.compile(r"</?(?:b|i|u|em|strong|sup|sub)>", re.I), "", "html tag"),
    (re.compile(r"\*\*"), "", "markdown emphasis"),
    (re.compile(r"(?m)^[ \t]*#{1,6}[ \t]+"), "", "markdown heading"),
    (re.compile(r"(?<![\w*\\])\*(?=[^\s*])([^*\n]*?[^\s*\\])\*(?![\w*])"), r"\1",
     "markdown emphasis"),
    (re.compile(r"\\([\\`*_{}\[\]()#+\-.!|])"), r"\1", "markdown escape"),
    # "- 1) дәлелді себепсіз …": a list bullet in front of a sub-point's own number
    (re.compile(r"(?m)^[ \t]*[-*+][ \t]+(?=\d+(?:-\d+)*[.)][ \t])"), "", "markdown list bullet"),

)


def markdown_markup(mt: MappedText) -> Step:
    """Markdown emphasis, heading marks and escapes (seeds 002, 004) are dropped."""
    removed: list[Removed] = []
    for pattern, repl, reason in _MD_PATTERNS:
        mt, dropped = substitute(mt, pattern, repl, reason)
        removed += dropped
    return Step(mt, removed)


_PIPE_ROW = re.compile(r"(?m)^[ \t]*\|(.*)\|[ \t]*$")
_PIPE_RULE = re.compile(r"(?m)^[ \t]*\|?(?:[ \t]*:?-{3,}:?[ \t]*\|)+[ \t]*:?-*:?[ \t]*$")


def pipe_tables(mt: MappedText) -> Step:
    """Markdown pipe tables -> one row a line with tab-separated cells; `|---|` rules dropped."""
    mt, removed = substitute(mt, _PIPE_RULE, "", "markdown table rule")
    cell_bar = re.compile(r"(?<!\\)\|")

    def row(m: re.Match) -> str:
        return "\t".join(c.strip() for c in cell_bar.split(m.group(1)))

    out, dropped = substitute(mt, _PIPE_ROW, row, "markdown table bars")
    return Step(out, removed + dropped)


def cell_tables(mt: MappedText) -> Step:
    """DOCX-converted tables written as a TAB line before each cell (seed 003) -> tab rows."""
    return Step(blocks.convert_cell_tables(mt))


_ODD_SPACE = re.compile(r"[\u00a0\u2000-\u200a\u202f\u205f\u3000\u180e]")
_INVISIBLE = re.compile(r"[\u200b-\u200d\u2060\ufeff\u00ad]")


def odd_spaces(mt: MappedText) -> Step:
    """Non-breaking and typographic spaces -> space; zero-width characters and soft hyphens go."""
    mt, _ = substitute(mt, _ODD_SPACE, " ")
    out, removed = substitute(mt, _INVISIBLE, "", "invisible character")
    return Step(out, removed)


# Latin letters that look like Cyrillic ones, and the reverse for Roman numerals.
_TO_CYRILLIC = str.maketrans("AaBCcEeHKMOoPpTXxyi", "АаВСсЕеНКМОоРрТХхуі")
_TO_LATIN = str.maketrans("ІХVМС", "IXVMC")
_CYR = "а-яёәғқңөұүһіА-ЯЁӘҒҚҢӨҰҮҺІ"
# Where a Latin look-alike touches a Cyrillic letter; the whole word around it is converted.
_SCRIPT_SEAM = re.compile(rf"[{_CYR}][AaBCcEeHKMOoPpTXxyi]|[AaBCcEeHKMOoPpTXxyi][{_CYR}]")
_WORD_CHARS = re.compile(rf"[{_CYR}A-Za-z]*")
_CATEGORY = re.compile(r"(?<![\w-])[EЕ](?=-(?:R-)?\d)")
_ROMAN = re.compile(r"(?<=\d-)[IVXІХМС]+(?![\w])")


def homoglyphs(mt: MappedText) -> Step:
    """Latin look-alikes inside Kazakh/Russian words -> Cyrillic (`мемлекеттiк`); category
    codes take a Cyrillic Е (`E-R-1` -> `Е-R-1`); Roman numerals in act numbers take Latin
    letters (`21/4-VІ` -> `21/4-VI`). One character for one, so offsets are kept."""
    spans = []
    for m in _SCRIPT_SEAM.finditer(mt.text):
        start = m.start()
        while start > 0 and _WORD_CHARS.fullmatch(mt.text[start - 1]):
            start -= 1
        spans.append((start, _WORD_CHARS.match(mt.text, m.start()).end()))
    mt = translate_spans(mt, spans, _TO_CYRILLIC)
    mt, _ = substitute(mt, _CATEGORY, "Е")
    out, _ = substitute(mt, _ROMAN, lambda m: m.group().translate(_TO_LATIN))
    return Step(out)


_GLUED_TAIL = re.compile(rf"(?m)(?:[.:;,)]|\s:)[0-9-]*[{_CYR}][{_CYR}\w-]*[ \t]*$")
# The double space left where words were taken out, on a full-width wrapped line (a short line
# with double spaces is letter-spaced table text, not this; a wide gap aligns a name or a date
# to the right: "Республики Казахстан<many spaces>Р. Айтбаев").
_INNER_GAP = re.compile(r"(?m)^(?=[^\n]{40})[^\n]*?\S( {2,3})(?=\S)")
# After a page break the gap falls at the line's start: one space, then a lower-case word.
_LEADING_GAP = re.compile(r"(?m)(?<=\n\n) (?=[a-zа-яәғқңөұүһі(])")


def moved_words(mt: MappedText) -> Step:
    """Flag lines where the portal's PDF export moved hyperlinked words to the line end
    ("…енгізілсін:қаулысына"): the words are kept where they are, the line is reported."""
    notes = []
    seen: set[int] = set()
    for pattern, what in ((_GLUED_TAIL, "a word glued after punctuation at the line end"),
                          (_INNER_GAP, "a double space where words were taken out"),
                          (_LEADING_GAP, "a page-break line opening where words were taken out")):
        for m in pattern.finditer(mt.text):
            at = m.start(m.lastindex or 0)
            line_start = mt.text.rfind("\n", 0, at) + 1
            if line_start in seen:
                continue
            seen.add(line_start)
            notes.append((mt.offsets[at], "MOVED_WORDS",
                          f"{what}: words of this line may stand out of their reading order"))
    for at in _over_indented(mt.text):
        if at not in seen:
            notes.append((mt.offsets[at], "MOVED_WORDS", "a paragraph opening one space deeper "
                          "than the others, where words were taken out: words of this line may "
                          "stand out of their reading order"))
    return Step(mt, notes=notes)


_INDENT = re.compile(r"(?m)^( {2,})(?=\S)")


def _over_indented(text: str) -> list[int]:
    """Starts of lines indented one space more than the document's usual paragraph indent."""
    widths = Counter(len(m.group(1)) for m in _INDENT.finditer(text))
    if not widths:
        return []
    usual, count = widths.most_common(1)[0]
    if count < 5:
        return []
    return [m.start() for m in _INDENT.finditer(text) if len(m.group(1)) == usual + 1]


STEPS = (line_ends, bookmarks, markdown_markup, pipe_tables, cell_tables, moved_words,
         odd_spaces, homoglyphs)


def normalize(raw: RawText) -> Normalized:
    """Run every repair, then join soft-wrapped lines into one line per block."""
    mt = MappedText.identity(raw.text)
    removed: list[Removed] = []
    notes: list[tuple[int, str, str]] = []
    for step in STEPS:
        result = step(mt)
        mt = result.text
        removed += result.removed
        notes += result.notes
    mt, dropped = blocks.segment(mt, blank_ends_table=raw.format in ("docx", "html", "pdf"))
    removed += dropped
    return Normalized(mt, tuple(sorted(removed, key=lambda r: r.start)),
                      tuple(sorted(notes)))


def notes_to_diagnostics(notes, locate) -> list[Diagnostic]:
    """Normalization notes -> info diagnostics located in the source."""
    return [Diagnostic(code=code, severity="info", message=msg, location=locate(off))
            for off, code, msg in notes]
