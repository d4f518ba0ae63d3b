"""Templates and variants: the rules an Item follows as one or the other, variants made from a
template (named from its code and the values' abbreviations, ERPNext's T-SHIRT-RED-L), their fields
copied from the template and kept in step when it changes. ERPNext's whitelisted create_variant,
enqueue_multiple_variant_creation and get_variant answer at their paths (hooks.py)."""

import itertools

import frappe
from frappe import _

from sales_flow.utils.arguments import checked_arguments, json_argument, name_argument, refuse
from sales_flow.variants.attributes import abbreviation, allowed_values

# what a variant takes from its template, at its creation and each time the template changes
COPIED_FIELDS = (
	"item_group",
	"stock_uom",
	"is_sales_item",
	"is_stock_item",
	"description",
	"item_tax_template",
	"revenue_account",
	"grant_commission",
	"max_discount",
	"weight_per_unit",
	"weight_uom",
	"image",
)
# combinations made in one call, at most (a template's whole grid, not a runaway product)
MAX_VARIANTS = 500


def validate_item(item) -> None:
	"""Item validate: a template has attributes and no values; a variant a value of each of its
	template's attributes, combined as no other variant of the template is."""
	if item.has_variants and item.variant_of:
		frappe.throw(
			_("Item {0} cannot be a template and a variant at once.").format(item.name or item.item_code)
		)
	if item.has_variants:
		validate_template(item)
	elif item.variant_of:
		validate_variant(item)
	elif item.attributes:
		item.attributes = []
	if not item.has_variants and not item.is_new() and item.has_value_changed("has_variants"):
		if frappe.db.exists("Item", {"variant_of": item.name}):
			frappe.throw(_("Item {0} has variants: it stays a template.").format(item.name))


def validate_template(item) -> None:
	if not item.attributes:
		frappe.throw(_("Template {0}: add the attributes its variants differ by.").format(item.item_code))
	seen: set[str] = set()
	for row in item.attributes:
		row.attribute_value = None
		if row.attribute in seen:
			frappe.throw(
				_("Template {0}: attribute {1} is given twice.").format(item.item_code, row.attribute)
			)
		seen.add(row.attribute)


def template_attributes(template: str) -> list[str]:
	if not frappe.db.get_value("Item", template, "has_variants"):
		frappe.throw(_("Item {0} is not a template (Has Variants).").format(frappe.bold(template)))
	return frappe.get_all(
		"Item Variant Attribute",
		filters={"parent": template, "parenttype": "Item"},
		pluck="attribute",
		order_by="idx",
	)


def validate_variant(item) -> None:
	attributes = template_attributes(item.variant_of)
	values = {row.attribute: row for row in item.attributes}
	if sorted(values) != sorted(attributes) or len(item.attributes) != len(attributes):
		frappe.throw(
			_("Variant {0} needs one value of each attribute of {1}: {2}.").format(
				item.item_code, item.variant_of, ", ".join(attributes)
			)
		)
	item.attributes = [values[attribute] for attribute in attributes]
	for n, row in enumerate(item.attributes, 1):
		row.idx = n
		where = _("Variant {0}").format(item.item_code)
		row.attribute_value = normalized_value(row.attribute, row.attribute_value, where)
	twin = existing_variant(item.variant_of, {row.attribute: row.attribute_value for row in item.attributes})
	if twin and twin != item.name:
		frappe.throw(_("Variant {0} of {1} already has these values.").format(twin, item.variant_of))


def normalized_value(attribute: str, value, where: str) -> str:
	"""The value as stored: a numeric one written once ("36", not "36.0")."""
	abbr = abbreviation(attribute, value, where)
	numeric = frappe.get_cached_value("Item Attribute", attribute, "numeric_values")
	return abbr if numeric else str(value).strip()


def existing_variant(template: str, values: dict[str, str]) -> str | None:
	"""The variant of `template` with exactly these values, if one exists."""
	rows = frappe.db.sql(
		"""select item.name, attr.attribute, attr.attribute_value from `tabItem` item
		join `tabItem Variant Attribute` attr on attr.parent = item.name and attr.parenttype = 'Item'
		where item.variant_of = %s""",
		template,
	)
	by_item: dict[str, dict[str, str]] = {}
	for name, attribute, value in rows:
		by_item.setdefault(name, {})[attribute] = value
	return next((name for name, found in by_item.items() if found == values), None)


def new_variant(template, values: dict[str, str]):
	"""An unsaved variant of `template` (a loaded Item) with these values, in the template's order."""
	where = _("Template {0}").format(template.name)
	attributes = [row.attribute for row in template.attributes]
	unknown = sorted(set(values) - set(attributes))
	if unknown or len(values) != len(attributes):
		refuse(
			_("Give one value of each attribute of {0}: {1}.").format(template.name, ", ".join(attributes))
		)
	normalized = {a: normalized_value(a, values[a], where) for a in attributes}
	abbrs = [abbreviation(a, normalized[a], where) for a in attributes]
	variant = frappe.new_doc("Item")
	variant.update(
		{
			"item_code": "-".join([template.item_code, *abbrs]),
			"item_name": "-".join([template.item_name, *abbrs]),
			"variant_of": template.name,
			"attributes": [{"attribute": a, "attribute_value": normalized[a]} for a in attributes],
			**{field: template.get(field) for field in COPIED_FIELDS},
		}
	)
	return variant


def sync_variants(template, method: str | None = None) -> None:
	"""Item on_update: a template's variants follow what it changed of the copied fields."""
	if not template.has_variants:
		return
	before = template.get_doc_before_save()
	changed = {f: template.get(f) for f in COPIED_FIELDS if not before or before.get(f) != template.get(f)}
	if not changed or not before:
		return
	for name in frappe.get_all("Item", filters={"variant_of": template.name}, pluck="name"):
		variant = frappe.get_doc("Item", name)
		variant.update(changed)
		variant.save()


@frappe.whitelist()
@checked_arguments
def create_variant(item: str, args: str | dict) -> dict:
	"""ERPNext's path: the variant of `item` with the values `args` ({attribute: value}), unsaved."""
	template = frappe.get_doc("Item", name_argument(item, "item", "Item"))
	template.check_permission("read")
	template_attributes(template.name)
	return new_variant(template, json_argument(args, "args", dict)).as_dict()


@frappe.whitelist()
@checked_arguments
def enqueue_multiple_variant_creation(item: str, args: str | dict) -> int:
	"""ERPNext's path: a variant for each combination of the values `args` lists ({attribute:
	[values]}), those missing only; returns how many were made (at once: a few hundred at most)."""
	template = frappe.get_doc("Item", name_argument(item, "item", "Item"))
	template_attributes(template.name)
	choices = json_argument(args, "args", dict)
	attributes = [row.attribute for row in template.attributes]
	lists = [choices.get(a) if isinstance(choices.get(a), list) else [choices.get(a)] for a in attributes]
	combinations = list(itertools.islice(itertools.product(*lists), MAX_VARIANTS + 1))
	if len(combinations) > MAX_VARIANTS:
		refuse(_("At most {0} variants can be made at once.").format(MAX_VARIANTS))
	made = 0
	for combination in combinations:
		values = dict(zip(attributes, combination, strict=True))
		variant = new_variant(template, values)
		if not existing_variant(template.name, {r.attribute: r.attribute_value for r in variant.attributes}):
			variant.insert()
			made += 1
	return made


@frappe.whitelist()
@checked_arguments
def get_variant(template: str, args: str | dict) -> str | None:
	"""ERPNext's path: the existing variant of `template` with the values `args`, or None."""
	name_argument(template, "template", "Item")
	frappe.has_permission("Item", "read", throw=True)
	attributes = template_attributes(template)
	values = json_argument(args, "args", dict)
	where = _("Template {0}").format(template)
	return existing_variant(
		template, {a: normalized_value(a, values.get(a), where) for a in attributes if a in values}
	)


@frappe.whitelist()
@checked_arguments
def variant_choices(template: str) -> list[dict]:
	"""The attributes of `template` and the values each allows, in order: the sales line's dialog."""
	name_argument(template, "template", "Item")
	frappe.has_permission("Item", "read", throw=True)
	return [{"attribute": a, "values": list(allowed_values(a))} for a in template_attributes(template)]
