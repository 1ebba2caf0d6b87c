"""`ereje evaluate`, `ereje deadline`, `ereje check`: running rulesets from the command line."""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path

from rich.console import Console
from rich.table import Table

from .errors import InputError
from .facts.model import plain
from .rules.cases import (EvaluationError, deadline, explain, load_ruleset, load_yaml,
                          run_file)
from .rules.evaluate import evaluate

out = Console(highlight=False, soft_wrap=True, width=None if sys.stdout.isatty() else 160)
err = Console(stderr=True, highlight=False, soft_wrap=True)


def register(sub) -> None:
    """Add the commands to the `ereje` parser."""
    e = sub.add_parser("evaluate", help="evaluate a case (JSON or YAML) with a ruleset")
    e.add_argument("ruleset", help="corpus id, compiled JSON file or decree")
    how = e.add_mutually_exclusive_group(required=True)
    how.add_argument("--case", help="a case file, or - for standard input")
    how.add_argument("--batch", type=Path, help="a table of people (CSV or parquet)")
    e.add_argument("--out", type=Path, help="with --batch: the results (parquet, or CSV)")
    e.add_argument("--explain", action="store_true", help="add the trace of every step")
    e.set_defaults(run=cmd_evaluate)
    d = sub.add_parser("deadline", help="the last allowed day of an event's deadline")
    d.add_argument("ruleset", help="corpus id, compiled JSON file or decree")
    d.add_argument("event", help="the deadline's event, e.g. calibration_session")
    d.add_argument("--from", dest="anchor_date", required=True, type=date.fromisoformat,
                   help="the anchor date (YYYY-MM-DD)")
    d.add_argument("--anchor", help="the anchor, when the event has several")
    d.set_defaults(run=cmd_deadline)
    c = sub.add_parser("check", help="run case files; exit 1 on any mismatch")
    c.add_argument("paths", nargs="+", type=Path, help="case files or folders of them")
    c.add_argument("--json", action="store_true", help="print the outcomes as JSON")
    c.set_defaults(run=cmd_check)


def cmd_evaluate(args) -> int:
    """`ereje evaluate RULESET --case FILE|- [--explain]`: JSON out;
    `ereje evaluate RULESET --batch PEOPLE --out RESULTS`: a table out."""
    if args.batch is not None:
        return _batch(args)
    try:
        ruleset = load_ruleset(args.ruleset)
        text = sys.stdin.read() if args.case == "-" else Path(args.case).read_text("utf-8")
    except InputError as exc:
        err.print(exc.render(), markup=False)
        return 2
    except OSError as exc:
        err.print(f"{args.case}: error: {exc.strerror}", markup=False)
        return 2
    try:
        case = load_yaml(text)  # YAML reads JSON too
    except Exception as exc:  # noqa: BLE001 - any parse failure is bad input
        err.print(f"{args.case}: error: not JSON or YAML: {str(exc).splitlines()[0]}",
                  markup=False)
        return 2
    if not isinstance(case, dict):
        err.print(f"{args.case}: error: a case is a mapping of inputs", markup=False)
        return 2
    given = case.get("given", case)
    result = evaluate(ruleset, given)
    data: dict = {"ruleset": ruleset.id}
    if result.error is not None:
        data["error"] = {"kind": result.error.kind, "message": result.error.message,
                         "sources": [s.model_dump() for s in result.error.sources]}
    else:
        data["outputs"] = plain(result.outputs)
    if args.explain:
        data["trace"] = explain(result)
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=1) + "\n")
    return 0


def _batch(args) -> int:
    from .rules.batch import BatchError, evaluate_file

    if args.out is None:
        err.print(f"{args.batch}: error: --batch needs --out", markup=False)
        return 2
    try:
        rows = evaluate_file(load_ruleset(args.ruleset), args.batch, args.out)
    except InputError as exc:
        err.print(exc.render(), markup=False)
        return 2
    except BatchError as exc:
        err.print(f"{args.batch}: error: {exc}", markup=False)
        return 2
    err.print(f"evaluated {rows} people into {args.out}", markup=False)
    return 0


def cmd_deadline(args) -> int:
    """`ereje deadline RULESET EVENT --from DATE [--anchor A]`."""
    try:
        ruleset = load_ruleset(args.ruleset)
        found = deadline(ruleset, args.event, args.anchor_date, args.anchor)
    except InputError as exc:
        err.print(exc.render(), markup=False)
        return 2
    except EvaluationError as exc:
        err.print(f"{args.ruleset}: error: {exc.kind}: {exc.message}", markup=False)
        return 2
    out.print(found.date.isoformat())
    for step in found.steps:
        out.print(f"  {step[0].isoformat()}  {step[1]}", markup=False)
    return 0


def cmd_check(args) -> int:
    """`ereje check CASES... [--json]`: a table of outcomes; exit 1 on any mismatch."""
    files = [p for path in args.paths
             for p in (sorted(path.glob("*.yaml")) if path.is_dir() else [path])]
    outcomes, bad = [], 0
    for path in files:
        try:
            outcomes += run_file(path)
        except InputError as exc:
            err.print(exc.render(), markup=False)
            bad += 1
    failed = [o for o in outcomes if not o.passed]
    if args.json:
        sys.stdout.write(json.dumps([o.__dict__ for o in outcomes], ensure_ascii=False,
                                    indent=1, default=str) + "\n")
    else:
        table = Table(title=f"{len(outcomes) - len(failed)} of {len(outcomes)} cases pass")
        for col in ("file", "case", "result", "expected", "actual"):
            table.add_column(col)
        for o in outcomes:
            table.add_row(Path(o.file).name, o.name, "pass" if o.passed else "FAIL",
                          _short(o.expected), _short(o.actual) + (f" ({o.message})"
                                                                  if not o.passed else ""))
        out.print(table)
    return 2 if bad else (1 if failed else 0)


def _short(value) -> str:
    text = json.dumps(plain(value), ensure_ascii=False, default=str)
    return text if len(text) <= 70 else text[:67] + "…"
