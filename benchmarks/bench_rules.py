"""`make bench`: the batch evaluator (parser/rules/batch.py) against the same rule written for
OpenFisca 46 (benchmarks/openfisca_system), on 1,000,000 generated people under the seed 003
rule (zhanakorgan-akimat-2026-10), in one run.

Each side runs in its own subprocess (so each peak memory is its own): it generates the same
people from one seed, evaluates them (best of REPEAT, timed from in-memory inputs to the
grades), and writes the grades to a file; the parent checks that both sides give the same
grades and prints throughput (people/s), peak memory (ru_maxrss of the process, and how
much the evaluation added over the loaded inputs) and the ratios. Our side takes exact
decimals (Decimal(38, 2) columns) and grades in fixed point; OpenFisca takes floats, as an
OpenFisca model does. OpenFisca has no "ambiguous tenure" outcome, so the people's tenures
avoid 28-30 days; rows where the two disagree are counted and shown.
"""

from __future__ import annotations

import argparse
import json
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
REPEAT = 3
SEED = 3
GRADES = ["not_evaluated", "no_band", "unsatisfactory", "satisfactory", "proper", "effective"]
SANCTIONS = ["none", "remark", "reprimand", "strict_reprimand", "other"]


def people(n: int) -> dict[str, np.ndarray]:
    """Seeded people: five scores in hundredths (0-5), position, sanction, tenure, worked days."""
    rng = np.random.default_rng(SEED)
    data = {f"score_{k}": rng.integers(0, 501, n) for k in range(1, 6)}
    tenure = rng.integers(10, 400, n)
    data["tenure_days"] = np.where((tenure >= 28) & (tenure <= 30), 31, tenure)
    data["worked_days"] = rng.integers(10, 60, n)
    data["position"] = rng.integers(0, 2, n)
    data["sanction"] = rng.choice(5, n, p=[0.8, 0.05, 0.05, 0.05, 0.05])
    return data


def maxrss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def best_of(fn) -> tuple[float, object]:
    times, result = [], None
    for _ in range(REPEAT):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return min(times), result


def run_ours(n: int, out: Path) -> dict:
    import polars as pl
    import pyarrow as pa

    from parser.rules.batch import evaluate_frame
    from parser.rules.cases import load_ruleset

    ruleset = load_ruleset(RULESET)
    data = people(n)

    def hundredths(values: np.ndarray) -> pl.Series:
        words = np.empty(2 * n, np.int64)
        words[0::2], words[1::2] = values, 0
        return pl.from_arrow(pa.Array.from_buffers(pa.decimal128(38, 2), n,
                                                   [None, pa.py_buffer(words)]))

    frame = pl.DataFrame({
        **{f"scores_{k}": hundredths(data[f"score_{k}"]) for k in range(1, 6)},
        "position": pl.Series(np.array(["manager", "non_manager"])[data["position"]]),
        "sanction": pl.Series(np.array(SANCTIONS)[data["sanction"]]),
        "tenure_days": data["tenure_days"], "worked_days": data["worked_days"]})
    del data
    base = maxrss_mb()
    seconds, result = best_of(lambda: evaluate_frame(ruleset, frame))
    grade = result["grade"].cast(pl.String).fill_null(
        pl.when(result["evaluated"] == False).then(pl.lit("not_evaluated"))  # noqa: E712
        .otherwise(result["error"].cast(pl.String)))
    codes = grade.replace_strict(GRADES, list(range(len(GRADES))), default=-1).to_numpy()
    np.save(out, codes)
    return {"seconds": seconds, "base_mb": base, "peak_mb": maxrss_mb()}


def run_openfisca(n: int, out: Path) -> dict:
    from openfisca_system import EvaluationSystem, Position, Sanction, simulate

    system = EvaluationSystem()
    data = people(n)
    inputs = {f"score_{k}": data[f"score_{k}"] / 100 for k in range(1, 6)}
    inputs["tenure_days"], inputs["worked_days"] = data["tenure_days"], data["worked_days"]
    inputs["position"] = Position.encode(np.array(["manager", "non_manager"])[data["position"]])
    inputs["sanction"] = Sanction.encode(np.array(SANCTIONS)[data["sanction"]])
    del data
    base = maxrss_mb()
    seconds, grade = best_of(lambda: simulate(system, inputs))
    codes = np.array([GRADES.index(g) for g in grade.possible_values.__members__])[grade]
    np.save(out, codes)
    return {"seconds": seconds, "base_mb": base, "peak_mb": maxrss_mb()}


def child(side: str, n: int) -> tuple[dict, np.ndarray]:
    """Run one side in a fresh interpreter; its figures and its grade codes."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "grades.npy"
        done = subprocess.run([sys.executable, __file__, "--side", side, "--people", str(n),
                               "--out", str(out)], check=True, capture_output=True, text=True)
        return json.loads(done.stdout.splitlines()[-1]), np.load(out)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--side", choices=["ours", "openfisca"])
    parser.add_argument("--people", type=int, default=PEOPLE)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    if args.side:
        run = run_ours if args.side == "ours" else run_openfisca
        print(json.dumps(run(args.people, args.out)))
        return
    n = args.people
    ours, our_grades = child("ours", n)
    theirs, their_grades = child("openfisca", n)
    differ = np.flatnonzero(our_grades != their_grades)
    print(f"rules bench: {n:,} people, seed 003 rule ({RULESET}), best of {REPEAT}")
    for name, r in (("ereje batch", ours), ("openfisca 46", theirs)):
        print(f"  {name:13} {r['seconds'] * 1000:8.1f} ms  {n / r['seconds'] / 1e6:7.2f} M people/s"
              f"  peak {r['peak_mb']:6.0f} MB (evaluation adds {r['peak_mb'] - r['base_mb']:5.0f}"
              f" MB over {r['base_mb']:.0f} MB of loaded inputs)")
    print(f"  throughput ratio (ours / openfisca): {theirs['seconds'] / ours['seconds']:.1f}x;"
          f" peak memory ratio: {ours['peak_mb'] / theirs['peak_mb']:.2f}")
    counts = np.bincount(our_grades[our_grades >= 0], minlength=len(GRADES))
    print("  grades: " + ", ".join(f"{g} {c:,}" for g, c in zip(GRADES, counts)))
    print(f"  same grades: {n - len(differ):,} of {n:,}", end="")
    if len(differ):
        i = differ[0]
        data = people(n)
        scores = [int(data[f"score_{k}"][i]) for k in range(1, 6)]
        print(f"; they differ on {len(differ):,} (first: scores {scores} hundredths, ours "
              f"{GRADES[our_grades[i]]}, openfisca {GRADES[their_grades[i]]})")
    else:
        print()


if __name__ == "__main__":
    main()
