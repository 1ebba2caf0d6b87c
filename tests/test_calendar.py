"""Kazakhstan's working-day calendar: the package's holidays and the corpus corrections.

Expected days are taken from the published holiday calendars (Law "On holidays", statutory
moves of weekend holidays, the government's transfers), worked out by hand.
"""
from datetime import date, timedelta

import pytest

from parser.rules.calendar import Calendar, CalendarError


@pytest.fixture(scope="module")
def kz() -> Calendar:
    return Calendar.load()


# Weekdays of 2026 that are not worked: holidays, holidays moved off a weekend, Kurban Ait.
# 31 August 2026 is worked: no Constitution Day in 2026 (moved to 15 March from 2027).
WEEKDAYS_OFF_2026 = {
    date(2026, 1, 1), date(2026, 1, 2),                  # New Year (Thu, Fri)
    date(2026, 1, 7),                                    # Orthodox Christmas (Wed)
    date(2026, 3, 9),                                    # 8 March was a Sunday
    date(2026, 3, 23),                                   # Nauryz (Mon)
    date(2026, 3, 24), date(2026, 3, 25),                # Nauryz 21, 22 March (Sat, Sun) moved
    date(2026, 5, 1), date(2026, 5, 7),                  # Unity Day (Fri), Defender's Day (Thu)
    date(2026, 5, 11),                                   # Victory Day 9 May was a Saturday
    date(2026, 5, 27),                                   # Kurban Ait, first day (Wed)
    date(2026, 7, 6),                                    # Capital Day (Mon)
    date(2026, 10, 26),                                  # Republic Day 25 October was a Sunday
    date(2026, 12, 16),                                  # Independence Day (Wed)
}


def test_weekdays_off_2026(kz):
    day, found = date(2026, 1, 1), set()
    while day.year == 2026:
        if day.weekday() < 5 and not kz.is_working_day(day):
            found.add(day)
        day += timedelta(days=1)
    assert found == WEEKDAYS_OFF_2026


@pytest.mark.parametrize("day, working", [
    (date(2026, 3, 21), False),   # Nauryz on a Saturday
    (date(2026, 3, 26), True),    # the Thursday after the Nauryz break
    (date(2026, 8, 31), True),    # no Constitution Day move in 2026
    (date(2026, 3, 28), False),   # plain Saturday
    (date(2024, 5, 4), True),     # Saturday worked: its day off moved to Wednesday 8 May 2024
    (date(2024, 5, 8), False),
    (date(2025, 1, 5), True),     # Sunday worked: its day off moved to Friday 3 January 2025
    (date(2025, 1, 3), False),
    (date(2025, 3, 24), False),   # Nauryz 2025: 22, 23 March (Sat, Sun) moved to 24, 25
    (date(2025, 3, 26), True),
    (date(2025, 9, 1), False),    # Constitution Day 30 August 2025 was a Saturday
    (date(2027, 3, 15), False),   # Constitution Day from 2027 (Monday)
    (date(2027, 8, 30), True),
])
def test_is_working_day(kz, day, working):
    assert kz.is_working_day(day) is working


def test_why_names_the_reason(kz):
    assert "Nowruz" in kz.why(date(2026, 3, 21))
    assert "(observed)" in kz.why(date(2026, 3, 24))
    assert kz.why(date(2026, 3, 28)) == "weekend (Saturday)"
    assert kz.why(date(2026, 3, 26)) == "working day (Thursday)"
    assert "moved" in kz.why(date(2024, 5, 4))


OVERRIDES = """\
year: 2026
note: invented for the test
days_off:
  - date: 2026-05-08
    reason: day off transferred from Saturday 16 May
    source: resolution No. 1 of 01.01.2026
working_days:
  - date: 2026-05-16
    reason: working Saturday
    source: resolution No. 1 of 01.01.2026
  - date: 2026-03-23
    reason: worked for the test
    source: resolution No. 2 of 01.01.2026
"""


def test_yaml_override_wins_over_package(tmp_path):
    (tmp_path / "2026.yaml").write_text(OVERRIDES, encoding="utf-8")
    cal = Calendar.load(tmp_path)
    assert cal.is_working_day(date(2026, 5, 8)) is False      # a plain Friday in the package
    assert cal.is_working_day(date(2026, 5, 16)) is True      # a plain Saturday in the package
    assert cal.is_working_day(date(2026, 3, 23)) is True      # Nauryz in the package
    assert cal.is_working_day(date(2026, 3, 24)) is False     # not overridden: package
    assert cal.why(date(2026, 5, 8)) == (
        "day off: day off transferred from Saturday 16 May (resolution No. 1 of 01.01.2026)")


@pytest.mark.parametrize("name, text, message", [
    ("2026.yaml", "year: 2025\n", "does not match"),
    ("calendar.yaml", "year: 2026\n", "named <year>.yaml"),
    ("2026.yaml", "year: 2026\ndays_off:\n  - {date: 2025-12-31, reason: r, source: s}\n",
     "not a date of 2026"),
    ("2026.yaml", "year: 2026\ndays_off:\n  - {date: 2026-05-08, reason: r}\n", "exactly"),
    ("2026.yaml", "year: 2026\ndays_off:\n  - {date: 2026-05-08, reason: '', source: s}\n",
     "needs a reason"),
    ("2026.yaml", "year: 2026\nholidays: []\n", "unknown keys"),
    ("2026.yaml", "year: 2026\ndays_off:\n  - {date: 2026-05-08, reason: r, source: s}\n"
     "working_days:\n  - {date: 2026-05-08, reason: r, source: s}\n", "listed twice"),
])
def test_bad_override_files(tmp_path, name, text, message):
    (tmp_path / name).write_text(text, encoding="utf-8")
    with pytest.raises(CalendarError, match=message):
        Calendar.load(tmp_path)
