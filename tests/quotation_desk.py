"""Helpers of the quotation desk tests: Selling Settings for one test, a clock moved forward,
submitted quotations at a given date."""

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, timedelta
from unittest.mock import patch

import frappe

from tests.pricing_setup import selling_settings as selling_settings  # re-exported
from tests.sales_setup import transaction


@contextmanager
def days_later(days: int) -> Iterator[None]:
	"""Frappe's clock `days` ahead (nowdate, getdate() and the timestamps read it), as demo.py does."""
	moment = datetime.now() + timedelta(days=days)
	with (
		patch.object(frappe.utils.data, "now_datetime", lambda: moment),
		patch.object(frappe.model.naming, "now_datetime", lambda: moment),
	):
		yield


def quotation(setup, qty: float = 1, submit: bool = True, **values):
	doc = transaction("Quotation", setup, [(setup.a, qty)], **values)
	doc.insert()
	if submit:
		doc.submit()
	return doc


def status_of(doc) -> str:
	return frappe.db.get_value(doc.doctype, doc.name, "status")


def value_of(doc, field: str):
	"""The stored value, a date as text (2027-02-10)."""
	value = frappe.db.get_value(doc.doctype, doc.name, field)
	return str(value) if isinstance(value, date) else value


def lost_reasons(*names: str) -> list[str]:
	for name in names:
		if not frappe.db.exists("Quotation Lost Reason", name):
			frappe.get_doc({"doctype": "Quotation Lost Reason", "order_lost_reason": name}).insert()
	return list(names)


def competitors(*names: str) -> list[str]:
	for name in names:
		if not frappe.db.exists("Competitor", name):
			frappe.get_doc({"doctype": "Competitor", "competitor_name": name}).insert()
	return list(names)
