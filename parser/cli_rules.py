"""`ereje evaluate`, `ereje deadline`, `ereje check`: running rulesets from the command line."""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path

from .errors import InputError
from .facts.model import plain
from . import console, limits
from .data import read_data
from .rules.cases import EvaluationError, deadline, explain, run_file
from .rules.interpret import evaluate
from .rules.load import load_ruleset, ruleset_on, works as load_works

# `ereje evaluate`'s exit code when the case ends in an error: its input is bad (2), or the
# ruleset cannot decide it (1); the JSON on stdout names the error either way.
EXIT_CODES = {"invalid_input": 2, "missing_input": 2, "ambiguous_tenure": 1, "missing_rule": 1, "no_band": 1,
              "overlap": 1}

out = console.stdout()
err = console.stderr()


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


def _works(args):
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
        ruleset = _ruleset(args)
    except InputError as exc:
        err.print(exc.render(), markup=False)
        return 2
    given = case["given"] if "given" in case else {k: v for k, v in case.items()
                                                   if k != "as_of"}
    result = evaluate(ruleset, given)
    data: dict = {"ruleset": ruleset.id}
    if ruleset.assumptions:
        data["assumptions"] = ruleset.assumptions
    if result.error is not None:
        data["error"] = {"kind": result.error.kind, "message": result.error.message,
                         "sources": [s.model_dump() for s in result.error.sources]}
    else:
        data["outputs"] = plain(result.outputs)
    if args.explain:
        data["trace"] = explain(result)
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=1) + "\n")
    if result.error is not None:
        err.print(f"{name}: error: {result.error.kind}: {result.error.message}"[:500],
                  markup=False)
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
        ruleset = _ruleset(args)
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


def cmd_deadline(args) -> int:
    """`ereje deadline RULESET EVENT --from DATE [--anchor A]`."""
    try:
        ruleset = _ruleset(args)
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
        works = _works(args)
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


def _ruleset(args):
    """The ruleset named on the command line, in its version as of --as-of when given."""
    if getattr(args, "as_of", None) is None:
        return load_ruleset(args.ruleset)
    return ruleset_on(args.ruleset, args.as_of, _works(args))


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
