"""Item variants: Item Attributes (a list of values with their abbreviations, or a numeric range
with a step), templates (an Item with has_variants and its attributes) and their variants (an Item
with variant_of and a value of each attribute).

attributes.py  an attribute's allowed values and their abbreviations
items.py       the rules of templates and variants, variants made and kept in step with their template,
               ERPNext's create_variant / enqueue_multiple_variant_creation / get_variant

A template is never sold (controllers/item_details.py refuses it on a line); a variant without a
price of its own takes its template's (pricing/price_lists.py)."""
