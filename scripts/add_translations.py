#!/usr/bin/env python3
"""Merge French translations into sales_flow/translations/fr.csv, sorted, under a lock.

Usage: scripts/add_translations.py FILE.csv   (rows: source,translation)
       scripts/add_translations.py 'Source' 'Traduction' ['Source 2' 'Traduction 2' ...]
An existing source keeps its row unless the new translation differs (then the new one wins).
"""

import csv
import fcntl
import os
import sys

CSV = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "sales_flow", "translations", "fr.csv")


def read_pairs(args: list[str]) -> list[tuple[str, str]]:
	if len(args) == 1 and os.path.isfile(args[0]):
		with open(args[0], newline="", encoding="utf-8") as f:
			return [(row[0], row[1]) for row in csv.reader(f) if len(row) >= 2 and row[0]]
	if len(args) % 2:
		sys.exit("give pairs: source translation [source translation ...]")
	return list(zip(args[::2], args[1::2], strict=True))


def merge(pairs: list[tuple[str, str]]) -> int:
	with open(os.path.join("/tmp", "sales_flow_fr_csv.lock"), "w") as lock:
		fcntl.flock(lock, fcntl.LOCK_EX)
		with open(CSV, newline="", encoding="utf-8") as f:
			rows = {row[0]: row for row in csv.reader(f) if row}
		changed = 0
		for source, translation in pairs:
			if rows.get(source, [None, None])[1] != translation:
				rows[source] = [source, translation]
				changed += 1
		tmp = CSV + ".tmp"
		with open(tmp, "w", newline="", encoding="utf-8") as f:
			csv.writer(f, lineterminator="\n").writerows(rows[key] for key in sorted(rows))
		os.replace(tmp, CSV)
	return changed


if __name__ == "__main__":
	print(f"{merge(read_pairs(sys.argv[1:]))} translations added or changed")
