"""Small helpers every layer may use: the checks on a whitelisted method's arguments
(arguments.py) and the date a sales document is dated (dates.py). Nothing here knows a DocType."""
