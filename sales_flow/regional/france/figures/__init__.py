"""An invoice's EN 16931 figures: what its CII (sales_flow/regional/france/facturx/cii.py) and its UBL
(ubl.py) both write, so that the two syntaxes cannot tell different stories.

Amounts are the invoice's own (its currency); a credit note (381) has positive quantities and
amounts, as the standard wants (ours are stored negative). Each line states its amount after its own
discount and before the document discount (BT-131); the document discount is a document-level
allowance (BG-20) per VAT category and rate, and every Actual tax row (shipping, other charges) a
document-level charge (BG-21) per VAT rate its share on each line bears: so that the total with VAT
is the total without VAT plus the VAT (BR-CO-15). The VAT of each rate is what the invoice's VAT rows
hold at that rate (vat_categories/rates.py: vat_by_rate, the accounting export's too): the breakdown
adds up to the rows to the cent, within the unit the rules allow around base x rate (BR-CO-17).

- model.py: the figures as data (parties, lines, allowances and charges, VAT groups, totals);
- lines.py: the lines, the document's allowances and charges and the VAT groups they open;
- parties.py: seller, buyer, currency, references and delivery;
- invoice.py: the figures of one invoice, from the three above.
"""
