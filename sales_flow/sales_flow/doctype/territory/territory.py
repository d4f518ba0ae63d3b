from sales_flow.analytics.targets import validate_targets
from sales_flow.sales_flow.tree import SalesTree


class Territory(SalesTree):
	def validate(self) -> None:
		super().validate()
		validate_targets(self)
