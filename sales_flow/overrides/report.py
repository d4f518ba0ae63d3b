"""Frappe's Report, with two changes:

- a script report that fails stays an ordinary report. Frappe 15 starts a 15-second timer before
  running a script report, to switch a slow report to background ("prepared") runs, and cancels it
  when the report returns; when the report raises (a clear refusal of bad filters, say) the timer is
  never cancelled, and 15 s later the report is switched for good, for every user. Here the timer
  is cancelled on the way out either way.
- a report that appends its own total row (listing.with_total_row, summed in C) is spared
  Frappe's add_total_row, a loop in Python over every cell, while the desk still shows a total row.
"""

import threading

import frappe
from frappe.core.doctype.report.report import Report, enable_prepared_report

from sales_flow.analytics.listing import TotalRow

# what add_total_row holds while the report's own total row stands in for Frappe's: Frappe adds its
# total row when cint() of it is 1 (it is 0 here) and tells the desk to show one (and to drop the
# last row, its own, from the rows) when it is true (it is): the same flag a skip_total_row would
# have turned off for the desk too
OWN_TOTAL_ROW = "the report's own"


class SalesFlowReport(Report):
	def execute_script_report(self, filters):
		try:
			result = super().execute_script_report(filters)
		except BaseException:
			cancel_prepared_report_watchers(self.name)
			raise
		if ends_with_own_total_row(result):
			if self.add_total_row:
				self.add_total_row = OWN_TOTAL_ROW
			else:  # the report was set to show none
				result[1].pop()
		return result


def ends_with_own_total_row(result) -> bool:
	"""A script report's (columns, rows, ...) whose last row is a total row of its own."""
	rows = result[1] if isinstance(result, list | tuple) and len(result) > 1 else None
	return bool(rows) and isinstance(rows[-1], TotalRow)


def cancel_prepared_report_watchers(report: str) -> int:
	"""Cancel the pending switch of `report` on this site; returns how many were cancelled."""
	cancelled = 0
	for thread in threading.enumerate():
		if (
			isinstance(thread, threading.Timer)
			and thread.function is enable_prepared_report
			and thread.kwargs.get("report") == report
			and thread.kwargs.get("site") == frappe.local.site
		):
			thread.cancel()
			cancelled += 1
	return cancelled
