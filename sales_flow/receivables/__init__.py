"""Getting paid once the invoice is out: which instalments are late, the dunning letters proposed for
them at each level with the French late-payment charges (interest pro rata temporis, the fixed
recovery indemnity), and the customer's statement of account.

- late_payment.py: the rate of interest, the indemnity and the charges of one late instalment
- overdue.py: the late instalments of the customers, and the dunning level each has reached
- dunning.py: a Dunning's rows, totals and status, computed from the invoices (never typed)
- proposals.py: the daily job that drafts the dunnings due, one per customer
- levels.py: the levels (Dunning Types) and the settings a new site starts with
- statement.py, statement_run.py: the statement of account, its PDF and e-mail, the bulk run
"""
