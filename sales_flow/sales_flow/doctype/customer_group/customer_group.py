from sales_flow.sales_flow.tree import SalesTree


class CustomerGroup(SalesTree):
	pass
