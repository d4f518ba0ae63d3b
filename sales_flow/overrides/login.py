"""Failed logins are throttled per address, never per account.

Frappe's LoginAttemptTracker counts failed logins per address (the request IP) and per account, and
after System Settings' `allow_consecutive_login_attempts` locks both for `allow_login_after_fail`
seconds. The account lock lets a stranger keep anybody's account locked with a dozen requests a
minute, its owner's right password included. Here:

- a failed login forgets the account's count, so only the address is ever locked; Frappe checks the
  address before it tells anything about the password, so a locked address learns nothing;
- a successful login no longer wipes the address's failures (a stranger with an account of their own
  would reset their count between two guesses): they are kept in a counter of ours, written back;
- the lock (a 500 in English in Frappe) is answered with a French 429 by
  sales_flow.overrides.request.error_answer.tidy_error_response.

The address is Frappe's `request_ip`, the first X-Forwarded-For entry: behind bench's nginx, which
sets that header to the peer's address, a client cannot choose it.
"""

import datetime
import math

import frappe
from frappe.auth import LoginAttemptTracker
from frappe.utils import cint, now_datetime

ADDRESS_FAILURES_KEY = "sales_flow:login_failures:{}"


def forget_account_failures(doc, method=None) -> None:
	"""Activity Log after_insert: on a failed login, the account's count goes, the address's stays."""
	if doc.operation != "Login" or doc.status != "Failed" or not (address := request_address()):
		return
	if doc.user and doc.user != address:
		LoginAttemptTracker(doc.user).add_success_attempt()
	if first_failure := count_address_failure(address):
		write_address_tracker(address, *first_failure)


def keep_address_failures(login_manager=None) -> None:
	"""on_login: Frappe has just cleared the address's failures; they are written back."""
	if (address := request_address()) and (failures := address_failures(address)):
		write_address_tracker(address, *failures)


def login_lockout_seconds() -> int | None:
	"""For a login refused because its address is locked: the seconds until it may try again."""
	attempts, window = login_limits()
	address = request_address()
	if not (attempts and address and is_login_request()):
		return None
	tracker = LoginAttemptTracker(address, max_consecutive_login_attempts=attempts, lock_interval=window)
	if tracker.is_user_allowed():
		return None
	until = tracker.login_failed_time + datetime.timedelta(seconds=window)
	return max(1, math.ceil((until - now_datetime()).total_seconds()))


def count_address_failure(address: str) -> tuple[datetime.datetime, int] | None:
	"""One more failure of `address` in its window: (first failure, count)."""
	attempts, window = login_limits()
	if not attempts:
		return None
	now = now_datetime()
	first, count = address_failures(address) or (now, 0)
	if first + datetime.timedelta(seconds=window) <= now:
		first, count = now, 0
	end = first + datetime.timedelta(seconds=window)
	frappe.cache.set_value(
		ADDRESS_FAILURES_KEY.format(address),
		(first, count + 1),
		expires_in_sec=max(1, math.ceil((end - now).total_seconds())),
	)
	return first, count + 1


def address_failures(address: str) -> tuple[datetime.datetime, int] | None:
	return frappe.cache.get_value(ADDRESS_FAILURES_KEY.format(address), expires=True)


def write_address_tracker(address: str, first_failure: datetime.datetime, count: int) -> None:
	tracker = LoginAttemptTracker(address)
	tracker.login_failed_time = first_failure
	tracker.login_failed_count = count


def login_limits() -> tuple[int, int]:
	"""(failures allowed, seconds locked): System Settings', as Frappe's tracker reads them."""
	return (
		cint(frappe.get_system_settings("allow_consecutive_login_attempts")),
		cint(frappe.get_system_settings("allow_login_after_fail")),
	)


def request_address() -> str | None:
	return getattr(frappe.local, "request_ip", None)


def is_login_request() -> bool:
	"""The test of Frappe's LoginManager: only these requests log in."""
	request = getattr(frappe.local, "request", None)
	return bool(request) and (
		frappe.local.form_dict.get("cmd") == "login" or request.path == "/api/method/login"
	)
