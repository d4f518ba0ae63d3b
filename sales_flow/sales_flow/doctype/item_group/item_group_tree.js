frappe.treeview_settings["Item Group"] = { breadcrumb: "Sales Flow" };
