app_name = "sales_flow"
app_title = "Sales Flow"
app_publisher = "sales_flow developers"
app_description = "The whole sales cycle for the Frappe framework"
app_email = "dev@sales-flow.invalid"
app_license = "MIT"
required_apps = ["frappe"]
