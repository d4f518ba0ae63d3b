import frappe
from frappe import _
from frappe.model.document import Document


class CurrencyExchange(Document):
	def validate(self) -> None:
		if self.from_currency == self.to_currency:
			frappe.throw(_("From and To currencies cannot be the same."))
		if (self.exchange_rate or 0) <= 0:
			frappe.throw(_("Exchange Rate must be greater than zero."))
		duplicate = frappe.db.exists(
			"Currency Exchange",
			{
				"date": self.date,
				"from_currency": self.from_currency,
				"to_currency": self.to_currency,
				"name": ("!=", self.name),
			},
		)
		if duplicate:
			frappe.throw(
				_("An exchange rate from {0} to {1} already exists on {2}.").format(
					self.from_currency, self.to_currency, frappe.format(self.date, "Date")
				)
			)
