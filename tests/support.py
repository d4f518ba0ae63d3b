"""Helpers for the test suite (real site, no mocks): users with roles, assertions on errors."""

from collections.abc import Callable, Iterable
from contextlib import contextmanager

import frappe
from frappe.utils.nestedset import get_root_of

from sales_flow.analytics.summary.tables import DOCTYPES as SUMMARIZED
from sales_flow.analytics.summary.update import subtract_document


def make_user(roles: Iterable[str], email: str | None = None) -> str:
	"""A desk user with exactly these roles (rolled back with the test's transaction)."""
	roles = list(roles)
	email = email or default_test_email(roles)
	if frappe.db.exists("User", email) and has_exactly(email, roles):
		# saving a User clears every cache of the site (Frappe's ask_pass_update sets a global
		# default): seconds of metadata reloading per test, so an unchanged user is not saved again
		return email
	if not frappe.db.exists("User", email):
		user = frappe.get_doc(
			{
				"doctype": "User",
				"email": email,
				"first_name": email.split("@")[0],
				"send_welcome_email": 0,
				"language": "en",
			}
		)
		user.flags.no_welcome_mail = True
		user.insert(ignore_permissions=True)
	user = frappe.get_doc("User", email)
	user.set("roles", [])
	user.add_roles(*roles)
	frappe.clear_cache(user=email)
	return email


def default_test_email(roles: list[str]) -> str:
	return f"{'-'.join(r.lower().replace(' ', '-') for r in roles) or 'noroles'}@test.sales-flow.fr"


def has_exactly(email: str, roles: list[str]) -> bool:
	granted = frappe.get_all("Has Role", filters={"parent": email, "parenttype": "User"}, pluck="role")
	return sorted(granted) == sorted(set(roles))


# the users most tests ask for, committed once per site by conftest.py so that no test pays for them
STANDARD_TEST_ROLES = (["Sales User"], ["Sales Manager"], ["Sales Master Manager"], ["Accounts User"])


def ensure_standard_test_users() -> None:
	for roles in STANDARD_TEST_ROLES:
		make_user(roles)
	frappe.db.commit()


@contextmanager
def as_user(email: str):
	previous = frappe.session.user
	frappe.set_user(email)
	frappe.local.lang = "en"
	try:
		yield
	finally:
		frappe.set_user(previous)
		frappe.local.lang = "en"


def assert_rejected(action: Callable[[], object], message_part: str, exc: type = frappe.ValidationError):
	"""Run `action`, expect a clear error containing `message_part`, and return the exception."""
	try:
		action()
	except exc as e:
		text = str(e) or " ".join(frappe.utils.strip_html(m) for m in _messages())
		assert message_part.lower() in frappe.utils.strip_html(text).lower(), text
		return e
	raise AssertionError(f"expected an error mentioning {message_part!r}")


def _messages() -> list[str]:
	import json

	out = []
	for m in frappe.local.message_log or []:
		if isinstance(m, str):
			try:
				m = json.loads(m)
			except ValueError:
				out.append(m)
				continue
		out.append(m.get("message", "") if isinstance(m, dict) else str(m))
	return out


@contextmanager
def committed_cleanup():
	"""For tests whose records must be committed (a real server or an importer reads them):
	yields a list to which the test appends (doctype, name); all of them are deleted afterwards."""
	created: list[tuple[str, str]] = []
	try:
		yield created
	finally:
		frappe.db.rollback()
		frappe.set_user("Administrator")
		for doctype, name in reversed(created):
			delete_test_record(doctype, name)
		frappe.db.commit()


def delete_test_record(doctype: str, name: str) -> None:
	"""A test's record deleted, submitted or not (test data only): a submitted one is marked cancelled
	first, its figures taken out of the sales summaries as a cancel takes them."""
	docstatus = frappe.db.get_value(doctype, name, "docstatus")
	# drafts too: a draft invoice may not be deleted once later numbers exist, a cancelled one may
	if docstatus is not None and frappe.get_meta(doctype).is_submittable:
		if doctype in SUMMARIZED and docstatus == 1:
			subtract_document(frappe._dict(doctype=doctype, name=name))
		frappe.db.set_value(doctype, name, "docstatus", 2, update_modified=False)
	frappe.delete_doc(
		doctype, name, force=True, ignore_permissions=True, ignore_missing=True, delete_permanently=True
	)


def insert_recorded(created: list[tuple[str, str]], values: dict) -> str:
	"""Insert a document and note it in `created`, for deletion once the run is over."""
	doc = frappe.get_doc(values).insert()
	created.append((doc.doctype, doc.name))
	return doc.name


def make_throwaway_company(name: str, abbr: str, created: list[tuple[str, str]]) -> str:
	"""A French company in EUR for a committed test or benchmark run, that does not become the
	site's default company (the first company of a site does)."""
	previous = frappe.defaults.get_global_default("company")
	insert_recorded(
		created,
		{
			"doctype": "Company",
			"company_name": name,
			"abbr": abbr,
			"default_currency": "EUR",
			"country": "France",
		},
	)
	if frappe.defaults.get_global_default("company") == name:
		frappe.defaults.clear_default("company", name, parent="__default")
		if previous:
			frappe.defaults.set_global_default("company", previous)
	return name


def make_throwaway_sales_masters(label: str, run: str, abbr: str, created: list[tuple[str, str]]):
	"""What a committed race test or benchmark sells with, named "<label> ... <run>": a French company
	in EUR, a price list, a 20 % VAT class, an "On Net Total" VAT template and a customer buying from
	that list; all noted in `created`."""
	company = make_throwaway_company(f"{label} SARL {run}", f"{abbr}{run}", created)
	price_list = insert_recorded(
		created,
		{"doctype": "Price List", "price_list_name": f"{label} Tarif {run}", "currency": "EUR", "selling": 1},
	)
	vat = insert_recorded(
		created,
		{
			"doctype": "Item Tax Template",
			"title": f"{label} VAT 20 {run}",
			"taxes": [{"tax_type": "TVA 20", "tax_rate": 20}],
		},
	)
	taxes = insert_recorded(
		created,
		{
			"doctype": "Sales Taxes and Charges Template",
			"title": f"{label} TVA {run}",
			"company": company,
			"taxes": [
				{
					"charge_type": "On Net Total",
					"account_head": "TVA 20",
					"description": "TVA 20 %",
					"rate": 20,
				}
			],
		},
	)
	customer = insert_recorded(
		created,
		{
			"doctype": "Customer",
			"customer_name": f"{label} Client {run}",
			"default_price_list": price_list,
			"customer_group": get_root_of("Customer Group"),
			"territory": get_root_of("Territory"),
		},
	)
	return frappe._dict(company=company, price_list=price_list, vat=vat, taxes=taxes, customer=customer)


def make_priced_item(
	created: list[tuple[str, str]], code: str, name: str, vat_class: str, price_list: str, price: float
) -> str:
	"""An item sold by the unit with its list price, both noted in `created`."""
	insert_recorded(
		created,
		{
			"doctype": "Item",
			"item_code": code,
			"item_name": name,
			"item_group": get_root_of("Item Group"),
			"stock_uom": "Unit",
			"item_tax_template": vat_class,
		},
	)
	insert_recorded(
		created,
		{
			"doctype": "Item Price",
			"item_code": code,
			"price_list": price_list,
			"uom": "Unit",
			"price_list_rate": price,
			"valid_from": "2020-01-01",
		},
	)
	return code
