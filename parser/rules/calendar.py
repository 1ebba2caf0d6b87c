"""Kazakhstan's working-day calendar (five-day week) for deadline arithmetic.

Two sources, the second winning:

1. the `holidays` package (`holidays.country_holidays("KZ")`): public holidays of the Law
   "On holidays in the Republic of Kazakhstan", the statutory move of a holiday that falls on
   a Saturday or Sunday to the next working day (religious holidays, Orthodox Christmas and the
   first day of Kurban Ait, are not moved), and the government's transfers of days off that the
   package knows (a weekday made a day off, with the weekend day that becomes a working day);
2. `corpus/calendar/<year>.yaml`: corrections the package lacks, each with its source
   (see corpus/calendar/README.md): `days_off` (a weekday that is not worked) and
   `working_days` (a weekend day or a holiday that is worked).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Mapping

import yaml

from ..limits import CALENDAR_YEARS_AHEAD
from ..resources import CALENDAR

DEFAULT_ROOT = CALENDAR

_FILE_KEYS = {"year", "note", "days_off", "working_days"}
_ENTRY_KEYS = {"date", "reason", "source"}


class CalendarError(ValueError):
    """A calendar override file that cannot be read as documented, or a day the calendar
    cannot answer for."""


def _package_last_year() -> int:
    """The last year for which the package lists the government's transfers of days off."""
    from holidays.countries import kazakhstan  # lazy: only when a calendar is built

    table = getattr(kazakhstan.KazakhstanStaticHolidays, "special_public_holidays", None)
    return max(table) if table else date.today().year


@dataclass(frozen=True)
class Override:
    """One day whose status a corpus file sets: worked or not, why, and on whose authority."""

    day: date
    working: bool
    reason: str
    source: str


class Calendar:
    """Working days of Kazakhstan: the package's holidays overridden by the corpus files."""

    def __init__(self, overrides: Mapping[date, Override] | None = None, language: str = "en_US",
                 years: tuple[int, ...] = ()):
        """Build a calendar from overrides (by date) over the package's KZ holidays; `years`
        are the years the overrides were checked for (a file may list no day)."""
        import holidays  # heavy: only when a calendar is built

        self._overrides = dict(overrides or {})
        self._package = holidays.country_holidays("KZ", language=language)
        self.first_year = self._package.start_year
        self.last_year = max([_package_last_year(), *years,
                              *(d.year for d in self._overrides)])

    def check_year(self, d: date) -> None:
        """A day whose year would be a guess (before the law, or past the horizon of
        limits.CALENDAR_YEARS_AHEAD after the data) is a CalendarError."""
        if d.year < self.first_year:
            raise CalendarError(f"{d.isoformat()}: no working-day calendar before "
                                f"{self.first_year}")
        if d.year > self.last_year + CALENDAR_YEARS_AHEAD:
            raise CalendarError(f"{d.isoformat()}: the calendar data ends with "
                                f"{self.last_year}; a count reaching {d.year} would be a guess")

    def missing_years(self, start: date, end: date) -> list[int]:
        """Years between two days (either order) past the calendar data: their holidays are
        the law's, but a transfer of days off decided for them is not known."""
        low, high = sorted((start.year, end.year))
        return [year for year in range(low, high + 1) if year > self.last_year]

    @classmethod
    def load(cls, root: Path = DEFAULT_ROOT, language: str = "en_US") -> Calendar:
        """Read every `<year>.yaml` under root; a date listed twice is an error."""
        overrides: dict[date, Override] = {}
        paths = sorted(Path(root).glob("*.yaml"))
        for path in paths:
            for item in read_overrides(path):
                if item.day in overrides:
                    raise CalendarError(f"{path.name}: {item.day} is listed twice")
                overrides[item.day] = item
        return cls(overrides, language, tuple(_year_of(p) for p in paths))

    def is_working_day(self, d: date) -> bool:
        """True when d is worked: an override first, else the package (holidays, weekends)."""
        if d in self._overrides:
            return self._overrides[d].working
        self.check_year(d)
        self._package.get(d)  # makes the package compute d's year before asking about it
        return self._package.is_working_day(d)

    def why(self, d: date) -> str:
        """Say why d is (not) a working day: override reason, holiday name, weekend or plain."""
        if d in self._overrides:
            item = self._overrides[d]
            status = "working day" if item.working else "day off"
            return f"{status}: {item.reason} ({item.source})"
        self.check_year(d)
        name = self._package.get(d)
        weekday = d.strftime("%A")
        if name:
            return f"holiday: {name} ({weekday})"
        if self._package.is_weekend(d):
            if self._package.is_working_day(d):
                return f"working {weekday}: a day off moved by government resolution"
            return f"weekend ({weekday})"
        return f"working day ({weekday})"


def read_overrides(path: Path) -> list[Override]:
    """Parse one `<year>.yaml`: its days off and working days, each with reason and source."""
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    if not isinstance(data, dict):
        raise CalendarError(f"{path.name}: expected a mapping")
    unknown = set(data) - _FILE_KEYS
    if unknown:
        raise CalendarError(f"{path.name}: unknown keys {sorted(unknown)}")
    year = data.get("year")
    if year != _year_of(path):
        raise CalendarError(f"{path.name}: `year: {year}` does not match the file name")
    items = [_entry(path, year, raw, working=False) for raw in data.get("days_off") or []]
    items += [_entry(path, year, raw, working=True) for raw in data.get("working_days") or []]
    return items


def _year_of(path: Path) -> int:
    """The year a file is named after (`2026.yaml` -> 2026)."""
    try:
        return int(Path(path).stem)
    except ValueError:
        raise CalendarError(f"{path.name}: a calendar file is named <year>.yaml") from None


def _entry(path: Path, year: int, raw: object, working: bool) -> Override:
    """One list item `{date, reason, source}` checked against the file's year."""
    if not isinstance(raw, dict) or set(raw) != _ENTRY_KEYS:
        raise CalendarError(f"{path.name}: each entry has exactly {sorted(_ENTRY_KEYS)}: {raw!r}")
    day = raw["date"]
    if isinstance(day, str):
        try:
            day = date.fromisoformat(day)
        except ValueError:
            raise CalendarError(f"{path.name}: bad date {raw['date']!r}") from None
    if not isinstance(day, date) or day.year != year:
        raise CalendarError(f"{path.name}: {raw['date']!r} is not a date of {year}")
    reason, source = str(raw["reason"]).strip(), str(raw["source"]).strip()
    if not reason or not source:
        raise CalendarError(f"{path.name}: {day} needs a reason and a source")
    return Override(day, working, reason, source)
