"""Helpers of the customer's side tests: a submitted quotation with a section, lines and an option,
its secret link, signatures drawn as PNG data URLs; portal users (a customer's contacts)."""

import base64
import io

import frappe
from frappe.utils.password import get_decrypted_password, update_password
from PIL import Image, ImageDraw

from tests.sales_setup import transaction
from tests.support import insert_recorded

PORTAL_PASSWORD = "Portal-Passw0rd!"


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


def website_user(created: list, email: str, customer: str) -> str:
	"""A contact of `customer` with a website user (no desk role) who signs in with PORTAL_PASSWORD."""
	user = frappe.get_doc(
		{
			"doctype": "User",
			"email": email,
			"first_name": "Portal",
			"user_type": "Website User",
			"send_welcome_email": 0,
		}
	)
	user.flags.no_welcome_mail = True
	user.insert(ignore_permissions=True)
	created.append(("User", email))
	update_password(email, PORTAL_PASSWORD)
	insert_recorded(
		created,
		{
			"doctype": "Contact",
			"first_name": email.split("@")[0],
			"user": email,
			"links": [{"link_doctype": "Customer", "link_name": customer}],
		},
	)
	return email


def submitted(doc, created: list):
	"""The draft inserted and submitted, noted for deletion."""
	doc.insert()
	doc.submit()
	created.append((doc.doctype, doc.name))
	return doc
