"""`ereje evaluate`: a case (or a table of people) graded by a ruleset's plan.

Evaluating a compiled ruleset reads its plan (parser/rules/read.py) and runs the
interpreter: nothing else is imported, so the command starts in the time of its imports of
the standard library and the case's YAML reader.
"""

from __future__ import annotations

import json
import sys
from dataclasses import asdict
from datetime import date

from . import console, limits
from .data import plain, read_data
from .errors import InputError
from .rules.interpret import evaluate, explain
from .rules.load import load_compiled, works as load_works

# `ereje evaluate`'s exit code when the case ends in an error: its input is bad (2), or the
# ruleset cannot decide it (1); the JSON on stdout names the error either way.
EXIT_CODES = {"invalid_input": 2, "missing_input": 2, "ambiguous_tenure": 1, "missing_rule": 1,
              "no_band": 1, "overlap": 1}

err = console.stderr()  # rich: only for the batch's progress and messages


def publications(given: list[str]) -> dict[str, date]:
    """`--published ID=DATE` options -> {id: date}; ValueError naming a malformed one."""
    found = {}
    for item in given:
        doc_id, _, day = item.partition("=")
        try:
            found[doc_id.strip()] = date.fromisoformat(day.strip())
        except ValueError:
            raise ValueError(f"--published {item}: expected ID=YYYY-MM-DD") from None
    return found


def works_of(args):
    """The corpus's works dated by --published, or None (the corpus as its meta.yaml say)."""
    if not getattr(args, "published", None):
        return None
    try:
        return load_works(published=publications(args.published))
    except ValueError as exc:
        raise InputError("ereje", str(exc)) from None


def cmd_evaluate(args) -> int:
    """`ereje evaluate RULESET --case FILE|- [--explain]`: JSON out;
    `ereje evaluate RULESET --batch PEOPLE --out RESULTS`: a table out."""
    if args.batch is not None:
        return _batch(args)
    name = "<stdin>" if args.case == "-" else args.case
    try:
        case = read_data(name, sys.stdin.buffer.read(limits.CASE_BYTES + 1)
                         if args.case == "-" else None)
        if not isinstance(case, dict):
            raise InputError(name, "a case is a mapping of inputs (or given: and as_of:)")
        if case.get("as_of"):  # the case's own day wins over --as-of
            args.as_of = _case_date(name, case["as_of"])
        ruleset = ruleset_of(args)
    except InputError as exc:
        _say(exc.render())
        return 2
    given = case["given"] if "given" in case else {k: v for k, v in case.items()
                                                   if k != "as_of"}
    result = evaluate(ruleset, given)
    data: dict = {"ruleset": ruleset.id}
    if ruleset.assumptions:
        data["assumptions"] = ruleset.assumptions
    if result.error is not None:
        data["error"] = {"kind": result.error.kind, "message": result.error.message,
                         "sources": [asdict(s) for s in result.error.sources]}
    else:
        data["outputs"] = plain(result.outputs)
    if args.explain:
        data["trace"] = explain(result)
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=1) + "\n")
    if result.error is not None:
        _say(f"{name}: error: {result.error.kind}: {result.error.message}"[:500])
        return EXIT_CODES.get(result.error.kind, 1)
    return 0


def _case_date(name: str, value) -> date:
    """A case's as_of: as a date, or InputError."""
    try:
        return value if isinstance(value, date) else date.fromisoformat(str(value))
    except ValueError:
        raise InputError(name, "as_of: is not a date (YYYY-MM-DD)") from None


def _batch(args) -> int:
    """`ereje evaluate RULESET --batch PEOPLE --out RESULTS`, with a progress bar on a
    terminal."""
    from rich.progress import Progress
    from .rules.batchfile import evaluate_file  # lazy: polars only for --batch

    if args.out is None:
        err.print(f"{args.batch}: error: --batch needs --out", markup=False)
        return 2
    try:
        ruleset = ruleset_of(args)
        with Progress(console=err.console, transient=True, disable=not err.is_terminal) as bar:
            task = bar.add_task("evaluating", total=None)
            rows = evaluate_file(ruleset, args.batch, args.out,
                                 lambda done, total: bar.update(task, completed=done,
                                                                total=total))
    except InputError as exc:
        err.print(exc.render(), markup=False)
        return 2
    except OSError as exc:
        err.print(f"{args.out}: error: cannot write: {exc.strerror}", markup=False)
        return 2
    err.print(f"evaluated {rows} people into {args.out}", markup=False)
    return 0


def ruleset_of(args, load=load_compiled):
    """The ruleset named on the command line, read by `load` (to evaluate: its compiled
    plan), or its version in force on --as-of."""
    if getattr(args, "as_of", None) is None:
        return load(args.ruleset)
    from .rules.load import ruleset_on  # the corpus's works: only for a version in force

    return ruleset_on(args.ruleset, args.as_of, works_of(args))


def _say(line: str) -> None:
    """One line on standard error (rich is imported only by the batch's progress bar)."""
    sys.stderr.write(line + "\n")
