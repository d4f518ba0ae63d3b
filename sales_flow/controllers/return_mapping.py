"""A return made from a submitted document, the way ERPNext's make_sales_return makes it: what is
left to return of each line, as negative quantities linked to the line returned, the rest of the
document mapped as for any next document. Credit notes (Sales Invoice) and delivery returns
(Delivery Note) differ only by what `ReturnSpec` names."""

from collections.abc import Callable
from dataclasses import dataclass

import frappe
from frappe.model.document import Document
from frappe.model.mapper import get_mapped_doc

from sales_flow.controllers.mapping import prepare_draft, start_afresh
from sales_flow.utils.arguments import target_document_argument


@dataclass(frozen=True)
class ReturnSpec:
	doctype: str
	# the line's field naming the line it returns
	line_link: str
	naming_series: str
	returnable_qty: Callable[[str], float]
	# the refusals, worded by the DocType's module: given the source's name
	not_returnable: Callable[[str], str]
	nothing_left: Callable[[str], str]
	header_no_map: tuple[str, ...] = ("naming_series",)
	line_no_map: tuple[str, ...] = ()


def map_return(spec: ReturnSpec, source_name: str, target_doc=None) -> Document:
	target_doc = target_document_argument(target_doc, spec.doctype)
	source = frappe.get_doc(spec.doctype, source_name)
	source.check_permission("read")
	if source.docstatus != 1 or source.is_return:
		frappe.throw(spec.not_returnable(source_name))

	def set_return(source, target) -> None:
		start_afresh(target)
		target.is_return = 1
		target.return_against = source.name
		target.naming_series = spec.naming_series
		for row in target.items:
			row.qty = -spec.returnable_qty(row.get(spec.line_link))
		target.items = [row for row in target.items if row.qty]
		if not target.items:
			frappe.throw(spec.nothing_left(source.name))
		prepare_draft(target)

	line = f"{spec.doctype} Item"
	return get_mapped_doc(
		spec.doctype,
		source_name,
		{
			spec.doctype: {"doctype": spec.doctype, "field_no_map": list(spec.header_no_map)},
			line: {
				"doctype": line,
				"field_map": {"name": spec.line_link},
				"field_no_map": list(spec.line_no_map),
			},
			"Sales Taxes and Charges": {"doctype": "Sales Taxes and Charges"},
		},
		target_doc,
		set_return,
	)
