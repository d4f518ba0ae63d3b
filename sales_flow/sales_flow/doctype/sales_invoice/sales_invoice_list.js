frappe.listview_settings["Sales Invoice"] = sales_flow.list_settings();
