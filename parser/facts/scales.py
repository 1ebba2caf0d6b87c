"""(in progress) Gap and overlap checks over scales and lookup tables."""

from __future__ import annotations


def check(facts):
    """Diagnostics for gaps and overlaps."""
    return []
