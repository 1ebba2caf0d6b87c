"""The consoles' plain lines (parser/console.py): outside a terminal a line is written without
rich exactly as rich would print it, and a line rich would change still goes through rich."""

from __future__ import annotations

import io

import pytest
from rich.console import Console

from parser import console

TEXTS = [
    "agriculture-order-2023-392 (kk): 21 facts",
    "main/p2/sub3",
    "grade_band average_score proper [3, 3.99]",  # markup brackets
    "[bold]not a style[/]",
    r"a backslash \[ before a bracket",
    "source.txt:100:3: SCALE_GAP (89.99, 90) is in no band",  # :100: is no emoji
    "шкала «жақсы» — 3,99 балл; оценка «эффективно»",
    "a cell\tbeside another",  # rich expands the tab
    "a bell \x07 and a return \r here",  # rich drops them
    "trailing white space   ",
    "",
    "全角 wide cells",
]


def rich_prints(text: str, markup: bool = True) -> str:
    """What rich prints for a line, outside a terminal, with the consoles' options."""
    buffer = io.StringIO()
    Console(file=buffer, highlight=False, soft_wrap=True, emoji=False,
            width=160).print(text, markup=markup)
    return buffer.getvalue()


@pytest.mark.parametrize("text", TEXTS)
def test_a_styled_line_prints_as_rich_prints_it(text, capsys, monkeypatch):
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    monkeypatch.delenv("TTY_COMPATIBLE", raising=False)
    console.stdout().line("  ", ("bold", "kind"), f" {text}")
    assert capsys.readouterr().out == rich_prints(f"  [bold]kind[/] {console.escape(text)}")


@pytest.mark.parametrize("text", TEXTS)
def test_a_plain_line_prints_as_rich_prints_it(text, capsys, monkeypatch):
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    monkeypatch.delenv("TTY_COMPATIBLE", raising=False)
    console.stderr().text(text)
    assert capsys.readouterr().err == rich_prints(text, markup=False)
