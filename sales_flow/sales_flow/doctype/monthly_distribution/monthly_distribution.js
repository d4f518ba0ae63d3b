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
		if (!frm.is_new() || (frm.doc.percentages || []).length) return;
		for (const month of MONTHS) {
			frm.add_child("percentages", { month, percentage_allocation: flt(100 / 12, 3) });
		}
		frm.refresh_field("percentages");
	},
});
