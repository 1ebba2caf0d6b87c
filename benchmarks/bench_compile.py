"""`make bench`: compile time and memory (parse, facts, ruleset) against document size.

A seed decree of each language (kk and ru) is grown into synthetic decrees of 1, 4 and 16 MB:
its front matter once, its methodology repeated as further appendices (`text_of`), so each is
one decree the structure grammar parses whole. Each size is compiled in a process of its own
(`--one LANG MB`, after a small decree to load the grammars, word tables and models), so its
peak resident memory is its own; processor time, as the machine may be shared. The stages
(parse, facts, ruleset) and the steps inside them (`STEPS`) are timed apart, and the ratio of
the largest size to the smallest is printed for the time, the memory and each step beside the
ratio of their sizes: equal is linear. The compile is called below ingest, so the 16 MB
decree passes the 5,000,000 character limit of parser/limits.py (a file that large is refused
by `ereje compile`). Each process may take at most `MEMORY_LIMIT` of address space (the
machine is shared): a size that needs more is reported, not run to the end. Other sizes can
be given on the command line (`python benchmarks/bench_compile.py 0.25 1`). The cyclic
garbage collector is off during each compile, as in the `ereje` command (parser/cli.py
`collecting_less`).
"""

from __future__ import annotations

import importlib
import json
import resource
import subprocess
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
STAGES = ("parse", "facts", "ruleset")
# steps timed inside the stages, each called once per decree (so the timer costs nothing):
# (name, module, function as the caller looks it up); leadins runs inside facts.text
STEPS = (("facts.text", "parser.facts.text", "facts"),
         ("facts.leadins", "parser.facts.leadins", "leads"),
         ("facts.tables", "parser.facts.tables", "facts"),
         ("facts.indicators", "parser.facts.indicators", "facts"),
         ("facts.rounding", "parser.facts.rounding", "facts"),
         ("facts.drops", "parser.facts.drops", "check"),
         ("facts.scales", "parser.facts.scales", "check"),
         ("ruleset.draft", "parser.rules.build", "draft"),
         ("ruleset.lower", "parser.rules.build", "lower"),
         ("ruleset.check", "parser.rules.build", "check"))
MEMORY_LIMIT = 6 * 2 ** 30  # bytes of address space a size's process may take


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


def timed_steps() -> dict[str, float]:
    """Wrap each of `STEPS` so that its CPU seconds add up in the dict returned."""
    spent = dict.fromkeys((name for name, _, _ in STEPS), 0.0)
    for name, module_name, function in STEPS:
        module = importlib.import_module(module_name)
        setattr(module, function, _timer(getattr(module, function), name, spent))
    return spent


def _timer(fn, name: str, spent: dict[str, float]):
    """`fn`, its CPU seconds added to spent[name]."""
    def timed(*args, **kwargs):
        start = time.process_time()
        try:
            return fn(*args, **kwargs)
        finally:
            spent[name] += time.process_time() - start
    return timed


def one(lang: str, megabytes: float) -> dict:
    """Size, stage and step times and peak memory of one compile, in this process."""
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))
    seed = SEEDS[lang]
    compile_seconds(text_of(seed, 0.05))  # warm: grammars, word tables, models
    text = text_of(seed, megabytes)
    before = _peak_mb()
    spent = timed_steps()
    times = compile_seconds(text)
    return {"size": len(text.encode("utf-8")) / 1e6, **times, **spent,
            "peak": _peak_mb(), "warm peak": before}


def _peak_mb() -> float:
    """Peak resident memory of this process so far, in MB (Linux counts KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measured(lang: str, megabytes: float) -> dict | None:
    """`one` run in a new process (its own peak memory); None when it failed (its error
    printed: above MEMORY_LIMIT, a MemoryError)."""
    run = subprocess.run([sys.executable, __file__, "--one", lang, str(megabytes)],
                         capture_output=True, text=True)
    if run.returncode != 0:
        tail = (run.stderr.strip().splitlines() or ["killed"])[-1]
        print(f"compile {lang} {megabytes:g} MB: failed ({tail}; at most "
              f"{MEMORY_LIMIT / 2 ** 30:.0f} GiB of address space)", flush=True)
        return None
    return json.loads(run.stdout.strip().splitlines()[-1])


def main(sizes: tuple[float, ...] = SIZES_MB) -> None:
    for lang in SEEDS:
        runs = []
        for mb in sizes:
            t = measured(lang, mb)
            if t is None:
                continue
            runs.append(t)
            print(f"compile {lang} {t['size']:6.2f} MB  {t['total']:7.2f} CPU s  peak "
                  f"{t['peak']:6.0f} MB ({t['warm peak']:.0f} before)  ("
                  + ", ".join(f"{k} {t[k]:.2f}" for k in STAGES) + ")", flush=True)
        if len(runs) > 1:
            print(ratios(lang, runs[0], runs[-1]), flush=True)


def ratios(lang: str, first: dict, last: dict) -> str:
    """The largest size's time, memory grown and each stage and step over the smallest's."""
    def ratio(key):
        return f"x{last[key] / first[key]:.1f}" if first[key] > 0 else "-"
    grown = {k: t["peak"] - t["warm peak"] for k, t in (("first", first), ("last", last))}
    memory = (f"x{grown['last'] / grown['first']:.1f}" if grown["first"] > 0 else "-")
    parts = ", ".join(f"{k} {ratio(k)}" for k in (*STAGES, *(n for n, _, _ in STEPS)))
    return (f"compile {lang} {last['size']:.3g} MB / {first['size']:.3g} MB: size "
            f"x{last['size'] / first['size']:.1f}, time {ratio('total')}, memory compiling "
            f"{memory} (equal to size: linear; {parts})")


if __name__ == "__main__":
    if sys.argv[1:2] == ["--one"]:  # one size, in this process: its figures as JSON
        print(json.dumps(one(sys.argv[2], float(sys.argv[3]))))
    else:
        main(tuple(float(a) for a in sys.argv[1:]) or SIZES_MB)  # sizes in MB may be given
