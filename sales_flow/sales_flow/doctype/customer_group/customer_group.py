from sales_flow.controllers.credit_limit import validate_credit_limit_rows
from sales_flow.sales_flow.tree import SalesTree


class CustomerGroup(SalesTree):
	def validate(self) -> None:
		super().validate()
		validate_credit_limit_rows(self)
