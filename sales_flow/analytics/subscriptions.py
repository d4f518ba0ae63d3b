"""Recurring revenue in SQL, one definition for the MRR report and the workspace card.

Every plan counts for one month of its price: a yearly plan 1/12, a weekly one 52/12, a daily one
365/12, divided by the interval count (a quarterly plan 1/3). A subscription in its trial brings
nothing yet. Prices are taken in the plan's currency, which is expected to be the company's."""

MONTHLY_VALUE = """(
	if(plan.price_determination = 'Fixed Rate', plan.cost, ifnull((
		select price.price_list_rate from `tabItem Price` price
		where price.item_code = plan.item and price.price_list = plan.price_list and ifnull(price.customer, '') = ''
		order by ifnull(price.valid_from, '2000-01-01') desc limit 1), 0))
	* detail.qty
	* case plan.billing_interval when 'Day' then 365 / 12 when 'Week' then 52 / 12 when 'Year' then 1 / 12 else 1 end
	/ greatest(plan.billing_interval_count, 1))"""


def running_on(day: str) -> str:
	"""SQL: the plan row earns on `day` (a column of the months table)."""
	return f"""(sub.start_date <= {day}
		and coalesce(sub.cancelation_date, sub.end_date, '9999-12-31') >= {day}
		and (sub.trial_period_end is null or sub.trial_period_end < {day})
		and (detail.from_date is null or detail.from_date <= {day})
		and (detail.to_date is null or detail.to_date >= {day}))"""
