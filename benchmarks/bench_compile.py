"""`make bench`: compile time (parse, facts, ruleset) against document size.

A seed decree of each language (kk and ru) is grown into synthetic decrees of 1, 4 and 16 MB:
its front matter once, its methodology repeated as further appendices (`text_of`), so each is
one decree the structure grammar parses whole. Each is compiled in one process (CPU time:
the machine may be shared), the stages timed apart, and the ratio of the largest to the
smallest is printed beside the ratio of their sizes: 16 for 16 MB / 1 MB is linear. The
compile is called below ingest, so the 16 MB decree passes the 5,000,000 character limit of
parser/limits.py (a file that large is refused by `ereje compile`). Other sizes can be given
on the command line (`python benchmarks/bench_compile.py 0.25 1`). The cyclic garbage
collector is off during each compile, as in the `ereje` command (parser/cli.py
`collecting_less`).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from parser.cli import collecting_less  # noqa: E402
from parser.compile import parse_raw  # noqa: E402
from parser.model import RawText  # noqa: E402
from parser.pipeline import ruleset_of  # noqa: E402
from parser.facts import extract  # noqa: E402

SIZES_MB = (1, 4, 16)
SEEDS = {"kk": "almaty-oblast-akimat-2017-97", "ru": "zhanakorgan-akimat-2026-10"}


def parts(seed: str) -> tuple[str, str]:
    """(front matter, methodology) of a seed decree: the text before its first appendix (title,
    preamble, its own clauses) and from it on (the appendix approving the methodology, with
    the forms)."""
    source = ROOT / "corpus" / seed / "source.txt"
    text = source.read_text(encoding="utf-8")
    doc = parse_raw(RawText(path=str(source), format="text", text=text), seed)
    first = next(root for root in doc.roots if root.kind == "appendix")
    cut = doc.offsets[first.span.start]
    return text[:cut], text[cut:]


def repeated(seed: str, times: int) -> str:
    """The seed's front matter once, then its methodology `times` times as further
    appendices, so the text still parses as one decree."""
    head, body = parts(seed)
    return head + "\n\n".join([body] * times)


def text_of(seed: str, megabytes: float) -> str:
    """A decree of about `megabytes` of UTF-8, its methodology repeated (`repeated`)."""
    head, body = parts(seed)
    times = max(1, round((megabytes * 1e6 - len(head.encode("utf-8")))
                         / len(body.encode("utf-8"))))
    return repeated(seed, times)


def compile_seconds(text: str) -> dict[str, float]:
    """CPU seconds of each stage of text -> document -> facts -> ruleset."""
    times = {}
    with collecting_less():  # as `ereje compile` runs
        start = time.process_time()
        doc = parse_raw(RawText(path="bench.txt", format="text", text=text), "bench")
        times["parse"] = time.process_time() - start
        found = extract(doc)
        times["facts"] = time.process_time() - start - times["parse"]
        ruleset_of(doc, found)
        times["total"] = time.process_time() - start
    times["ruleset"] = times["total"] - times["parse"] - times["facts"]
    return times


def main(sizes: tuple[float, ...] = SIZES_MB) -> None:
    for lang, seed in SEEDS.items():
        compile_seconds(text_of(seed, 0.05))  # warm: grammars, word tables, models
        first = None
        for mb in sizes:
            text = text_of(seed, mb)
            size = len(text.encode("utf-8")) / 1e6
            t = compile_seconds(text)
            print(f"compile {lang} {size:6.2f} MB  {t['total']:7.2f} CPU s  (parse "
                  f"{t['parse']:.2f}, facts {t['facts']:.2f}, ruleset {t['ruleset']:.2f})",
                  flush=True)
            first = first or (size, t)
        if len(sizes) > 1:
            grown = size / first[0]
            stages = ", ".join(f"{k} x{t[k] / first[1][k]:.1f}" for k in ("parse", "facts",
                                                                           "ruleset")
                               if first[1][k] > 0)
            print(f"compile {lang} {size:.0f} MB / {first[0]:.0f} MB: time x"
                  f"{t['total'] / first[1]['total']:.1f} for size x{grown:.1f} "
                  f"(equal: linear; {stages})", flush=True)


if __name__ == "__main__":
    main(tuple(float(a) for a in sys.argv[1:]) or SIZES_MB)  # sizes in MB may be given
