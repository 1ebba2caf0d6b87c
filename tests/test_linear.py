"""Compile work that grows with the document no faster than it (issue 11, item 7), counted by
operations rather than timed: a seed decree's methodology repeated 2 and 4 times (as `make
bench` grows it to 1, 4 and 16 MB, benchmarks/bench_compile.py) is compiled whole, and what
is counted must not more than double when the copies double. kk and ru."""

from __future__ import annotations

import importlib.util

import pytest

from parser import regexes
from parser.compile import parse_raw
from parser.facts import extract
from parser.model import RawText
from parser.pipeline import ruleset_of
from parser.rules.plan import Source

from conftest import ROOT

SEEDS = ["almaty-oblast-akimat-2017-97", "zhanakorgan-akimat-2026-10"]  # kk, ru


def _bench():
    """benchmarks/bench_compile.py, which grows the decrees."""
    spec = importlib.util.spec_from_file_location("bench_compile",
                                                  ROOT / "benchmarks" / "bench_compile.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _compiled(text: str):
    """The ruleset of a decree's text (parse, facts, ruleset: the compile below ingest)."""
    doc = parse_raw(RawText(path="grown.txt", format="text", text=text), "grown")
    return ruleset_of(doc, extract(doc))


def _counted(text: str) -> dict[str, int]:
    """How many patterns are compiled and clauses compared (Source equality) while `text`
    is compiled."""
    calls = {"compile": 0, "__eq__": 0}

    def counting(owner, name: str):
        original = getattr(owner, name)

        def counted(*args, **kwargs):
            calls[name] += 1
            return original(*args, **kwargs)
        return counted

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(regexes, "compile", counting(regexes, "compile"))
        patch.setattr(Source, "__eq__", counting(Source, "__eq__"))
        _compiled(text)
    return calls


@pytest.fixture(scope="module")
def counts():
    """seed -> copies (2, 4) -> the operations counted while compiling the decree with its
    methodology repeated that many times (after one copy, to load the tables)."""
    bench = _bench()
    out = {}
    for seed in SEEDS:
        _compiled(bench.repeated(seed, 1))
        out[seed] = {n: _counted(bench.repeated(seed, n)) for n in (2, 4)}
    return out


@pytest.mark.parametrize("seed", SEEDS, ids=["kk", "ru"])
def test_no_pattern_is_compiled_per_sentence(seed, counts):
    assert counts[seed][4]["compile"] == counts[seed][2]["compile"]


@pytest.mark.parametrize("seed", SEEDS, ids=["kk", "ru"])
def test_a_rule_restated_in_every_copy_joins_its_clauses_in_linear_work(seed, counts):
    """A list searched for each clause a restatement adds would grow with the square of the
    copies (before: kk 70 -> 292, ru 28 -> 120 comparisons)."""
    assert counts[seed][4]["__eq__"] <= 2 * counts[seed][2]["__eq__"]
