"""Layouts into blocks (tests/fixtures/blocks.yaml): each small invented text, kk and ru,
normalizes to the blocks written by reading it."""

from __future__ import annotations

import pytest
import yaml

from parser.model import RawText
from parser.normalize import normalize

from conftest import FIXTURES

CASES = yaml.safe_load((FIXTURES / "blocks.yaml").read_text("utf-8"))["cases"]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c["name"])
def test_layout_normalizes_to_its_blocks(case):
    raw = RawText(path="layout.txt", format=case["format"], text=case["text"])
    result = normalize(raw)
    assert result.text.text.split("\n") == case["blocks"]
    if "removed" in case:
        assert [r.reason for r in result.removed] == case["removed"]
    if "notes" in case:
        assert [code for _, code, _ in result.notes] == case["notes"]
