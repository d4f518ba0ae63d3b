from sales_flow.sales_flow.tree import SalesTree


class ItemGroup(SalesTree):
	pass
