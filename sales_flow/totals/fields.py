"""Which fields the totals engine reads and writes: one list for the server and the desk (boot)."""

import json
import os

# which fields the totals engine reads and writes: one list for the server and the desk (boot)
with open(os.path.join(os.path.dirname(__file__), "fields.json")) as _f:
	ENGINE_FIELDS: dict[str, list[str]] = json.load(_f)


ITEM_INPUTS, ITEM_OUTPUTS = ENGINE_FIELDS["item_inputs"], ENGINE_FIELDS["item_outputs"]


TAX_INPUTS, TAX_OUTPUTS = ENGINE_FIELDS["tax_inputs"], ENGINE_FIELDS["tax_outputs"]


DOC_INPUTS, DOC_OUTPUTS = ENGINE_FIELDS["doc_inputs"], ENGINE_FIELDS["doc_outputs"]
