"""What kind a line is (item, heading, subtotal; an option out of the totals): the one answer the
totals engine, the checks and the printing share."""

ITEM, SECTION, SUBTOTAL = "Item", "Section", "Subtotal"


def is_item_line(row) -> bool:
	return (row.get("line_type") or ITEM) == ITEM


def counts_in_totals(row) -> bool:
	"""An item line that is not an alternative (an optional line the customer has not chosen)."""
	return is_item_line(row) and not row.get("is_alternative")
