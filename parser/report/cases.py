"""The sample cases of a decree for the report: each case checked, with its trace (the steps
and the clauses each cites)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path

from ..data import load_yaml
from ..errors import InputError
from ..facts.model import plain
from ..rules.cases import check, deadline, ruleset_on
from ..rules.interpret import EvaluationError, evaluate
from ..rules.model import Ruleset


@dataclass
class CaseView:
    """One case: name, pass/fail, expected and actual, and its trace steps."""

    file: str
    name: str
    passed: bool
    expected: object
    actual: object
    message: str
    given: object = None
    trace: list[dict] = field(default_factory=list)  # {step, value, rule, sources}


def case_files(folder: Path | None) -> dict[str, list[tuple[Path, dict]]]:
    """The case files of a folder, each with its data, by the decree each names as its
    ruleset (each file read once, whatever the number of decrees)."""
    found: dict[str, list[tuple[Path, dict]]] = {}
    if folder is None:
        return found
    for path in sorted(folder.glob("*.yaml")):
        data = load_yaml(path.read_text(encoding="utf-8"))
        if isinstance(data, dict) and data.get("ruleset") is not None:
            found.setdefault(str(data["ruleset"]), []).append((path, data))
    return found


def run(path: Path, data: dict, ruleset: Ruleset, works=None) -> list[CaseView]:
    """Every case of a case file (`data`, as case_files read it), checked against `ruleset`
    (or, for a case with as_of, the version in force that day among `works`, an
    amend.works.Works: by default the corpus's)."""
    views = []
    for case in data.get("cases") or []:
        day = case.get("as_of") or data.get("as_of")
        try:
            chosen = ruleset_on(ruleset.id, _date(day), works) if day else ruleset
        except InputError as exc:
            views.append(CaseView(path.name, str(case.get("name")), False, case.get("expect"),
                                  None, exc.reason))
            continue
        views.append(_view(path.name, case, chosen))
    return views


def _view(file: str, case: dict, ruleset: Ruleset) -> CaseView:
    """A case checked, with its trace."""
    outcome = check(ruleset, case, file)
    view = CaseView(file, outcome.name, outcome.passed, plain(outcome.expected),
                    outcome.actual, outcome.message,
                    plain(case.get("given")) if "given" in case else None)
    if "deadline" in case:
        view.trace = _deadline_trace(ruleset, case)
    else:
        view.trace = [{"step": s.name, "value": plain(s.value), "rule": s.rule,
                       "sources": [asdict(src) for src in s.sources]}
                      for s in evaluate(ruleset, case.get("given") or {}).trace]
    return view


def _deadline_trace(ruleset: Ruleset, case: dict) -> list[dict]:
    """The days a deadline case counts, and the clauses of the rule it uses."""
    clauses = [str(c) for c in (case.get("clause") or [])] \
        if isinstance(case.get("clause"), list) else [str(case["clause"])] \
        if case.get("clause") else []
    rules = [d for d in ruleset.plan.deadlines if d.event == case["deadline"]]
    sources = [asdict(s) for d in rules for s in d.sources
               if not clauses or s.address in clauses] or \
        [asdict(s) for d in rules for s in d.sources]
    try:
        found = deadline(ruleset, case["deadline"], _date(case["from"]), case.get("anchor"),
                         clauses=clauses)
    except EvaluationError as exc:
        return [{"step": "error", "value": exc.kind, "rule": exc.message, "sources": sources}]
    return [{"step": day.isoformat(), "value": None, "rule": note, "sources": []}
            for day, note in found.steps] + [{"step": "last day", "value": found.date.isoformat(),
                                              "rule": case["deadline"], "sources": sources}]


def _date(value) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))
