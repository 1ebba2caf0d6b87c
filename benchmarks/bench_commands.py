"""`make bench`: the quick commands' wall time, whole process, against `python -c pass`.

`ereje evaluate ID --case FILE` (a compiled corpus ruleset and one of its sample cases) and
`ereje facts FILE` (the smallest decree of the corpus) are each run as a new process, as a
user runs them; the median of REPEAT runs is printed beside the median of `python -c pass`
measured in the same run, and their ratio (the machine may be shared: the ratio is what
holds from one machine to another), and the median CPU seconds (user and system) of the
process, which a busy machine does not stretch. The goals of issue 11: evaluate under 0.3 s,
facts under 0.5 s. The load average at the start is printed too.
"""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
REPEAT = 5
GOALS = {"evaluate": 0.3, "facts": 0.5}
# A compiled seed ruleset and one of its sample cases (the first of its file).
RULESET = "zhanakorgan-akimat-2026-10"


def wall(command: list[str]) -> tuple[float, float]:
    """Median wall seconds and median CPU seconds of REPEAT runs of a command (its output
    discarded)."""
    times, cpu = [], []
    for _ in range(REPEAT):
        before = _children_cpu()
        start = time.perf_counter()
        subprocess.run(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                       check=False)
        times.append(time.perf_counter() - start)
        cpu.append(_children_cpu() - before)
    return statistics.median(times), statistics.median(cpu)


def _children_cpu() -> float:
    """CPU seconds (user and system) of this process's finished children so far."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def smallest_decree() -> Path:
    """The source file of the corpus's smallest decree (by bytes)."""
    sources = []
    for meta in (ROOT / "corpus").glob("*/meta.yaml"):
        data = yaml.safe_load(meta.read_text(encoding="utf-8")) or {}
        source = meta.parent / str(data.get("source", "source.txt"))
        if source.is_file():
            sources.append((source.stat().st_size, source))
    return min(sources)[1]


def first_case(folder: Path) -> Path:
    """The first evaluation case of the ruleset's sample cases, written as a case file."""
    data = yaml.safe_load((ROOT / "tests" / "cases" / f"{RULESET}.yaml").read_text("utf-8"))
    given = next(c["given"] for c in data["cases"] if "given" in c)
    path = folder / "case.yaml"
    path.write_text(yaml.safe_dump(given, allow_unicode=True), encoding="utf-8")
    return path


def main() -> None:
    ereje = [sys.executable, "-m", "parser.cli"]
    print(f"quick commands: median of {REPEAT} runs, wall time of the whole process; "
          f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs")
    baseline, base_cpu = wall([sys.executable, "-c", "pass"])
    print(f"  python -c pass           {baseline:6.3f} s  (CPU {base_cpu:.3f} s)")
    with tempfile.TemporaryDirectory() as tmp:
        decree = smallest_decree()
        commands = {
            "evaluate": ereje + ["evaluate", RULESET, "--case", str(first_case(Path(tmp)))],
            "facts": ereje + ["facts", str(decree)],
        }
        for name, command in commands.items():
            seconds, cpu = wall(command)
            print(f"  ereje {name:<18} {seconds:6.3f} s  x{seconds / baseline:5.1f} python -c "
                  f"pass  (CPU {cpu:.3f} s; goal {GOALS[name]} s)"
                  + (f"  [{decree.relative_to(ROOT)}]" if name == "facts" else ""))


if __name__ == "__main__":
    main()
