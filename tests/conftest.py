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


def entries_for(test: str, entries=None) -> list:
    """Corpus entries as test parameters; a new decree that tests/ratchet.yaml lists as
    failing `test` (its `tests:` map: test name -> reason) is a strict xfail, so the test says
    when it starts to pass and the list is kept true."""
    ratchet = yaml.safe_load((ROOT / "tests" / "ratchet.yaml").read_text(encoding="utf-8"))
    decrees = ratchet.get("decrees") or {}
    params = []
    for doc_id, path in corpus_entries() if entries is None else entries:
        reason = ((decrees.get(doc_id) or {}).get("tests") or {}).get(test)
        marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
        params.append(pytest.param(doc_id, path, marks=marks, id=doc_id))
    return params


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
def site(worker_id: str) -> Path:
    """The report of the corpus (`ereje report corpus`), built once into tests/output/report
    (report-gw0, report-gw1, ... when pytest-xdist runs the suite on several workers, so that no
    two workers write one folder)."""
    from parser.cli import main

    out = ROOT / "tests" / "output" / ("report" if worker_id == "master" else f"report-{worker_id}")
    assert main(["report", str(CORPUS), "--out", str(out)]) == 0
    return out
