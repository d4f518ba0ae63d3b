"""Analytics: what the script reports, the number cards and the charts of the "Ventes" workspace
compute, each figure one SQL aggregation restricted by the user's permissions.

reporting.py   access checks, permissions as SQL, filters, columns, periods, trees (every report)
indexes.py     the composite covering indexes the reports read, created after migrate
cards.py       the number cards' methods
charts.py      the chart sources
workspace.py   every card's and chart's figure of a workspace in one answer, cached per user
commissions.py the two commission reports: their queries, columns and chart
subscriptions.py  recurring revenue in SQL (MRR report and card)
summary/       the daily sales summaries (by customer, by item) kept at submit and cancel: the
               reports read them instead of millions of lines
targets.py     sales targets: the distribution's and the targets' checks, target against achieved

It reads the sales tables and never imports a report module, a DocType controller or the
transaction engine: reports import from here, not the other way."""
