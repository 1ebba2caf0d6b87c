"""HTML: block elements become lines, table rows become tab-separated lines; the page's own
navigation, header and footer (a portal's menu around the text) are written and listed for
removal."""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field
from functools import lru_cache
from html.parser import HTMLParser

from .. import limits
from ..errors import InputError
from ..model import RawText, Removed
from ..words import alt
from .css import Counters, StyleSheet, style_text
from .text import decode

CELL_BREAK = "\u2028"
LINE_BREAK = "\n"  # a <br> inside a table cell, until the table's shape is known

_BLOCKS = frozenset(
    "address article aside blockquote body caption center dd div dl dt figcaption figure "
    "footer form h1 h2 h3 h4 h5 h6 header hr html li main nav p pre section".split())
# Elements whose text, set straight in them, is paragraphs separated by <br>
_BARE_TEXT = frozenset({"div", "body", "article", "main", "section"})
_SKIPPED = frozenset("head script style template noscript svg math object".split())
# The page around the text: a <nav> anywhere, a <header> or <footer> outside any article, and
# any block a site's template names for its readers' comments or its links to other pages
# (class or id "comments", "related", "share", "sidebar"; an <aside> of the act's own
# particulars, a portal's "doc-props", stays text); a word processor's page header and footer
# (LibreOffice Writer: <div title="footer">, a page-number field in it)
_CHROME = {"nav": "page navigation", "header": "page header", "footer": "page footer"}
# (the readers' comments are a section, "comments"; one "comment" in the text is an editor's
# note on the act, as a legal database sets it, and stays text); a site's advertisements, its
# notice about cookies and its pop-up windows likewise, by name or by their ARIA role
_TEMPLATE_PART = re.compile(r"(?:^|[\s_-])(comments|related|share|social|sidebar|cookies?|consent"
                            r"|ads?|adv|advert\w*|reklama|promo|banner|popup|modal)(?:$|[\s_-])",
                            re.I)
_TEMPLATE_REASON = {"comments": "page's comments", "related": "page's related links",
                    "share": "page's share buttons", "social": "page's share buttons",
                    "sidebar": "page's sidebar", "cookie": "page's cookie notice",
                    "cookies": "page's cookie notice", "consent": "page's cookie notice",
                    "popup": "page's pop-up window", "modal": "page's pop-up window"}
_ROLES = {"navigation": "page navigation", "banner": "page header", "contentinfo": "page footer",
          "search": "page's search form", "dialog": "page's pop-up window",
          "alertdialog": "page's pop-up window"}
# A page's form controls (a search box's button, a version selector's choices) are no text of
# the act; their words are written and listed for removal where they stand
# A table built of other elements with ARIA roles (a grid of <div>s a style sheet lays out:
# role="table", "row", "cell", "columnheader"…) is read as the table a screen reader reads;
# a cell spans the columns its `aria-colspan` or its CSS `grid-column: span N` says
_TABLE_ROLES = {"table": "table", "grid": "table", "treegrid": "table", "row": "tr",
                "cell": "td", "gridcell": "td", "columnheader": "th", "rowheader": "th"}
_GRID_SPAN = re.compile(r"grid-column\s*:\s*(?:[^;]*?/\s*)?span\s+(\d+)", re.I)
_VOID = frozenset("area base br col embed hr img input link meta source track wbr".split())
_CONTROLS = frozenset({"button", "select", "textarea"})
_HIDDEN = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_CONTENT = frozenset({"article", "main"})
# A block that opens with two links or more with nothing but a separator between them is the
# portal's navigation set in the page (breadcrumbs "Главная / Законодательство / …", a bar of
# tabs "Текст Официальная публикация Информация …"); LINK stands for a link in the block's shape.
LINK = "\x00"
_LINK_RUN = re.compile(rf"\s*{LINK}(?:\s*[/|›»>·•]?\s*{LINK})+")
_SPACE = re.compile(r"[ \t\n\r\f]+")
# A list paragraph's typed number and the run of no-break spaces Word sets after it (its
# "Web Page, Filtered" HTML: "1.<span style='font:7.0pt'>&nbsp;&nbsp;&nbsp; </span>"): one space
_LABEL_GAP = re.compile(r"^(\d{1,3}(?:\.\d{1,3})*[.)]|[^\W\d_][.)]|[-–—•·▪])[ \u00a0]{2,}(?=\S)")
_RIGHT = re.compile(r"text-align\s*:\s*(?:right|end)\b", re.I)
# A left margin or padding ("margin-left:262.35pt", "padding-left: 9cm"); one at least this
# many points (about 6.4 cm: past the middle of a page's text) pushes its block to the right
_LEFT_MARGIN = re.compile(r"(?:margin|padding)-left\s*:\s*(\d+(?:\.\d+)?)\s*(pt|cm|mm|in|px)\b",
                          re.I)
PUSHED_RIGHT_PT = 180
_PER_UNIT = {"pt": 1.0, "cm": 72 / 2.54, "mm": 72 / 25.4, "in": 72.0, "px": 0.75}
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.I)
_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
         (codecs.BOM_UTF16_BE, "utf-16"))


@dataclass
class _Table:
    """A table being read: finished rows, the current row's cells, the current cell."""

    rows: list[list[str]] = field(default_factory=list)
    cells: list[str] | None = None
    cell: list[str] | None = None
    right: bool = False  # the table floats, or is set, at the page's right
    # a cell merged down (`rowspan`): its column in the grid -> [rows still to cover, columns]
    spans: dict[int, list[int]] = field(default_factory=dict)
    opened: dict[int, list[int]] = field(default_factory=dict)  # the open row's own
    covered: set[int] = field(default_factory=set)  # the spans the open row took
    column: int = 0  # the grid column the next cell of the open row stands in

    def open_cell(self, attrs: dict) -> None:
        """Start a cell. The cells merged down into this row from above stand before it as
        empty cells, as a .docx writes a vertically merged cell's continuation, so that every
        cell keeps its place among its row's; a cell spanning columns (`colspan`) is one cell,
        as a .docx's is (its merged cells padded out, headers and summary rows read worse:
        three corpus pages lost facts), and takes its columns of the grid."""
        self.close_cell()
        if self.cells is None:
            self.cells = []
        self._covered(to_end=False)
        wide, tall = _span(attrs.get("colspan")), _span(attrs.get("rowspan"))
        if tall > 1:
            self.opened[self.column] = [tall - 1, wide]
        self.column += wide
        self.cell = []

    def _covered(self, to_end: bool) -> None:
        """The open row's empty cells where cells above are merged down into it: those at its
        next column (or, `to_end`, all past its last cell). A span the row's wider cells
        overlapped covers the row with no cell."""
        for at in sorted(self.spans):
            if at in self.covered:
                continue
            if at > self.column and not to_end:
                break
            self.covered.add(at)
            if at >= self.column:
                self.cells.append("")
                self.column = at + self.spans[at][1]

    def close_cell(self) -> None:
        """End the open cell, if any."""
        if self.cell is not None and self.cells is not None:
            self.cells.append(_cell_text(self.cell))
        self.cell = None

    def close_row(self) -> None:
        """End the open row, if any; the columns merged down into it past its last cell are
        its empty cells."""
        self.close_cell()
        if self.cells is not None:
            self._covered(to_end=True)
            self.rows.append(self.cells)
            for at in self.covered:
                self.spans[at][0] -= 1
                if not self.spans[at][0]:
                    del self.spans[at]
            self.spans.update(self.opened)
        self.cells = None
        self.opened, self.covered, self.column = {}, set(), 0


def _spanned(attrs: dict) -> dict:
    """A cell's attributes with the columns it spans as `colspan` where an ARIA grid's cell
    says so (`aria-colspan`, `aria-rowspan`, CSS `grid-column: span N`)."""
    if "colspan" in attrs or not ("aria-colspan" in attrs or "aria-rowspan" in attrs
                                  or "grid-column" in (attrs.get("style") or "")):
        return attrs
    span = _GRID_SPAN.search(attrs.get("style") or "")
    wide = attrs.get("aria-colspan") or (span.group(1) if span else None)
    return {**attrs, **({"colspan": wide} if wide else {}),
            **({"rowspan": attrs["aria-rowspan"]} if "aria-rowspan" in attrs else {})}


def _span(value: str | None) -> int:
    """A `colspan` or `rowspan`: a whole number from 1 to 1,000 (HTML's limits for a column
    span; a bad value is 1, as browsers read it)."""
    digits = re.match(r"\s*(\d+)", value or "")
    return min(max(int(digits.group(1)), 1), 1000) if digits else 1


def _cell_text(pieces: list[str]) -> str:
    """Cell pieces -> one cell: white space folded; its paragraphs kept apart by U+2028, the
    <br> lines of one paragraph by a line feed."""
    return CELL_BREAK.join(part for part in map(_cell_lines, "".join(pieces).split(CELL_BREAK))
                           if part).replace("\t", " ")


def _cell_lines(paragraph: str) -> str:
    """A paragraph of a cell: its <br> lines, white space folded, empty ones dropped."""
    lines = (_SPACE.sub(" ", line).strip() for line in paragraph.split(LINE_BREAK))
    return LINE_BREAK.join(line for line in lines if line)


def _flat_cell(cell: str) -> str:
    """A cell of a real table: every line break, <br> or paragraph, a U+2028."""
    return cell.replace(LINE_BREAK, CELL_BREAK)


class _Reader(HTMLParser):
    """Collects blocks: ('p', text) for a paragraph (its <br> lines joined by a line
    break), ('right', text) for a right-aligned one, ('row', cells) for a table row."""

    def __init__(self, name: str = "") -> None:
        super().__init__(convert_charrefs=True)
        self.name = name
        self.blocks: list[tuple[str, object]] = []
        self.line: list[str] = []
        self.tables: list[_Table] = []
        self.skip = 0
        self.pre = 0
        self.tags = 0
        self.aligns: list[tuple[str, bool | None]] = []  # open block elements' alignment
        # open elements of the page around the text: (depth in `aligns`, what they are)
        self.chrome: list[tuple[int, str]] = []
        self.content = 0  # open <article>/<main> elements
        # open lists: an <ol>'s last item's number, BULLET for a <ul> showing its marks, None
        # for a list that shows none (`list-style: none`: its items mark themselves)
        self.lists: list[int | str | None] = []
        self.led: list[bool] = []  # per open list: it follows a lead-in ending with ':'
        self.link = 0  # open <a> elements
        self.shape: list[str] = []  # the open block's text outside links, LINK for each link
        self.label = False  # a list item's number or bullet waits for the item's text
        self.layout = False  # a table was the layout of numbered clauses
        self.sheet = StyleSheet()  # the page's <style> rules read so far
        self.counters = Counters()
        self.css: list[str] | None = None  # the text of the <style> element being read
        self.list_tags: list[tuple[str, dict]] = []  # the open lists' tags and attributes
        # a page's notes: the in-page links (`href="#x"`) each paragraph holds, the block each
        # anchor (an element's `id`, a link's `name`) is in, and those of the open paragraph
        self.refs: dict[int, list[str]] = {}
        self.anchors: dict[str, int] = {}
        self.pending: tuple[list[str], list[str]] = ([], [])
        self.control = 0  # open form controls (a button, a select and its options)
        self.control_text: list[str] = []
        self.linked: set[int] = set()  # blocks that are a link and nothing else
        self.list_starts: list[int] = []  # per open list: the blocks before it
        self.roles: dict[str, list[str]] = {}  # per tag, its open elements' table roles

    def handle_starttag(self, tag, attrs):
        self.tags += 1
        if tag == "style":  # in the <head> too, which is no text
            self.css = []
        if tag in _SKIPPED:
            self.skip += 1
        elif not self.skip and tag in _CONTROLS:
            self.control += 1
        elif not self.skip and self.control:
            self.control_text.append(" ")  # a select's options, each its own choice
        elif not self.skip and tag == "img":
            self._image(dict(attrs))
        elif not self.skip:
            attrs, before = self._styled(tag, dict(attrs))
            self._open(self._role(tag, attrs), _spanned(attrs), before)

    def _role(self, tag: str, attrs: dict) -> str:
        """The table element an element stands for by its ARIA role (`_TABLE_ROLES`), else its
        own tag; each open element's is kept until its end tag."""
        shown = _TABLE_ROLES.get((attrs.get("role") or "").strip().lower(), tag) \
            if tag not in ("table", "tr", "td", "th") else tag
        if tag not in _VOID:
            self.roles.setdefault(tag, []).append(shown)
        return shown

    def handle_startendtag(self, tag, attrs):
        self.tags += 1
        if not self.skip and tag == "br":
            self._line_break()
        elif not self.skip and tag == "hr":
            self._break()
        elif not self.skip and tag == "img":
            self._image(dict(attrs))

    def _image(self, attrs: dict) -> None:
        """An image in the text reads as its alternative text, as a screen reader reads it: a
        legal viewer's formula set as a picture (`<img alt="К = (П1 + … + Пn) / n">`) is the
        clause's formula; a decorative image has none (`alt=""`), and one inside a link is
        the link's (a site's logo leading home), no text of the page."""
        alt = (attrs.get("alt") or "").strip()
        if alt and not self.link:
            self.handle_data(f" {alt} ")

    def handle_endtag(self, tag):
        if tag == "style" and self.css is not None:
            self.sheet = self.sheet.extended("".join(self.css))
            self.css = None
        if tag in _SKIPPED:
            self.skip = max(0, self.skip - 1)
        elif not self.skip and tag in _CONTROLS and self.control:
            self.control -= 1
            text = " ".join("".join(self.control_text).split())
            if not self.control:  # the outermost control closed: its words, one block
                if text:
                    self.blocks.append(("chrome", ("page's form control", text)))
                self.control_text = []
        elif not self.skip:
            opened = self.roles.get(tag)
            self._close(opened.pop() if opened else tag)

    def handle_data(self, data):
        if self.css is not None:
            self.css.append(data)
        if self.skip:
            return
        if self.control:
            self.control_text.append(data)
            return
        if not self.pre:
            data = _SPACE.sub(" ", data)
        elif self.tables and self.tables[-1].cell is not None:
            data = data.replace("\n", CELL_BREAK)
        else:  # each line of preformatted text is a block
            data = data.replace("\n", "\n\n")
        sink = self._sink()
        sink.append(data)
        self.label = self.label and not data.strip()
        if sink is self.line and not self.link:
            self.shape.append(data)

    def _styled(self, tag: str, attrs: dict) -> tuple[dict, str]:
        """An element's attributes with the style sheet's declarations for it merged into
        its `style` (so alignment and margins set by class read as set inline), and the text
        its `::before` rule generates (a Google Docs item's number), its counters counted."""
        if not self.sheet.rules:
            return attrs, ""
        parent = self.list_tags[-1] if tag == "li" and self.list_tags else None
        declarations = self.sheet.style(tag, attrs, parent)
        self.counters.apply(declarations)
        before = self.counters.content(self.sheet.style(tag, attrs, parent, before=True))
        if len(before.strip()) == 1 and not before.strip().isalnum():
            before = BULLET + " "  # a bullet glyph ("\\0025cf  "), as a list's mark is read
        return dict(attrs, style=style_text(declarations)), before

    def _note_marks(self, tag: str, attrs: dict) -> None:
        """Keep the open paragraph's anchors and in-page links, as a page's notes need them."""
        refs, anchors = self.pending
        anchors.extend(a for a in (attrs.get("id"), attrs.get("name") if tag == "a" else None) if a)
        href = attrs.get("href") or "" if tag == "a" else ""
        if href.startswith("#") and len(href) > 1:
            refs.append(href[1:])

    def _sink(self) -> list[str]:
        table = self.tables[-1] if self.tables else None
        if table is not None and table.cell is not None:
            return table.cell
        return self.line

    def _open(self, tag: str, attrs: dict, before: str = "") -> None:
        if not self.tables:
            if tag in _BLOCKS and not self.label:
                self._break()  # the block's anchor is the next paragraph's, not the last's
            self._note_marks(tag, attrs)
        if tag == "table":
            limits.check_nesting(self.name, len(self.tables) + 1)
            self._flush()
            self.tables.append(_Table(right=_at_right(attrs)))
        elif tag == "tr" and self.tables:
            self.tables[-1].close_row()
            self.tables[-1].cells = []
        elif tag in ("td", "th") and self.tables:
            self.tables[-1].open_cell(attrs)
        elif tag == "br":
            self._line_break()
        elif tag == "a":
            self.link += 1
            if self._sink() is self.line:
                self.shape.append(LINK)
        elif tag in ("ol", "ul"):
            self._break()
            shown = _shows_numbers(attrs)
            self.lists.append((_start(attrs) - 1 if tag == "ol" else BULLET) if shown else None)
            self.list_tags.append((tag, attrs))
            self.led.append(self._after_lead_in())
            self.list_starts.append(len(self.blocks))
        elif tag in _BLOCKS:
            self.pre += tag == "pre"
            if not self.label or tag == "li":  # "<li><p>text": the item's number starts
                self._break()                  # the paragraph
            self.label = False
            self.aligns.append((tag, _right_aligned(attrs)))
            if tag in _CONTENT:
                self.content += 1
            reason = _chrome_of(tag, attrs, self.content)
            if reason:
                self.chrome.append((len(self.aligns), reason))
            if tag == "li" and self.lists and isinstance(self.lists[-1], int):
                self._number_item(attrs)
            elif tag == "li" and self.lists and self.lists[-1] == BULLET:
                self._sink().append(BULLET + " ")  # as the .docx reader restores a bullet
                self.label = True
            if before.strip():  # the number or mark a style sheet writes before the block
                self._sink().append(before)
                self.label = True

    def _number_item(self, attrs: dict) -> None:
        """An item of a numbered list opens with the number the browser would show (its
        `value`, else one past the item before): "3. " in a list, "3) " in a list inside
        another or right after a lead-in ending with ':' (a clause's sub-points, whether the
        clause is an item or a paragraph)."""
        self.lists[-1] = _start(attrs, "value") - 1 if attrs.get("value") else self.lists[-1]
        self.lists[-1] += 1
        self.label = True
        nested = sum(1 for kind in self.lists if isinstance(kind, int)) > 1 or self.led[-1]
        self._sink().append(f"{self.lists[-1]}{')' if nested else '.'} ")

    def _after_lead_in(self) -> bool:
        """The list opening now follows a clause typed in a paragraph ("5. … не проводится
        в отношении служащего:"): its items are that clause's sub-points. A lead-in with no
        typed number ("ПРИКАЗЫВАЮ:") may open the clauses themselves."""
        if self.tables and self.tables[-1].cell is not None or not self.blocks:
            return False
        kind, text = self.blocks[-1]
        text = str(text).strip()
        return kind == "p" and text.endswith(":") and bool(_TYPED_CLAUSE.match(text))

    def _close(self, tag: str) -> None:
        if tag == "a":
            self.link = max(0, self.link - 1)
        elif tag in ("ol", "ul") and self.lists:
            self._break()
            self.lists.pop()
            self.led.pop()
            self.list_tags.pop()
            self._links_list(self.list_starts.pop())
        elif tag == "table" and self.tables:
            self._end_table(self.tables.pop())
        elif tag == "tr" and self.tables:
            self.tables[-1].close_row()
        elif tag in ("td", "th") and self.tables:
            self.tables[-1].close_cell()
        elif tag in _BLOCKS:
            if tag == "pre" and self.pre:
                self.pre -= 1
            self._break()
            while self.aligns and self.aligns.pop()[0] != tag:
                pass
            if tag in _CONTENT:
                self.content = max(0, self.content - 1)
            while self.chrome and self.chrome[-1][0] > len(self.aligns):
                self.chrome.pop()

    def _links_list(self, start: int) -> None:
        """A list of two items or more, each a link and nothing else, is the page's menu."""
        items = range(start, len(self.blocks))
        if sum(1 for k in items if k in self.linked) >= 2 and all(
                k in self.linked or self.blocks[k][0] == "chrome" for k in items):
            for k in items:
                if self.blocks[k][0] != "chrome":
                    self.blocks[k] = ("chrome", (_CHROME["nav"], str(self.blocks[k][1])))

    def _break(self) -> None:
        """A line break: inside a cell a U+2028, elsewhere the end of a line."""
        table = self.tables[-1] if self.tables else None
        if table is not None and table.cell is not None:
            table.cell.append(CELL_BREAK)
        else:
            self._flush()

    def _line_break(self) -> None:
        """A <br>: a line break inside the block; two in a row end the block. Text set
        straight in a <div> (an old portal page: paragraphs separated by <br>, no <p>)
        ends its paragraph there, unless the div is right-aligned (an addressee block)."""
        in_cell = bool(self.tables) and self.tables[-1].cell is not None
        tag = self.aligns[-1][0] if self.aligns else "body"
        if not in_cell and tag in _BARE_TEXT and not any(a for _, a in self.aligns):
            self._flush()
            return
        self._sink().append(LINE_BREAK)

    def _flush(self) -> None:
        """End the block: its <br> lines stay lines of one block; an empty line (two <br>
        in a row, a line of <pre>) separates blocks."""
        kind = "right" if next((a for _, a in reversed(self.aligns) if a is not None),
                               False) else "p"
        shape = "".join(self.shape)
        chrome = self.chrome[-1][1] if self.chrome else \
            _CHROME["nav"] if _LINK_RUN.match(shape) else _notice("".join(self.line))
        linked = shape.strip() == LINK
        for part in re.split(r"\n[ \t\r\f]*\n", "".join(self.line)):
            lines = [_LABEL_GAP.sub(r"\1 ", _SPACE.sub(" ", line).strip())
                     for line in part.split("\n")]
            text = "\n".join(line for line in lines if line)
            if text.startswith(BULLET + " ") and OWN_LABEL.match(text, 2):
                text = text[2:]  # "<li>– …</li>", "<li>1) …</li>": the item's own label
            if text and chrome:
                self.blocks.append(("chrome", (chrome, text)))
            elif text:
                if any(self.pending):
                    refs, anchors = self.pending
                    self.refs[len(self.blocks)] = refs
                    self.anchors.update((a, len(self.blocks)) for a in anchors)
                    self.pending = ([], [])
                if linked:
                    self.linked.add(len(self.blocks))
                self.blocks.append((kind, text))
        self.line = []
        self.shape = []

    def _end_table(self, table: _Table) -> None:
        """A finished table goes into the enclosing cell (nested) or out as rows."""
        table.close_row()
        rows = [cells for cells in table.rows if any(cells)]
        if self.tables and self.tables[-1].cell is not None:
            self.tables[-1].cell.append(
                CELL_BREAK.join(" ".join(map(_flat_cell, c)) for c in rows) + CELL_BREAK)
        elif max((len(cells) for cells in rows), default=0) < 2:
            self.blocks.extend(layout_blocks(rows, table.right))
        elif (layout := numbered_layout(rows, self.layout)) is not None:
            self.layout = True
            self.blocks.extend(layout)
        else:
            self.blocks.extend(table_blocks([[_flat_cell(c) for c in cells] for cells in rows]))

    def finish(self) -> list[tuple[str, object]]:
        """Close what the document left open and return the blocks."""
        while self.tables:
            self._end_table(self.tables.pop())
        self._flush()
        return right_runs(placed_notes(self.blocks, self.refs, self.anchors))


def placed_notes(blocks: list[tuple[str, object]], refs: dict[int, list[str]],
                 anchors: dict[str, int]) -> list[tuple[str, object]]:
    """A page's notes read after the paragraph that calls them, as the .docx reader reads a
    footnote: a paragraph further down that a paragraph's in-page link leads to and that
    links back to it (Google Docs' "[1]" → `#ftnt1` and back to `#ftnt_ref1`; Word's `#_ftn1`,
    LibreOffice's `#sdfootnote1sym`, pandoc's `#fn1` and its "↩" alike) is moved after the
    paragraph calling it, its number kept as a note's (`_note`). A note of several
    paragraphs moves its first."""
    moves: dict[int, int] = {}  # a note's block -> the block calling it
    for calling in sorted(refs):
        for target in refs[calling]:
            note = anchors.get(target)
            if note is not None and note > calling and note not in moves \
                    and any(anchors.get(back) == calling for back in refs.get(note, ())):
                moves[note] = calling
    if not moves:
        return blocks
    out: list[tuple[str, object]] = []
    for k, block in enumerate(blocks):
        if k not in moves:
            out.append(block)
            out.extend(_note(blocks[note]) for note in sorted(moves) if moves[note] == k)
    return out


# a note's number as its page shows it: "[1]", "1" glued to the text (LibreOffice), "1." of
# the list it is an item of (pandoc)
_NOTE_MARK = re.compile(r"(\[\d{1,3}\]|\d{1,3})(?:[.)](?=\s)|(?=[^\W\d_]))\s*")


def _note(block: tuple[str, object]) -> tuple[str, object]:
    """A note's paragraph as the .docx reader writes a footnote: its number and a space
    ("1 …", "[1] …"), never a clause's "1." or a number glued to the text."""
    kind, text = block
    return (kind, _NOTE_MARK.sub(r"\1 ", text, count=1)) if kind == "p" else block


_TYPED_CLAUSE = re.compile(r"\d{1,3}(?:-\d{1,2})?\.\s")


@lru_cache(maxsize=1)
def _notices() -> tuple[re.Pattern, re.Pattern]:
    """A block an advertisement's label opens, and a word of a notice about cookies
    (grammar/words.yaml `advertisement`, `cookie_notice`)."""
    return (re.compile(rf"\s*(?:{alt('advertisement')})(?!\w)", re.I),
            re.compile(rf"(?<!\w)(?:{alt('cookie_notice')})", re.I))


NOTICE_CHARS = 600  # a notice is short: a paragraph this long is text that names them


def _notice(text: str) -> str | None:
    """What a block of the page is when it is the site's own notice, else None: a label
    "Реклама" opening an advertisement set among the paragraphs, a notice about cookies."""
    if len(text) > NOTICE_CHARS:
        return None
    advertisement, cookies = _notices()
    if advertisement.match(text):
        return "page's advertisement"
    return "page's cookie notice" if cookies.search(text) else None


def _chrome_of(tag: str, attrs: dict, in_content: int) -> str | None:
    """What an opening block element is when it is the page around the text, else None."""
    if tag == "nav" or (tag in _CHROME and not in_content):
        return _CHROME[tag]
    if tag == "div" and (attrs.get("title") or "").lower() in ("header", "footer"):
        return _CHROME[attrs["title"].lower()]  # a word processor's running head or foot
    role = (attrs.get("role") or "").strip().lower()
    if role in _ROLES:
        return _ROLES[role]
    if tag != "hr" and ("hidden" in attrs or (attrs.get("aria-hidden") or "").lower() == "true"
                        or _HIDDEN.search(attrs.get("style") or "")):  # an <hr> holds nothing
        return "page's hidden element"  # what a browser does not show (another language's menu)
    named = _TEMPLATE_PART.search(f"{attrs.get('class') or ''} {attrs.get('id') or ''}")
    if named:
        return _TEMPLATE_REASON.get(named.group(1).lower(), "page's advertisement")
    return None


def _start(attrs: dict, name: str = "start") -> int:
    """The number of a numbered list's first item (`start`, 1 when absent or not a number),
    or of an item that sets its own (`value`)."""
    start = (attrs.get(name) or "").strip()
    return int(start) if start.isdigit() and len(start) < 6 else 1


def _shows_numbers(attrs: dict) -> bool:
    """Does a numbered list show its numbers (no `list-style: none`, whose items number
    themselves in their text)?"""
    return not _UNNUMBERED.search(attrs.get("style") or "")


_UNNUMBERED = re.compile(r"list-style(?:-type)?\s*:\s*none\b", re.I)
BULLET = "•"  # a bullet list's mark, as a text's list writes it (the .docx reader's too)
# an item's own label: a bulleted item that writes its mark or number ("– …", "1) …") keeps
# it as its only label, as in a text's list
OWN_LABEL = re.compile(r"(?:\d+(?:[.-]\d+)*[.)]|[-–—•])\s")


def layout_blocks(rows: list[list[str]], right: bool = False) -> list[tuple[str, object]]:
    """A table of one column is layout (a stamp, a framed title): each paragraph of a cell is
    a block, its <br> lines the lines of that block, as a <p> outside a table; in a table set
    at the page's right (`right`: a stamp an e-mail floats there) a right-aligned one."""
    kind = "right" if right else "p"
    return [(kind, part) for cells in rows for cell in cells for part in cell.split(CELL_BREAK)]


_FLOAT_RIGHT = re.compile(r"float\s*:\s*right\b|margin-left\s*:\s*auto\b", re.I)


def _at_right(attrs: dict) -> bool:
    """Is a table set at the page's right: floated there (`align="right"`, `float:right`),
    pushed there (`margin-left:auto`, a left margin past the middle), or its text
    right-aligned?"""
    return (attrs.get("align") or "").lower() == "right" \
        or bool(_FLOAT_RIGHT.search(attrs.get("style") or "")) or bool(_right_aligned(attrs))


def _points(value: str, unit: str) -> float:
    """A CSS length in points."""
    return float(value) * _PER_UNIT[unit.lower()]


def _right_aligned(attrs: dict) -> bool | None:
    """An element's own horizontal alignment: True right, False other, None not stated. A
    block pushed past the page's middle by its left margin or padding is set at the right as
    a right-aligned one is (a stamp Word indents: `margin-left:262.35pt`)."""
    align = (attrs.get("align") or "").lower()
    style = attrs.get("style") or ""
    if align or "text-align" in style.lower():
        return align in ("right", "end") or bool(_RIGHT.search(style))
    margins = (_points(*m.groups()) for m in _LEFT_MARGIN.finditer(style))
    if any(points >= PUSHED_RIGHT_PT for points in margins):
        return True
    return None



def right_runs(blocks: list[tuple[str, object]]) -> list[tuple[str, object]]:
    """Right-aligned paragraphs that follow each other are one block typed a line a
    paragraph (an addressee block); other blocks pass unchanged."""
    out: list[tuple[str, object]] = []
    for kind, value in blocks:
        if kind == "right" and out and out[-1][0] == "right":
            out[-1] = ("right", f"{out[-1][1]}\n{value}")
        else:
            out.append((kind, value))
    return [("p", value) if kind == "right" else (kind, value) for kind, value in out]


def table_blocks(rows: list[list[str]], width: int = 0) -> list[tuple[str, object]]:
    """Rows -> blocks; a table of one column is layout (paragraphs), and a one-cell row of
    a real table (a merged full-width cell) is padded with empty cells to the table's width,
    as a converted text's is. An ("end", "") block closes a table, so two tables in a row
    stay two. `width` is that of the table these rows continue (a PDF page break)."""
    rows = [cells for cells in rows if any(cells)]
    width = max([width, *(len(cells) for cells in rows)])
    if width < 2:
        return [("p", line) for cells in rows for line in cells[0].split(CELL_BREAK)]
    return [*(("row", cells if len(cells) > 1 else [*cells, *[""] * (width - 1)])
              for cells in rows), ("end", "")]


# a cell that holds nothing but a clause's or a sub-point's number: "5.", "5-1.", "1.2.", "5",
# "2)", "а)"
_LABEL_CELL = re.compile(r"\d{1,3}(?:[.-]\d{1,3})*[.)]?|[а-яәіңғүұқөһa-z]\)")
_SENTENCE_CHARS = 80  # a clause's sentence is longer than any name a sheet lists


def numbered_layout(rows: list[list[str]], continued: bool = False
                    ) -> list[tuple[str, object]] | None:
    """A table of two columns that is the layout a body of clauses is typed in -> its
    paragraphs, each row's number opening its text; None for a real table. Such a table's
    first column holds nothing but clause and sub-point numbers (three at least; in a later
    part of a layout the document has shown, between two sheets, any), its second sentences
    (long, most ending as a clause or a sub-point does), any other row one merged cell (a
    heading). A form's table holds names and scores, not sentences."""
    rows = [cells for cells in rows if any(cells)]
    if not rows or max(map(len, rows)) != 2:
        return None
    labels = [cells[0].strip() for cells in rows if len(cells) == 2 and cells[0].strip()]
    if len(labels) < (0 if continued else 3) or \
            not all(_LABEL_CELL.fullmatch(label) for label in labels):
        return None
    texts = [part for cells in rows if len(cells) == 2 for part in cells[1].split(CELL_BREAK)
             if part.strip()]
    ended = sum(1 for text in texts if text.rstrip()[-1:] in ".;:")
    if not texts or max(map(len, texts)) < _SENTENCE_CHARS or 2 * ended <= len(texts):
        return None
    return [("p", line) for cells in rows for line in _labelled_lines(cells)]


def _labelled_lines(cells: list[str]) -> list[str]:
    """A row of a layout table -> its paragraphs, the number cell's label opening the first
    ("5" is written "5.", as a clause is typed)."""
    label = cells[0].strip() if len(cells) == 2 else ""
    parts = [part for cell in (cells[1:] if len(cells) == 2 else cells)
             for part in cell.split(CELL_BREAK) if part.strip()]
    if label and parts:
        parts[0] = f"{label}{'.' if label.isdigit() else ''} {parts[0]}"
    return parts or ([label] if label else [])


def html_to_str(data: bytes, name: str) -> str:
    """Bytes -> str: a BOM, then <meta charset>, then the plain-text detection."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _decode(data, encoding, name)
    declared = _CHARSET.search(data[:4096])
    if declared:
        encoding = declared.group(1).decode("ascii").lower()
        try:
            codecs.lookup(encoding)
        except LookupError:
            raise InputError(name, f"unknown charset '{encoding}' in <meta>") from None
        return _decode(data, encoding, name)
    return decode(data, name)


def _decode(data: bytes, encoding: str, name: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise InputError(name, f"not valid {encoding}: bad byte at offset {exc.start}") from None


def render(blocks: list[tuple[str, object]]) -> str:
    """Blocks -> text: a blank line between paragraphs and between tables, the rows of one
    table on adjacent lines."""
    return written(blocks)[0]


def written(blocks: list[tuple[str, object]]) -> tuple[str, list[Removed]]:
    """Blocks -> text (as `render`) and the spans of the page around the text ("chrome"
    blocks: written like paragraphs, listed for removal with their reason); a page's printed
    lines ("line" blocks) on adjacent lines, as a table's rows."""
    out: list[str] = []
    removed: list[Removed] = []
    size = 0
    prev = ""
    for kind, value in blocks:
        if kind == "end":
            prev = kind
            continue
        reason, value = value if kind == "chrome" else ("", value)
        line = "\t".join(value) if kind == "row" else str(value)
        if out:
            out.append("\n" if kind == prev in ("row", "line") else "\n\n")
            size += len(out[-1])
        if reason:
            removed.append(Removed(start=size, end=size + len(line), reason=reason))
        out.append(line)
        size += len(line)
        prev = kind
    return "".join(out) + "\n", removed


def read_html(data: bytes, name: str) -> RawText:
    """An .html file as RawText (format "html"); refuses non-HTML and text-less pages."""
    text = html_to_str(data, name)
    if "\x00" in text:
        raise InputError(name, "binary data, not HTML")
    reader = _Reader(name)
    reader.feed(text)
    reader.close()
    blocks = reader.finish()
    if not reader.tags:
        raise InputError(name, "not HTML: no markup found")
    if not blocks:
        raise InputError(name, "HTML page holds no text")
    text, removed = written(blocks)
    return RawText(path=name, format="html", text=text, removed=tuple(removed))
