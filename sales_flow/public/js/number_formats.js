// Percentages and quantities written the way the site's number format writes numbers (French:
// "72,73 %", "3" rather than "3,000"): Frappe writes a percentage with a dot whatever the format,
// and a quantity with every decimal of the float precision. Grids, forms, lists and reports all
// format through these.
(() => {
	const formatters = frappe.form.formatters;
	const { Float, Int } = formatters;
	const QUANTITY = /(^|_)qty$/;

	/** `value` with the decimals it needs, at most `precision`, in the site's format. */
	const shortest = (value, precision) => {
		const rounded = flt(value, precision);
		const decimals = Number.isInteger(rounded) ? 0 : String(rounded).split(".")[1].length;
		return format_number(rounded, null, Math.min(decimals, precision));
	};

	formatters.Percent = function (value, docfield, options) {
		if (value === null || value === undefined || value === "") return "";
		const precision =
			docfield.precision || cint(frappe.boot.sysdefaults.float_precision) || 2;
		return formatters._right(shortest(value, precision) + "\u00a0%", options);
	};

	// nothing stays nothing: a report's total left blank (a sum of ages) does not read "0"
	formatters.Int = function (value, docfield, options, doc) {
		if (value === "") return "";
		return Int.call(this, value, docfield, options, doc);
	};

	formatters.Float = function (value, docfield, options, doc) {
		const quantity = QUANTITY.test(docfield.fieldname || "") && !(docfield.options || "").trim();
		if (!quantity || value === null || value === undefined || value === "") {
			return Float.call(this, value, docfield, options, doc);
		}
		const precision =
			cint(docfield.precision) || cint(frappe.boot.sysdefaults.float_precision) || 3;
		return formatters._right(shortest(value, precision), options);
	};
})();
