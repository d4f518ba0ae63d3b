"""Switching to sales_flow from another program: its exports read right and brought in once.

This package owns what a firm's first day needs:
- `csv_reading`: French CSV and XLSX files read right (separator, encoding, BOM, decimal commas,
  spaces between thousands, day-first dates), for the assistant and for Frappe's Data Import;
- `frappe_import`: Frappe's Data Import fed those files (wired in `sales_flow/overrides/data_import.py`);
- `mapping`: which column of an export is what (French headers recognised, the user's choices
  remembered for the next run);
- `importer`: the "Reprise de données" assistant (DocType Data Migration): a check that lists every
  problem per row before anything is written, the run in the background; run again, it updates what
  it made rather than duplicating it (matched on the previous program's codes, kept in
  `legacy_code` on the records). It reads the files into typed rows (`rows`), fills the column and
  VAT rate tables (`columns`), looks things up once per run (`context`), hands each kind of record
  to its module and writes the `report`:
- `customers`: customers with their contact and billing address;
- `items`: items with their price and VAT class;
- `quotations`: open quotations, submitted with their dates of validity and follow-up;
- `opening`: unpaid invoices brought over as opening balances, with their original numbers and
  dates, outside the invoice numbering sequence.

Documents are made with `frappe.get_doc(...).insert()`, so every controller checks them as it does
for a user; nothing here reaches into the document engine (`sales_flow_api` holds the little the
package uses of the rest of the app).
"""
