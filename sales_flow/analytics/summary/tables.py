"""The two summary tables: for each, its grain (the columns it groups by), its measures, and the SQL
that computes each column from a sales document's own table (`tabQuotation`...) and its lines."""

from dataclasses import dataclass

import frappe

CUSTOMER = "Sales Daily Customer Summary"
ITEM = "Sales Daily Item Summary"
# the same grains by month (the day is the month's first): a year of a busy company is a few
# thousand rows there, for the reports by month, quarter or year
MONTHLY = {CUSTOMER: "Sales Monthly Customer Summary", ITEM: "Sales Monthly Item Summary"}
DAILY = {monthly: daily for daily, monthly in MONTHLY.items()}
DOCTYPES = ("Quotation", "Sales Order", "Sales Invoice")

# where each sales document keeps its date and its customer
DATE_FIELD = {
	"Quotation": "transaction_date",
	"Sales Order": "transaction_date",
	"Sales Invoice": "posting_date",
}
CUSTOMER_FIELD = {"Quotation": "party_name", "Sales Order": "customer", "Sales Invoice": "customer"}


@dataclass(frozen=True)
class Source:
	"""How one summary table is computed from one DocType: column -> SQL, the tables, the rows."""

	grain: dict[str, str]
	measures: dict[str, str]
	tables: str
	conditions: str
	count: str  # the measure that counts what was summed: a group at 0 is no group

	@property
	def columns(self) -> list[str]:
		return [*self.grain, *self.measures]

	@property
	def group_by(self) -> str:
		"""The grain's expressions that read a column (a constant is no GROUP BY term)."""
		return ", ".join(sql for sql in self.grain.values() if "`tab" in sql)


def source(table: str, doctype: str) -> Source:
	parent = f"`tab{doctype}`"
	day = f"{parent}.{DATE_FIELD[doctype]}"
	grain = {
		"document_type": frappe.db.escape(doctype),
		"company": f"ifnull({parent}.company, '')",
		"posting_date": f"makedate(year({day}), 1) + interval (month({day}) - 1) month"
		if table in DAILY
		else day,
	}
	if DAILY.get(table, table) == CUSTOMER:
		return Source(
			grain={
				**grain,
				"customer": f"ifnull({parent}.{CUSTOMER_FIELD[doctype]}, '')",
				"customer_group": f"ifnull({parent}.customer_group, '')",
				"territory": f"ifnull({parent}.territory, '')",
				"is_return": f"ifnull({parent}.is_return, 0)" if doctype == "Sales Invoice" else "0",
			},
			# the document's totals, as the reports by customer always summed them
			measures={
				"qty": f"sum({parent}.total_qty)",
				"base_net_amount": f"sum({parent}.base_net_total)",
				"document_count": "count(*)",
			},
			tables=parent,
			conditions="",
			count="document_count",
		)
	line = f"`tab{doctype} Item`"
	return Source(
		grain={
			**grain,
			"item_code": f"ifnull({line}.item_code, '')",
			"item_group": f"ifnull({line}.item_group, '')",
		},
		measures={
			"qty": f"sum({line}.stock_qty)",
			"base_net_amount": f"sum({line}.base_net_amount)",
			"line_count": "count(*)",
		},
		tables=f"{parent} join {line} on {line}.parent = {parent}.name",
		# an alternative line is not sold until chosen
		conditions=f" and {line}.is_alternative = 0" if has_alternative_lines(doctype) else "",
		count="line_count",
	)


# (site, DocType) -> whether its lines have the column: the schema changes only at a migrate, which
# restarts the processes; Frappe's own column cache costs a Redis read per request and an
# information_schema query after every clear_cache
_alternative_column: dict[tuple[str, str], bool] = {}


def has_alternative_lines(doctype: str) -> bool:
	key = (frappe.local.site, doctype)
	if key not in _alternative_column:
		_alternative_column[key] = frappe.db.has_column(f"{doctype} Item", "is_alternative")
	return _alternative_column[key]


def key_sql(grain: list[str]) -> str:
	"""The row's name: a hash of its grain, so that a document's figures land on their row with
	INSERT ... ON DUPLICATE KEY UPDATE (the grain is too wide for a unique index)."""
	return "md5(concat_ws(char(31), {}))".format(", ".join(grain))


# the reports read by document type, company and date range: covering indexes, no row lookups
CUSTOMER_INDEX = [
	"document_type",
	"company",
	"posting_date",
	"customer",
	"customer_group",
	"territory",
	"is_return",
	"qty",
	"base_net_amount",
	"document_count",
]
ITEM_INDEX = [
	"document_type",
	"company",
	"posting_date",
	"item_code",
	"item_group",
	"qty",
	"base_net_amount",
	"line_count",
]
INDEXES = {
	CUSTOMER: CUSTOMER_INDEX,
	ITEM: ITEM_INDEX,
	MONTHLY[CUSTOMER]: CUSTOMER_INDEX,
	MONTHLY[ITEM]: ITEM_INDEX,
}


def add_indexes(table: str) -> None:
	"""Called by the DocType's on_doctype_update (migrate)."""
	frappe.db.add_index(table, INDEXES[table], "sf_summary_by_date")
