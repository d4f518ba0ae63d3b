"""The quotation desk: what happens to a quotation between sending and ordering.

dates.py       the validity and first follow-up a quotation starts with (the save's and the form's)
follow_ups.py  next follow-up dates, recorded follow-ups, the daily ToDo digest
lost.py        lost with reasons and competitors
revisions.py   -R1, -R2 revisions without cancel and amend, the predecessor Superseded

Expiry is a status (controllers/status.py, the daily job); templates are the
Quotation Template DocType."""
