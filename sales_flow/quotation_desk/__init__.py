"""The quotation desk: what happens to a quotation between sending and ordering.

follow_ups.py  next follow-up dates, recorded follow-ups, the daily ToDo digest
lost.py        lost with reasons and competitors
revisions.py   -R1, -R2 revisions without cancel and amend, the predecessor Superseded

Validity and expiry are statuses (controllers/status.py, the daily job); templates are the
Quotation Template DocType."""
