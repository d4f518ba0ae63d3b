"""What the checks and the writes of one migration look up, read once per check or run: the
records already brought over, the VAT classes chosen per rate, countries, units and groups."""

from dataclasses import dataclass, field

import frappe
from frappe import _
from frappe.utils.nestedset import get_root_of

from sales_flow.migration.mapping import normalise

# the units French exports write, by the UOM of the app they mean
UNIT_WORDS = {
	"Unit": ("u", "un", "unite", "unites", "pce", "pc", "piece", "pieces", "ex"),
	"Hour": ("h", "heure", "heures", "hr"),
	"Meter": ("m", "ml", "metre", "metres", "metre lineaire"),
	"Kg": ("kg", "kilo", "kilogramme", "kilogrammes"),
	"Litre": ("l", "litre", "litres", "lt"),
	"Day": ("j", "jour", "jours"),
	"Box": ("boite", "bte", "carton"),
}
# countries as French exports name them (Frappe's Country names are English, untranslated)
FRENCH_COUNTRY_NAMES = {
	"Allemagne": "Germany",
	"Autriche": "Austria",
	"Belgique": "Belgium",
	"Danemark": "Denmark",
	"Espagne": "Spain",
	"États-Unis": "United States",
	"Grèce": "Greece",
	"Irlande": "Ireland",
	"Italie": "Italy",
	"Maroc": "Morocco",
	"Algérie": "Algeria",
	"Tunisie": "Tunisia",
	"Pays-Bas": "Netherlands",
	"Pologne": "Poland",
	"Royaume-Uni": "United Kingdom",
	"Suède": "Sweden",
	"Suisse": "Switzerland",
	"Tchéquie": "Czech Republic",
}
GROUP_NAME_FIELDS = {"Customer Group": "customer_group_name", "Item Group": "item_group_name"}
GROUP_PARENT_FIELDS = {"Customer Group": "parent_customer_group", "Item Group": "parent_item_group"}


@dataclass
class Context:
	company: str
	price_list: str | None
	taxes_and_charges: str | None
	vat_classes: dict[float, str]
	default_country: str
	customers_by_code: dict[str, list[str]] = field(default_factory=dict)
	_countries: dict[str, str] | None = None
	_uoms: dict[str, str] | None = None
	_groups: dict[tuple[str, str], str] = field(default_factory=dict)

	@classmethod
	def for_migration(cls, migration, customer_codes: set[str]) -> "Context":
		vat_classes = {
			round(float(row.vat_rate), 2): row.item_tax_template
			for row in migration.get("vat_rates") or []
			if row.item_tax_template
		}
		context = cls(
			company=migration.company,
			price_list=migration.price_list,
			taxes_and_charges=migration.taxes_and_charges,
			vat_classes=vat_classes,
			default_country=frappe.db.get_value("Company", migration.company, "country") or "France",
		)
		context.load_customers(customer_codes)
		return context

	def load_customers(self, codes: set[str]) -> None:
		for customer in frappe.get_all(
			"Customer", filters={"legacy_code": ("in", list(codes) or [""])}, fields=["name", "legacy_code"]
		):
			self.customers_by_code.setdefault(customer.legacy_code, []).append(customer.name)

	def customer(self, code: str) -> str:
		"""The customer brought over with this code (by an earlier run or this one's customers file)."""
		if code not in self.customers_by_code:
			frappe.throw(_("Customer code {0} was not brought over: its row is refused.").format(code))
		return self.customers_by_code[code][0]

	# ------------------------------------------------------------ countries and units
	def country(self, value: str) -> str | None:
		"""A Country by its name, its ISO code or its French name ("Belgique")."""
		if self._countries is None:
			self._countries = {}
			for country in frappe.get_all("Country", fields=["name", "code"]):
				for key in (country.name, country.code, _(country.name, lang="fr")):
					if key:
						self._countries.setdefault(normalise(key), country.name)
			for french, name in FRENCH_COUNTRY_NAMES.items():
				if normalise(name) in self._countries:
					self._countries.setdefault(normalise(french), self._countries[normalise(name)])
		return self._countries.get(normalise(value))

	def uom(self, value: str) -> str | None:
		"""A UOM by its name, its French name or the abbreviation an export writes ("u", "h", "ml")."""
		if self._uoms is None:
			self._uoms = {}
			for name in frappe.get_all("UOM", pluck="name"):
				for key in (name, _(name, lang="fr"), *UNIT_WORDS.get(name, ())):
					self._uoms.setdefault(normalise(key), name)
		return self._uoms.get(normalise(value))

	# ------------------------------------------------------------ groups
	def existing_group(self, doctype: str, value: str) -> str | None:
		key = (doctype, normalise(value))
		if key not in self._groups:
			found = frappe.db.get_value(doctype, {"name": value}) or frappe.db.get_value(
				doctype, {GROUP_NAME_FIELDS[doctype]: value}
			)
			if found:
				self._groups[key] = found
		return self._groups.get(key)

	def may_create_groups(self, doctype: str) -> bool:
		return bool(frappe.has_permission(doctype, "create"))

	def group_available(self, doctype: str, value: str) -> bool:
		"""The group exists, or the user may create it when the rows are written."""
		return bool(self.existing_group(doctype, value)) or self.may_create_groups(doctype)

	def group(self, doctype: str, value: str) -> str:
		"""The group of this name, made under the root of its tree when the previous program had it
		and the app has not."""
		existing = self.existing_group(doctype, value)
		if existing:
			return existing
		group = frappe.get_doc(
			{
				"doctype": doctype,
				GROUP_NAME_FIELDS[doctype]: value,
				GROUP_PARENT_FIELDS[doctype]: get_root_of(doctype),
			}
		).insert()
		self._groups[(doctype, normalise(value))] = group.name
		return group.name

	# ------------------------------------------------------------ after a refused row
	def forget_rolled_back(self) -> None:
		"""A refused row's writes are rolled back: so are the groups and customers it made."""
		self._groups.clear()
		for code, names in list(self.customers_by_code.items()):
			kept = [name for name in names if frappe.db.exists("Customer", name)]
			if kept:
				self.customers_by_code[code] = kept
			else:
				del self.customers_by_code[code]
