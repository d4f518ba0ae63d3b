"""The dunning levels (one Dunning Type each: its level, the days after the due date it starts at,
its fee and its letter), and the late-payment settings a new site starts with."""

import frappe
from frappe.utils import getdate

# the ECB's main refinancing operations rate, and the day it applies from
ECB_REFINANCING_RATE = 2.15
ECB_REFINANCING_RATE_DATE = "2025-06-11"

LETTER_INTRO = (
	"<p>Madame, Monsieur,</p>"
	"<p>Sauf erreur de notre part, {situation} au {{{{ posting_date | date }}}} :</p>"
)
CHARGES = (
	"<p>Conformément à l'article L441-10 du Code de commerce, ce retard fait courir des pénalités au taux "
	"annuel de {{ rate_of_interest | money }} % ({{ total_interest | money(currency) }} à ce jour) et une "
	"indemnité forfaitaire pour frais de recouvrement de {{ recovery_indemnity | money(currency) }}.</p>"
)
DEFAULT_LEVELS = (
	{
		"dunning_type": "Relance 1",
		"dunning_level": 1,
		"start_day": 7,
		"dunning_fee": 0,
		"body_text": LETTER_INTRO.format(situation="les échéances ci-dessous restent impayées")
		+ "<p>Nous vous remercions de bien vouloir procéder à leur règlement, soit "
		"{{ total_outstanding | money(currency) }}, dans les meilleurs délais.</p>",
		"closing_text": "<p>Si votre règlement a été effectué entre-temps, merci de ne pas tenir compte de "
		"ce courrier.</p><p>Veuillez agréer, Madame, Monsieur, nos salutations distinguées.</p>",
	},
	{
		"dunning_type": "Relance 2",
		"dunning_level": 2,
		"start_day": 21,
		"dunning_fee": 0,
		"body_text": LETTER_INTRO.format(
			situation="malgré notre précédente relance, les échéances ci-dessous restent impayées"
		)
		+ CHARGES
		+ "<p>Nous vous demandons de régler {{ grand_total | money(currency) }} sous huit jours.</p>",
		"closing_text": "<p>Veuillez agréer, Madame, Monsieur, nos salutations distinguées.</p>",
	},
	{
		"dunning_type": "Mise en demeure",
		"dunning_level": 3,
		"start_day": 45,
		"dunning_fee": 0,
		"body_text": LETTER_INTRO.format(
			situation="et malgré nos relances, les échéances ci-dessous restent impayées"
		)
		+ CHARGES
		+ "<p>Par la présente, nous vous mettons en demeure de nous régler la somme de "
		"{{ grand_total | money(currency) }} sous quinze jours. À défaut, nous engagerons une procédure de "
		"recouvrement judiciaire, sans autre avis.</p>",
		"closing_text": "<p>Veuillez agréer, Madame, Monsieur, nos salutations distinguées.</p>",
	},
)


def dunning_levels() -> list[frappe._dict]:
	"""The enabled levels, lowest first."""
	return frappe.get_all(
		"Dunning Type",
		filters={"disabled": 0},
		fields=["name", "dunning_level", "start_day", "dunning_fee"],
		order_by="dunning_level asc",
	)


def next_level(reached: int, overdue_days: int, levels: list[frappe._dict]) -> frappe._dict | None:
	"""The level after `reached`, once the instalment is late enough for it; None otherwise."""
	for level in levels:
		if level.dunning_level > reached:
			return level if overdue_days >= level.start_day else None
	return None


def ensure_dunning_defaults() -> None:
	"""A site without levels gets the three defaults; without an ECB rate, the current one."""
	if not frappe.db.table_exists("Dunning Type"):
		return
	if not frappe.db.count("Dunning Type"):
		for level in DEFAULT_LEVELS:
			letter = {"language": "fr", "is_default_language": 1}
			letter.update(body_text=level["body_text"], closing_text=level["closing_text"])
			values = {k: v for k, v in level.items() if k not in ("body_text", "closing_text")}
			doc = frappe.get_doc({"doctype": "Dunning Type", **values, "dunning_letter_text": [letter]})
			doc.insert(ignore_permissions=True)
	# the raw stored values: get_single_value answers a date never set with a date
	stored = frappe.db.get_singles_dict("Selling Settings", cast=False)
	if frappe.get_meta("Selling Settings").has_field("ecb_refinancing_rate_date") and not stored.get(
		"ecb_refinancing_rate_date"
	):
		frappe.db.set_single_value(
			"Selling Settings",
			{
				"ecb_refinancing_rate": ECB_REFINANCING_RATE,
				"ecb_refinancing_rate_date": getdate(ECB_REFINANCING_RATE_DATE),
				"recovery_indemnity": 40,
			},
		)
