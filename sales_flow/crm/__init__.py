"""The CRM front: leads and opportunities, what they become, and how their statuses follow.

statuses.py     a lead's and an opportunity's status, derived from what was made from them
conversions.py  lead -> customer / opportunity / quotation, opportunity -> quotation, lost

Sales documents reach it through hooks.py's doc_events (their statuses refresh the opportunity and
lead behind them); who the party is lives below, in sales_flow.party."""
