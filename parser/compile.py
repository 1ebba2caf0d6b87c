"""File -> compiled decree. The only orchestrator: ingest, normalize, structure, report."""

from __future__ import annotations

from pathlib import Path

from . import acts, lang
from .draft import Draft
from .errors import InputError
from .ingest import read
from .model import Document, Node, RawText, Span, locate
from .normalize import normalize, notes_to_diagnostics
from .sources import edition_of
from .structure import looks_like_decree, parse


def parse_file(path: str | Path, doc_id: str | None = None, display: str | None = None,
               edition: str | None = None) -> Document:
    """A decree file -> Document; raises InputError for input that is not a decree. Of a
    bilingual source, the `edition` ('kk', 'ru') is read, by default its corpus entry's."""
    path = Path(path)
    raw = read(path, display, edition or edition_of(path, doc_id))
    return parse_raw(raw, doc_id or path.stem)


def parse_raw(raw: RawText, doc_id: str) -> Document:
    """RawText -> Document: normalized text, node tree and every diagnostic, located."""
    normalized = normalize(raw)
    text = normalized.text.text
    if not text.strip():
        raise InputError(raw.path, "no text after normalization (only markup or white space)")
    if not looks_like_decree(text):
        raise InputError(raw.path, "not a decree: no title, issuing line, status, note, "
                         "enacting formula, chapter, appendix or sentence stating a rule")
    drafts, found = parse(text)
    offsets = normalized.text.offsets
    doc_lang = lang.detect(text)
    roots = tuple(_freeze(d, doc_lang, text) for d in drafts)

    def where(offset: int):
        return locate(raw.text, raw.pages, offset)

    diagnostics = [*raw.diagnostics, *notes_to_diagnostics(normalized.notes, where)]
    for d in found:
        loc = where(offsets[d.span.start]) if d.span and d.span.start < len(offsets) else None
        diagnostics.append(d.model_copy(update={"location": loc}))
    return Document(id=doc_id, path=raw.path, format=raw.format, lang=doc_lang, text=text,
                    offsets=offsets, raw_text=raw.text, pages=raw.pages, roots=roots,
                    removed=normalized.removed, diagnostics=tuple(diagnostics))


def _freeze(d: Draft, parent_lang: str | None, text: str) -> Node:
    """Draft -> frozen Node."""
    if d.kind == "cell":  # a row is the block; its cells share its language
        own = ""
    elif d.kind == "row":
        own = " ".join(c.text for c in d.children)
    else:
        own = d.text or (text[d.head[0]:d.head[1]] if d.head else "")
    node_lang = (lang.detect(own) or parent_lang) if own else parent_lang
    children = tuple(_freeze(c, node_lang, text) for c in d.children)
    return Node(kind=d.kind, address=d.address, number=d.number, heading=d.heading,
                text=d.text, span=Span(start=d.start, end=d.end),
                head=Span(start=d.head[0], end=d.head[1]) if d.head else None,
                lang=node_lang, attrs=acts.node_attrs(d.kind, d.text), children=children)


def coverage(doc: Document) -> tuple[int, int, list[int]]:
    """(covered, total non-white-space characters, offsets covered twice or never)."""
    owner = [0] * len(doc.text)
    for node in doc.nodes():
        if node.head is not None:
            for i in range(node.head.start, node.head.end):
                owner[i] += 1
    total = covered = 0
    bad = []
    for i, ch in enumerate(doc.text):
        if ch.isspace():
            continue
        total += 1
        if owner[i] == 1:
            covered += 1
        else:
            bad.append(i)
    return covered, total, bad
