"""The demo data set on a real site: its masters, a sales history in every status, balances that add
up, dates that follow each other, and a second run that adds nothing.

make_demo runs once, inside the test's transaction (commit=False), so the site keeps nothing of it."""

import frappe
import pytest
from frappe.utils import flt, getdate

from sales_flow.demo import COMPANY, QUOTATIONS_PER_UNIT, TRANSACTION_DOCTYPES, demo_customers, make_demo

STATUSES = {
	"Quotation": {"Open", "Expired", "Ordered", "Partially Ordered"},
	"Sales Order": {"Completed", "To Deliver and Bill", "To Bill", "To Deliver", "On Hold", "Closed"},
	"Sales Invoice": {"Paid", "Partly Paid", "Unpaid", "Overdue", "Return", "Credit Note Issued"},
}
MASTERS = ("Customer", "Contact", "Address", "Item", "Item Price", "User")


def test_the_demo_tells_a_whole_and_consistent_sales_story(monkeypatch):
	# a commit would leave the demo on the shared test site
	monkeypatch.setattr(frappe.db, "commit", lambda *args, **kwargs: pytest.fail("make_demo committed"))
	make_demo(scale=1, commit=False)

	check_company_and_settings()
	check_customers_have_contacts_and_addresses()
	check_every_status()
	check_money_moves()
	check_outstanding_amounts()
	check_dates_follow_each_other()

	before = record_counts()
	make_demo(scale=1, commit=False)
	assert record_counts() == before


def check_company_and_settings() -> None:
	company = frappe.db.get_value(
		"Company", COMPANY, ["abbr", "default_currency", "country", "siren"], as_dict=True
	)
	assert company == {"abbr": "ADS", "default_currency": "EUR", "country": "France", "siren": "812345676"}
	assert frappe.defaults.get_global_default("company") == COMPANY
	settings = frappe.get_single("Selling Settings")
	assert (settings.selling_price_list, settings.customer_group, settings.default_valid_till) == (
		"Tarif général",
		"Entreprises",
		30,
	)
	for template in ("TVA France - ADS", "TVA France TTC - ADS"):
		assert frappe.db.get_value("Sales Taxes and Charges Template", template, "company") == COMPANY


def check_customers_have_contacts_and_addresses() -> None:
	names = [c["name"] for c in demo_customers(1)]
	rows = frappe.db.sql(
		"""select c.name,
			exists(select 1 from `tabDynamic Link` l where l.parenttype = 'Contact'
				and l.parent = c.customer_primary_contact and l.link_doctype = 'Customer' and l.link_name = c.name),
			exists(select 1 from `tabDynamic Link` l where l.parenttype = 'Address'
				and l.parent = c.customer_primary_address and l.link_doctype = 'Customer' and l.link_name = c.name)
		from `tabCustomer` c where c.name in %(names)s""",
		{"names": names},
	)
	assert len(rows) == len(names) == 12
	assert all(contact and address for _name, contact, address in rows), rows


def statuses(doctype: str) -> dict[str, int]:
	return dict(
		frappe.db.sql(
			f"select status, count(*) from `tab{doctype}` where company = %s and docstatus = 1 group by status",
			COMPANY,
		)
	)


def check_every_status() -> None:
	for doctype, expected in STATUSES.items():
		assert expected <= set(statuses(doctype)), (doctype, statuses(doctype))
	quotations = statuses("Quotation")
	assert sum(quotations.values()) == QUOTATIONS_PER_UNIT
	# about 60 % ordered, in full or in part
	assert 0.5 <= (quotations["Ordered"] + quotations["Partially Ordered"]) / QUOTATIONS_PER_UNIT <= 0.7
	orders = statuses("Sales Order")
	assert orders["On Hold"] == orders["Closed"] == 1
	assert orders["Completed"] > sum(orders.values()) / 2
	invoices = statuses("Sales Invoice")
	assert invoices["Paid"] > sum(invoices.values()) / 2
	assert statuses("Payment Entry") == {"Submitted": frappe.db.count("Payment Entry", {"company": COMPANY})}


def check_money_moves() -> None:
	"""Bank transfers with a reference; a down payment and an advance deducted on a final invoice; a
	partial credit note, TTC quotations for private customers, line and document discounts."""
	payments = frappe.get_all(
		"Payment Entry", filters={"company": COMPANY}, fields=["mode_of_payment", "reference_no"]
	)
	assert payments and all(p.mode_of_payment == "Bank Transfer" and p.reference_no for p in payments)
	deducted = frappe.db.sql(
		"""select distinct adv.reference_type from `tabSales Invoice Advance` adv
		join `tabSales Invoice` si on si.name = adv.parent where si.company = %s and si.docstatus = 1""",
		COMPANY,
		pluck=True,
	)
	assert set(deducted) == {"Sales Invoice", "Payment Entry"}
	assert frappe.db.exists(
		"Sales Invoice", {"company": COMPANY, "is_down_payment_invoice": 1, "docstatus": 1}
	)
	credit = frappe.get_all(
		"Sales Invoice",
		filters={"company": COMPANY, "is_return": 1, "docstatus": 1},
		fields=["rounded_total", "return_against"],
	)
	assert len(credit) == 1
	returned = frappe.db.get_value("Sales Invoice", credit[0].return_against, "rounded_total")
	assert 0 < -credit[0].rounded_total < returned
	assert frappe.db.exists(
		"Quotation",
		{"company": COMPANY, "taxes_and_charges": "TVA France TTC - ADS", "customer_group": "Particuliers"},
	)
	assert not frappe.db.exists(
		"Quotation",
		{
			"company": COMPANY,
			"taxes_and_charges": "TVA France TTC - ADS",
			"customer_group": ("!=", "Particuliers"),
		},
	)
	assert frappe.db.exists("Quotation", {"company": COMPANY, "additional_discount_percentage": (">", 0)})
	assert frappe.db.sql(
		"""select count(*) from `tabQuotation Item` i join `tabQuotation` q on q.name = i.parent
		where q.company = %s and i.discount_percentage > 0""",
		COMPANY,
	)[0][0]


def check_outstanding_amounts() -> None:
	"""Outstanding = rounded total - advances deducted - payments + credit notes, recomputed here."""
	rows = frappe.db.sql(
		"""select si.name, si.is_return, si.outstanding_amount,
			if(si.rounded_total != 0, si.rounded_total, si.grand_total)
			- coalesce((select sum(adv.allocated_amount) from `tabSales Invoice Advance` adv
				where adv.parent = si.name), 0)
			- coalesce((select sum(ref.allocated_amount) from `tabPayment Entry Reference` ref
				join `tabPayment Entry` pe on pe.name = ref.parent
				where pe.docstatus = 1 and ref.reference_doctype = 'Sales Invoice' and ref.reference_name = si.name), 0)
			+ coalesce((select sum(if(cn.rounded_total != 0, cn.rounded_total, cn.grand_total))
				from `tabSales Invoice` cn where cn.return_against = si.name and cn.docstatus = 1 and cn.is_return = 1), 0)
		from `tabSales Invoice` si where si.company = %s and si.docstatus = 1""",
		COMPANY,
	)
	assert len(rows) > 20
	wrong = [
		(name, outstanding, expected)
		for name, is_return, outstanding, expected in rows
		if flt(outstanding, 2) != (0 if is_return else flt(expected, 2))
	]
	assert not wrong


# (later document, its date, earlier document, its date, how the later one points at the earlier one)
DATE_LINKS = (
	(
		"Sales Order",
		"transaction_date",
		"Quotation",
		"transaction_date",
		"Sales Order Item",
		"prevdoc_docname",
	),
	("Sales Invoice", "posting_date", "Sales Order", "transaction_date", "Sales Invoice Item", "sales_order"),
	("Sales Invoice", "posting_date", "Delivery Note", "posting_date", "Sales Invoice Item", "delivery_note"),
	(
		"Delivery Note",
		"posting_date",
		"Sales Order",
		"transaction_date",
		"Delivery Note Item",
		"against_sales_order",
	),
	(
		"Delivery Note",
		"posting_date",
		"Sales Invoice",
		"posting_date",
		"Delivery Note Item",
		"against_sales_invoice",
	),
	("Sales Invoice", "posting_date", "Sales Invoice", "posting_date", "Sales Invoice", "return_against"),
)


def check_dates_follow_each_other() -> None:
	early = []
	for later, later_date, earlier, earlier_date, table, link in DATE_LINKS:
		early += frappe.db.sql(
			f"""select distinct doc.name, source.name from `tab{later}` doc
			join `tab{table}` link on link.{"parent" if table != later else "name"} = doc.name
			join `tab{earlier}` source on source.name = link.`{link}`
			where doc.company = %s and doc.docstatus = 1 and doc.`{later_date}` < source.`{earlier_date}`""",
			COMPANY,
		)
	early += frappe.db.sql(
		"""select pe.name, ref.reference_name from `tabPayment Entry` pe
		join `tabPayment Entry Reference` ref on ref.parent = pe.name
		left join `tabSales Invoice` si on ref.reference_doctype = 'Sales Invoice' and si.name = ref.reference_name
		left join `tabSales Order` so on ref.reference_doctype = 'Sales Order' and so.name = ref.reference_name
		where pe.company = %s and pe.posting_date < coalesce(si.posting_date, so.transaction_date)""",
		COMPANY,
	)
	assert not early
	today = getdate()
	for doctype, fields in {
		"Quotation": ("transaction_date",),
		"Sales Order": ("transaction_date", "delivery_date"),
		"Delivery Note": ("posting_date",),
		"Sales Invoice": ("posting_date",),
		"Payment Entry": ("posting_date", "reference_date"),
	}.items():
		for field in fields:
			latest = frappe.db.sql(f"select max(`{field}`) from `tab{doctype}` where company = %s", COMPANY)[
				0
			][0]
			assert getdate(latest) <= today, (doctype, field, latest)
	oldest = frappe.db.sql("select min(transaction_date) from tabQuotation where company = %s", COMPANY)[0][0]
	# spread over about six months
	assert 120 <= (today - getdate(oldest)).days <= 183


def record_counts() -> dict[str, int]:
	return {doctype: frappe.db.count(doctype) for doctype in (*MASTERS, *TRANSACTION_DOCTYPES)}
