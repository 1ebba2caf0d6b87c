"""Shared fixtures: the corpus entries and the small hand-made decrees."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def corpus_entries() -> list[tuple[str, Path]]:
    """(id, source file) of every corpus decree."""
    entries = []
    for meta in sorted(CORPUS.glob("*/meta.yaml")):
        data = yaml.safe_load(meta.read_text(encoding="utf-8"))
        entries.append((data["id"], meta.parent / data["source"]))
    return entries


@pytest.fixture(scope="session")
def parsed():
    """Parse each corpus decree once per session."""
    from parser.compile import parse_file

    cache: dict[str, object] = {}

    def get(doc_id: str, path: Path):
        if doc_id not in cache:
            cache[doc_id] = parse_file(path, doc_id)
        return cache[doc_id]

    return get


@pytest.fixture(scope="session")
def site() -> Path:
    """The report of the corpus (`ereje report corpus`), built once into tests/output/report."""
    from parser.cli import main

    out = ROOT / "tests" / "output" / "report"
    assert main(["report", str(CORPUS), "--out", str(out)]) == 0
    return out
