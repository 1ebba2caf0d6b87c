"""Lines -> blocks: DOCX-converted cell tables become tab rows, soft-wrapped lines are joined.

After `segment`, the text holds exactly one block a line: a paragraph (no tab) or a table
row (cells separated by TAB, a line break inside a cell written as U+2028). The only empty
lines stand between two tables that follow each other.
"""

from __future__ import annotations

import bisect

from dataclasses import dataclass

from . import latin, message, regexes
from .ingest.joins import Plain, Words, reads_on, typeset
from .model import Removed
from .textmap import MappedText, Offsets, concat, slice_, synthetic
from .words import alt, appendix_line, approval_line

CELL_BREAK = "\u2028"

_MARKER = regexes.compile(r"\t[ \u00a0]*")          # a line that is only a cell marker
_ANY_MARKER = regexes.compile(r"(?m)^\t[ \u00a0]*$")
_NBSP_INDENT = regexes.compile(r" ?\u00a0")          # body text of a DOCX conversion
# A block that starts a structural unit even where soft wraps are possible.
_UNIT_SUFFIX = "|".join(alt(k, "suffix") for k in ("chapter", "section", "appendix"))
_UNIT_PREFIX = "|".join(alt(k, "prefix") for k in ("chapter", "section", "appendix"))
# (a sub-point's items lettered "а)", "б)" open blocks of their own inside it, and a clause
# numbered in decimals "2.1." one of its own)
_STRUCTURAL = regexes.compile(rf"\s*(?:\d+(?:[.-]\d+)*[.)]\s|[а-яәіңғүұқөһa-z]\)\s|\d+-(?:{_UNIT_SUFFIX})"
                         rf"|(?:{_UNIT_PREFIX})\s|\$\$|{alt('note')})")
# A chapter or section heading: it ends a block though it ends with no stop.
_HEADING = regexes.compile(rf"\s*(?:\d+\s?-\s?(?:{alt('chapter', 'suffix')}|{alt('section', 'suffix')})"
                      rf"|(?:{alt('chapter', 'prefix')}|{alt('section', 'prefix')})\s+\d+)(?![\w-])")
# A line that is a block on its own wherever it stands ("Күшін жойған" before the issuing line).
_STANDALONE = regexes.compile(rf"\s*(?:{alt('standalone')})\s*")
# An issuing line on a line of its own starts a block even right after the title. The form that
# opens with the act's kind ("Постановление … № 10") is trusted anywhere; the one that closes
# with it ("… 2025 жылғы 14 тамыздағы № 139 қаулысы") looks like a wrapped issuing line's second
# half, so it needs indentation or a blank line before it.
_ISSUING_OPENING = regexes.compile(rf"\s*(?:{alt('act_kind_opening')})\s.*№\s*\S+(?:[.,]\s.*|\s*)")
_ISSUING_CLOSING = regexes.compile(
    rf".*\d{{4}}\s+(?:{alt('year_word')})\s.*№\s*\S+\s+(?:{alt('act_kind_closing')})(?:\.\s.*|\.?\s*)")
# A newspaper's issuing head gives the act's date and number on a line of its own under the
# head in capitals ("от 14 июня 2021 года № 318", "2017 жылғы 23 ақпан №19 Астана қаласы"):
# after a blank line it opens a block, though it opens in lower case.
_DATE_LINE = regexes.compile(rf"\s*(?:\S+\s+)?(?:\d{{1,2}}\s+\w+\s+)?\d{{4}}\s+(?:{alt('year_word')})"
                             rf"(?:\s+\d{{1,2}}\s+\w+)?\s*№\s*\S+.*")
# A title ends with "… туралы": an issuing line right after it is no wrap of it.
_TITLE_END = regexes.compile(rf".*\s(?:{alt('title_closing')})\s*")
HYPHEN = "hyphen of a word broken across lines"  # the reason a typesetter's hyphen goes
# A line this deep is right-aligned or centred (a stamp, a centred heading, a page number):
# deep lines in a row are one block.
DEEP = 20
CENTRE_SLACK = 2  # characters a centred line's two margins may differ by
# A page's footer standing between blank lines: "Страница 2 из 10", "3-бет", a centred "4".
_PAGE_MARK = regexes.compile(rf"\s*(?:{alt('page_footer')})\s*")
_BARE_NUMBER = regexes.compile(r"\s*(\d{1,4})\s*")
# A converted table's rule under its header, its runs of dashes parted by TABs ("---<TAB>---";
# a run of one dash under a column of one character, "№", where another run has three)
TABLE_RULE = regexes.compile(r"(?=[^\n]*---)[ \t]*:?-+:?(?:[ \t]*\t[ \t]*:?-+:?)+[ \t]*|"
                              r"[ \t]*:?-{2,}:?(?:[ \t]*\t[ \t]*:?-{2,}:?)+[ \t]*")
_BULLET = regexes.compile(r"[-*•]\s")  # a Markdown list item is a block of its own
# A dashed list's item ("– …", "— …") after its lead-in's colon or the item before's semicolon
# is a block of its own, as a numbered sub-point is (a wrapped line opening with a dash follows
# no such end)
_DASH_ITEM = regexes.compile(r"\s*[–—]\s")
_LIST_END = regexes.compile(r"[:;]\s*$")
# An editor's note opens a block wherever it stands: "Сноска. Утратил силу …", "Ескерту. …".
_NOTE_OPENING = regexes.compile(rf"\s*(?:{alt('note')})\S*[.:]\s")
# a note's heading line alone ("Примечание ИЗПИ!", "ЗҚАИ-ның ескертпесі.", "Ескертпе:")
_NOTE_HEAD = regexes.compile(rf"\s*(?:{alt('note')})\S*(?:\s+\S+)?[.!:]?\s*")
# A line ends its sentence, or a form's field line its blank to fill in ("должность: ______")
_TERMINAL = regexes.compile(r"(?:[.:;!?»\"”)]|_{3})\s*$")
# A line that is only a form's blank to fill in ("______"), perhaps with its caption in
# brackets ("_____ (фамилия, имя …)"): it opens a block after a blank line (a blank inside a
# title's words, "_____ квартал 20__ года", goes on with the title)
_FILL_IN = regexes.compile(r"_{3,}[\s_.,;:]*(?:\(.*)?")
# A clause or sub-point ends with a stop, a colon before its list, or a semicolon in a list.
_UNIT_END = regexes.compile(r"[.:;]\s*$")
_SENTENCE_END = regexes.compile(r"[.!?]\s*$")
# A short label over the list under it, a line of its own ("Эффективное поведение:",
# "Тиімсіз мінез-құлық:"): a few words, nothing else, and a colon
_LABEL_LINE = regexes.compile(r"[^\W\d_]+(?:[ -][^\W\d_]+){0,4}:\s*")
_FOOTNOTE = regexes.compile(r"\*{1,3}\s")  # a footnote's opening "* …" under the text
_CLAUSE_OPENING = regexes.compile(r"\d{1,3}(?:[.-]\d{1,3})*\.\s+\S")  # "15. …", "2.1. …"


@dataclass(frozen=True)
class Line:
    """One source line, as a range of a mapped text, and the offset of its line break."""

    source: MappedText
    start: int
    s: str
    eol: int  # raw offset of the "\n" ending it (or end of text)

    @property
    def text(self) -> MappedText:
        return slice_(self.source, self.start, self.start + len(self.s))

    def offsets(self, lo: int, hi: int) -> tuple[int, ...]:
        return self.source.offsets[self.start + lo:self.start + hi]


def split_lines(mt: MappedText) -> list[Line]:
    """Mapped text -> lines without their line breaks."""
    lines, pos = [], 0
    end_raw = (mt.offsets[-1] + 1) if mt.offsets else 0
    for s in mt.text.split("\n"):
        nl = pos + len(s)
        eol = mt.offsets[nl] if nl < len(mt.offsets) else end_raw
        lines.append(Line(mt, pos, s, eol))
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
                cells[-1][0].append(Line(line.source, line.start + 1, s[1:], line.eol))
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
    if not _ANY_MARKER.search(mt.text):
        return mt
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

def is_row(s: str) -> bool:
    """A table row: a line with a TAB and some text (a plain str test: a regex for it
    backtracks on long lines)."""
    return "\t" in s and not s.isspace()


def _indent(s: str) -> int:
    return len(s) - len(s.lstrip(" \t"))


# No typesetter wraps lines this long: a text whose lines reach it is not hard-wrapped.
UNWRAPPED = 160
# At most one blank line in this many text lines: blank lines do not part its paragraphs.
BLANK_RARE = 20


def detect_layout(lines: list[Line], markdown: bool = False, typed: bool = False) -> str:
    """'indent' when paragraphs are marked by indentation and lines are hard-wrapped
    (PDF-extracted, DOCX-converted), 'line' when every line is a paragraph (a DOCX
    converter's text: lines far longer than any page's, hardly a blank line between them),
    'blank' when blank lines separate them (Markdown). In `markdown` a list item's indent
    nests it in the list above ("   1) …" under "5. …"): no paragraph's indent."""
    text_lines = [ln.s for ln in lines if ln.s.strip() and not is_row(ln.s)]
    if not text_lines:
        return "blank"
    unwrapped = text_width(lines) >= UNWRAPPED
    if unwrapped and _inner_blanks(lines) * BLANK_RARE < len(text_lines):
        return "line"  # however it indents (a TAB before a clause, a stamp pushed right)
    listed = _list_content(lines) if markdown else set()
    indented = sum(1 for s in text_lines if _indent(s) >= 2 and s not in listed
                   and not (markdown and (_LABEL.match(s) or _BULLET.match(s.lstrip()))))
    if indented >= 3 and indented / len(text_lines) >= 0.02:
        return "indent"
    return "line" if unwrapped and typed and _runs_on(lines) else "blank"


_ITEM_MARK = regexes.compile(r"\s*(?:\d{1,3}[.)]|[-*+•])[ \t]+(?=\S)")


def _list_content(lines: list[Line]) -> set[str]:
    """The lines of a Markdown text set at a list item's content column or deeper (its
    wrapped lines "    органдарының …" under "1.  Осы …", a paragraph of the item): list
    content, not a paragraph's indent. An item's column holds until a line shallower than it."""
    content: set[str] = set()
    column = None
    for ln in lines:
        s = ln.s
        if not s.strip() or is_row(s):
            continue
        mark = _ITEM_MARK.match(s)
        if mark:
            column = mark.end()
        elif column is not None and _indent(s) >= column:
            content.add(s)
        else:
            column = None
    return content


def _runs_on(lines: list[Line]) -> bool:
    """Does most of the text's unwrapped lines (UNWRAPPED long) go straight on with another
    line? No typesetter wraps a line so long, so those two are two paragraphs, whatever the
    blank lines set here and there between others mean (a text copied off a phone's screen)."""
    filled = [bool(ln.s.strip()) for ln in lines] + [False]
    long = [k for k, ln in enumerate(lines) if len(ln.s.rstrip()) >= UNWRAPPED
            and not is_row(ln.s)]
    return sum(filled[k + 1] for k in long) * 2 > len(long) and not _stamp_by_hand(lines)


# A stamp's line broken by hand is shorter than this; its approval word alone half as long
STAMP_LINE = UNWRAPPED // 2


def _stamp_by_hand(lines: list[Line]) -> bool:
    """Is an approval stamp broken into short lines by hand ("Утверждена" / "постановлением
    акимата" / …, "… № 88 бұйрығымен" / "бекітілген")? Then the text's lines are not its
    paragraphs."""
    short = [bool(ln.s.strip()) and len(ln.s.strip()) < STAMP_LINE for ln in lines]
    return any(short[k] and len(ln.s.strip()) < STAMP_LINE // 2 and approval_line().match(ln.s)
               and ((k + 1 < len(lines) and short[k + 1]) or (k and short[k - 1]))
               for k, ln in enumerate(lines))


def _inner_blanks(lines: list[Line]) -> int:
    """The blank lines between the text's first and last non-blank ones."""
    filled = [k for k, ln in enumerate(lines) if ln.s.strip()]
    return sum(1 for ln in lines[filled[0]:filled[-1]] if not ln.s.strip()) if filled else 0


# Text set in columns of spaces (a flattened table's row, a signature's two columns).
_COLUMN_GAP = regexes.compile(r"\S {3,}\S")


def text_width(lines: list[Line]) -> int:
    """The width of a hard-wrapped text block: the longest line end that three lines reach
    (a stray overlong line aside; lines set in columns of spaces, which may reach past the
    body's margin, are not counted)."""
    ends = sorted((len(ln.s.rstrip()) for ln in lines if ln.s.strip() and not is_row(ln.s)
                   and not _COLUMN_GAP.search(ln.s)), reverse=True)
    return ends[min(2, len(ends) - 1)] if ends else 0


def centred(s: str, width: int) -> bool:
    """Is the line set in the middle of a text block `width` wide (as much space on its left
    as on its right, a character either way)?"""
    indent = _indent(s)
    return indent >= 2 and abs(indent - (width - len(s.rstrip()))) <= CENTRE_SLACK


_LABEL = regexes.compile(r"\s*(\d+)([.)])\s")


@dataclass
class Numbering:
    """The last clause ("3.") and sub-point ("2)") numbers opened: the next ones are expected."""

    clause: int = 0
    subpoint: int = 0

    def expects(self, line: str) -> bool:
        """Does the line open with the next clause's or sub-point's number (a second one on)?"""
        m = _LABEL.match(line)
        if not m:
            return False
        n = int(m.group(1))
        return n >= 2 and n == (self.clause if m.group(2) == "." else self.subpoint) + 1

    def opened(self, line: str) -> None:
        """Note the number a block opens with."""
        if m := _LABEL.match(line):
            if m.group(2) == ".":
                self.clause, self.subpoint = int(m.group(1)), 0
            else:
                self.subpoint = int(m.group(1))


def _starts_block(line: str, after_blank: bool, prev: str, layout: str, width: int = 0,
                  numbering: Numbering | None = None, flush: bool = False,
                  typed: bool = False) -> bool:
    """Does this line open a new block, or continue the one before it? `flush`: the text is
    hard-wrapped with no paragraph indent, so a line left short ends its paragraph. `typed`:
    the lines are a plain text's own (typed, converted or recognized), not a reader's breaks
    inside a block (a web page's `<br>`)."""
    body = line.lstrip(" \t")
    if layout == "line":
        # a line a paragraph; but a stamp typed over short lines pushed right is one block
        return after_blank or _indent(line) < DEEP or _indent(prev) < DEEP or bool(_HEADING.match(body))
    if (layout == "blank" and _BULLET.match(body)) or _NOTE_OPENING.match(line):
        return True
    if _DASH_ITEM.match(body) and _LIST_END.search(prev) and layout != "indent":
        return True
    if _ISSUING_OPENING.fullmatch(line) or (
            _ISSUING_CLOSING.fullmatch(line)
            and (after_blank or _indent(line) or _TITLE_END.fullmatch(prev))):
        return True
    if layout == "blank":
        # … or, in a plain text, a line after one its sentence ended short, the next word
        # fitting there: the line ended its paragraph (an OCR's text of a list under a label);
        # or a label's own line after a unit's end ("Эффективное поведение:" after "1.
        # Ответственность."). A list's items ending in ";" (a formula's legend) run on.
        return after_blank or bool(_HEADING.match(line)) or bool(
            _STRUCTURAL.match(line) and (_TERMINAL.search(prev) or _HEADING.match(prev))) \
            or bool(typed and body[:1].isupper()
                    and (_SENTENCE_END.search(prev) and room_for(prev, body, width)
                         and not _NOTE_HEAD.fullmatch(prev)  # "Примечание ИЗПИ!" heads its note
                         or _UNIT_END.search(prev) and _LABEL_LINE.fullmatch(body)))
    indent = _indent(line)
    first = body[:1]
    if not after_blank and indent >= DEEP and _indent(prev) >= DEEP and not _HEADING.match(body) \
            and not (_STRUCTURAL.match(body) and centred(line, width)):
        return False  # a stamp's lines on the right; a numbered heading centred opens its own
    if not after_blank and centred(line, width) and centred(prev, width) \
            and not _STRUCTURAL.match(body) and (first.islower() or first in "«\"“(" and not _TERMINAL.search(prev)):
        return False  # a centred title wrapped over lines of its own width
    if flush and not after_blank and centred(line, width) and _indent(prev) < 2 \
            and first.islower() and not _TERMINAL.search(prev) and not room_for(prev, body, width):
        return False  # a centred title's last words under its first line, set full width (in
        # text with a paragraph indent a first line reaching the margin may look centred)
    if not after_blank and indent == 0 and centred(prev, width) \
            and (2 * len(prev.strip()) <= width or flush):
        return True  # a short displayed line (a formula, a heading) ends at its own line (a
        # paragraph's indented first line may look centred, but it is wide; a text with no
        # paragraph indent centres only its titles)
    if indent >= 2:
        return True
    if indent == 1:
        return first.isupper() or first.isdigit() or first in "\"«“"
    if not after_blank:
        # flush-left typeset text: a chapter heading opens at the margin, a numbered unit
        # after a sentence's end
        # after a sentence's end or opening the next clause or sub-point in sequence
        # or after a line left short (its paragraph's last: the next word would have fitted;
        # a line set in two columns, a signature's, wraps its left column by hand)
        return bool(_HEADING.match(body) or _STRUCTURAL.match(body)
                    and (_UNIT_END.search(prev) or _HEADING.match(prev))
                    or (numbering is not None and numbering.expects(body))
                    or (flush and _indent(prev) < 2 and (first.isupper() or first in "«\"“*")
                        and not _COLUMN_GAP.search(prev) and room_for(prev, body, width))
                    or (flush and _FOOTNOTE.match(body) and _TERMINAL.search(prev)))
    if prev.rstrip().endswith((",", "-", "–", "(")):
        return False
    if _FILL_IN.fullmatch(body) or (first == "(" and _TERMINAL.search(prev)) \
            or _DATE_LINE.fullmatch(body):
        return True  # a form's blank to fill in, or the caption in brackets under one
    if first.isdigit() and _APPENDIX_LINE.search(prev):
        return True  # the title under an appendix's stamp opening with a number ("360
        # әдісімен бағалау парағы" under "Әдістемеге 1-қосымша")
    return bool(_STRUCTURAL.match(body)) or first.isupper() or first in "\"«“-–*$"


def _page_number(s: str) -> int | None:
    """The page a footer line names ("Страница 2 из 10", a centred "2"), else None."""
    if m := _PAGE_MARK.fullmatch(s):
        return int(next(g for g in m.groups() if g))
    if (n := _bare_number(s)) is not None and _indent(s) >= DEEP:
        return n
    return None


def _alone(lines: list[Line], i: int, last: int | None = None) -> bool:
    """Do lines i..last (line i alone by default) stand between blank lines (or the text's
    edges), none of them blank?"""
    last = i if last is None else last
    return all(lines[k].s.strip() for k in range(i, last + 1)) \
        and (i == 0 or not lines[i - 1].s.strip()) \
        and (last + 1 == len(lines) or not lines[last + 1].s.strip())


def _in_page_gap(lines: list[Line], i: int) -> bool:
    """Does line i stand between blank lines, alone or with one line beside it (the page
    number and the running head set on adjacent lines: "– 3 –" over "Приказ № 57")?"""
    return _alone(lines, i) or (i > 0 and _alone(lines, i - 1, i)) \
        or (i + 1 < len(lines) and _alone(lines, i, i + 1))


def page_breaks(lines: list[Line], starts: frozenset[int] = frozenset()
                ) -> tuple[set[int], dict[int, str]]:
    """(lines of page breaks, the lines dropped there with their reason): a footer stands
    between blank lines, alone or beside its running head, and numbers pages in sequence
    with another footer; a running head stands alone right after a page break (or on the
    line after its footer) and recurs, digits aside, after at least half of them (at least
    two); the blank lines around either go with it. `starts`: the lines a form feed opens
    (a page of Tesseract's or pdftotext's text): a bare number closing the page before or
    opening this one is its page number wherever it is set (an OCR engine keeps no indent),
    the line opening (or closing) a page that recurs there, digits aside, on at least half
    of the pages (two at least) is a running head (or foot), and the blank lines where two
    pages meet are a page break."""
    last = next((j for j in range(len(lines) - 1, -1, -1) if lines[j].s.strip()), None)
    closing = [last] if starts and last is not None else []  # the last page's foot
    edges = {j: n for j in [*(j for s in starts for j in _page_edges(lines, s)), *closing]
             if (n := _bare_number(lines[j].s)) is not None}
    candidates = [(i, n) for i, line in enumerate(lines)
                  if ((n := _page_number(line.s)) is not None and _in_page_gap(lines, i))
                  or (n := edges.get(i)) is not None]
    footers = {i for k, (i, n) in enumerate(candidates)
               if (k and candidates[k - 1][1] == n - 1)
               or (k + 1 < len(candidates) and candidates[k + 1][1] == n + 1)}
    dropped = {i: "page footer" for i in footers}
    heads = _running_heads(lines, sorted(footers))
    dropped.update((i, "running head") for i in heads)
    dropped.update((i, "running head") for i in _page_heads(lines, starts, footers))
    breaks = set(dropped)
    for start in starts:  # where two pages meet
        j = start - 1
        while j >= 0 and not lines[j].s.strip():
            breaks.add(j)
            j -= 1
    for i in dropped:
        for step in (-1, 1):
            j = i + step
            while 0 <= j < len(lines) and not lines[j].s.strip():
                breaks.add(j)
                j += step
    return breaks, dropped


def _bare_number(s: str) -> int | None:
    """The number a line holds alone ("2"; "- 2 -" is a page mark), wherever it is set."""
    m = _BARE_NUMBER.fullmatch(s)
    return int(m.group(1)) if m else None


def _page_edges(lines: list[Line], start: int) -> list[int]:
    """The last line with text before a page's first line and the first from it on."""
    before = next((j for j in range(start - 1, -1, -1) if lines[j].s.strip()), None)
    after = next((j for j in range(start, len(lines)) if lines[j].s.strip()), None)
    return [j for j in (before, after) if j is not None]


def _page_heads(lines: list[Line], starts: frozenset[int], footers: set[int]) -> list[int]:
    """The lines opening (or closing) the pages a form feed parts, page numbers aside, that
    stand alone between blank lines and recur there, digits aside, on at least half of the
    pages and two at least (the first line of a stamp each appendix's page opens with goes on
    in the stamp's next line: no running head)."""
    found: list[int] = []
    for step in (1, -1):
        places: dict[str, list[int]] = {}
        for start in sorted(starts):
            j = start if step == 1 else start - 1
            while 0 <= j < len(lines) and (not lines[j].s.strip() or j in footers):
                j += step
            if 0 <= j < len(lines) and _apart(lines, j, starts, footers):
                places.setdefault(_recurring(lines[j].s), []).append(j)
        if step == 1 and lines:  # the first page's head stands before the first form feed
            first = next((j for j, line in enumerate(lines) if line.s.strip()
                          and j not in footers), None)
            if first is not None and _apart(lines, first, starts, footers):
                places.setdefault(_recurring(lines[first].s), []).append(first)
        for group in places.values():
            if len(set(group)) >= max(2, (len(starts) + 1) / 2):
                found += sorted(set(group))
    return found


def _apart(lines: list[Line], j: int, starts: frozenset[int], footers: set[int]) -> bool:
    """Does line j stand apart: a blank line, a page number or a page's edge on either side?"""
    def parts(k: int, edge: int) -> bool:
        return not 0 <= k < len(lines) or not lines[k].s.strip() or k in footers \
            or edge in starts
    return parts(j - 1, j) and parts(j + 1, j + 1)


def _running_heads(lines: list[Line], footers: list[int]) -> list[int]:
    """The lines standing alone next to a footer (or on the line beside it, the two alone),
    after it (opening the next page) or before it (a running foot above the page number),
    that recur there, digits aside, beside at
    least half of the footers and at least two: a running head ("Приказ № 57", "2") or foot
    ("27.02.2024 № 61 қаулы")."""
    found: list[int] = []
    for step in (1, -1):
        beside: dict[str, list[int]] = {}
        for i in footers:
            j = i + step
            while 0 <= j < len(lines) and not lines[j].s.strip():
                j += step
            if 0 <= j < len(lines) and j not in footers and (
                    _alone(lines, j) if abs(j - i) > 1 else _alone(lines, min(i, j), max(i, j))):
                beside.setdefault(_recurring(lines[j].s), []).append(j)
        for key, group in beside.items():
            if len(group) >= max(2, len(footers) / 2):
                found += group + _closing_foot(lines, key, step)
    return found


def _closing_foot(lines: list[Line], key: str, step: int) -> list[int]:
    """The last page's running foot (no page number follows it): the text's last line, when
    it stands alone and reads as the foot found before the footers (`step` -1)."""
    last = max((i for i, line in enumerate(lines) if line.s.strip()), default=None)
    if step != -1 or last is None or not _alone(lines, last):
        return []
    return [last] if _recurring(lines[last].s) == key else []


_DIGITS = regexes.compile(r"\d+")


def _recurring(s: str) -> str:
    """What a running head's line is on every page: its digits aside, and its Latin letters
    drawn like Cyrillic ones read as those ("КИТ МКС PK. Пpиказ от …" is "КИТ МКС РК. Приказ
    от …", as an OCR reads one page and another)."""
    return _DIGITS.sub("#", s.strip()).translate(latin.TO_CYRILLIC)
_APPENDIX_LINE = appendix_line()
_APPROVAL_LINE = approval_line()


USUAL_INDENT_LINES = 3  # lines that must share an indent for it to be a first line's


def usual_indent(lines: list[Line]) -> int:
    """The indent most of the text's indented lines share, at least USUAL_INDENT_LINES of
    them (a paragraph's first line); 0 when none recurs (flush-left text)."""
    counts: dict[int, int] = {}
    for line in lines:
        if line.s.strip() and not is_row(line.s) and 0 < (k := _indent(line.s)) < DEEP:
            counts[k] = counts.get(k, 0) + 1
    common = max(counts, key=lambda k: (counts[k], -k), default=0)
    return common if counts.get(common, 0) >= USUAL_INDENT_LINES else 0


def _opens_appendix(lines: list[Line], i: int, skip: set[int]) -> bool:
    """Does the block after line i name an appendix in one of its lines ("Приложение 2 к …",
    "Бағалау әдістемесіне" over "2-қосымша"), or open with an approval stamp's line
    ("УТВЕРЖДЕНА", "Утверждена приказом …"): a stamp, which opens the page it stands on?"""
    j = next((k for k in range(i + 1, len(lines)) if k not in skip and lines[k].s.strip()), None)
    for k in range(j, min(j + _STAMP_LINES, len(lines))) if j is not None else ():
        if not lines[k].s.strip():
            break
        if _APPENDIX_LINE.search(lines[k].s) or (k == j and _APPROVAL_LINE.match(lines[k].s)):
            return True  # "Приложение 2 к …" in its lines, or "УТВЕРЖДЕНА" opening them
    return False


_STAMP_LINES = 4  # the lines of a stamp searched for the appendix it names


def next_text(lines: list[Line], i: int, skip: set[int]) -> str:
    """The first line after line i that is neither blank nor in `skip` ("" at the end)."""
    return next((lines[j].s for j in range(i + 1, len(lines))
                 if j not in skip and lines[j].s.strip()), "")


def ended_at_page_foot(prev: str, following: str, width: int, usual: int) -> bool:
    """Did the block before a page break end there, though its last line has no stop? So
    when that line is centred deeper than a paragraph's first line (a heading, a form's
    title), or when the next page's first word would have fitted on it (a hard-wrapping
    typesetter did not wrap there) and opens no sentence's lower-case rest."""
    if not width or not prev.strip() or not following.strip():
        return False
    if centred(prev, width) and _indent(prev) > usual:
        return True
    return _indent(following) == 0 and not following.split()[0][:1].islower() \
        and room_for(prev, following, width)


def room_for(prev: str, following: str, width: int) -> bool:
    """Would the first word of `following` have fitted at the end of the line `prev` of a
    text hard-wrapped `width` wide (a character to spare)? Then the typesetter did not wrap
    there: the line ended its paragraph."""
    words = following.split()
    return bool(width and words) and len(prev.rstrip()) + 1 + len(words[0]) <= width - 1


def segment(mt: MappedText, blank_ends_table: bool = False, hyphens: bool = True,
            headings: frozenset[int] = frozenset(), markdown: bool = False,
            pages: tuple[int, ...] = (), typed: bool = False) -> tuple[MappedText, list[Removed]]:
    """Join soft-wrapped lines: one block a line, table rows kept one a line; the table rules
    it drops are reported. Where a reader writes each table's rows on adjacent lines (DOCX,
    HTML, PDF), `blank_ends_table`: a blank line between two row runs separates two tables;
    converted text puts blank lines between the rows of one table, so there only a rule line
    under a header row does. `hyphens`: decide the line-end hyphens here (a reader that saw
    the page, as the PDF reader, has decided them). `headings`: the source offsets of the line
    ends of a Markdown file's headings ("## Протокол калибровочной сессии"): such a line is a
    block of its own, whatever opens the line after it ("г. Рудный …", in lower case).
    `markdown`: a list item's indent is no paragraph's, so a text whose only
    indents nest its lists is one whose blank lines part its blocks (an appendix's stamp in
    lower case under a list's last item indented as its sub-points opens a block).
    `pages`: the source offsets a form feed opens a page at (`page_breaks`). `typed`: a plain
    text's lines (`_starts_block`)."""
    lines = split_lines(mt)
    layout = detect_layout(lines, markdown, typed)
    # a text of one line a paragraph keeps its blank lines for what they part: two tables too
    blank_ends_table = blank_ends_table or layout == "line"
    eols = [line.eol for line in lines]
    breaks, dropped = page_breaks(lines, frozenset(
        k for k in (bisect.bisect_left(eols, at) for at in pages) if 0 < k < len(lines)))
    mail = message.wrapper([line.s for line in lines])  # an e-mail's header, note, signature
    # the running heads, set wider than the body perhaps, are no measure of its width
    width = text_width([line for k, line in enumerate(lines) if k not in dropped])
    numbering = Numbering()
    removed: list[Removed] = []
    blocks: list[list[Line]] = []
    after_blank = True
    prev = ""
    in_table = False
    ruled = False  # the table under a Markdown rule: its rows never wrap
    heading = False  # the line before is a Markdown heading
    stamp = False  # a page break before this line, an appendix's stamp after it
    usual = usual_indent(lines)
    flush = layout == "indent" and not usual
    for i, line in enumerate(lines):
        s = line.s
        if i in breaks:
            # a page break is no paragraph break: the text runs on unless the page ended one
            if i in dropped:
                removed.append(Removed(start=line.offsets(0, 1)[0], end=line.eol,
                                       reason=dropped[i]))
            stamp = _opens_appendix(lines, i, breaks)  # an appendix's stamp opens its page
            after_blank = not prev or bool(_TERMINAL.search(prev)) or stamp \
                or ended_at_page_foot(prev, next_text(lines, i, breaks), width, usual)
            continue
        if not s.strip() or i in mail:
            if i in mail:
                removed.append(Removed(start=line.offsets(0, 1)[0], end=line.eol,
                                       reason=mail[i]))
            after_blank = True
            in_table = ruled = False
            continue
        if TABLE_RULE.fullmatch(s):
            ruled = True
            # "---<TAB>--" under a header row: that row opens a new table
            removed.append(Removed(start=line.offsets(0, 1)[0], end=line.eol,
                                   reason="markdown table rule"))
            if len(blocks) > 1 and blocks[-1] and is_row(blocks[-1][0].s) \
                    and blocks[-2] and is_row(blocks[-2][0].s):
                blocks.insert(len(blocks) - 1, [])
            continue
        if is_row(s):
            if blank_ends_table and after_blank and blocks and blocks[-1] \
                    and is_row(blocks[-1][0].s):
                blocks.append([])
            blocks.append([line])
            in_table = True
        elif in_table and not ruled and not after_blank and _indent(s) < 2 and layout != "line" \
                and not _CLAUSE_OPENING.match(s) and not _NOTE_OPENING.match(s) \
                and not _NOTE_HEAD.fullmatch(s):
            # a wrapped cell of the row above; a line indented as the body's paragraphs (a
            # signature under a converted form), opening a numbered clause ("15. Итоговый
            # балл …") or an editor's note ("Примечание ИЗПИ!" under a table a portal
            # amended) is no cell
            blocks[-1].append(line)
        elif (not blocks or in_table or line.eol in headings or heading or stamp
              or _starts_block(s, after_blank, prev, layout, width, numbering, flush, typed)
              or _STANDALONE.fullmatch(s) or _STANDALONE.fullmatch(prev)):
            blocks.append([line])
            numbering.opened(s)
            in_table = ruled = False
        else:
            blocks[-1].append(line)
        after_blank = stamp = False
        prev = s
        heading = line.eol in headings
    if not blocks:
        return mt, removed
    broken = typeset_hyphens(blocks) if hyphens else {}
    removed += [Removed(start=line.offsets(len(line.s.rstrip()) - 1, len(line.s.rstrip()))[0],
                        end=line.eol, reason=HYPHEN)
                for line in broken.values()]
    text: list[str] = []
    offsets = Offsets()
    for k, block in enumerate(blocks):
        if k:
            text.append("\n")
            offsets.append((blocks[k - 1] or blocks[k - 2])[-1].eol)
        _render(block, text, offsets, broken)
    return MappedText("".join(text), offsets), removed


def typeset_hyphens(blocks: list[list[Line]]) -> dict[int, Line]:
    """The lines (by their line break's offset) that end in a typesetter's hyphen inside a
    word the next line of their paragraph goes on with ("оцени-" / "вания" where the text
    shows "оценивания" whole, or where its line-end hyphens mostly are such breaks), decided
    as for a PDF's lines; a writer's hyphen ("интернет-" / "ресурс") stays."""
    if not any(line.s.rstrip().endswith("-") for block in blocks for line in block):
        return {}
    plain = [Plain(line.s.strip()) for block in blocks for line in block if line.s.strip()]
    words = Words.of(plain)
    broken: dict[int, Line] = {}
    for block in blocks:
        if not block or is_row(block[0].s):
            continue
        for prev, line in zip(block, block[1:]):
            if typeset(prev.s.strip(), line.s.strip(), words):
                broken[prev.eol] = prev
    return broken


def _render(block: list[Line], text: list[str], offsets: Offsets,
            broken: dict[int, Line]) -> None:
    """Append one block as one line: a wrap becomes a space (none after a hyphen before a
    lower-case letter, and a typesetter's hyphen in `broken` goes), in a table row a U+2028;
    runs of spaces fold to one. An empty block is the empty line that ends one table before
    the next."""
    if not block:
        return
    row = bool(is_row(block[0].s))
    last = ""
    for k, line in enumerate(block):
        s = line.s
        lo = len(s) - len(s.lstrip(" " if row and k == 0 else None))
        hi = len(s.rstrip(" " if row else None))
        cut = k + 1 < len(block) and line.eol in broken
        hi -= cut
        if k:
            glue = CELL_BREAK if row else (
                "" if block[k - 1].eol in broken
                or reads_on(last, s[lo:lo + 1]) else " ")
            text.append(glue)
            offsets.extend([block[k - 1].eol] * len(glue))
        piece = s[lo:hi]
        if "  " in piece and not row:
            kept = [i for i in range(lo, hi) if not (s[i] == " " and s[i - 1] == " ")]
            piece = "".join(s[i] for i in kept)
            base = line.source.offsets
            offsets.extend(base[line.start + i] for i in kept)
        else:
            offsets.extend(line.offsets(lo, hi))
        text.append(piece)
        last = piece
