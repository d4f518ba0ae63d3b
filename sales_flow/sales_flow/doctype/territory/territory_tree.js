frappe.treeview_settings["Territory"] = { breadcrumb: "Sales Flow" };
