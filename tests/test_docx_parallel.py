"""A bilingual act published as a parallel text (tests/fixtures/docx_parallel.yaml): one .docx,
the act a two-column table with the Kazakh edition at left and the Russian at right. Each
edition reads its own column (the one asked for, a corpus entry's `lang:`, else the left one),
the other column is reported, and both editions give the same facts; a bilingual letterhead
over a one-language act stays a table."""

from __future__ import annotations

import pytest
import yaml

from parser.compile import parse_file
from parser.facts import extract
from parser.ingest import read
from parser.normalize import normalize

from conftest import FIXTURES
from render import docx_parallel

CASE = yaml.safe_load((FIXTURES / "docx_parallel.yaml").read_text("utf-8"))["cases"][0]
EDITIONS = sorted(CASE["editions"])


@pytest.fixture(scope="module")
def source(tmp_path_factory):
    return docx_parallel(CASE["rows"], tmp_path_factory.mktemp("parallel") / "act.docx")


def _asked(edition: str) -> str | None:
    return None if edition == "none" else edition


@pytest.mark.parametrize("edition", EDITIONS)
def test_each_edition_reads_its_column(source, edition):
    want = CASE["editions"][edition]
    raw = read(source, edition=_asked(edition))
    assert normalize(raw).text.text.split("\n") == want["blocks"]
    assert [d.code for d in raw.diagnostics] == ["PARALLEL_TEXT"]
    assert parse_file(source, edition=_asked(edition)).lang == want["lang"]


@pytest.mark.parametrize("edition", ["kk", "ru"])
def test_the_other_column_is_reported_not_lost(source, edition):
    raw = read(source, edition=edition)
    other = "ru" if edition == "kk" else "kk"
    removed = [raw.text[r.start:r.end] for r in raw.removed]
    assert all("parallel text" in r.reason for r in raw.removed)
    for line in CASE["editions"][other]["blocks"]:
        assert any(line in text for text in removed), line


def test_both_editions_give_the_same_facts(source):
    found, noted = {}, {}
    for edition in ("kk", "ru"):
        read_ = extract(parse_file(source, edition=edition))
        found[edition] = sorted((f.kind, f.address, str(f.fields.get("grade") or f.fields.get(
            "event") or f.fields.get("subject"))) for f in read_.facts)
        noted[edition] = sorted((d.code, d.address) for d in read_.diagnostics)
        for want in CASE["facts"]:
            key = (want["kind"], want["clause"],
                   want.get("grade") or want.get("event") or want.get("subject"))
            assert key in found[edition], (edition, want)
    assert found["kk"] == found["ru"]
    assert noted["kk"] == noted["ru"]


def test_a_corpus_entry_reads_its_own_edition(source, tmp_path):
    entry = tmp_path / "act-ru"
    entry.mkdir()
    (entry / "source.docx").write_bytes(source.read_bytes())
    (entry / "meta.yaml").write_text("id: act-ru\nlang: ru\nsource: source.docx\n", "utf-8")
    assert parse_file(entry / "source.docx", "act-ru").lang == "ru"
    assert parse_file(entry / "source.docx", "another-id").lang == "kk"  # not the entry's


def test_a_bilingual_letterhead_is_no_parallel_text(tmp_path):
    ru = CASE["editions"]["ru"]["blocks"]
    path = docx_parallel([], tmp_path / "act.docx", head=CASE["letterhead"],
                         after=[b for b in ru if "\t" not in b])
    raw = read(path, edition="kk")
    assert "PARALLEL_TEXT" not in [d.code for d in raw.diagnostics]
    assert not raw.removed
    for left, right in CASE["letterhead"]:  # a table row, as any letterhead (normalize reads it)
        assert f"{left}\t{right}" in raw.text
