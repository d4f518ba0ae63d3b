"""Which line of which document is made from which: the links a mapped line carries to its source
line. Progress sums, quantity bounds, holds and agreed prices all follow these links."""

# source row field -> the rows that feed it: (child doctype, field holding the source row name)
PROGRESS: dict[tuple[str, str], list[tuple[str, str]]] = {
	("Quotation Item", "ordered_qty"): [
		("Sales Order Item", "quotation_item"),
		("Sales Invoice Item", "quotation_item"),
	],
	("Sales Order Item", "delivered_qty"): [("Delivery Note Item", "so_detail")],
	("Sales Order Item", "billed_qty"): [("Sales Invoice Item", "so_detail")],
	("Delivery Note Item", "billed_qty"): [("Sales Invoice Item", "dn_detail")],
	("Sales Invoice Item", "delivered_qty"): [("Delivery Note Item", "si_detail")],
}


def links_from(child_doctype: str) -> list[tuple[str, str, str]]:
	"""(link field, source child doctype, source progress field) for rows of `child_doctype`."""
	return [
		(link_field, source_child, progress_field)
		for (source_child, progress_field), feeders in PROGRESS.items()
		for feeder_child, link_field in feeders
		if feeder_child == child_doctype
	]


def parent_of(child_doctype: str) -> str:
	return child_doctype[: -len(" Item")]
