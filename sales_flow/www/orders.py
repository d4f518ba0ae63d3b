"""/orders: the portal user's customers' orders (sales_flow/portal/lists.py)."""

from sales_flow.portal.lists import list_context

no_cache = 1


def get_context(context) -> None:
	context.update(list_context("orders"))
