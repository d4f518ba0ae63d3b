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


def write_changed_columns(doc: Document, before: dict, values: dict) -> None:
	"""write_columns, leaving out what the row already holds within the document's own insert or
	save: Frappe has just written the row from the document in hand, so a value equal to the one the
	document held `before` is stored already (a submit that leaves the status as validate set it
	writes nothing more). Outside of it the row may differ from the copy in hand: all is written."""
	if doc.flags.in_own_post_save:
		doc.update(values)
		values = {field: value for field, value in values.items() if before.get(field) != value}
	if values:
		write_columns(doc, values)
