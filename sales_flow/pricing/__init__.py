"""Pricing: what a line costs before the user types a price, and what the user may type.

price_lists.py   list prices (customer, price list, group, territory, settings), batched
rules.py         which pricing rules win for a line or a document (pure)
loading.py       the rules that may apply to a document, read once
apply.py         the winners written on the lines, free items kept in step
coupons.py       coupon codes, counted under a row lock
lines.py         which lines are priced here, and who may edit a list price
source_prices.py lines made from another document keep the agreed price, when the link is true
checks.py        the server's checks: list price, item maximum discount, document discount
explain.py       "why this price", in words

It uses the totals engine's line kinds and the party; it never imports the sales document's
controllers (they call it)."""
