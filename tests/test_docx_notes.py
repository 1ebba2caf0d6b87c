"""Word's footnotes, endnotes and bullet lists read from small .docx files built in the test
(tests/fixtures/docx_notes.yaml), in Kazakh and in Russian: every note's text is read under
the paragraph of its marker (a note no marker calls at the end, reported), a bullet item keeps
its mark as a text's list does, and the rules the notes state are read as facts."""

from __future__ import annotations

import pytest
import yaml

from parser.compile import parse_file
from parser.facts import extract
from parser.ingest import read
from parser.normalize import normalize

from conftest import FIXTURES
from render import docx_noted

CASES = yaml.safe_load((FIXTURES / "docx_notes.yaml").read_text("utf-8"))["cases"]


@pytest.fixture(params=CASES, ids=lambda c: c["name"])
def case(request, tmp_path):
    c = request.param
    path = docx_noted(c["paragraphs"], tmp_path / "decree.docx", c.get("footnotes"),
                      c.get("endnotes"))
    return c, path


def test_notes_and_bullets_are_read_in_place(case):
    c, path = case
    raw = read(path)
    assert normalize(raw).text.text.split("\n") == c["blocks"]
    assert [d.code for d in raw.diagnostics] == c["diagnostics"]


def test_every_character_of_the_notes_is_read(case):
    c, path = case
    text = read(path).text
    for notes in (c.get("footnotes") or {}, c.get("endnotes") or {}):
        for note in notes.values():
            assert note in text


def test_a_rule_stated_in_a_note_is_read(case):
    c, path = case
    facts = extract(parse_file(path)).facts
    found = {(f.kind, f.fields.get("event"), f.address) for f in facts}
    for want in c["facts"]:
        assert (want["kind"], want["event"], want["clause"]) in found


def test_notes_and_items_are_paragraphs_of_their_clause(case):
    c, path = case
    nodes = [n for n in parse_file(path).nodes() if "/" in n.address]
    want = [row.split(" | ") for row in c["outline"]]
    assert [n.address for n in nodes] == [address for address, _ in want]
    for node, (address, opening) in zip(nodes, want):
        assert (node.heading or node.text).startswith(opening), address


def _patched(path, name: str, edit) -> bytes:
    """The .docx at `path` with its part `name` edited."""
    import io
    import zipfile

    src = zipfile.ZipFile(path)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for info in src.infolist():
            data = src.read(info)
            archive.writestr(info, edit(data) if info.filename == name else data)
    return out.getvalue()


@pytest.mark.parametrize("name, edit", [
    ("word/footnotes.xml", lambda b: b[:len(b) // 2]),
    ("word/settings.xml", lambda b: b.replace(
        b"</w:settings>", b'<w:footnotePr><w:numStart w:val="x"/></w:footnotePr></w:settings>')),
], ids=["cut-notes-part", "non-numeric-start"])
def test_damaged_notes_are_an_input_error(case, name, edit):
    from parser.errors import InputError
    from parser.ingest.docx import read_docx

    _, path = case
    with pytest.raises(InputError, match="damaged DOCX"):
        read_docx(_patched(path, name, edit), "decree.docx")
