"""The app's website pages (Frappe routes: the file's name is the route): the online quotation and
the portal's lists. Each page's context comes from sales_flow.portal."""
