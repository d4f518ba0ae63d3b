#!/usr/bin/env python3
"""Draw the app's layers from its code: ARCHITECTURE.svg.

The layers are read from .importlinter (the contract `lint-imports` checks), the imports from the
source (every import statement, function-level ones included), so the picture cannot drift from
the code. A box per package of a layer, with its modules and lines of code; an arrow per pair of
packages that import each other's code, grey downwards, red if it points up or sideways between
independent packages (lint-imports fails on those).

Usage: python3 scripts/architecture.py [--check]   (no dependency beyond Python's standard library)
  --check  exit 1 if the picture on disk is not what the code draws (used by the tests)
"""

import ast
import configparser
import html
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = "sales_flow"
OUTPUT = ROOT / "ARCHITECTURE.svg"
WIDTH, ROW_HEIGHT, MARGIN, GAP = 1180, 118, 20, 14


def read_layers() -> tuple[list[list[str]], set[int]]:
	"""The layers, and which of them hold independent packages (`|`; `:` lets siblings import)."""
	config = configparser.ConfigParser()
	config.read(ROOT / ".importlinter")
	raw = config["importlinter:contract:layers"]["layers"]
	rows = [line.strip() for line in raw.strip().splitlines() if line.strip()]
	independent = {i for i, row in enumerate(rows) if "|" in row}
	return [[part.strip() for part in re.split(r"[|:]", row)] for row in rows], independent


def module_files() -> dict[str, Path]:
	files = {}
	for path in sorted((ROOT / PACKAGE).rglob("*.py")):
		parts = list(path.relative_to(ROOT).with_suffix("").parts)
		if parts[-1] == "__init__":
			parts.pop()
		if any(part.startswith("test_") for part in parts) or "__pycache__" in parts:
			continue
		files[".".join(parts)] = path
	return files


def imported_modules(module: str, path: Path, known: set[str]) -> set[str]:
	"""The app's modules that `module` imports (absolute and relative, at any depth)."""
	found = set()
	for node in ast.walk(ast.parse(path.read_text())):
		names = []
		if isinstance(node, ast.Import):
			names = [alias.name for alias in node.names]
		elif isinstance(node, ast.ImportFrom):
			base = node.module or ""
			if node.level:  # relative: from the module's package (the module itself for an __init__)
				package = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
				anchor = package[: len(package) - node.level + 1]
				base = ".".join([*anchor, base] if base else anchor)
			names = [f"{base}.{alias.name}" for alias in node.names] + [base]
		for name in names:
			while name and name not in known:
				name = name.rpartition(".")[0]
			if name and name != module:
				found.add(name)
	return found


def owner(module: str, boxes: list[str]) -> str | None:
	"""The box (layer package) a module belongs to: the longest matching prefix."""
	matches = [b for b in boxes if module == b or module.startswith(b + ".")]
	return max(matches, key=len) if matches else None


def draw() -> str:
	layers, independent = read_layers()
	boxes = [box for layer in layers for box in layer]
	row_of = {box: i for i, layer in enumerate(layers) for box in layer}
	files = module_files()
	known = set(files)
	modules_in: dict[str, list[str]] = {box: [] for box in boxes}
	lines_in: Counter = Counter()
	edges: Counter = Counter()
	for module, path in files.items():
		box = owner(module, boxes)
		if box is None:
			continue
		modules_in[box].append(module[len(box) + 1 :].split(".")[0] or "__init__")
		lines_in[box] += sum(1 for line in path.read_text().splitlines() if line.strip())
		for target in imported_modules(module, path, known):
			other = owner(target, boxes)
			if other and other != box:
				edges[(box, other)] += 1
	geometry = layout(layers)
	parts = [svg_header(len(layers))]
	for (source, target), count in sorted(edges.items()):
		same_row = row_of[source] == row_of[target]
		wrong = row_of[source] > row_of[target] or (same_row and row_of[source] in independent)
		parts.append(arrow(geometry[source], geometry[target], count, wrong))
	for box in boxes:
		parts.append(box_svg(box, geometry[box], sorted(modules_in[box]), lines_in[box]))
	parts.append("</svg>\n")
	return "".join(parts)


def layout(layers: list[list[str]]) -> dict[str, tuple[float, float, float, float]]:
	geometry = {}
	for row, layer in enumerate(layers):
		width = (WIDTH - 2 * MARGIN - GAP * (len(layer) - 1)) / len(layer)
		for i, box in enumerate(layer):
			x = MARGIN + i * (width + GAP)
			y = MARGIN + row * ROW_HEIGHT
			geometry[box] = (x, y, width, ROW_HEIGHT - 40)
	return geometry


def svg_header(rows: int) -> str:
	height = 2 * MARGIN + rows * ROW_HEIGHT
	return (
		f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" '
		f'viewBox="0 0 {WIDTH} {height}" font-family="DejaVu Sans, sans-serif">\n'
		'<defs><marker id="down" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="9" markerHeight="9" '
		'markerUnits="userSpaceOnUse" orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="#8a8f98"/></marker>'
		'<marker id="wrong" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="9" markerHeight="9" '
		'markerUnits="userSpaceOnUse" orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="#d62828"/></marker></defs>\n'
		f'<rect width="{WIDTH}" height="{height}" fill="#ffffff"/>\n'
	)


def box_svg(box: str, geometry: tuple, modules: list[str], lines: int) -> str:
	x, y, w, h = geometry
	title = html.escape(box.removeprefix(PACKAGE + ".") if box != PACKAGE else box)
	counts = Counter(m for m in modules if m != "__init__")
	listing = ", ".join(f"{m} ×{n}" if n > 1 else m for m, n in sorted(counts.items()))
	per_line = max(10, int(w / 6.2))
	wrapped = [listing[i : i + per_line] for i in range(0, len(listing), per_line)][:3]
	if len(listing) > per_line * 3:
		wrapped[-1] = wrapped[-1][:-1] + "…"
	text = "".join(
		f'<text x="{x + 8:.0f}" y="{y + 40 + 13 * i:.0f}" font-size="10" fill="#444">{html.escape(t)}</text>'
		for i, t in enumerate(wrapped)
	)
	return (
		f'<rect x="{x:.0f}" y="{y:.0f}" width="{w:.0f}" height="{h:.0f}" rx="6" fill="#eef3fb" '
		f'stroke="#3a6ea5"/>\n<text x="{x + 8:.0f}" y="{y + 20:.0f}" font-size="14" font-weight="bold" '
		f'fill="#1d3557">{title}</text><text x="{x + w - 8:.0f}" y="{y + 20:.0f}" font-size="10" '
		f'text-anchor="end" fill="#666">{lines} lines</text>{text}\n'
	)


def arrow(source: tuple, target: tuple, count: int, wrong: bool) -> str:
	sx, sy, sw, sh = source
	tx, ty, tw, _th = target
	x1, y1 = sx + sw / 2, sy + sh
	x2, y2 = tx + tw / 2, ty
	if sy == ty:  # same layer: side to side
		y1 = y2 = sy + sh / 2
		x1, x2 = (sx + sw, tx) if sx < tx else (sx, tx + tw)
	elif wrong:
		y1, y2 = sy, ty + _th
	colour, marker = ("#d62828", "wrong") if wrong else ("#8a8f98", "down")
	width = min(1 + count / 4, 4)
	return (
		f'<line x1="{x1:.0f}" y1="{y1:.0f}" x2="{x2:.0f}" y2="{y2:.0f}" stroke="{colour}" '
		f'stroke-width="{width:.1f}" opacity="0.55" marker-end="url(#{marker})"/>\n'
	)


def main() -> int:
	svg = draw()
	if "--check" in sys.argv:
		if not OUTPUT.exists() or OUTPUT.read_text() != svg:
			print(f"{OUTPUT.name} is out of date: run python3 scripts/architecture.py")
			return 1
		return 0
	OUTPUT.write_text(svg)
	print(f"wrote {OUTPUT.relative_to(ROOT)}")
	return 0


if __name__ == "__main__":
	sys.exit(main())
