"""The EN 16931 figures of one invoice: its lines, allowances and charges, VAT groups and totals,
parties, currency, references and delivery, as its CII and its UBL write them."""

from frappe.utils import flt, getdate

from sales_flow.regional.france.figures.lines import (
	document_allowances,
	document_charges,
	priced_figures,
	set_group_vat,
)
from sales_flow.regional.france.figures.model import (
	CREDIT_NOTE,
	INVOICE,
	PREPAYMENT_INVOICE,
	Figures,
)
from sales_flow.regional.france.figures.parties import (
	buyer,
	seller,
	set_currency,
	set_delivery,
	set_references,
)
from sales_flow.regional.france.operation import BILLING_FRAMEWORK, operation_category
from sales_flow.regional.france.vat_categories.categories import EXPORT, INTRA_EU_SUPPLY


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
		# what the printout states (set from the lines at every save; from them for an older draft)
		billing_framework=BILLING_FRAMEWORK[invoice.get("operation_category") or operation_category(invoice)],
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
