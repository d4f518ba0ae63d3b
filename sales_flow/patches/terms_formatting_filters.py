"""Terms and Conditions render in a restricted Jinja without the `frappe` object: the date formatting
that the demo's terms (and terms written after them) called through `frappe.utils.formatdate(x)`
becomes the `date` filter, `(x | date)`. Any other use of `frappe` is left for its author to rewrite:
the terms then say, when rendered, what they may use."""

import re

import frappe

FORMATDATE = re.compile(r"frappe\.utils\.formatdate\(\s*([A-Za-z][\w.]*)\s*\)")


def execute() -> None:
	for name, terms in frappe.get_all(
		"Terms and Conditions",
		filters={"terms": ("like", "%frappe.utils.formatdate(%")},
		fields=["name", "terms"],
		as_list=True,
	):
		frappe.db.set_value(
			"Terms and Conditions",
			name,
			"terms",
			FORMATDATE.sub(r"(\1 | date)", terms),
			update_modified=False,
		)
