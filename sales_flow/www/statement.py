"""/statement: the statement of account of the portal user's customers (sales_flow/portal/lists.py)."""

from sales_flow.portal.lists import statement_context

no_cache = 1


def get_context(context) -> None:
	context.update(statement_context())
