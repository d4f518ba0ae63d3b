"""The composite covering indexes the reports read from (not expressible in DocType JSON),
created after migrate, idempotently."""

import frappe

# Composite indexes the reports, cards and charts read through (created after each migrate): the
# document's company + docstatus + date first, then the columns they group and sum, so that MariaDB
# answers from the index without reading the wide document rows; lines by parent, covering too.
_LINES = ["parent", "item_code", "item_group", "stock_qty", "base_net_amount"]
_GROUPS = ["customer_group", "territory"]
# the workspace's cards count or sum the documents of a status ("Orders to Bill", "Overdue
# Receivables"): docstatus and status first, so that the cards without a company (the workspace's)
# read a range of the index too; 400,000 orders were a full scan
_BY_STATUS = ["docstatus", "status", "company"]
# the commission reports read only the documents with a sales partner: a range of this index, not
# the period's documents; the figures they sum are in it
_BY_PARTNER = ["sales_partner", "docstatus", "company"]
_COMMISSION = ["base_net_total", "amount_eligible_for_commission", "total_commission"]
REPORT_INDEXES = {
	"Quotation": {
		"sf_report_by_date": [
			"company",
			"docstatus",
			"transaction_date",
			"party_name",
			*_GROUPS,
			"status",
			"base_net_total",
			"total_qty",
		],
		"sf_report_by_customer": ["company", "docstatus", "party_name", "transaction_date"],
		# the win rate and the pipeline too: statuses over a date range, with or without a company
		"sf_card_status_date": [*_BY_STATUS, "transaction_date", "base_net_total"],
		# Quotation Follow-up Statistics: the period's quotations by owner, without their wide rows
		"sf_follow_up_stats": [
			"company",
			"docstatus",
			"transaction_date",
			"status",
			"owner",
			"per_ordered",
			"view_count",
		],
	},
	"Sales Order": {
		"sf_report_by_date": [
			"company",
			"docstatus",
			"transaction_date",
			"customer",
			*_GROUPS,
			"base_net_total",
			"total_qty",
		],
		"sf_report_by_customer": ["company", "docstatus", "customer", "transaction_date", "base_net_total"],
		"sf_card_by_status": _BY_STATUS,
		"sf_report_by_partner": [*_BY_PARTNER, "transaction_date", *_COMMISSION],
	},
	"Sales Invoice": {
		"sf_report_by_date": [
			"company",
			"docstatus",
			"posting_date",
			"customer",
			*_GROUPS,
			"is_return",
			"base_net_total",
			"total_qty",
		],
		"sf_report_by_customer": [
			"company",
			"docstatus",
			"customer",
			"posting_date",
			"is_return",
			"base_net_total",
		],
		"sf_report_receivable": ["company", "docstatus", "outstanding_amount"],
		"sf_card_by_status": [*_BY_STATUS, "outstanding_amount"],
		"sf_report_by_partner": [*_BY_PARTNER, "posting_date", *_COMMISSION],
	},
	"Quotation Item": {"sf_report_lines": _LINES},
	# a quotation's first order or invoice (Quotation Follow-up Statistics): its lines, then their parent
	"Sales Order Item": {"sf_report_lines": _LINES, "sf_quotation_lines": ["prevdoc_docname", "parent"]},
	"Sales Invoice Item": {"sf_report_lines": _LINES, "sf_quotation_lines": ["quotation", "parent"]},
}


# Sales Order Analysis sums what is left to deliver and to bill of each order from this index,
# without reading the wide line rows (2,000,000 lines: its query 14.4 -> 9.1 s)
REPORT_INDEXES["Sales Order Item"]["sf_report_pending"] = [
	"parent",
	"parenttype",
	"qty",
	"delivered_qty",
	"billed_qty",
	"base_net_rate",
	"base_net_amount",
]


# Sales Order Analysis lists the orders of a status over a period: one range of this index per status,
# everything it shows of the order in it, so that the 40,000 open orders of 400,000 are not 40,000
# reads of scattered wide rows (cold pages: 8,700 disk reads, 7 s)
REPORT_INDEXES["Sales Order"]["sf_report_by_status"] = [
	"company",
	"docstatus",
	"status",
	"transaction_date",
	"delivery_date",
	"customer",
	"customer_name",
	"per_delivered",
	"per_billed",
]

# Accounts Receivable lists the invoices owed today (80,000 of 400,000): everything it shows of
# them is in this index, so that they are one range of it rather than 80,000 reads of wide rows
REPORT_INDEXES["Sales Invoice"]["sf_report_owed"] = [
	"company",
	"docstatus",
	"outstanding_amount",
	"is_return",
	"posting_date",
	"due_date",
	"customer",
	"customer_name",
	"base_rounded_total",
	"base_grand_total",
	"conversion_rate",
]

# Item-wise Sales History lists every line of the period's orders: what it shows of a line, by order
# (no parenttype: with it the key passes InnoDB's 3,072 bytes; only Sales Order has these lines)
REPORT_INDEXES["Sales Order Item"]["sf_report_history"] = [
	"parent",
	"item_code",
	"item_name",
	"item_group",
	"qty",
	"uom",
	"base_net_rate",
	"base_net_amount",
	"delivered_qty",
	"billed_qty",
	"delivery_date",
	"idx",
]

# and the period's orders, whose rows a month's dates scatter over the table (34,000 of 400,000
# orders: 7,500 cold page reads), from this index alone
REPORT_INDEXES["Sales Order"]["sf_report_history"] = [
	"company",
	"docstatus",
	"transaction_date",
	"customer",
	"customer_name",
	"territory",
]


def ensure_report_indexes() -> None:
	"""Idempotent: an index already there is left alone; one whose columns are missing is skipped."""
	for doctype, indexes in REPORT_INDEXES.items():
		if not frappe.db.table_exists(doctype):
			continue
		for name, columns in indexes.items():
			if all(frappe.db.has_column(doctype, column) for column in columns):
				frappe.db.add_index(doctype, columns, name)
