from sales_flow.analytics.targets import validate_targets
from sales_flow.controllers.commissions import validate_commission_rate
from sales_flow.sales_flow.tree import SalesTree


class SalesPerson(SalesTree):
	def validate(self) -> None:
		super().validate()
		validate_commission_rate(self.commission_rate)
		validate_targets(self)
