"""Small helpers every layer may use: the checks on a whitelisted method's arguments
(arguments.py), the date a sales document is dated (dates.py), the checks every template of
rows makes (templates.py) and a document read with a query per table that holds rows
(child_rows.py). Nothing here knows a DocType."""
