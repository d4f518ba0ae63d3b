"""Billing periods of a subscription, computed from dates only (no database).

A period starts on the anchor date plus a whole number of intervals, counted from the anchor and not
from the previous period, so the anchor day is kept: anchored on 31 January, monthly periods start
on 31 January, 29 February (leap year) or 28 February, 31 March, 30 April, 31 May... A period ends
the day before the next one starts, or on the subscription's end date.
"""

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

INTERVALS = ("Day", "Week", "Month", "Year")


@dataclass(frozen=True)
class Period:
	start: date
	end: date
	# the whole period the dates were cut from (the same unless the start or the end was cut short)
	full_start: date
	full_end: date

	@property
	def days(self) -> int:
		return (self.end - self.start).days + 1

	@property
	def full_days(self) -> int:
		return (self.full_end - self.full_start).days + 1

	@property
	def is_partial(self) -> bool:
		return (self.start, self.end) != (self.full_start, self.full_end)


def add_months_keeping_day(anchor: date, months: int) -> date:
	"""`anchor` plus `months`, on the anchor's day or the month's last day when it is shorter."""
	month_index = anchor.month - 1 + months
	year, month = anchor.year + month_index // 12, month_index % 12 + 1
	return date(year, month, min(anchor.day, calendar.monthrange(year, month)[1]))


def add_intervals(anchor: date, interval: str, count: int) -> date:
	"""The anchor moved by `count` intervals (count may be any integer)."""
	if interval == "Day":
		return anchor + timedelta(days=count)
	if interval == "Week":
		return anchor + timedelta(weeks=count)
	if interval == "Month":
		return add_months_keeping_day(anchor, count)
	if interval == "Year":
		return add_months_keeping_day(anchor, 12 * count)
	raise ValueError(f"unknown billing interval {interval!r}")


def check_interval(interval: str, count: int) -> None:
	if interval not in INTERVALS:
		raise ValueError(f"unknown billing interval {interval!r}")
	if int(count) < 1:
		raise ValueError("the billing interval count must be at least 1")


def billing_anchor(start: date, trial_end: date | None, follow_calendar_months: bool) -> date:
	"""Where period 0 starts: the day after the trial, else the start date; the 1st of that month
	when periods follow calendar months."""
	first_day = trial_end + timedelta(days=1) if trial_end and trial_end >= start else start
	return first_day.replace(day=1) if follow_calendar_months else first_day


@dataclass(frozen=True)
class Schedule:
	"""When a subscription bills: every `count` `interval`s from `start` (after the trial, if any),
	until `end` if it has one."""

	start: date
	interval: str
	count: int
	end: date | None = None
	trial_end: date | None = None
	follow_calendar_months: bool = False

	def __post_init__(self) -> None:
		check_interval(self.interval, self.count)

	def nth_period(self, index: int) -> Period | None:
		"""The index-th billing period (0 first), or None when it starts after the end date."""
		calendar_months = self.follow_calendar_months and self.interval in ("Month", "Year")
		anchor = billing_anchor(self.start, self.trial_end, calendar_months)
		first_day = billing_anchor(self.start, self.trial_end, False)
		full_start = add_intervals(anchor, self.interval, index * self.count)
		full_end = add_intervals(anchor, self.interval, (index + 1) * self.count) - timedelta(days=1)
		period_start = max(full_start, first_day)
		if self.end and period_start > self.end:
			return None
		period_end = min(full_end, self.end) if self.end else full_end
		return Period(period_start, period_end, full_start, full_end)

	def periods_until(self, last_day: date) -> list[Period]:
		"""Every period that starts on or before `last_day`, in order, none skipped."""
		found: list[Period] = []
		while True:
			period = self.nth_period(len(found))
			if period is None or period.start > last_day:
				return found
			found.append(period)

	def period_containing(self, day: date) -> Period | None:
		"""The billing period `day` falls in (None before billing starts or after the end)."""
		periods = self.periods_until(day)
		return periods[-1] if periods and periods[-1].end >= day else None


def months_per_interval(interval: str) -> float:
	"""How many months one interval is worth, for recurring revenue (a year 12, a week 12/52)."""
	return {"Day": 12 / 365, "Week": 12 / 52, "Month": 1.0, "Year": 12.0}[interval]
