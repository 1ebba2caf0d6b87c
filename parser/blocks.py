"""Lines -> blocks: DOCX-converted cell tables become tab rows, soft-wrapped lines are joined.

After `segment`, the text holds exactly one block a line: a paragraph (no tab) or a table
row (cells separated by TAB, a line break inside a cell written as U+2028).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .textmap import MappedText, concat, slice_, synthetic

CELL_BREAK = "\u2028"

_MARKER = re.compile(r"\t[ \u00a0]*")          # a line that is only a cell marker
_NBSP_INDENT = re.compile(r" ?\u00a0")          # body text of a DOCX conversion
_ROW = re.compile(r"[^\t]*\S[^\t]*\t|\t+\S")     # a line that is a table row
# A block that starts a structural unit even where soft wraps are possible.
_STRUCTURAL = re.compile(
    r"\s*(?:\d+(?:-\d+)*[.)]\s|\d+-(?:тарау|параграф|қосымша)|(?:Глава|Параграф|Приложение)\s"
    r"|\$\$|Ескерту|Примечание|Сноска|ЗҚАИ)")
# A line that is a block on its own wherever it stands ("Күшін жойған" before the issuing line).
_STANDALONE = re.compile(r"\s*(?:Күшін жойған|Утратил силу|Нысан|Форма)\s*")
_TERMINAL = re.compile(r"[.:;!?»\"”)]\s*$")


@dataclass(frozen=True)
class Line:
    """One source line: its mapped text and the offset of its line break."""

    text: MappedText
    eol: int  # raw offset of the "\n" ending it (or end of text)

    @property
    def s(self) -> str:
        return self.text.text


def split_lines(mt: MappedText) -> list[Line]:
    """Mapped text -> lines without their line breaks."""
    lines, pos = [], 0
    end_raw = (mt.offsets[-1] + 1) if mt.offsets else 0
    while pos <= len(mt.text):
        nl = mt.text.find("\n", pos)
        stop = len(mt.text) if nl < 0 else nl
        eol = mt.offsets[nl] if nl >= 0 else end_raw
        lines.append(Line(slice_(mt, pos, stop), eol))
        if nl < 0:
            break
        pos = nl + 1
    return lines


def _join(lines: list[MappedText], sep: str, anchors: list[int]) -> MappedText:
    parts: list[MappedText] = []
    for i, part in enumerate(lines):
        if i:
            parts.append(synthetic(sep, anchors[i - 1]))
        parts.append(part)
    return concat(parts)


def _strip(mt: MappedText) -> MappedText:
    s = mt.text
    start = len(s) - len(s.lstrip())
    end = len(s.rstrip())
    return slice_(mt, start, max(start, end))


# --- seed 003: tables whose every cell is introduced by a line holding one TAB ---------------

def _cell_region(lines: list[Line], i: int) -> int:
    """Index past the end of the cell region starting at marker line i."""
    blanks = 0
    j = i + 1
    while j < len(lines):
        s = lines[j].s
        if _NBSP_INDENT.match(s) and not _MARKER.fullmatch(s):
            break
        blanks = blanks + 1 if not s.strip() and not _MARKER.fullmatch(s) else 0
        if blanks >= 2:
            break
        j += 1
    return j


def _cells(lines: list[Line]) -> list[tuple[list[Line], bool]]:
    """Split a region into cells: (content lines, whether a blank line closes it)."""
    cells: list[tuple[list[Line], bool]] = []
    for line in lines:
        s = line.s
        if _MARKER.fullmatch(s) or (s.startswith("\t") and s[1:2].strip()):
            cells.append(([], False))
            if not _MARKER.fullmatch(s):
                cells[-1][0].append(Line(slice_(line.text, 1, len(s)), line.eol))
        elif cells:
            cells[-1][0].append(line)
    return [(content, bool(content) and not content[-1].s.strip()) for content, _ in cells]


def _row_text(cells: list[tuple[list[Line], bool]], anchor: int) -> MappedText:
    parts = []
    for content, _ in cells:
        pieces = [_strip(c.text) for c in content if c.s.strip()]
        parts.append(_join(pieces, CELL_BREAK, [c.eol for c in content]) if pieces
                     else synthetic("", anchor))
    return _join(parts, "\t", [anchor] * len(parts))


def _pad(row: list, ncols: int) -> list:
    """A short last row (a merged cell) keeps the table's width, so it stays a row."""
    return row + [([], False)] * (ncols - len(row))


def _table_lines(region: list[Line]) -> list[MappedText] | None:
    """Rows of a real table, or None for a layout table (signature, addressee block)."""
    cells = _cells(region)
    ncols = next((k + 1 for k, (_, closed) in enumerate(cells) if closed), len(cells))
    if ncols < 2 or len(cells) < 2 * ncols:
        return None
    anchor = region[0].eol
    return [_row_text(_pad(cells[k:k + ncols], ncols), anchor)
            for k in range(0, len(cells), ncols)]


def convert_cell_tables(mt: MappedText) -> MappedText:
    """Rewrite marker-cell tables as tab rows; a layout table just loses its markers."""
    lines = split_lines(mt)
    out: list[MappedText] = []
    eols: list[int] = []
    i = 0
    while i < len(lines):
        if not _MARKER.fullmatch(lines[i].s):
            out.append(lines[i].text)
            eols.append(lines[i].eol)
            i += 1
            continue
        end = _cell_region(lines, i)
        rows = _table_lines(lines[i:end])
        if rows is None:  # layout: a TAB becomes indentation, so each cell starts a block
            for line in lines[i:end]:
                out.append(MappedText(line.s.replace("\t", " "), line.text.offsets))
                eols.append(line.eol)
        else:
            out.append(synthetic("", lines[i].eol))
            eols.append(lines[i].eol)
            out.extend(rows)
            eols.extend([lines[end - 1].eol] * len(rows))
            out.append(synthetic("", lines[end - 1].eol))
            eols.append(lines[end - 1].eol)
        i = end
    return _join(out, "\n", eols)


# --- soft wraps -------------------------------------------------------------------------------

def _indent(s: str) -> int:
    return len(s) - len(s.lstrip(" \t"))


def detect_layout(lines: list[Line]) -> str:
    """'indent' when paragraphs are marked by indentation and lines are hard-wrapped
    (PDF-extracted, DOCX-converted), 'blank' when blank lines separate them (Markdown)."""
    text_lines = [ln.s for ln in lines if ln.s.strip() and not _ROW.match(ln.s)]
    if not text_lines:
        return "blank"
    indented = sum(1 for s in text_lines if _indent(s) >= 2)
    return "indent" if indented >= 3 and indented / len(text_lines) >= 0.02 else "blank"


def _starts_block(line: str, after_blank: bool, prev: str, layout: str) -> bool:
    """Does this line open a new block, or continue the one before it?"""
    body = line.lstrip(" \t")
    if layout == "blank":
        return after_blank or bool(_STRUCTURAL.match(line) and _TERMINAL.search(prev))
    indent = _indent(line)
    first = body[:1]
    if indent >= 2:
        return True
    if indent == 1:
        return first.isupper() or first.isdigit() or first in "\"«“"
    if not after_blank:
        return False
    if prev.rstrip().endswith((",", "-", "–", "(")):
        return False
    return bool(_STRUCTURAL.match(body)) or first.isupper() or first in "\"«“-–*$"


def segment(mt: MappedText) -> MappedText:
    """Join soft-wrapped lines: one block a line, table rows kept one a line."""
    lines = split_lines(mt)
    layout = detect_layout(lines)
    blocks: list[list[Line]] = []
    after_blank = True
    prev = ""
    in_table = False
    for line in lines:
        s = line.s
        if not s.strip():
            after_blank = True
            in_table = False
            continue
        if _ROW.match(s):
            blocks.append([line])
            in_table = True
        elif in_table and not after_blank:  # a wrapped cell of the row above
            blocks[-1].append(line)
        elif (not blocks or _starts_block(s, after_blank, prev, layout)
              or _STANDALONE.fullmatch(s) or _STANDALONE.fullmatch(prev)):
            blocks.append([line])
            in_table = False
        else:
            blocks[-1].append(line)
        after_blank = False
        prev = s
    rendered = [_render(block) for block in blocks]
    return _join(rendered, "\n", [b[-1].eol for b in blocks]) if rendered else mt


_SPACES = re.compile(r"[ \t]{2,}| \t|\t ")


def _render(block: list[Line]) -> MappedText:
    """One block's lines -> one line: wraps become a space (none after a hyphen)."""
    if _ROW.match(block[0].s):
        first = _strip_row(block[0].text)
        rest = [_strip(ln.text) for ln in block[1:]]
        return _join([first, *rest], CELL_BREAK, [ln.eol for ln in block])
    parts: list[MappedText] = []
    for k, line in enumerate(block):
        piece = _strip(line.text)
        if k and parts:
            glue = "" if re.search(r"\w-$", parts[-1].text) and piece.text[:1].islower() else " "
            parts.append(synthetic(glue, block[k - 1].eol))
        parts.append(piece)
    joined = concat(parts)
    from .textmap import substitute
    collapsed, _ = substitute(joined, re.compile(r" {2,}"), " ")
    return collapsed


def _strip_row(mt: MappedText) -> MappedText:
    """A table row keeps its leading empty cells (tabs) but loses outer spaces."""
    s = mt.text
    start = len(s) - len(s.lstrip(" "))
    end = len(s.rstrip(" "))
    return slice_(mt, start, end)
