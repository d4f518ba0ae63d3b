"""An invoice's EN 16931 figures: what its CII (sales_flow/regional/france/facturx/cii.py) and its UBL (ubl.py) both
write, so that the two syntaxes cannot tell different stories.

Amounts are the invoice's own (its currency); a credit note (381) has positive quantities and
amounts, as the standard wants (ours are stored negative). Each line states its amount after its own
discount and before the document discount (BT-131); the document discount is a document-level
allowance (BG-20) per VAT category and rate, and every Actual tax row (shipping, other charges) a
document-level charge (BG-21) per VAT rate its share on each line bears: so that the total with VAT
is the total without VAT plus the VAT (BR-CO-15). The VAT of each rate is what the invoice's VAT rows
hold at that rate (vat_categories.vat_by_rate, the accounting export's too): the breakdown adds up
to the rows to the cent, within the unit the rules allow around base x rate (BR-CO-17).
"""

from dataclasses import dataclass, field

import frappe
from frappe import _
from frappe.utils import flt, getdate, strip_html

from sales_flow.regional.france.vat_categories import (
	EXPORT,
	INTRA_EU_SUPPLY,
	NET,
	NOT_SUBJECT,
	charge_positions,
	charge_vat_data,
	delivery_country,
	is_vat_row,
	line_vat_data,
	row_coefficients,
	vat_by_rate,
	vat_classes,
	vat_rate_on,
)
from sales_flow.totals.calculation import included_factor, net_amount_of
from sales_flow.totals.vat import priced_lines

INVOICE, CREDIT_NOTE, PREPAYMENT_INVOICE = "380", "381", "386"
DISCOUNT_REASON_CODE = "95"  # UNTDID 5189: discount
# UN/ECE rec. 20 unit codes of our units of measure; anything else is "one" (C62)
UNIT_CODES = {
	"hour": "HUR",
	"heure": "HUR",
	"day": "DAY",
	"jour": "DAY",
	"kg": "KGM",
	"m": "MTR",
	"litre": "LTR",
}


@dataclass
class Address:
	line1: str | None = None
	line2: str | None = None
	postcode: str | None = None
	city: str | None = None
	country: str = "FR"


@dataclass
class Party:
	name: str
	address: Address
	legal_id: str | None = None  # SIREN, scheme 0002
	vat_id: str | None = None


@dataclass
class Line:
	number: int
	item_code: str | None
	name: str
	quantity: float
	unit: str
	net_price: float
	total: float  # BT-131: after the line's discount, before the document's
	category: str
	rate: float
	gross_price: float | None = None
	price_discount: float = 0.0


@dataclass
class AllowanceCharge:
	is_charge: bool
	amount: float
	category: str
	rate: float
	reason: str
	reason_code: str | None = None


@dataclass
class VatGroup:
	category: str
	rate: float
	code: str = ""
	reasons: list[str] = field(default_factory=list)
	line_total: float = 0.0
	allowances: float = 0.0
	charges: float = 0.0
	vat: float = 0.0

	@property
	def base(self) -> float:
		return flt(flt(self.line_total, 2) - flt(self.allowances, 2) + flt(self.charges, 2), 2)

	@property
	def reason(self) -> str:
		return " ; ".join(self.reasons)


@dataclass
class Figures:
	number: str
	type_code: str
	issue_date: object
	currency: str
	seller: Party
	buyer: Party
	lines: list[Line]
	allowances_charges: list[AllowanceCharge]
	vat_groups: list[VatGroup]
	line_total: float
	allowance_total: float
	charge_total: float
	tax_basis: float
	vat_total: float
	grand_total: float
	prepaid: float
	rounding: float
	payable: float
	tax_currency: str | None = None  # the company's, when the invoice is in another currency
	vat_total_in_tax_currency: float | None = None
	buyer_reference: str | None = None
	due_date: object = None
	payment_terms: str | None = None
	preceding_invoice: tuple | None = None  # (number, date) a credit note corrects
	delivery_date: object = None
	ship_to: Address | None = None

	@property
	def categories(self) -> set[str]:
		return {group.category for group in self.vat_groups}


def unit_code(uom: str | None) -> str:
	return UNIT_CODES.get((uom or "").strip().lower(), "C62")


def country_code(country: str | None) -> str:
	code = frappe.db.get_value("Country", country, "code", cache=True) if country else None
	return (code or "fr").upper()


def invoice_figures(invoice) -> Figures:
	sign = -1 if invoice.is_return else 1
	lines, groups, line_data = priced_figures(invoice, sign)
	allowances_charges = document_allowances(groups, sign) + document_charges(
		invoice, groups, line_data, sign
	)
	set_group_vat(invoice, groups, sign)
	vat_groups = sorted(groups.values(), key=lambda group: (-group.rate, group.category))
	line_total = flt(sum(line.total for line in lines), 2)
	allowance_total = flt(sum(a.amount for a in allowances_charges if not a.is_charge), 2)
	charge_total = flt(sum(a.amount for a in allowances_charges if a.is_charge), 2)
	tax_basis = flt(line_total - allowance_total + charge_total, 2)
	vat_total = flt(sum(group.vat for group in vat_groups), 2)
	grand_total = flt(tax_basis + vat_total, 2)
	to_pay = sign * flt(invoice.rounded_total or invoice.grand_total)
	prepaid = 0.0 if invoice.is_return else flt(invoice.total_advance, 2)
	categories = {group.category for group in vat_groups}
	figures = Figures(
		number=invoice.name,
		type_code=type_code(invoice),
		issue_date=getdate(invoice.posting_date),
		currency=invoice.currency,
		seller=seller(invoice, categories),
		buyer=buyer(invoice, categories),
		lines=lines,
		allowances_charges=allowances_charges,
		vat_groups=vat_groups,
		line_total=line_total,
		allowance_total=allowance_total,
		charge_total=charge_total,
		tax_basis=tax_basis,
		vat_total=vat_total,
		grand_total=grand_total,
		prepaid=prepaid,
		rounding=flt(to_pay - grand_total, 2),
		payable=flt(to_pay - prepaid, 2),
		buyer_reference=invoice.po_no or None,
	)
	set_currency(figures, invoice, sign)
	set_references(figures, invoice)
	if categories & {INTRA_EU_SUPPLY, EXPORT}:
		set_delivery(figures, invoice)
	return figures


def type_code(invoice) -> str:
	if invoice.is_return:
		return CREDIT_NOTE
	return PREPAYMENT_INVOICE if invoice.is_down_payment_invoice else INVOICE


# ---------------------------------------------------------------- lines and VAT groups


def priced_figures(invoice, sign: int) -> tuple[list[Line], dict, list[tuple]]:
	"""The lines, the VAT groups they open, and (item, category, code, reason) of each line."""
	taxes = invoice.get("taxes") or []
	tax_dicts = [tax.as_dict() for tax in taxes]
	classes = None
	lines, groups, line_data = [], {}, []
	for number, item in enumerate(priced_lines(invoice), start=1):
		rate = vat_rate_on(taxes, row_coefficients(taxes, item), NET)
		if item.get("vat_category"):
			category, code, reason = item.vat_category, item.vatex_code or "", item.exemption_reason or ""
		else:
			# an invoice saved before the categories were stored: resolved as a save would
			classes = vat_classes(invoice) if classes is None else classes
			category, rate, code, reason = line_vat_data(invoice, item, classes)
		item_dict = item.as_dict()
		before_discount = net_amount_of(item_dict, tax_dicts, 2)
		line = priced_line(number, item, sign, before_discount, included_factor(tax_dicts, item_dict) > 0)
		line.category, line.rate = category, rate
		lines.append(line)
		group = vat_group(groups, category, rate, code, reason)
		group.line_total += line.total
		group.allowances += sign * (before_discount - flt(item.net_amount))
		line_data.append((item, category, code, reason))
	return lines, groups, line_data


def priced_line(number: int, item, sign: int, before_discount: float, prices_include_vat: bool) -> Line:
	"""One line: its net price, and its gross price and discount when the price list's price was
	discounted (prices without VAT only: a price with VAT has no net price of its own)."""
	qty = flt(item.qty)
	gross_price, price_discount = None, 0.0
	if not prices_include_vat and flt(item.price_list_rate) and flt(item.discount_amount) > 0:
		gross_price, price_discount, net_price = (
			flt(item.rate_with_margin),
			flt(item.discount_amount),
			flt(item.rate),
		)
	elif qty:
		net_price = flt(before_discount / qty, 6)
	else:
		net_price = flt(item.rate)
	quantity = sign * qty
	if net_price < 0:
		# a price is never negative (BR-27): a negative line is a negative quantity
		net_price, quantity = -net_price, -quantity
		gross_price, price_discount = None, 0.0
	return Line(
		number=number,
		item_code=item.item_code,
		name=item.item_name or item.item_code or "",
		quantity=quantity,
		unit=unit_code(item.uom),
		net_price=net_price,
		total=flt(sign * before_discount, 2),
		category="",
		rate=0.0,
		gross_price=gross_price,
		price_discount=price_discount,
	)


def vat_group(groups: dict, category: str, rate: float, code: str, reason: str) -> VatGroup:
	group = groups.setdefault((category, rate), VatGroup(category=category, rate=rate, code=code))
	group.code = group.code or code
	if reason and reason not in group.reasons:
		group.reasons.append(reason)
	return group


def document_allowances(groups: dict, sign: int) -> list[AllowanceCharge]:
	"""The document discount, spread over the lines by the engine: one allowance per VAT group."""
	found = []
	for group in groups.values():
		amount = flt(group.allowances, 2)
		group.allowances = amount
		if amount:
			found.append(
				AllowanceCharge(
					is_charge=amount < 0,
					amount=abs(amount),
					category=group.category,
					rate=group.rate,
					reason=_("Discount"),
					reason_code=DISCOUNT_REASON_CODE,
				)
			)
	return found


def document_charges(invoice, groups: dict, line_data: list[tuple], sign: int) -> list[AllowanceCharge]:
	"""Each Actual row as charges, one per VAT category and rate its shares bear (rounded; the
	last part takes the cent so that the parts add up to the row)."""
	found = []
	for position in charge_positions(invoice):
		row = invoice.taxes[position]
		parts: dict[tuple, list] = {}
		for category, rate, code, reason, share in charge_vat_data(invoice, position, line_data):
			part = parts.setdefault((category, rate), [code, reason, 0.0])
			part[2] += share
		remaining = flt(sign * flt(row.tax_amount), 2)
		keys = list(parts)
		for n, key in enumerate(keys):
			code, reason, share = parts[key]
			amount = remaining if n == len(keys) - 1 else flt(sign * share, 2)
			remaining = flt(remaining - amount, 2)
			group = vat_group(groups, key[0], key[1], code, reason)
			group.charges = flt(group.charges + amount, 2)
			found.append(
				AllowanceCharge(
					is_charge=amount > 0,
					amount=abs(amount),
					category=key[0],
					rate=key[1],
					reason=strip_html(row.description or row.account_head or "").strip() or _("Charge"),
				)
			)
	return [charge for charge in found if charge.amount]


def set_group_vat(invoice, groups: dict, sign: int) -> None:
	"""Each standard-rated group's VAT: the VAT rows' amounts at its rate (vat_by_rate), so that the
	breakdown adds up to the invoice's VAT to the cent; nothing at 0 %."""
	vat = vat_by_rate(invoice)
	for group in groups.values():
		group.vat = flt(sign * vat[group.rate][0], 2) if group.rate in vat else 0.0


# ---------------------------------------------------------------- parties, currency, references


def seller(invoice, categories: set[str]) -> Party:
	company = frappe.get_doc("Company", invoice.company)
	return Party(
		name=company.company_name,
		address=Address(
			company.address_line1,
			company.address_line2,
			company.pincode,
			company.city,
			country_code(company.country),
		),
		legal_id=company.siren or (company.siret or "")[:9] or None,
		# not subject to VAT: no VAT number on the invoice (BR-O-02)
		vat_id=None if NOT_SUBJECT in categories else company.tax_id or None,
	)


def buyer(invoice, categories: set[str]) -> Party:
	customer = frappe.db.get_value(
		"Customer", invoice.customer, ["customer_name", "tax_id", "siret"], as_dict=True
	)
	return Party(
		name=invoice.customer_name or customer.customer_name,
		address=address_of(invoice.customer_address),
		legal_id=(customer.siret or "")[:9] or None,
		vat_id=None if NOT_SUBJECT in categories else customer.tax_id or None,
	)


def address_of(name: str | None) -> Address:
	if not name:
		return Address()
	address = frappe.db.get_value(
		"Address", name, ["address_line1", "address_line2", "pincode", "city", "country"], as_dict=True
	)
	if not address:
		return Address()
	return Address(
		address.address_line1,
		address.address_line2,
		address.pincode,
		address.city,
		country_code(address.country),
	)


def set_currency(figures: Figures, invoice, sign: int) -> None:
	"""An invoice in another currency states its VAT in the company's too (BT-6, BT-111): French
	VAT is due in euros."""
	company_currency = frappe.get_cached_value("Company", invoice.company, "default_currency")
	if company_currency and company_currency != invoice.currency:
		figures.tax_currency = company_currency
		figures.vat_total_in_tax_currency = flt(
			sign * sum(flt(row.base_tax_amount) for row in invoice.get("taxes") or [] if is_vat_row(row)), 2
		)


def set_references(figures: Figures, invoice) -> None:
	if invoice.is_return and invoice.return_against:
		original_date = frappe.db.get_value("Sales Invoice", invoice.return_against, "posting_date")
		figures.preceding_invoice = (invoice.return_against, getdate(original_date))
	if not invoice.is_return:
		figures.due_date = getdate(invoice.due_date) if invoice.due_date else None
		figures.payment_terms = invoice.payment_terms_template or None
		if figures.payable > 0 and not figures.due_date and not figures.payment_terms:
			# an amount due needs a due date or payment terms (BR-CO-25)
			figures.payment_terms = _("Payment on receipt")


def set_delivery(figures: Figures, invoice) -> None:
	"""Intra-EU supplies and exports state where and when the goods went (BR-IC-11, BR-IC-12): the
	last delivery note's date, else the invoice's, and the shipping (else customer) address."""
	notes = list({item.delivery_note for item in invoice.items if item.get("delivery_note")})
	dates = (
		frappe.get_all("Delivery Note", filters={"name": ("in", notes)}, pluck="posting_date")
		if notes
		else []
	)
	figures.delivery_date = max(map(getdate, dates)) if dates else figures.issue_date
	figures.ship_to = address_of(invoice.get("shipping_address_name") or invoice.customer_address)
	figures.ship_to.country = delivery_country(invoice) or figures.ship_to.country
