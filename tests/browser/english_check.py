"""What the French walks look for (tests/browser/test_desk_french.py): the known English UI strings
of english_ui_strings.txt, English months, and the scripts that read a page's words."""

import re
from pathlib import Path

ENGLISH = [
	line.strip()
	for line in (Path(__file__).parent / "english_ui_strings.txt").read_text().splitlines()
	if line.strip() and not line.startswith("#")
]
# the longest first: "To Bill" is reported as itself, not as "To"
ENGLISH_PATTERN = re.compile(
	r"(?<![\w'’-])(" + "|".join(map(re.escape, sorted(ENGLISH, key=len, reverse=True))) + r")(?![\w'’-])"
)
MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
# "Dec 2025", "December 2025", "Jan-26": an English month written with its year
ENGLISH_MONTH = re.compile(
	rf"(?<!\w)(({MONTHS})|(Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Oct|Nov|Dec))[ -]'?\d{{2,4}}(?!\w)"
)


def english_in(text: str) -> list[str]:
	"""The known English strings and English months in a text, each with the words around it."""
	found = [*ENGLISH_PATTERN.finditer(text), *ENGLISH_MONTH.finditer(text)]
	around = (text[max(m.start() - 25, 0) : m.end() + 25].replace("\n", " | ") for m in found)
	return list(dict.fromkeys(f"{m.group(0)!r} in '{a}'" for m, a in zip(found, around, strict=True)))


# what a page shows: the visible text of `root` and the placeholders of its visible inputs, less
# the charts' text (their labels are item 10's of the same issue: test_the_workspace_charts_...)
VISIBLE_TEXT = """([root, charts]) => {
	const within = document.querySelector(root);
	let text = within.innerText;
	for (const chart of within.querySelectorAll(charts)) text = text.replace(chart.innerText, "");
	// inputs' placeholders, and the comment box's (a Quill editor's data-placeholder)
	const placeholders = [...within.querySelectorAll("input, textarea, [data-placeholder]")]
		.filter((el) => el.offsetParent).map((el) => el.placeholder || el.dataset.placeholder || "");
	return [text, ...placeholders].join("\\n");
}"""
# the charts' titles, legends and axis labels (SVG text)
CHART_TEXT = """(charts) => [...document.querySelectorAll(charts)].filter((el) => el.offsetParent)
	.map((el) => [el.innerText, ...[...el.querySelectorAll("svg text")].map((t) => t.textContent)].join("\\n"))
	.join("\\n")"""
CHARTS = ".widget.dashboard-widget-box, .frappe-chart, .chart-container"
# every chart of the workspace drawn, or saying it has no data (not "Loading...")
CHARTS_DRAWN = """() => {
	const boxes = [...document.querySelectorAll(".dashboard-widget-box")];
	const shown = (el) => el.offsetParent !== null;
	return boxes.length && boxes.every((box) =>
		[...box.querySelectorAll(".chart-loading-state")].every((s) => !shown(s) || s.innerText !== __("Loading..."))
		&& ([...box.querySelectorAll("svg text")].length || [...box.querySelectorAll(".chart-loading-state")].some(shown)));
}"""
USER_MENU = ".dropdown-navbar-user > button"
PAGE_MENU = ".page-head .menu-btn-group > button"
