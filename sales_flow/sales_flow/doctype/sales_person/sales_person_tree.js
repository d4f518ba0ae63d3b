frappe.treeview_settings["Sales Person"] = { breadcrumb: "Sales Flow" };
