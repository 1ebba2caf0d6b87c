"""`make bench`: fact extraction against the gold files, its pattern coverage and throughput.

Prints the scores of `ereje score` (per kind for each decree, for the seeds, the development
half and the held-out half, and in total), the meaning lexicon's pattern coverage (per entry,
the decrees it fires on; parser/facts/coverage.py), then the extraction's speed in characters
of normalized text per second next to the structure parse of the same decrees measured in the
same run (extraction time / parse time).
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from parser.cli import main  # noqa: E402
from parser.pipeline import discover  # noqa: E402
from parser.compile import parse_file  # noqa: E402
from parser.facts import extract  # noqa: E402
import timing  # noqa: E402

REPEAT = 3


def best_of(fn, repeat: int = REPEAT) -> float:
    """Fastest of `repeat` runs, in seconds."""
    return timing.best_of(fn, repeat)


def throughput() -> None:
    items = discover([ROOT / "corpus"])
    docs = [parse_file(source, doc_id) for doc_id, source, _ in items]
    chars = sum(len(d.text) for d in docs)
    for d in docs:  # load models and grammars once, outside the timing
        extract(d)
    parse = best_of(lambda: [parse_file(source, doc_id) for doc_id, source, _ in items])
    facts = best_of(lambda: [extract(d) for d in docs])
    print(f"facts        {chars / facts / 1e3:8.1f} k chars/s  ({chars / 1e3:.0f} k chars in "
          f"{facts * 1e3:.0f} ms; {sum(len(extract(d).facts) for d in docs)} facts)")
    print(f"  reference: structure parse {chars / parse / 1e3:8.1f} k chars/s; extraction takes "
          f"{facts / parse:.1f}x its time")


def pattern_coverage() -> None:
    """Per lexicon entry, the decrees it fires on (each read by the whole extraction); entries
    firing on none; multi-word entries firing on one decree only (warnings)."""
    from parser.facts import coverage, extract

    if coverage.lexicon() is None:
        print("pattern coverage: the meaning tables have no entry ids yet (parser/facts/lexicon.py)")
        return
    docs = [(doc_id, parse_file(source, doc_id)) for doc_id, source, _ in
            discover([ROOT / "corpus"])]
    sys.path.insert(0, str(ROOT / "tests"))
    # the test sentences of the phrasing tests, and the formulas the whole extraction reads
    from test_facts import FORMULAS, PHRASINGS, document, read

    runs = [lambda c=c: read(c["lang"], c["text"]) for c in PHRASINGS] + \
        [lambda c=c: extract(document(c["lang"], c["text"])) for c in FORMULAS]
    cov = coverage.measure(docs, extract, runs)
    print("pattern coverage (entry id, number of decrees, the decrees)")
    for line in coverage.lines(cov):
        print("  " + line)


if __name__ == "__main__":
    main(["score"])
    pattern_coverage()
    throughput()
