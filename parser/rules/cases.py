"""Sample cases: YAML files that name a ruleset and list cases with their expected results.

`ruleset:` names a corpus id compiled into generated/, a compiled JSON file, or a source
decree (compiled on the fly); `as_of:` (a date) takes the version of that decree in force on
the day (parser/amend/works.py). A grading case gives `given:` inputs and `expect:` outputs; a
deadline case gives `deadline:` (the event), `from:` (the anchor date), optionally
`anchor:`, and `expect:` (the last allowed date). A case passes when every expected output
matches: dates and grades exactly, scores to 0.005.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from ..data import number, read_data
from ..errors import InputError
from ..facts.model import plain
from ..resources import CORPUS
from .calendar import Calendar
from .deadlines import DeadlineError, first_day_in_effect, last_day
from .interpret import EvaluationError, Result, evaluate
from .load import load_ruleset, ruleset_on, works as load_works
from .model import Ruleset
from .vocab import vocabulary

TOLERANCE = Decimal("0.005")


@dataclass
class Outcome:
    """One case checked: passed or not, and what differed."""

    file: str
    name: str
    passed: bool
    expected: Any
    actual: Any
    message: str = ""


def run_file(path: Path, calendar=None, as_of: date | None = None,
             works=None) -> list[Outcome]:
    """Every case of a case file, checked against its ruleset — in its version in force on
    the case's `as_of:`, else the file's, else `as_of`, when one is given; versions of the
    file's `publications:` corpus, else of `works`, else of the corpus. A file that is not
    a case file as documented is an InputError naming the file and the reason."""
    data = read_data(path)
    cases = _cases(data, str(path))
    ref = str(data["ruleset"])
    versions: dict[date, Ruleset] = {}
    own, work_ref = published_works(path, data)
    works = own or works

    def ruleset_for(day) -> Ruleset:
        if day is None:
            if None not in versions:
                try:
                    versions[None] = load_ruleset(ref, path.parent)
                except InputError as exc:
                    raise InputError(str(path), f"ruleset {ref}: {exc.reason}") from None
            return versions[None]
        day = _date(day)
        if day not in versions:
            try:
                versions[day] = ruleset_on(work_ref or ref, day, works)
            except InputError as exc:
                raise InputError(str(path), exc.reason) from None
        return versions[day]

    default = data.get("as_of") or as_of
    return [check(ruleset_for(case.get("as_of") or default), case, str(path), calendar)
            for case in cases]


def _cases(data, file: str) -> list[dict]:
    """The cases of a case file, after checking the file's shape."""
    if not isinstance(data, dict):
        raise InputError(file, "a case file is a mapping with ruleset: and cases:")
    if data.get("ruleset") in (None, ""):
        raise InputError(file, "no ruleset: (a corpus id, compiled JSON file or decree)")
    cases = data.get("cases") or []
    if not isinstance(cases, list):
        raise InputError(file, "cases: is a list of cases (each starting with `- `)")
    for k, case in enumerate(cases, 1):
        if not isinstance(case, dict):
            raise InputError(file, "each case is a mapping (name:, given: or deadline:, "
                             "expect:)", f"case {k}")
        for key in ("as_of", "from"):
            if case.get(key) is not None and not _is_date(case[key]):
                raise InputError(file, f"{key}: {str(case[key])[:40]!r} is not a date "
                                 "(YYYY-MM-DD)", f"case {k}")
    if data.get("as_of") is not None and not _is_date(data["as_of"]):
        raise InputError(file, "as_of: is not a date (YYYY-MM-DD)")
    return cases


def _is_date(value) -> bool:
    """Whether a case file's value reads as a date."""
    try:
        _date(value)
    except ValueError:
        return False
    return True


def published_works(path: Path, data: dict):
    """(works, the ruleset's id among them) of a case file that states `publications:` (a
    decree file relative to the case file, or a corpus id -> the date of its first official
    publication): the works of the decree files beside the case file with the ruleset's
    suffix (the case file's corpus: the act amended is found there), or of the whole corpus
    when the keys are corpus ids, each act dated by its publication; (None, None) without."""
    stated = data.get("publications")
    if not stated:
        return None, None
    if not isinstance(stated, dict):
        raise InputError(str(path), "publications: is a mapping of decree files to dates")
    try:
        published = {Path(str(f)).stem: _date(d) for f, d in stated.items()}
    except (TypeError, ValueError):
        raise InputError(str(path), "publications: dates are YYYY-MM-DD") from None
    named = [str(f) for f in [*stated, data["ruleset"]]]
    given_as = f"{path.name}: publications"
    if all(_is_corpus_id(f) for f in named):
        return _corpus_works(tuple(sorted(published.items())), given_as), str(data["ruleset"])
    missing = [f for f in named if not (path.parent / f).is_file()]
    if missing:
        raise InputError(str(path), f"publications: no such decree: {', '.join(missing)}")
    ruleset = path.parent / str(data["ruleset"])
    files = sorted(path.parent.glob(f"*{ruleset.suffix}"))
    return load_works(files, published=published, given_as=given_as), ruleset.stem


def _is_corpus_id(name: str) -> bool:
    """Whether a name is an entry of the project's corpus/ (a folder with its meta.yaml)."""
    return "/" not in name and (CORPUS / name / "meta.yaml").is_file()


@functools.lru_cache(maxsize=4)
def _corpus_works(published: tuple, given_as: str):
    """The works of the whole corpus with these publication dates, read once per process."""
    return load_works(published=dict(published), given_as=given_as)


def check(ruleset: Ruleset, case: dict, file: str = "", calendar=None) -> Outcome:
    name = str(case.get("name", ""))
    expected = case.get("expect")
    if "deadline" in case:
        if case.get("from") is None:
            return Outcome(file, name, False, expected, None, "a deadline case needs from:")
        try:
            found = deadline(ruleset, case["deadline"], _date(case["from"]),
                             case.get("anchor"), calendar, _list(case.get("clause")))
        except EvaluationError as exc:
            return _compare_error(file, name, expected, exc)
        actual = found.date
        return Outcome(file, name, _is_date(expected) and actual == _date(expected), expected,
                       actual.isoformat())
    result = evaluate(ruleset, case.get("given") or {})
    if result.error is not None:
        return _compare_error(file, name, expected, result.error)
    diffs = [k for k, v in (expected or {}).items() if not _same(v, result.outputs.get(k))]
    return Outcome(file, name, not diffs, expected, _plain(result.outputs),
                   "differs in " + ", ".join(diffs) if diffs else "")


def _compare_error(file, name, expected, exc: EvaluationError) -> Outcome:
    wanted = expected.get("error") if isinstance(expected, dict) else None
    return Outcome(file, name, wanted == exc.kind, expected, {"error": exc.kind},
                   exc.message)


def _same(expected, actual) -> bool:
    if isinstance(expected, str) and isinstance(actual, Decimal):  # "3,99" as typed
        try:
            expected = number(expected)
        except ValueError:
            return False
    if isinstance(expected, (int, Decimal)) and not isinstance(expected, bool):
        return isinstance(actual, Decimal) and abs(Decimal(expected) - actual) <= TOLERANCE
    if isinstance(expected, list):
        return isinstance(actual, list) and len(expected) == len(actual) and all(
            _same(e, a) for e, a in zip(expected, actual))
    return expected == actual


def _list(value) -> list[str]:
    return [str(v) for v in value] if isinstance(value, list) else [str(value)] if value else []


def _date(value) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def _plain(value):
    return plain(value)


def deadline(ruleset: Ruleset, event: str, anchor_date: date, anchor: str | None = None,
             calendar=None, clauses: list[str] | None = None):
    """The last allowed day of an event's deadline, counted from the anchor date; `anchor`
    and `clauses` (the addresses a case exercises) choose among an event's rules when the
    decree has several."""
    rules = [d for d in ruleset.plan.deadlines if d.event == event
             and (anchor is None or d.anchor == anchor)]
    chosen = [d for d in rules if any(s.address in (clauses or ()) for s in d.sources)]
    rules = chosen or rules
    if not rules:
        known = sorted({f"{d.event} [{d.anchor}]" for d in ruleset.plan.deadlines})
        raise EvaluationError("missing_rule", f"no deadline for {event}"
                              + (f" from {anchor}" if anchor else "")
                              + f" in {ruleset.id}; it has: {', '.join(known)}")
    if len({d.anchor for d in rules}) > 1:
        anchors = ", ".join(sorted({d.anchor for d in rules}))
        raise EvaluationError("ambiguous_anchor", f"{event} is counted from one of {anchors}: "
                              "say which (anchor)", [s for d in rules for s in d.sources])
    if len(rules) > 1:
        clauses = ", ".join(s.address for d in rules for s in d.sources)
        raise EvaluationError("ambiguous_rule", f"{event} has {len(rules)} rules ({clauses}): "
                              "say which clause", [s for d in rules for s in d.sources])
    rule = _excepted(rules[0], anchor_date)
    counts = {k: int(v) if isinstance(v, Decimal) and v == v.to_integral_value() else v
              for k, v in rule.rule.items()}
    try:
        if event in vocabulary()["takes_effect"]:
            return first_day_in_effect(counts, anchor_date, calendar or Calendar.load(),
                                       rule.direction)
        return last_day(counts, anchor_date, calendar or Calendar.load(), rule.direction,
                        roll_to_working_day=event not in vocabulary()["kept_until"])
    except DeadlineError as exc:
        raise EvaluationError("deadline", str(exc), rule.sources) from None
    except OverflowError:
        raise EvaluationError("deadline", f"{event} from {anchor_date}: the count runs past "
                              "year 9999", rule.sources) from None


def _excepted(rule, anchor_date: date):
    """The rule itself, or its exception for the quarter the anchor falls in (the fourth
    quarter's own date)."""
    quarter = (anchor_date.month - 1) // 3 + 1
    for exception in rule.exceptions:
        if exception.quarter == quarter:
            return rule.model_copy(update={"rule": exception.rule,
                                           "direction": exception.direction})
    return rule


