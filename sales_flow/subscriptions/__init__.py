"""Subscriptions: billing periods and proration (pure functions on dates), the recurring invoice
generator (billing.py), statuses (status.py), plan changes and cancellations (changes.py), recurring
lines sold on a quotation (quotes.py), the recurring lines of an order (orders.py) and the daily run
(jobs.py).

Inside the package, imports point one way: clock, settings, periods, proration < status < billing
< changes, quotes < orders, jobs. Sales documents are never imported: invoices are made through
frappe.get_doc, and invoice and payment events reach status.py through hooks.py's doc_events."""
