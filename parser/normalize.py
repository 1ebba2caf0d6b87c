"""Raw text -> normalized text (one block a line) with its offset map back to the source.

Each repair is a small function `MappedText -> Step`; `STEPS` runs them in order, and
`blocks.segment` then joins soft-wrapped lines into one line per block.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

from . import aligned, blocks, columns, lang, latin, regexes, words
from .model import Diagnostic, RawText, Removed
from .textmap import (MappedText, Offsets, concat, slice_, splice, substitute, synthetic,
                      translate_spans)


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
    out, _ = substitute(mt, regexes.compile(r"\r\n?"), "\n")
    return Step(out)


_FORM_FEED = regexes.compile(r"\f")


def form_feeds(mt: MappedText) -> Step:
    """The form feed a PDF's text export opens each page with (pdftotext: "\\f" before the
    page's first line) goes, as white space does: the page's lines read on as the text's
    (its first line keeps its own indent), and the page's number is told by the line it
    stands on (parser/blocks.py)."""
    out, _ = substitute(mt, _FORM_FEED, "")
    return Step(out)


def bookmarks(mt: MappedText) -> Step:
    """`[bookmark: z4]` markers of DOCX converters (seed 003) are dropped and reported."""
    out, removed = substitute(mt, regexes.compile(r"\[bookmark:[^\]\n]*\]"), "", "bookmark")
    return Step(out, removed)


_MD_PATTERNS = (
    (regexes.compile(r"</?(?:b|i|u|em|strong|sup|sub)>", re.I), "", "html tag"),
    (regexes.compile(r"\*\*"), "", "markdown emphasis"),
    (regexes.compile(r"(?m)^[ \t]*#{1,6}[ \t]+"), "", "markdown heading"),
    (regexes.compile(r"(?<![\w*\\])\*(?=[^\s*])([^*\n]*?[^\s*\\])\*(?![\w*])"), r"\1",
     "markdown emphasis"),
    (regexes.compile(r"\\([\\`*_{}\[\]()#+\-.!\"'$<>^~])"), r"\1", "markdown escape"),  # "\|": a
    # cell's bar, unescaped once the table's cells are split (pipe_tables)
    # "- 1) дәлелді себепсіз …": a list bullet in front of a sub-point's own number
    (regexes.compile(r"(?m)^[ \t]*[-*+][ \t]+(?=\d+(?:-\d+)*[.)][ \t])"), "", "markdown list bullet"),

)


def markdown_markup(mt: MappedText) -> Step:
    """Markdown emphasis, heading marks and escapes (seeds 002, 004) are dropped."""
    removed: list[Removed] = []
    for pattern, repl, reason in _MD_PATTERNS:
        mt, dropped = substitute(mt, pattern, repl, reason)
        removed += dropped
    return Step(mt, removed)


# A setext heading's underline ("Общие положения" over "---------------", "ӘДІСТЕМЕ" over
# "========") or a thematic break: a line of "=" or "-" alone (never "_": a blank to fill in)
_MD_RULE = regexes.compile(r"(?m)^[ ]{0,3}(?:=+|-{3,})[ \t]*$")


def markdown_rules(mt: MappedText) -> Step:
    """A Markdown file's setext underlines and thematic breaks are dropped and reported; the
    empty line left ends the heading above as a block of its own."""
    out, removed = substitute(mt, _MD_RULE, "", "markdown heading underline or rule")
    return Step(out, removed)


# YAML front matter: a Markdown file that opens with "---", then "key: value" lines (a list's
# "- item" lines, indented lines), then "---" or "..."
_MD_FRONT = regexes.compile(r"\A---[ \t]*\n(?:(?:[\w-]+[ \t]*:.*|[ \t]+.*|-[ \t].*|[ \t]*)\n)*?"
                            r"(?:---|\.\.\.)[ \t]*(?:\n|\Z)")


def markdown_front_matter(mt: MappedText) -> Step:
    """A wiki's export opens with its page's YAML front matter (title, tags, dates): the
    page's data, not the act's text; it goes and is reported."""
    out, removed = substitute(mt, _MD_FRONT, "", "markdown front matter")
    return Step(out, removed)


_MD_BREAK = regexes.compile(r"<br[ \t]*/?>", re.I)
_MD_LINK = regexes.compile(r"!?\[([^\[\]\n]*)\]\([^()\s]*(?:[ \t]+\"[^\"\n]*\")?\)")
_MD_QUOTE = regexes.compile(r"(?m)^[ \t]{0,3}>[ \t]?")
# pandoc's bracketed span: "[Бекітілген]{.underline}" (its text, then its attributes)
_MD_SPAN = regexes.compile(r"\[([^\[\]\n]*)\]\{[^{}\n]*\}")
# pandoc's footnote: its definition "[^1]: text" opening a line, its mark "[^1]" in the text
_MD_NOTE_DEFINITION = regexes.compile(r"(?m)^[ ]{0,3}(\[\^)(\w{1,10})(\]:)[ \t]*")
_MD_NOTE_MARK = regexes.compile(r"\[\^\w{1,10}\]")
# pandoc's hard line break: a backslash ending a line of a paragraph (a stamp's lines)
_MD_HARD_BREAK = regexes.compile(r"(?<!\\)\\(?=\n)")


def _footnotes(mt: MappedText) -> tuple[MappedText, list[Removed]]:
    """pandoc's footnotes: a definition "[^1]: text" opens a paragraph with its number ("1
    text", as a Word footnote's paragraph opens), where it stands; a mark "[^1]" in the text
    goes, as a Word footnote's mark holds no text. Both are reported."""
    edits, removed = [], []
    for m in _MD_NOTE_DEFINITION.finditer(mt.text):
        edits.append((m.start(), m.end(), concat([slice_(mt, m.start(2), m.end(2)),
                                                  synthetic(" ", mt.offsets[m.start(3)])])))
        for lo, hi in ((m.start(), m.start(2)), (m.start(3), m.end())):
            removed.append(Removed(start=mt.offsets[lo], end=mt.offsets[hi - 1] + 1,
                                   reason="markdown footnote label"))
    mt = splice(mt, edits)
    out, marks = substitute(mt, _MD_NOTE_MARK, "", "markdown footnote mark")
    return out, removed + marks


def markdown_inline(mt: MappedText) -> Step:
    """A Markdown file's inline markup that carries no words of its own goes: a link or an
    image keeps its text ("[пунктом 5](#p5)" -> "пунктом 5", an image its alt text), as does
    pandoc's span ("[Бекітілген]{.underline}"); pandoc's hard line break (a backslash at the
    line's end), footnote marks ("[^1]", a definition opening with its number: `_footnotes`)
    and a blockquote's ">" marks go (an editor's note reads as the paragraph it
    is), and a <br> breaks the line (in a table's row, the cell's line: U+2028)."""
    removed: list[Removed] = []
    for pattern, reason in ((_MD_LINK, "markdown link"), (_MD_SPAN, "markdown span")):
        edits = []
        for m in pattern.finditer(mt.text):  # the link's text keeps its own offsets
            edits.append((m.start(), m.end(), slice_(mt, m.start(1), m.end(1))))
            for lo, hi in ((m.start(), m.start(1)), (m.end(1), m.end())):
                removed.append(Removed(start=mt.offsets[lo], end=mt.offsets[hi - 1] + 1,
                                       reason=reason))
        mt = splice(mt, edits)
    mt, dropped = substitute(mt, _MD_HARD_BREAK, "", "markdown line break")
    removed += dropped
    mt, dropped = _footnotes(mt)
    removed += dropped
    mt, dropped = substitute(mt, _MD_QUOTE, "", "markdown blockquote")
    removed += dropped
    edits, pos = [], 0
    for line in mt.text.split("\n"):
        for m in _MD_BREAK.finditer(line):
            cut = "\u2028" if "|" in line else "\n"
            edits.append((pos + m.start(), pos + m.end(), synthetic(cut, mt.offsets[pos + m.start()])))
            removed.append(Removed(start=mt.offsets[pos + m.start()],
                                   end=mt.offsets[pos + m.end() - 1] + 1, reason="html line break"))
        pos += len(line) + 1
    return Step(splice(mt, edits), removed)


_MD_ITEM = regexes.compile(r"( *)(\d{1,3})([.)])[ \t]")


def markdown_lists(mt: MappedText) -> Step:
    """Markdown ordered lists numbered the lazy way (pandoc, CommonMark: a list counts on
    from its first item), numbered as a renderer numbers them, with a LAZY_LIST_NUMBERS note:
    only a list whose items after the first all carry one number, "1." or the first item's
    ("1." throughout; "18." then "1.", "1.", …). Any other list keeps its numbers as written
    (a gap, a repeated or a misplaced number the act has: the numbering pass reports it). A
    list is the items of one indent and one delimiter ("." or ")"), blank lines and deeper
    lines between them; any other line at its indent or shallower ends it. The new number's
    characters stand at the old one's."""
    lists = _md_lists(mt.text)
    edits, notes = [], []
    for items in lists:
        first, rest = items[0][2], {n for _, _, n in items[1:]}
        if len(rest) != 1 or not rest & {1, first}:
            continue
        for k, (start, end, _) in enumerate(items[1:], 1):
            edits.append((start, end, synthetic(str(first + k), mt.offsets[start])))
        notes.append((mt.offsets[items[1][0]], "LAZY_LIST_NUMBERS",
                      f"a Markdown list numbered lazily (every item after the first "
                      f"\"{rest.pop()}\"): items numbered {first + 1}-{first + len(items) - 1} "
                      "as a renderer numbers them"))
    return Step(splice(mt, sorted(edits, key=lambda e: e[0])), notes=sorted(notes))


# The spaces pandoc pads a list item's mark with to its content column ("1.  Осы …",
# "    1)  …"): the first is the mark's, the rest are layout
_MD_PADDING = regexes.compile(r"(?m)^[ \t]*(?:\d{1,3}[.)]|[-*+]) ( +)(?=\S)")


def markdown_padding(mt: MappedText) -> Step:
    """A list item's mark padded to its content column ("1.  Осы", pandoc): one space is left
    after the mark; the padding goes and is reported (no column of a table, no gap where
    words were taken out)."""
    edits, removed = [], []
    for m in _MD_PADDING.finditer(mt.text):
        edits.append((m.start(1), m.end(1), synthetic("", 0)))
        removed.append(Removed(start=mt.offsets[m.start(1)], end=mt.offsets[m.end(1) - 1] + 1,
                               reason="markdown list mark padding"))
    return Step(splice(mt, edits), removed)


def _md_lists(text: str) -> list[list[tuple[int, int, int]]]:
    """The Markdown ordered lists of a text, each its items' (number start, end, number)."""
    done: list[list[tuple[int, int, int]]] = []
    open_: dict[tuple[int, str], list[tuple[int, int, int]]] = {}  # (indent, delimiter) ->
    pos = 0
    for line in text.split("\n"):
        if line.strip():
            indent = len(line) - len(line.lstrip(" "))
            m = _MD_ITEM.match(line)
            for key in list(open_):
                if key[0] >= indent and not (m and key == (indent, m.group(3))):
                    done.append(open_.pop(key))
            if m:
                open_.setdefault((indent, m.group(3)), []).append(
                    (pos + m.start(2), pos + m.end(2), int(m.group(2))))
        pos += len(line) + 1
    return [items for items in (*done, *open_.values()) if len(items) > 1]


_GRID_BORDER = regexes.compile(r"[ \t]*\+(?:[-=:]+\+)+[ \t]*")
_GRID_LINE = regexes.compile(r"[ \t]*\|.*\|[ \t]*")
# The same grid drawn in box-drawing characters (a text saved from an old Word document:
# "┌───┬───┐", "│ … │ … │", "├───┼───┤", "└───┴───┘"), in any format
_BOX_BORDER = regexes.compile(r"[ \t]*[┌├└╒╞╘╔╠╚](?:[─═]+[┬┼┴┐┤┘╤╪╧╕╡╛╦╬╩╗╣╝])+[ \t]*")
_BOX_LINE = regexes.compile(r"[ \t]*[│║].*[│║][ \t]*")


def _grid_row(mt: MappedText, lines: list[tuple[int, str]], bars: list[int]) -> MappedText:
    """One row of a grid table (its text lines, each (offset, line)) -> its cells joined by
    TABs: a cell's lines joined by a space, its paragraphs (parted by an empty line of the
    cell) by U+2028, each piece keeping its offsets; a row of one cell across the table, an
    empty cell for each further column."""
    first_pos, first = lines[0]
    seps = _bars_of(first, bars)  # a spanning cell has no bar
    cells: list[MappedText] = []
    for k in range(len(seps) - 1):
        pieces = []
        parted = False
        for pos, line in lines:
            own = _bars_of(line, bars)
            left, right = (own if len(own) == len(seps) else seps)[k:k + 2]
            piece = line[left + 1:right]
            lo = left + 1 + len(piece) - len(piece.lstrip())
            hi = left + 1 + len(piece.rstrip())
            if hi > lo:
                if pieces:
                    pieces.append(synthetic(blocks.CELL_BREAK if parted else " ",
                                            mt.offsets[pos + lo]))
                pieces.append(slice_(mt, pos + lo, pos + hi))
                parted = False
            elif pieces:
                parted = True  # an empty line of the cell parts its paragraphs
        cells.append(concat(pieces) if pieces else synthetic("", mt.offsets[first_pos + seps[k]]))
    parts: list[MappedText] = []
    for k, cell in enumerate(cells):
        if k:
            parts.append(synthetic("\t", mt.offsets[first_pos + seps[k]]))
        parts.append(cell)
    if len(cells) == 1 and seps[0] == bars[0] and seps[-1] == bars[-1]:
        # one cell across the table (a merged row): an empty cell for each further column,
        # as a page's merged row is read (parser/ingest/html.py, table_blocks)
        parts.append(synthetic("\t" * (len(bars) - 2), mt.offsets[first_pos + seps[-1]]))
    return concat(parts)


def _bars_of(line: str, bars: list[int]) -> list[int]:
    """The columns of a grid row line's bars: the border's junctions where the line has a bar;
    for a line whose box bars stand elsewhere (its words re-spelt to other lengths, as a
    Latin-script render spells a Cyrillic text) its own box bars."""
    at = [b for b in bars if b < len(line) and line[b] in "|│║"]
    own = [k for k, c in enumerate(line) if c in "│║"]
    return own if len(own) > len(at) else at


def grid_tables(mt: MappedText) -> Step:
    """Markdown grid tables (pandoc: `+----+----+` borders, `+====+` under the header, `| … |`
    lines whose cells wrap over several lines) -> one row a line, cells split on TAB at the
    columns the first border's `+` marks; the borders and bars are dropped and reported. Each
    grid is a table of its own (two parted by a blank line are two): the border under its
    first row becomes a TAB-separated rule, as a converted text's ("---<TAB>---")."""
    return _grids(mt, _GRID_BORDER, _GRID_LINE, "markdown grid table borders", rule=True)


# pandoc's simple table: a rule of dash runs parted by spaces under its header line ("  Балл
# ----- -----", a run of three dashes at least), each run a column; its rows the lines after
# it up to a blank line
_SIMPLE_RULE = regexes.compile(r"(?m)^[ ]{0,3}(?=[- ]*---)-+(?:[ ]+-+)+[ \t]*$")
_DASHES = regexes.compile(r"-+")


def simple_tables(mt: MappedText) -> Step:
    """Markdown simple tables (pandoc: a header line, a rule of dash runs, one row a line up to
    a blank line, each cell under its run of dashes) -> one row a line, cells split on TAB at
    the runs' starts; the rule becomes the TAB-separated rule of a converted text
    ("---<TAB>---", blocks.segment drops it, opening a new table at the header above it)."""
    edits = []
    text = mt.text
    for m in _SIMPLE_RULE.finditer(text):
        above_end = m.start() - 1
        above_start = text.rfind("\n", 0, max(0, above_end)) + 1
        if above_end <= 0 or not text[above_start:above_end].strip():
            continue  # no header above: no table (a line of dashes alone)
        starts = [r.start() for r in _DASHES.finditer(m.group())]
        lines = [(above_start, above_end)]
        pos = m.end() + 1
        while pos < len(text):
            end = text.find("\n", pos)
            end = len(text) if end < 0 else end
            if not text[pos:end].strip():
                break
            lines.append((pos, end))
            pos = end + 1
        edits.append((m.start(), m.end(), _tab_rule(mt, m.start(), m.end())))
        for lo, hi in lines:
            parts: list[MappedText] = []
            cuts = [lo + c for c in starts[1:] if lo + c < hi]
            for k, (a, b) in enumerate(zip([lo, *cuts], [*cuts, hi])):
                cell = text[a:b]
                if k:
                    parts.append(synthetic("\t", mt.offsets[a]))
                left = a + len(cell) - len(cell.lstrip())
                parts.append(slice_(mt, left, max(left, a + len(cell.rstrip()))))
            parts += [synthetic("\t", mt.offsets[hi - 1])] * (len(starts) - 1 - len(cuts))
            edits.append((lo, hi, concat(parts)))
    edits.sort(key=lambda e: e[0])
    return Step(splice(mt, edits))


def box_tables(mt: MappedText) -> Step:
    """Grid tables drawn in box-drawing characters ("┌──┬──┐", "│ … │", "├──┼──┤", "└──┴──┘"),
    their cells wrapping over lines, read like a Markdown grid table: one row a line."""
    if not _BOX_BORDER.search(mt.text):
        return Step(mt)
    return _grids(mt, _BOX_BORDER, _BOX_LINE, "box-drawing table borders")


_JUNCTIONS = "+┌┬┐├┼┤└┴┘╒╤╕╞╪╡╘╧╛╔╦╗╠╬╣╚╩╝"


_BORDER_RUN = regexes.compile(r"[^" + _JUNCTIONS + r"\s]+")


def _border_rule(mt: MappedText, pos: int, line: str) -> MappedText:
    """A grid's border line ("+=====+===+", "├───┼───┤") -> its runs as dashes joined by TABs
    ("-----<TAB>---"), each character at its source's offset."""
    parts: list[MappedText] = []
    for m in _BORDER_RUN.finditer(line):
        if parts:
            parts.append(synthetic("\t", mt.offsets[pos + m.start() - 1]))
        parts.append(MappedText("-" * len(m.group()), mt.offsets[pos + m.start():pos + m.end()]))
    return concat(parts)


def _grids(mt: MappedText, border, row_line, reason: str, rule: bool = False) -> Step:
    """Grid tables of a border and a row line pattern -> one row a line (`grid_tables`);
    `rule`: the border under the first row a TAB-separated rule (each grid a table of its
    own)."""
    text = mt.text
    lines, pos = [], 0
    for line in text.split("\n"):
        lines.append((pos, line))
        pos += len(line) + 1
    edits, removed = [], []
    i = 0
    while i < len(lines):
        pos, line = lines[i]
        if not border.fullmatch(line) or i + 1 >= len(lines) \
                or not row_line.fullmatch(lines[i + 1][1]):
            i += 1
            continue
        bars = [k for k, c in enumerate(line) if c in _JUNCTIONS]
        rows, row, j = [], [], i + 1
        under_first = None  # the border under the first row
        while j < len(lines) and (row_line.fullmatch(lines[j][1])
                                  or border.fullmatch(lines[j][1])):
            if border.fullmatch(lines[j][1]):
                if row:
                    rows.append(_grid_row(mt, row, bars))
                    if len(rows) == 1:
                        under_first = lines[j]
                row = []
            else:
                row.append(lines[j])
            j += 1
        if row:
            rows.append(_grid_row(mt, row, bars))
        end = lines[j - 1][0] + len(lines[j - 1][1])
        ruled = rule and under_first is not None
        parts: list[MappedText] = []
        for k, cells in enumerate(rows):
            if k == 1 and ruled:  # the line end of the border under the first row
                parts.append(slice_(mt, under_first[0] + len(under_first[1]),
                                    under_first[0] + len(under_first[1]) + 1))
            elif k:
                parts.append(synthetic("\n", cells.offsets[0] if cells.offsets else mt.offsets[pos]))
            parts.append(cells)
            if k == 0 and ruled:
                # the grid is a table of its own: the border under its first row becomes the
                # TAB-separated rule of a converted text, which opens a table at the row above
                parts += [slice_(mt, under_first[0] - 1, under_first[0]),
                          _border_rule(mt, *under_first)]
        edits.append((pos, end, concat(parts)))
        # the grid's marks are reported here, but for the border under the first row past its
        # first junction, which blocks.segment reports as the rule it drops
        cut = (under_first[0] + 1, under_first[0] + len(under_first[1])) if ruled else (end, end)
        for lo, hi in ((pos, cut[0]), (cut[1], end)):
            if hi > lo:
                removed.append(Removed(start=mt.offsets[lo], end=mt.offsets[hi - 1] + 1,
                                       reason=reason))
        i = j
    return Step(splice(mt, edits), removed)


_PIPE_ROW = regexes.compile(r"(?m)^[ \t]*\|(.*)\|[ \t]*$")
_PIPE_RULE = regexes.compile(r"(?m)^[ \t]*\|?(?:[ \t]*:?-{3,}:?[ \t]*\|)+[ \t]*:?-*:?[ \t]*$")


_CELL_BAR = regexes.compile(r"(?<!\\)\|")
_ESCAPED_BAR = regexes.compile(r"\\\|")  # "\|": a bar in a cell's text


def pipe_tables(mt: MappedText) -> Step:
    """Markdown pipe tables -> one row a line with tab-separated cells; a `|---|` rule a
    TAB-separated rule "---<TAB>---" (blocks.segment drops it).
    Each cell's characters keep their own source offsets (a TAB stands at its bar's). A table
    may leave out its outer pipes ("№ | Задача плана | Балл", "--- | --- | ---", "1 | Задача 1
    |  | "): the line above a rule and the lines after it that hold a bar, up to a blank line,
    are its rows."""
    mt, removed = _hand_rules(mt)
    bare = _bare_rows(mt)
    rules = [(m.start(), m.end()) for m in _PIPE_RULE.finditer(mt.text)]
    rows, pos = [], 0
    for line in mt.text.split("\n"):
        if line.strip() and mt.offsets[pos] in bare:
            width, lead, trail = bare[mt.offsets[pos]]
            inner = re.match(_BARE_ROW[lead, trail], line)
            rows.append((pos, pos + len(line), pos + inner.start(1), pos + inner.end(1), width))
        pos += len(line) + 1
    taken = {r[0] for r in rows} | {start for start, _ in rules}
    rows += [(m.start(), m.end(), m.start(1), m.end(1), 0) for m in _PIPE_ROW.finditer(mt.text)
             if m.start() not in taken]
    # a rule under a table's first row (its header) becomes the TAB-separated rule of a
    # converted text ("---<TAB>---", its dashes the source's): blocks.segment drops it,
    # reporting it, and opens a new table at the header above it
    edits = []
    for start, end in rules:
        if _heads_table(mt.text, start):
            edits.append((start, end, _tab_rule(mt, start, end)))
        else:  # a rule between two rows of a table drawn by hand: no table starts there
            edits.append((start, end, synthetic("", mt.offsets[start])))
            removed.append(Removed(start=mt.offsets[start], end=mt.offsets[end - 1] + 1,
                                   reason="markdown table rule"))
    for start, end, lo_row, hi_row, width in sorted(rows):
        parts: list[MappedText] = []
        pos = lo_row
        for bar in [*_CELL_BAR.finditer(mt.text, lo_row, hi_row), None]:
            cut = bar.start() if bar else hi_row
            cell = mt.text[pos:cut]
            lo = pos + len(cell) - len(cell.lstrip())
            if parts:
                parts.append(synthetic("\t", mt.offsets[pos - 1]))
            parts.append(slice_(mt, lo, max(lo, pos + len(cell.rstrip()))))
            pos = cut + 1
        # a row of a table without outer pipes may stop short: its last cells are empty
        parts += [synthetic(c, mt.offsets[end - 1]) for _ in range(width - (len(parts) + 1) // 2)
                  for c in ("\t", "")]
        if not any(p.text.strip() for p in parts):
            # a row of empty cells ("|  |  |", a layout table's) holds no text: a bare TAB
            # left for it would read as a DOCX cell marker opening a table of its own
            parts = [synthetic("", mt.offsets[start])]
        edits.append((start, end, concat(parts)))
        if mt.text[start:end].strip():
            removed.append(Removed(start=mt.offsets[start], end=mt.offsets[end - 1] + 1,
                                   reason="markdown table bars"))
    mt, escapes = substitute(splice(mt, sorted(edits, key=lambda e: e[0])), _ESCAPED_BAR, "|",
                             "markdown escape")
    return Step(mt, removed + escapes)


_RULE_RUN = regexes.compile(r":?-+:?")


def _heads_table(text: str, start: int) -> bool:
    """Does the rule line at `start` stand under a table's first line (its header: the line
    above it follows a blank line, or another block's line, or opens the text)?"""
    above = text.rfind("\n", 0, max(0, start - 1))
    before = text.rfind("\n", 0, max(0, above)) if above > 0 else -1
    line = text[before + 1:above] if above > 0 else ""
    return not ("|" in line or _PIPE_RULE.fullmatch(line) or _HAND_RULE.fullmatch(line))


def _tab_rule(mt: MappedText, start: int, end: int) -> MappedText:
    """A pipe table's rule line -> its runs of dashes joined by TABs, each TAB standing at the
    bar before its run (the first at the line's start: the line is dropped whole)."""
    parts: list[MappedText] = []
    for m in _RULE_RUN.finditer(mt.text, start, end):
        if parts or m.start() > start:
            parts.append(synthetic("\t", mt.offsets[max(start, m.start() - 1) if parts else start]))
        parts.append(slice_(mt, m.start(), m.end()))
    return concat(parts)


# A line a table is drawn with by hand over, between or under its rows: "-----", "=====",
# "+-----+---+"
_HAND_RULE = regexes.compile(r"[ \t]*(?:[-=]{3,}|\+(?:[-=]+\+)+)[ \t]*")


def _hand_rules(mt: MappedText) -> tuple[MappedText, list[Removed]]:
    """Drop the lines of dashes a table drawn by hand in a text has over, between and under its
    rows ("| № | Міндет | Балл |" between "------" lines), each with its line end: they hold
    no text. A rule that touches no row stays (it may underline a title)."""
    lines = mt.text.split("\n")
    rule = [bool(_HAND_RULE.fullmatch(line)) for line in lines]
    row = [bool(_PIPE_ROW.fullmatch(line)) for line in lines]
    near = [False] * len(lines)  # the first line past a run of rules, each way, is a row
    for order in (range(len(lines)), range(len(lines) - 1, -1, -1)):
        last = False
        for k in order:
            near[k] = near[k] or (rule[k] and last)
            last = row[k] or (rule[k] and last)
    edits, removed, pos = [], [], 0
    for k, line in enumerate(lines):
        if near[k]:
            end = pos + len(line) + (k + 1 < len(lines))  # the line goes (a blank one would
            # part a table's rows, or make a text of one paragraph a line look blank-parted)
            edits.append((pos, end, synthetic("", mt.offsets[pos])))
            removed.append(Removed(start=mt.offsets[pos], end=mt.offsets[end - 1] + 1,
                                   reason="table rule drawn by hand"))
        pos += len(line) + 1
    return splice(mt, edits), removed


# a row of a table written without outer pipes, by whether its header opens and closes with
# one: a bar the header has there is the table's edge, else it parts an empty cell (" | Сумма
# коэффициентов |  | " under "№ | Задача плана | …": the number cell empty)
_BARE_ROW = {(lead, trail): (r"[ \t]*" + (r"\|?" if lead else "") + r"(.*?)"
                             + (r"\|?[ \t]*$" if trail else r"[ \t]*$"))
             for lead in (False, True) for trail in (False, True)}


def _bare_rows(mt: MappedText) -> dict[int, tuple[int, bool, bool]]:
    """The rows of pipe tables written without outer pipes, by the source offset of their first
    character, each with its header's number of cells and whether the header opens and closes
    with a bar: the line above a rule, and the lines after it that hold a bar, up to a blank
    line (a table with outer pipes is read by `_PIPE_ROW`)."""
    lines = mt.text.split("\n")
    starts, pos = [], 0
    for line in lines:
        starts.append(pos)
        pos += len(line) + 1
    found: dict[int, tuple[int, bool, bool]] = {}
    for k, line in enumerate(lines):
        if k == 0 or not _PIPE_RULE.fullmatch(line) or "|" not in line:
            continue
        if not _CELL_BAR.search(lines[k - 1]) or _PIPE_ROW.fullmatch(lines[k - 1]):
            continue
        header = lines[k - 1].strip(" \t")
        shape = (header.startswith("|"), header.endswith("|"))
        width = len(_CELL_BAR.findall(re.match(_BARE_ROW[shape], header).group(1))) + 1
        found[mt.offsets[starts[k - 1]]] = (width, *shape)
        for j in range(k + 1, len(lines)):
            if not lines[j].strip() or not _CELL_BAR.search(lines[j]):
                break
            found[mt.offsets[starts[j]]] = (width, *shape)
    return found


# A list item a word processor's "save as text" wrote with a TAB after its mark: "12.<TAB>…",
# "3)<TAB>…", "2.1.<TAB>…", "а)<TAB>…", "•<TAB>…"; the rest of the line holds no TAB
# a numbered paragraph's mark: a clause's or sub-point's number ("12.", "2.1.", "3)"), a letter
# ("а)")
_MARK = r"(?:\d{1,3}(?:[.-]\d{1,3})*[.)]|[а-яәіңғүұқөһa-z]\))"
_LIST_TAB = regexes.compile(rf"[ ]*(?:{_MARK}|[•·▪◦–—-])(\t)[^\t\n]*\S[^\t\n]*")


def list_tabs(mt: MappedText) -> Step:
    """A plain text's list items whose mark a TAB parts from their words ("1.<TAB>Настоящая
    методика …", "2)<TAB>жұмыс күні …") read as the numbered paragraphs they are, the TAB as
    a space, unless they are a table's rows: in a run of adjacent lines with a TAB, the items
    before its first other line (a table's header or a row of more cells: "№<TAB>Атауы",
    "1<TAB>Сапа<TAB>5") are a list's, and from that line on the lines are the table's; a run
    with a table's rule under its first row ("---<TAB>---", a grid's border) is a table's."""
    spans: list[tuple[int, int]] = []
    run: list[tuple[int, int] | None] = []
    ruled = False  # the run holds a table's rule ("---<TAB>---"): it is a table's, whole
    pos = 0
    for line in (*mt.text.split("\n"), ""):
        if "\t" in line and line.strip():
            found = _LIST_TAB.fullmatch(line)
            run.append((pos + found.start(1), pos + found.end(1)) if found else None)
            ruled = ruled or bool(blocks.TABLE_RULE.fullmatch(line))
        else:
            # the items before a run's first other line (a header, a wider row) are a list's
            if not ruled:
                spans += run[:run.index(None) if None in run else len(run)]
            run, ruled = [], False
        pos += len(line) + 1
    return Step(translate_spans(mt, spans, {ord("\t"): " "}))


# A line of a PDF's text with no letter, digit, blank to fill in or number sign: specks an OCR
# layer read off a stamp or a signature ("° ‚ |", ".· ; )")
_SPECKS = regexes.compile(r"(?m)^[^\w\n\t№$]*[^\w\s№$][^\w\n\t№$]*$")


def specks(mt: MappedText) -> Step:
    """A PDF's lines of specks are dropped and reported (`_SPECKS`)."""
    out, removed = substitute(mt, _SPECKS, "", "specks: no letter or digit")
    return Step(out, removed)


PDF_STEPS = (specks,)  # a PDF's own: its text layer may be an OCR's

# A mark standing apart at the end of a line, two spaces or more after its words: a speck an
# OCR read off the paper beside them ("УТВЕРЖДЕНА   '", "Министерства культуры и спорта  \\",
# "от 19 июня 2019 года № 77   ;"); a dash or a bar there may be a table's cell, and stays
_LINE_SPECK = regexes.compile(r"(?m)(?<=\S)[ \t]{2,}['`\\~^;,_‘’\"][ \t]*$")


# A word standing apart between the columns of a line (three spaces or more each side) made
# mostly of strokes, a slash, tilde or bar among them: a signature's scrawl as an OCR reads it
# ("Председатель      ,/~Jл/--      А. Жаксылыков")
_SCRAWL = regexes.compile(r"(?<=[ \t][ \t][ \t])\S*[/\\~|^]\S*(?=[ \t]{3,}\S)")


def _scrawl(m: re.Match) -> str:
    word = m.group()
    return "" if sum(not c.isalnum() for c in word) > sum(c.isalnum() for c in word) else word


def line_specks(mt: MappedText) -> Step:
    """Specks at the end of a line (`_LINE_SPECK`) and a signature's scrawl between a line's
    columns (`_SCRAWL`) are dropped and reported."""
    out, removed = substitute(mt, _LINE_SPECK, "", "specks: a mark standing apart at a line's end")
    out, scrawls = substitute(out, _SCRAWL, _scrawl, "specks: a signature's scrawl")
    return Step(out, removed + scrawls)


# A line TABs indent and no other TAB parts: "<TAB>12. …", "<TAB>1) …", "<TAB><TAB>Аким района"
_TAB_INDENTED = regexes.compile(r"(\t+)[^\t\n]*\S[^\t\n]*")
# …one of a numbered paragraph: a clause or a sub-point
_TAB_NUMBERED = regexes.compile(rf"\t{_MARK}[ ][^\t\n]*")
TAB_STOP = 8  # the columns a TAB advances an indent by (Notepad's tab stops)
_NUMBERED = regexes.compile(rf"[ \t]*{_MARK}[ ]")
# numbered paragraphs indented by one TAB (and most of the text's) that make it indent by TABs
TAB_INDENT_EVIDENCE = 2


def tab_indents(mt: MappedText) -> Step:
    """A text typed with its paragraphs indented by TABs (Notepad: "<TAB>12. …", a stamp
    pushed right by "<TAB><TAB><TAB>…") reads those TABs as the spaces of an indent, not as
    table rows with an empty first cell. The text itself is the evidence: several numbered
    paragraphs so indented. A line between two lines TABs part into cells stays a table's
    row (a cell continued on a row of its own: "<TAB>…" between "5 балл<TAB>…" rows)."""
    lines = mt.text.split("\n")
    tabbed = sum(1 for line in lines if _TAB_NUMBERED.fullmatch(line))
    if tabbed < TAB_INDENT_EVIDENCE or 2 * tabbed < sum(1 for line in lines if _NUMBERED.match(line)):
        return Step(mt)

    indented = [_TAB_INDENTED.fullmatch(line) for line in lines]
    rows = [bool(line.strip()) and "\t" in line.lstrip("\t") for line in lines]
    in_table = [False] * len(lines)
    continued = False  # the table above has had a cell continued on a row of its own
    k = 0
    while k < len(lines):
        if not (indented[k] and k and rows[k - 1]):
            continued = continued and rows[k]
            k += 1
            continue
        end = next((j for j in range(k, len(lines)) if not indented[j]), len(lines))
        if end < len(lines) and rows[end]:  # between two rows
            in_table[k:end] = [True] * (end - k)
            continued = True
        elif continued:  # the table's last rows, up to a numbered paragraph
            for j in range(k, end):
                if _TAB_NUMBERED.fullmatch(lines[j]):
                    break
                in_table[j] = True
        k = end
    edits: list[tuple[int, int, MappedText]] = []
    pos = 0
    for k, line in enumerate(lines):
        found = indented[k]
        if found and not in_table[k]:
            edits.append((pos, pos + found.end(1), concat(
                [synthetic(" " * TAB_STOP, mt.offsets[pos + j]) for j in range(found.end(1))])))
        pos += len(line) + 1
    return Step(splice(mt, edits))


# The page around a text copied off a web page: at its start or end, lines that are its trail
# (three items at least, no digit: "Басты бет > Құжаттар > …", "Главная › Документы › …"), its buttons (grammar/words.yaml
# `page_control`), its notice about cookies or its copyright line ("© 2024 …")
PAGE_CHROME = "web page's trail, buttons or notices around the text"
TRAIL_ITEM = 60  # characters of a trail's item at most
CHROME_TAIL = 2000  # the characters at a text's end its page's notices stand in


@lru_cache(maxsize=1)
def _page_chrome() -> tuple[re.Pattern, re.Pattern]:
    item = rf"[^\n\d>›»]{{1,{TRAIL_ITEM}}}?"
    line = (rf"[ \t]*(?:{item}(?:[ \t]+[>›»][ \t]+{item}){{2,}}|(?:{words.alt('page_control')})"
            rf"|©[^\n]{{0,200}}|[^\n]{{0,200}}\b(?:{words.alt('cookie_notice')})\b[^\n]{{0,200}})"
            r"[ \t]*")
    return (regexes.compile(rf"\A(?:[ \t]*\n)*(?:{line}\n(?:[ \t]*\n)*)+", re.I),
            regexes.compile(rf"(?:\n[ \t]*)*(?:\n{line})+\s*\Z", re.I))


def page_chrome(mt: MappedText) -> Step:
    """The page's trail, buttons and notices at a copied text's start and end
    (`_page_chrome`) are dropped and reported: no part of the act, they would be read as its
    title. The end's are looked for in the text's last CHROME_TAIL characters only."""
    head, tail = _page_chrome()
    mt, removed = substitute(mt, head, "", PAGE_CHROME)
    cut = mt.text.rfind("\n", 0, max(0, len(mt.text) - CHROME_TAIL)) + 1
    end, found = substitute(slice_(mt, cut, len(mt.text)), tail, "\n", PAGE_CHROME)
    return Step(concat([slice_(mt, 0, cut), end]) if found else mt, removed + found)


# A table copied off a web page as text: each cell a line of its own, each row a group of
# lines a blank line closes ("1. Инициатива\nУчитывается: …\n5\n\n2. Дисциплина\n…"). Rows are
# told by their shape: ROW_GROUPS groups at least in a row, each parted from the next by one
# blank line, all of one count of lines (two or more, each a cell's length at most, none going
# on in lower case unless the row's number stands alone, none a list's item), the first lines numbered from 1 on ("1", "2." or "3. Лидерство" …: the "№"
# column or the parameter's number, not a lead-in). Prose has no such regular parting. The header is the
# lines from the number column's head ("№") that close the group over the rows.
CELL_CHARS = 1000
ROW_GROUPS = 3
_ITEM_MARK = regexes.compile(r"\s*(?:\d{1,3}\)|[^\W\d_]\)|[-–—•])\s")
_SUBPOINT = regexes.compile(r"\d{1,3}\)\s")  # "1) …" opens a sub-point, not a row


def _blank_groups(lines: list[str]) -> list[tuple[int, int]]:
    """(first line, end line) of each run of non-blank lines."""
    groups, k = [], 0
    while k < len(lines):
        if lines[k].strip():
            end = next((j for j in range(k, len(lines)) if not lines[j].strip()), len(lines))
            groups.append((k, end))
            k = end
        else:
            k += 1
    return groups


def _row_number(lines: list[str], group: tuple[int, int]) -> int | None:
    a, b = group
    rows = lines[a:b]
    first = rows[0].strip()
    number = columns.row_number(first)
    if number is None or _SUBPOINT.match(first) or len(rows) < 2 or any(
            len(line) > CELL_CHARS or "\t" in line for line in rows):
        return None
    if not first.isdigit() and any(line.strip()[:1].islower() for line in rows):
        return None  # a wrapped paragraph's line goes on in lower case; a cell may open so
        # in a row whose number stands alone, as the "№" column's
    if not first.rstrip(".)*").isdigit() and (
            first[-1] in ";:" or any(_ITEM_MARK.match(line) for line in rows[1:])):
        return None  # a clause leading in to its sub-points, not a bare "№" column's number
    return number


def _number_head(lines: list[str], group: tuple[int, int]) -> int | None:
    """The line of a group that opens a table's header with the number column's mark
    (`columns.number_head`), the lines after it the other heads; None when there is none."""
    return next((j for j in range(group[1] - 1, group[0] - 1, -1)
                 if columns.number_head(lines[j])), None)


def cell_lines(mt: MappedText) -> Step:
    """Rows copied a cell a line (see ROW_GROUPS) -> TAB rows, the cells their lines."""
    lines = mt.text.split("\n")
    starts, pos = [], 0
    for line in lines:
        starts.append(pos)
        pos += len(line) + 1
    groups = _blank_groups(lines)
    numbers = [_row_number(lines, g) for g in groups]
    edits: list[tuple[int, int, MappedText]] = []
    g = 0
    while g < len(groups):
        last = g + 1
        while (last < len(groups) and numbers[g] is not None and numbers[last] == numbers[g] + last - g
               and groups[last][1] - groups[last][0] == groups[g][1] - groups[g][0]
               and groups[last][0] == groups[last - 1][1] + 1):
            last += 1
        if numbers[g] != 1 or last - g < ROW_GROUPS:
            g += 1
            continue
        rows = groups[g:last]
        head = _number_head(lines, groups[g - 1]) if g and groups[g][0] == groups[g - 1][1] + 1 \
            else None
        if head is not None:
            rows = [(head, groups[g - 1][1]), *rows]
        width = max(b - a for a, b in rows)
        for a, b in rows:
            for j in range(a, b - 1):  # each line's end but the row's last: a cell's edge
                at = starts[j] + len(lines[j])
                edits.append((at, at + 1, synthetic("\t", mt.offsets[at])))
            if b - a < width:  # the row's empty cells, which the copy left out
                at = starts[b - 1] + len(lines[b - 1])
                edits.append((at, at, synthetic("\t" * (width - b + a), mt.offsets[at])))
        for (_, b), (a, _) in zip(rows, rows[1:]):
            edits.append((starts[b], starts[a], synthetic("", mt.offsets[starts[b]])))
        g = last
    return Step(splice(mt, sorted(edits, key=lambda e: e[0])))


# A plain text's LINE SEPARATOR, PARAGRAPH SEPARATOR or NEXT LINE (a page copied off a phone's
# browser) ends its line; inside a table's row (a TAB or a pipe on its line) it is a cell's
# line break, as the readers of pages write one (U+2028).
_LINE_SEPARATOR = regexes.compile(r"(?m)^[^\t|\n]*[\u2028\u2029\x85][^\t|\n]*$")


def line_separators(mt: MappedText) -> Step:
    """U+2028, U+2029 and U+0085 outside a table's row -> a line's end."""
    edits = [(k, k + 1, MappedText("\n", Offsets([mt.offsets[k]])))
             for m in _LINE_SEPARATOR.finditer(mt.text)
             for k in range(m.start(), m.end()) if mt.text[k] in "\u2028\u2029\x85"]
    return Step(splice(mt, edits) if edits else mt)


TEXT_STEPS = (line_separators, page_chrome, cell_lines, tab_indents, list_tabs)  # a plain text's own: a TAB in a page's or a document's text parts cells


def cell_tables(mt: MappedText) -> Step:
    """DOCX-converted tables written as a TAB line before each cell (seed 003) -> tab rows."""
    return Step(blocks.convert_cell_tables(mt))


_ODD_SPACE = regexes.compile(r"[\u00a0\u2000-\u200a\u202f\u205f\u3000\u180e]")
_INVISIBLE = regexes.compile(r"[\u200b-\u200d\u2060\ufeff\u00ad]")


_ODD_HYPHEN = regexes.compile(r"[\u2010\u2011]")


def odd_spaces(mt: MappedText) -> Step:
    """Non-breaking and typographic spaces -> space; HYPHEN (U+2010) and the non-breaking
    hyphen -> the hyphen-minus; zero-width characters and soft hyphens go."""
    mt, _ = substitute(mt, _ODD_SPACE, " ")
    mt, _ = substitute(mt, _ODD_HYPHEN, "-")
    out, removed = substitute(mt, _INVISIBLE, "", "invisible character")
    return Step(out, removed)


_UPPER = "A-ZА-ЯЁӘҒҚҢӨҰҮҺІ"
# A heading set in spaced-out capitals, four letters at least: "Ә Д І С Т Е М Е С І",
# "М Е Т О Д И К А"
_SPACED_OUT = regexes.compile(rf"(?<!\S)[{_UPPER}](?: [{_UPPER}]){{3,}}(?!\S)")


def spaced_letters(mt: MappedText) -> Step:
    """A word set in spaced-out capitals ("Ә Д І С Т Е М Е С І") -> the word ("ӘДІСТЕМЕСІ"):
    the spaces between its letters go, every letter keeps its offset."""
    gaps = {m.start() + k for m in _SPACED_OUT.finditer(mt.text)
            for k in range(1, m.end() - m.start(), 2)}
    if not gaps:
        return Step(mt)
    kept = [k for k in range(len(mt.text)) if k not in gaps]
    return Step(MappedText("".join(mt.text[k] for k in kept),
                           Offsets(mt.offsets[k] for k in kept)))


# Letters of one script drawn like letters of the other (upper-case Cyrillic І is Latin I; a
# lower-case і inside a Latin word is a Kazakh letter, not a look-alike, and stays).
_TO_LATIN = str.maketrans("АВЕКМНОРСТУХІаеорсух", "ABEKMHOPCTYXIaeopcyx")
_LAT = "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f"
_CYR = "а-яёәғқңөұүһіА-ЯЁӘҒҚҢӨҰҮҺІ"
_WORD = regexes.compile(rf"[{_CYR}{_LAT}]+")
_HAS_CYR = regexes.compile(rf"[{_CYR}]")
_HAS_LAT = regexes.compile(rf"[{_LAT}]")
_CATEGORY = regexes.compile(r"(?<![\w-])[EЕ](?=-(?:R-)?\d)")
_ROMAN = regexes.compile(r"(?<=\d-)[IVXІХМС]+(?![\w])")
_TO_LATIN_NUMERAL = str.maketrans("ІХМС", "IXMC")
# A number an OCR read with the letter O (Cyrillic or Latin, either case) for a zero ("1О.",
# "2О2О", "3,О", "О,5"): a token of digits and those letters, a decimal point or comma inside,
# not part of a word, opening with a digit or with the letter before a decimal comma (a
# formula's "О1", "О360" is a letter named with a number, and stays)
_ZERO_LETTER = regexes.compile(
    r"(?<![\w.,])(?:[0-9]|[ОOоo](?=[.,][0-9]))[0-9ОOоo]*(?:[.,][0-9ОOоo]+)*(?![\w])")
_TO_ZERO = str.maketrans("ОOоo", "0000")
# A number an OCR read with the Latin letter l for a one ("20l8", "№ l4/98"): a token of digits
# and l, one of each at least, a decimal point, comma or slash inside, not part of a word
_ONE_LETTER = regexes.compile(r"(?<![\w.,/])(?=[0-9l]*[0-9])(?=[0-9]*l)[0-9l]+(?:[.,/][0-9l]+)*(?![\w])")
_LATIN_LABEL = regexes.compile(r"(?m)^[ \t]*([aceopxy])\)")  # a lone letter labelling a sub-point


def _script_of(word: str, line: str) -> str | None:
    """'cyrillic' or 'latin' for a word mixing both, None to leave it: a script all of whose
    letters the word can take by shape, chosen by the word's majority, else by the script of
    the rest of its line."""
    lat = [c for c in word if latin.is_latin(c)]
    cyr = [c for c in word if latin.is_cyrillic(c)]
    as_cyr = all(ord(c) in latin.TO_CYRILLIC for c in lat)
    as_lat = all(ord(c) in _TO_LATIN for c in cyr)
    line_latin = (sum(1 for c in line if latin.is_latin(c))
                  > sum(1 for c in line if latin.is_cyrillic(c)))
    if as_cyr and as_lat and len(lat) != len(cyr):
        return "cyrillic" if len(cyr) > len(lat) else "latin"
    if as_cyr and (len(cyr) > len(lat) or not line_latin):
        return "cyrillic"
    if as_lat and (len(lat) > len(cyr) or line_latin):
        return "latin"
    return None


def mixed_scripts(mt: MappedText) -> Step:
    """A word mixing Latin and Cyrillic look-alikes takes one script (`ЕТЕДI` -> `ЕТЕДІ`,
    `мемлекеттiк`, `ПOCTAHOBЛЯET`, `ShEShІM` -> `ShEShIM`). One character for one."""
    spans: dict[str, list[tuple[int, int]]] = {"cyrillic": [], "latin": []}
    for m in _WORD.finditer(mt.text):
        if not (_HAS_CYR.search(m.group()) and _HAS_LAT.search(m.group())):
            continue
        line_start = mt.text.rfind("\n", 0, m.start()) + 1
        line_end = mt.text.find("\n", m.end())
        line_end = len(mt.text) if line_end < 0 else line_end
        rest = mt.text[line_start:m.start()] + " " + mt.text[m.end():line_end]
        script = _script_of(m.group(), rest)
        if script:
            spans[script].append(m.span())
    for m in _LATIN_LABEL.finditer(mt.text):  # a sub-point's letter an OCR read as its
        line_end = mt.text.find("\n", m.end())  # Latin look-alike ("a) 5 баллов – …")
        rest = mt.text[m.end():len(mt.text) if line_end < 0 else line_end]
        if sum(map(latin.is_cyrillic, rest)) > sum(map(latin.is_latin, rest)):
            spans["cyrillic"].append(m.span(1))
    mt = translate_spans(mt, spans["cyrillic"], latin.TO_CYRILLIC)
    return Step(translate_spans(mt, spans["latin"], _TO_LATIN))


def latin_kazakh(mt: MappedText) -> Step:
    """Lines of Latin-script Kazakh (2021, 2018 or 2017 alphabet, chosen for the document) ->
    Cyrillic; each Cyrillic letter maps to the offset of its Latin letter or digraph."""
    lines = lang.latin_kazakh_lines(mt.text)
    if not lines:
        return Step(mt)
    alphabet = latin.choose("\n".join(mt.text[a:b] for a, b in lines))
    return Step(latin.transliterate(mt, lines, alphabet))


def zero_letters(mt: MappedText) -> Step:
    """The letter O an OCR read for a zero in a number (`_ZERO_LETTER`, which holds a digit
    always: "о", "О." are words) -> 0: "1О." is clause 10; the Latin l it read for a one
    (`_ONE_LETTER`) -> 1: "20l8" is 2018. One character for one."""
    out, _ = substitute(mt, _ZERO_LETTER, lambda m: m.group().translate(_TO_ZERO))
    out, _ = substitute(out, _ONE_LETTER, lambda m: m.group().replace("l", "1"))
    return Step(out)


def homoglyphs(mt: MappedText) -> Step:
    """Category codes take a Cyrillic Е (`E-R-1` -> `Е-R-1`); Roman numerals in act numbers
    take Latin letters (`21/4-VІ` -> `21/4-VI`). One character for one, so offsets are kept."""
    mt, _ = substitute(mt, _CATEGORY, "Е")
    out, _ = substitute(mt, _ROMAN, lambda m: m.group().translate(_TO_LATIN_NUMERAL))
    return Step(out)


_GLUED_TAIL = regexes.compile(rf"(?m)(?:[.:;,)]|\s:)[0-9-]*[{_CYR}][{_CYR}\w-]*[ \t]*$")
# The double space left where words were taken out, on a full-width wrapped line (a short line
# with double spaces is letter-spaced table text, not this; a wide gap aligns a name or a date
# to the right: "Республики Казахстан<many spaces>Р. Айтбаев").
_INNER_GAP = regexes.compile(r"(?m)^(?=[^\n]{40})[^\n]*?\S( {2,3})(?=\S)")
# After a page break the gap falls at the line's start: one space, then a lower-case word.
_LEADING_GAP = regexes.compile(r"(?m)(?<=\n\n) (?=[a-zа-яәғқңөұүһі(])")


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


_INDENT = regexes.compile(r"(?m)^( {2,})(?=\S)")


def _over_indented(text: str) -> list[int]:
    """Starts of lines indented one space more than the document's usual paragraph indent."""
    widths = Counter(len(m.group(1)) for m in _INDENT.finditer(text))
    if not widths:
        return []
    usual, count = widths.most_common(1)[0]
    if count < 5:
        return []
    return [m.start() for m in _INDENT.finditer(text) if len(m.group(1)) == usual + 1]


def aligned_tables(mt: MappedText) -> Step:
    """Tables set in columns of spaces (a PDF's text export keeping its layout) -> tab rows."""
    return Step(*aligned.convert(mt))


# A letterhead: the table a document system sets above the decree it exports, the issuer and
# the act's kind in Kazakh in one outer column and in Russian in the other, the emblem between
# ("ОРАЛ ҚАЛАСЫНЫҢ ӘКІМДІГІ<TAB><TAB>АКИМАТ ГОРОДА УРАЛЬСКА", "ҚАУЛЫ<TAB><TAB>ПОСТАНОВЛЕНИЕ")
LETTERHEAD_ROWS = 6  # the most rows a letterhead has; a longer table opening a text is data
LETTERHEAD = "letterhead in the other language"
EMBLEM = "letterhead: a mark of no letter or digit (its emblem)"


def _kazakh_column(cells: list[list[str]], width: int) -> int | None:
    """The Kazakh one of the outer columns (0 or width - 1) when the rows lay out a
    letterhead: the first row names the issuer in both outer columns, one of them in Kazakh
    (a letter only Kazakh writes) and the other in Russian (Cyrillic letters and none of
    those); else None. A table of numbers and words, a form's, has no Russian column beside
    a Kazakh one."""
    full = [row for row in cells if len(row) == width]
    if not full or not all(sum(c.isalpha() for c in full[0][k]) >= 3 for k in (0, -1)):
        return None
    kazakh = [lang.detect(" ".join(row[k] for row in full)) == "kk" for k in (0, width - 1)]
    russian = [not kazakh[k] and bool(_CYRILLIC.search(full[0][(0, -1)[k]])) for k in (0, 1)]
    if kazakh[0] == kazakh[1] or not (russian[0] or russian[1]):
        return None
    return 0 if kazakh[0] else width - 1


_CYRILLIC = re.compile("[а-яё]", re.I)


def letterheads(mt: MappedText) -> Step:
    """The table that opens the text, when it is a letterhead (two or three columns, one of
    its outer columns Kazakh and the other not, at most LETTERHEAD_ROWS rows) -> the lines of
    the column in the text's language, each a paragraph (a cell's lines too), as the
    decree's head would be typed (the text's language is that of the text under it), and
    the cells of no words (a date, a number) of the other; the other language's cells are
    reported."""
    text = mt.text
    start = len(text) - len(text.lstrip("\n"))
    end = start
    rows: list[tuple[int, int]] = []
    while end < len(text):
        stop = text.find("\n", end)
        stop = len(text) if stop < 0 else stop
        if "\t" not in text[end:stop]:
            break
        rows.append((end, stop))
        end = stop + 1
    cells = [text[a:b].split("\t") for a, b in rows]
    width = max(map(len, cells), default=0)
    kazakh = _kazakh_column(cells, width) if 1 < width < 4 and len(rows) <= LETTERHEAD_ROWS \
        else None
    if kazakh is None:
        return Step(mt)
    keep = kazakh if lang.detect(text[end:]) == "kk" else width - 1 - kazakh
    edits, removed = [], []
    for (a, b), row in zip(rows, cells):
        column = keep if len(row) == width else 0  # a row of one merged cell keeps it
        pieces: list[MappedText] = []
        at = a
        for k, cell in enumerate(row):
            # a cell of no words, in either column (the date beside the number: "19.06.2019",
            # "№ 77"), is of both languages
            if k == column or any(c.isdigit() for c in cell) and not any(c.isalpha() for c in cell):
                for line in re.finditer(r"[^\u2028]+", cell):
                    if any(c.isalnum() for c in line.group()):
                        pieces += [slice_(mt, at + line.start(), at + line.end()),
                                   synthetic("\n\n", mt.offsets[at + line.start()])]
                    elif line.group().strip():  # the emblem between the columns: "(©)"
                        removed.append(Removed(start=mt.offsets[at + line.start()],
                                               end=mt.offsets[at + line.end() - 1] + 1,
                                               reason=EMBLEM))
            elif cell.strip():
                removed.append(Removed(start=mt.offsets[at], end=mt.offsets[at + len(cell) - 1] + 1,
                                       reason=LETTERHEAD))
            at += len(cell) + 1
        if pieces:  # the row's last line ends its paragraph too
            pieces[-1] = synthetic("\n", pieces[-1].offsets[0])
        edits.append((a, b, concat(pieces) if pieces else synthetic("", mt.offsets[a])))
    return Step(splice(mt, edits), removed)


# A line of the note of who drafted the act (grammar/words.yaml `executor`), short as such
# notes are
EXECUTOR_LINE = 200
EXECUTOR = "executor's note (who drafted the act)"


@lru_cache(maxsize=1)
def _executor() -> re.Pattern:
    return regexes.compile(rf"(?m)^[ \t]*(?:{words.alt('executor')})[ \t]*[.:][^\n\t]{{1,{EXECUTOR_LINE}}}"
                           rf"(?:\n[ \t]*(?:{words.alt('executor_contact')})\b[^\n\t]{{0,{EXECUTOR_LINE}}})*$",
                           re.I)


def executor_notes(mt: MappedText) -> Step:
    """The note of who drafted the act (`_executor`) is dropped and reported: it is no part
    of the act, and under the signature it would hold the decree's frame open."""
    out, removed = substitute(mt, _executor(), "", EXECUTOR)
    return Step(out, removed)


SCRIPT_STEPS = (mixed_scripts, latin_kazakh, homoglyphs, zero_letters)
MARKDOWN_STEPS = (markdown_front_matter, markdown_inline, markdown_rules, markdown_padding,
                  markdown_lists, grid_tables, simple_tables)  # a Markdown file's own: in other text "1." after "1." is as written
STEPS = (line_ends, form_feeds, bookmarks, markdown_markup, pipe_tables, box_tables, cell_tables, line_specks, *SCRIPT_STEPS,
         moved_words, odd_spaces, spaced_letters, aligned_tables, letterheads, executor_notes)


@lru_cache(maxsize=4)
def in_one_script(raw: str) -> MappedText:
    """The raw text with only the script repairs run (for readers of raw source lines)."""
    mt = MappedText.identity(raw)
    for step in SCRIPT_STEPS:
        mt = step(mt).text
    return mt


def reader_removed(mt: MappedText, spans: tuple[Removed, ...]) -> MappedText:
    """Drop the lines the reader recognised as not the text (a PDF's running heads)."""
    if not spans:
        return mt
    gone = set().union(*(range(r.start, r.end) for r in spans))
    kept = [k for k in range(len(mt.text)) if mt.offsets[k] not in gone]
    return MappedText("".join(mt.text[k] for k in kept), Offsets(mt.offsets[k] for k in kept))


_MD_HEADING_LINE = regexes.compile(r"(?m)^[ \t]{0,3}#{1,6}[ \t]+\S.*$")  # an ATX heading


def normalize(raw: RawText) -> Normalized:
    """Drop what the reader marked, run every repair, then join soft-wrapped lines into one
    line per block."""
    mt = reader_removed(MappedText.identity(raw.text), raw.removed)
    removed: list[Removed] = list(raw.removed)
    notes: list[tuple[int, str, str]] = []
    read_pages = raw.format in ("docx", "html", "pdf")
    own = (*(MARKDOWN_STEPS if raw.format == "markdown" else ()), *(() if read_pages else TEXT_STEPS),
           *(PDF_STEPS if raw.format == "pdf" else ()))
    for step in (STEPS[0], *own, *STEPS[1:]):
        result = step(mt)
        mt = result.text
        removed += result.removed
        notes += result.notes
    headings = frozenset(m.end() for m in _MD_HEADING_LINE.finditer(raw.text)) \
        if raw.format == "markdown" else frozenset()
    feeds = () if read_pages else tuple(m.end() for m in _FORM_FEED.finditer(raw.text))
    mt, dropped = blocks.segment(mt, blank_ends_table=read_pages,
                                 hyphens=not read_pages or raw.printed,
                                 headings=headings, markdown=raw.format == "markdown",
                                 pages=feeds, typed=raw.format == "text")
    removed += dropped
    return Normalized(mt, tuple(sorted(removed, key=lambda r: r.start)),
                      tuple(sorted(notes)))


def notes_to_diagnostics(notes, locate) -> list[Diagnostic]:
    """Normalization notes -> info diagnostics located in the source."""
    return [Diagnostic(code=code, severity="info", message=msg, location=locate(off))
            for off, code, msg in notes]
