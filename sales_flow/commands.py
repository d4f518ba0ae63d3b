"""The app's bench commands: `bench --site SITE sales-flow-rebuild-summaries`."""

import click
import frappe
from frappe.commands import pass_context
from frappe.exceptions import SiteNotSpecifiedError

from sales_flow.analytics import summary


@click.command("sales-flow-rebuild-summaries")
@pass_context
def rebuild_summaries(context) -> None:
	"""Recompute the daily sales summaries from the submitted documents (after a bulk import in SQL,
	or to check them)."""
	if not context.sites:
		raise SiteNotSpecifiedError
	for site in context.sites:
		frappe.init(site=site)
		frappe.connect()
		try:
			summary.rebuild()
			frappe.db.commit()
			click.echo(f"{site}: daily sales summaries rebuilt")
		finally:
			frappe.destroy()


commands = [rebuild_summaries]
