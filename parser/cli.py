"""The `ereje` command: its arguments, and the dispatch of each command to the module that
runs it (imported only then: `ereje evaluate` never loads the fact readers, `ereje facts`
never the evaluators)."""

from __future__ import annotations

import argparse
import gc
import importlib
import os
import sys
from contextlib import contextmanager
from datetime import date
from pathlib import Path

from .errors import InputError

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str] | None = None) -> int:
    """Entry point; returns the exit code (2 for bad input)."""
    args = _arguments().parse_args(argv)
    try:
        with collecting_less():
            return _function(args.run)(args)
    except KeyboardInterrupt as exc:
        for note in getattr(exc, "__notes__", []):  # what an interrupted run left (output.py)
            _say(note)
        return 130
    except InputError as exc:
        _say(exc.render())
        return 2
    except MemoryError:
        _say(f"ereje {_command(argv)}: error: out of memory")
        return 2
    except Exception as exc:  # a bug: one line for the user, the traceback on request
        if os.environ.get("EREJE_DEBUG"):
            raise
        _say(f"ereje {_command(argv)}: internal error: {type(exc).__name__}: "
             f"{str(exc)[:200]} (a bug; EREJE_DEBUG=1 shows the traceback)")
        return 3


@contextmanager
def collecting_less():
    """Python's cyclic garbage collector off inside the block, as it was after: a decree's
    compile makes
    millions of objects that live until it ends (nodes, tokens, facts) and almost no
    reference cycles (tests/test_quick.py holds it so), and the collector's full passes walk
    that growing heap again and again — a fifth of a 1 MB decree's compile, more the larger
    the decree. Reference counting still frees at once every object not in a cycle."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def _function(name: str):
    """The function a command runs, "module.function" of this package, its module imported
    now: a command loads only what it needs."""
    module, _, function = name.rpartition(".")
    return getattr(importlib.import_module(f".{module}", __package__), function)


def _say(line: str) -> None:
    """One line on standard error."""
    sys.stderr.write(line + "\n")
    sys.stderr.flush()


def _command(argv: list[str] | None) -> str:
    """The command's name, for a message about the run as a whole."""
    words = sys.argv[1:] if argv is None else argv
    return words[0] if words else ""


def _arguments() -> argparse.ArgumentParser:
    """Every command's arguments; each names the function that runs it (`run`)."""
    ap = argparse.ArgumentParser(prog="ereje", description="Compile decrees into rules.")
    sub = ap.add_subparsers(required=True, metavar="COMMAND")
    p = sub.add_parser("parse", help="print a decree's outline")
    p.add_argument("file", type=Path, help="a decree file, or a corpus entry's folder")
    p.add_argument("--json", action="store_true", help="print the tree as JSON")
    p.set_defaults(run="cli_read.cmd_parse")
    c = sub.add_parser("compile", help="compile decrees (files, folders, corpus entries)")
    c.add_argument("paths", nargs="+", type=Path)
    c.add_argument("--out", type=Path, required=True)
    c.add_argument("--published", action="append", default=[], metavar="ID=DATE",
                   help="the date of a decree's first official publication (repeatable); "
                        "wins over its meta.yaml published:")
    c.add_argument("--jobs", type=_positive, default=None, metavar="N",
                   help="compile in N processes (default: the number of CPUs)")
    c.add_argument("--no-incremental", dest="incremental", action="store_false",
                   help="recompile every decree, even those whose source, grammar and code "
                        "are unchanged since the last run into --out")
    c.set_defaults(run="cli_build.cmd_compile")
    s = sub.add_parser("summary", help="summarize compiled decrees in a folder")
    s.add_argument("folder", type=Path)
    s.set_defaults(run="cli_build.cmd_summary")
    f = sub.add_parser("facts", help="print a decree's facts by clause, then their diagnostics")
    f.add_argument("file", type=Path, help="a decree file, or a corpus entry's folder")
    f.add_argument("--json", action="store_true", help="print {id, facts, diagnostics} as JSON")
    f.set_defaults(run="cli_read.cmd_facts")
    g = sub.add_parser("score", help="score extracted facts against the gold files")
    g.add_argument("paths", nargs="*", type=Path,
                   help="corpus entries or files (default: every corpus entry with a gold file)")
    g.add_argument("--gold", type=Path, default=ROOT / "tests" / "gold",
                   help="folder of <id>.facts.yaml (default: tests/gold)")
    g.add_argument("--json", action="store_true", help="print the scores as JSON")
    g.add_argument("--misses", action="store_true",
                   help="list unmatched facts both ways with near-miss hints (not for the "
                        "held-out half: see --held-out-misses)")
    g.add_argument("--held-out-misses", dest="held_out_misses", action="store_true",
                   help="also list the held-out half's misses (only once its readers are done)")
    g.set_defaults(run="cli_read.cmd_score")
    _rules(sub)
    _compare(sub)
    return ap


def _rules(sub) -> None:
    """`evaluate` (parser/cli_evaluate.py), `deadline`, `check` and `timeline`
    (parser/cli_rules.py)."""
    e = sub.add_parser("evaluate", help="evaluate a case (JSON or YAML) with a ruleset")
    e.add_argument("ruleset", help="corpus id, compiled JSON file or decree")
    how = e.add_mutually_exclusive_group(required=True)
    how.add_argument("--case", help="a case file, or - for standard input")
    how.add_argument("--batch", type=Path, help="a table of people (CSV or parquet)")
    e.add_argument("--out", type=Path, help="with --batch: the results (parquet, or CSV)")
    e.add_argument("--explain", action="store_true", help="add the trace of every step")
    _as_of(e)
    e.set_defaults(run="cli_evaluate.cmd_evaluate")
    d = sub.add_parser("deadline", help="the last allowed day of an event's deadline")
    d.add_argument("ruleset", help="corpus id, compiled JSON file or decree")
    d.add_argument("event", help="the deadline's event, e.g. calibration_session")
    d.add_argument("--from", dest="anchor_date", required=True, type=date.fromisoformat,
                   help="the anchor date (YYYY-MM-DD)")
    d.add_argument("--anchor", help="the anchor, when the event has several")
    _as_of(d)
    d.set_defaults(run="cli_rules.cmd_deadline")
    c = sub.add_parser("check", help="run case files; exit 1 on any mismatch")
    c.add_argument("paths", nargs="+", type=Path, help="case files or folders of them")
    c.add_argument("--json", action="store_true", help="print the outcomes as JSON")
    _as_of(c)
    c.set_defaults(run="cli_rules.cmd_check")
    t = sub.add_parser("timeline", help="a work's versions and the acts behind each")
    t.add_argument("work", help="corpus id or act key (of the work or of an act amending it)")
    t.set_defaults(run="cli_rules.cmd_timeline")


def _as_of(command) -> None:
    """--as-of and --published, of the commands that run a version of a decree."""
    command.add_argument("--as-of", dest="as_of", type=date.fromisoformat,
                         help="use the version of the decree in force on this date "
                              "(a case's or case file's as_of: wins)")
    command.add_argument("--published", action="append", default=[], metavar="ID=DATE",
                         help="with --as-of: the date of a corpus decree's first official "
                              "publication (repeatable); wins over its meta.yaml published:")


def _compare(sub) -> None:
    """`compare` and `report` (parser/cli_compare.py)."""
    c = sub.add_parser("compare", help="compare decrees concept by concept")
    c.add_argument("docs", nargs="+", metavar="DOC",
                   help="corpus id, compiled JSON, decree file, or a folder of them")
    c.add_argument("--json", action="store_true", help="print the matrix as JSON")
    c.add_argument("--csv", type=Path, metavar="FILE", help="write the matrix as CSV")
    c.add_argument("--xlsx", type=Path, metavar="FILE", help="write the matrix as xlsx")
    c.add_argument("--only-differences", action="store_true", help="hide rows that agree")
    c.add_argument("--text", action="store_true",
                   help="the clauses of two decrees side by side (word diff in one language)")
    c.set_defaults(run="cli_compare.cmd_compare")
    r = sub.add_parser("report", help="build the static literate site of decrees")
    r.add_argument("paths", nargs="+", type=Path, help="decree files, folders, corpus entries")
    r.add_argument("--out", type=Path, required=True, help="the site's folder")
    r.add_argument("--cases", type=Path, default=ROOT / "tests" / "cases",
                   help="folder of case files (default: the cases the project ships)")
    r.set_defaults(run="cli_compare.cmd_report")


def _positive(text: str) -> int:
    """A count of at least 1 (an argparse type)."""
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number of at least 1")
    return value


if __name__ == "__main__":
    sys.exit(main())
