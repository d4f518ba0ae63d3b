"""The transaction engine every sales document (Quotation, Sales Order, Delivery Note, Sales
Invoice) runs through: the SalesDocument base class and what it calls, in the order it calls it.

sales_document.py  the base class: validate, submit, cancel as a list of named steps
details.py         defaults from the customer and the company (addresses, price list, currency, taxes)
item_details.py    each line filled from its item and priced
form_api.py        the form's round trips as the user types (item details, party details)
lines.py           checks on the lines (quantities, layout rows, the same item twice)
units.py           whole-number units of measure
bundles.py         product bundles packed into packed items
shipping.py        the shipping rule's charge row
commissions.py     sales partner and sales team commissions
payment_terms.py   due dates and payment schedules from payment terms
payments.py        advances, outstanding amounts, allocations
instalments.py     each instalment of an invoice's schedule followed: paid, outstanding, overdue
credits.py         credit notes refunded (Pay) or offset against another invoice
reconciliation.py  unallocated payments and credit notes matched to open invoices
credit_limit.py    customers' credit limits, checked at the submit of orders and invoices
returns.py         delivery note returns
mapping.py         "Create ..." from one document to the next, declared as data (ARROWS)
arrow_methods.py   the whitelisted make_<target> function of each arrow
progress.py        ordered, delivered, billed quantities and percentages, recomputed
holds.py           an order on hold or closed stops what hangs off it
update_items.py    "Update Items": the lines of a submitted order (or open quotation) changed
status.py          statuses, derived from figures, never typed
currency.py        exchange rates
jobs.py            the daily refresh of time-based statuses

Features above (CRM, quotation desk, subscriptions) are reached through hooks.py's doc_events,
never imported from here."""
