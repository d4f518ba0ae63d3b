"""The bulk run of statements: one e-mail per customer who owes something, as a background job
whose progress bar follows the run (frappe.publish_progress through socket.io)."""

import frappe
from frappe import _

from sales_flow.receivables.statement import period_of, send_statement, statement_data
from sales_flow.settings import get_default_company

RUN_ROLES = ("System Manager", "Accounts Manager", "Accounts User", "Sales Manager")


def customers_with_a_balance(company: str) -> list[str]:
	"""The customers with an invoice still owed, and an e-mail address to write to."""
	return frappe.db.sql_list(
		"""select distinct si.customer from `tabSales Invoice` si
		join `tabCustomer` c on c.name = si.customer
		where si.docstatus = 1 and si.company = %s and si.outstanding_amount > 0
			and ifnull(c.email_id, '') != '' and c.disabled = 0
		order by si.customer""",
		company,
	)


@frappe.whitelist(methods=["POST"])
def send_statements(from_date: str, to_date: str | None = None, company: str | None = None) -> dict:
	"""The desk's "Send statements": every customer with a balance, in a background job."""
	if not set(RUN_ROLES) & set(frappe.get_roles()):
		frappe.throw(
			_("Only an accountant or a Sales Manager can send the statements."), frappe.PermissionError
		)
	from_date, to_date = period_of(from_date, to_date)
	company = company or get_default_company()
	job = frappe.enqueue(
		"sales_flow.receivables.statement_run.run_statements",
		queue="long",
		timeout=3600,
		job_id=f"statements-{company}-{to_date}",
		deduplicate=True,
		from_date=str(from_date),
		to_date=str(to_date),
		company=company,
	)
	return {"queued": bool(job), "customers": len(customers_with_a_balance(company))}


def run_statements(from_date: str, to_date: str, company: str, commit_each: bool = True) -> dict:
	"""Each customer's statement sent and committed on its own: one that fails stops no other."""
	customers = customers_with_a_balance(company)
	sent, errors = 0, []
	for done, customer in enumerate(customers, start=1):
		try:
			send_statement(statement_data(customer, from_date, to_date, company))
			if commit_each:
				frappe.db.commit()
			sent += 1
		except frappe.ValidationError:
			if commit_each:
				frappe.db.rollback()
			errors.append(customer)
			frappe.log_error(title=_("Statement of account for {0}").format(customer))
		frappe.publish_progress(
			done * 100 / len(customers),
			title=_("Sending statements of account"),
			description=_("{0} of {1} customers").format(done, len(customers)),
		)
	result = {"sent": sent, "errors": errors}
	frappe.publish_realtime("sales_flow_statements_done", result, user=frappe.session.user)
	return result
