"""The commands' terminal consoles (rich), made when first printed to: importing rich is a
fifth of the start of `ereje evaluate`, which prints JSON and, on an error, one line.

Outside a terminal rich prints a line of text as it is (no colours, no wrapping: soft wrap,
no emoji codes: in `source.txt:100:3:` rich would print ":100:" as 💯), so `line` and `text`
write such a line themselves and leave rich unloaded (`ereje facts` to a pipe or a file); a
line rich would change (a tab it expands, a control character it drops, white space it trims
at the end) still goes through rich.
"""

from __future__ import annotations

import os
import re
import sys

# what rich renders differently from the plain text, outside a terminal (see the docstring)
_RICH_RENDERS = re.compile(r"[\x00-\x09\x0b-\x1f\x7f\\]|\s\Z")


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

    def line(self, *parts: str | tuple[str, str]) -> None:
        """One line of parts, each a plain string or a (rich style, text) pair, the text
        printed as it is (rich markup escaped)."""
        plain = "".join(p if isinstance(p, str) else p[1] for p in parts)
        if not self._writes_plain(plain):
            self.console.print("".join(escape(p) if isinstance(p, str)
                                       else f"[{p[0]}]{escape(p[1])}[/]" for p in parts))

    def text(self, text: str) -> None:
        """One line of text, printed as it is (no markup)."""
        if not self._writes_plain(text):
            self.console.print(text, markup=False)

    def _writes_plain(self, text: str) -> bool:
        """Write a line rich would print unchanged, outside a terminal, and say whether it
        was written."""
        stream = sys.stderr if self._options.get("stderr") else sys.stdout
        if _terminal(stream) or _RICH_RENDERS.search(text):
            return False
        stream.write(text + "\n")
        stream.flush()  # as rich does: the two streams' lines stay in order in one log
        return True


def _terminal(stream) -> bool:
    """Whether rich would take the stream for a terminal (colours): its TTY_COMPATIBLE and
    FORCE_COLOR variables, else the stream's isatty."""
    compatible = os.environ.get("TTY_COMPATIBLE", "")
    if compatible in ("0", "1"):
        return compatible == "1"
    if os.environ.get("FORCE_COLOR") is not None:
        return os.environ["FORCE_COLOR"] != ""
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def escape(text: str) -> str:
    """Text as rich markup that prints it: "[" escaped."""
    return text.replace("[", r"\[")


def stdout(width: int = 160) -> LazyConsole:
    """Standard output; outside a terminal (CI logs, pipes) `width` columns, which rich would
    otherwise take to be 80 and cut the tables at."""
    return LazyConsole(highlight=False, soft_wrap=True, emoji=False,
                       width=None if sys.stdout.isatty() else width)


def stderr() -> LazyConsole:
    """Standard error."""
    return LazyConsole(stderr=True, highlight=False, soft_wrap=True, emoji=False)
