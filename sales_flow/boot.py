"""What the desk receives at login from the app: the totals engine's field lists, what a tax row
takes from its template, the statuses that allow each action, from the server's own constants, and
the outgoing e-mail signature, whether the user may type a line's list rate."""

from sales_flow.controllers.details import TAX_TEMPLATE_FIELDS
from sales_flow.controllers.status import FOLLOW_UPS_STOPPED, QUOTATION_ORDERABLE
from sales_flow.pricing.lines import may_edit_price_list_rate
from sales_flow.printing.email import outgoing_signature
from sales_flow.quotation_desk.lost import LOSABLE
from sales_flow.quotation_desk.revisions import REVISABLE
from sales_flow.totals.fields import ENGINE_FIELDS

# the statuses that allow each action, as the server checks them: the desk offers only these
# (public/js/sales_document/statuses.js)
DESK_STATUSES = {
	"Quotation": {
		"losable": LOSABLE,
		"revisable": REVISABLE,
		"orderable": QUOTATION_ORDERABLE,
		"follow_ups_stopped": FOLLOW_UPS_STOPPED,
	},
}


def boot_session(bootinfo) -> None:
	"""The desk's twin of the engine needs the same field lists; its buttons, the same statuses."""
	bootinfo.sales_flow_engine_fields = ENGINE_FIELDS
	bootinfo.sales_flow_tax_template_fields = TAX_TEMPLATE_FIELDS
	bootinfo.sales_flow_statuses = DESK_STATUSES
	# Frappe's composer would read it from Email Account, which only System Managers may read
	bootinfo.sales_flow_email_signature = outgoing_signature()
	# the sales forms set their lines' list rate editable or not before the grid draws them
	bootinfo.sales_flow_may_edit_price_list_rate = may_edit_price_list_rate()
