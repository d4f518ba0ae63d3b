"""The items a validate already read: controllers/item_details.py reads every line's item once and
keeps them on the document (`doc._line_items`); later steps of the same validate (bundles, weights,
commissions, price checks, an invoice's nature of the operation) use them instead of asking again."""


def covering(known: dict | None, codes: set[str] | list[str], field: str) -> dict | None:
	"""`known` ({code: item}) when it holds `field` for every one of `codes`; None when the caller
	must read the items itself."""
	if known is None or not all(field in (known.get(code) or {}) for code in codes):
		return None
	return known
