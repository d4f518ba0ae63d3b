"""Small helpers every layer may use: the checks on a whitelisted method's arguments
(arguments.py), the date a sales document is dated (dates.py) and the checks every template of
rows makes (templates.py). Nothing here knows a DocType."""
