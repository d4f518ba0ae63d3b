"""Subscription Settings as the billing and status code read them (grace period, cancel after grace,
prorate): one cached read, typed."""

import frappe


def settings() -> frappe._dict:
	values = frappe.get_cached_doc("Subscription Settings")
	return frappe._dict(
		grace_period=int(values.grace_period or 0),
		cancel_after_grace=bool(values.cancel_after_grace),
		prorate=bool(values.prorate),
	)
