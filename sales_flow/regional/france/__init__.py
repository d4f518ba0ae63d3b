"""France: the e-invoicing reform and the accountant's export.

- vat_categories/: the EN 16931 VAT category of every line and charge, as data (VAT classes and tax
  rows), with the mention French law prints for it, checked when an invoice is saved;
- figures/: an invoice's EN 16931 figures (lines, allowances, charges, VAT breakdown, totals), the
  one source of its CII (sales_flow/regional/france/facturx/cii.py) and of its UBL (ubl.py);
- operation.py: the nature of the operation (goods, services, both) an invoice states, from its lines;
- ubl.py: the UBL 2.1 invoice or credit note; einvoice.py: the downloads, one invoice or several;
- en16931.py: CEN's official EN 16931 rules (en16931/, vendored with their EUPL licence) run on an
  XML with SaxonC-HE, for the tests;
- fec/: the sales and cash receipts journals in the FEC layout (article A47 A-1 of the Livre des
  procédures fiscales), shown by the report FEC Journals and downloaded from it or over REST.
"""
