"""Sites installed before amounts in euros were written "1 234,56 €" get it (sales_flow.install)."""

from sales_flow.install import write_the_euro_after_amounts


def execute() -> None:
	write_the_euro_after_amounts()
