frappe.listview_settings["Delivery Note"] = sales_flow.list_settings();
