"""`make bench`: the quick commands' wall time, whole process, against `python -c pass`.

`ereje evaluate ID --case FILE` (a compiled corpus ruleset and one of its sample cases) and
`ereje facts FILE` (the smallest decree of the corpus) are each run as a new process, as a
user runs them; the median of REPEAT runs is printed beside the median of `python -c pass`
measured in the same run, and their ratio (the machine may be shared: the ratio is what
holds from one machine to another), and the median CPU seconds (user and system) of the
process, which a busy machine does not stretch. The goals of issue 11: evaluate under 0.3 s,
facts under 0.5 s. The load average at the start is printed too.

Each command runs once before it is timed, as a user's second run: Python's bytecode is
written (PYTHONDONTWRITEBYTECODE is unset for the runs, as an install compiles it) and the
cache folder holds the grammars' parsers, the word tables and their regexes (parser/regexes.py).
Then the CPU seconds of `ereje facts`'s stages are printed, measured inside one process:
imports, parsing the decree, reading its facts; and, where valgrind is installed, the
instructions one run of `ereje facts` and of `python -c pass` execute (cachegrind, no cache
simulation): a count that the machine's load does not change, and their ratio.
"""

from __future__ import annotations

import os
import re
import resource
import shutil
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


# `ereje facts FILE`'s stages, each timed in CPU seconds inside one process
STAGES = """
import sys, time
from pathlib import Path
start = time.process_time()
from parser import cli_read
imported = time.process_time()
path = Path(sys.argv[1])
doc = cli_read.parse_file(path, cli_read._entry_id(path), display=str(path))
parsed = time.process_time()
found = cli_read.extract(doc)
read = time.process_time()
print(f"imports {imported - start:.3f}, parse {parsed - imported:.3f}, "
      f"facts {read - parsed:.3f} (the interpreter's start and the printing not counted)")
"""


def environment() -> dict[str, str]:
    """The environment of the timed runs: bytecode written, as an installed package has it."""
    return {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def wall(command: list[str]) -> tuple[float, float]:
    """Median wall seconds and median CPU seconds of REPEAT runs of a command (its output
    discarded), after one run not timed."""
    subprocess.run(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                   check=False, env=environment())
    times, cpu = [], []
    for _ in range(REPEAT):
        before = _children_cpu()
        start = time.perf_counter()
        subprocess.run(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                       check=False, env=environment())
        times.append(time.perf_counter() - start)
        cpu.append(_children_cpu() - before)
    return statistics.median(times), statistics.median(cpu)


def _children_cpu() -> float:
    """CPU seconds (user and system) of this process's finished children so far."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def instructions(command: list[str]) -> int | None:
    """The instructions one run of a command executes, counted by valgrind's cachegrind
    (None when valgrind is not installed or the count is not printed)."""
    if shutil.which("valgrind") is None:
        return None
    proc = subprocess.run(["valgrind", "--tool=cachegrind", "--cache-sim=no",
                           "--cachegrind-out-file=/dev/null", *command], cwd=ROOT,
                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                          check=False, env=environment())
    found = re.search(r"I\s+refs:\s+([\d,]+)", proc.stderr)
    return int(found.group(1).replace(",", "")) if found else None


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
                  f"pass  (CPU {cpu:.3f} s, x{cpu / max(base_cpu, 1e-3):.1f} python -c pass's; "
                  f"goal {GOALS[name]} s)"
                  + (f"  [{decree.relative_to(ROOT)}]" if name == "facts" else ""))
        stages = subprocess.run([sys.executable, "-c", STAGES, str(decree)], cwd=ROOT,
                                capture_output=True, text=True, env=environment(), check=False)
        print(f"  ereje facts, CPU s by stage: {stages.stdout.strip() or stages.stderr[-200:]}")
        counted = instructions(commands["facts"]), instructions([sys.executable, "-c", "pass"])
        if None not in counted:
            print(f"  instructions (cachegrind, one run): ereje facts {counted[0] / 1e6:,.0f} M, "
                  f"python -c pass {counted[1] / 1e6:,.0f} M, x{counted[0] / counted[1]:.1f}")


if __name__ == "__main__":
    main()
