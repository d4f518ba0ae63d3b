frappe.listview_settings["Payment Entry"] = sales_flow.list_settings();
