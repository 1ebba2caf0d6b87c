"""Decree frames as they occur (tests/fixtures/frames.yaml): issuing lines, stamps, status
lines, notes and fragments become the right nodes at the right addresses, kk and ru."""

from __future__ import annotations

import pytest
import yaml

from parser.compile import coverage, parse_raw
from parser.errors import InputError
from parser.ingest.html import read_html
from parser.model import RawText

from conftest import FIXTURES
from test_structure import OUTLINED, fold

CASES = yaml.safe_load((FIXTURES / "frames.yaml").read_text("utf-8"))["cases"]


def document(case: dict):
    """Parse one case's text in its format (an HTML page through the HTML reader)."""
    fmt = case.get("format", "markdown")
    if fmt == "html":
        return parse_raw(read_html(case["text"].encode("utf-8"), "frame.html"), "frame")
    raw = RawText(path=f"frame.{'md' if fmt == 'markdown' else 'txt'}", format=fmt,
                  text=case["text"])
    return parse_raw(raw, "frame")


def outline(doc) -> list[tuple[str, str]]:
    return [(n.address, f"rows={len(n.children)}" if n.kind == "table" else fold(n.text))
            for n in doc.nodes() if n.kind in OUTLINED and n.address not in ("main",)
            and n.kind != "appendix"]


@pytest.mark.parametrize("case", [c for c in CASES if "refused" not in c], ids=lambda c: c["name"])
def test_frame_is_read_into_its_nodes(case):
    doc = document(case)
    want = [tuple(part.strip() for part in row.split("|", 1))
            for row in case["outline"].splitlines() if row.strip()]
    got = outline(doc)
    assert [a for a, _ in got] == [a for a, _ in want], got
    for (address, text), (_, prefix) in zip(got, want):
        assert text.startswith(fold(prefix)), f"{address}: {text[:80]!r}"
    codes = sorted({d.code for d in doc.diagnostics if d.severity in ("warning", "error")})
    assert codes == sorted(case["warnings"])
    covered, total, bad = coverage(doc)
    assert bad == [] and covered == total


@pytest.mark.parametrize("case", [c for c in CASES if "refused" in c], ids=lambda c: c["name"])
def test_text_without_a_decree_is_refused(case):
    with pytest.raises(InputError, match=case["refused"]):
        document(case)
