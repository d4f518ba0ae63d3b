frappe.listview_settings["Opportunity"] = {
	add_fields: ["status"],
	colors: {
		Open: "orange",
		Replied: "blue",
		Quotation: "purple",
		Converted: "green",
		Lost: "red",
		Closed: "gray",
	},
	get_indicator(doc) {
		const color = frappe.listview_settings["Opportunity"].colors[doc.status] || "gray";
		return [__(doc.status), color, "status,=," + doc.status];
	},
};
