"""`make bench`: batch evaluation of 1,000,000 people under every corpus ruleset, from a people
table on disk to a results table on disk, beside the same rule written for OpenFisca 46
(benchmarks/openfisca_system: seeds 003 and 004) in the same run.

Tables (written once, before anything is timed, as parquet):
- for every ruleset, people drawn from its own sample cases (benchmarks/people.py), and the
  same table with 1% of each column's cells emptied at random (the "empty" column: within
  1.5x of the full table's time means no cliff for empty cells);
- for seeds 003 and 004, the OpenFisca module's own people (`people(n)`), which both sides read.

Each run is its own subprocess, so each peak memory (VmHWM) is its own; `base` is the
process after its imports (and the ruleset or the OpenFisca system), before the table.
Timed region, best of REPEAT wall-clock runs, the same region on both sides (the people
table's parquet read is inside it on both):
- ereje: batchfile.evaluate_file, what `ereje evaluate ID --batch people.parquet --out
  results.parquet` runs after its start-up: one streaming query from the people parquet to
  the results parquet (the input encoding, the rules, the result columns, each error row's
  kind and message), or, when the table needs it, read (batchfile.read_table), evaluate
  (batchfile.evaluate_table) and write (batchfile.write_results);
- openfisca: read the parquet (polars), make OpenFisca's input arrays (floats, ints, encoded
  enums), build the simulation (person ids range(n)), set the inputs, calculate the grade,
  and write the grade codes (integers) as parquet.
Phases (each the least processor time it took over the runs): ereje, streamed: encode (the
file's statistics read and the plan's inputs written as expressions), plan (the rules
lowered), stream (scan -> encode -> evaluate -> sink: reading, computing and writing);
eager: read, encode, evaluate, assemble, write; openfisca read, inputs, simulate, write.
The I/O floor is our read + write (measured apart, after the timed runs and the peak
memory, when the run streams): no evaluator, however fast, takes our ratio past
OpenFisca's time over it ("bound"). Without OpenFisca installed only our side runs.
The parent checks that both sides give every person the same grade. Ratios are OpenFisca's
time over ours on the same table; for the rulesets OpenFisca does not model, ours against
OpenFisca's seed 003 figure of the same run.
`--only ID …` measures those rulesets (and OpenFisca's two) alone, for a quick look.
"""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import polars as pl

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

PEOPLE = 1_000_000
REPEAT = 3
EMPTY_SHARE = 0.01
OPENFISCA = ("seed003", "seed004")


def openfisca_installed() -> bool:
    """Whether OpenFisca (the `bench` extra) can be imported: without it only our side runs."""
    return importlib.util.find_spec("openfisca_core") is not None


def maxrss_mb() -> float:
    """This process's peak resident memory since it started (VmHWM: ru_maxrss would count
    the parent's pages the child had before its exec)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def cpu_seconds() -> float:
    """The processor time of this process so far (all its threads)."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


class Clock:
    """Processor seconds by phase: each call closes the phase running since the last one."""

    def __init__(self) -> None:
        self.phases: dict[str, float] = {}
        self.last = cpu_seconds()

    def __call__(self, phase: str) -> None:
        now = cpu_seconds()
        self.phases[phase] = self.phases.get(phase, 0.0) + now - self.last
        self.last = now


def timed(fn, repeat: int) -> tuple[float, dict]:
    """The fastest wall time of `repeat` runs of fn (given a Clock to mark its phases), the
    least processor time of each phase over the runs and of the whole ("cpu": on a busy
    machine the wall clock waits)."""
    best, phases = float("inf"), {}
    for _ in range(repeat):
        start, clock = time.perf_counter(), Clock()
        first = clock.last
        fn(clock)
        best = min(best, time.perf_counter() - start)
        for phase, seconds in {**clock.phases, "cpu": clock.last - first}.items():
            phases[phase] = min(phases.get(phase, float("inf")), seconds)
    return best, phases


def run_ereje(ruleset_id: str, table: Path, out: Path, repeat: int) -> dict:
    """`ereje evaluate --batch`'s work on one table, timed."""
    from parser.rules import vector
    from parser.rules.batchfile import evaluate_file, read_table, write_results
    from parser.rules.cases import load_ruleset

    ruleset = load_ruleset(ruleset_id)
    base = maxrss_mb()

    def once(clock: Clock) -> None:
        evaluate_file(ruleset, table, out, clock=clock)

    seconds, phases = timed(once, repeat)
    peak = maxrss_mb()
    floor = phases.get("read", 0.0) + phases.get("write", 0.0)
    if "stream" in phases:  # read and write are inside the one query: the floor apart
        result = pl.read_parquet(out)
        start = cpu_seconds()
        read_table(table)
        write_results(result, out)
        floor = cpu_seconds() - start
    score = vector.schema(ruleset.plan)["score"]  # the results contract's: 18 or 38 digits
    return {"seconds": seconds, "phases": phases, "base_mb": base, "peak_mb": peak,
            "floor": floor, "score": f"Decimal({score.precision}, {score.scale})"}


def run_openfisca(module_name: str, table: Path, out: Path, repeat: int) -> dict:
    """The OpenFisca module's rule on one table, timed the same way."""
    from openfisca_system import simulate

    module = importlib.import_module(f"openfisca_system.{module_name}")
    system = module.EvaluationSystem()
    base = maxrss_mb()

    def once(clock: Clock) -> None:
        frame = pl.read_parquet(table)
        clock("read")
        inputs = module.inputs(frame)
        del frame
        clock("inputs")
        grade = simulate(system, inputs)
        clock("simulate")
        pl.DataFrame({"grade": np.asarray(grade, np.int8)}).write_parquet(out)
        clock("write")

    seconds, phases = timed(once, repeat)
    return {"seconds": seconds, "phases": phases, "base_mb": base, "peak_mb": maxrss_mb()}


def child(args: list[str]) -> dict:
    """One measured run in a fresh interpreter: its figures."""
    done = subprocess.run([sys.executable, __file__, *args], capture_output=True, text=True)
    if done.returncode:
        raise SystemExit(f"bench_rules: {' '.join(args)} failed:\n{done.stderr[-2000:]}")
    return json.loads(done.stdout.splitlines()[-1])


def rulesets() -> list[str]:
    """The corpus rulesets compiled into generated/ that grade or look something up."""
    found = []
    for path in sorted((ROOT / "generated").glob("*.json")):
        plan = (json.loads(path.read_bytes()).get("ruleset") or {}).get("plan") or {}
        if any(step.get("node") in ("grade", "lookup") for step in plan.get("decision", [])):
            found.append(path.stem)
    return found


def our_grades(path: Path, grades: list[str]) -> np.ndarray:
    """Our results as codes into an OpenFisca module's GRADES (-1: another error)."""
    result = pl.read_parquet(path, columns=["evaluated", "grade", "error"])
    outcome = (pl.when(pl.col("error") == "no_band").then(pl.lit("no_band"))
               .when(pl.col("evaluated") == False).then(pl.lit("not_evaluated"))  # noqa: E712
               .otherwise(pl.col("grade").cast(pl.String)))
    codes = result.select(outcome.replace_strict(grades, range(len(grades)), default=-1,
                                                 return_dtype=pl.Int8))
    return codes.to_series().to_numpy()


def write_tables(tmp: Path, n: int, only: list[str] | None = None
                 ) -> dict[str, dict[str, Path]]:
    """Every table of the run (of the `only` rulesets, when given), written as parquet:
    {ruleset: {kind: path}}, the kinds "full", "empty" and "openfisca"."""
    import people

    tables: dict[str, dict[str, Path]] = {}
    for ruleset_id in rulesets():
        if only and ruleset_id not in only:
            continue
        table = people.from_cases(ruleset_id, n)
        if table.width == 0:
            continue
        tables[ruleset_id] = {"full": tmp / f"{ruleset_id}.parquet",
                              "empty": tmp / f"{ruleset_id}.empty.parquet"}
        table.write_parquet(tables[ruleset_id]["full"])
        people.with_empty_cells(table, EMPTY_SHARE).write_parquet(tables[ruleset_id]["empty"])
    for name in OPENFISCA if openfisca_installed() else ():
        module = importlib.import_module(f"openfisca_system.{name}")
        path = tmp / f"{name}.openfisca.parquet"
        module.people(n).write_parquet(path)
        tables.setdefault(module.RULESET, {})["openfisca"] = path
    return tables


def measure(tables: dict, n: int, repeat: int, tmp: Path) -> tuple[dict, dict]:
    """Our figures by (ruleset, table kind), OpenFisca's by ruleset (with agreement)."""
    ours, theirs = {}, {}
    common = ["--people", str(n), "--repeat", str(repeat)]
    for ruleset_id, kinds in tables.items():
        for kind, path in kinds.items():
            out = tmp / f"{ruleset_id}.{kind}.results.parquet"
            ours[ruleset_id, kind] = child(["--side", "ereje", "--ruleset", ruleset_id,
                                            "--table", str(path), "--out", str(out), *common])
    for name in OPENFISCA if openfisca_installed() else ():
        module = importlib.import_module(f"openfisca_system.{name}")
        out = tmp / f"{name}.openfisca.results.parquet"
        theirs[module.RULESET] = child(["--side", "openfisca", "--ruleset", name, "--table",
                                        str(tables[module.RULESET]["openfisca"]), "--out",
                                        str(out), *common])
        mine = our_grades(tmp / f"{module.RULESET}.openfisca.results.parquet", module.GRADES)
        their = pl.read_parquet(out)["grade"].to_numpy()
        theirs[module.RULESET]["same"] = int((mine == their).sum())
    return ours, theirs


def _floor(figures: dict) -> float:
    """Our I/O floor: the processor time of reading the people table and writing the results
    (measured apart when the run streams one into the other)."""
    if "floor" in figures:
        return figures["floor"]
    return figures["phases"]["read"] + figures["phases"]["write"]


def _ms(phases: dict) -> str:
    """Phases' processor times, in milliseconds."""
    return ", ".join(f"{k} {v * 1000:.0f}" for k, v in phases.items() if k != "cpu")


def report(ours: dict, theirs: dict, n: int, repeat: int) -> None:
    """The table of figures, with the timed regions and where the time goes."""
    def rate(figures: dict) -> float:
        return n / figures["seconds"] / 1e6

    if not theirs:
        return report_ours(ours, n, repeat)
    reference = theirs[importlib.import_module("openfisca_system.seed003").RULESET]
    print(f"rules bench: {n:,} people a table, best of {repeat}; timed on both sides: read "
          "the people parquet -> evaluate -> write the results parquet")
    print("  ereje: batchfile.evaluate_file (one streaming query: encoding, rules, result "
          "columns, error kinds and messages)")
    print("  openfisca 46: polars read + input arrays + SimulationBuilder (ids range(n)) + "
          "set_input + calculate('grade') + write the integer grades")
    print("  M/s, x OF: wall clock; x OF cpu: processor time (all threads), steadier on a busy "
          "machine; bound: OpenFisca's processor time over our I/O floor (read + write):")
    print("  the most any evaluator could reach on that table; empty/full: the 1%-empty "
          "table's time over the full one's (wall, cpu)")
    print(f"  {'ruleset':38} {'table':9} {'M/s':>6} {'x OF':>6} {'x OF cpu':>9} {'bound':>6} "
          f"{'peak MB':>8} {'OF peak':>8} {'empty/full':>11}")
    for (ruleset_id, kind), figures in ours.items():
        of = theirs.get(ruleset_id) if kind == "openfisca" else None
        against = of or reference
        ratio = against["seconds"] / figures["seconds"]
        cpu = against["phases"]["cpu"] / figures["phases"]["cpu"]
        floor = _floor(figures)
        empty = ours.get((ruleset_id, "empty"))
        cliff = f"{empty['seconds'] / figures['seconds']:5.2f} " \
            f"{empty['phases']['cpu'] / figures['phases']['cpu']:5.2f}" \
            if kind == "full" and empty else " " * 11
        mark = "" if of else "*"
        print(f"  {ruleset_id:38} {kind:9} {rate(figures):6.2f} {ratio:5.1f}{mark} {cpu:8.1f}{mark}"
              f" {against['phases']['cpu'] / floor:5.1f}{mark} {figures['peak_mb']:8.0f} "
              f"{against['peak_mb']:7.0f}{mark} {cliff}")
    print("  * against OpenFisca's seed 003 figure of this run (a rule OpenFisca does not "
          "model here)")
    print("  processor ms by phase (ereje streamed: encode, plan, stream; eager: read, encode, "
          "evaluate (with the error kinds and messages), assemble, write); the score column's "
          "type (the results contract's: a 38-digit one costs ~20 ms a million to write):")
    _phases(ours)
    for ruleset_id, figures in theirs.items():
        print(f"  {ruleset_id}: openfisca {rate(figures):.2f} M/s ({_ms(figures['phases'])}; "
              f"total {figures['phases']['cpu'] * 1000:.0f} ms cpu; base "
              f"{figures['base_mb']:.0f} MB); ereje base "
              f"{ours[ruleset_id, 'openfisca']['base_mb']:.0f} MB; same grade for "
              f"{figures['same']:,} of {n:,}")


def report_ours(ours: dict, n: int, repeat: int) -> None:
    """Our figures alone (OpenFisca not installed: no ratio to it)."""
    print(f"rules bench: {n:,} people a table, best of {repeat}; OpenFisca not installed: "
          "our side only (read the people parquet -> evaluate -> write the results parquet)")
    print(f"  {'ruleset':38} {'table':9} {'M/s':>6} {'cpu ms':>7} {'floor ms':>9} "
          f"{'peak MB':>8} {'empty/full':>11}")
    for (ruleset_id, kind), figures in ours.items():
        empty = ours.get((ruleset_id, "empty"))
        cliff = f"{empty['seconds'] / figures['seconds']:5.2f} " \
            f"{empty['phases']['cpu'] / figures['phases']['cpu']:5.2f}" \
            if kind == "full" and empty else " " * 11
        print(f"  {ruleset_id:38} {kind:9} {n / figures['seconds'] / 1e6:6.2f} "
              f"{figures['phases']['cpu'] * 1000:7.0f} {_floor(figures) * 1000:9.0f} "
              f"{figures['peak_mb']:8.0f} {cliff}")
    print("  processor ms by phase (streamed: encode, plan, stream; eager: read, encode, "
          "evaluate, assemble, write); floor: read + write, apart when streamed; the score "
          "column's type:")
    _phases(ours)


def _phases(ours: dict) -> None:
    """Our processor time by phase, each table's, with the score column's type."""
    for (ruleset_id, kind), figures in ours.items():
        print(f"  {ruleset_id:38} {kind:9} {_ms(figures['phases'])}; total "
              f"{figures['phases']['cpu'] * 1000:.0f}; score {figures['score']}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--side", choices=["ereje", "openfisca"])
    parser.add_argument("--ruleset")
    parser.add_argument("--table", type=Path)
    parser.add_argument("--out", type=Path)
    parser.add_argument("--people", type=int, default=PEOPLE)
    parser.add_argument("--repeat", type=int, default=REPEAT)
    parser.add_argument("--only", nargs="*", help="these rulesets only (and OpenFisca's)")
    args = parser.parse_args()
    if args.side:
        run = run_ereje if args.side == "ereje" else run_openfisca
        print(json.dumps(run(args.ruleset, args.table, args.out, args.repeat)))
        return
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        tables = write_tables(tmp, args.people, args.only)
        ours, theirs = measure(tables, args.people, args.repeat, tmp)
        report(ours, theirs, args.people, args.repeat)


if __name__ == "__main__":
    main()
