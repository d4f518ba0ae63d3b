from sales_flow.controllers.arrow_methods import arrow_method
from sales_flow.controllers.sales_document import SalesDocument


class DeliveryNote(SalesDocument):
	pass


make_sales_invoice = arrow_method("Delivery Note", "Sales Invoice")
