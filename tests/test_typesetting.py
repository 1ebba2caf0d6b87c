"""The typesetting matrix: every corpus decree typeset in thirty-four house styles (eight
PDFs, one a scan's with an OCR engine's text layer, one a booklet of two A5 pages a sheet, one
an order with footnotes, ten Word files (one a bilingual parallel text, read in the decree's edition; one numbered by Word's outline list), seven web pages
(one a legal database's saved page, whose notices, menus and controls are never read back), a wiki's Markdown, pandoc's Markdown, three texts of
typeset pages, two texts typed in Notepad, a text copied off a phone's browser, an OCR engine's text of a scan) reads back with the clause and table addresses of its text
(the texts of pages, the phone's copy and the scan, which keep no table grid: its clause addresses; a pipe table, which merges
no cells, and a grid table, whose every row spans the table: its table and row addresses)."""

from __future__ import annotations

from pathlib import Path

import pytest

from parser.compile import parse_file

from conftest import entries_for
from typeset import FONTS, GRIDLESS, STYLES, SUFFIX, UNMERGED, page_chrome

STRUCTURE = frozenset({"main", "appendix", "title", "issuing", "addressee", "chapter",
                       "section", "clause", "subpoint"})
TABLES = frozenset({"table", "row", "cell"})


def clauses(doc) -> list[tuple[str, str | None]]:
    """(address, number) of every structural node: roots, headings, clauses, sub-points."""
    return [(n.address, n.number) for n in doc.nodes() if n.kind in STRUCTURE]


def tables(doc, cells: bool = True) -> list[str]:
    """The address of every table, row and (with `cells`) cell."""
    return [n.address for n in doc.nodes() if n.kind in TABLES and (cells or n.kind != "cell")]


@pytest.fixture(scope="session")
def typeset(tmp_path_factory, parsed):
    """Each (decree, style) typeset once per session: -> path of the rendered file."""
    missing = [f for f in FONTS if not Path(f).exists()]
    if missing:
        pytest.skip(f"fonts for the PDF styles are not installed: {', '.join(missing)}")
    folder = tmp_path_factory.mktemp("typeset")
    cache: dict[tuple[str, str], Path] = {}

    def get(doc_id: str, source: Path, style: str) -> Path:
        if (doc_id, style) not in cache:
            path = folder / f"{doc_id}.{style}.{SUFFIX[style]}"
            cache[doc_id, style] = STYLES[style](parsed(doc_id, source), path)
        return cache[doc_id, style]

    return get


def typesettings() -> list:
    """(decree, source, style); one tests/ratchet.yaml lists as failing (`typeset_<style>`) is a
    strict xfail."""
    return [pytest.param(*param.values, style, marks=param.marks, id=f"{param.id}-{style}")
            for style in sorted(STYLES) for param in entries_for(f"typeset_{style}")]


@pytest.mark.parametrize("doc_id, source, style", typesettings())
def test_typeset_decree_reads_back_with_its_addresses(typeset, parsed, doc_id, source, style):
    text = parsed(doc_id, source)
    back = parse_file(typeset(doc_id, source, style), doc_id, edition=text.lang)
    assert clauses(back) == clauses(text)
    assert [words for words in page_chrome(style, text.lang)
            if words in back.text and words not in text.text] == []  # the page's, not the act's
    if style not in GRIDLESS:
        assert tables(back, style not in UNMERGED) == tables(text, style not in UNMERGED)
