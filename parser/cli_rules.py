"""`ereje deadline`, `ereje check`, `ereje timeline`: running rulesets from the command line
(`ereje evaluate`: parser/cli_evaluate.py)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from . import console
from .cli_evaluate import ruleset_of, works_of
from .data import plain
from .errors import InputError
from .rules.cases import EvaluationError, deadline, run_file
from .rules.load import load_ruleset, works as load_works

out = console.stdout()
err = console.stderr()


def cmd_deadline(args) -> int:
    """`ereje deadline RULESET EVENT --from DATE [--anchor A]`."""
    try:
        ruleset = ruleset_of(args, load_ruleset)
        found = deadline(ruleset, args.event, args.anchor_date, args.anchor)
    except InputError as exc:
        err.print(exc.render(), markup=False)
        return 2
    except EvaluationError as exc:
        err.print(f"{args.ruleset}: error: {exc.kind}: {exc.message}", markup=False)
        return 2
    for assumption in ruleset.assumptions:
        err.print(f"{args.ruleset}: assumption: {assumption}", markup=False)
    out.print(found.date.isoformat())
    for step in found.steps:
        out.print(f"  {step[0].isoformat()}  {step[1]}", markup=False)
    for warning in found.warnings:
        err.print(f"{args.ruleset}: warning: {warning}", markup=False)
    return 0


def cmd_check(args) -> int:
    """`ereje check CASES... [--json]`: a table of outcomes; exit 1 on any mismatch."""
    files, bad = [], 0
    for path in args.paths:
        found = _case_files(path)
        if not found:
            err.print(f"{path}: error: " + ("no case files (*.yaml, *.yml, *.json) here"
                                            if path.is_dir() else "no such file"),
                      markup=False)
            bad += 1
        files += found
    outcomes = []
    try:
        works = works_of(args)
    except InputError as exc:
        err.print(exc.render(), markup=False)
        return 2
    for path in files:
        try:
            outcomes += run_file(path, as_of=args.as_of, works=works)
        except InputError as exc:
            err.print(exc.render(), markup=False)
            bad += 1
    failed = [o for o in outcomes if not o.passed]
    if args.json:
        sys.stdout.write(json.dumps([o.__dict__ for o in outcomes], ensure_ascii=False,
                                    indent=1, default=str) + "\n")
    else:
        from rich.table import Table  # lazy: `ereje evaluate` never prints a table

        table = Table(title=f"{len(outcomes) - len(failed)} of {len(outcomes)} cases pass")
        for col in ("file", "case", "result", "expected", "actual"):
            table.add_column(col)
        for o in outcomes:
            table.add_row(Path(o.file).name, o.name, "pass" if o.passed else "FAIL",
                          _short(o.expected), _short(o.actual) + (f" ({o.message})"
                                                                  if not o.passed else ""))
        out.print(table)
        per_file = {}
        for o in outcomes:
            per_file.setdefault(Path(o.file).name, []).append(o.passed)
        for name, results in per_file.items():
            out.print(f"{name}: {sum(results)} of {len(results)} pass", markup=False)
        out.print(f"{len(outcomes) - len(failed)} of {len(outcomes)} cases pass", markup=False)
    return 2 if bad else (1 if failed else 0)


def _case_files(path: Path) -> list[Path]:
    """The case files a path names: itself, or a folder's *.yaml, *.yml and *.json."""
    if path.is_dir():
        return sorted(p for p in path.iterdir()
                      if p.suffix.lower() in (".yaml", ".yml", ".json") and p.is_file())
    return [path] if path.exists() else []


def cmd_timeline(args) -> int:
    """`ereje timeline WORK`: one line per version; pending amendments on stderr."""
    works = load_works()
    try:
        versions = works.timeline(args.work)
    except KeyError as exc:
        err.print(f"{args.work}: error: {exc.args[0]}", markup=False)
        return 2
    for v in versions:
        start = v.valid_from.isoformat() if v.valid_from else f"unknown (not before {v.not_before})"
        end = v.valid_to.isoformat() if v.valid_to else ("unknown" if v.ends_unknown else "…")
        out.print(f"{v.index}  {start} – {end}  {' + '.join(v.acts)}"
                  + ("" if v.text else "  [text not in the corpus]"), markup=False)
        if v.start_rule:
            out.print(f"   {v.start_rule}", markup=False)
    for d in works.diagnostics:
        err.print(f"{d.code} {d.message}", markup=False)
    return 0


def _short(value) -> str:
    text = json.dumps(plain(value), ensure_ascii=False, default=str)
    return text if len(text) <= 70 else text[:67] + "…"
