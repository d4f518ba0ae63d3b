frappe.treeview_settings["Customer Group"] = { breadcrumb: "Sales Flow" };
