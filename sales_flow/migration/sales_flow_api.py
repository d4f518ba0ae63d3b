"""What the migration uses of the rest of the app, in one place: the reorganisation moves these
modules, and the importer reaches everything else through `frappe.get_doc(...).insert()`, so that
every controller checks an imported record as it checks a user's."""

from sales_flow.regional.france.identifiers import validate_siret, validate_vat

__all__ = ["validate_siret", "validate_vat"]
