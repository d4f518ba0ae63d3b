"""Daily and monthly sales summaries: what the submitted quotations, sales orders and sales invoices
add up to per day and per month, kept in four tables so that reports read a few hundred thousand rows instead of millions of lines.

tables.py  the two summary DocTypes, their grain and measures, and how each is computed from the
           documents (one SQL expression per column, shared by the writer and the reader)
update.py  kept up to date at submit (adds) and cancel (subtracts), one set-based statement per
           table and document; `deferred()` (and background jobs): written at the commit, all the
           transaction's documents together in one lock order; `rebuild()` recomputes both
read.py    `rows()`: a report's GROUP BY over a summary, with the user's permissions, or None when
           those permissions need columns the summary does not keep (the caller reads the documents);
           `permission_condition()`: those permissions as SQL on a summary aliased `s` (or None);
           `by_month_source()`: a date range's rows, its whole months from the monthly table

Sales Daily Customer Summary  document type x company x day x customer (a quotation's party)
    x customer group x territory x is_return: total quantity, net amount (company currency), documents
Sales Daily Item Summary  document type x company x day x item x item group: stock quantity, net
    amount (company currency), lines (alternatives of a quotation left out)
Sales Monthly Customer Summary, Sales Monthly Item Summary  the same by month (posting_date is
    the month's first day): what a report by month, quarter or year reads for the whole months

A credit note counts with its negative figures. A quotation superseded by a revision stays in the
tables (its status changes without an event): `rows()` subtracts the superseded ones as it reads.

    from sales_flow.analytics import summary
    summary.rows(summary.ITEM, "Sales Invoice", {"item": "item_code", "amount": "sum(base_net_amount)"},
        {"company": "Ma Société", "from_date": "2026-01-01", "to_date": "2026-12-31"}, ["item"])
"""

from sales_flow.analytics.summary.read import by_month_source, rows
from sales_flow.analytics.summary.read import summary_permissions as permission_condition
from sales_flow.analytics.summary.tables import CUSTOMER, DOCTYPES, ITEM, MONTHLY, add_indexes
from sales_flow.analytics.summary.update import add_document, deferred, rebuild, subtract_document

__all__ = [
	"CUSTOMER",
	"DOCTYPES",
	"ITEM",
	"MONTHLY",
	"add_document",
	"add_indexes",
	"by_month_source",
	"deferred",
	"permission_condition",
	"rebuild",
	"rows",
	"subtract_document",
]
