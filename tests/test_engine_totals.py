"""The totals engine: hand-computed vectors, Python and JavaScript in lock-step, invariants."""

import copy
import json
import os
import random
import subprocess
import tempfile

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sales_flow.totals.calculation import calculate, round_half_up

HERE = os.path.dirname(__file__)
CASES_PATH = os.path.join(HERE, "..", "sales_flow", "totals", "vectors", "totals_cases.json")
CASES = json.load(open(CASES_PATH))


def assert_matches(expected: dict, actual: dict, where: str = "") -> None:
	for key, value in expected.items():
		if isinstance(value, list):
			for n, row in enumerate(value):
				assert_matches(row, actual[key][n], f"{where}.{key}[{n}]")
		else:
			assert actual.get(key) == pytest.approx(value, abs=1e-9), f"{where}.{key}"


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_python_engine_on_the_shared_vectors(case):
	assert_matches(case["expect"], calculate(copy.deepcopy(case["doc"])))


def test_javascript_engine_on_the_shared_vectors():
	result = subprocess.run(
		["node", "--test", os.path.join(HERE, "js", "totals.test.js")], capture_output=True, text=True
	)
	assert result.returncode == 0, result.stdout + result.stderr
	assert f"# pass {len(CASES)}" in result.stdout


def random_document(rng: random.Random) -> dict:
	accounts = ["TVA 20", "TVA 10", "TVA 5,5", "Eco"]
	charge_types = [
		"On Net Total",
		"On Net Total",
		"Actual",
		"On Previous Row Amount",
		"On Previous Row Total",
	]
	included = rng.random() < 0.3
	taxes = []
	for n in range(rng.randint(0, 4)):
		charge = charge_types[0] if n == 0 else rng.choice(charge_types)
		tax = {
			"charge_type": charge,
			"account_head": accounts[n % len(accounts)],
			"rate": rng.choice([0, 5.5, 10, 20, 2.1]),
		}
		if charge == "Actual":
			tax["tax_amount"] = round(rng.uniform(0, 50), 2)
		elif included:
			tax["included_in_print_rate"] = 1
		if charge.startswith("On Previous"):
			tax["row_id"] = str(rng.randint(1, n))
		taxes.append(tax)
	if included:
		# a previous-row charge may only lean on included rows, and actual charges are never included
		taxes = [t for t in taxes if t["charge_type"] != "Actual"]
		for n, t in enumerate(taxes):
			if "row_id" in t and int(t["row_id"]) > n:
				t["row_id"] = str(n) if n else None
			if n == 0:
				t["charge_type"] = "On Net Total"
				t.pop("row_id", None)
	items = []
	for n in range(rng.randint(1, 12)):
		item = {"item_code": f"I{n}", "qty": rng.choice([1, 2, 3, 0.5, 7, 12, 100, 0.333])}
		if rng.random() < 0.7:
			item["price_list_rate"] = round(rng.uniform(0.01, 2000), rng.choice([2, 3]))
			if rng.random() < 0.4:
				item["discount_percentage"] = rng.choice([5, 10, 12.5, 33.33, 100])
			elif rng.random() < 0.2:
				item["discount_amount"] = round(rng.uniform(0, item["price_list_rate"]), 2)
			if rng.random() < 0.1:
				item["margin_type"], item["margin_rate_or_amount"] = rng.choice(
					[("Percentage", 15), ("Amount", 3.5)]
				)
		else:
			item["rate"] = round(rng.uniform(0, 500), 2)
		if rng.random() < 0.5:
			item["item_tax_rate"] = {a: rng.choice([0, 5.5, 10, 20]) for a in accounts[:3]}
		items.append(item)
	items = with_uncounted_rows(rng, items)
	doc = {"items": items, "taxes": taxes, "conversion_rate": rng.choice([1, 1, 0.92, 1.0837, 155.3, 0.0061])}
	roll = rng.random()
	if roll < 0.2:
		doc["additional_discount_percentage"] = rng.choice([2, 5, 10, 15.5])
		doc["apply_discount_on"] = rng.choice(["Grand Total", "Net Total"])
	elif roll < 0.3:
		doc["discount_amount"] = round(rng.uniform(0, 30), 2)
		doc["apply_discount_on"] = rng.choice(["Grand Total", "Net Total"])
	if rng.random() < 0.1:
		doc["smallest_currency_fraction"] = 0.05
	return doc


def with_uncounted_rows(rng: random.Random, items: list[dict]) -> list[dict]:
	"""Sprinkle section headings, subtotals and alternatives among the lines (a third of documents)."""
	if rng.random() < 0.66:
		return items
	rows: list[dict] = []
	for item in items:
		if rng.random() < 0.25:
			rows.append({"line_type": "Section", "item_name": "Section"})
		rows.append({**item, "is_alternative": 1} if rng.random() < 0.15 else item)
		if rng.random() < 0.25:
			rows.append({"line_type": "Subtotal"})
	return rows


def test_sections_subtotals_and_alternatives_change_no_total():
	rng = random.Random(7)
	for _ in range(200):
		doc = random_document(rng)
		rows = with_uncounted_rows(
			random.Random(rng.random()), [{**i, "is_alternative": 0} for i in doc["items"]]
		)
		plain = calculate(
			copy.deepcopy(
				{**doc, "items": [r for r in rows if not r.get("line_type") and not r["is_alternative"]]}
			)
		)
		mixed = calculate(copy.deepcopy({**doc, "items": rows}))
		for field in (
			"total_qty",
			"total",
			"net_total",
			"total_taxes_and_charges",
			"grand_total",
			"base_grand_total",
		):
			assert mixed[field] == plain[field], field
		assert [t["tax_amount"] for t in mixed["taxes"]] == [t["tax_amount"] for t in plain["taxes"]]
		running = 0.0
		for row in mixed["items"]:
			if row.get("line_type") == "Subtotal":
				assert row["amount"] == round_half_up(running)
			if row.get("line_type"):
				running = 0.0
				assert row["net_amount"] == 0
			elif not row["is_alternative"]:
				running += row["amount"]


def test_python_and_javascript_agree_on_random_documents_to_the_last_bit():
	rng = random.Random(42)
	docs = [random_document(rng) for _ in range(400)]
	expected = [calculate(copy.deepcopy(d)) for d in docs]
	with tempfile.TemporaryDirectory() as tmp:
		src, out = os.path.join(tmp, "in.json"), os.path.join(tmp, "out.json")
		json.dump(docs, open(src, "w"))
		subprocess.run(["node", os.path.join(HERE, "js", "calculate.js"), src, out], check=True)
		got = json.load(open(out))
	for n, (py, js) in enumerate(zip(expected, got, strict=True)):
		for key, value in py.items():
			if key in ("items", "taxes"):
				for r, (prow, jrow) in enumerate(zip(value, js[key], strict=True)):
					for field, v in prow.items():
						if field == "item_wise_tax_detail":
							assert json.loads(v) == json.loads(jrow[field]), (n, key, r, field)
						elif isinstance(v, float | int) and not isinstance(v, bool):
							assert float(jrow[field]) == float(v), (n, key, r, field, v, jrow[field])
			elif isinstance(value, float | int):
				assert float(js[key]) == float(value), (n, key, value, js[key])


money = st.decimals(min_value=0, max_value=5000, places=2).map(float)


@settings(max_examples=300, deadline=None)
@given(
	lines=st.lists(
		st.tuples(
			money,
			st.sampled_from([1, 2, 3, 0.5, 10]),
			st.sampled_from([0, 5, 10, 50]),
			st.sampled_from([0, 5.5, 10, 20]),
		),
		min_size=1,
		max_size=15,
	),
	discount=st.sampled_from([0, 3, 10]),
	on=st.sampled_from(["Grand Total", "Net Total"]),
	included=st.booleans(),
	rate=st.sampled_from([1, 0.92, 1.0837, 155.3]),
)
def test_parts_always_add_up_to_the_cent(lines, discount, on, included, rate):
	accounts = {20: "TVA 20", 10: "TVA 10", 5.5: "TVA 5,5", 0: "TVA 20"}

	def document(discount_percentage):
		return {
			"conversion_rate": rate,
			"additional_discount_percentage": discount_percentage,
			"apply_discount_on": on,
			"taxes": [
				{
					"charge_type": "On Net Total",
					"account_head": a,
					"rate": 0,
					"included_in_print_rate": int(included),
				}
				for a in ("TVA 20", "TVA 10", "TVA 5,5")
			],
			"items": [
				{
					"item_code": f"L{n}",
					"price_list_rate": price,
					"qty": qty,
					"discount_percentage": pct,
					"item_tax_rate": {accounts[vat]: vat},
				}
				for n, (price, qty, pct, vat) in enumerate(lines)
			],
		}

	doc = calculate(document(discount))
	cents = lambda v: round(v * 100)  # noqa: E731
	assert cents(doc["net_total"]) == sum(cents(i["net_amount"]) for i in doc["items"])
	assert cents(doc["grand_total"]) == cents(doc["net_total"]) + sum(
		cents(t["tax_amount"]) for t in doc["taxes"]
	)
	assert cents(doc["taxes"][-1]["total"]) == cents(doc["grand_total"])
	assert cents(doc["base_grand_total"]) == cents(round_half_up(doc["grand_total"] * rate))
	assert cents(doc["base_grand_total"]) == cents(doc["base_net_total"]) + sum(
		cents(t["base_tax_amount"]) for t in doc["taxes"]
	)
	assert cents(doc["base_net_total"]) == sum(cents(i["base_net_amount"]) for i in doc["items"])
	if included and not discount:
		# TTC: what the lines show is what the customer pays
		assert cents(doc["grand_total"]) == cents(doc["total"])
	if discount and on == "Grand Total":
		# the customer's grand total drops by exactly the discount shown
		undiscounted = calculate(document(0))
		assert cents(doc["grand_total"]) == cents(undiscounted["grand_total"]) - cents(doc["discount_amount"])


def test_an_item_on_two_lines_adds_up_in_the_item_wise_tax_detail():
	doc = calculate(
		{
			"taxes": [{"charge_type": "On Net Total", "account_head": "TVA 20", "rate": 20}],
			"items": [{"item_code": "A", "qty": 1, "rate": 10}, {"item_code": "A", "qty": 1, "rate": 5.05}],
		}
	)
	assert json.loads(doc["taxes"][0]["item_wise_tax_detail"]) == {"A": [20.0, 3.01]}
	assert doc["taxes"][0]["tax_amount"] == 3.01
