"""Printing: what leaves the app on paper, as a PDF or in an e-mail.

language.py  the print language of a document (the customer's, French when no translation)
pdf.py       a document's PDF, and a selection printed into one PDF
email.py     recipients, templates and sending a document with its PDF attached
sanitize.py  every text that may reach a page, a print or an e-mail, cleaned on every write"""
