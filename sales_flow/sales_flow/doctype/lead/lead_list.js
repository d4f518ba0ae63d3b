frappe.listview_settings["Lead"] = {
	add_fields: ["status"],
	colors: {
		Lead: "gray",
		Open: "orange",
		Replied: "blue",
		Interested: "blue",
		Opportunity: "yellow",
		Quotation: "purple",
		"Lost Quotation": "red",
		Converted: "green",
		"Do Not Contact": "darkgray",
	},
	get_indicator(doc) {
		const color = frappe.listview_settings["Lead"].colors[doc.status] || "gray";
		return [__(doc.status), color, "status,=," + doc.status];
	},
};
