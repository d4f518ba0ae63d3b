"""A quotation chosen and signed online: the options ticked, the signer's name, a drawn signature
(a PNG, checked here), the consent; the exact version accepted hashed; the Sales Order made from the
chosen lines, signed, and submitted or left a draft for the sales rep as Selling Settings say."""

import base64
import binascii
import hashlib
import io
import json

import frappe
from frappe import _
from frappe.utils import cint, now_datetime
from PIL import Image, UnidentifiedImageError

from sales_flow.controllers.mapping import make_mapped_doc
from sales_flow.crm.conversions import customer_for_lead
from sales_flow.portal.acting import on_behalf_of_customer
from sales_flow.portal.states import check_answerable
from sales_flow.settings import get_selling_settings
from sales_flow.totals.lines import is_item_line
from sales_flow.utils.arguments import names_argument

PNG_PREFIX = "data:image/png;base64,"
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
MAX_SIGNATURE_BYTES = 200_000
MAX_SIGNATURE_SIZE = (2000, 1000)
MAX_NAME_LENGTH = 140
# what the customer saw: the lines, the taxes and the totals as printed, the texts that print
PRINTED_FIELDS = (
	"name", "company", "quotation_to", "party_name", "customer_name", "transaction_date", "valid_till",
	"currency", "net_total", "total_taxes_and_charges", "discount_amount", "grand_total",
	"rounded_total", "printed_comment", "terms", "modified",
)  # fmt: skip
PRINTED_LINE_FIELDS = (
	"name", "idx", "line_type", "item_code", "item_name", "description", "is_alternative", "qty",
	"uom", "price_list_rate", "discount_percentage", "rate", "amount",
)  # fmt: skip
PRINTED_TAX_FIELDS = ("description", "rate", "tax_amount", "total")


def printed_version(doc, chosen: list[str]) -> dict:
	return {
		**{field: doc.get(field) for field in PRINTED_FIELDS},
		"items": [{field: row.get(field) for field in PRINTED_LINE_FIELDS} for row in doc.items],
		"taxes": [{field: row.get(field) for field in PRINTED_TAX_FIELDS} for row in doc.taxes],
		"chosen_options": sorted(chosen),
	}


def version_hash(doc, chosen: list[str] | None = None) -> str:
	"""SHA-256 of the canonical JSON of the quotation as printed, with the options chosen."""
	canonical = json.dumps(
		printed_version(doc, chosen or []),
		sort_keys=True,
		separators=(",", ":"),
		ensure_ascii=False,
		default=str,
	)
	return hashlib.sha256(canonical.encode()).hexdigest()


def chosen_options(doc, options) -> list[str]:
	"""The optional lines ticked: names of this quotation's alternative lines only."""
	names = names_argument(options, "options") if options else []
	allowed = {row.name for row in doc.items if is_item_line(row) and row.is_alternative}
	if set(names) - allowed:
		frappe.throw(_("Only the quotation's optional lines can be chosen."))
	return sorted(set(names))


def signer_name(full_name) -> str:
	name = " ".join(full_name.split()) if isinstance(full_name, str) else ""
	if not name:
		frappe.throw(_("Write your full name to sign."), title=_("Name Required"))
	if len(name) > MAX_NAME_LENGTH:
		frappe.throw(_("The full name is too long: at most {0} characters.").format(MAX_NAME_LENGTH))
	return name


def signature_png(value) -> bytes:
	"""The drawn signature: a PNG data URL, at most 200 kB, an image that decodes, not blank."""
	if not isinstance(value, str) or not value.startswith(PNG_PREFIX):
		frappe.throw(_("Draw your signature in the box."), title=_("Signature Required"))
	if len(value) > len(PNG_PREFIX) + (MAX_SIGNATURE_BYTES * 4 // 3) + 4:
		frappe.throw(
			_("The signature image is too large: at most {0} kB.").format(MAX_SIGNATURE_BYTES // 1000)
		)
	try:
		data = base64.b64decode(value[len(PNG_PREFIX) :], validate=True)
	except (binascii.Error, ValueError):
		data = b""
	image = png_image(data) if data.startswith(PNG_MAGIC) else None
	if image is None:
		frappe.throw(
			_("The signature is not a valid PNG image: draw it again."), title=_("Signature Required")
		)
	if is_blank(image):
		frappe.throw(_("Draw your signature in the box."), title=_("Signature Required"))
	return data


def png_image(data: bytes) -> Image.Image | None:
	"""The decoded image (RGBA), or None for anything but a sound PNG of a signature's size."""
	try:
		with Image.open(io.BytesIO(data)) as image:
			image.verify()
		with Image.open(io.BytesIO(data)) as image:
			if (
				image.format != "PNG"
				or image.width > MAX_SIGNATURE_SIZE[0]
				or image.height > MAX_SIGNATURE_SIZE[1]
			):
				return None
			return image.convert("RGBA")
	except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
		return None


def is_blank(image: Image.Image) -> bool:
	"""Nothing drawn: all transparent, or one opaque colour."""
	alpha = image.getchannel("A")
	if alpha.getbbox() is None:
		return True
	darkest, lightest = image.convert("L").getextrema()
	return alpha.getextrema() == (255, 255) and darkest == lightest


def accept(doc, options, full_name, signature, consent, version: str | None) -> str:
	"""Everything checked before anything is written; the quotation locked against a second signature."""
	frappe.db.get_value("Quotation", doc.name, "name", for_update=True)
	doc.reload()
	check_answerable(doc)
	if version != version_hash(doc):
		frappe.throw(
			_("The quotation changed since you opened it: reload the page to read the current version."),
			title=_("Quotation Changed"),
		)
	chosen = chosen_options(doc, options)
	name = signer_name(full_name)
	if str(consent).lower() not in ("1", "true", "on", "yes"):
		frappe.throw(_("Tick the box to accept the quotation and its terms."), title=_("Consent Required"))
	png = signature_png(signature)
	with on_behalf_of_customer():
		order = signed_order(doc, chosen, name, png)
		doc.add_comment(
			"Info",
			_("Accepted and signed online by {0}: Sales Order {1}.").format(
				frappe.utils.escape_html(name), order.name
			),
		)
	return order.name


def signed_order(doc, chosen: list[str], full_name: str, png: bytes):
	order = make_mapped_doc("Quotation", doc.name, "Sales Order", None, customer_of_lead_quotation, chosen)
	order.update(
		{
			"signed_by_name": full_name,
			"signed_on": now_datetime(),
			"signed_from_ip": frappe.local.request_ip,
			"signed_version_hash": version_hash(doc, chosen),
		}
	)
	order.insert()
	order.customer_signature = save_signature(order, png)
	# the sales rep's order, as if they had made it (insert takes the session's user)
	frappe.db.set_value(order.doctype, order.name, "owner", doc.owner, update_modified=False)
	order.owner = doc.owner
	if cint(get_selling_settings().submit_orders_signed_online):
		order.submit()
	else:
		order.save()
	return order


def customer_of_lead_quotation(quotation, order) -> None:
	"""A lead's quotation signed: the lead becomes a customer, as when the sales rep orders it."""
	if quotation.quotation_to == "Lead":
		order.customer = customer_for_lead(quotation.party_name)


def save_signature(order, png: bytes) -> str:
	"""A private file attached to the order: only those who may read the order see it."""
	file = frappe.get_doc(
		{
			"doctype": "File",
			"file_name": f"signature-{order.name}.png",
			"attached_to_doctype": order.doctype,
			"attached_to_name": order.name,
			"attached_to_field": "customer_signature",
			"is_private": 1,
			"content": png,
		}
	).insert(ignore_permissions=True)
	return file.file_url
