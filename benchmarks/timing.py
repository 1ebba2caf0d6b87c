"""Timing shared by the benchmarks."""

from __future__ import annotations

import time


def best_of(fn, repeat: int) -> float:
    """Fastest of `repeat` runs of `fn`, in seconds."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)
