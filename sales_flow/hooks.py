app_name = "sales_flow"
app_title = "Sales Flow"
app_publisher = "sales_flow developers"
app_description = "The whole sales cycle for the Frappe framework"
app_email = "dev@sales-flow.invalid"
app_license = "MIT"

before_install = "sales_flow.install.before_install"
after_install = "sales_flow.install.after_install"
after_migrate = "sales_flow.install.after_migrate"

fixtures = [
	{"dt": "Role", "filters": [["role_name", "in", ["Sales User", "Sales Manager", "Sales Master Manager", "Accounts User"]]]},
]
