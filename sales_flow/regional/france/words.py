"""Amounts in words as a French invoice writes them: "mille soixante-quinze euros et dix centimes"."""

from num2words import num2words

# currency -> (unit, units, cent, cents)
FRENCH_CURRENCY_NAMES = {
	"EUR": ("euro", "euros", "centime", "centimes"),
	"CHF": ("franc suisse", "francs suisses", "centime", "centimes"),
	"USD": ("dollar", "dollars", "cent", "cents"),
	"CAD": ("dollar canadien", "dollars canadiens", "cent", "cents"),
	"GBP": ("livre sterling", "livres sterling", "penny", "pence"),
	"XOF": ("franc CFA", "francs CFA", "centime", "centimes"),
}


def counted(number: int, singular: str, plural: str) -> str:
	words = num2words(number, lang="fr")
	if number in (0, 1):  # "zéro euro", "un euro"
		return f"{words} {singular}"
	# "un million d'euros", "deux milliards de dollars", but "un million deux cents euros"
	if words.endswith(("million", "millions", "milliard", "milliards")):
		return f"{words} {'d’' if plural[0] in 'aeiouy' else 'de '}{plural}".replace("d’ ", "d’")
	return f"{words} {plural}"


def french_amount_in_words(amount: float, currency: str) -> str | None:
	"""None when the currency has no French name here (the caller falls back to Frappe's wording)."""
	names = FRENCH_CURRENCY_NAMES.get(currency)
	if not names:
		return None
	units, cents = divmod(round(abs(amount) * 100), 100)
	parts = []
	if units or not cents:
		parts.append(counted(units, names[0], names[1]))
	if cents:
		parts.append(counted(cents, names[2], names[3]))
	return " et ".join(parts)
