import pytest

from sales_flow.controllers.sales_document import amount_in_words
from sales_flow.regional.france.words import french_amount_in_words


@pytest.mark.parametrize(
	"amount, currency, words",
	[
		(1075.75, "EUR", "mille soixante-quinze euros et soixante-quinze centimes"),
		(1.01, "EUR", "un euro et un centime"),
		(80, "EUR", "quatre-vingts euros"),
		(0.5, "EUR", "cinquante centimes"),
		(1_000_000, "EUR", "un million d’euros"),
		(2_000_000, "USD", "deux millions de dollars"),
		(1_000_200, "EUR", "un million deux cents euros"),
		(21.1, "CHF", "vingt et un francs suisses et dix centimes"),
		(-240, "EUR", "deux cent quarante euros"),
		(0, "EUR", "zéro euro"),
	],
)
def test_french_amounts_in_words(amount, currency, words):
	assert french_amount_in_words(amount, currency) == words


def test_other_languages_and_currencies_fall_back_to_frappe():
	assert french_amount_in_words(10, "JPY") is None
	assert amount_in_words(450.39, "EUR", "fr") == "Quatre cent cinquante euros et trente-neuf centimes"
	english = amount_in_words(450.39, "EUR", "en")
	assert "Four Hundred" in english and "Fifty" in english
