"""Normalized text -> tree of addressed nodes (grammar/structure.lark + the numbering pass)."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from lark import Lark, Token, Transformer, UnexpectedInput

from . import numbering
from .draft import Draft
from .model import Diagnostic, Span
from .words import alt

GRAMMAR = Path(__file__).resolve().parent.parent / "grammar" / "structure.lark"



_LABELS = {
    "CLAUSE": re.compile(r"(\d+(?:-\d+)*)\.\s*"),
    "SUBPOINT": re.compile(r"(\d+(?:-\d+)*)\)\s*"),
    **{kind.upper(): re.compile(rf"(?:(\d+)\s?-\s?(?:{alt(kind, 'suffix')})"
                                rf"|(?:{alt(kind, 'prefix')})\s+(\d+))\.?\s*")
       for kind in ("chapter", "section")},
}


def leaf(kind: str, tok: Token) -> Draft:
    """A one-line node from a token; numbered kinds lose their label into `number`."""
    line = tok.value.rstrip("\n")
    end = tok.start_pos + len(line.rstrip())
    draft = Draft(kind, tok.start_pos, end, text=line.strip(), head=(tok.start_pos, end))
    label = _LABELS.get(tok.type)
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

    def front(self, items):
        title, *rest, enact = items
        return container("front", None, [leaf("title", title), *rest, leaf("preamble", enact)])

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
        return container("clause", leaf("clause", items[0]), items[1:])

    op_clause = clause

    def subpoint(self, items):
        return container("subpoint", leaf("subpoint", items[0]), items[1:])

    op_subpoint = subpoint

    def chapter(self, items):
        return container("chapter", leaf("chapter", items[0]), items[1:])

    def section(self, items):
        return container("section", leaf("section", items[0]), items[1:])

    def table(self, items):
        return container("table", None, [row(tok) for tok in items])

    op_table = table

    def signature(self, items):
        return several_lines("signature", items)

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
    return Lark(GRAMMAR.read_text(encoding="utf-8"), parser="lalr", lexer="contextual",
                start=["start", "loose"], maybe_placeholders=False, transformer=Build())


# A text is a decree when some line is one of these (the grammar's own terminals).
DECREE_MARKS = ("ENACT", "CHAPTER", "CLAUSE", "APPENDIX")


@lru_cache(maxsize=1)
def _decree_mark() -> re.Pattern:
    patterns = [t.pattern.to_regexp() for t in grammar().terminals if t.name in DECREE_MARKS]
    return re.compile("(?m)^(?:" + "|".join(f"(?:{p})" for p in patterns) + ")")


def looks_like_decree(text: str) -> bool:
    """Does any line hold an enacting formula, a chapter, a numbered clause or an appendix mark?"""
    return _decree_mark().search(text if text.endswith("\n") else text + "\n") is not None


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
    source = text if text.endswith("\n") else text + "\n"
    diagnostics: list[Diagnostic] = []
    try:
        roots = grammar().parse(source, start="start")
    except UnexpectedInput as exc:
        pos = getattr(exc, "pos_in_stream", None) or 0
        try:
            roots = grammar().parse(source, start="loose")
            diagnostics.append(Diagnostic(
                code="NO_DECREE_FRAME", severity="warning", span=Span(start=pos, end=pos),
                message=f"no title, enacting formula and clauses of a decree (stopped at line "
                        f"{exc.line}): the text is read as a methodology on its own"))
        except UnexpectedInput:
            diagnostics.append(Diagnostic(
                code="STRUCTURE_UNPARSED", severity="error", span=Span(start=pos, end=pos),
                message=f"the structure grammar stopped at line {exc.line}; "
                        "the text is kept as plain paragraphs"))
            roots = [fallback(source)]
    roots, found = numbering.run(roots, source)
    return roots, diagnostics + found


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
