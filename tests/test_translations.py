"""French is the users' language: every user-facing string of the app must have a translation."""

import frappe
from frappe import _

from sales_flow.translation_coverage import app_messages, needs_translation, untranslated


def test_the_extractor_sees_labels_options_and_messages():
	messages = app_messages()
	# a DocType label, a Select option and a message from Python code
	assert "Customer Group Name" in messages
	assert "Naming Series" in messages
	assert "Credit Limit cannot be negative." in messages
	assert not needs_translation("{0}: {1}")
	assert needs_translation("Rate ({0})")


def test_every_user_facing_string_has_a_french_translation():
	missing = untranslated("fr")
	assert not missing, "no French translation for:\n" + "\n".join(missing)


def test_a_french_user_sees_french_labels_and_messages():
	frappe.local.lang = "fr"
	try:
		assert _("Customer Group") == "Groupe de clients"
		assert _("Territory") == "Région"
		assert _("Credit Limit cannot be negative.") == "La limite de crédit ne peut pas être négative."
	finally:
		frappe.local.lang = "en"
