"""DOCX: paragraphs and table rows in document order, Word's automatic numbers restored."""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field

from .. import limits
from ..errors import InputError
from ..model import RawText
from .html import CELL_BREAK, render, table_blocks

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# Runs that show on the page: not deleted or moved away, not inside a text box.
_RUNS = (".//w:r[not(ancestor::w:del) and not(ancestor::w:moveFrom)"
         " and not(ancestor::w:txbxContent)]")
_RU = "абвгдежзиклмнопрстуфхцчшщэюя"  # Word's russianLower skips ё, й, ъ, ы, ь


@dataclass(frozen=True)
class Level:
    """One level of a list definition: start value, number format, label template."""

    start: int = 1
    fmt: str = "decimal"
    text: str = ""


@dataclass
class Numbering:
    """The numbering part, read once, and the running counters of every list."""

    levels: dict[str, dict[int, Level]] = field(default_factory=dict)  # abstractNumId ->
    nums: dict[str, tuple[str, dict[int, int]]] = field(default_factory=dict)  # numId ->
    counters: dict[str, list[int | None]] = field(default_factory=dict)

    def label(self, num_id: str, ilvl: int) -> str:
        """Advance the list's counter at this level and render its label ("3.", "б)")."""
        if num_id not in self.nums:
            return ""
        abstract, overrides = self.nums[num_id]
        levels = self.levels.get(abstract, {})
        key = num_id if overrides else abstract  # lists without a restart continue each other
        counts = self.counters.setdefault(key, [None] * 10)
        for k in range(ilvl):
            if counts[k] is None:
                counts[k] = _start(levels, overrides, k)
        counts[ilvl] = _start(levels, overrides, ilvl) if counts[ilvl] is None \
            else counts[ilvl] + 1
        counts[ilvl + 1:] = [None] * (len(counts) - ilvl - 1)
        level = levels.get(ilvl, Level())
        if level.fmt in ("bullet", "none"):
            return ""
        label = level.text
        for k in range(ilvl + 1):
            label = label.replace(f"%{k + 1}", _format(counts[k] or 0, levels.get(k, Level()).fmt))
        return label.strip()


def _start(levels: dict[int, Level], overrides: dict[int, int], ilvl: int) -> int:
    return overrides.get(ilvl, levels.get(ilvl, Level()).start)


def _letters(n: int, alphabet: str) -> str:
    """1 -> a, 27 -> aa: Word repeats the letter past the end of the alphabet."""
    n = max(n, 1)
    return alphabet[(n - 1) % len(alphabet)] * ((n - 1) // len(alphabet) + 1)


def _roman(n: int) -> str:
    out = ""
    for value, digits in ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"),
                          (90, "xc"), (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"),
                          (4, "iv"), (1, "i")):
        while n >= value:
            out, n = out + digits, n - value
    return out


_FORMATS = {
    "lowerLetter": lambda n: _letters(n, "abcdefghijklmnopqrstuvwxyz"),
    "upperLetter": lambda n: _letters(n, "ABCDEFGHIJKLMNOPQRSTUVWXYZ"),
    "russianLower": lambda n: _letters(n, _RU),
    "russianUpper": lambda n: _letters(n, _RU.upper()),
    "lowerRoman": _roman,
    "upperRoman": lambda n: _roman(n).upper(),
    "decimalZero": lambda n: f"{n:02d}",
}


def _format(n: int, fmt: str) -> str:
    """A counter value in a Word number format; unknown formats fall back to decimal."""
    return _FORMATS.get(fmt, str)(n)


def _val(el, tag: str) -> str | None:
    child = el.find(_W + tag) if el is not None else None
    return child.get(_W + "val") if child is not None else None


def read_numbering(document) -> Numbering:
    """The list definitions of numbering.xml (an empty Numbering when there is none)."""
    try:
        root = document.part.numbering_part.element
    except (KeyError, NotImplementedError):
        return Numbering()
    numbering = Numbering()
    for abstract in root.iter(_W + "abstractNum"):
        numbering.levels[abstract.get(_W + "abstractNumId")] = {
            int(lvl.get(_W + "ilvl", "0")): Level(int(_val(lvl, "start") or 1),
                                                  _val(lvl, "numFmt") or "decimal",
                                                  _val(lvl, "lvlText") or "")
            for lvl in abstract.iter(_W + "lvl")}
    for num in root.iter(_W + "num"):
        overrides = {int(o.get(_W + "ilvl", "0")): int(_val(o, "startOverride"))
                     for o in num.iter(_W + "lvlOverride") if _val(o, "startOverride")}
        numbering.nums[num.get(_W + "numId")] = (_val(num, "abstractNumId"), overrides)
    return numbering


def _num_pr(p, styles) -> tuple[str | None, int]:
    """(numId, ilvl) of a paragraph, from its own properties or its style chain."""
    ppr = p.find(_W + "pPr")
    num_id, ilvl = None, None
    style_id = _val(ppr, "pStyle")
    chain = [ppr]
    for _ in range(10):  # a style's basedOn chain; the bound guards against cycles
        style = styles.get(style_id) if style_id else None
        if style is None:
            break
        chain.append(style.find(_W + "pPr"))
        style_id = _val(style, "basedOn")
    for props in chain:
        pr = props.find(_W + "numPr") if props is not None else None
        if pr is not None:
            num_id = num_id or _val(pr, "numId")
            ilvl = ilvl if ilvl is not None else _val(pr, "ilvl")
    return num_id, int(ilvl or 0)


@dataclass
class _Context:
    """What reading a body needs besides the XML: lists and paragraph styles."""

    numbering: Numbering
    styles: dict


def _paragraph(p, ctx: _Context) -> str:
    """One w:p -> its text with a restored list label; a line break (w:br) stays a line
    break, tabs become spaces."""
    text = "".join(r.text for r in p.xpath(_RUNS)).replace("\t", " ")
    text = "\n".join(" ".join(line.split()) for line in text.split("\n") if line.strip())
    num_id, ilvl = _num_pr(p, ctx.styles)
    label = ctx.numbering.label(num_id, ilvl) if num_id and num_id != "0" else ""
    return f"{label} {text}" if label and text else text


def _aligned_right(p, styles) -> bool:
    """Is the paragraph right-aligned, by its own properties or its style chain?"""
    ppr = p.find(_W + "pPr")
    jc, style_id = _val(ppr, "jc"), _val(ppr, "pStyle")
    for _ in range(10):  # a style's basedOn chain; the bound guards against cycles
        style = styles.get(style_id) if style_id and jc is None else None
        if style is None:
            break
        jc, style_id = _val(style.find(_W + "pPr"), "jc"), _val(style, "basedOn")
    return jc in ("right", "end")


def _cell(tc, ctx: _Context) -> str:
    """One w:tc -> its paragraphs joined by U+2028 (a nested table's rows likewise)."""
    lines = []
    for kind, value in _blocks(tc, ctx):
        lines.append(" ".join(value) if kind == "row" else value.replace("\n", CELL_BREAK))
    return CELL_BREAK.join(line for line in lines if line)


def _table(tbl, ctx: _Context) -> list[tuple[str, object]]:
    """One w:tbl -> row blocks; a merged cell is one w:tc, so it is not repeated."""
    rows = [[_cell(tc, ctx) for tc in _children(tr, "tc")] for tr in _children(tbl, "tr")]
    return table_blocks(rows)


def _children(el, tag: str):
    """Child elements with this tag, looking through content controls (w:sdt)."""
    for child in el.iterchildren():
        if child.tag == _W + tag:
            yield child
        elif child.tag in (_W + "sdt", _W + "sdtContent", _W + "customXml"):
            yield from _children(child, tag)


def _blocks(container, ctx: _Context):
    """Paragraph and row blocks of a body or cell, in document order. Right-aligned
    paragraphs that follow each other are one block typed a line a paragraph (an addressee
    block); an empty paragraph ends it."""
    run: list[str] = []
    for el in container.iterchildren():
        if el.tag == _W + "p":
            text = _paragraph(el, ctx)
            if text and _aligned_right(el, ctx.styles):
                run.append(text)
                continue
            yield from _run(run)
            if text:
                yield "p", text
        elif el.tag == _W + "tbl":
            yield from _run(run)
            yield from _table(el, ctx)
        elif el.tag in (_W + "sdt", _W + "customXml", _W + "sdtContent"):
            yield from _run(run)
            yield from _blocks(el, ctx)
    yield from _run(run)


def _run(lines: list[str]):
    """A finished run of right-aligned paragraphs as one block (emptied for the next)."""
    if lines:
        yield "p", "\n".join(lines)
    lines.clear()


def _open(data: bytes, name: str):
    """Bytes -> python-docx Document, or InputError saying why not."""
    import docx  # lazy: a heavy library, loaded when a DOCX is opened

    if data.startswith(_OLE):
        raise InputError(name, "encrypted DOCX or a legacy Word .doc (OLE container), "
                         "not a DOCX")
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise InputError(name, "not a DOCX: not a zip archive (damaged or another format)")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            limits.check_zip(name, archive)
    except zipfile.BadZipFile as exc:
        raise InputError(name, f"damaged DOCX: {exc}") from None
    try:
        return docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx, zipfile and lxml raise many kinds
        raise InputError(name, f"damaged DOCX: {type(exc).__name__}: {exc}") from None


def read_docx(data: bytes, name: str) -> RawText:
    """A .docx file as RawText (format "docx"): one line a paragraph, one a table row."""
    document = _open(data, name)
    styles = {s.get(_W + "styleId"): s for s in document.styles.element.iter(_W + "style")}
    ctx = _Context(read_numbering(document), styles)
    try:
        blocks = list(_blocks(document.element.body, ctx))
    except Exception as exc:  # malformed XML values (a non-numeric ilvl, …)
        raise InputError(name, f"damaged DOCX: {type(exc).__name__}: {exc}") from None
    if not blocks:
        raise InputError(name, "DOCX holds no text")
    return RawText(path=name, format="docx", text=render(blocks))
