// Totals of a sales document: the browser's twin of sales_flow/totals/calculation.py.
// Same rules, same order, same rounding operations on the same IEEE doubles, so that the form
// shows as the user types exactly what the server will store. Both are checked against
// sales_flow/totals/vectors/*.json. Loaded in the desk (window.sales_flow.totals) and by node.
(function (root) {
	"use strict";

	const ACTUAL = "Actual";
	const ON_NET_TOTAL = "On Net Total";
	const ON_PREVIOUS_ROW_AMOUNT = "On Previous Row Amount";
	const ON_PREVIOUS_ROW_TOTAL = "On Previous Row Total";
	const ITEM = "Item";
	const SUBTOTAL = "Subtotal";
	// a line's figures that also exist in the company currency (base_*), in the order they are set
	const ITEM_BASE_FIELDS = [
		"rate",
		"amount",
		"net_rate",
		"net_amount",
		"discount_amount",
		"rate_with_margin",
	];

	function round_half_up(value, precision = 2) {
		const factor = 10 ** precision;
		const scaled = Math.abs(value) * factor;
		const rounded = Math.floor(scaled + 0.5 + 1e-9) / factor;
		return value < 0 ? -rounded : rounded;
	}

	function round_to_fraction(value, fraction, precision) {
		if (!fraction || fraction <= 10 ** -precision) return round_half_up(value, precision);
		return round_half_up(round_half_up(value / fraction, 0) * fraction, precision);
	}

	function flt(value) {
		// most reads (some 40 per line) are of numbers, which parseFloat writes out and reads back:
		// a microsecond each in a form's unoptimised engine; `|| 0`: +0 for -0, as parseFloat
		if (typeof value === "number") return Number.isFinite(value) ? value || 0 : 0;
		const number = parseFloat(value);
		return Number.isFinite(number) ? number : 0;
	}

	function sum(values) {
		// left to right, as Python's sum(), so the floating-point result is the same
		let total = 0;
		for (const value of values) total += value;
		return total;
	}

	// a line's rates by account; its item_tax_rate text (one per item tax template) parsed once:
	// the rates are read for every line x tax x pass, and the form calculates on every keystroke
	const parsed_texts = new Map();

	const parse_rates = (rates) =>
		Object.fromEntries(Object.entries(rates).map(([account, rate]) => [account, flt(rate)]));

	function item_tax_rates(item) {
		const rates = item.item_tax_rate || {};
		if (typeof rates !== "string") return parse_rates(rates);
		if (!parsed_texts.has(rates)) {
			if (parsed_texts.size > 1000) parsed_texts.clear();
			parsed_texts.set(rates, parse_rates(rates.trim() ? JSON.parse(rates) : {}));
		}
		return parsed_texts.get(rates);
	}

	function tax_rate_for(tax, item) {
		const rates = item_tax_rates(item);
		return tax.account_head in rates ? rates[tax.account_head] : flt(tax.rate);
	}

	function row_index(tax) {
		return Math.trunc(flt(tax.row_id)) - 1;
	}

	function line_type_of(item) {
		return item.line_type || ITEM;
	}

	// only item lines count: sections, subtotals and alternatives stay out of every total
	function counts_in_totals(item) {
		return line_type_of(item) === ITEM && !item.is_alternative;
	}

	function calculate(doc) {
		const precision = Math.trunc(doc.precision ?? 2);
		const rows = doc.items || [];
		const items = rows.filter(counts_in_totals);
		const taxes = doc.taxes || [];
		for (const item of items) calculate_line(item, precision);
		for (const item of items) {
			item.net_amount = net_amount_of(item, taxes, precision);
			item.net_rate = flt(item.qty)
				? round_half_up(item.net_amount / flt(item.qty), precision)
				: 0;
		}
		doc.total = round_half_up(sum(items.map((i) => flt(i.amount))), precision);
		doc.net_total = round_half_up(sum(items.map((i) => i.net_amount)), precision);
		doc.total_qty = sum(items.map((i) => flt(i.qty)));

		calculate_taxes(doc, items, taxes, precision);
		settle_included_tax_cents(doc, items, taxes, precision);
		apply_document_discount(doc, items, taxes, precision);
		set_grand_total(doc, taxes, precision);
		set_rounded_total(doc, precision);
		set_base_amounts(doc, items, taxes, precision);
		calculate_uncounted_rows(doc, rows, taxes, precision);
		return doc;
	}

	// alternatives show their own figures; sections none; subtotals the counted lines above them
	function calculate_uncounted_rows(doc, rows, taxes, precision) {
		const rate = flt(doc.conversion_rate) || 1;
		let running = 0;
		for (const row of rows) {
			const kind = line_type_of(row);
			if (kind === ITEM && !row.is_alternative) {
				running += flt(row.amount);
				continue;
			}
			if (kind === ITEM) {
				calculate_line(row, precision);
				row.net_amount = net_amount_of(row, taxes, precision);
				const qty = flt(row.qty);
				row.net_rate = qty ? round_half_up(row.net_amount / qty, precision) : 0;
			} else {
				for (const field of [
					"rate_with_margin",
					"discount_amount",
					"rate",
					"net_rate",
					"net_amount",
				])
					row[field] = 0;
				row.amount = kind === SUBTOTAL ? round_half_up(running, precision) : 0;
				running = 0;
			}
			const plc = flt(doc.plc_conversion_rate) || rate;
			row.base_price_list_rate = round_half_up(flt(row.price_list_rate) * plc, precision);
			for (const field of ITEM_BASE_FIELDS)
				row["base_" + field] = round_half_up(flt(row[field]) * rate, precision);
		}
	}

	function calculate_line(item, precision) {
		const price_list_rate = flt(item.price_list_rate);
		const qty = flt(item.qty);
		if (price_list_rate) {
			const rate_with_margin = price_list_rate + margin_of(item, price_list_rate);
			item.rate_with_margin = round_half_up(rate_with_margin, precision);
			if (flt(item.discount_percentage)) {
				item.discount_amount = round_half_up(
					(rate_with_margin * flt(item.discount_percentage)) / 100,
					precision,
				);
			}
			item.rate = round_half_up(rate_with_margin - flt(item.discount_amount), precision);
		} else {
			// no list price: the rate is what the user typed
			item.rate_with_margin = 0;
			item.discount_amount = 0;
			item.rate = round_half_up(flt(item.rate), precision);
		}
		item.amount = round_half_up(item.rate * qty, precision);
	}

	function margin_of(item, price_list_rate) {
		const value = flt(item.margin_rate_or_amount);
		if (item.margin_type === "Percentage") return (price_list_rate * value) / 100;
		if (item.margin_type === "Amount") return value;
		return 0;
	}

	function included_factor(taxes, item) {
		const tax_per_net = [];
		taxes.forEach((tax) => {
			const rate = tax.included_in_print_rate ? tax_rate_for(tax, item) / 100 : 0;
			const charge = tax.charge_type;
			if (charge === ON_NET_TOTAL) tax_per_net.push(rate);
			else if (charge === ON_PREVIOUS_ROW_AMOUNT)
				tax_per_net.push(rate * tax_per_net[row_index(tax)]);
			else if (charge === ON_PREVIOUS_ROW_TOTAL)
				tax_per_net.push(rate * (1 + sum(tax_per_net.slice(0, row_index(tax) + 1))));
			else tax_per_net.push(0);
		});
		return sum(tax_per_net);
	}

	function net_amount_of(item, taxes, precision) {
		return round_half_up(flt(item.amount) / (1 + included_factor(taxes, item)), precision);
	}

	function calculate_taxes(doc, items, taxes, precision) {
		const line_taxes = [];
		const actual_base = sum(items.map((i) => flt(i.net_amount))) || 1;
		let running_total = flt(doc.net_total);
		for (const tax of taxes) {
			const charge = tax.charge_type;
			const per_line = items.map((item, n) => {
				const rate = tax_rate_for(tax, item);
				if (charge === ON_NET_TOTAL) return (flt(item.net_amount) * rate) / 100;
				if (charge === ON_PREVIOUS_ROW_AMOUNT)
					return (line_taxes[row_index(tax)][n] * rate) / 100;
				if (charge === ON_PREVIOUS_ROW_TOTAL)
					return (line_totals_after(items, line_taxes, row_index(tax))[n] * rate) / 100;
				// an actual charge is spread over the lines by net amount, for the item-wise detail
				return (flt(tax.tax_amount) * flt(item.net_amount)) / actual_base;
			});
			line_taxes.push(per_line);
			tax.tax_amount =
				charge === ACTUAL
					? round_half_up(flt(tax.tax_amount), precision)
					: round_half_up(sum(per_line), precision);
			tax.tax_amount_after_discount_amount = tax.tax_amount;
			running_total = round_half_up(running_total + tax.tax_amount, precision);
			tax.total = running_total;
			tax.item_wise_tax_detail = JSON.stringify(
				item_wise_detail(tax, items, per_line, precision),
			);
		}
	}

	// {item code: [rate, tax amount]}, ERPNext's shape; an item on several lines adds up
	function item_wise_detail(tax, items, per_line, precision) {
		const detail = {};
		items.forEach((item, n) => {
			const key = String(item.item_code || n);
			const previous = key in detail ? detail[key][1] : 0;
			detail[key] = [
				tax_rate_for(tax, item),
				round_half_up(previous + per_line[n], precision),
			];
		});
		return detail;
	}

	function line_totals_after(items, line_taxes, last_row) {
		return items.map((item, n) => {
			let total = flt(item.net_amount);
			for (let r = 0; r <= last_row; r++) total += line_taxes[r][n];
			return total;
		});
	}

	function apply_document_discount(doc, items, taxes, precision) {
		const on_grand_total = (doc.apply_discount_on || "Grand Total") === "Grand Total";
		const undiscounted_grand_total = round_half_up(
			doc.net_total + sum(taxes.map((t) => t.tax_amount)),
			precision,
		);
		const base = on_grand_total ? undiscounted_grand_total : doc.net_total;
		if (flt(doc.additional_discount_percentage)) {
			doc.discount_amount = round_half_up(
				(base * flt(doc.additional_discount_percentage)) / 100,
				precision,
			);
		}
		const discount = round_half_up(flt(doc.discount_amount), precision);
		doc.discount_amount = discount;
		if (!discount || !items.length || !doc.net_total) return;

		let net_discount = discount;
		if (on_grand_total) {
			// a grand-total discount includes tax: only the net part of it comes off the lines
			const actual = sum(
				taxes.filter((t) => t.charge_type === ACTUAL).map((t) => t.tax_amount),
			);
			const proportional = undiscounted_grand_total - actual;
			net_discount = proportional ? (discount * doc.net_total) / proportional : discount;
		}
		spread_over_lines(items, net_discount, doc.net_total, precision);
		doc.net_total = round_half_up(sum(items.map((i) => i.net_amount)), precision);
		calculate_taxes(doc, items, taxes, precision);
		if (on_grand_total && taxes.length) {
			// the grand total drops by exactly the discount: the rounding cent goes to the last row
			const target = round_half_up(undiscounted_grand_total - discount, precision);
			const residual = round_half_up(
				target - doc.net_total - sum(taxes.map((t) => t.tax_amount)),
				precision,
			);
			if (residual) adjust_tax_row(taxes, taxes.length - 1, residual, precision);
		}
	}

	function spread_over_lines(items, discount, net_total, precision) {
		let remaining = round_half_up(discount, precision);
		items.forEach((item, n) => {
			const share =
				n === items.length - 1
					? remaining
					: round_half_up((discount * item.net_amount) / net_total, precision);
			item.net_amount = round_half_up(item.net_amount - share, precision);
			remaining = round_half_up(remaining - share, precision);
			const qty = flt(item.qty);
			item.net_rate = qty ? round_half_up(item.net_amount / qty, precision) : 0;
		});
	}

	function adjust_tax_row(taxes, index, delta, precision) {
		taxes[index].tax_amount = round_half_up(taxes[index].tax_amount + delta, precision);
		taxes[index].tax_amount_after_discount_amount = taxes[index].tax_amount;
		for (const tax of taxes.slice(index))
			tax.total = round_half_up(tax.total + delta, precision);
	}

	function settle_included_tax_cents(doc, items, taxes, precision) {
		const included = [];
		taxes.forEach((t, i) => t.included_in_print_rate && included.push(i));
		if (!included.length) return;
		const included_taxes = sum(included.map((i) => taxes[i].tax_amount));
		const residual = round_half_up(doc.total - doc.net_total - included_taxes, precision);
		if (residual) adjust_tax_row(taxes, included[included.length - 1], residual, precision);
	}

	function set_grand_total(doc, taxes, precision) {
		doc.total_taxes_and_charges = round_half_up(
			sum(taxes.map((t) => t.tax_amount)),
			precision,
		);
		doc.grand_total = round_half_up(doc.net_total + doc.total_taxes_and_charges, precision);
	}

	function set_rounded_total(doc, precision) {
		doc.rounded_total = doc.disable_rounded_total
			? doc.grand_total
			: round_to_fraction(doc.grand_total, flt(doc.smallest_currency_fraction), precision);
		doc.rounding_adjustment = round_half_up(doc.rounded_total - doc.grand_total, precision);
	}

	function set_base_amounts(doc, items, taxes, precision) {
		const rate = flt(doc.conversion_rate) || 1;
		const base = (value) => round_half_up(flt(value) * rate, precision);
		const plc = flt(doc.plc_conversion_rate) || rate;
		for (const item of items) {
			item.base_price_list_rate = round_half_up(flt(item.price_list_rate) * plc, precision);
			for (const field of ITEM_BASE_FIELDS) item["base_" + field] = base(item[field]);
		}
		for (const field of [
			"total",
			"net_total",
			"total_taxes_and_charges",
			"discount_amount",
			"grand_total",
			"rounded_total",
			"rounding_adjustment",
		])
			doc["base_" + field] = base(doc[field]);
		for (const tax of taxes)
			for (const field of ["tax_amount", "total", "tax_amount_after_discount_amount"])
				tax["base_" + field] = base(tax[field]);
		settle_conversion_cents(doc, items, taxes, precision);
	}

	function settle_conversion_cents(doc, items, taxes, precision) {
		const line_gap = round_half_up(
			doc.base_net_total - sum(items.map((i) => i.base_net_amount)),
			precision,
		);
		const last_item = items[items.length - 1];
		if (line_gap && items.length)
			last_item.base_net_amount = round_half_up(
				last_item.base_net_amount + line_gap,
				precision,
			);
		const tax_gap = round_half_up(
			doc.base_grand_total - doc.base_net_total - sum(taxes.map((t) => t.base_tax_amount)),
			precision,
		);
		if (tax_gap && taxes.length) {
			const last = taxes[taxes.length - 1];
			last.base_tax_amount = round_half_up(last.base_tax_amount + tax_gap, precision);
			last.base_tax_amount_after_discount_amount = last.base_tax_amount;
			doc.base_total_taxes_and_charges = round_half_up(
				doc.base_grand_total - doc.base_net_total,
				precision,
			);
		} else if (tax_gap) {
			doc.base_net_total = doc.base_grand_total;
			if (items.length)
				last_item.base_net_amount = round_half_up(
					last_item.base_net_amount + tax_gap,
					precision,
				);
		}
		let running = doc.base_net_total;
		for (const tax of taxes) {
			running = round_half_up(running + tax.base_tax_amount, precision);
			tax.base_total = running;
		}
	}

	const api = { calculate, round_half_up, round_to_fraction };
	if (typeof module !== "undefined" && module.exports) module.exports = api;
	else {
		root.sales_flow = root.sales_flow || {};
		root.sales_flow.totals = api;
	}
})(typeof window !== "undefined" ? window : globalThis);
