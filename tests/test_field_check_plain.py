"""The plain pass of the field checks (field_checks.plain) lets a row through without the value-by-value
check only when that check would accept every value unchanged: for every field of the sales
documents and their lines, each value of a hostile list is either refused by the plain pass or
accepted, unchanged, by `checked_value`; and the usual values of a row are plain (else the pass
saves nothing)."""

import datetime
import math

import frappe
import pytest

from sales_flow.controllers.field_checks.fields import field_specs
from sales_flow.controllers.field_checks.plain import check_plan, is_plain_row, numbers_are_plain
from sales_flow.controllers.field_checks.values import checked_value

DOCTYPES = (
	"Quotation",
	"Quotation Item",
	"Sales Order",
	"Sales Order Item",
	"Sales Invoice",
	"Sales Invoice Item",
	"Delivery Note Item",
	"Sales Taxes and Charges",
)

HOSTILE = (
	True,
	False,
	"1",
	" 2 ",
	"abc",
	1.0,
	2.5,
	-0.0,
	math.nan,
	math.inf,
	-math.inf,
	1e308,
	10**12,
	10**20,
	-(10**30),
	2**63,
	3,
	-1,
	0,
	1,
	"",
	[],
	[1],
	{},
	{"a": 1},
	(1,),
	"Net Total",
	"Grand Total",
	"x" * 141,
	"é" * 20_000,
	"€" * 16_384,
	"2026-01-31",
	"2026-02-30",
	"31/01/2026",
	"0999-01-01",
	"2026-01-31 10:00:00",
	"2026-01-31T10:00",
	"10:00:00",
	"25:61",
	datetime.date(2026, 1, 31),
	datetime.datetime(2026, 1, 31, 10),
	datetime.time(10),
	datetime.timedelta(hours=1),
	b"bytes",
	object(),
)


def accepted_unchanged(spec, value) -> bool:
	try:
		return checked_value(spec, value, lambda: spec.label) is value
	except frappe.ValidationError:
		return False
	except Exception:
		return False


@pytest.mark.parametrize("doctype", DOCTYPES)
def test_a_plain_value_is_one_the_full_check_accepts_unchanged(doctype):
	meta = frappe.get_meta(doctype)
	plan = check_plan(meta)
	wrong = []
	for spec in field_specs(meta):
		for value in HOSTILE:
			row = {spec.fieldname: value}
			if spec.fieldname != "docstatus":
				row["docstatus"] = 0
			plain = is_plain_row(row, plan)
			if isinstance(value, str) and value == "":
				assert plain, (spec.fieldname, value)  # an empty value is never checked
				continue
			if plain and not accepted_unchanged(spec, value):
				wrong.append((spec.fieldname, spec.kind, repr(value)[:30]))
			if numbers_are_plain(row, plan) and spec.kind in ("number", "integer"):
				if not accepted_unchanged(spec, value):
					wrong.append(("numbers", spec.fieldname, repr(value)[:30]))
	assert not wrong


def test_a_row_as_the_engine_fills_it_is_plain():
	"""A line of a document as Frappe builds it (its docstatus a DocStatus): every value plain, the
	fast pass taken."""
	invoice = frappe.get_doc(
		{
			"doctype": "Sales Invoice",
			"docstatus": 1,
			"items": [
				{
					"item_code": "X",
					"item_name": "X",
					"description": "<p>X</p>",
					"qty": 3.0,
					"rate": 12.5,
					"amount": 37.5,
					"uom": "Unité",
					"conversion_factor": 1.0,
				}
			],
		}
	)
	meta = frappe.get_meta("Sales Invoice Item")
	row = invoice.items[0]
	assert type(row.docstatus) is not int  # Frappe's own subclass
	assert is_plain_row(row.__dict__, check_plan(meta))
	assert is_plain_row(invoice.__dict__, check_plan(invoice.meta))
	values = dict(row.__dict__)
	for wrong in ({"qty": "3"}, {"qty": math.nan}, {"idx": 1.0}, {"docstatus": 3}, {"docstatus": True}):
		assert not is_plain_row({**values, **wrong}, check_plan(meta)), wrong
