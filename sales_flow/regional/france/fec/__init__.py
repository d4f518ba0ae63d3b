"""The accountant's export: the sales and cash receipts journals in the FEC layout.

The 18 columns of article A47 A-1 of the Livre des procédures fiscales, tab-separated, one line per
account of an entry; amounts in the company's currency with a decimal comma, the invoice's currency
in Montantdevise / Idevise. One balanced entry per submitted document of the period:
- an invoice or a credit note (sales journal): the customer account (a general 411, with an
  auxiliary account per customer when the company asks for it) against the revenue accounts of its
  lines (item, else its item group or the nearest parent group, else the company's), the charges
  (shipping...) and the VAT account of each rate; a down-payment invoice credits the down payments
  account instead of revenue, and the final invoice that deducts it debits it back with its VAT;
  a credit note is the same entry the other way round;
- a payment (cash receipts journal): the bank account (the cash account for a mode of payment of type
  Cash) against the customer account.
The VAT by rate is the e-invoice's: what each VAT row holds at each rate, in the company's currency
as the row states it (vat_categories/rates.py: vat_by_rate).

- accounts.py: the company's accounts and journal codes (checked when saved), revenue accounts;
- entries.py: the balanced entry of one invoice, credit note or payment;
- journals.py: the entries of a period, by journal, numbered;
- report_data.py: who may export, the filters, the FEC lines as the report FEC Journals shows them;
- export_file.py: the FEC file and its download.
"""
