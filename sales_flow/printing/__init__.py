"""Printing: what leaves the app on paper, as a PDF or in an e-mail.

language.py  the print language of a document (the customer's, French when no translation)
pdf.py       a document's PDF, a selection printed into one PDF, the print view's PDF button
chromium.py  an HTML page printed to PDF by headless Chromium, with its header and footer
email.py     recipients, templates and sending a document with its PDF attached
sanitize.py  every text that may reach a page, a print or an e-mail, cleaned on every write"""
