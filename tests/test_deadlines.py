"""Deadline arithmetic on Kazakhstan's calendar; every expected day worked out by hand.

Weekdays used: 1 Jan 2026 is a Thursday; in March 2026 the 21st is a Saturday; 1 May 2026 is
a Friday; 20 April 2025 and 20 July 2025 are Sundays; 30 January 2027 is a Saturday.
"""
from datetime import date

import pytest

from parser.rules.calendar import Calendar
from parser.rules.deadlines import DeadlineError, first_day_in_effect, last_day


@pytest.fixture(scope="module")
def kz() -> Calendar:
    return Calendar.load()


# (what, rule, anchor, direction, last allowed day)
CASES = [
    # working days
    ("vocabulary sample: Nauryz 2026, 21-25 March off", {"working_days": 10},
     date(2026, 3, 18), "after", date(2026, 4, 6)),
    ("Friday before Nauryz 2026: 26, 27, 30, 31 March, 1 April", {"working_days": 5},
     date(2026, 3, 20), "after", date(2026, 4, 1)),
    ("8 March 2026 a Sunday: Monday 9 off", {"working_days": 1},
     date(2026, 3, 6), "after", date(2026, 3, 10)),
    ("May 2026: 1, 7 and 11 (for Saturday 9) off", {"working_days": 5},
     date(2026, 4, 30), "after", date(2026, 5, 12)),
    ("May 2024: Saturday 4 worked", {"working_days": 3},
     date(2024, 5, 2), "after", date(2024, 5, 6)),
    ("May 2024: 7, 8 (moved), 9 off", {"working_days": 1},
     date(2024, 5, 6), "after", date(2024, 5, 10)),
    ("New Year 2026: 1-4 and 7 January off", {"working_days": 4},
     date(2025, 12, 30), "after", date(2026, 1, 8)),
    ("New Year 2025: Friday 3 off, Sunday 5 worked", {"working_days": 2},
     date(2024, 12, 31), "after", date(2025, 1, 6)),
    ("5 working days before a Monday meeting", {"working_days": 5},
     date(2026, 4, 13), "before", date(2026, 4, 6)),
    ("3 working days before a meeting just after Nauryz", {"working_days": 3},
     date(2026, 3, 26), "before", date(2026, 3, 18)),
    # day of the following month: quarter ends, the 20th on a Sunday rolls to Monday
    ("Q1 2025, 20 April a Sunday", {"day_of_following_month": 20},
     date(2025, 3, 31), "after", date(2025, 4, 21)),
    ("Q2 2025, 20 July a Sunday", {"day_of_following_month": 20},
     date(2025, 6, 30), "after", date(2025, 7, 21)),
    ("Q3 2025", {"day_of_following_month": 20}, date(2025, 9, 30), "after", date(2025, 10, 20)),
    ("Q4 2025", {"day_of_following_month": 20}, date(2025, 12, 31), "after", date(2026, 1, 20)),
    ("Q1 2026", {"day_of_following_month": 20}, date(2026, 3, 31), "after", date(2026, 4, 20)),
    ("Q3 2025, second month", {"day_of_following_month": 5, "months_after": 2},
     date(2025, 9, 30), "after", date(2025, 11, 5)),
    ("Q1 2024, second month, 5 May a Sunday", {"day_of_following_month": 5, "months_after": 2},
     date(2024, 3, 31), "after", date(2024, 5, 6)),
    ("Q2 2026", {"day_of_following_month": 20}, date(2026, 6, 30), "after", date(2026, 7, 20)),
    ("Q3 2026", {"day_of_following_month": 20}, date(2026, 9, 30), "after", date(2026, 10, 20)),
    ("Q4 2026", {"day_of_following_month": 20}, date(2026, 12, 31), "after", date(2027, 1, 20)),
    ("10 January 2026 a Saturday", {"day_of_following_month": 10},
     date(2025, 12, 31), "after", date(2026, 1, 12)),
    ("day 31 of April clamps to the 30th (Thursday)", {"day_of_following_month": 31},
     date(2026, 3, 15), "after", date(2026, 4, 30)),
    # fixed dates
    ("30 January next year", {"fixed_date": "01-30", "year": "next"},
     date(2025, 12, 31), "after", date(2026, 1, 30)),
    ("30 January 2027 a Saturday", {"fixed_date": "01-30", "year": "next"},
     date(2026, 12, 31), "after", date(2027, 2, 1)),
    ("25 December same year", {"fixed_date": "12-25", "year": "same"},
     date(2026, 1, 1), "after", date(2026, 12, 25)),
    # months and years
    ("31 Jan + 1 month = 28 Feb 2026, a Saturday", {"months": 1},
     date(2026, 1, 31), "after", date(2026, 3, 2)),
    ("31 Jan 2024 + 1 month = 29 Feb (leap year, Thursday)", {"months": 1},
     date(2024, 1, 31), "after", date(2024, 2, 29)),
    ("31 May - 3 months = 28 Feb 2026 (Saturday) rolls back", {"months": 3},
     date(2026, 5, 31), "before", date(2026, 2, 27)),
    ("29 Feb 2024 + 1 year = 28 Feb 2025 (Friday)", {"years": 1},
     date(2024, 2, 29), "after", date(2025, 2, 28)),
    ("3 years of retention", {"years": 3}, date(2023, 12, 31), "after", date(2026, 12, 31)),
    # calendar days
    ("0 calendar days: the anchor", {"calendar_days": 0},
     date(2026, 4, 13), "after", date(2026, 4, 13)),
    ("10 days ending on Nauryz Monday: next working day 26 March", {"calendar_days": 10},
     date(2026, 3, 13), "after", date(2026, 3, 26)),
    ("10 days before 3 April ends on 24 March (off): back to Friday 20", {"calendar_days": 10},
     date(2026, 4, 3), "before", date(2026, 3, 20)),
    ("10 days ending on a working Wednesday", {"calendar_days": 10},
     date(2026, 4, 5), "after", date(2026, 4, 15)),
]


@pytest.mark.parametrize("what, rule, anchor, direction, expect", CASES,
                         ids=[case[0] for case in CASES])
def test_last_day(kz, what, rule, anchor, direction, expect):
    assert last_day(rule, anchor, kz, direction).date == expect


# (rule, anchor, direction, raw last day) with roll_to_working_day off
RAW = [
    ({"day_of_following_month": 20}, date(2025, 3, 31), "after", date(2025, 4, 20)),
    ({"fixed_date": "01-30", "year": "next"}, date(2026, 12, 31), "after", date(2027, 1, 30)),
    ({"months": 1}, date(2026, 1, 31), "after", date(2026, 2, 28)),
    ({"calendar_days": 10}, date(2026, 3, 13), "after", date(2026, 3, 23)),
    ({"calendar_days": 10}, date(2026, 4, 3), "before", date(2026, 3, 24)),
]


@pytest.mark.parametrize("rule, anchor, direction, expect", RAW)
def test_raw_date_without_roll(kz, rule, anchor, direction, expect):
    assert last_day(rule, anchor, kz, direction, roll_to_working_day=False).date == expect


def test_rule_options_win_over_arguments(kz):
    rule = {"calendar_days": 10, "direction": "before", "roll_to_working_day": False}
    assert last_day(rule, date(2026, 4, 3), kz, "after").date == date(2026, 3, 24)


def test_steps_explain_skipped_days(kz):
    deadline = last_day({"working_days": 3}, date(2026, 3, 18), kz)
    notes = [(step.date, step.note) for step in deadline.steps]
    assert notes[0] == (date(2026, 3, 18), "anchor; counting after it")
    assert (date(2026, 3, 19), "working day 1 of 3") in notes
    assert (date(2026, 3, 20), "working day 2 of 3") in notes
    skipped = [day for day, note in notes if note.startswith("skipped:")]
    assert skipped == [date(2026, 3, day) for day in (21, 22, 23, 24, 25)]
    assert any("Nowruz" in note for day, note in notes if day == date(2026, 3, 23))
    assert notes[-1] == (date(2026, 3, 26), "last allowed day")


def test_steps_explain_the_roll(kz):
    deadline = last_day({"day_of_following_month": 20}, date(2025, 3, 31), kz)
    rolled = [step for step in deadline.steps if "rolled forward" in step.note]
    assert [step.date for step in rolled] == [date(2025, 4, 21)]
    assert "art. 173" in rolled[0].note
    assert deadline.steps[-1].date == date(2025, 4, 21)


@pytest.mark.parametrize("rule, anchor", [
    ({"weeks": 2}, date(2026, 1, 5)),                                   # unknown form
    ({"working_days": 2, "calendar_days": 3}, date(2026, 1, 5)),        # two forms
    ({}, date(2026, 1, 5)),
    ({"working_days": 0}, date(2026, 1, 5)),
    ({"working_days": -1}, date(2026, 1, 5)),
    ({"working_days": "10"}, date(2026, 1, 5)),
    ({"calendar_days": True}, date(2026, 1, 5)),
    ({"calendar_days": 5, "year": "next"}, date(2026, 1, 5)),
    ({"day_of_following_month": 32}, date(2026, 1, 5)),
    ({"fixed_date": "02-30", "year": "same"}, date(2026, 1, 5)),
    ({"fixed_date": "01-30", "year": "previous"}, date(2026, 1, 5)),
    ({"fixed_date": "01-30"}, date(2026, 1, 5)),
    ({"working_days": 5, "direction": "around"}, date(2026, 1, 5)),
    ({"working_days": 5}, None),                                         # missing anchor
    ("working_days: 5", date(2026, 1, 5)),
])
def test_uncomputable_rules_raise(kz, rule, anchor):
    with pytest.raises(DeadlineError, match="deadline rule"):
        last_day(rule, anchor, kz)


def test_a_count_past_the_calendar_data_warns_naming_the_year(kz):
    found = last_day({"working_days": 5}, date(kz.last_year + 3, 1, 5), kz)
    assert found.warnings and str(kz.last_year + 3) in found.warnings[0]
    assert not last_day({"working_days": 5}, date(kz.last_year, 3, 2), kz).warnings


def test_a_count_spanning_years_warns_for_each_missing_one(kz):
    found = last_day({"years": 2}, date(kz.last_year, 12, 1), kz)
    assert [str(kz.last_year + 1) in w for w in found.warnings] == [True, False]
    assert str(kz.last_year + 2) in found.warnings[1]


@pytest.mark.parametrize("anchor, words", [
    (date(9999, 12, 31), "guess"),
    (date(1985, 6, 3), "no working-day calendar before"),
])
def test_a_count_the_calendar_cannot_answer_is_an_error(kz, anchor, words):
    with pytest.raises(DeadlineError, match=words):
        last_day({"calendar_days": 10}, anchor, kz)


@pytest.mark.parametrize("rule, anchor, expect", [
    ({"fixed_date": "04-01", "year": "same"}, date(2022, 3, 14), date(2022, 4, 1)),  # "с 1 апреля"
    ({"fixed_date": "01-01", "year": "next"}, date(2023, 3, 10), date(2024, 1, 1)),
    ({"calendar_days": 10}, date(2023, 11, 17), date(2023, 11, 28)),  # the eleventh day
    ({"calendar_days": 0}, date(2026, 2, 5), date(2026, 2, 5)),  # "from the day"
])
def test_first_day_in_effect(kz, rule, anchor, expect):
    """A fixed date is itself the first day in force; a count of days ends the day before it."""
    assert first_day_in_effect(rule, anchor, kz).date == expect
