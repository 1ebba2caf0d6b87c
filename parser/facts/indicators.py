"""(in progress) Facts read by the indicators reader."""

from __future__ import annotations


def facts(doc):
    """(facts, diagnostics) of a document."""
    return [], []
