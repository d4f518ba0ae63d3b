"""The totals engine: what a sales document's lines and tax rows add up to, computed the same
way here and in the desk (public/js/engine/totals.js, its twin, checked against the shared vectors
in vectors/).

calculation.py  the engine itself: pure functions on plain dicts, no database
fields.py       which fields it reads and writes (fields.json, also sent to the desk at boot)
lines.py        what kind a line is, and whether it counts in the totals
taxes.py        the checks on the tax rows it reads
vat.py          VAT by rate, for the print formats and Factur-X

It imports nothing of the app but the settings-free helpers below it."""
