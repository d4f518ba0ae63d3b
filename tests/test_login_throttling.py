"""Failed logins lock the address they come from, never the account: a stranger cannot keep anyone
out, and is answered with a French 429. Over HTTP, from addresses of the loopback network other than
127.0.0.1 (each client binds its own, as two machines would connect), with users of our own: neither
the address every other test uses nor the shared test users are ever locked."""

import os
import random

import frappe
import pytest
import requests
from frappe.auth import LoginAttemptTracker

from sales_flow.overrides.login import ADDRESS_FAILURES_KEY
from tests.support import committed_cleanup
from tests.test_http_errors import PASSWORD, french_user, messages

pytestmark = pytest.mark.commits
URL = os.environ.get("SF_TEST_URL", "")
ALLOWED_FAILURES = 10  # System Settings' allow_consecutive_login_attempts, set by the install


@pytest.fixture
def users():
	"""(victim, stranger) of our own; the addresses used are forgotten afterwards."""
	addresses: list[str] = []
	with committed_cleanup() as cleanup:
		tag = frappe.generate_hash(length=6)
		victim = french_user(["Sales User"], f"throttle-victim-{tag}@test.sales-flow.fr", cleanup)
		stranger = french_user(["Sales User"], f"throttle-stranger-{tag}@test.sales-flow.fr", cleanup)
		yield victim, stranger, addresses
		for key in [victim, stranger, *addresses]:
			LoginAttemptTracker(key).add_success_attempt()
			frappe.cache.delete_value(ADDRESS_FAILURES_KEY.format(key))


def address(addresses: list[str]) -> str:
	ip = f"127.{random.randint(2, 254)}.{random.randint(0, 255)}.{random.randint(1, 254)}"
	addresses.append(ip)
	return ip


class FromAddress(requests.adapters.HTTPAdapter):
	"""Connections whose source address is `address`: what the server sees as the client's."""

	def __init__(self, address: str):
		self.address = address
		super().__init__()

	def init_poolmanager(self, *args, **kwargs):
		kwargs["source_address"] = (self.address, 0)
		super().init_poolmanager(*args, **kwargs)


def log_in(user: str, password: str, ip: str) -> requests.Response:
	http = requests.Session()
	http.mount("http://", FromAddress(ip))
	return http.post(f"{URL}/api/method/login", data={"usr": user, "pwd": password}, timeout=30)


def test_a_stranger_locks_their_own_address_not_the_account(users):
	assert (
		frappe.db.get_single_value("System Settings", "allow_consecutive_login_attempts") == ALLOWED_FAILURES
	)
	victim, _stranger, addresses = users
	strangers_ip, owners_ip = address(addresses), address(addresses)

	answers = [log_in(victim, "wrong", strangers_ip).status_code for _ in range(ALLOWED_FAILURES + 1)]
	assert answers == [401] * (ALLOWED_FAILURES + 1)
	locked = log_in(victim, "wrong", strangers_ip)
	assert locked.status_code == 429, locked.text
	assert "Trop de tentatives de connexion échouées depuis votre adresse : réessayez dans" in messages(
		locked
	)
	assert 1 <= int(locked.headers["Retry-After"]) <= 60
	assert "Traceback" not in locked.text and "exc" not in locked.json()

	# the right password from the locked address tells nothing: the same answer
	assert log_in(victim, PASSWORD, strangers_ip).status_code == 429
	# the owner, from anywhere else, gets in
	owner = log_in(victim, PASSWORD, owners_ip)
	assert owner.status_code == 200, owner.text
	assert owner.json()["message"] == "Logged In"


def test_logging_into_an_account_of_ones_own_does_not_reset_the_address(users):
	victim, stranger, addresses = users
	ip = address(addresses)
	for _ in range(ALLOWED_FAILURES):
		assert log_in(victim, "wrong", ip).status_code == 401
	# Frappe clears an address's failures on any success from it: a free reset between two guesses
	assert log_in(stranger, PASSWORD, ip).status_code == 200
	assert log_in(victim, "wrong", ip).status_code == 401
	assert log_in(victim, "wrong", ip).status_code == 429
