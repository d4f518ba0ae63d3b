"""What every template of rows (VAT class, payment terms) checks the same way."""

from collections.abc import Callable

import frappe


def validate_template_rows(
	doc, name_field: str, table: str, empty_message: str, check_row: Callable[[object], None]
) -> None:
	"""Its name trimmed, at least one row (else `empty_message`), each row through `check_row`."""
	doc.set(name_field, (doc.get(name_field) or "").strip())
	if not doc.get(table):
		frappe.throw(empty_message)
	for row in doc.get(table):
		check_row(row)
