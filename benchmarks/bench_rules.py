"""`make bench`: the compiled kernel (parser/rules/kernel.py) against the same rule written for
OpenFisca 46 (benchmarks/openfisca_system), on 1,000,000 generated people under the seed 003
rule (zhanakorgan-akimat-2026-10), in one run.

Each side runs in its own subprocess (so each peak memory, ru_maxrss, is its own): it
generates the same people from one seed (`people`: scores in hundredths as int16, codes as
int8), gives them to its evaluator pre-encoded — OpenFisca as floats (hundredths / 100) and
enum arrays, ours as the int16 hundredths and int8 codes themselves — evaluates them (best of
REPEAT, from the encoded inputs to the grades) and writes the grades to a file; the parent
checks that both give the same grades. The kernel's JIT compilation is a one-time cost
(cached on disk after the first run): our child compiles it afresh in an empty numba cache
directory, reports its time apart, and its peak includes it.

A third subprocess measures what `ereje evaluate --batch` adds: reading the people from a
parquet file of Decimal(38, 2) columns and from a CSV file (text cells), encoding them for
the kernel, and building the polars result (Decimal scores, Enum grades), next to the
generic path (`fast=False`) on the same frame.

OpenFisca has no "ambiguous tenure" outcome, so the people's tenures avoid 28-30 days; its
bands compare floats with a tolerance of 1e-9 (see benchmarks/openfisca_system).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

RULESET = "zhanakorgan-akimat-2026-10"
PEOPLE = 1_000_000
REPEAT = 5
SEED = 3
GRADES = ["not_evaluated", "no_band", "unsatisfactory", "satisfactory", "proper", "effective"]
POSITIONS = ["manager", "non_manager"]
SANCTIONS = ["none", "remark", "reprimand", "strict_reprimand", "other"]
GIVEN = {"position", "sanction", "tenure_days", "worked_days", "scores"}


def people(n: int) -> dict[str, np.ndarray]:
    """Seeded people: five scores in hundredths (0-5) as one (5, n) int16 array, position and
    sanction codes (int8, in POSITIONS and SANCTIONS), tenure and worked days (int16)."""
    rng = np.random.default_rng(SEED)
    tenure = rng.integers(10, 400, n, dtype=np.int16)
    tenure[(tenure >= 28) & (tenure <= 30)] = 31
    return {"scores": rng.integers(0, 501, (5, n), dtype=np.int16), "tenure_days": tenure,
            "worked_days": rng.integers(10, 60, n, dtype=np.int16),
            "position": rng.integers(0, 2, n, dtype=np.int8),
            "sanction": np.searchsorted(np.cumsum([0.8, 0.05, 0.05, 0.05]),
                                        rng.random(n), side="right").astype(np.int8)}


def maxrss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def best_of(fn, repeat: int = REPEAT) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return min(times), result


def _our_codes(plan, out) -> np.ndarray:
    """The kernel's results as GRADES codes (-1: an error other than no_band)."""
    from parser.rules.kernel import ERRORS

    table = np.array([GRADES.index(g) for g in plan.grades], np.int8)
    codes = np.where(out.grade >= 0, table[np.maximum(out.grade, 0)], -1)
    codes[out.reason >= 0] = GRADES.index("not_evaluated")
    codes[out.error == ERRORS.index("no_band")] = GRADES.index("no_band")
    return codes


def run_ours(n: int, out: Path) -> dict:
    from parser.rules import kernel
    from parser.rules.cases import load_ruleset

    ruleset = load_ruleset(RULESET)
    data = people(n)
    position = np.array([kernel.vocabulary()["inputs"]["position"]["values"].index(p)
                         for p in POSITIONS], np.int8)[data["position"]]
    inputs = kernel.Inputs(data["scores"], position, data["sanction"], data["tenure_days"],
                           data["worked_days"], np.empty(0, np.int32))
    del data
    base = maxrss_mb()
    start = time.perf_counter()
    plan = kernel.compile_plan(ruleset, GIVEN, 5, 2)
    kernel.run(plan, kernel.Inputs(inputs.scores[:, :1], *(
        getattr(inputs, c)[:1] for c in ("position", "sanction", "tenure_days", "worked_days")),
        inputs.score))
    jit = time.perf_counter() - start
    seconds, result = best_of(lambda: kernel.run(kernel.compile_plan(ruleset, GIVEN, 5, 2),
                                                 inputs))
    np.save(out, _our_codes(plan, result))
    return {"seconds": seconds, "base_mb": base, "peak_mb": maxrss_mb(), "jit": jit}


def run_openfisca(n: int, out: Path) -> dict:
    from openfisca_system import EvaluationSystem, Position, Sanction, simulate

    system = EvaluationSystem()
    data = people(n)
    inputs = {f"score_{k + 1}": data["scores"][k] / 100 for k in range(5)}
    inputs["tenure_days"] = data["tenure_days"].astype(np.int32)
    inputs["worked_days"] = data["worked_days"].astype(np.int32)
    order = [list(Position.__members__).index(p) for p in POSITIONS]
    inputs["position"] = Position.encode(np.array(order)[data["position"]])
    inputs["sanction"] = Sanction.encode(np.array([list(Sanction.__members__).index(s)
                                                   for s in SANCTIONS])[data["sanction"]])
    del data
    base = maxrss_mb()
    seconds, grade = best_of(lambda: simulate(system, inputs))
    codes = np.array([GRADES.index(g) for g in grade.possible_values.__members__])[grade]
    np.save(out, codes)
    return {"seconds": seconds, "base_mb": base, "peak_mb": maxrss_mb()}


def run_files(n: int, out: Path) -> dict:
    """`ereje evaluate --batch`'s costs around the kernel, from a parquet and a CSV file."""
    import polars as pl
    import pyarrow as pa

    from parser.rules import kernel
    from parser.rules.batch import evaluate_frame
    from parser.rules.batchfile import evaluate_table
    from parser.rules.cases import load_ruleset

    ruleset = load_ruleset(RULESET)
    data = people(n)

    def hundredths(values: np.ndarray) -> pl.Series:
        words = np.zeros(2 * n, np.int64)
        words[0::2] = values
        return pl.from_arrow(pa.Array.from_buffers(pa.decimal128(38, 2), n,
                                                   [None, pa.py_buffer(words)]))

    frame = pl.DataFrame({
        **{f"scores_{k + 1}": hundredths(data["scores"][k]) for k in range(5)},
        "position": pl.Series(np.array(POSITIONS)[data["position"]]),
        "sanction": pl.Series(np.array(SANCTIONS)[data["sanction"]]),
        "tenure_days": data["tenure_days"], "worked_days": data["worked_days"]})
    del data
    parquet, csv = out.with_suffix(".parquet"), out.with_suffix(".csv")
    frame.write_parquet(parquet)
    frame.write_csv(csv)
    del frame
    figures = {}
    figures["parquet_read"], frame = best_of(lambda: pl.read_parquet(parquet), 3)
    seconds, encoded = best_of(lambda: kernel.encode_frame(ruleset, frame), 3)
    figures["encode"] = seconds
    figures["kernel"], _ = best_of(lambda: kernel.run(*encoded), 3)
    figures["fast_frame"], fast = best_of(lambda: evaluate_frame(ruleset, frame), 3)
    figures["table"], _ = best_of(lambda: evaluate_table(ruleset, frame), 1)
    figures["generic_frame"], generic = best_of(
        lambda: evaluate_frame(ruleset, frame, fast=False), 1)
    figures["same_as_generic"] = fast.equals(generic)
    del fast, generic
    figures["csv_read"], text = best_of(lambda: pl.read_csv(csv, infer_schema=False), 1)
    figures["csv_encode"], _ = best_of(lambda: kernel.encode_frame(ruleset, text), 1)
    figures["peak_mb"] = maxrss_mb()
    return figures


def child(side: str, n: int) -> tuple[dict, np.ndarray | None]:
    """Run one side in a fresh interpreter (with an empty numba cache); its figures and its
    grade codes."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "grades.npy"
        env = {**os.environ, "NUMBA_CACHE_DIR": str(Path(tmp) / "numba")}
        done = subprocess.run([sys.executable, __file__, "--side", side, "--people", str(n),
                               "--out", str(out)], check=True, capture_output=True, text=True,
                              env=env)
        return json.loads(done.stdout.splitlines()[-1]), (np.load(out) if out.exists()
                                                          else None)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--side", choices=["ours", "openfisca", "files"])
    parser.add_argument("--people", type=int, default=PEOPLE)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    if args.side:
        run = {"ours": run_ours, "openfisca": run_openfisca, "files": run_files}[args.side]
        print(json.dumps(run(args.people, args.out)))
        return
    n = args.people
    ours, our_grades = child("ours", n)
    theirs, their_grades = child("openfisca", n)
    files, _ = child("files", n)
    differ = np.flatnonzero(our_grades != their_grades)
    print(f"rules bench: {n:,} people, seed 003 rule ({RULESET}), best of {REPEAT}, "
          f"pre-encoded inputs")
    for name, r in (("ereje kernel", ours), ("openfisca 46", theirs)):
        print(f"  {name:13} {r['seconds'] * 1000:8.1f} ms  {n / r['seconds'] / 1e6:7.1f} M people/s"
              f"  peak {r['peak_mb']:6.0f} MB (evaluation adds {r['peak_mb'] - r['base_mb']:5.0f}"
              f" MB over {r['base_mb']:.0f} MB of loaded inputs)")
    print(f"  throughput ratio (ours / openfisca): {theirs['seconds'] / ours['seconds']:.1f}x;"
          f" peak memory ratio: {ours['peak_mb'] / theirs['peak_mb']:.2f}")
    print(f"  JIT compilation (one time, excluded above, included in the peak):"
          f" {ours['jit'] * 1000:.0f} ms")
    counts = np.bincount(our_grades[our_grades >= 0], minlength=len(GRADES))
    print("  grades: " + ", ".join(f"{g} {c:,}" for g, c in zip(GRADES, counts)))
    print(f"  same grades: {n - len(differ):,} of {n:,}", end="")
    if len(differ):
        i = differ[0]
        scores = [int(s) for s in people(n)["scores"][:, i]]
        print(f"; they differ on {len(differ):,} (first: scores {scores} hundredths, ours "
              f"{GRADES[our_grades[i]] if our_grades[i] >= 0 else 'error'}, openfisca "
              f"{GRADES[their_grades[i]]})")
    else:
        print()
    print(f"  from files (ereje evaluate --batch), peak {files['peak_mb']:.0f} MB:"
          f" read parquet {files['parquet_read'] * 1000:.0f} ms, encode Decimal(38,2) -> int16"
          f" {files['encode'] * 1000:.0f} ms, kernel {files['kernel'] * 1000:.0f} ms, whole"
          f" evaluate_frame {files['fast_frame'] * 1000:.0f} ms (with the file's chunks, wide"
          f" numbers and error messages {files['table'] * 1000:.0f} ms; generic path"
          f" {files['generic_frame'] * 1000:.0f} ms, same result: {files['same_as_generic']});"
          f" read CSV {files['csv_read'] * 1000:.0f} ms, encode its text"
          f" {files['csv_encode'] * 1000:.0f} ms")


if __name__ == "__main__":
    main()
