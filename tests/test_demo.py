"""The demo data set on a real site: its masters, a sales history in every status, balances that add
up, dates that follow each other, and a second run that adds nothing.

make_demo runs once, inside the test's transaction (commit=False), so the site keeps nothing of it."""

import frappe
import pytest
from frappe.utils import add_days, add_months, flt, getdate

from sales_flow.analytics.cards import follow_ups_due_today
from sales_flow.demo import QUOTATIONS_PER_UNIT, make_demo
from sales_flow.demo.catalogue import demo_customers
from sales_flow.demo.data import COMPANY, TRANSACTION_DOCTYPES
from sales_flow.demo.features import data as features
from sales_flow.party import customer_of_lead

STATUSES = {
	"Quotation": {"Open", "Expired", "Ordered", "Partially Ordered", "Lost", "Superseded"},
	"Sales Order": {"Completed", "To Deliver and Bill", "To Bill", "To Deliver", "On Hold", "Closed"},
	"Sales Invoice": {"Paid", "Partly Paid", "Unpaid", "Overdue", "Return", "Credit Note Issued"},
}
MASTERS = ("Customer", "Contact", "Address", "Item", "Item Price", "User")
FEATURE_DOCTYPES = (
	"Lead",
	"Opportunity",
	"Subscription",
	"Pricing Rule",
	"Quotation Template",
	"Sales Person",
)


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
	check_crm()
	check_quotation_desk()
	check_templates_and_lines()
	check_pricing()
	check_partners()
	check_subscriptions()

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
	# the rep can e-mail a quotation: Frappe queues it through the default outgoing account
	outbox = frappe.get_all(
		"Email Account", filters={"default_outgoing": 1, "enable_outgoing": 1}, fields=["signature"]
	)
	assert len(outbox) == 1 and COMPANY in outbox[0].signature


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
	return {
		doctype: frappe.db.count(doctype) for doctype in (*MASTERS, *TRANSACTION_DOCTYPES, *FEATURE_DOCTYPES)
	}


# --- the features: CRM, quotation desk, templates, pricing, partners, subscriptions --------------------


def count_by(doctype: str, field: str, filters: dict | None = None) -> dict:
	rows = frappe.get_all(doctype, filters=filters, fields=[field, "count(*) as n"], group_by=field)
	return {row[field]: row.n for row in rows}


def check_crm() -> None:
	"""Twelve leads in their statuses; opportunities with items, stage and probability; one lost with
	its reason; one lead quoted and ordered, which made it a customer."""
	leads = frappe.get_all(
		"Lead", filters={"email_id": ("like", "%@prospect.demo.sales-flow.fr")}, fields=["name", "status"]
	)
	assert len(leads) == 12
	assert {"Converted", "Opportunity", "Quotation", "Interested", "Replied", "Do Not Contact"} <= {
		lead.status for lead in leads
	}
	assert frappe.db.count("Lead", {"campaign_name": features.CAMPAIGN}) == 6
	assert frappe.db.count("Lead Source") >= len(features.LEAD_SOURCES)
	converted = [lead.name for lead in leads if lead.status == "Converted"]
	assert len(converted) == 1
	customer = customer_of_lead(converted[0])
	assert customer and frappe.db.exists(
		"Sales Order", {"customer": customer, "docstatus": 1, "company": COMPANY}
	)
	# the demo's own: a test site may hold other companies' opportunities
	demo = {"company": COMPANY}
	opportunities = frappe.get_all(
		"Opportunity", demo, ["name", "status", "sales_stage", "probability", "opportunity_amount"]
	)
	assert count_by("Opportunity", "status", demo) == {"Converted": 1, "Lost": 1, "Open": 2, "Quotation": 1}
	assert all(o.sales_stage and o.probability > 0 and o.opportunity_amount > 0 for o in opportunities)
	lost = frappe.get_doc("Opportunity", {**demo, "status": "Lost"})
	assert [r.lost_reason for r in lost.lost_reasons] == [features.OPPORTUNITY_LOST_REASONS[0]]
	assert [r.competitor for r in lost.competitors] == [features.COMPETITORS[1]]
	assert frappe.db.count("Quotation", {**demo, "opportunity": ("is", "set"), "docstatus": 1}) == 2
	# two quoted through their opportunity, one straight away; the ordered one carried its campaign
	assert frappe.db.count("Quotation", {**demo, "quotation_to": "Lead", "docstatus": 1}) == 3
	ordered = frappe.get_doc("Quotation", {**demo, "quotation_to": "Lead", "status": "Ordered"})
	assert ordered.party_name == converted[0] and ordered.opportunity
	order = frappe.get_doc("Sales Order", {"customer": customer, "docstatus": 1})
	assert (
		(order.campaign, order.source)
		== (ordered.campaign, ordered.source)
		== (
			features.CAMPAIGN,
			features.LEAD_SOURCES[0],
		)
	)


def check_quotation_desk() -> None:
	"""Follow-ups by several channels with several outcomes, two due today; three lost quotations with
	their reasons (two lost to a competitor); a revision chain; printed comments carried to orders."""
	follow_ups = frappe.get_all("Quotation Follow Up", fields=["parent", "channel", "outcome"])
	assert len({f.channel for f in follow_ups}) >= 3 and len({f.outcome for f in follow_ups}) >= 4
	assert (
		frappe.db.count("Quotation", {"company": COMPANY, "status": "Open", "next_follow_up_date": getdate()})
		== 2
	)
	assert not frappe.db.exists(
		"Quotation", {"company": COMPANY, "status": ("!=", "Open"), "next_follow_up_date": getdate()}
	)
	# the desk's number card counts them (with the older ones left behind)
	assert follow_ups_due_today({"company": COMPANY})["value"] >= 2
	lost = frappe.get_all("Quotation", filters={"status": "Lost", "company": COMPANY}, pluck="name")
	assert len(lost) == 3
	reasons = count_by("Quotation Lost Reason Detail", "parent", {"parent": ("in", lost)})
	assert set(reasons) == set(lost)
	assert set(count_by("Competitor Detail", "parent", {"parenttype": "Quotation"})) <= set(lost)
	assert len(count_by("Competitor Detail", "parent", {"parenttype": "Quotation"})) == 2
	superseded = frappe.get_all(
		"Quotation", filters={"status": "Superseded", "company": COMPANY}, pluck="name"
	)
	assert len(superseded) == 1
	revision = frappe.get_doc("Quotation", {"revised_from": superseded[0]})
	assert (revision.docstatus, revision.status, revision.revision) == (1, "Open", 1)
	assert revision.name == f"{superseded[0]}-R1"
	assert revision.additional_discount_percentage == 5
	assert frappe.db.count("Quotation", {"printed_comment": ("is", "set"), "docstatus": 1}) >= 6
	commented = frappe.db.sql(
		"""select count(*) from `tabSales Order` so join `tabSales Order Item` i on i.parent = so.name
		join tabQuotation q on q.name = i.prevdoc_docname
		where q.printed_comment is not null and q.printed_comment != '' and so.printed_comment = q.printed_comment"""
	)[0][0]
	assert commented


def check_templates_and_lines() -> None:
	"""Two templates with sections and subtotals, one with an alternative line; three quotations made
	from them, the ordered one with its alternative chosen."""
	for template in features.TEMPLATES:
		kinds = count_by("Quotation Template Item", "line_type", {"parent": template})
		assert kinds.get("Section") and kinds.get("Subtotal") and kinds.get("Item"), kinds
	assert frappe.db.count("Quotation Template Item", {"is_alternative": 1}) == 1
	made = frappe.get_all(
		"Quotation", filters={"quotation_template": ("is", "set"), "docstatus": 1}, fields=["name", "status"]
	)
	assert len(made) == 3 and "Ordered" in {q.status for q in made}
	ordered = next(q.name for q in made if q.status == "Ordered")
	rows = frappe.get_all(
		"Quotation Item",
		filters={"parent": ordered},
		fields=["line_type", "is_alternative", "amount"],
		order_by="idx",
	)
	assert {"Section", "Subtotal"} <= {r.line_type for r in rows}
	# a section shows nothing, a subtotal the lines counted since the previous section or subtotal
	running = 0
	for row in rows:
		if row.line_type == "Section":
			assert row.amount == 0
			running = 0
		elif row.line_type == "Subtotal":
			assert flt(row.amount, 2) == flt(running, 2) > 0
			running = 0
		elif not row.is_alternative:
			running += row.amount
	counted = sum(r.amount for r in rows if r.line_type == "Item" and not r.is_alternative)
	assert flt(frappe.db.get_value("Quotation", ordered, "total"), 2) == flt(counted, 2)
	order_items = frappe.get_all(
		"Sales Order Item", filters={"prevdoc_docname": ordered, "docstatus": 1}, pluck="item_code"
	)
	assert "FORMATION" in order_items


def check_pricing() -> None:
	"""Rules priced the office supplies: group discount, quantity break, a free box every ten; a
	coupon used once; the promotional scheme's rules."""
	rows = frappe.db.sql(
		"""select i.item_code, i.qty, i.is_free_item, i.discount_percentage, i.pricing_rules, so.coupon_code,
			so.customer_group
		from `tabSales Order Item` i join `tabSales Order` so on so.name = i.parent
		where so.docstatus = 1 and i.item_code in ('RAMETTE-A4', 'CAPSULES')""",
		as_dict=True,
	)
	free = [r for r in rows if r.is_free_item]
	assert free and all(r.item_code == "CAPSULES" and r.qty == 2 for r in free)
	ramettes = [r for r in rows if r.item_code == "RAMETTE-A4" and r.qty >= 50]
	assert ramettes and all(r.discount_percentage >= 8 and r.pricing_rules for r in ramettes)
	assert any(r.customer_group == "Administrations" and r.discount_percentage >= 10 for r in rows)
	assert frappe.db.count("Sales Order", {"coupon_code": features.COUPON, "docstatus": 1}) == 1
	assert frappe.db.get_value("Coupon Code", features.COUPON, "used") == 1
	assert frappe.db.count("Pricing Rule", {"promotional_scheme": features.PROMOTIONAL_SCHEME}) == 2


def check_partners() -> None:
	"""Three orders through the partner, commission 5 %, two salespeople sharing 100 %; the invoices
	carry it; a bundle with its packed items; shipping charged by the rule."""
	orders = frappe.get_all(
		"Sales Order",
		filters={"sales_partner": features.PARTNER, "docstatus": 1},
		fields=[
			"name",
			"commission_rate",
			"amount_eligible_for_commission",
			"total_commission",
			"shipping_rule",
		],
	)
	assert len(orders) == 3
	for order in orders:
		assert order.commission_rate == 5
		assert flt(order.total_commission, 2) == flt(order.amount_eligible_for_commission * 0.05, 2) > 0
		team = frappe.get_all(
			"Sales Team", filters={"parent": order.name}, fields=["sales_person", "allocated_percentage"]
		)
		assert sorted(t.allocated_percentage for t in team) == [40, 60]
	assert sum(1 for o in orders if o.shipping_rule == features.SHIPPING_RULE) == 2
	assert frappe.db.count("Sales Invoice", {"sales_partner": features.PARTNER, "docstatus": 1}) == 3
	bundle_order = frappe.db.get_value(
		"Sales Order Item", {"item_code": features.BUNDLE, "docstatus": 1}, "parent"
	)
	packed = frappe.get_all("Packed Item", filters={"parent": bundle_order}, fields=["item_code", "qty"])
	assert sorted((p.item_code, p.qty) for p in packed) == sorted(
		(code, qty * 3) for code, qty in features.BUNDLE_PARTS
	)
	pack = frappe.db.get_value(
		"Sales Order Item",
		{"parent": bundle_order, "item_code": features.BUNDLE},
		["discount_percentage", "pricing_rules"],
		as_dict=True,
	)
	scheme_rules = frappe.get_all(
		"Pricing Rule", filters={"promotional_scheme": features.PROMOTIONAL_SCHEME}, pluck="name"
	)
	assert pack.discount_percentage == 5 and any(rule in (pack.pricing_rules or "") for rule in scheme_rules)
	assert (
		frappe.db.get_value("Sales Person", "Sophie Commerciale", "parent_sales_person")
		== "Équipe commerciale"
	)


def check_subscriptions() -> None:
	"""Five subscriptions, one cancelled; exactly one submitted invoice per period begun by today (or
	by the end of a cancelled one), the periods following each other from the start date."""
	subs = frappe.get_all(
		"Subscription",
		fields=["name", "status", "start_date", "end_date"],
		filters={"company": COMPANY},
	)
	assert len(subs) == 5
	assert sorted(s.status for s in subs) == ["Active"] * 4 + ["Cancelled"]
	today = getdate()
	for sub in subs:
		plan = frappe.db.get_value("Subscription Plan Detail", {"parent": sub.name}, "plan")
		months = 12 if features.PLANS[plan][2] == "Year" else 1
		last_day = min(today, getdate(sub.end_date)) if sub.end_date else today
		expected, start = [], getdate(sub.start_date)
		while start <= last_day:
			expected.append((start, add_days(add_months(start, months), -1)))
			start = getdate(add_months(start, months))
		invoices = frappe.get_all(
			"Sales Invoice",
			filters={"subscription": sub.name, "docstatus": 1, "is_return": 0},
			fields=["from_date", "to_date", "outstanding_amount"],
			order_by="from_date",
		)
		assert [(getdate(i.from_date), getdate(i.to_date)) for i in invoices] == [
			(s, getdate(e)) for s, e in expected
		], sub.name
		assert all(i.outstanding_amount == 0 for i in invoices)
	cancelled = next(s for s in subs if s.status == "Cancelled")
	assert getdate(cancelled.end_date) < today
