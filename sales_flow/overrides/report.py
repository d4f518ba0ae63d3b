"""Frappe's Report, with one fix: a script report that fails stays an ordinary report.

Frappe 15 starts a 15-second timer before running a script report, to switch a slow report to
background ("prepared") runs, and cancels it when the report returns; when the report raises (a
clear refusal of bad filters, say) the timer is never cancelled, and 15 s later the report is
switched for good, for every user. Here the timer is cancelled on the way out either way.
"""

import threading

import frappe
from frappe.core.doctype.report.report import Report, enable_prepared_report


class SalesFlowReport(Report):
	def execute_script_report(self, filters):
		try:
			return super().execute_script_report(filters)
		except BaseException:
			cancel_prepared_report_watchers(self.name)
			raise


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
