from sales_flow.sales_flow.tree import SalesTree


class Territory(SalesTree):
	pass
