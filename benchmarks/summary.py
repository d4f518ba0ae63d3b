"""The one table of benchmarks/run.sh all: each benchmark appends its figures as rows.

A benchmark run with `--summary FILE` appends one JSON object per figure to FILE:
{"area", "measure", "value", "unit", "target"}; `all.py` runs them in turn and prints the table.
"""

import argparse
import json
from dataclasses import asdict, dataclass


@dataclass
class Figure:
	area: str  # e.g. "cycle", "REST (gunicorn)"
	measure: str  # what was measured, in words
	value: float
	unit: str  # "ms", "req/s", "invoices/s", "x floor"...
	target: str = ""  # the promise it is held to, in words ("< 1 s", "<= 1.5x")


def add_summary_argument(parser: argparse.ArgumentParser) -> None:
	parser.add_argument("--summary", help="append the figures as JSON lines to this file (for all.py)")


def record(path: str | None, figures: list[Figure]) -> None:
	if not path:
		return
	with open(path, "a", encoding="utf-8") as f:
		for figure in figures:
			f.write(json.dumps(asdict(figure), ensure_ascii=False) + "\n")


def read(path: str) -> list[Figure]:
	with open(path, encoding="utf-8") as f:
		return [Figure(**json.loads(line)) for line in f if line.strip()]


def print_table(figures: list[Figure], title: str) -> None:
	print(f"\n{title}")
	widths = (18, 62, 12, 10, 14)
	header = ("area", "measure", "value", "unit", "target")
	print("".join(h.ljust(w) for h, w in zip(header, widths, strict=True)))
	print("-" * sum(widths))
	for f in figures:
		value = f"{f.value:,.0f}" if abs(f.value) >= 100 else f"{f.value:,.2f}"
		cells = (f.area, f.measure, value, f.unit, f.target)
		print(
			"".join(
				(c.rjust(w - 2) + "  " if i == 2 else c.ljust(w))
				for i, (c, w) in enumerate(zip(cells, widths, strict=True))
			)
		)
