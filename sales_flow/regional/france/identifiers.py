"""French business identifiers: SIREN, SIRET and intra-community VAT numbers.

A typo in one of them makes an invoice non-compliant, so they are checked where they are typed.
"""

import re

import frappe
from frappe import _

# La Poste's establishments do not follow the Luhn rule (INSEE's documented exception)
LA_POSTE_SIREN = "356000000"


def normalize(value: str | None) -> str:
	return re.sub(r"[\s.\-]", "", value or "").upper()


def luhn_ok(digits: str) -> bool:
	total = 0
	for i, ch in enumerate(reversed(digits)):
		n = int(ch)
		if i % 2:
			n = n * 2 - 9 if n > 4 else n * 2
		total += n
	return total % 10 == 0


def siren_is_valid(siren: str) -> bool:
	return bool(re.fullmatch(r"\d{9}", siren)) and luhn_ok(siren)


def siret_is_valid(siret: str) -> bool:
	if not re.fullmatch(r"\d{14}", siret):
		return False
	if siret.startswith(LA_POSTE_SIREN):
		return sum(int(c) for c in siret) % 5 == 0
	return luhn_ok(siret)


def french_vat_key(siren: str) -> int:
	return (12 + 3 * (int(siren) % 97)) % 97


def vat_is_valid(vat: str) -> bool:
	"""French numbers are checked down to their key; others only for the EU shape."""
	if vat.startswith("FR"):
		m = re.fullmatch(r"FR(\d{2})(\d{9})", vat)
		return bool(m) and int(m.group(1)) == french_vat_key(m.group(2))
	return bool(re.fullmatch(r"[A-Z]{2}[0-9A-Z+*]{2,13}", vat))


def checked(value: str | None, is_valid, refusal: str) -> str:
	"""`value` normalized; set and not valid, refused with `refusal` naming it as it was typed."""
	normalized = normalize(value)
	if normalized and not is_valid(normalized):
		frappe.throw(refusal.format(value))
	return normalized


def validate_siren(value: str | None) -> str:
	return checked(
		value, siren_is_valid, _("SIREN {0} is not valid: it must have 9 digits and a correct check digit.")
	)


def validate_siret(value: str | None, siren: str | None = None) -> str:
	siret = checked(
		value, siret_is_valid, _("SIRET {0} is not valid: it must have 14 digits and a correct check digit.")
	)
	if siret and siren and not siret.startswith(siren):
		frappe.throw(_("SIRET {0} does not start with the SIREN {1}.").format(value, siren))
	return siret


def validate_vat(value: str | None) -> str:
	return checked(
		value, vat_is_valid, _("VAT number {0} is not valid (a French one reads FR + 2-digit key + SIREN).")
	)
