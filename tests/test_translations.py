"""French is the users' language: every user-facing string of the app must have a translation."""

import frappe
from frappe import _

from sales_flow.translation_coverage import (
	app_messages,
	frappe_screen_messages,
	frappe_untranslated,
	is_translatable_at_run_time,
	needs_translation,
	untranslated,
)

# How many messages of the Frappe screens our users meet (translation_coverage.FRAPPE_SCREENS) may
# stay without French: Frappe's fr.po leaves 587 of their 1,476 empty, sales_flow/translations/fr.csv
# supplies the rest. Lower it when a Frappe update adds strings that you translate; never raise it.
FRAPPE_UNTRANSLATED_LIMIT = 0


def test_the_extractor_sees_labels_options_and_messages():
	messages = app_messages()
	# a DocType label, a Select option and a message from Python code
	assert "Customer Group Name" in messages
	assert "Naming Series" in messages
	assert "Credit Limit cannot be negative." in messages
	# a Create button's label, translated at run time
	assert "Payment (Advance)" in messages
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


def test_the_frappe_screens_strings_are_read_from_frappes_source():
	messages = frappe_screen_messages()
	# the grid, the timeline, the list sidebar, the comment box and the print view
	for message in ("Add Row", "You submitted this document", "Filter By", "Type a reply / comment"):
		assert message in messages
	assert "Try the new Print Designer" in messages
	# a file of FRAPPE_SCREENS rather than a folder (the desk's request messages)
	assert "Connection Lost" in messages
	# a label of a Frappe DocType our users open (the contact's form)
	assert "Download vCard" in messages
	assert not is_translatable_at_run_time("{0} ${type}")


def test_the_frappe_screens_our_users_meet_are_in_french():
	missing = frappe_untranslated("fr")
	assert len(missing) <= FRAPPE_UNTRANSLATED_LIMIT, (
		f"{len(missing)} messages of Frappe's screens have no French (at most"
		f" {FRAPPE_UNTRANSLATED_LIMIT}): add them to sales_flow/translations/fr.csv"
		" (scripts/add_translations.py); the first ones:\n" + "\n".join(missing[:40])
	)


def test_frappe_strings_read_in_french_on_the_server_and_at_boot():
	frappe.local.lang = "fr"
	try:
		assert _("Add Row") == "Ajouter une ligne"
		assert _("You changed the value of {0}").format("Remise") == "Vous avez modifié la valeur de Remise"
		# the dictionary the desk's __() receives at boot
		messages = frappe.translate.get_messages_for_boot()
		assert messages["Search or type a command ({0})"] == "Rechercher ou saisir une commande ({0})"
		assert messages["Connections"] == "Liaisons"
	finally:
		frappe.local.lang = "en"
