"""Normalized text -> tree of addressed nodes (grammar/structure.lark + the numbering pass)."""

from __future__ import annotations

import re
from functools import lru_cache

from lark import Lark, Token, Transformer, UnexpectedInput

from . import numbering, regexes, resources
from .draft import Draft
from .model import Diagnostic, Span
from .words import alt

GRAMMAR = resources.GRAMMAR / "structure.lark"


_LABELS = {
    "CLAUSE": re.compile(r"(\d+(?:[.-]\d+)*)\.\s*"),
    "SUBPOINT": re.compile(r"(\d+(?:[.-]\d+)*)\)\s*"),
    "LETTERED": re.compile(r"(\w)\)\s*"),
    **{kind.upper(): re.compile(rf"(?:(\d+)\s?-\s?(?:{alt(kind, 'suffix')})"
                                rf"|(?:{alt(kind, 'prefix')})\s+(\d+))\.?\s*")
       for kind in ("chapter", "section")},
}


def leaf(kind: str, tok: Token) -> Draft:
    """A one-line node from a token; numbered kinds lose their label into `number`."""
    line = tok.value.rstrip("\n")
    end = tok.start_pos + len(line.rstrip())
    draft = Draft(kind, tok.start_pos, end, text=line.strip(), head=(tok.start_pos, end))
    label = _LABELS.get(tok.type) if kind != "paragraph" else None
    if label and (m := label.match(line)):
        draft.number = next(g for g in m.groups() if g)
        draft.text = line[m.end():].strip()
        if kind in ("chapter", "section"):
            draft.heading = draft.text
    return draft


def container(kind: str, head: Draft | None, items: list) -> Draft:
    """A node whose own line is `head` (may be None) and whose children are `items`."""
    children = [c for c in items if isinstance(c, Draft)]
    base = head or Draft(kind, children[0].start, children[0].end)
    node = Draft(kind, base.start, base.end, base.number, base.heading, base.text if head else "",
                 head=head.head if head else None)
    for child in children:
        node.children.append(child)
        node.extend_to(child)
    return node


class Build(Transformer):
    """Parse tree -> Draft tree; one method per grammar rule."""

    def start(self, items):
        return items

    def bare(self, items):
        return items

    def loose(self, items):
        body, *appendices = items
        return ([container("appendix", None, body.children)] if body.children else []) + appendices

    def main(self, items):
        front, operative, *signature = items
        return container("main", None, [*front.children, *operative.children, *signature])

    def registration(self, items):
        return several_lines("issuing", items)

    def fragment(self, items):
        return [container("main", None, items[0].children)]

    def front_head(self, items):
        lead = items[:1] if isinstance(items[0], Draft) else []
        rest = items[len(lead):]
        title = [leaf("title", rest.pop(0))] if rest else []
        return container("front", None, [*lead, *title, *rest])

    def lead_issuing(self, items):
        return several_lines("issuing", [line for tok in items for line in _lines(tok)])

    def front(self, items):
        *head, enact = items
        children = head[0].children if head else []
        return container("front", None, [*children, leaf("preamble", enact)])

    def issuing(self, items):
        return leaf("issuing", items[0])

    def status(self, items):
        return leaf("status", items[0])

    def paragraph(self, items):
        return leaf("paragraph", items[0])

    op_paragraph = paragraph

    def note(self, items):
        head = leaf("note", items[0])
        if len(items) > 1:
            head.text = " ".join([head.text, *(tok.value.strip() for tok in items[1:])])
            head.end = items[-1].start_pos + len(items[-1].value.rstrip())
            head.head = (head.start, head.end)
        return head

    op_note = note

    def formula(self, items):
        return leaf("formula", items[0])

    def operative(self, items):
        return container("operative", None, items) if items else Draft("operative", 0, 0)

    def clause(self, items):
        node = container("clause", leaf("clause", items[0]), items[1:])
        lettered = [k for k in node.children if k.kind == "subpoint" and k.number.isalpha()]
        for rank, kid in enumerate(lettered, 1):  # "а)", "б)" … are sub-points 1, 2 …
            kid.number = str(rank)
        return node

    op_clause = clause

    def subpoint(self, items):
        return container("subpoint", leaf("subpoint", items[0]), items[1:])

    op_subpoint = lettered = op_lettered = subpoint

    def letter_item(self, items):
        return leaf("paragraph", items[0])

    def chapter(self, items):
        return container("chapter", leaf("chapter", items[0]), items[1:])

    def section(self, items):
        return container("section", leaf("section", items[0]), items[1:])

    def table(self, items):
        return container("table", None, [row(tok) for tok in items])

    op_table = table

    def signature(self, items):
        return several_lines("signature", [t for t in items if t.type == "SIGNATURE"])

    def addressee(self, items):
        return several_lines("addressee", items)

    def appendix(self, items):
        head, body = items
        return container("appendix", None, [head, *body.children])

    def methodology(self, items):
        title, body = items
        return container("appendix", None, [leaf("title", title), *body.children])

    def body(self, items):
        return Draft("body", 0, 0, children=[i for i in items if isinstance(i, Draft)])


@lru_cache(maxsize=1)
def grammar() -> Lark:
    """The structure parser, built once."""
    return resources.lark(GRAMMAR, parser="lalr", lexer="contextual", start=["start", "loose"],
                          maybe_placeholders=False, transformer=Build())


# A text is a decree, or a piece of one, when some line is one of these (the grammar's own
# terminals), a decree's title, or a sentence stating a rule (grammar/words.yaml). Numbered
# lines alone do not make one: a recipe has numbered steps.
DECREE_MARKS = ("ENACT", "CHAPTER", "SECTION", "APPENDIX", "ISSUING", "STATUS", "NOTE",
                "NOTE_HEAD", "DOC_TITLE")


@lru_cache(maxsize=1)
def _decree_mark() -> re.Pattern:
    patterns = [t.pattern.to_regexp() for t in grammar().terminals if t.name in DECREE_MARKS]
    patterns.append(rf"[ ]*(?:{alt('decree_title')})[ ]*\n")
    return regexes.compile("(?m)^(?:" + "|".join(f"(?:{p})" for p in patterns) + ")")


@lru_cache(maxsize=1)
def _rule_sentence() -> re.Pattern:
    return re.compile(rf"(?i)(?:{alt('rule_sentence')})")


def looks_like_decree(text: str) -> bool:
    """Does the text hold a decree's frame line (title, issuing line, status, note, enacting
    formula, chapter, stamp) or a sentence stating a rule?"""
    text = text if text.endswith("\n") else text + "\n"
    return _decree_mark().search(text) is not None or _rule_sentence().search(text) is not None


# A borderless layout table writes a stamp or a signature as a row ("<TAB>… № А-4/118
# қаулысымен<U+2028>бекітілген", "Зеренді ауданының әкімі<TAB>Е. Жақсылықов"): such a row is
# read as the line it lays out. A stamp, or the form mark under it ("<TAB>Нысан"), is one
# filled cell; a signature is a short table of its own whose every row is one ("Сессия
# төрағасы<TAB>Б. Жұмағалиев" over "Мәслихат хатшысы<TAB>Г. Оразбаева").


@lru_cache(maxsize=1)
def _terminal(name: str) -> re.Pattern:
    return re.compile(next(t.pattern.to_regexp() for t in grammar().terminals if t.name == name))


def _flat(line: str) -> str:
    return re.sub(r"[\t\u2028]", " ", line)


def _lays_out(line: str, name: str) -> bool:
    return _terminal(name).fullmatch(_flat(line).strip() + "\n") is not None


# The most signatures a decree's foot lays out as a table of their own (a session's chairman
# and the maslikhat's secretary, a deputy signing for the head, ...): a longer table is data.
SIGNATURE_ROWS = 3


def layout_rows(text: str) -> str:
    """The text with each table row that lays out a stamp or a signature written as a line
    (cell breaks become spaces: same length, so every offset stays)."""
    lines = set_aside(text.split("\n"))
    for i, line in enumerate(lines):
        if "\t" in line and sum(1 for c in re.split(r"\t", line) if c.strip()) == 1 \
                and (_lays_out(line, "APPENDIX") or _lays_out(line, "FORM_WORD")):
            lines[i] = _flat(line)
    for start, end in _row_runs(lines):
        if end - start <= SIGNATURE_ROWS and \
                all(_lays_out(lines[i], "SIGNATURE") for i in range(start, end)):
            lines[start:end] = [_flat(line) for line in lines[start:end]]
    return "\n".join(lines)


def _aside(line: str) -> int:
    """The column of the one cell a row fills when it is its last and not its first (a line
    of a block set aside on the right), else 0; a form mark ("<TAB>Форма") is a line of its own."""
    if "\t" not in line or _lays_out(line, "FORM_WORD"):
        return 0
    cells = line.split("\t")
    filled = [k for k, c in enumerate(cells) if c.strip()]
    return filled[0] if filled == [len(cells) - 1] else 0


def set_aside(lines: list[str]) -> list[str]:
    """The lines with each run of two rows or more that lay out one block set aside on the
    right, a line a row (an addressee block or a stamp broken by hand: "<TAB><TAB><TAB>
    Приложение 1" over "<TAB><TAB><TAB>к Методике оценки …"), as one line: every row fills
    one cell, its last, the same one, not the first (a data table's rows fill its first
    column, or more than one, or leave a column on the right to be filled in), and the line
    above is no row as wide (that table's rows under a merged cell). A line break becomes a
    space, so every offset stays."""
    out: list[str] = []
    i = 0
    while i < len(lines):
        column = _aside(lines[i])
        if column and i and lines[i - 1].rstrip("\t").count("\t") == column:
            column = 0  # a row of the table above, its first cells merged with the rows' above
            # (a row above whose last cells are empty, a signature's padded to a pipe
            # table's width, is not as wide)
        j = i + 1
        while column and j < len(lines) and _aside(lines[j]) == column:
            j += 1
        out.append(" ".join(_flat(line) for line in lines[i:j]) if j - i > 1 else lines[i])
        i = j
    return out


def _row_runs(lines: list[str]) -> list[tuple[int, int]]:
    """The (start, end) of each run of table rows on adjacent lines (one table's rows)."""
    runs: list[tuple[int, int]] = []
    for i, line in enumerate(lines):
        if "\t" not in line:
            continue
        if runs and runs[-1][1] == i:
            runs[-1] = (runs[-1][0], i + 1)
        else:
            runs.append((i, i + 1))
    return runs


def _lines(tok: Token) -> list[Token]:
    """A token of several lines (the issuer's line over the kind's) -> one token a line."""
    out, pos = [], tok.start_pos
    for line in tok.value.rstrip("\n").split("\n"):
        out.append(Token(tok.type, line + "\n", start_pos=pos))
        pos += len(line) + 1
    return out


def several_lines(kind: str, tokens: list[Token]) -> Draft:
    """One node of several consecutive lines (a signature, an addressee block)."""
    lines = [leaf(kind, tok) for tok in tokens]
    span = (lines[0].start, lines[-1].end)
    return Draft(kind, *span, text=" ".join(line.text for line in lines), head=span)


def row(tok: Token) -> Draft:
    """A table row token -> row node with its cells (cells split on TAB)."""
    line = tok.value.rstrip("\n")
    node = Draft("row", tok.start_pos, tok.start_pos + len(line))
    pos = tok.start_pos
    for cell in line.split("\t"):
        lead = len(cell) - len(cell.lstrip())
        text = cell.strip()
        span = (pos + lead, pos + lead + len(text))
        node.children.append(Draft("cell", *span, text=text, head=span))
        pos += len(cell) + 1
    return node


def parse(text: str) -> tuple[list[Draft], list[Diagnostic]]:
    """Normalized text -> addressed draft roots and the diagnostics of the numbering pass.

    The grammar never refuses a decree: a text it cannot place is kept, as one root of
    paragraphs, with an error saying where the structure broke.
    """
    source = layout_rows(text if text.endswith("\n") else text + "\n")
    roots, diagnostics = read(source)
    if not diagnostics:
        diagnostics = fragment_warning(roots, len(source.rstrip("\n")))
    roots, found = numbering.run(roots, source)
    return roots, diagnostics + found


def read(source: str) -> tuple[list[Draft], list[Diagnostic]]:
    """The grammar's reading: as a decree, else as a methodology on its own, else as plain
    paragraphs (with a diagnostic saying where the decree's structure stopped)."""
    try:
        roots = grammar().parse(source, start="start")
        unit = _unit_in_fragment(roots)
        if unit is None:
            return roots, []
        pos, line = unit.start, source.count("\n", 0, unit.start) + 1
    except UnexpectedInput as exc:
        pos, line = getattr(exc, "pos_in_stream", None) or 0, exc.line
    try:
        roots = grammar().parse(source, start="loose")
        return roots, [Diagnostic(
            code="NO_DECREE_FRAME", severity="warning", span=Span(start=pos, end=pos),
            message=f"no title, enacting formula and clauses of a decree (stopped at line "
                    f"{line}): the text is read as a methodology on its own")]
    except UnexpectedInput:
        return [fallback(source)], [Diagnostic(
            code="STRUCTURE_UNPARSED", severity="error", span=Span(start=pos, end=pos),
            message=f"the structure grammar stopped at line {line}; "
                    "the text is kept as plain paragraphs")]


# Lines a decree's head never holds: read as its paragraphs only because the contextual lexer
# offered nothing else there, they mean the text is a methodology, not a cut-off head.
UNIT_MARKS = ("CLAUSE", "SUBPOINT", "CHAPTER", "SECTION", "ROW", "FORMULA", "APPENDIX",
              "DOC_TITLE")


@lru_cache(maxsize=1)
def _unit_mark() -> re.Pattern:
    patterns = [t.pattern.to_regexp() for t in grammar().terminals if t.name in UNIT_MARKS]
    return re.compile("|".join(f"(?:{p})" for p in patterns))


def _unit_in_fragment(roots: list[Draft]) -> Draft | None:
    """The first paragraph of a decree read without its enacting formula that is a clause,
    chapter, table row or stamp; None when there is none (or the decree has its formula)."""
    if len(roots) != 1 or roots[0].kind != "main" or \
            any(k.kind == "preamble" for k in roots[0].children):
        return None
    return next((k for k in roots[0].children if k.kind == "paragraph"
                 and _unit_mark().fullmatch(k.text + "\n")), None)


HEAD_PARTS = {"title": "title", "issuing": "issuing line", "status": "status",
              "note": "notes", "paragraph": "paragraphs"}


def fragment_warning(roots: list[Draft], end: int) -> list[Diagnostic]:
    """A decree read without its enacting formula (a piece cut before "ҚАУЛЫ ЕТЕДІ" or
    "ПОСТАНОВЛЯЕТ", a news text): one warning naming what it has and what it lacks."""
    main = next((r for r in roots if r.kind == "main"), None)
    if main is None or any(k.kind == "preamble" for k in main.children) or \
            any(r.kind == "appendix" for r in roots):
        return []
    kinds = {k.kind for k in main.children}
    has = ", ".join(name for kind, name in HEAD_PARTS.items() if kind in kinds)
    return [Diagnostic(
        code="DECREE_FRAGMENT", severity="warning", span=Span(start=end, end=end),
        message=f"a piece of a decree: read its {has}; missing: the enacting formula, "
                "the operative clauses and the methodology")]


def fallback(text: str) -> Draft:
    """Every line a paragraph of one root, for a text the grammar could not place."""
    root = Draft("main", 0, len(text.rstrip("\n")))
    pos = 0
    for line in text.split("\n"):
        if line.strip():
            lead = len(line) - len(line.lstrip())
            span = (pos + lead, pos + len(line.rstrip()))
            root.children.append(Draft("paragraph", *span, text=line.strip(), head=span))
        pos += len(line) + 1
    return root
