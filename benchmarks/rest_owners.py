"""Who spends a request's time: ours (the app, by package) or Frappe's (with the libraries and the
database it waits for), from samples of the request's stack.

A thread looks at the requesting thread's stack every half millisecond. A sample belongs to the
innermost frame of the app on the stack, unless that frame only hands over to Frappe's method of the
same name (`super().insert(...)`, `super()._validate_links()`: the override adds a check and Frappe
does the work; a stand-in of ours that answers a Frappe method's repeated questions once calling
it), then to the next one out; a sample with no frame of the app belongs to Frappe. The
time a query of ours waits for the database is ours, a query of Frappe's is Frappe's.
"""

import functools
import os
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable
from types import FrameType

APP = os.path.realpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "sales_flow")) + os.sep
FRAPPE_CODE = f"{os.sep}apps{os.sep}frappe{os.sep}frappe{os.sep}"
# the document engine's packages (ARCHITECTURE.md): the rest of the app is its features and hooks
ENGINE = ("controllers", "totals", "pricing")
FRAPPE = "Frappe (and libraries, database waits)"
INTERVAL = 0.0005


def owner(frame: FrameType | None) -> tuple[str, str]:
	"""(package, function) of the app's frame that owns the sample, or (FRAPPE, Frappe's leaf)."""
	leaf = frame
	callee = None
	while frame is not None:
		path = app_path(frame.f_code.co_filename)
		if path is not None and not hands_over(frame, callee):
			return package_of(path), f"{path}:{frame.f_code.co_name}"
		callee = frame
		frame = frame.f_back
	return FRAPPE, frappe_leaf(leaf)


def hands_over(frame: FrameType, callee: FrameType | None) -> bool:
	"""The frame calls Frappe's method of the same name (an override that delegates the work), or is
	a stand-in for one of Frappe's methods (a function of ours put in its place for the time of a
	check, reading each answer once) calling it."""
	if callee is None or app_path(callee.f_code.co_filename) is not None:
		return False
	stand_in = "<locals>" in frame.f_code.co_qualname and app_path(caller_file(frame)) is None
	return stand_in or callee.f_code.co_name == frame.f_code.co_name


def caller_file(frame: FrameType) -> str:
	return frame.f_back.f_code.co_filename if frame.f_back else ""


@functools.cache
def app_path(filename: str) -> str | None:
	"""The path of a file of the app inside it (the app is reached by more than one path), or None."""
	path = os.path.realpath(filename)
	return path[len(APP) :] if path.startswith(APP) else None


def package_of(path: str) -> str:
	parts = path.split(os.sep)
	if parts[0] == "sales_flow" and len(parts) > 2:
		return f"doctype/{parts[2]}"  # a DocType's own controller: sales_flow/doctype/<name>/
	package = parts[0].removesuffix(".py")
	return f"engine: {package}" if package in ENGINE else package


def frappe_leaf(frame: FrameType | None) -> str:
	"""The innermost function of Frappe's own code on the stack (not of a library it calls)."""
	while frame is not None:
		path = frame.f_code.co_filename
		if FRAPPE_CODE in path:
			return f"frappe/{path.split(FRAPPE_CODE, 1)[1]}:{frame.f_code.co_name}"
		frame = frame.f_back
	return "(outside Frappe)"


def sample(run: Callable[[], None]) -> tuple[Counter, Counter]:
	"""Runs `run` while sampling its thread: the samples by package and by owning function."""
	target = threading.get_ident()
	packages: Counter = Counter()
	functions: Counter = Counter()
	done = threading.Event()

	def sampler() -> None:
		while not done.is_set():
			frame = sys._current_frames().get(target)
			package, function = owner(frame)
			packages[package] += 1
			functions[(package, function)] += 1
			time.sleep(INTERVAL)

	# the sampler gets the interpreter often enough to see where the time goes
	switch = sys.getswitchinterval()
	sys.setswitchinterval(INTERVAL / 2)
	thread = threading.Thread(target=sampler, daemon=True)
	thread.start()
	try:
		run()
	finally:
		done.set()
		thread.join()
		sys.setswitchinterval(switch)
	return packages, functions


def print_owners(samples: tuple[Counter, Counter], wall_ms: float, top: int = 25) -> None:
	"""The share of ours (by package) and Frappe's in a request's time, and the functions behind it."""
	packages, functions = samples
	total = sum(packages.values())
	if not total:
		return
	print(f"\n--- who spends the time (stack samples, {total} in all; shares of {wall_ms:.1f} ms) ---")
	for package, count in packages.most_common():
		print(f"  {count / total:6.1%} {count / total * wall_ms:7.2f} ms  {package}")
	print("--- the functions that own the samples ---")
	for (package, function), count in functions.most_common(top):
		print(f"  {count / total:6.1%} {count / total * wall_ms:7.2f} ms  {function}  [{package}]")
