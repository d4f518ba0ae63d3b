"""EN 16931 VAT categories as data, with the mention French law prints for each.

A VAT class (Item Tax Template) and every tax row carry a VAT category, a VATEX code and an
exemption reason. The reason is both the mention printed on the invoice and the XML's BT-120: one
datum, never derived from a description. Left empty, the legal mention of the category is filled in
(reverse charge, intra-EU supply, export, not subject, VAT franchise of art. 293 B).

Every percentage row (on the net total or on a previous row) is VAT; an Actual row is a charge
(shipping...), taxed by the VAT rows computed on it. A line's category, set on the invoice line
when the invoice is saved:
1. a line taxed above 0 % is S (a row or a VAT class saying otherwise is refused);
2. at 0 %: the category the invoice's VAT rows give (the tax template's regime: AE, K, G, E, O),
   else the VAT class's (Z, E...); a standard-rated class left at 0 % by the rows is refused;
3. an invoice without any VAT row (older invoices) is exempt (E) with a generic reason.
A charge follows the rate of the VAT rows on it, else its own category, else its line's; an untaxed
charge on standard-rated lines is zero-rated (Z).

- categories.py: the categories and VATEX codes, their labels and legal mentions, a holder's data
  checked and completed, the mentions an invoice prints;
- templates.py: VAT classes (Item Tax Template) and tax templates checked when saved;
- rates.py: the VAT rate each row puts on a line or a charge, and an invoice's VAT by rate;
- lines.py: the category, rate, code and reason of one invoice line or charge;
- invoice.py: the Sales Invoice hook storing them, and what each category needs of the parties.
"""
