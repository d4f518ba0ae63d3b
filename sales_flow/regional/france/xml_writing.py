"""What the CII (facturx/cii.py) and the UBL (ubl.py) write alike: an element in one of their
namespaces, the elements of a list written only when they have a value, and EN 16931's numbers as
text (amounts to the cent, unit prices up to 6 decimals, quantities up to 4)."""

from collections.abc import Callable, Iterable

from frappe.utils import flt
from lxml import etree

EN16931 = "urn:cen.eu:en16931:2017"


def sub_element(namespaces: dict[str, str], parent, tag: str, text=None, **attrs):
	"""A child of `parent` named `prefix:name`, the prefix one of `namespaces`."""
	prefix, name = tag.split(":")
	node = etree.SubElement(parent, f"{{{namespaces[prefix]}}}{name}", **attrs)
	if text is not None:
		node.text = str(text)
	return node


def optional_elements(write: Callable, parent, holder, fields: Iterable[tuple[str, str]]) -> None:
	"""An element per (tag, attribute) of `fields` whose attribute is set on `holder`, in their
	order: an empty field is left out, never written empty."""
	for tag, attribute in fields:
		value = getattr(holder, attribute)
		if value:
			write(parent, tag, value)


def money(value) -> str:
	return f"{flt(value, 2):.2f}"


def price(value) -> str:
	"""A unit price: up to 6 decimals (no rule limits them), at least 2."""
	text = f"{flt(value, 6):.6f}".rstrip("0")
	return text + "0" * (2 - len(text.split(".")[1]))


def rate_text(value) -> str:
	"""A VAT rate: up to 3 decimals, at least 2."""
	return price(flt(value, 3))


def quantity(value) -> str:
	return f"{flt(value, 4):.4f}".rstrip("0").rstrip(".")
