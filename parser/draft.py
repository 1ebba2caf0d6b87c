"""The mutable node the parser builds and the numbering pass reshapes, before freezing."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Draft:
    """A node before addressing: mutable while the numbering pass reshapes the tree."""

    kind: str
    start: int
    end: int
    number: str | None = None
    heading: str | None = None
    text: str = ""
    children: list[Draft] = field(default_factory=list)
    address: str = ""
    head: tuple[int, int] | None = None  # the node's own text, without its children

    def extend_to(self, other: Draft) -> None:
        self.start = min(self.start, other.start)
        self.end = max(self.end, other.end)
