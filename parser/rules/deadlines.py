"""The last allowed day of a deadline rule, with the steps that explain the count.

Rule forms (docs: `docs/vocabulary.md`, `deadline`):
  {working_days: N}            the Nth working day after (before) the anchor, N >= 1;
  {calendar_days: N}           anchor + N days (- N before); 0 is the anchor itself;
  {months: N}, {years: N}      the same day number N months (12*N) later (earlier), clamped to
                               the month's end: 31 Jan + 1 month = 28/29 Feb;
  {day_of_following_month: N}  day N of the month after the anchor's month (clamped likewise);
                               with `months_after: M`, of the Mth month after it ("не позднее
                               5-го числа второго месяца, следующего за кварталом": M = 2);
  {fixed_date: "MM-DD", year: "same"|"next"}  that day of the anchor's year or the next;
  {month_following: N}         to the end of the Nth calendar month after the anchor's month
                               ("в течение месяца, следующего за отчетным кварталом": the whole
                               month after the quarter, so 30 April, 31 July …).
A rule may also carry `direction` (after | before; it wins over the argument) and
`roll_to_working_day` (bool; it wins over the argument).

Counting starts the day after the anchor (after) or the day before it (before), as the Civil
Code counts a term from the day after its starting event.

A last day that is not a working day (every form but working_days, whose last day is a
working day by construction). Civil Code of the Republic of Kazakhstan (General Part),
art. 173: "Если последний день срока приходится на нерабочий день, днем окончания срока
считается ближайший следующий за ним рабочий день" (article number and wording as the issue
cites them, not yet checked against the official text; the same rule in the same words is
art. 193 of the Russian Civil Code). So by default (`roll_to_working_day=True`)
an `after` deadline ending on a day off moves FORWARD to the next working day. A `before`
deadline ("no later than N days before the meeting") moves BACK to the previous working day:
there the interval is the guarantee (the person must have at least N days before the event),
and moving the last day forward would shorten it, so the mirror of art. 173 is the working
day that still keeps the whole interval. `roll_to_working_day=False` gives the raw date.
The day number of `day_of_following_month` and `fixed_date` is the rule's own, the direction
only chooses which way a day off rolls.
"""
from __future__ import annotations

import calendar as gregorian
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Callable, NamedTuple

from .calendar import Calendar, CalendarError
from ..compare.plain import term

CIVIL_CODE_173 = "Civil Code art. 173"
_DIRECTIONS = ("after", "before")
_OPTION_KEYS = {"direction", "roll_to_working_day"}
_QUALIFIERS = {"year": "fixed_date", "months_after": "day_of_following_month"}


class DeadlineError(ValueError):
    """A deadline rule that cannot be computed; the message names the rule."""


class Step(NamedTuple):
    """One line of the explanation: a day and what the count did with it."""

    date: date
    note: str


@dataclass(frozen=True)
class Deadline:
    """The last allowed day, how it was reached, and what the calendar could not vouch for."""

    date: date
    steps: tuple[Step, ...]
    warnings: tuple[str, ...] = ()


def last_day(rule: dict, anchor: date | None, calendar: Calendar, direction: str = "after",
             roll_to_working_day: bool = True) -> Deadline:
    """Compute the last allowed day of `rule` counted from `anchor` in `direction`, with a
    warning for each year of the count past the calendar data; a count past what the
    calendar can answer (or past 9999) is a DeadlineError."""
    try:
        if isinstance(anchor, date) and hasattr(calendar, "check_year"):
            calendar.check_year(anchor)
        found = _last_day(rule, anchor, calendar, direction, roll_to_working_day)
    except DeadlineError:
        raise
    except CalendarError as exc:
        raise DeadlineError(f"deadline rule {rule!r} from {anchor}: {exc}") from None
    except (OverflowError, ValueError):  # date arithmetic past 9999-12-31 or before year 1
        raise DeadlineError(f"deadline rule {rule!r} from {anchor}: the count runs past the "
                            "years a date can have") from None
    missing = getattr(calendar, "missing_years", lambda a, b: [])(anchor, found.date)
    warnings = tuple(f"no calendar data for {year}: its public holidays are the law's, but "
                     f"a government transfer of days off in {year} is not known"
                     for year in missing)
    return Deadline(found.date, found.steps, warnings)


def _last_day(rule: dict, anchor: date | None, calendar: Calendar, direction: str,
              roll_to_working_day: bool) -> Deadline:
    if not isinstance(rule, dict):
        raise DeadlineError(f"deadline rule {rule!r}: not a mapping")
    if not isinstance(anchor, date):
        raise DeadlineError(f"deadline rule {rule!r}: missing anchor date")
    direction = rule.get("direction", direction)
    roll = rule.get("roll_to_working_day", roll_to_working_day)
    if direction not in _DIRECTIONS:
        raise DeadlineError(f"deadline rule {rule!r}: direction must be after or before")
    if not isinstance(roll, bool):
        raise DeadlineError(f"deadline rule {rule!r}: roll_to_working_day must be true or false")
    form, value = _form_of(rule)
    sign = 1 if direction == "after" else -1
    steps = [Step(anchor, f"anchor; counting {direction} it")]
    if form == "working_days":
        end = _count_working_days(rule, value, anchor, sign, calendar, steps)
        return Deadline(end, tuple(steps))
    end = _RAW_FORMS[form](rule, value, anchor, sign)
    steps.append(Step(end, f"{term({form: value}, direction)}: {calendar.why(end)}"))
    if roll:
        end = _roll(end, sign, calendar, steps)
    elif not calendar.is_working_day(end):
        steps.append(Step(end, "not a working day, kept as is (roll_to_working_day off)"))
    steps.append(Step(end, "last allowed day"))
    return Deadline(end, tuple(steps))


def first_day_in_effect(rule: dict, anchor: date, calendar: Calendar,
                        direction: str = "after") -> Deadline:
    """The first day an act is in effect under `rule` from `anchor`: "from the day of
    publication" is that day, "from 1 April" (a fixed date) that date; "N days after
    publication" the day after the N days have passed. Not moved to a working day (it is
    not the last day for an action)."""
    end = last_day(rule, anchor, calendar, direction, roll_to_working_day=False)
    if end.date == anchor or "fixed_date" in rule:
        return end
    first = end.date + timedelta(days=1)
    return Deadline(first, (*end.steps, Step(first, "the first day after the term: in effect")),
                    end.warnings)


def _form_of(rule: dict) -> tuple[str, object]:
    """The rule's one form key and its value; any other key (but options) is an error."""
    forms = [key for key in rule if key in _FORMS]
    extra = set(rule) - set(_FORMS) - _OPTION_KEYS - set(_QUALIFIERS)
    if len(forms) != 1 or extra:
        raise DeadlineError(f"deadline rule {rule!r}: unknown rule form")
    for key, form in _QUALIFIERS.items():
        if key in rule and forms[0] != form:
            raise DeadlineError(f"deadline rule {rule!r}: `{key}` belongs to {form} only")
    return forms[0], rule[forms[0]]


def _count(rule: dict, value: object, least: int) -> int:
    """An integer N >= least (booleans are not numbers here)."""
    if isinstance(value, bool) or not isinstance(value, int) or value < least:
        raise DeadlineError(f"deadline rule {rule!r}: expected a whole number >= {least}")
    return value


def _count_working_days(rule: dict, value: object, anchor: date, sign: int,
                        calendar: Calendar, steps: list[Step]) -> date:
    """Walk day by day from the anchor, counting working days and noting each skipped day."""
    wanted = _count(rule, value, 1)
    day, counted = anchor, 0
    while counted < wanted:
        day += timedelta(days=sign)
        if calendar.is_working_day(day):
            counted += 1
            steps.append(Step(day, f"working day {counted} of {wanted}"))
        else:
            steps.append(Step(day, f"skipped: {calendar.why(day)}"))
    steps.append(Step(day, "last allowed day"))
    return day


def _roll(day: date, sign: int, calendar: Calendar, steps: list[Step]) -> date:
    """Move a day off to the nearest working day: forward after, back before (module doc)."""
    way = "forward" if sign > 0 else "back"
    rule = CIVIL_CODE_173 if sign > 0 else f"the mirror of {CIVIL_CODE_173}, module doc"
    while not calendar.is_working_day(day):
        day += timedelta(days=sign)
        steps.append(Step(day, f"rolled {way} ({rule}): {calendar.why(day)}"))
    return day


def _add_months(day: date, months: int) -> date:
    """The same day number `months` later (negative: earlier), clamped to the month's end."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return _clamped(year, month + 1, day.day)


def _clamped(year: int, month: int, day: int) -> date:
    """Day `day` of the month, or the month's last day when it is shorter."""
    return date(year, month, min(day, gregorian.monthrange(year, month)[1]))


def _calendar_days(rule: dict, value: object, anchor: date, sign: int) -> date:
    """Anchor plus (minus) N calendar days; N = 0 is the anchor."""
    return anchor + timedelta(days=sign * _count(rule, value, 0))


def _months(rule: dict, value: object, anchor: date, sign: int) -> date:
    """N months after (before) the anchor, clamped."""
    return _add_months(anchor, sign * _count(rule, value, 0))


def _years(rule: dict, value: object, anchor: date, sign: int) -> date:
    """N years after (before) the anchor, clamped (29 Feb + 1 year = 28 Feb)."""
    return _add_months(anchor, sign * 12 * _count(rule, value, 0))


def _day_of_following_month(rule: dict, value: object, anchor: date, sign: int) -> date:
    """Day N (1..31) of the month after the anchor's month (or of the `months_after`th
    month after it), clamped to that month's end."""
    number = _count(rule, value, 1)
    if number > 31:
        raise DeadlineError(f"deadline rule {rule!r}: no month has day {number}")
    following = _add_months(anchor.replace(day=1), _count(rule, rule.get("months_after", 1), 1))
    return _clamped(following.year, following.month, number)


def _month_following(rule: dict, value: object, anchor: date, sign: int) -> date:
    """The last day of the Nth calendar month after the anchor's month."""
    month = _add_months(anchor.replace(day=1), _count(rule, value, 1))
    return _clamped(month.year, month.month, 31)


def _fixed_date(rule: dict, value: object, anchor: date, sign: int) -> date:
    """"MM-DD" in the anchor's year (`year: same`) or the next (`year: next`)."""
    offsets = {"same": 0, "next": 1}
    if rule.get("year") not in offsets:
        raise DeadlineError(f"deadline rule {rule!r}: year must be same or next")
    year = anchor.year + offsets[rule["year"]]
    try:
        month, day = (int(part) for part in str(value).split("-"))
        return date(year, month, day)
    except ValueError:
        raise DeadlineError(f"deadline rule {rule!r}: fixed_date is not a valid MM-DD") from None


_RAW_FORMS: dict[str, Callable[[dict, object, date, int], date]] = {
    "calendar_days": _calendar_days,
    "months": _months,
    "years": _years,
    "day_of_following_month": _day_of_following_month,
    "fixed_date": _fixed_date,
    "month_following": _month_following,
}
_FORMS = {"working_days", *_RAW_FORMS}
