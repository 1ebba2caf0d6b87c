"""`make bench`: compile time (parse, facts, ruleset) against document size.

A decree of the corpus is repeated into texts of 0.25, 1 and 4 MB (under the 5,000,000
character limit of parser/limits.py); each is compiled whole, and the time ratio per doubling
of size is printed: 2.0 is linear, 4.0 quadratic. Both languages are measured. Other sizes
can be given on the command line (`python benchmarks/bench_compile.py 0.1 0.4`).
"""

from __future__ import annotations

import math
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from parser.compile import parse_raw  # noqa: E402
from parser.model import RawText  # noqa: E402
from parser.pipeline import ruleset_of  # noqa: E402
from parser.facts import extract  # noqa: E402

SIZES_MB = (0.25, 1, 4)
SEEDS = {"kk": "almaty-oblast-akimat-2017-97", "ru": "zhanakorgan-akimat-2026-10"}


def text_of(seed: str, megabytes: float) -> str:
    """The seed's text repeated to about `megabytes` of UTF-8."""
    text = (ROOT / "corpus" / seed / "source.txt").read_text(encoding="utf-8")
    times = max(1, round(megabytes * 1e6 / len(text.encode("utf-8"))))
    return "\n\n".join([text] * times)


def compile_seconds(text: str) -> float:
    """CPU seconds of text -> document -> facts -> ruleset (one process, one thread)."""
    start = time.process_time()  # CPU time: the machine may be shared
    doc = parse_raw(RawText(path="bench.txt", format="text", text=text), "bench")
    ruleset_of(doc, extract(doc))
    return time.process_time() - start


def main(sizes: tuple[float, ...] = SIZES_MB) -> None:
    for lang, seed in SEEDS.items():
        compile_seconds(text_of(seed, 0.05))  # warm: grammars, word tables, models
        last = None
        for mb in sizes:
            seconds = compile_seconds(text_of(seed, mb))
            note = ""
            if last is not None:
                per_doubling = (seconds / last[1]) ** (1 / math.log2(mb / last[0]))
                note = f"  x{per_doubling:.2f} per doubling of size (2.0 = linear)"
            print(f"compile {lang} {mb:5.2f} MB  {seconds:7.2f} CPU s{note}")
            last = (mb, seconds)


if __name__ == "__main__":
    main(tuple(float(a) for a in sys.argv[1:]) or SIZES_MB)  # sizes in MB may be given
