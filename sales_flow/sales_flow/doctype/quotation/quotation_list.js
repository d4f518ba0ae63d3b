frappe.listview_settings["Quotation"] = sales_flow.list_settings();
