// A new distribution starts with the twelve months evenly: the manager then moves the shares.

frappe.ui.form.on("Monthly Distribution", {
	onload(frm) {
		// the blank row the desk adds to a required table (January, its first month, at 0) does not count
		if (!frm.is_new() || (frm.doc.percentages || []).some((row) => row.percentage_allocation)) return;
		frm.clear_table("percentages");
		// January to December, as the rows' Select offers them
		const months = frappe.meta.get_docfield("Monthly Distribution Percentage", "month").options;
		for (const month of months.split("\n")) {
			frm.add_child("percentages", { month, percentage_allocation: flt(100 / 12, 3) });
		}
		frm.refresh_field("percentages");
	},
});
