frappe.listview_settings["Sales Order"] = sales_flow.list_settings();
