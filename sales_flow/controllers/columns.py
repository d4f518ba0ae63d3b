"""Figures of a submitted sales document written to its row outside a full save (status, outstanding)."""

import frappe
from frappe.model.document import Document


def write_columns(doc: Document, values: dict) -> None:
	"""Write `values` to the document in hand and to its row, `modified` left as it is.

	Within the document's own insert or save (its on_submit, on_cancel), straight to the row: Frappe's
	db_set would read the whole document again for its "before save" copy (the invoice and every
	child table, at an insert) and run on_change, which the save itself runs once they are done."""
	if doc.flags.in_own_post_save:
		doc.update(values)
		frappe.db.set_value(doc.doctype, doc.name, values, update_modified=False)
	else:
		doc.db_set(values, update_modified=False)
