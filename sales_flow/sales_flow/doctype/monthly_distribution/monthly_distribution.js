// A new distribution starts with the twelve months evenly: the manager then moves the shares.
const MONTHS = [
	"January",
	"February",
	"March",
	"April",
	"May",
	"June",
	"July",
	"August",
	"September",
	"October",
	"November",
	"December",
];

frappe.ui.form.on("Monthly Distribution", {
	onload(frm) {
		// the blank row the desk adds to a required table (January, its first month, at 0) does not count
		if (!frm.is_new() || (frm.doc.percentages || []).some((row) => row.percentage_allocation)) return;
		frm.clear_table("percentages");
		for (const month of MONTHS) {
			frm.add_child("percentages", { month, percentage_allocation: flt(100 / 12, 3) });
		}
		frm.refresh_field("percentages");
	},
});
