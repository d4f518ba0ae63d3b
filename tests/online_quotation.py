"""Helpers of the online quotation tests: a submitted quotation with a section, lines and an option,
its secret link, signatures drawn as PNG data URLs."""

import base64
import io

import frappe
from frappe.utils.password import get_decrypted_password
from PIL import Image, ImageDraw

from tests.sales_setup import transaction


def offered_quotation(setup, created: list, submit: bool = True, **values):
	"""A section, two lines, an option (10 x C, 5.5 % VAT) and a subtotal; committed by the caller."""
	items = [
		{"line_type": "Section", "item_name": "Lot 1 : matériel"},
		{"item_code": setup.a, "qty": 2},
		{"item_code": setup.b, "qty": 1},
		{"item_code": setup.c, "qty": 10, "is_alternative": 1},
		{"line_type": "Subtotal", "item_name": "Sous-total lot 1"},
	]
	doc = transaction("Quotation", setup, [], items=items, **values)
	doc.insert()
	created.append(("Quotation", doc.name))
	if submit:
		doc.submit()
	return doc


def token_of(quotation: str) -> str:
	return get_decrypted_password("Quotation", quotation, "portal_token")


def option_row(doc):
	return next(row for row in doc.items if row.is_alternative)


def signature_data_url(size=(300, 100), drawn: bool = True, image_format: str = "PNG") -> str:
	image = Image.new("RGBA", size, (0, 0, 0, 0))
	if drawn:
		ImageDraw.Draw(image).line(
			[(10, 80), (80, 20), (150, 70), (280, 30)], fill=(20, 30, 100, 255), width=4
		)
	buffer = io.BytesIO()
	image.convert("RGB" if image_format == "JPEG" else "RGBA").save(buffer, image_format)
	mime = "png" if image_format == "PNG" else image_format.lower()
	return f"data:image/{mime};base64," + base64.b64encode(buffer.getvalue()).decode()


def commit() -> None:
	frappe.db.commit()
