"""The EN 16931 figures as data: the document type codes, addresses and parties, lines, document
allowances and charges, VAT groups (one per category and rate) and the invoice's totals."""

from dataclasses import dataclass, field

from frappe.utils import flt

INVOICE, CREDIT_NOTE, PREPAYMENT_INVOICE = "380", "381", "386"


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
	billing_framework: str | None = None  # BT-23: B1 goods, S1 services, M1 both

	@property
	def categories(self) -> set[str]:
		return {group.category for group in self.vat_groups}
