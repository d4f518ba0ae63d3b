"""A whole document checked: every value of it and of its lines before insert and save, and the
figures the engine computed after validate."""

from frappe.model.base_document import BaseDocument

from sales_flow.controllers.field_checks.fields import INTEGER, NUMBER, field_specs
from sales_flow.controllers.field_checks.line_count import check_line_count
from sales_flow.controllers.field_checks.messages import where
from sales_flow.controllers.field_checks.plain import check_plan, is_plain_row, numbers_are_plain
from sales_flow.controllers.field_checks.shape import check_table_value
from sales_flow.controllers.field_checks.values import checked_value


def check_document_input(doc: BaseDocument, count_lines: bool) -> None:
	"""Every value of the document and of its lines, before Frappe or the engine reads one."""
	check_row(doc, doc)
	for table in doc.meta.get_table_fields():
		rows = doc.get(table.fieldname)
		if rows is None:
			continue
		check_table_value(doc, table.fieldname, rows)
		for row in rows:
			check_row(doc, row)
	if count_lines:
		check_line_count(doc)


def check_row(doc: BaseDocument, row: BaseDocument) -> None:
	values = row.__dict__
	if is_plain_row(values, check_plan(row.meta)):
		return
	# a value to convert or refuse: each in the order of the fields, the first error reported
	for spec in field_specs(row.meta):
		value = values.get(spec.fieldname)
		if value is None or value == "":
			continue
		checked = checked_value(spec, value, lambda spec=spec: where(doc, row, spec))
		if checked is not value:
			# a number sent as text: the engine computes with the number Frappe would store
			values[spec.fieldname] = checked


def check_numbers_fit(doc: BaseDocument) -> None:
	"""The figures the engine computed fit their columns (MariaDB would refuse the row)."""
	# the lines first: a line's amount says more than the total it makes too large
	for row in (*doc.get_all_children(), doc):
		values = row.__dict__
		if numbers_are_plain(values, check_plan(row.meta)):
			continue
		for spec in field_specs(row.meta):
			if spec.kind in (NUMBER, INTEGER) and values.get(spec.fieldname) not in (None, ""):
				checked_value(spec, values[spec.fieldname], lambda spec=spec, row=row: where(doc, row, spec))
