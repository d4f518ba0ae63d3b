"""The one place the subscription code reads today from, so that tests and the demo can set it."""

from datetime import date

import frappe
from frappe.utils import getdate, nowdate


def today() -> date:
	"""`frappe.flags.current_date` when set (tests, replays), else Frappe's today."""
	return getdate(frappe.flags.current_date or nowdate())
