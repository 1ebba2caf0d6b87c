"""The commands' terminal consoles (rich), made when first printed to: importing rich is a
fifth of the start of `ereje evaluate`, which prints JSON and, on an error, one line."""

from __future__ import annotations

import sys


class LazyConsole:
    """A rich Console built on first use, with the options given here; every attribute is
    the console's."""

    def __init__(self, **options):
        self._options = options
        self._console = None

    @property
    def console(self):
        """The rich Console itself."""
        if self._console is None:
            from rich.console import Console  # heavy: only when something is printed

            self._console = Console(**self._options)
        return self._console

    def __getattr__(self, name: str):
        return getattr(self.console, name)


def stdout(width: int = 160) -> LazyConsole:
    """Standard output; outside a terminal (CI logs, pipes) `width` columns, which rich would
    otherwise take to be 80 and cut the tables at."""
    return LazyConsole(highlight=False, soft_wrap=True,
                       width=None if sys.stdout.isatty() else width)


def stderr() -> LazyConsole:
    """Standard error."""
    return LazyConsole(stderr=True, highlight=False, soft_wrap=True)
