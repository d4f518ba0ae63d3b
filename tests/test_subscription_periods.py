"""Billing periods and proration as pure functions on dates: month ends, leap years, cents."""

from datetime import date

import pytest

from sales_flow.subscriptions.periods import Schedule, add_months_keeping_day
from sales_flow.subscriptions.proration import overlap_days, prorated_rate


def starts(periods) -> list[str]:
	return [p.start.isoformat() for p in periods]


def test_a_month_anchored_on_the_31st_keeps_its_day_through_february():
	periods = Schedule(date(2024, 1, 31), "Month", 1).periods_until(date(2024, 6, 1))
	assert starts(periods) == [
		"2024-01-31",
		"2024-02-29",  # leap year
		"2024-03-31",  # back on the anchor day, not the 29th
		"2024-04-30",
		"2024-05-31",
	]
	assert [p.end.isoformat() for p in periods[:3]] == ["2024-02-28", "2024-03-30", "2024-04-29"]
	assert [p.days for p in periods[:3]] == [29, 31, 30]


def test_february_of_a_common_year_and_of_a_leap_year():
	assert add_months_keeping_day(date(2023, 1, 31), 1) == date(2023, 2, 28)
	assert add_months_keeping_day(date(2024, 1, 31), 1) == date(2024, 2, 29)
	assert add_months_keeping_day(date(2024, 1, 30), 13) == date(2025, 2, 28)


def test_a_yearly_plan_started_on_29_february():
	periods = Schedule(date(2024, 2, 29), "Year", 1).periods_until(date(2029, 1, 1))
	assert starts(periods) == ["2024-02-29", "2025-02-28", "2026-02-28", "2027-02-28", "2028-02-29"]
	assert periods[0].days == 365 and periods[3].days == 366  # 2027-02-28 .. 2028-02-28


def test_periods_follow_one_another_without_gap_or_overlap():
	for interval, count in (("Day", 3), ("Week", 2), ("Month", 1), ("Month", 3), ("Year", 1)):
		periods = Schedule(date(2024, 1, 31), interval, count).periods_until(date(2030, 12, 31))
		for before, after in zip(periods, periods[1:], strict=False):
			assert (after.start - before.end).days == 1, (interval, before, after)


def test_calendar_months_give_a_shorter_first_period_then_whole_months():
	periods = Schedule(date(2024, 2, 10), "Month", 1, follow_calendar_months=True).periods_until(
		date(2024, 4, 1)
	)
	assert [(p.start.isoformat(), p.end.isoformat()) for p in periods] == [
		("2024-02-10", "2024-02-29"),
		("2024-03-01", "2024-03-31"),
		("2024-04-01", "2024-04-30"),
	]
	assert periods[0].is_partial and periods[0].days == 20 and periods[0].full_days == 29


def test_billing_starts_the_day_after_the_trial():
	first = Schedule(date(2024, 1, 1), "Month", 1, trial_end=date(2024, 1, 14)).nth_period(0)
	assert (first.start, first.end) == (date(2024, 1, 15), date(2024, 2, 14))


def test_the_end_date_cuts_the_last_period_short():
	periods = Schedule(date(2024, 1, 15), "Month", 1, end=date(2024, 3, 20)).periods_until(date(2025, 1, 1))
	assert [(p.start.isoformat(), p.end.isoformat()) for p in periods] == [
		("2024-01-15", "2024-02-14"),
		("2024-02-15", "2024-03-14"),
		("2024-03-15", "2024-03-20"),
	]
	assert periods[-1].is_partial and periods[-1].full_days == 31


def test_the_period_containing_a_day():
	period = Schedule(date(2024, 1, 31), "Month", 1).period_containing(date(2024, 2, 29))
	assert (period.start, period.end) == (date(2024, 2, 29), date(2024, 3, 30))
	assert Schedule(date(2024, 1, 31), "Month", 1).period_containing(date(2023, 12, 1)) is None


def test_a_zero_interval_is_refused():
	with pytest.raises(ValueError, match="at least 1"):
		Schedule(date(2024, 1, 1), "Month", 0)


@pytest.mark.parametrize(
	("rate", "days", "full_days", "expected"),
	[
		(29.99, 20, 29, 20.68),  # 29.99 * 20 / 29 = 20.6827...
		(29.99, 20, 31, 19.35),  # 19.3484...
		(100.0, 1, 3, 33.33),
		(100.0, 2, 3, 66.67),
		(10.0, 15, 30, 5.0),
		(0.05, 1, 2, 0.03),  # half a cent rounds up, not to even
		(100.0, 31, 31, 100.0),
	],
)
def test_proration_by_the_days_of_the_actual_period_to_the_cent(rate, days, full_days, expected):
	assert prorated_rate(rate, days, full_days) == expected


def test_overlap_of_a_plan_row_with_a_period():
	assert overlap_days(date(2024, 2, 1), date(2024, 2, 29), date(2024, 2, 15), None) == 15
	assert overlap_days(date(2024, 2, 1), date(2024, 2, 29), None, date(2024, 2, 14)) == 14
	assert overlap_days(date(2024, 2, 1), date(2024, 2, 29), date(2024, 3, 1), None) == 0
