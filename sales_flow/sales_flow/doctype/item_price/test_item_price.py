from contextlib import contextmanager

import frappe
import pytest
from frappe.utils import formatdate, getdate, today
from frappe.utils.nestedset import get_root_of

from sales_flow.sales_flow.doctype.item_price.item_price import ItemPriceOverlapError
from tests.support import as_user, assert_rejected, make_user

ITEM = "TEST-PRICE-CAFE"
PRICE_LIST = "Test Tarif"
UNIT = "Test Sachet"
OTHER_UNIT = "Test Carton"


@pytest.fixture(autouse=True)
def catalogue():
	"""An item in a unit of its own and a price list, rolled back with the test."""
	for unit in (UNIT, OTHER_UNIT):
		frappe.get_doc({"doctype": "UOM", "uom_name": unit, "must_be_whole_number": 1}).insert()
	frappe.get_doc(
		{
			"doctype": "Item",
			"item_code": ITEM,
			"item_name": "Café en grains",
			"item_group": get_root_of("Item Group"),
			"stock_uom": UNIT,
		}
	).insert()
	frappe.get_doc({"doctype": "Price List", "price_list_name": PRICE_LIST, "currency": "EUR"}).insert()


def item_price(
	rate: float = 17.9, valid_from: str | None = "2026-01-01", valid_upto: str | None = None, **values
):
	doc = {
		"doctype": "Item Price",
		"item_code": ITEM,
		"price_list": PRICE_LIST,
		"price_list_rate": rate,
		"valid_from": valid_from,
		"valid_upto": valid_upto,
	}
	doc.update(values)
	return frappe.get_doc(doc)


@contextmanager
def as_data_import():
	"""Frappe fills an empty Valid From with its default (today) except in a Data Import: this is
	how a price with no start date gets in."""
	frappe.flags.in_import = True
	try:
		yield
	finally:
		frappe.flags.in_import = False


def insert(doc):
	if doc.valid_from:
		return doc.insert()
	with as_data_import():
		return doc.insert()


def price_count() -> int:
	return frappe.db.count("Item Price", {"item_code": ITEM})


def a_customer(name: str = "Test Café Dupont") -> str:
	return frappe.get_doc({"doctype": "Customer", "customer_name": name}).insert().name


def test_a_price_takes_its_unit_currency_and_item_name_from_its_item_and_price_list():
	doc = item_price(valid_from=None).insert()
	stored = frappe.db.get_value(
		"Item Price",
		doc.name,
		["item_name", "uom", "currency", "price_list_rate", "valid_from", "valid_upto"],
		as_dict=True,
	)
	assert stored == {
		"item_name": "Café en grains",
		"uom": UNIT,
		"currency": "EUR",
		"price_list_rate": 17.9,
		"valid_from": getdate(today()),
		"valid_upto": None,
	}


def test_a_price_without_a_unit_gets_the_items_unit_even_when_links_are_not_fetched():
	doc = item_price().insert(ignore_links=True)
	assert frappe.db.get_value("Item Price", doc.name, "uom") == UNIT


def test_a_price_in_another_unit_keeps_that_unit():
	doc = item_price(uom=OTHER_UNIT, note="Carton de 12").insert()
	assert frappe.db.get_value("Item Price", doc.name, ["uom", "note"]) == (OTHER_UNIT, "Carton de 12")


def test_a_zero_price_is_accepted():
	assert item_price(rate=0).insert().price_list_rate == 0


@pytest.mark.parametrize(
	"values, message",
	[
		({"rate": -0.01}, "The rate of TEST-PRICE-CAFE in Test Tarif cannot be negative"),
		(
			{"valid_from": "2026-03-01", "valid_upto": "2026-02-28"},
			"Valid Upto ({2026-02-28}) cannot be before Valid From ({2026-03-01})",
		),
		({"price_list": None}, "price_list"),
		({"item_code": None}, "item_code"),
		({"price_list": "Test No Such List"}, "Price List Test No Such List does not exist"),
		({"item_code": "TEST-NO-SUCH-ITEM"}, "Item TEST-NO-SUCH-ITEM does not exist"),
		({"uom": "Test No Such Unit"}, "Test No Such Unit"),
	],
)
def test_bad_input_is_rejected_and_nothing_is_written(values, message):
	message = message.replace("{2026-02-28}", formatdate("2026-02-28")).replace(
		"{2026-03-01}", formatdate("2026-03-01")
	)
	before = frappe.db.count("Item Price")
	assert_rejected(lambda: item_price(**values).insert(), message)
	assert frappe.db.count("Item Price") == before


def test_a_price_valid_for_a_single_day_is_accepted():
	doc = item_price(valid_from="2026-05-01", valid_upto="2026-05-01").insert()
	assert frappe.db.exists("Item Price", doc.name)


@pytest.mark.parametrize(
	"valid_from, valid_upto",
	[
		("2026-03-01", "2026-03-31"),  # inside
		("2025-06-01", "2026-12-31"),  # around
		("2025-12-01", "2026-01-01"),  # ends on its first day
		("2026-06-30", None),  # starts on its last day, no end
		("2026-02-01", None),  # starts inside, no end
		(None, "2026-01-15"),  # no start, ends inside
		(None, None),  # valid at any date
	],
)
def test_an_overlapping_price_is_refused_naming_the_price_in_place(valid_from, valid_upto):
	existing = item_price(12.5, "2026-01-01", "2026-06-30").insert()
	before = price_count()
	error = assert_rejected(
		lambda: insert(item_price(99, valid_from, valid_upto)),
		f"Item Price {existing.name} of TEST-PRICE-CAFE in Test Tarif for the unit {UNIT} and all customers",
		ItemPriceOverlapError,
	)
	assert f"from {formatdate('2026-01-01')} to {formatdate('2026-06-30')}" in str(error)
	assert price_count() == before
	assert not frappe.db.exists("Item Price", {"item_code": ITEM, "price_list_rate": 99})


@pytest.mark.parametrize(
	"existing_from, existing_upto, valid_from, valid_upto",
	[
		("2026-07-01", None, "2030-01-01", "2030-12-31"),  # the existing price has no end
		(None, "2026-12-31", "2020-01-01", "2020-01-31"),  # the existing price has no start
		(None, None, "2026-01-01", "2026-01-01"),  # the existing price is valid at any date
	],
)
def test_open_ended_prices_count_as_infinite(existing_from, existing_upto, valid_from, valid_upto):
	existing = insert(item_price(12.5, existing_from, existing_upto))
	before = price_count()
	assert_rejected(
		lambda: insert(item_price(99, valid_from, valid_upto)), existing.name, ItemPriceOverlapError
	)
	assert price_count() == before


def test_adjacent_periods_are_accepted():
	insert(item_price(10, None, "2025-12-31"))
	item_price(12.5, "2026-01-01", "2026-06-30").insert()
	item_price(13.75, "2026-07-01", None).insert()
	rates = frappe.get_all(
		"Item Price", {"item_code": ITEM}, pluck="price_list_rate", order_by="price_list_rate"
	)
	assert rates == [10, 12.5, 13.75]


def test_a_price_in_another_unit_or_price_list_does_not_overlap():
	item_price(12.5, "2026-01-01", None).insert()
	item_price(140, "2026-01-01", None, uom=OTHER_UNIT).insert()
	frappe.get_doc(
		{"doctype": "Price List", "price_list_name": "Test Tarif revendeurs", "currency": "EUR"}
	).insert()
	item_price(10.6, "2026-01-01", None, price_list="Test Tarif revendeurs").insert()
	assert price_count() == 3


def test_a_customer_price_is_its_own_key():
	customer = a_customer()
	item_price(12.5, "2026-01-01", None).insert()
	mine = item_price(11, "2026-01-01", None, customer=customer).insert()
	# another customer's price is one more key
	item_price(11.5, "2026-01-01", None, customer=a_customer("Test Bistrot Martin")).insert()
	assert price_count() == 3
	assert_rejected(
		lambda: item_price(10, "2026-03-01", "2026-03-31", customer=customer).insert(),
		f"Item Price {mine.name} of TEST-PRICE-CAFE in Test Tarif for the unit {UNIT} and customer {customer}",
		ItemPriceOverlapError,
	)
	assert price_count() == 3


def test_saving_a_price_again_does_not_conflict_with_itself():
	doc = item_price(12.5, "2026-01-01", None).insert()
	doc.price_list_rate = 13
	doc.save()
	assert frappe.db.get_value("Item Price", doc.name, "price_list_rate") == 13


def test_extending_a_period_into_the_next_one_is_refused_and_not_saved():
	first = item_price(12.5, "2026-01-01", "2026-06-30").insert()
	second = item_price(13.75, "2026-07-01", None).insert()
	first.valid_upto = "2026-07-31"
	assert_rejected(first.save, f"Item Price {second.name}", ItemPriceOverlapError)
	assert frappe.db.get_value("Item Price", first.name, "valid_upto") == getdate("2026-06-30")


def test_a_disabled_item_gets_no_new_price_but_its_prices_stay_editable():
	doc = item_price().insert()
	frappe.db.set_value("Item", ITEM, "disabled", 1)
	doc.price_list_rate = 20
	doc.save()
	assert_rejected(lambda: item_price(valid_from="2027-01-01").insert(), "Item TEST-PRICE-CAFE is disabled")
	assert price_count() == 1


def test_a_disabled_unit_is_not_chosen_for_a_new_price():
	frappe.db.set_value("UOM", OTHER_UNIT, "enabled", 0)
	assert_rejected(lambda: item_price(uom=OTHER_UNIT).insert(), f"{OTHER_UNIT} is disabled")
	assert price_count() == 0


def test_prices_are_indexed_by_item_and_price_list():
	index = frappe.db.sql(
		"""SHOW INDEX FROM `tabItem Price` WHERE Key_name = 'item_code_price_list_index'""", as_dict=True
	)
	assert [(row.Seq_in_index, row.Column_name) for row in index] == [(1, "item_code"), (2, "price_list")]


def test_a_sales_user_reads_prices_but_cannot_create_or_change_them():
	existing = item_price().insert()
	with as_user(make_user(["Sales User"])):
		assert frappe.has_permission("Item Price", "read", existing.name)
		assert frappe.get_list("Item Price", filters={"item_code": ITEM}, pluck="name") == [existing.name]
		assert frappe.has_permission("Item", "read", ITEM)
		with pytest.raises(frappe.PermissionError):
			item_price(valid_from="2027-01-01").insert()
		doc = frappe.get_doc("Item Price", existing.name)
		doc.price_list_rate = 1
		with pytest.raises(frappe.PermissionError):
			doc.save()
	assert price_count() == 1
	assert frappe.db.get_value("Item Price", existing.name, "price_list_rate") == 17.9


def test_a_sales_master_manager_creates_and_changes_prices():
	with as_user(make_user(["Sales Master Manager"])):
		doc = item_price().insert()
		doc.price_list_rate = 18.5
		doc.save()
	assert frappe.db.get_value("Item Price", doc.name, "price_list_rate") == 18.5
