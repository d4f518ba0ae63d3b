"""The customer's side: what a customer sees and does on the website, without the desk.

tokens.py      the secret link of each quotation: issued at submit, found by its hash, put in e-mails
states.py      whether a quotation may still be answered online (expired, lost, superseded, ordered)
page.py        the online quotation's page: the printed quotation, its options, each opening recorded
acceptance.py  choosing and signing: the signature checked, the version hashed, the Sales Order made
answers.py     declining with a reason, asking a question; the owner notified
api.py         the few methods Guest may call, each checking the token itself and rate limited
customers.py   portal users: the customers of their contact, and what of theirs they may read
lists.py       the portal's lists (/quotations, /orders, /invoices) and the statement of account
"""
